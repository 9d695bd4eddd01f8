"""Nothing typed is lost: an editing process killed with SIGKILL two seconds after
an edit leaves a recovery file, and the next window offers to restore it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from malsori.core.project import ProjectStore
from malsori.core.project import load as load_project
from malsori.core.recovery import RecoveryStore
from malsori.ui.main_window import MainWindow
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import meeting_transcript

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists on POSIX only")
def test_a_killed_editor_loses_no_edit(qtbot, tmp_path, message_boxes):
    home = tmp_path / "home"
    store = ProjectStore(home / "data" / "projects")
    project_path = store.create(meeting_transcript(), media=None, title="meeting")
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "gui" / "editor_child.py"), str(project_path), "Edited before the crash."],
        env={**os.environ, "MALSORI_HOME": str(home), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "EDITED"
        time.sleep(2.0)  # the promise: every edit reaches disk within 2 seconds
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert load_project(project_path).transcript == meeting_transcript()  # the saved file is untouched

    window = MainWindow(Settings(home / "config" / "malsori.ini"), store, recovery=RecoveryStore(home / "data" / "recovery"))
    qtbot.addWidget(window)
    restored = window.offer_recovery()
    assert [kind for kind, *_ in message_boxes] == ["question"]
    assert len(restored) == 1
    editor = restored[0]
    assert editor.document.transcript.segments[0].text == "Edited before the crash."
    assert not editor.document.undo_stack.isClean() and "•" in editor.windowTitle()
    assert editor.save()
    assert load_project(project_path).transcript.segments[0].text == "Edited before the crash."
    assert RecoveryStore(home / "data" / "recovery").pending() == []
    editor.close()
    window.close()
