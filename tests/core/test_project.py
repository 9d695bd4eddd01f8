"""Tests for the .malsori project file and the project folder."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malsori.core import project as project_module
from malsori.core.project import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Project,
    ProjectError,
    ProjectStore,
    ProjectSummary,
    load,
    safe_file_stem,
    save,
)
from malsori.core.transcript import Segment, Transcript, Word

# --- values -------------------------------------------------------------------------


def korean_transcript(duration: float = 12.5) -> Transcript:
    return Transcript(
        segments=(
            Segment(0.0, 2.5, "안녕하세요 여러분", (Word(0.0, 1.2, " 안녕하세요", 0.91), Word(1.3, 2.5, " 여러분", 0.42))),
            Segment(3.0, 6.0, "오늘 회의를 시작하겠습니다.", reviewed=True),
        ),
        language="ko",
        language_probability=0.97,
        duration=duration,
        model="base",
        options={"beam_size": 5, "vad_filter": True},
        source="/media/회의 녹음.wav",
    )


def make_project(**changes) -> Project:
    base = Project(
        transcript=korean_transcript(),
        media="/media/회의 녹음.wav",
        title="주간 회의 — 3월",
        created=1_700_000_000.25,
        modified=1_700_000_100.5,
        extra={"summaries": [{"model": "qwen", "text": "요약: 예산 확정"}], "n": 3},
    )
    return replace(base, **changes)


def file_paths(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- round trips ----------------------------------------------------------------------


def test_korean_project_roundtrips_every_field(tmp_path: Path):
    p = make_project()
    path = tmp_path / "회의.malsori"
    save(p, path)
    assert load(path) == p
    raw = path.read_bytes()
    assert "안녕하세요".encode() in raw  # readable UTF-8, not \\u escapes
    data = json.loads(raw)
    assert (data["format"], data["version"]) == (FORMAT_NAME, FORMAT_VERSION)
    assert data["transcript"]["segments"][0]["words"][1] == [1.3, 2.5, " 여러분", 0.42]


def test_media_none_empty_extra_and_pathlike_media(tmp_path: Path):
    p = make_project(media=None, extra={})
    save(p, tmp_path / "a.malsori")
    assert load(tmp_path / "a.malsori") == p
    assert make_project(media=Path("/x/y.mp4")).media == str(Path("/x/y.mp4"))


def test_lone_surrogate_from_an_undecodable_file_name_roundtrips(tmp_path: Path):
    # os.fsdecode(b"/rec/\xff.wav") on Linux: the byte survives as U+DCFF
    media = "/rec/\udcff.wav"
    p = make_project(media=media, title="\udcff")
    save(p, tmp_path / "s.malsori")
    (tmp_path / "s.malsori").read_bytes().decode("utf-8")  # still valid UTF-8
    assert load(tmp_path / "s.malsori").media == media


def test_extra_is_a_private_copy():
    extra = {"summaries": [{"text": "a"}]}
    p = make_project(extra=extra)
    extra["summaries"][0]["text"] = "changed"
    extra["new"] = 1
    assert p.extra == {"summaries": [{"text": "a"}]}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"extra": {"bad": {1, 2}}}, "JSON"),
        ({"extra": {"nan": float("nan")}}, "JSON"),
        ({"extra": [1, 2]}, "'extra' must be an object"),
        ({"title": None}, "'title' must be a string"),
        ({"media": 3}, "'media' must be a path"),
        ({"created": float("inf")}, "'created' must be a finite number"),
        ({"modified": "yesterday"}, "'modified' must be a finite number"),
        ({"created": True}, "'created' must be a finite number"),
        ({"transcript": {"segments": []}}, "'transcript' must be a Transcript"),
    ],
)
def test_invalid_project_values_are_refused(changes, message):
    with pytest.raises(ProjectError, match=re.escape(message)):
        make_project(**changes)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
texts = st.text(st.one_of(hangul, st.characters()), max_size=20)


@st.composite
def transcripts(draw) -> Transcript:
    segments, t = [], 0.0
    for _ in range(draw(st.integers(0, 4))):
        t += draw(st.floats(0, 100, allow_nan=False))
        end = t + draw(st.floats(0, 10, allow_nan=False))
        words = (Word(t, end, draw(texts), draw(st.floats(0, 1))),) if draw(st.booleans()) else ()
        segments.append(Segment(t, end, draw(texts), words, draw(st.booleans())))
    return Transcript(
        language=draw(st.sampled_from([None, "ko", "en"])),
        duration=draw(st.floats(0, 1e6, allow_nan=False)),
        options=draw(st.dictionaries(st.text(max_size=5), json_values, max_size=3)),
    ).with_segments(segments)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    t=transcripts(),
    media=st.one_of(st.none(), texts),
    title=texts,
    created=st.floats(0, 4e9, allow_nan=False),
    extra=st.dictionaries(st.text(max_size=5), json_values, max_size=3),
)
def test_any_project_roundtrips(tmp_path: Path, t, media, title, created, extra):
    p = Project(t, media, title, created=created, modified=created + 1, extra=extra)
    save(p, tmp_path / "p.malsori")
    assert load(tmp_path / "p.malsori") == p


# --- load: every bad input names the file ------------------------------------------------


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def good_dict() -> dict:
    return make_project().to_dict()


def with_(key: str, value) -> dict:
    data = good_dict()
    data[key] = value
    return data


def without(key: str) -> dict:
    data = good_dict()
    del data[key]
    return data


def damaged_transcript() -> dict:
    data = good_dict()
    data["transcript"]["segments"][0]["start"] = 9.0  # starts after it ends
    return data


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"RIFF\x00\x00WAVEfmt ", "it is not a Malsori project file"),
        (b'{"format": "malsori-project", "version": 1,', "invalid JSON at line 1"),
        (b'{"format": "\xff\xfe"}', "not UTF-8"),
        (b"[" * 10, "not a Malsori project file"),
        (b'{"a":' + b"[" * 100_000, "it is not a Malsori project or it is damaged"),
        (json.dumps([1, 2]).encode(), "not a Malsori project file"),
        (json.dumps({"format": "malsori-transcript", "version": 1}).encode(), "not a Malsori project file"),
        (json.dumps(without("format")).encode(), "not a Malsori project file"),
        (json.dumps(with_("version", 2)).encode(), "newer Malsori (project format version 2"),
        (json.dumps(with_("version", "1")).encode(), "version '1' is not valid"),
        (json.dumps(with_("version", 0)).encode(), "version 0 is not valid"),
        (json.dumps(without("transcript")).encode(), "damaged: this is not a Malsori transcript"),
        (json.dumps(damaged_transcript()).encode(), "damaged: segment 0 is malformed"),
        (json.dumps(with_("title", 5)).encode(), "damaged: 'title' must be a string"),
        (json.dumps(without("created")).encode(), "damaged: 'created' must be a finite number"),
        (json.dumps(with_("extra", "x")).encode(), "damaged: 'extra' must be an object"),
        (b'{"format": "malsori-project", "version": 1, "created": 1' + b"0" * 5000 + b"}", "damaged"),
    ],
    ids=lambda v: v[:30] if isinstance(v, str) else None,
)
def test_bad_files_give_a_clear_error_naming_the_file(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad 파일.malsori"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=re.escape(message)) as info:
        load(path)
    assert str(info.value).startswith(f"Cannot open project {path}: ")


def test_missing_file_and_folder_give_a_clear_error(tmp_path: Path):
    with pytest.raises(ProjectError, match=r"does not exist$") as info:
        load(tmp_path / "gone.malsori")
    assert str(tmp_path / "gone.malsori") in str(info.value)
    with pytest.raises(ProjectError, match=f"Cannot open project {re.escape(str(tmp_path))}: is a directory"):
        load(tmp_path)


def test_a_bom_written_by_a_windows_editor_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.malsori"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good_dict(), ensure_ascii=False).encode())
    assert load(path) == make_project()


def test_a_missing_extra_reads_as_empty(tmp_path: Path):
    assert load(write_json(tmp_path / "old.malsori", without("extra"))).extra == {}


# --- failed saves keep the previous file --------------------------------------------------


def test_full_disk_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "p.malsori"
    old = make_project()
    save(old, path)
    before = path.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ProjectError) as info:
        save(make_project(title="new"), path)
    assert str(info.value) == f"Cannot save project to {path}: no space left on device"
    assert path.read_bytes() == before
    assert file_paths(tmp_path) == {"p.malsori"}


def test_save_into_a_folder_that_is_a_file(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "p.malsori"
    with pytest.raises(ProjectError, match=f"^Cannot save project to {re.escape(str(target))}: not a directory$"):
        save(make_project(), target)
    assert file_paths(tmp_path) == {"file"}


# --- file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, stem",
    [
        ("주간 회의 — 3월", "주간 회의 — 3월"),
        ('a<b>c:d"e/f\\g|h?i*j', "a b c d e f g h i j"),
        ("report...", "report"),
        ("trailing space . ", "trailing space"),
        ("..hidden", "hidden"),
        (". . x", "x"),
        ("  tabs\tand\nnewlines\x00 ", "tabs and newlines"),
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("Lpt9", "Lpt9_"),
        ("COM¹", "COM¹_"),
        ("CONSOLE", "CONSOLE"),
        ("", "Untitled"),
        ("???", "Untitled"),
        ("...", "Untitled"),
        ("\u1112\u1161\u11ab\u1100\u1173\u11af", "한글"),  # decomposed (macOS) becomes composed
        ("bad\udcffbyte", "bad byte"),
    ],
)
def test_safe_file_stem(title: str, stem: str):
    assert safe_file_stem(title) == stem


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(hangul, st.characters()), max_size=300))
def test_safe_file_stem_is_always_a_short_plain_name(title: str):
    stem = safe_file_stem(title)
    assert stem and stem == stem.strip() and not stem.startswith(".") and not stem.endswith(".")
    assert not set(stem) & set('<>:"/\\|?*') and all(ord(c) >= 32 for c in stem)
    assert len(stem.encode("utf-8")) <= 151  # 150, plus "_" after a device name


def test_long_korean_title_is_shortened_to_a_valid_name(tmp_path: Path):
    path = ProjectStore(tmp_path).create(korean_transcript(), None, title="가" * 400)
    assert path.stem == "가" * 50 and path.exists()
    assert load(path).title == "가" * 400  # the title itself is kept whole


# --- the store -------------------------------------------------------------------------------


def test_default_root_is_under_the_data_folder():
    from malsori.core import paths

    assert ProjectStore().root == paths.data_dir() / "projects"


def test_create_titles_from_the_media_stem_and_never_overwrites(tmp_path: Path):
    store = ProjectStore(tmp_path / "projects")
    media = "/recordings/주간 회의.mp4"
    paths_ = [store.create(korean_transcript(), media) for _ in range(3)]
    assert [p.name for p in paths_] == ["주간 회의.malsori", "주간 회의 (2).malsori", "주간 회의 (3).malsori"]
    assert {load(p).title for p in paths_} == {"주간 회의"}
    assert all(load(p).media == media for p in paths_)
    other = store.create(korean_transcript(), None, title="주간 회의")  # an explicit title clashes too
    assert other.name == "주간 회의 (4).malsori"
    untitled = store.create(Transcript(), None)
    assert (untitled.name, load(untitled).title) == ("Untitled.malsori", "Untitled")


def test_create_reserves_its_name_before_writing(tmp_path: Path, monkeypatch):
    """A second save racing for the same name, while the first is still writing,
    must get a name of its own rather than overwrite the first."""
    store = ProjectStore(tmp_path)
    real_save, raced = project_module.save, []

    def racing_save(project, path):
        if not raced:
            raced.append(None)
            raced.append(store.create(korean_transcript(), None, title="race"))
        real_save(project, path)

    monkeypatch.setattr(project_module, "save", racing_save)
    first = store.create(korean_transcript(), None, title="race")
    assert {first.name, raced[1].name} == {"race.malsori", "race (2).malsori"}
    assert all(load(p).title == "race" for p in (first, raced[1]))


def test_create_sets_created_and_modified_to_now(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(project_module.time, "time", lambda: 1234.5)
    p = load(ProjectStore(tmp_path).create(korean_transcript(), "a.wav"))
    assert (p.created, p.modified, p.title) == (1234.5, 1234.5, "a")


def test_create_failure_leaves_no_placeholder(tmp_path: Path, monkeypatch):
    store = ProjectStore(tmp_path)
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left")))
    with pytest.raises(ProjectError, match="no space left"):
        store.create(korean_transcript(), "a.wav")
    assert file_paths(tmp_path) == set()


def test_store_in_an_unwritable_place_gives_a_clear_error(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    store = ProjectStore(tmp_path / "file" / "projects")
    with pytest.raises(ProjectError, match="^Cannot create the project folder .*: not a directory$"):
        store.create(korean_transcript(), "a.wav")
    assert store.list() == []


def test_list_is_newest_first_and_skips_damaged_files(tmp_path: Path, caplog):
    store = ProjectStore(tmp_path)
    for title, modified in [("old", 100.0), ("newest", 300.0), ("middle", 200.0)]:
        store.save(make_project(title=title, modified=modified), tmp_path / f"{title}.malsori")
    (tmp_path / "broken.malsori").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a project")
    with caplog.at_level(logging.WARNING, logger="malsori.core.project"):
        listed = store.list()
    assert [s.title for s in listed] == ["newest", "middle", "old"]
    assert "broken.malsori" in caplog.text
    first = listed[0]
    assert first == ProjectSummary(
        path=tmp_path / "newest.malsori",
        title="newest",
        media="/media/회의 녹음.wav",
        modified=300.0,
        duration=12.5,
        language="ko",
        segment_count=2,
    )


def test_list_of_a_missing_folder_is_empty(tmp_path: Path):
    assert ProjectStore(tmp_path / "never-created").list() == []


def test_store_save_overwrites_in_place(tmp_path: Path):
    store = ProjectStore(tmp_path / "projects")
    path = store.create(korean_transcript(), "a.wav")
    edited = replace(load(path), title="edited", modified=9e9)
    store.save(edited, path)
    assert load(path) == edited
    assert [s.title for s in store.list()] == ["edited"]


def test_delete(tmp_path: Path):
    store = ProjectStore(tmp_path)
    keep, gone = store.create(Transcript(), "keep.wav"), store.create(Transcript(), "gone.wav")
    store.delete(gone)
    assert [s.path for s in store.list()] == [keep]
    store.delete(gone)  # already gone: fine
    (tmp_path / "audio.wav").write_bytes(b"RIFF")
    with pytest.raises(ProjectError, match="not a Malsori project file"):
        store.delete(tmp_path / "audio.wav")
    assert (tmp_path / "audio.wav").exists()
