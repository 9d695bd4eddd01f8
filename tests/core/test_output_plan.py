"""Planning outputs before any work: distinct names, inputs and existing files kept,
folders that cannot take a file found first. Real files and folders on disk."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from malsori.core.output_plan import OutputError, OutputsExist, Planned, check_folder, check_folders, plan
from tests.folders import unwritable_folder


def touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(planned: list[Planned], fmt: str = "srt") -> list[str]:
    return [item.files[fmt].name for item in planned]


def test_outputs_are_named_after_their_source_beside_it_or_in_the_folder(tmp_path):
    talk = touch(tmp_path / "in" / "talk.flac")
    (beside,) = plan([talk], ["srt", "txt-timestamps", "json"])
    assert beside.files == {"srt": talk.with_suffix(".srt"), "txt-timestamps": talk.parent / "talk.timestamps.txt",
                            "json": talk.with_suffix(".json")}
    (into,) = plan([talk], ["srt"], tmp_path / "out")
    assert into.files == {"srt": tmp_path / "out" / "talk.srt"}


def test_two_sources_with_one_name_get_numbered_outputs_in_the_order_given(tmp_path):
    sources = [touch(tmp_path / "a" / "talk.flac"), touch(tmp_path / "b" / "talk.flac"), touch(tmp_path / "talk.mp3")]
    planned = plan(sources, ["srt", "txt"], tmp_path / "out")
    assert names(planned) == ["talk.srt", "talk (2).srt", "talk (3).srt"]
    assert names(planned, "txt") == ["talk.txt", "talk (2).txt", "talk (3).txt"]  # one stem per source
    assert [p.source for p in planned] == sources


def test_an_output_never_replaces_an_input_even_with_overwrite(tmp_path):
    clip = touch(tmp_path / "clip.srt", "RIFF audio really")
    (item,) = plan([clip], ["srt", "txt"], overwrite=True)
    assert item.files == {"srt": tmp_path / "clip (2).srt", "txt": tmp_path / "clip (2).txt"}
    # one source's output is another source: the other source is kept too
    talk, talk_srt = touch(tmp_path / "talk.wav"), touch(tmp_path / "talk.srt", "audio named .srt")
    planned = plan([talk, talk_srt], ["srt"], overwrite=True)
    assert names(planned) == ["talk (2).srt", "talk (3).srt"]


def test_existing_outputs_are_refused_with_their_names_unless_overwrite(tmp_path):
    talk = touch(tmp_path / "talk.flac")
    edited = touch(tmp_path / "talk.srt", "1\n00:00:00,000 --> 00:00:01,000\nHand-edited\n")
    with pytest.raises(OutputsExist) as caught:
        plan([talk], ["srt", "txt"])
    assert caught.value.paths == [edited] and str(edited) in str(caught.value)
    assert edited.read_text(encoding="utf-8").endswith("Hand-edited\n")
    (item,) = plan([talk], ["srt", "txt"], overwrite=True)
    assert item.files["srt"] == edited


def test_a_folder_in_the_way_of_an_output_is_refused_even_with_overwrite(tmp_path):
    talk = touch(tmp_path / "talk.flac")
    (tmp_path / "talk.srt").mkdir()
    with pytest.raises(OutputError, match="folder is in the way"):
        plan([talk], ["srt"], overwrite=True)


def test_partial_files_are_marked_and_never_replace_anything(tmp_path):
    talk = touch(tmp_path / "talk.flac")
    (item,) = plan([talk], ["srt", "txt-timestamps"])
    assert item.partial_files() == {"srt": tmp_path / "talk.partial.srt",
                                    "txt-timestamps": tmp_path / "talk.partial.timestamps.txt"}
    touch(tmp_path / "talk.partial.srt")
    taken = [tmp_path / "talk.partial (2).srt"]
    assert item.partial_files(taken)["srt"] == tmp_path / "talk.partial (3).srt"


def test_check_folder_creates_a_missing_folder_and_leaves_nothing_in_it(tmp_path):
    folder = tmp_path / "new" / "deeper"
    check_folder(folder)
    assert folder.is_dir() and os.listdir(folder) == []


def test_check_folder_refuses_a_file_and_a_path_through_a_file(tmp_path):
    a_file = touch(tmp_path / "out")
    with pytest.raises(OutputError, match=r"is a file, not a folder") as caught:
        check_folder(a_file)
    assert "Errno" not in str(caught.value)
    with pytest.raises(OutputError, match="Cannot create the folder") as caught:
        check_folder(a_file / "sub")
    assert "Errno" not in str(caught.value)


def test_check_folder_finds_a_read_only_folder(tmp_path):
    folder = unwritable_folder(tmp_path)
    with pytest.raises(OutputError, match=rf"Cannot write in {folder}: (permission denied|read-only)"):
        check_folder(folder)


def test_check_folder_finds_a_full_disk_and_removes_its_probe(tmp_path, monkeypatch):
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)  # what a full disk answers at the latest
    with pytest.raises(OutputError, match="Cannot write in .*: no space left on device"):
        check_folder(tmp_path)
    assert os.listdir(tmp_path) == []


def test_check_folders_checks_each_folder_of_a_plan(tmp_path):
    sources = [touch(tmp_path / "a" / "one.wav"), touch(tmp_path / "a" / "two.wav")]
    planned = plan(sources, ["srt"], tmp_path / "results")
    check_folders(planned)
    assert (tmp_path / "results").is_dir()
    blocked = plan(sources, ["srt"], touch(tmp_path / "blocked"))
    with pytest.raises(OutputError, match="blocked is a file"):
        check_folders(blocked)


def test_check_folders_creates_nothing_for_a_source_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-such-folder" / "talk.wav"
    check_folders(plan([missing], ["srt"]))
    assert not missing.parent.exists()
