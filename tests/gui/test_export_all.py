"""Export all follows the command line's output rules (core.output_plan): a folder
that cannot take the files is found before anything is written and another can be
chosen; two transcripts of files with one name do not overwrite each other; files
that exist are replaced only when the person says so. Real widgets offscreen, real
files; the finished jobs are saved projects reopened, so no model runs."""

from __future__ import annotations

import os

import pysubs2
from PySide6.QtWidgets import QFileDialog, QMessageBox

from malsori.core.transcript import Segment, Transcript
from tests.folders import unwritable_folder
from tests.gui.test_main_window import make_window


def finished_window(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    for folder, text in (("a", "First talk."), ("b", "Second talk.")):
        transcript = Transcript(segments=(Segment(0.0, 1.5, text),), duration=2.0, language="en")
        window.open_project(window.projects.save_result(transcript, f"/media/{folder}/talk.wav", None))
    return window


def answer(monkeypatch, *answers: QMessageBox.StandardButton) -> list[str]:
    """Answer the next questions in turn; returns their titles as they are asked."""
    asked, queue = [], list(answers)

    def question(_parent, title, text, *args, **kwargs):
        asked.append(title)
        return queue.pop(0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_an_unwritable_folder_is_found_first_and_another_one_can_be_chosen(qtbot, tmp_path, monkeypatch):
    window = finished_window(qtbot, tmp_path)
    other = tmp_path / "exports"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(other)))
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    written = window.export_all(unwritable_folder(tmp_path), ["srt", "txt"])
    assert asked == ["Cannot export there"]
    assert sorted(p.name for p in written) == ["talk (2).srt", "talk (2).txt", "talk.srt", "talk.txt"]
    assert all(p.parent == other for p in written)
    assert "Second talk." in (other / "talk (2).txt").read_text(encoding="utf-8")
    assert window.settings.get("dialogs/export_dir", "") == str(other)

    a_file = tmp_path / "not-a-folder"
    a_file.write_text("keep me")
    answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert window.export_all(a_file, ["srt"]) == []  # gave up: nothing written, nothing broken
    assert a_file.read_text() == "keep me"
    window.close()


def test_existing_files_are_replaced_only_when_the_person_says_so(qtbot, tmp_path, monkeypatch):
    window = finished_window(qtbot, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    edited = out / "talk.srt"
    edited.write_text("1\n00:00:00,000 --> 00:00:01,000\nHand-edited\n", encoding="utf-8")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert window.export_all(out, ["srt"]) == []
    assert asked == ["Replace files?"] and "Hand-edited" in edited.read_text(encoding="utf-8")
    assert sorted(os.listdir(out)) == ["talk.srt"]  # not even the other file: nothing half done

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    written = window.export_all(out, ["srt"])
    assert sorted(p.name for p in written) == ["talk (2).srt", "talk.srt"]
    assert pysubs2.load(str(edited))[0].plaintext == "First talk."
    window.close()
