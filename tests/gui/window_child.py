"""A separate Malsori window process for the close and crash tests.

``window_child.py MEDIA quit``: queue MEDIA, and once two segments are in, press
Ctrl+Q (the Quit action) and answer the close question with "Close", as a
person would; the process then ends by itself.
``window_child.py MEDIA wait``: queue MEDIA and keep transcribing until killed.

It prints ``SEGMENTS n`` when at least two segments are in, then ``ASKED`` when the close
question is shown and ``CLOSED`` when the window has closed. MALSORI_HOME (set by
the test) keeps its settings, queue and projects apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from malsori.ui.main_window import MainWindow
from malsori.ui.settings import Settings


def answer_close_question() -> None:
    """Click "Close" in the question the window asks, once it is up."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, answer_close_question)
        return
    print("ASKED", flush=True)
    box.findChild(QPushButton, "closeAnywayButton").click()


def main() -> None:
    media, mode = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    settings = Settings()
    settings.set("model/name", "tiny.en")
    settings.set("transcribe/device", "cpu")
    window = MainWindow(settings)
    window.show()
    window.restore_queue()
    (job,) = window.add_paths([media])

    def watch() -> None:
        if len(job.segments) < 2:
            QTimer.singleShot(20, watch)
            return
        print(f"SEGMENTS {len(job.segments)}", flush=True)
        if mode == "quit":
            QTimer.singleShot(0, answer_close_question)
            window.quit_action.trigger()  # returns once the window has closed
            print("CLOSED", flush=True)

    watch()
    app.exec()


if __name__ == "__main__":
    main()
