"""Folders with real file-system limits, for tests of where results are written."""

from __future__ import annotations

import os
from pathlib import Path


def unwritable_folder(tmp_path: Path) -> Path:
    """A real folder this process cannot create files in: read-only by mode, or for
    root (whom modes do not stop) a sysfs folder, which refuses everyone."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    return Path("/sys/kernel")
