"""A separate process for the screen-fit test: a first-time main window on a screen
of the size given (the test session's own offscreen screen is a large desktop).

Prints one JSON line: the available area, the window's frame, the status bar's
rectangle on screen, and the window's minimum size.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

width, height, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
config = folder / "screen.json"
config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
os.environ["MALSORI_HOME"] = str(folder / "home")

from PySide6.QtCore import QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from malsori.ui.main_window import MainWindow  # noqa: E402
from malsori.ui.settings import Settings  # noqa: E402


def main() -> None:
    app = QApplication([])
    window = MainWindow(Settings())
    window.show()

    def report() -> None:
        bar = window.statusBar()
        on_screen = QRect(bar.mapToGlobal(bar.rect().topLeft()), bar.size())
        print(json.dumps({"available": window.screen().availableGeometry().getRect(),
                          "frame": window.frameGeometry().getRect(), "status_bar": on_screen.getRect(),
                          "minimum": window.minimumSize().toTuple()}), flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(300, report)
    app.exec()


if __name__ == "__main__":
    main()
