"""Nothing in the queue is lost: a window closed mid-job (Ctrl+Q, answering the
question) stops cleanly, and one killed with SIGKILL mid-job leaves its queue and
the text so far on disk; the next window shows the queue again and finishes the job.

The first window is a real separate process (tests/gui/window_child.py) with the
real worker thread and tiny.en; the relaunch is a window in this process on the
same profile folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from malsori.core import audio
from malsori.core.project import ProjectStore, is_partial
from malsori.core.project import load as load_project
from malsori.core.queue_store import QueueStore
from malsori.ui.jobs import Status
from malsori.ui.main_window import MainWindow
from malsori.ui.settings import Settings
from tests.speech import wer

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")]
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def long_speech(english_speech, tmp_path_factory) -> tuple[Path, str]:
    """The speech twice (41 s, two decoding windows): long enough to stop in the middle."""
    path = tmp_path_factory.mktemp("long") / "meeting.wav"
    soundfile.write(path, np.concatenate([audio.decode(english_speech[0])] * 2), 16000)
    return path, " ".join([english_speech[1]] * 2)


def start_child(home: Path, media: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "gui" / "window_child.py"), str(media), mode],
        env={**os.environ, "MALSORI_HOME": str(home), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def relaunch(qtbot, home: Path) -> MainWindow:
    settings = Settings(home / "config" / "malsori.ini")
    window = MainWindow(settings, ProjectStore(home / "data" / "projects"), queue_store=QueueStore(home / "data" / "queue"))
    qtbot.addWidget(window)
    window.show()
    return window


def finish_resumed_job(qtbot, window: MainWindow, media: Path, text: str) -> None:
    """The relaunched window shows the stopped job with its text so far, transcribes
    it again and replaces the partial History entry with the whole transcript."""
    (job,) = window.restore_queue()
    assert job.path == media and job.status is Status.RUNNING
    assert job.transcript is not None and job.partial and len(job.transcript.segments) >= 2
    assert window.segments.rowCount() >= 2  # the text so far is on screen while it runs again
    partial_project = job.project_path
    assert partial_project is not None and is_partial(load_project(partial_project))
    assert load_project(partial_project).transcript.language == "en"  # History shows it, not "?"
    assert window.history.list.count() == 1 and "(partial)" in window.history.list.item(0).text()
    qtbot.waitUntil(lambda: job.status is Status.DONE, timeout=TIMEOUT_MS)
    assert wer(text, job.transcript.text) < 0.15
    assert job.project_path == partial_project and not is_partial(load_project(partial_project))
    assert window.history.list.count() == 1 and "(partial)" not in window.history.list.item(0).text()
    window.close()
    assert [e.state for e in QueueStore(window.queue_store.root).load()] == ["done"]


def test_quit_while_transcribing_asks_stops_cleanly_and_the_queue_resumes(qtbot, tmp_path, long_speech):
    media, text = long_speech
    home = tmp_path / "home"
    child = start_child(home, media, "quit")
    try:
        out, err = child.communicate(timeout=TIMEOUT_MS / 1000)
    finally:
        child.kill()
    lines = out.split("\n")
    assert lines[0].startswith("SEGMENTS") and lines[1:3] == ["ASKED", "CLOSED"], (out, err)
    assert child.returncode == 0, err
    assert "terminate called" not in err and "Destroyed while thread" not in err, err
    window = relaunch(qtbot, home)
    finish_resumed_job(qtbot, window, media, text)


def test_a_window_killed_mid_job_loses_neither_the_queue_nor_the_text_so_far(qtbot, tmp_path, long_speech):
    media, text = long_speech
    home = tmp_path / "home"
    child = start_child(home, media, "wait")
    try:
        assert child.stdout.readline().startswith("SEGMENTS")
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    window = relaunch(qtbot, home)
    finish_resumed_job(qtbot, window, media, text)
