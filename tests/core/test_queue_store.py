"""The saved queue and the rules for re-run results, on real files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from malsori.core.project import ProjectError, ProjectStore, is_partial, load, untouched
from malsori.core.queue_store import QueueEntry, QueueStore, overlay
from malsori.core.transcript import Segment, Transcript, Word


def seg(start: float, end: float, text: str) -> Segment:
    return Segment(start, end, text, (Word(start, end, " " + text, 0.9),))


def test_the_queue_round_trips_and_is_written_only_when_it_changes(tmp_path: Path):
    store = QueueStore(tmp_path / "queue")
    entries = [QueueEntry("a1", "/m/회의.wav", "running", 61.5, "ko", None, "/p/회의.malsori"),
               QueueEntry("b2", "/m/b.mp3", "failed", None, None, "no audio stream", None)]
    assert store.save(entries)
    assert not store.save(list(entries))  # nothing changed: no write
    assert QueueStore(tmp_path / "queue").load() == entries
    assert store.save(entries[1:])
    assert QueueStore(tmp_path / "queue").load() == entries[1:]


def test_segments_of_a_run_survive_a_torn_last_line(tmp_path: Path):
    store = QueueStore(tmp_path)
    store.start_run("k")
    store.append("k", seg(0.0, 1.0, "one"))
    store.append("k", seg(1.5, 2.5, "두 번째"))
    with open(tmp_path / "k.run.jsonl", "a", encoding="utf-8") as f:
        f.write('{"start": 3.0, "end": 4')  # what a kill -9 mid-write leaves
    assert [s.text for s in store.run_segments("k")] == ["one", "두 번째"]
    assert store.run_segments("k")[1].words == (Word(1.5, 2.5, " 두 번째", 0.9),)
    store.start_run("k")  # a new run starts empty
    assert store.run_segments("k") == []


def test_run_files_of_removed_rows_are_cleaned_up(tmp_path: Path):
    store = QueueStore(tmp_path)
    store.start_run("gone")
    store.append("gone", seg(0, 1, "x"))
    store.start_run("kept")
    store.save([QueueEntry("kept", "/a.wav")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.run.jsonl", "queue.json"]


@pytest.mark.parametrize("content", ["{not json", '{"format": "something else"}', '{"format": "malsori-queue", '
                                     '"version": 1, "jobs": [{"key": "../x", "path": "/a", "state": "queued"}]}'])
def test_a_damaged_queue_file_is_moved_aside_not_lost(tmp_path: Path, content: str):
    (tmp_path / "queue.json").write_text(content, encoding="utf-8")
    assert QueueStore(tmp_path).load() == []
    assert (tmp_path / "queue.json.damaged").read_text(encoding="utf-8") == content
    assert not (tmp_path / "queue.json").exists()


def test_a_queue_from_a_newer_malsori_is_not_misread(tmp_path: Path):
    (tmp_path / "queue.json").write_text(json.dumps({"format": "malsori-queue", "version": 99, "jobs": []}))
    assert QueueStore(tmp_path).load() == []
    assert (tmp_path / "queue.json.damaged").exists()


def test_overlay_keeps_the_old_text_until_the_new_run_passes_it():
    old = [seg(0, 2, "a"), seg(2, 4, "b"), seg(4, 6, "c"), seg(6, 8, "d")]
    assert overlay([], old) == old
    new = [seg(0, 2.2, "A"), seg(2.2, 4.5, "B")]
    assert [s.text for s in overlay(new, old)] == ["A", "B", "d"]  # c starts before 4.5: covered
    assert overlay(new, []) == new


def test_a_rerun_replaces_an_untouched_result_in_place_keeping_its_title(tmp_path: Path):
    store = ProjectStore(tmp_path)
    first = Transcript(segments=(seg(0, 1, "partial"),), duration=10.0)
    path = store.save_result(first, "/m/talk.wav", None, partial=True)
    assert is_partial(load(path)) and untouched(load(path))
    assert [s.partial for s in store.list()] == [True]
    store.rename(path, "Weekly meeting")
    assert untouched(load(path))  # a rename is not an edit of the text
    whole = Transcript(segments=(seg(0, 1, "whole"), seg(2, 3, "text")), duration=10.0)
    assert store.save_result(whole, "/m/talk.wav", path) == path
    again = load(path)
    assert again.transcript == whole and again.title == "Weekly meeting" and not is_partial(again)
    assert [(s.title, s.partial) for s in store.list()] == [("Weekly meeting", False)]


def test_a_rerun_never_overwrites_a_result_the_person_edited(tmp_path: Path):
    store = ProjectStore(tmp_path)
    path = store.save_result(Transcript(segments=(seg(0, 1, "first"),)), "/m/talk.wav", None)
    edited = replace(load(path), transcript=Transcript(segments=(seg(0, 1, "corrected by hand"),)),
                     modified=load(path).modified + 5)  # what the editor's save does
    store.save(edited, path)
    assert not untouched(load(path))
    new_path = store.save_result(Transcript(segments=(seg(0, 1, "second run"),)), "/m/talk.wav", path)
    assert new_path != path
    assert load(path) == edited
    assert load(new_path).transcript.segments[0].text == "second run"
    missing = store.save_result(Transcript(), "/m/talk.wav", tmp_path / "deleted.malsori")
    assert missing.exists() and missing not in (path, new_path)


def test_rename_checks_its_title(tmp_path: Path):
    store = ProjectStore(tmp_path)
    path = store.create(Transcript(), "/m/a.wav")
    with pytest.raises(ProjectError, match="cannot be empty"):
        store.rename(path, "   ")
    store.rename(path, "  새 제목 ")
    assert load(path).title == "새 제목" and path.name == "a.malsori"
