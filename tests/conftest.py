"""Shared test setup: a private profile folder, real speech, loaded models.

MALSORI_HOME is set before anything from malsori is imported, so no test reads
or writes the real user's settings, projects or model cache.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="malsori-test-home-"))
os.environ["MALSORI_HOME"] = str(_HOME)
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach a model hub
# Offscreen Qt with a desktop-sized screen (the plugin's default is 800x600,
# smaller than the window's minimum size).
_SCREEN = _HOME / "offscreen-screen.json"
_SCREEN.write_text('{"screens": [{"name": "test", "x": 0, "y": 0, "width": 1920, "height": 1200,'
                   ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

import pytest  # noqa: E402

from tests.speech import speak  # noqa: E402


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def english_speech(speech_dir: Path) -> tuple[Path, str]:
    """About 25 seconds of generated English speech and the text it says."""
    from tests.speech import ENGLISH_TEXT

    return speak(ENGLISH_TEXT, speech_dir / "english.wav"), ENGLISH_TEXT


@pytest.fixture(scope="session")
def tiny_en():
    from malsori.core.engine import Transcriber

    transcriber = Transcriber("tiny.en", device="cpu")
    transcriber.load()
    return transcriber


@pytest.fixture(scope="session")
def base():
    from malsori.core.engine import Transcriber

    transcriber = Transcriber("base", device="cpu")
    transcriber.load()
    return transcriber
