"""Tests for the application log file."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

import pytest

from malsori.core import logs, paths
from malsori.core.logs import BACKUP_COUNT, LOG_NAME, MAX_BYTES, setup_logging

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")


@pytest.fixture(autouse=True)
def restore_root_logger():
    """setup_logging changes the process-wide root logger: put it back after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, logs._MARK, False)]


def file_handlers() -> list[logging.FileHandler]:
    return [h for h in ours() if isinstance(h, logging.FileHandler)]


def flush() -> None:
    for handler in ours():
        handler.flush()


def test_records_go_to_the_file_with_timestamps_in_utf8(tmp_path: Path):
    path = setup_logging(folder=tmp_path / "logs")
    assert path == tmp_path / "logs" / LOG_NAME
    logging.getLogger("malsori.test").info("전사 완료: %d segments", 42)
    logging.getLogger("malsori.test").debug("below the level")
    flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert TIMESTAMP.match(lines[0])
    assert lines[0].endswith("INFO    malsori.test: 전사 완료: 42 segments")


def test_default_folder_is_the_log_folder():
    path = setup_logging()
    assert path == paths.log_dir() / LOG_NAME
    logging.getLogger("malsori.test").warning("in the default folder")
    flush()
    assert "in the default folder" in path.read_text(encoding="utf-8")


def test_level_is_honoured(tmp_path: Path):
    path = setup_logging(logging.DEBUG, folder=tmp_path)
    logging.getLogger("malsori.test").debug("debug detail")
    flush()
    assert "debug detail" in path.read_text(encoding="utf-8")


def test_second_call_replaces_instead_of_adding(tmp_path: Path):
    first = setup_logging(folder=tmp_path / "a")
    count = len(logging.getLogger().handlers)
    second = setup_logging(folder=tmp_path / "a")
    assert second == first and len(logging.getLogger().handlers) == count
    logging.getLogger("malsori.test").error("once")
    flush()
    assert first.read_text(encoding="utf-8").count("once") == 1
    moved = setup_logging(folder=tmp_path / "b")  # a later call may move the log
    assert [Path(h.baseFilename) for h in file_handlers()] == [moved]


def test_rotates_past_the_size_limit_keeping_five_backups(tmp_path: Path):
    setup_logging(folder=tmp_path)
    chunk = "x" * 10_000
    for _ in range(MAX_BYTES * (BACKUP_COUNT + 2) // len(chunk)):
        logging.getLogger("malsori.test").info(chunk)
    flush()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    backups = [tmp_path / f"{LOG_NAME}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    assert all(0.9 * MAX_BYTES < p.stat().st_size <= MAX_BYTES for p in backups)


def test_unwritable_folder_falls_back_to_stderr(tmp_path: Path, capsys):
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "file" / "logs"  # cannot be created: its parent is a file
    path = setup_logging(folder=folder)
    assert path == folder / LOG_NAME
    assert file_handlers() == []
    logging.getLogger("malsori.test").info("still heard")
    err = capsys.readouterr().err
    assert "cannot write the log file" in err and "still heard" in err


def test_beside_the_file_stderr_only_gets_warnings(tmp_path: Path, capsys):
    setup_logging(folder=tmp_path)
    logging.getLogger("malsori.test").info("file only")
    logging.getLogger("malsori.test").warning("both")
    err = capsys.readouterr().err
    assert "both" in err and "file only" not in err


def test_no_console_handler_without_stderr(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)  # a Windows GUI process
    setup_logging(folder=tmp_path)
    assert [type(h) for h in ours()] == [logging.handlers.RotatingFileHandler]
