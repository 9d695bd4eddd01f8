"""Reference files for evaluation: every kind a person keeps, including the app's own exports."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from malsori.core import project
from malsori.core.references import REFERENCE_SUFFIXES, ReferenceFileError, find_reference, read_reference
from malsori.core.subtitles import export
from malsori.core.transcript import Segment, Transcript, Word

TRANSCRIPT = Transcript(
    segments=(
        Segment(0.0, 1.5, "Hello there.", words=(Word(0.0, 0.7, "Hello", 0.9), Word(0.7, 1.5, " there.", 0.4))),
        Segment(1.5, 3.25, "안녕하세요, 반갑습니다."),
        Segment(3.5, 9.0, "A long cue that the exporter wraps onto two lines of subtitles, surely"),
    ),
    language="ko",
    duration=9.0,
)
EXPECTED = (
    "Hello there. 안녕하세요, 반갑습니다. A long cue that the exporter wraps onto two lines of subtitles, surely"
)


@pytest.mark.parametrize("suffix", [".srt", ".vtt", ".ass", ".json", ".txt"])
def test_the_app_s_own_exports_read_back_as_the_transcript_s_words(tmp_path: Path, suffix: str):
    path = export(TRANSCRIPT, tmp_path / f"talk{suffix}")
    assert read_reference(path) == EXPECTED


def test_a_project_is_read_as_its_corrected_transcript(tmp_path: Path):
    saved = project.Project(TRANSCRIPT, media=None, title="talk", created=time.time(), modified=time.time())
    for name in ("talk.malsori", "talk-project.json"):  # a project saved under .json is one too
        project.save(saved, tmp_path / name)
        assert read_reference(tmp_path / name) == EXPECTED


def test_plain_text_with_a_bom_and_crlf_lines(tmp_path: Path):
    path = tmp_path / "ref.txt"
    path.write_bytes("\ufeff첫 줄입니다.\r\nsecond line\r\n".encode("utf-8"))
    assert read_reference(path) == "첫 줄입니다. second line"


def test_korean_text_saved_by_a_windows_editor_in_cp949(tmp_path: Path):
    path = tmp_path / "ref.txt"
    path.write_bytes("회의를 시작하겠습니다".encode("cp949"))
    assert read_reference(path) == "회의를 시작하겠습니다"


def test_subtitle_tags_and_line_breaks_are_not_words(tmp_path: Path):
    srt = tmp_path / "a.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\n<i>Hello</i> {\\an8}there\nfriend\n\n"
                   "2\n00:00:01,000 --> 00:00:02,000\n\n\n", encoding="utf-8")
    assert read_reference(srt) == "Hello there friend"
    vtt = tmp_path / "b.vtt"
    vtt.write_text("WEBVTT\n\nNOTE not a cue\n\n00:00.000 --> 00:01.000\n<v Anna>Tom &amp; Jerry</v>\n",
                   encoding="utf-8")
    assert read_reference(vtt) == "Tom & Jerry"
    ass = tmp_path / "c.ass"
    ass.write_text("[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, "
                   "MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,"
                   "{\\b1}One\\Ntwo\n", encoding="utf-8")
    assert read_reference(ass) == "One two"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "empty.txt holds no reference text"),
        ("blank.txt", b" \n\t\n", "blank.txt holds no reference text"),
        ("empty.srt", b"", "empty.srt is empty"),
        ("cues.vtt", b"WEBVTT\n\n", "cues.vtt holds no reference text"),
        ("corrupt.json", b'{"format": "malsori-transcript", "segm', "corrupt.json is not valid JSON"),
        ("other.json", b'{"words": ["hi"]}', "other.json is not a Malsori transcript"),
        ("notsubs.srt", b"just some words\n", "notsubs.srt does not look like an SRT file"),
        ("binary.txt", b"\x00\x01\x02garbage", "binary.txt is a binary file"),
        ("corrupt.malsori", b'{"format": "malsori-project", "version": 1, "transcript": 3}', "is damaged"),
        ("notes.docx", b"PK\x03\x04", "notes.docx is not a reference file Malsori reads"),
    ],
)
def test_unreadable_and_empty_files_are_refused_with_the_file_and_the_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReferenceFileError, match=message) as caught:
        read_reference(path)
    assert caught.value.path == path


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(ReferenceFileError, match="gone.txt does not exist"):
        read_reference(tmp_path / "gone.txt")


def test_the_reference_beside_a_media_file_is_found_in_preference_order(tmp_path: Path):
    assert REFERENCE_SUFFIXES == (".txt", ".srt", ".vtt", ".json")
    media = tmp_path / "talk.v2.wav"
    media.write_bytes(b"RIFF")
    assert find_reference(media) is None
    (tmp_path / "talk.v2.json").write_text("{}")
    assert find_reference(media) == tmp_path / "talk.v2.json"
    (tmp_path / "talk.v2.SRT").write_text("x")
    assert find_reference(media) == tmp_path / "talk.v2.SRT"
    (tmp_path / "talk.v2.txt").write_text("x")
    assert find_reference(media) == tmp_path / "talk.v2.txt"
    (tmp_path / "talk.v2.vtt").mkdir()  # a folder is not a reference
    (tmp_path / "other.txt").write_text("x")
    assert find_reference(tmp_path / "other.mp3") == tmp_path / "other.txt"
    (tmp_path / "solo.txt").write_text("x")
    assert find_reference(tmp_path / "solo.txt") is None  # a text file is not its own reference
