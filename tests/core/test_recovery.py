"""Tests for crash recovery of unsaved edits."""

from __future__ import annotations

import errno
import logging
import os
import time
from pathlib import Path

import pytest

from malsori.core import paths
from malsori.core.project import Project, ProjectError, load
from malsori.core.recovery import ORIGIN_KEY, RecoveryEntry, RecoveryStore, file_key, key_for
from malsori.core.transcript import Segment, Transcript, Word


def make_project(text: str = "안녕하세요 여러분", segments: int = 2, title: str = "주간 회의") -> Project:
    segs = tuple(
        Segment(i * 3.0, i * 3.0 + 2.5, f"{text} {i}", (Word(i * 3.0, i * 3.0 + 1.0, f" {text} {i}", 0.7),))
        for i in range(segments)
    )
    return Project(
        Transcript(segs, language="ko", duration=segments * 3.0, model="base"),
        media="/media/회의.wav",
        title=title,
        created=1_700_000_000.0,
        modified=1_700_000_050.0,
        extra={"summaries": [{"text": "요약"}]},
    )


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "recovery")


def test_default_folder_is_in_the_data_dir():
    assert RecoveryStore().root == paths.data_dir() / "recovery"


def test_keys_are_stable_for_a_path_and_unique_otherwise(tmp_path):
    a = key_for(tmp_path / "회의 녹음.malsori")
    assert a == key_for(str(tmp_path / "회의 녹음.malsori"))
    assert a != key_for(tmp_path / "other.malsori")
    assert key_for() != key_for()
    for key in (a, key_for()):
        assert key.isascii() and "/" not in key and len(key) <= 64


def test_write_pending_load_round_trip(store, tmp_path):
    project = make_project()
    original = tmp_path / "회의.malsori"
    key = key_for(original)
    path = store.write(key, project, original)
    assert path.parent == store.root and path.exists()

    (entry,) = store.pending()
    assert entry == RecoveryEntry(key, path, "주간 회의", entry.modified, original)
    assert abs(entry.modified - time.time()) < 60
    restored = store.load(entry)
    assert restored == project  # the recovery bookkeeping is gone again
    assert ORIGIN_KEY in load(path).extra


def test_a_never_saved_project_has_no_original(store):
    key = key_for()
    store.write(key, make_project())
    (entry,) = store.pending()
    assert entry.key == key and entry.project_path is None


def test_writing_again_replaces_the_previous_copy(store):
    key = key_for()
    store.write(key, make_project("first"))
    store.write(key, make_project("second"))
    (entry,) = store.pending()
    assert store.load(entry).transcript.segments[0].text == "second 0"


def test_pending_is_newest_first(store):
    store.write("older", make_project(title="old"))
    os.utime(store.path("older"), (1_000_000, 1_000_000))
    store.write("newer", make_project(title="new"))
    assert [e.title for e in store.pending()] == ["new", "old"]


def test_empty_or_missing_folder_has_nothing_pending(store):
    assert store.pending() == []
    store.root.mkdir()
    assert store.pending() == []


def test_damaged_files_are_skipped_with_a_warning(store, caplog):
    store.write("good", make_project())
    store.path("truncated").write_bytes(store.path("good").read_bytes()[:200])
    store.path("foreign").write_text('{"format": "something else"}')
    store.path("binary").write_bytes(b"\x00\xff" * 10)
    (store.root / "not-a-project.txt").write_text("ignored")
    (store.root / "placed by hand.malsori").write_text("not one of ours: ignored")
    with caplog.at_level(logging.WARNING, logger="malsori.core.recovery"):
        entries = store.pending()
    assert [e.key for e in entries] == [file_key("good")]
    skipped = [r.getMessage() for r in caplog.records]
    assert len(skipped) == 3 and all("skipping damaged recovery file" in m for m in skipped)


def test_discard(store):
    store.write("a", make_project())
    store.write("b", make_project())
    store.discard("a")
    store.discard("a")  # already gone is fine
    store.discard("never-written")
    assert [e.key for e in store.pending()] == [file_key("b")]
    assert not store.path("a").exists()


def test_any_string_is_a_key_stored_under_a_safe_name(store, tmp_path):
    keys = ["../escape", "a/b", "a.b", "x" * 65, "회의 - 3월", "con\x00", str(tmp_path / "회의.malsori"), "NUL"]
    for key in keys:
        store.write(key, make_project(title=key))
    files = sorted(store.root.iterdir())
    assert len(files) == len(keys) and all(f.parent == store.root for f in files)
    entries = store.pending()
    assert sorted(e.title for e in entries) == sorted(keys)
    for entry in entries:  # an entry's key names the same file as the key it was written with
        assert file_key(entry.key) == entry.key and store.path(entry.title) == entry.path
        store.discard(entry.key)
    assert store.pending() == []
    with pytest.raises(ValueError, match="recovery key"):
        store.write("", make_project())


def test_a_failed_write_keeps_the_previous_recovery_file(store, monkeypatch):
    key = key_for()
    store.write(key, make_project("kept"))
    before = store.path(key).read_bytes()

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ProjectError, match="no space left on device"):
        store.write(key, make_project("lost"))
    monkeypatch.undo()

    assert store.path(key).read_bytes() == before
    assert sorted(p.name for p in store.root.iterdir()) == [f"{key}.malsori"]  # no temporary file left
    (entry,) = store.pending()
    assert store.load(entry).transcript.segments[0].text == "kept 0"


def test_unwritable_folder_is_a_project_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ProjectError, match="recovery folder"):
        RecoveryStore(blocker / "recovery").write("k", make_project())


def test_large_transcript_round_trips(store):
    """The editor's worst case: about three hours, 3,000 segments with words."""
    project = make_project(segments=3000)
    store.write("big", project)
    (entry,) = store.pending()
    assert store.load(entry) == project
