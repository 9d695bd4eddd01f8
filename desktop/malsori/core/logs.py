"""The application log: a rotating UTF-8 file the Help menu can open.

A desktop app started from an icon has no visible console, so the file is where
a person (or a bug report) finds what happened. Warnings also go to stderr for
whoever runs Malsori from a terminal. Logging must never stop the app from
starting: a folder that cannot be written leaves stderr-only logging.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from malsori.core import paths

LOG_NAME = "malsori.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

#: Marks the handlers this module added, so a second call replaces them instead
#: of adding more (each record would otherwise be written twice).
_MARK = "_malsori_log_handler"


def _mark(handler: logging.Handler) -> logging.Handler:
    setattr(handler, _MARK, True)
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def _remove_previous(root: logging.Logger) -> None:
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()


def _file_handler(path: Path) -> logging.Handler:
    """Raises OSError when the folder cannot be created or the file opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")


def setup_logging(level: int = logging.INFO, folder: Path | None = None) -> Path:
    """Send the root logger's records at ``level`` and above to ``folder/malsori.log``
    (default: the log folder), rotated at about 1 MB with 5 old files kept.

    Safe to call again (with another level or folder): the earlier handlers are
    replaced. Returns the log file's path even when it could not be opened, so
    the Help menu can still say where the log would be.
    """
    path = Path(folder if folder is not None else paths.log_dir()) / LOG_NAME
    root = logging.getLogger()
    _remove_previous(root)
    root.setLevel(level)
    logging.captureWarnings(True)
    try:
        root.addHandler(_mark(_file_handler(path)))
    except OSError as exc:
        _add_console(root, level)  # with no file, stderr carries everything
        logging.getLogger(__name__).warning("cannot write the log file %s (%s); logging to stderr only", path, exc)
        return path
    _add_console(root, logging.WARNING)  # beside the file, only what matters
    return path


def _add_console(root: logging.Logger, level: int) -> None:
    if sys.stderr is None:  # a Windows GUI process started without a console
        return
    console = _mark(logging.StreamHandler())
    console.setLevel(level)
    root.addHandler(console)
