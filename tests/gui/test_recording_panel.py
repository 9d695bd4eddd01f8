"""The recording panel through whole sessions: generated speech played in real time
through the recorder's source interface, live captions on tiny.en, then a
full-quality transcript that opens in the editor."""

from __future__ import annotations

import pytest
import soundfile

from malsori.core.recorder import FileSource
from malsori.ui.jobs import Status
from tests.gui.test_main_window import make_window
from tests.speech import speak, wer

pytestmark = pytest.mark.slow

CLIP = "Please send your questions before Friday, so that we can answer them at the next meeting."


@pytest.fixture
def window(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.recording_dock.show()
    yield win
    for editor in list(win.editors):
        editor.document.undo_stack.setClean()
    win.close()


def test_a_whole_session_records_captions_live_and_opens_the_transcript(qtbot, window, tmp_path):
    clip = speak(CLIP, tmp_path / "clip.wav")
    panel = window.recording_panel
    panel.make_source = lambda: FileSource(clip)
    panel.live_check.setChecked(True)
    panel.start()
    assert panel.recording() and not panel.record_button.isEnabled()
    qtbot.waitUntil(lambda: panel.meter.value() > 0, timeout=5000)
    qtbot.waitUntil(lambda: "questions" in panel.captions_view.toPlainText().lower(), timeout=30_000)
    qtbot.waitUntil(lambda: panel.recorder.elapsed >= soundfile.info(str(clip)).duration, timeout=30_000)
    with qtbot.waitSignal(panel.recording_finished, timeout=30_000) as finished:
        panel.stop()
    path = finished.args[0]
    assert path.exists() and soundfile.info(str(path)).duration >= soundfile.info(str(clip)).duration - 0.5
    live_text = panel.captions_view.toPlainText()
    assert "please send your questions before friday" in live_text.lower()  # nothing lost at the start
    assert wer(CLIP, live_text) < 0.5  # live accuracy itself is measured in tests/integration/test_live.py
    job = window.queue.jobs[-1]
    assert job.path == path
    qtbot.waitUntil(lambda: job.status is Status.DONE, timeout=60_000)
    qtbot.waitUntil(lambda: bool(window.editors), timeout=5000)
    assert wer(CLIP, window.editors[0].document.transcript.text) < 0.15


def test_a_device_that_fails_mid_session_stops_cleanly_and_keeps_the_audio(qtbot, window, tmp_path):
    clip = speak(CLIP, tmp_path / "clip.wav")
    panel = window.recording_panel
    panel.make_source = lambda: FileSource(clip, fail_after=1.5)
    panel.live_check.setChecked(False)
    with qtbot.waitSignal(panel.recording_finished, timeout=20_000) as finished:
        panel.start()
    path = finished.args[0]
    assert "stopped" in panel.status.text().lower()
    assert 1.0 <= soundfile.info(str(path)).duration <= 2.0
    assert panel.record_button.isEnabled() and not panel.recording()
