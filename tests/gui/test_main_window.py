"""The main window with real widgets offscreen, the real worker thread and tiny.en.

Files reach the window the way a file manager sends them: QDragEnterEvent and
QDropEvent carrying file URLs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pysubs2
import pytest
import soundfile
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from malsori.core import audio
from malsori.core.project import Project, ProjectStore
from malsori.core.project import save as save_project
from malsori.core.queue_store import QueueStore
from malsori.core.subtitles import load as load_subtitles
from malsori.ui.jobs import Status
from malsori.ui.main_window import MainWindow
from malsori.ui.settings import Settings
from tests.speech import wer

pytestmark = pytest.mark.slow
TIMEOUT_MS = 90_000


def make_window(qtbot, folder: Path) -> MainWindow:
    settings = Settings(folder / "malsori.ini")
    settings.set("model/name", "tiny.en")
    settings.set("transcribe/device", "cpu")
    window = MainWindow(settings, ProjectStore(folder / "projects"), queue_store=QueueStore(folder / "queue"))
    qtbot.addWidget(window, before_close_func=lambda w: stop_work(qtbot, w))
    window.show()
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    yield win
    win.close()


def drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def stop_work(qtbot, window: MainWindow) -> None:
    """pytest-qt closes its widgets before fixtures tear down: a window still open is
    stopped first, or it asks whether to close while transcribing and the test waits."""
    if window.isVisible():
        window.cancel_all()
        wait_idle(qtbot, window)


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: all(j.status.finished for j in window.queue.jobs), timeout=TIMEOUT_MS)


def test_dropped_files_are_transcribed_and_their_segments_appear(qtbot, window, english_speech, tmp_path):
    speech, text = english_speech
    drop(window.drop_zone, [speech])
    assert [j.path for j in window.queue.jobs] == [speech]
    job = window.queue.jobs[0]
    assert job.duration == pytest.approx(20.7, abs=1.0)
    wait_idle(qtbot, window)
    assert job.status is Status.DONE and job.language == "en"
    assert window.selected_job() is job
    shown = " ".join(window.segments.segments[i].text for i in range(window.segments.rowCount()))
    assert wer(text, shown) < 0.1
    assert job.project_path is not None and job.project_path.exists()
    assert window.history.list.count() == 1
    assert "english" in window.history.list.item(0).text()


def test_a_folder_drop_queues_only_its_media_files(qtbot, window, english_speech, tmp_path):
    folder = tmp_path / "recordings"
    (folder / "sub").mkdir(parents=True)
    wav = folder / "a.wav"
    wav.write_bytes(english_speech[0].read_bytes())
    (folder / "notes.txt").write_text("not audio")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n")
    flac = folder / "sub" / "b.flac"
    soundfile.write(flac, audio.decode(wav)[:16000], 16000)
    drop(window.queue_view, [folder])  # anywhere on the window works
    assert [j.path for j in window.queue.jobs] == [wav, flac]
    window.cancel_all()
    wait_idle(qtbot, window)


def test_cancel_mid_job_keeps_the_partial_transcript_and_the_queue_goes_on(qtbot, window, english_speech, tmp_path):
    long_path = tmp_path / "long.wav"
    soundfile.write(long_path, np.concatenate([audio.decode(english_speech[0])] * 5), 16000)
    jobs = window.add_paths([long_path, english_speech[0]])
    long_job, next_job = jobs
    qtbot.waitUntil(lambda: len(long_job.segments) >= 1, timeout=TIMEOUT_MS)
    window._select(long_job)
    window.cancel_selected()
    qtbot.waitUntil(lambda: long_job.status is Status.CANCELLED, timeout=2000)
    assert long_job.transcript is not None and 1 <= len(long_job.transcript.segments) < 20
    wait_idle(qtbot, window)
    assert next_job.status is Status.DONE
    window._select(long_job)
    window.retry_selected()
    assert long_job.status in (Status.RUNNING, Status.QUEUED)
    window.cancel_all()
    wait_idle(qtbot, window)


def test_a_corrupt_file_fails_clearly_while_the_next_succeeds(qtbot, window, english_speech, tmp_path):
    corrupt = tmp_path / "broken.mp3"
    corrupt.write_bytes(b"ID3" + bytes(range(256)) * 40)
    drop(window.drop_zone, [corrupt, english_speech[0]])
    wait_idle(qtbot, window)
    bad, good = window.queue.jobs
    assert bad.status is Status.FAILED and "broken.mp3" in (bad.error or "")
    assert "Traceback" not in bad.error
    assert good.status is Status.DONE and good.transcript is not None
    status_cell = window.queue.index(0, 2).data()
    assert "broken.mp3" in status_cell


def test_settings_persist_into_a_new_window(qtbot, tmp_path):
    first = make_window(qtbot, tmp_path)
    panel = first.options_panel
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("ko"))
    panel.beam_spin.setValue(3)
    panel.vad_check.setChecked(False)
    first.resize(1000, 700)
    first.close()
    second = make_window(qtbot, tmp_path)
    options = second.options_panel.options()
    assert (options.language, options.beam_size, options.vad_filter) == ("ko", 3, False)
    assert second.options_panel.model_name() == "tiny.en"
    assert (second.width(), second.height()) == (1000, 700)
    second.close()


def test_export_writes_a_valid_srt_and_export_all_writes_every_format(qtbot, window, english_speech, tmp_path):
    speech, text = english_speech
    window.add_paths([speech])
    wait_idle(qtbot, window)
    job = window.queue.jobs[0]
    target = tmp_path / "out" / "speech.srt"
    target.parent.mkdir()
    assert window.export_job(job, target, "srt")
    subs = pysubs2.load(str(target))
    assert len(subs) >= 3 and wer(text, " ".join(e.plaintext.replace("\n", " ") for e in subs)) < 0.1
    written = window.export_all(tmp_path / "all", ["srt", "vtt", "txt", "json"])
    assert sorted(p.name for p in written) == ["english.json", "english.srt", "english.txt", "english.vtt"]
    assert all(p.stat().st_size > 0 for p in written)


def test_a_finished_transcript_reopens_from_history_after_a_restart(qtbot, tmp_path, english_speech):
    first = make_window(qtbot, tmp_path)
    first.add_paths([english_speech[0]])
    wait_idle(qtbot, first)
    texts = [s.text for s in first.queue.jobs[0].transcript.segments]
    first.close()
    second = make_window(qtbot, tmp_path)
    assert second.history.list.count() == 1
    job = second.open_project(Path(second.history.list.item(0).data(Qt.ItemDataRole.UserRole)))
    assert job is not None and [s.text for s in job.transcript.segments] == texts
    assert second.segments.rowCount() == len(texts)
    second.close()


def test_switching_the_interface_to_korean_shows_korean_labels(qtbot, window):
    window.set_ui_language("ko")  # LanguageChange events are posted: wait for them
    try:
        qtbot.waitUntil(lambda: window.file_menu.title() == "파일(&F)", timeout=5000)
        assert window.drop_zone.title.text() == "오디오나 동영상 파일을 여기에 끌어다 놓으세요"
        assert window.cancel_all_button.text() == "모두 취소"
        assert window.queue.headerData(0, Qt.Orientation.Horizontal) == "파일"
    finally:
        window.set_ui_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=5000)
    assert window.settings.ui_language() == "en"


def test_files_handed_over_by_a_file_manager_open_where_they_belong(qtbot, window, english_speech, tmp_path):
    """`malsori talk.srt notes.malsori call.wav`: the subtitles open in the editor with
    the media of the same name, the project reopens in the editor, the audio is queued."""
    speech, _ = english_speech
    media = tmp_path / "talk.wav"
    media.write_bytes(speech.read_bytes())
    srt = tmp_path / "talk.srt"
    subs = pysubs2.SSAFile()
    subs.append(pysubs2.SSAEvent(start=0, end=1500, text="Hello there."))
    subs.append(pysubs2.SSAEvent(start=2000, end=3500, text="Second line."))
    subs.save(str(srt))
    project_path = tmp_path / "notes.malsori"
    save_project(Project(load_subtitles(srt), None, "notes", 0.0, 0.0), project_path)
    window.open_paths([srt, project_path, speech])
    srt_editor, project_editor = window.editors
    assert [s.text for s in srt_editor.document.transcript.segments] == ["Hello there.", "Second line."]
    assert srt_editor.project.media == str(media)
    assert project_editor.project_path == project_path
    assert [j.path for j in window.queue.jobs] == [project_path, speech]
    window.cancel_all()
    wait_idle(qtbot, window)
    for editor in window.editors[:]:
        editor.document.undo_stack.setClean()
        editor.close()
