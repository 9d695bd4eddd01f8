"""What malsori eval reads: manifests, folders with references, projects; bad rows skipped, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from malsori.core import project
from malsori.core.eval_inputs import EvalItem, InputProblem, load_inputs
from malsori.core.transcript import Segment, Transcript


def clip(path: Path) -> Path:
    """A real, short WAV file (a tenth of a second of silence)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), np.zeros(1600, dtype=np.float32), 16000)
    return path


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    clip(tmp_path / "clips" / "one.wav")
    clip(tmp_path / "clips" / "two.wav")
    return tmp_path / "clips"


def where(problems: list[InputProblem]) -> list[tuple[str, int | None]]:
    return [(p.source.name, p.line) for p in problems]


def test_a_csv_manifest_keeps_good_rows_and_says_which_lines_were_skipped(tmp_path, audio):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "audio_path,text\n"
        'clips/one.wav,"Hello, world"\n'  # line 2: a comma inside quotes
        "clips/missing.wav,not there\n"  # line 3
        "clips/two.wav,\n"  # line 4: no text
        'clips/two.wav,"two lines\nof text"\n'  # lines 5-6: a newline inside quotes
        "clips/one.wav\n",  # line 7: a cell short
        encoding="utf-8",
    )
    items, problems = load_inputs([manifest])
    assert items == [
        EvalItem(audio / "one.wav", "Hello, world", "clips/one.wav"),
        EvalItem(audio / "two.wav", "two lines\nof text", "clips/two.wav"),
    ]
    assert where(problems) == [("manifest.csv", 3), ("manifest.csv", 4), ("manifest.csv", 7)]
    assert "audio file not found" in problems[0].reason and "missing.wav" in problems[0].reason
    assert problems[1].reason == "text is empty"
    assert problems[2].reason == "has no text"
    assert str(problems[1]) == f"{manifest}, line 4: text is empty"


def test_paths_are_relative_to_the_manifest_not_the_working_folder(tmp_path, audio, monkeypatch):
    manifest = audio / "list.tsv"
    manifest.write_text("text\taudio_path\tlanguage\n안녕하세요\tone.wav\tko\nhi\ttwo.wav\t\n", encoding="utf-8-sig")
    monkeypatch.chdir(tmp_path)
    items, problems = load_inputs([manifest])
    assert problems == []
    assert items == [EvalItem(audio / "one.wav", "안녕하세요", "one.wav", "ko"),
                     EvalItem(audio / "two.wav", "hi", "two.wav", None)]


def test_a_tsv_manifest_keeps_commas_in_the_text(tmp_path, audio):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("audio_path\ttext\nclips/one.wav\tyes, no, maybe\nclips/two.wav\ta\tb\n")
    items, problems = load_inputs([manifest])
    assert [i.reference for i in items] == ["yes, no, maybe"]
    assert where(problems) == [("m.tsv", 3)] and "more cells" in problems[0].reason


def test_a_jsonl_manifest_skips_lines_that_are_not_rows(tmp_path, audio):
    manifest = tmp_path / "m.jsonl"
    lines = [
        json.dumps({"audio_path": "clips/one.wav", "text": "first", "language": "en"}),
        "{broken",
        "",
        json.dumps({"audio_path": "clips/two.wav"}),
        json.dumps(["clips/two.wav", "a list"]),
        json.dumps({"audio_path": "clips/two.wav", "text": 5}),
        json.dumps({"audio_path": "clips/two.wav", "text": "second"}),
    ]
    manifest.write_text("\n".join(lines) + "\n")
    items, problems = load_inputs([manifest])
    assert items == [EvalItem(audio / "one.wav", "first", "clips/one.wav", "en"),
                     EvalItem(audio / "two.wav", "second", "clips/two.wav")]
    assert where(problems) == [("m.jsonl", 2), ("m.jsonl", 4), ("m.jsonl", 5), ("m.jsonl", 6)]
    assert problems[0].reason.startswith("is not JSON")
    assert problems[1].reason == "has no text"


def test_a_manifest_without_the_columns_is_one_problem(tmp_path, audio):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,transcription\nclips/one.wav,hello\n")
    items, problems = load_inputs([manifest])
    assert items == []
    assert where(problems) == [("m.csv", 1)]
    assert "audio_path or text" in problems[0].reason and "file, transcription" in problems[0].reason


def test_a_manifest_that_is_not_text_is_one_problem(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_bytes(b"audio_path,text\n\xff\xfe\x00")
    items, problems = load_inputs([manifest])
    assert items == [] and [p.reason for p in problems] == ["is not UTF-8 text"]


def test_a_folder_pairs_media_with_references_beside_them(tmp_path):
    folder = tmp_path / "recordings"
    clip(folder / "a.wav")
    (folder / "a.txt").write_text("the first one\n")
    clip(folder / "deeper" / "b.flac")
    (folder / "deeper" / "b.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nthe second one\n")
    clip(folder / "c.wav")  # no reference
    clip(folder / ".hidden" / "d.wav")
    (folder / ".hidden" / "d.txt").write_text("not looked at")
    (folder / "notes.txt").write_text("not media")
    items, problems = load_inputs([folder])
    assert [(i.audio, i.name, i.reference.strip()) for i in items] == [
        (folder / "a.wav", "a.wav", "the first one"),
        (folder / "deeper" / "b.flac", "deeper/b.flac", "the second one"),
    ]
    assert [(p.source, "no reference" in p.reason) for p in problems] == [(folder / "c.wav", True)]


def test_an_empty_folder_is_a_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    items, problems = load_inputs([tmp_path / "empty"])
    assert items == [] and "no audio or video" in problems[0].reason


def test_a_project_gives_its_corrected_text_and_its_media(tmp_path):
    media = clip(tmp_path / "media" / "meeting.wav")
    corrected = Transcript((Segment(0.0, 1.0, "first line", reviewed=True), Segment(1.0, 2.0, "second line")),
                           language="ko", duration=2.0)
    saved = tmp_path / "projects" / "Meeting.malsori"
    saved.parent.mkdir()
    project.save(project.Project(corrected, str(media), "Meeting", created=1.0, modified=2.0), saved)
    relative = tmp_path / "media" / "Beside.malsori"
    project.save(project.Project(corrected, "meeting.wav", "Beside", created=1.0, modified=2.0), relative)
    items, problems = load_inputs([saved, relative])
    assert problems == []
    assert items == [EvalItem(media, "first line\nsecond line", "Meeting", "ko"),
                     EvalItem(media, "first line\nsecond line", "Beside", "ko")]


def test_a_project_without_its_media_or_a_damaged_one_is_a_problem(tmp_path):
    gone = tmp_path / "gone.malsori"
    project.save(project.Project(Transcript((Segment(0, 1, "x"),)), str(tmp_path / "nowhere.wav"), "gone", 1.0, 1.0),
                 gone)
    damaged = tmp_path / "damaged.malsori"
    damaged.write_text("{not json")
    items, problems = load_inputs([gone, damaged])
    assert items == []
    assert [p.source for p in problems] == [gone, damaged]
    assert "media file is not found" in problems[0].reason and "invalid JSON" in problems[1].reason


def test_other_paths_are_problems_and_the_rest_is_read_in_order(tmp_path, audio):
    manifest = tmp_path / "m.csv"
    manifest.write_text("audio_path,text\nclips/one.wav,one\n")
    (tmp_path / "notes.docx").write_text("?")
    items, problems = load_inputs([tmp_path / "nothing.csv", tmp_path / "notes.docx", manifest])
    assert [i.reference for i in items] == ["one"]
    assert [p.source.name for p in problems] == ["nothing.csv", "notes.docx"]
    assert problems[0].reason == "it does not exist" and "not a manifest" in problems[1].reason
