"""Where Malsori keeps its files: per-user folders from platformdirs.

``MALSORI_HOME`` puts every folder under one directory instead. Tests use it to
stay out of the real profile, and a portable install can use it to live on a
USB stick.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "malsori"


def _home() -> Path | None:
    home = os.environ.get("MALSORI_HOME")
    return Path(home) if home else None


def _dir(kind: str) -> Path:
    home = _home()
    if home is not None:
        return home / kind
    getter = {
        "data": platformdirs.user_data_dir,
        "cache": platformdirs.user_cache_dir,
        "log": platformdirs.user_log_dir,
        "config": platformdirs.user_config_dir,
    }[kind]
    return Path(getter(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Projects, recordings and downloaded models: things the person would miss."""
    return _dir("data")


def cache_dir() -> Path:
    """Things that can be rebuilt, such as the assembled bundled model."""
    return _dir("cache")


def log_dir() -> Path:
    return _dir("log")


def config_dir() -> Path:
    return _dir("config")


def bundle_dir() -> Path | None:
    """The unpacked folder of an installed (PyInstaller) build, or None when running
    from a source checkout or a pip install. The installer ships resources and the
    default model there, read-only."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else None
