"""Where the app's resources (icons, translations, the speech sample) are.

From a source checkout they are in the repository's resources/ folder; in a
PyInstaller bundle, in the bundle's resources/ folder.
"""

from __future__ import annotations

from pathlib import Path

from .core.paths import bundle_dir


def resource_dir() -> Path:
    bundle = bundle_dir()
    if bundle is not None:
        return bundle / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def sample_audio() -> Path:
    return resource_dir() / "samples" / "sample-en.flac"


def icon_path() -> Path:
    return resource_dir() / "icons" / "malsori.svg"


def translations_dir() -> Path:
    return resource_dir() / "translations"
