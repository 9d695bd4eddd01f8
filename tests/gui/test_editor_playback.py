"""Playback through a real sound server: a private PulseAudio daemon with a null
sink (tests/pulse.py), the editor in a child process that reaches it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pulse import PulseUnavailable, private_pulse

ROOT = Path(__file__).resolve().parents[2]


def test_a_segment_plays_through_pulseaudio_and_stops_at_its_end(tmp_path, english_speech):
    try:
        with private_pulse(tmp_path) as env:
            child = subprocess.run(
                [sys.executable, str(ROOT / "tests" / "gui" / "player_child.py"), str(english_speech[0]),
                 str(tmp_path / "home")],
                env={**env, "QT_QPA_PLATFORM": "offscreen", "MALSORI_HOME": str(tmp_path / "home"),
                     "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])},
                capture_output=True, text=True, timeout=120,
            )
    except PulseUnavailable as exc:
        pytest.skip(str(exc))
    assert child.returncode == 0, child.stderr[-2000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["kept_open"]  # the silent stream that keeps the sink awake for the next Play
    assert report["started"]
    assert report["sink_inputs"] >= 2  # the segment's stream and the kept-open one reach the server
    assert report["stopped"] and 5.9 <= report["stopped_at"] <= 6.6
