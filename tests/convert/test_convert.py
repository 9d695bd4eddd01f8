"""Importing a fine-tuned model for real: tiny randomly initialized Whisper checkpoints, made here
with transformers (nothing downloaded), converted with CTranslate2's converter, loaded by
faster-whisper and listed by ModelStore.

These need the convert extra (transformers, torch): ``make test-convert`` runs them in a venv
of their own; ``make test`` leaves them out (marker ``convert``). transformers and torch are
imported inside the fixtures, so collecting this file without them costs nothing.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from malsori import cli
from malsori.core import model_import
from malsori.core.model_import import ImportFailed, Stage
from malsori.core.models import IMPORTED_MARKER, ModelStore, State

pytestmark = pytest.mark.convert

#: Whisper's timestamp tokens <|0.00|> … <|30.00|>, which come after the tokenizer's own.
_TIMESTAMP_TOKENS = 1501


def whisper_checkpoint(folder: Path, tokenizer_json: Path, *, mel_bins: int = 80, pickle: bool = False) -> Path:
    """What fine-tuning with transformers leaves, at toy size: a random 2-layer Whisper (d_model 64)
    with a real tokenizer, saved as save_pretrained saves it (or with the older pytorch_model.bin
    and no preprocessor_config.json when ``pickle``)."""
    import torch
    import transformers

    special = {t["content"]: t["id"] for t in json.loads(tokenizer_json.read_text(encoding="utf-8"))["added_tokens"]}
    end, start = special["<|endoftext|>"], special["<|startoftranscript|>"]
    multilingual = max(special.values()) + 1 + _TIMESTAMP_TOKENS >= 51865
    torch.manual_seed(0)
    config = transformers.WhisperConfig(
        vocab_size=max(special.values()) + 1 + _TIMESTAMP_TOKENS, num_mel_bins=mel_bins, d_model=64,
        encoder_layers=2, decoder_layers=2, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=128, decoder_ffn_dim=128, decoder_start_token_id=start, bos_token_id=end,
        eos_token_id=end, pad_token_id=end,
    )
    model = transformers.WhisperForConditionalGeneration(config)
    languages = {token: i for token, i in special.items() if start < i < special["<|translate|>"]}
    model.generation_config = transformers.GenerationConfig(
        decoder_start_token_id=start, eos_token_id=end, pad_token_id=end, is_multilingual=multilingual,
        no_timestamps_token_id=special["<|notimestamps|>"], suppress_tokens=[], begin_suppress_tokens=[220, end],
        **({"lang_to_id": languages, "task_to_id": {"transcribe": special["<|transcribe|>"],
                                                    "translate": special["<|translate|>"]}} if multilingual else {}),
    )
    if pickle:
        folder.mkdir(parents=True)
        model.config.save_pretrained(folder)
        model.generation_config.save_pretrained(folder)
        torch.save(model.state_dict(), folder / "pytorch_model.bin")
    else:
        model.save_pretrained(folder)
        transformers.WhisperFeatureExtractor(feature_size=mel_bins).save_pretrained(folder)
    transformers.WhisperTokenizerFast(tokenizer_file=str(tokenizer_json)).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this module's checkpoints live; they are copied from here, never changed."""
    return tmp_path_factory.mktemp("checkpoints")


@pytest.fixture(scope="module")
def korean_finetune(checkpoints: Path) -> Path:
    """A multilingual checkpoint, on the bundled base model's tokenizer (as a Korean fine-tune of base)."""
    return whisper_checkpoint(checkpoints / "whisper-tiny-ko", ModelStore().resolve("base") / "tokenizer.json")


@pytest.fixture(scope="module")
def english_128_mels(checkpoints: Path) -> Path:
    """English-only (tiny.en's tokenizer), 128 mel bins as large-v3, pytorch_model.bin, no preprocessor_config."""
    return whisper_checkpoint(checkpoints / "en-128", ModelStore().resolve("tiny.en") / "tokenizer.json",
                              mel_bins=128, pickle=True)


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache")


def one_second() -> np.ndarray:
    t = np.arange(16_000) / 16_000
    return (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def transcribe(folder: Path, language: str | None) -> list[str]:
    """faster-whisper on the converted model; random weights say nothing sensible, so few tokens."""
    from faster_whisper import WhisperModel

    model = WhisperModel(str(folder), device="cpu", compute_type="int8")
    segments, _info = model.transcribe(one_second(), language=language, beam_size=1, temperature=0.0,
                                       max_new_tokens=8, condition_on_previous_text=False)
    return [segment.text for segment in segments]


def leftovers(store: ModelStore) -> list[str]:
    models_dir = store.data_dir / "models"
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []


def test_int8_conversion_is_listed_under_its_name_and_transcribes(korean_finetune: Path, store: ModelStore) -> None:
    stages: list[Stage] = []
    folder = model_import.convert_checkpoint(korean_finetune, progress=stages.append, store=store)

    assert stages == [Stage.LOADING, Stage.CONVERTING, Stage.COPYING]
    assert folder == store.download_dir("whisper-tiny-ko") and leftovers(store) == ["whisper-tiny-ko"]
    for name in ("tokenizer.json", "preprocessor_config.json"):
        assert (folder / name).read_bytes() == (korean_finetune / name).read_bytes()
    # int8: one byte a weight where the checkpoint has four (and a few scales)
    assert (folder / "model.bin").stat().st_size < 0.3 * (korean_finetune / "model.safetensors").stat().st_size
    marker = json.loads((folder / IMPORTED_MARKER).read_text())
    assert marker == {"source": str(korean_finetune.resolve()), "quantization": "int8", "multilingual": True}

    listed = {info.name: (info, state) for info, state in store.listing()}
    info, state = listed["whisper-tiny-ko"]
    assert state is State.INSTALLED and info.multilingual and info.note == "imported, int8"
    assert store.resolve("whisper-tiny-ko") == folder
    texts = transcribe(store.resolve("whisper-tiny-ko"), "ko")
    assert texts and all(isinstance(text, str) for text in texts)

    with pytest.raises(ImportFailed, match="A model named whisper-tiny-ko already exists"):
        model_import.convert_checkpoint(korean_finetune, store=store)
    assert leftovers(store) == ["whisper-tiny-ko"]


def test_float16_from_the_command_line_keeps_128_mel_bins(
    english_128_mels: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["models", "import", str(english_128_mels), "--name", "en-large-style",
                     "--quantization", "float16"]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "[1/3] loading" in err and "[2/3] converting it to CTranslate2 (float16)" in err and "[3/3]" in err
    assert "malsori transcribe --model en-large-style" in err

    store = ModelStore()  # the CLI's: the test profile's models folder
    folder = store.resolve("en-large-style")
    size = (folder / "model.bin").stat().st_size
    assert 0.45 < size / (english_128_mels / "pytorch_model.bin").stat().st_size < 0.6  # two bytes for four
    assert json.loads((folder / "preprocessor_config.json").read_text()) == {"feature_size": 128}
    info = store.info("en-large-style")
    assert not info.multilingual and info.note == "imported, float16"

    from faster_whisper import WhisperModel

    model = WhisperModel(str(folder), device="cpu", compute_type="int8")
    assert model.feature_extractor.mel_filters.shape[0] == 128 and not model.model.is_multilingual
    assert all(isinstance(text, str) for text in transcribe(folder, None))


def test_a_damaged_checkpoint_says_so_and_leaves_nothing(
    korean_finetune: Path, tmp_path: Path, store: ModelStore
) -> None:
    damaged = shutil.copytree(korean_finetune, tmp_path / "damaged")
    weights = damaged / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])  # a copy that stopped half-way
    with pytest.raises(ImportFailed, match="cannot be converted: its weights or files are damaged") as caught:
        model_import.convert_checkpoint(damaged, store=store)
    assert "\n" not in str(caught.value)
    assert leftovers(store) == [] and "damaged" not in [m.name for m, _ in store.listing()]


def test_a_full_disk_says_so_and_leaves_nothing(korean_finetune: Path, tmp_path: Path) -> None:
    """In a child whose files may not pass 1 MB (RLIMIT_FSIZE: EFBIG, as a full disk gives ENOSPC);
    model.bin is 4 MB."""

    def largest_file() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    home = tmp_path / "home"
    malsori = Path(sys.executable).with_name("malsori")
    done = subprocess.run([str(malsori), "models", "import", str(korean_finetune)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "MALSORI_HOME": str(home)}, preexec_fn=largest_file)
    assert done.returncode == cli.EXIT_FAILED, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("malsori: Not enough disk space in") and "Traceback" not in done.stderr
    store = ModelStore(home / "data", home / "cache")
    assert leftovers(store) == [] and "whisper-tiny-ko" not in [m.name for m, _ in store.listing()]


def test_the_window_imports_in_the_background_and_selects_the_model(
    korean_finetune: Path, tmp_path: Path, store: ModelStore, qtbot
) -> None:
    from malsori.ui.options_panel import OptionsPanel
    from malsori.ui.settings import Settings
    from PySide6.QtCore import QTimer

    panel = OptionsPanel(Settings(tmp_path / "malsori.ini"), store)
    qtbot.addWidget(panel)
    panel.show()
    texts: list[str] = []
    ticks: list[float] = []

    def watch() -> None:  # runs on the GUI thread: it keeps ticking only if the window is not frozen
        ticks.append(time.monotonic())
        if not texts or texts[-1] != panel.download_label.text():
            texts.append(panel.download_label.text())

    timer = QTimer(interval=20, timeout=watch)
    timer.start()
    assert panel.import_checkpoint(str(korean_finetune))
    assert panel.is_importing() and panel.download_progress.isVisibleTo(panel)
    assert panel.model_name() == "base"  # the old choice holds until the new model exists
    qtbot.waitUntil(lambda: not panel.is_importing(), timeout=180_000)
    timer.stop()

    assert panel.model_name() == "whisper-tiny-ko" and panel.model_ready()
    assert panel.model_combo.currentText() == "whisper-tiny-ko — imported · 99 languages"
    assert Settings(tmp_path / "malsori.ini").model_name() == "whisper-tiny-ko"
    assert not panel.download_box.isVisibleTo(panel)
    steps = [text for text in texts if text.startswith("Importing whisper-tiny-ko")]
    assert any("(step 2 of 3)" in text for text in steps), texts
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 2.0  # never frozen for long
    again = OptionsPanel(Settings(tmp_path / "malsori.ini"), store)  # the next launch
    qtbot.addWidget(again)
    assert again.model_name() == "whisper-tiny-ko"
    panel.shutdown()
    again.shutdown()
