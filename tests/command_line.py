"""Running ``malsori`` as a person does: a real process of this environment's Python."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def malsori(*args: str, cwd: Path | None = None, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m malsori.cli ARGS``, its output captured; ``home``: its MALSORI_HOME
    (by default the tests' own, from the environment)."""
    env = os.environ.copy()
    if home is not None:
        env["MALSORI_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "malsori.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)
