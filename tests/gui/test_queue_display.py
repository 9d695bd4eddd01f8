"""What the queue shows while a job runs: its language from the start, a segment
count that keeps up, and times in the editor's format.

The main window with its real worker thread and tiny.en on generated speech.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Slot
from malsori.core.project import ProjectStore
from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import Segment
from malsori.ui.editor_model import Column as EditorColumn
from malsori.ui import i18n
from malsori.ui.editor_window import EditorWindow
from malsori.ui.jobs import Column, Status
from malsori.ui.main_window import MainWindow
from malsori.ui.segment_table import Column as SegmentColumn
from malsori.ui.settings import Settings

from tests.gui.editor_fixtures import meeting_transcript, project_of


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(tmp_path / "malsori.ini")
    settings.set("model/name", "tiny.en")
    settings.set("transcribe/device", "cpu")
    win = MainWindow(settings, ProjectStore(tmp_path / "projects"), recovery=RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


@pytest.mark.slow
def test_the_language_shows_before_the_job_ends_and_the_count_keeps_up(qtbot, window, english_speech):
    speech, _ = english_speech
    i18n.apply_language("en")  # as the app starts: English with its plural forms
    seen: list[tuple[str, str, int]] = []  # at each streamed segment: language cell, heading, segments so far

    class Observer(QObject):
        """Looks at the window after its own handler of each segment. A QObject's slot runs
        queued on the GUI thread, in connection order; a plain callable would run on the
        worker's thread while the window is still handling the segment (a race seen in CI)."""

        @Slot(int, object)
        def on_segment(self, _job_id: int, _segment: Segment) -> None:
            job = window.queue.jobs[0]
            if job.status is Status.RUNNING:
                seen.append((window.queue.data(window.queue.index(0, Column.LANGUAGE)),
                             window.segments_title.text(), len(job.segments)))

    observer = Observer()
    window.worker.segment.connect(observer.on_segment)
    window.add_paths([speech])
    qtbot.waitUntil(lambda: window.queue.jobs[0].status.finished, timeout=90_000)
    assert window.queue.jobs[0].status is Status.DONE
    assert len(seen) >= 2, "the speech should stream several segments"
    assert all(language == "English" for language, _, _ in seen)  # from the first segment on
    for _, heading, count in seen:  # the heading counts every segment as it arrives
        assert heading == f"{speech.name} — {count} segment" + ("" if count == 1 else "s")


def test_the_queue_and_the_editor_show_times_the_same_way(qtbot, window, tmp_path):
    transcript = meeting_transcript()
    window.segments.set_segments(transcript.segments)
    editor = EditorWindow(project_of(transcript), None, window.settings, RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(editor)
    for row in range(len(transcript.segments)):
        for queue_column, editor_column in ((SegmentColumn.START, EditorColumn.START),
                                            (SegmentColumn.END, EditorColumn.END)):
            shown = window.segments.data(window.segments.index(row, queue_column))
            assert shown == editor.model.data(editor.model.index(row, editor_column))
    assert window.segments.data(window.segments.index(1, SegmentColumn.START)) == "00:00:03,000"
    editor.close()


@pytest.mark.slow
def test_a_job_with_speakers_says_it_is_finding_them_and_shows_their_names(qtbot, window, tmp_path):
    from tests.conversations import INTERVIEW, conversation

    i18n.apply_language("en")
    talk = conversation(tmp_path, INTERVIEW[:4], pause=0.6, name="interview")
    window.options_panel.speakers_choice.set_value("auto")
    statuses: list[str] = []

    class Observer(QObject):
        """Reads the status cell after the window's own handler of each progress report."""

        @Slot(int, float, object, str)
        def on_progress(self, *_args) -> None:
            statuses.append(window.queue.data(window.queue.index(0, Column.STATUS)))

    observer = Observer()
    window.worker.progress.connect(observer.on_progress)
    window.add_paths([talk.wav])
    qtbot.waitUntil(lambda: window.queue.jobs[0].status.finished, timeout=120_000)
    assert window.queue.jobs[0].status is Status.DONE
    assert "Transcribing" in statuses and statuses[-1] == "Finding speakers"
    assert statuses.index("Finding speakers") > statuses.index("Transcribing")
    window.queue_view.selectRow(0)
    shown = [window.segments.data(window.segments.index(row, SegmentColumn.TEXT))
             for row in range(window.segments.rowCount())]
    assert shown[0].startswith("Speaker 1: ") and any(text.startswith("Speaker 2: ") for text in shown)
