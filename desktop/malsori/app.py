"""QApplication bootstrap: `malsori` with no command opens the window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Sequence

from . import __version__, resources

log = logging.getLogger(__name__)


def display_available() -> bool:
    """Whether a window can be shown: always on Windows and macOS; on Linux only
    with an X or Wayland display, or a Qt platform chosen explicitly (offscreen)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_window(files: Sequence[str] = ()) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .core.logs import setup_logging
    from .ui import i18n
    from .ui.main_window import MainWindow
    from .ui.settings import Settings

    log_file = setup_logging()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Malsori")
    app.setApplicationDisplayName("Malsori")
    app.setOrganizationName("Malsori")
    app.setDesktopFileName("malsori")
    app.setWindowIcon(QIcon(str(resources.icon_path())))
    settings = Settings()
    i18n.apply_language(settings.ui_language())
    sys.excepthook = _excepthook
    window = MainWindow(settings, log_file=log_file)
    window.show()
    log.info("window shown on the %s platform (Malsori %s)", app.platformName(), __version__)
    window.offer_recovery()
    window.restore_queue()
    if files:
        window.open_paths([Path(f) for f in files])
    return app.exec()


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """A bug shows a short message and goes to the log; the window stays up."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QApplication.translate("App", "Unexpected error"),
            QApplication.translate("App", "Something went wrong: %1\n\nThe details are in the log file (Help ▸ Open log file).")
            .replace("%1", str(value)),
        )
