"""What a person made stays: a cancelled job's text goes to History marked partial,
Retry keeps it until the new result replaces it, finished jobs can be re-run with
other options in place (no duplicate rows or History entries), an edited result is
never overwritten, History entries can be renamed and deleted, and closing while
transcribing asks first. Real widgets offscreen, the real worker and tiny.en."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from malsori.core import audio
from malsori.core.project import is_partial
from malsori.core.project import load as load_project
from malsori.core.transcript import Segment, Transcript
from malsori.ui.editor_model import Column as EditorColumn
from malsori.ui.jobs import Status
from tests.gui.test_main_window import TIMEOUT_MS, make_window, wait_idle
from tests.speech import wer


@pytest.fixture
def window(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    yield win
    win.cancel_all()
    wait_idle(qtbot, win)
    win.close()


def history_titles(window) -> list[str]:
    return [window.history.list.item(i).text().split("\n")[0] for i in range(window.history.list.count())]


@pytest.mark.slow
def test_cancel_saves_a_partial_entry_that_retry_keeps_until_replaced_and_reruns_replace_it(
        qtbot, window, english_speech, tmp_path):
    speech, text = english_speech
    long_path = tmp_path / "lecture.wav"
    soundfile.write(long_path, np.concatenate([audio.decode(speech)] * 2), 16000)
    (job,) = window.add_paths([long_path])
    qtbot.waitUntil(lambda: len(job.segments) >= 1, timeout=TIMEOUT_MS)
    window.cancel_all()
    qtbot.waitUntil(lambda: job.status is Status.CANCELLED, timeout=2000)
    partial = job.transcript
    assert partial is not None and job.partial and partial.segments
    assert is_partial(load_project(job.project_path)) and load_project(job.project_path).transcript == partial
    assert history_titles(window) == ["lecture (partial)"]
    project_path = job.project_path

    window._select(job)
    assert window.retry_button.isEnabled()
    window.retry_selected()
    assert job.status is Status.RUNNING
    shown = [window.segments.segments[i] for i in range(window.segments.rowCount())]
    assert shown == list(partial.segments)  # kept on screen until the new run replaces it
    wait_idle(qtbot, window)
    assert job.status is Status.DONE and not job.partial and wer(" ".join([text] * 2), job.transcript.text) < 0.15
    assert job.project_path == project_path and history_titles(window) == ["lecture"]

    window.options_panel.beam_spin.setValue(1)  # Retry on a finished job: the current options
    assert window.retry_button.isEnabled()
    window.retry_selected()
    wait_idle(qtbot, window)
    assert job.status is Status.DONE and job.transcript.options["beam_size"] == 1
    assert job.project_path == project_path and load_project(project_path).transcript == job.transcript
    assert history_titles(window) == ["lecture"]

    assert window.add_paths([long_path]) == []  # the same file again: its row is selected, not duplicated
    assert len(window.queue.jobs) == 1 and window.selected_job() is job
    assert "already in the queue" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_a_rerun_keeps_an_edited_result_and_saves_the_new_one_beside_it(qtbot, window, english_speech):
    speech, _ = english_speech
    (job,) = window.add_paths([speech])
    wait_idle(qtbot, window)
    first_path = job.project_path
    window._select(job)
    editor = window.edit_selected()
    assert editor.model.setData(editor.model.index(0, EditorColumn.TEXT), "Corrected by hand.")
    assert editor.save()
    edited = load_project(first_path)
    editor.close()
    window.retry_selected()
    wait_idle(qtbot, window)
    assert job.status is Status.DONE and job.project_path != first_path
    assert load_project(first_path) == edited  # the person's version is untouched
    assert load_project(job.project_path).transcript == job.transcript
    assert window.history.list.count() == 2 and len(window.queue.jobs) == 1


def test_history_entries_can_be_renamed_and_deleted(qtbot, window, message_boxes, monkeypatch):
    first = window.projects.save_result(Transcript(segments=(Segment(0, 1, "one"),), duration=1.0), "/m/a.wav", None)
    second = window.projects.save_result(Transcript(segments=(Segment(0, 1, "two"),), duration=1.0), "/m/b.wav", None)
    window.history.refresh()
    listing = window.history.list
    job = window.open_project(first)
    assert window.open_project(first) is job and len(window.queue.jobs) == 1  # reopened: the same row

    def select(path: Path) -> None:
        listing.clearSelection()
        item = next(listing.item(i) for i in range(listing.count())
                    if listing.item(i).data(Qt.ItemDataRole.UserRole) == str(path))
        listing.setCurrentItem(item)
    listing.setFocus()

    select(first)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Budget meeting", True)))
    QTest.keyClick(listing, Qt.Key.Key_F2)
    assert load_project(first).title == "Budget meeting" and first.exists()
    assert sorted(history_titles(window)) == ["Budget meeting", "b"]

    select(second)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    QTest.keyClick(listing, Qt.Key.Key_Delete)
    assert second.exists() and listing.count() == 2  # answered No: nothing deleted

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    select(first)
    QTest.keyClick(listing, Qt.Key.Key_Delete)
    assert not first.exists() and history_titles(window) == ["b"]
    assert job.project_path is None  # the queue row no longer points at the deleted file


@pytest.mark.slow
def test_closing_while_transcribing_asks_and_keep_working_keeps_going(qtbot, tmp_path, english_speech, monkeypatch):
    window = make_window(qtbot, tmp_path)
    (job,) = window.add_paths([english_speech[0]])
    qtbot.waitUntil(lambda: job.status is Status.RUNNING, timeout=TIMEOUT_MS)
    asked = []

    def answer(name: str):
        def exec_(box: QMessageBox) -> int:
            asked.append(box.text())
            box.findChild(QPushButton, name).click()
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer("keepWorkingButton"))
    assert not window.close()
    assert window.isVisible() and job.status is Status.RUNNING and "english.wav" in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", answer("closeAnywayButton"))
    assert window.close()
    assert len(asked) == 2 and window.worker_thread.thread.isFinished()
    assert window.worker.wait_idle(0)  # the model thread has stopped too
    assert [e.state for e in window.queue_store.load()] == ["running"]  # resumes next time, not cancelled


def test_finished_failed_and_cancelled_rows_come_back_as_they_were(qtbot, tmp_path):
    first = make_window(qtbot, tmp_path)
    done = first.projects.save_result(Transcript(segments=(Segment(0, 1, "all of it"),), duration=1.0), "/m/a.wav", None)
    cut = first.projects.save_result(Transcript(segments=(Segment(0, 1, "half"),), duration=4.0), "/m/b.wav", None,
                                     partial=True)
    first.open_project(done)
    first.open_project(cut)
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + bytes(range(256)) * 4)
    first.add_paths([broken])  # fails at once, no model needed
    before = [(j.path, j.status, j.error) for j in first.queue.jobs]
    first.close()

    second = make_window(qtbot, tmp_path)
    restored = second.restore_queue()
    assert [(j.path, j.status, j.error) for j in restored] == before
    assert [j.status for j in restored] == [Status.DONE, Status.CANCELLED, Status.FAILED]
    assert restored[0].transcript.text == "all of it" and restored[1].partial and restored[1].progress == 0.25
    assert second.queue.running() is None  # nothing was waiting: nothing starts
    assert second.restore_queue() == []  # asked twice: no duplicates
    second.close()
