"""Tests of importing a fine-tuned checkpoint that need no torch: recognizing a Transformers
Whisper checkpoint, the message when the convert extra is missing (this environment has no
transformers), names, and how ModelStore lists and resolves imported models.

The conversion itself runs in tests/convert (``make test-convert``), with the extra installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from malsori import cli
from malsori.core import model_import
from malsori.core.model_import import ConvertExtraMissing, ImportFailed, check_checkpoint, check_name
from malsori.core.models import IMPORTED_MARKER, ModelStore, Source, State

from tests.model_folders import checkpoint, imported_model, needs_no_convert_extra


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache")


@pytest.fixture(scope="module")
def tokenizer_json() -> Path:
    """A real Whisper tokenizer.json: the bundled tiny.en model's."""
    return ModelStore().resolve("tiny.en") / "tokenizer.json"


# --- recognizing a checkpoint ---------------------------------------------------------------


def test_a_whisper_checkpoint_is_recognized(tmp_path: Path, tokenizer_json: Path) -> None:
    folder = checkpoint(tmp_path / "whisper-ko", tokenizer_json)
    assert model_import.is_transformers_checkpoint(folder)
    assert check_checkpoint(folder)["model_type"] == "whisper"
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")  # the older weights format
    assert model_import.is_transformers_checkpoint(folder)


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda f: (f / "config.json").unlink(), "has no config.json"),
        (lambda f: (f / "config.json").write_text('{"model_type": "wav2vec2"}'), "model_type 'wav2vec2'"),
        (lambda f: (f / "config.json").write_text("{not json"), "config.json in"),
        (lambda f: (f / "model.safetensors").unlink(), "has no weights"),
        (lambda f: (f / "tokenizer.json").unlink(), "has no tokenizer.json"),
    ],
    ids=["no-config", "not-whisper", "broken-config", "no-weights", "no-tokenizer"],
)
def test_what_is_wrong_with_a_folder_is_named(tmp_path: Path, tokenizer_json: Path, spoil, message: str) -> None:
    folder = checkpoint(tmp_path / "ckpt", tokenizer_json)
    spoil(folder)
    assert not model_import.is_transformers_checkpoint(folder)
    with pytest.raises(ImportFailed, match=message) as caught:
        check_checkpoint(folder)
    assert str(folder) in str(caught.value)


def test_a_ctranslate2_folder_or_a_file_is_not_converted(tmp_path: Path) -> None:
    ct2 = ModelStore().resolve("tiny.en")
    with pytest.raises(ImportFailed, match="already a CTranslate2 model"):
        check_checkpoint(ct2)
    with pytest.raises(ImportFailed, match="is not a folder"):
        check_checkpoint(ct2 / "model.bin")
    with pytest.raises(ImportFailed, match="is not a folder"):
        check_checkpoint(tmp_path / "gone")


# --- the convert extra ------------------------------------------------------------------


@needs_no_convert_extra
def test_without_the_extra_the_message_names_it_and_nothing_is_written(
    tmp_path: Path, tokenizer_json: Path, store: ModelStore
) -> None:
    folder = checkpoint(tmp_path / "whisper-ko", tokenizer_json)
    with pytest.raises(ConvertExtraMissing) as caught:
        model_import.convert_checkpoint(folder, store=store)
    message = str(caught.value)
    assert 'pip install "malsori[convert]"' in message and "transformers" in message
    assert "\n" not in message
    models_dir = store.data_dir / "models"
    assert not models_dir.exists() or not any(models_dir.iterdir())
    assert "whisper-ko" not in [m.name for m, _ in store.listing()]


@needs_no_convert_extra
def test_the_cli_says_how_to_install_the_extra(tmp_path: Path, tokenizer_json: Path, capsys) -> None:
    folder = checkpoint(tmp_path / "whisper-ko", tokenizer_json)
    assert cli.main(["models", "import", str(folder), "--quantization", "float16"]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("malsori: ") and 'pip install "malsori[convert]"' in err and "Traceback" not in err
    assert "whisper-ko" not in [m.name for m, _ in ModelStore().listing()]


def test_the_cli_rejects_a_bad_folder_before_needing_the_extra(tmp_path: Path, capsys) -> None:
    (tmp_path / "photos").mkdir()
    assert cli.main(["models", "import", str(tmp_path / "photos")]) == cli.EXIT_FAILED
    assert "has no config.json" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error
        cli.main(["models", "import", str(tmp_path / "photos"), "--quantization", "int4"])
    assert usage.value.code == 2


# --- names ------------------------------------------------------------------------------


def test_a_taken_or_unusable_name_is_refused_before_anything_is_converted(
    tmp_path: Path, tokenizer_json: Path, store: ModelStore
) -> None:
    folder = checkpoint(tmp_path / "whisper-ko", tokenizer_json)
    with pytest.raises(ImportFailed, match="name of a catalog model"):
        model_import.convert_checkpoint(folder, name="base", store=store)
    imported_model(store, "whisper-ko", quantization="int8")
    with pytest.raises(ImportFailed, match="A model named whisper-ko already exists"):
        model_import.convert_checkpoint(folder, store=store)  # the folder's own name, taken
    for bad in ("", " padded ", ".hidden", "../escape", "a/b", "c:d"):
        with pytest.raises(ImportFailed, match="cannot be a model name"):
            check_name(store, bad)
    with pytest.raises(ImportFailed, match="Unknown quantization 'int4'"):
        model_import.convert_checkpoint(folder, name="other", quantization="int4", store=store)
    assert check_name(store, "whisper-ko.v2_1") == store.download_dir("whisper-ko.v2_1")


def test_a_suggested_name_is_the_folders_own_or_numbered_after_it(tmp_path: Path, store: ModelStore) -> None:
    assert model_import.suggest_name(store, tmp_path / "whisper-ko") == "whisper-ko"
    imported_model(store, "whisper-ko")
    imported_model(store, "whisper-ko-2")
    assert model_import.suggest_name(store, tmp_path / "whisper-ko") == "whisper-ko-3"
    assert model_import.suggest_name(store, tmp_path / "base") == "base-2"  # a catalog name is taken too


# --- imported models in the store ------------------------------------------------------------


def test_imported_models_are_listed_resolved_and_described(
    tmp_path: Path, store: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = imported_model(store, "my-english", quantization="float16", multilingual=False, source="/data/ckpt")
    korean = imported_model(store, "whisper-ko", quantization="int8", multilingual=True)
    (store.data_dir / "models" / ".importing-half-x1y2").mkdir()  # a conversion under way
    (store.data_dir / "models" / "half-copied").mkdir()  # no marker, no model: not a model
    imported_model(store, "no-marker")
    (store.download_dir("no-marker") / IMPORTED_MARKER).unlink()

    listing = store.listing()
    names = [m.name for m, _ in listing]
    assert names[-2:] == ["my-english", "whisper-ko"] and len(names) == len(set(names))
    assert "no-marker" not in names and "half-copied" not in names and not any(n.startswith(".") for n in names)
    info = store.info("my-english")
    assert (info.source, info.multilingual, info.languages) == (Source.LOCAL, False, "English only")
    assert (info.size_mb, info.note, info.repo_id) == (2, "imported, float16", "/data/ckpt")
    assert store.state("whisper-ko") is State.INSTALLED
    assert dict((m.name, s) for m, s in listing)["whisper-ko"] is State.INSTALLED

    # by name from anywhere, even where a folder of the same name (the checkpoint itself) is at hand
    monkeypatch.chdir(tmp_path)
    (tmp_path / "whisper-ko").mkdir()
    assert store.resolve("whisper-ko") == korean
    assert store.resolve("my-english") == english
    assert store.resolve(str(english)) == english  # and by path, as any model folder
