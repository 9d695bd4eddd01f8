"""The eval transcript cache: keys by content, model and options; entries on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from malsori.core import eval_cache
from malsori.core.engine import TranscribeOptions
from malsori.core.eval_cache import TranscriptCache
from malsori.core.transcript import Segment, Transcript, Word

from tests.folders import unwritable_folder

OPTIONS = TranscribeOptions(language="en").to_dict()


def hypothesis() -> Transcript:
    return Transcript(
        segments=(Segment(0.0, 1.5, "hello there", (Word(0.0, 0.6, " hello", 0.93), Word(0.7, 1.5, " there", 0.31))),),
        language="en",
        duration=2.0,
        model="tiny.en",
        options=OPTIONS,
    )


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.wav"
    path.write_bytes(b"RIFF" + bytes(range(256)) * 40)
    return path


@pytest.fixture
def model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"weights" * 100)
    (folder / "config.json").write_text("{}")
    return folder


def test_a_key_follows_the_content_not_the_name(tmp_path, clip):
    cache = TranscriptCache(tmp_path / "cache")
    copy = tmp_path / "elsewhere" / "renamed.wav"
    copy.parent.mkdir()
    shutil.copy(clip, copy)
    assert cache.key(copy, "tiny.en", OPTIONS) == cache.key(clip, "tiny.en", OPTIONS)
    edited = tmp_path / "edited.wav"
    edited.write_bytes(clip.read_bytes()[:-1] + b"\x00")
    assert cache.key(edited, "tiny.en", OPTIONS) != cache.key(clip, "tiny.en", OPTIONS)


def test_a_file_changed_in_place_gets_a_new_key(tmp_path, clip):
    cache = TranscriptCache(tmp_path / "cache")
    before = cache.key(clip, "tiny.en", OPTIONS)
    clip.write_bytes(clip.read_bytes() + b"more")
    assert cache.key(clip, "tiny.en", OPTIONS) != before


def test_the_content_hash_is_sha256_of_the_bytes(clip):
    import hashlib

    assert eval_cache.file_hash(clip) == hashlib.sha256(clip.read_bytes()).hexdigest()


def test_a_key_follows_the_model_and_the_options_not_their_order(tmp_path, clip):
    cache = TranscriptCache(tmp_path / "cache")
    key = cache.key(clip, "tiny.en", OPTIONS)
    assert cache.key(clip, "base", OPTIONS) != key
    assert cache.key(clip, "tiny.en", {**OPTIONS, "beam_size": 1}) != key
    assert cache.key(clip, "tiny.en", dict(reversed(list(OPTIONS.items())))) == key


def test_a_model_folder_is_known_by_its_path_and_its_weights(tmp_path, clip, model_folder):
    cache = TranscriptCache(tmp_path / "cache")
    key = cache.key(clip, str(model_folder), OPTIONS)
    assert cache.key(clip, str(model_folder) + "/", OPTIONS) == key  # the same folder, written another way
    (model_folder / "model.bin").write_bytes(b"weights after more training" * 100)
    retrained = cache.key(clip, str(model_folder), OPTIONS)
    assert retrained != key
    stat = (model_folder / "model.bin").stat()
    os.utime(model_folder / "model.bin", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # same size, newer
    assert cache.key(clip, str(model_folder), OPTIONS) != retrained
    assert eval_cache.model_identity("tiny.en") == {"model": "tiny.en"}


def test_an_entry_comes_back_equal(tmp_path, clip):
    cache = TranscriptCache(tmp_path / "cache")
    key = cache.key(clip, "tiny.en", OPTIONS)
    assert cache.get(key) is None
    assert cache.put(key, hypothesis())
    assert TranscriptCache(tmp_path / "cache").get(key) == hypothesis()  # a later run reads it
    assert not list((tmp_path / "cache").rglob("*.tmp"))


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\xff\xfe", b'{"format": "something else"}',
                                    b'{"format": "malsori-transcript", "version": 1, "segments": [{"start": 2}]}'])
def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path, clip, damage):
    cache = TranscriptCache(tmp_path / "cache")
    key = cache.key(clip, "tiny.en", OPTIONS)
    cache.put(key, hypothesis())
    [entry] = (tmp_path / "cache").rglob("*.json")
    entry.write_bytes(damage)
    assert cache.get(key) is None
    assert cache.put(key, hypothesis())
    assert cache.get(key) == hypothesis()


def test_the_default_folder_is_under_the_app_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("MALSORI_HOME", str(tmp_path / "home"))
    assert TranscriptCache().folder == tmp_path / "home" / "cache" / "eval"


def test_a_cache_that_cannot_be_written_costs_only_the_saving(tmp_path, clip, caplog):
    cache = TranscriptCache(unwritable_folder(tmp_path) / "cache")
    key = cache.key(clip, "tiny.en", OPTIONS)
    assert not cache.put(key, hypothesis())
    assert not cache.put(key, hypothesis())
    assert cache.get(key) is None
    assert len([r for r in caplog.records if "cannot be cached" in r.message]) == 1


def test_an_unreadable_audio_file_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        TranscriptCache(tmp_path / "cache").key(tmp_path / "missing.wav", "tiny.en", OPTIONS)


def test_another_engine_version_does_not_reuse_the_transcripts(tmp_path, clip, monkeypatch):
    cache = TranscriptCache(tmp_path / "cache")
    key = cache.key(clip, "tiny.en", OPTIONS)
    assert eval_cache.engine_versions().startswith("malsori ") and "faster-whisper" in eval_cache.engine_versions()
    monkeypatch.setattr(eval_cache, "engine_versions", lambda: "malsori 99.0, faster-whisper 9, ctranslate2 9")
    assert cache.key(clip, "tiny.en", OPTIONS) != key


def test_an_imported_model_is_known_by_its_weights_not_only_its_name(tmp_path, clip):
    from malsori.core.models import IMPORTED_MARKER, ModelStore

    store = ModelStore(data_dir=tmp_path / "data", cache_dir=tmp_path / "model-cache")
    folder = store.download_dir("my-finetune")
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"first weights")
    (folder / "config.json").write_text("{}")
    (folder / IMPORTED_MARKER).write_text("{}")
    cache = TranscriptCache(tmp_path / "cache", store=store)
    key = cache.key(clip, "my-finetune", OPTIONS)
    assert eval_cache.model_identity("my-finetune", store)["model"] == str(folder.resolve())
    (folder / "model.bin").write_bytes(b"weights converted again")  # imported again under the same name
    assert cache.key(clip, "my-finetune", OPTIONS) != key
