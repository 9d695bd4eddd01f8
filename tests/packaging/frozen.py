"""Where ``make package`` leaves the built app, and the bare environment it is run in:
shared by tests/packaging and bench/package_bench.py."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "build" / "dist"
BUNDLE = DIST / "malsori"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What a desktop session gives a program: no venv, no PYTHONPATH, a home of its own."""
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MALSORI_HOME": str(home / "profile"),
            **extra}
