"""A separate Malsori process for the playback test: Qt's audio connects to the
sound server once per process, so the test starts this one with a private
PulseAudio daemon's environment. It opens the editor on a transcript with its
audio, plays one segment as a double-click does, and prints what happened as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from malsori.core.recovery import RecoveryStore
from malsori.ui.editor_model import Column
from malsori.ui.editor_window import EditorWindow
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import meeting_transcript, project_of


def wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.002)
    return bool(condition())


def main() -> None:
    media, home = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])  # noqa: F841 (kept alive while the window lives)
    editor = EditorWindow(project_of(meeting_transcript(), media), None, Settings(home / "malsori.ini"),
                          RecoveryStore(home / "recovery"))
    editor.show()
    wait(lambda: False, 3.0)  # loaded, and the person looks before pressing Play
    report = {"kept_open": editor.player.output_kept_open}
    editor._row_double_clicked(editor.model.index(1, Column.START))  # segment 1: 3.0 to 6.0 s
    started = time.monotonic()
    report["started"] = wait(lambda: editor.player.playing and editor.player.position > 3.0, 10.0)
    report["start_seconds"] = time.monotonic() - started
    streams = subprocess.run(["pactl", "list", "short", "sink-inputs"], capture_output=True, text=True).stdout
    report["sink_inputs"] = len(streams.splitlines())
    report["stopped"] = wait(lambda: not editor.player.playing, 10.0)
    report["stopped_at"] = editor.player.position
    editor.close()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
