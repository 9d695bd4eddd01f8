"""How soon the editor sounds after Play, on a real sound server.

A private PulseAudio daemon with a null sink (tests/pulse.py) takes the sound.
Each side runs in a child process started with that daemon's environment, since
Qt's audio connects to the sound server once per process: the editor's Player,
and a bare QMediaPlayer with a QAudioOutput as the reference. Each plays from
a few places as the editor does (seek, then play: a segment, an uncertain word),
after a pause long enough for the sink to go idle, and times play() to the
first position change, which the FFmpeg backend takes from the audio clock
(checked against a recording of the sink's monitor: the sound arrives within
a few milliseconds of it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.pulse import PulseUnavailable, private_pulse
from tests.speech import speak

from . import report

SPOTS = (2.0, 0.5, 4.0, 1.0, 3.0)  # seconds into the file
OPEN_SECONDS = 3.0  # from opening the editor to the first Play: a person looks first
IDLE_SECONDS = 1.5  # between plays: a person reads, the sink goes idle


def run(out: Path) -> None:
    speech = speak("Good morning everyone. Today we will review the budget for next quarter, "
                   "and then send the questions.", out / "playback.wav")
    try:
        with private_pulse(out / "pulse-home") as env:
            child_env = {**env, "QT_QPA_PLATFORM": "offscreen", "MALSORI_HOME": str(out / "playback-home")}
            for side, name in (("editor", "editor_play_latency_p50"), ("raw", "editor_play_latency_raw_p50")):
                latencies = _child(side, speech, child_env)
                report.note(f"play latency, {side}: " + ", ".join(f"{s:.3f}" for s in latencies) + " s")
                report.figure(name, statistics.median(latencies), "s")
                report.figure(name.replace("_p50", "_max"), max(latencies), "s")
    except (PulseUnavailable, RuntimeError) as exc:
        report.note(f"no playback latency figures: {exc}")


def _child(side: str, media: Path, env: dict[str, str]) -> list[float]:
    done = subprocess.run([sys.executable, "-m", "bench.playback_bench", side, str(media)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the {side} child failed: {done.stderr.strip()[-500:]}")
    return json.loads(lines[-1])["latencies"]


def _measure(side: str, media: Path) -> list[float]:
    from PySide6.QtCore import QCoreApplication, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive while the players live)
    if side == "editor":
        from malsori.ui.player import Player

        player = Player()
        player.set_source(media)
        media_player = player.media

        def play_from(seconds: float) -> None:
            player.play_span(seconds, seconds + 2.0)
    else:
        media_player = QMediaPlayer()
        output = QAudioOutput()
        media_player.setAudioOutput(output)
        media_player.setSource(QUrl.fromLocalFile(str(media)))

        def play_from(seconds: float) -> None:
            media_player.setPosition(round(seconds * 1000))
            media_player.play()

    def wait(condition, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while not condition() and time.perf_counter() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.001)
        return condition()

    wait(lambda: media_player.mediaStatus() == QMediaPlayer.MediaStatus.LoadedMedia, 10)
    wait(lambda: False, OPEN_SECONDS - IDLE_SECONDS)
    latencies = []
    for spot in SPOTS:
        wait(lambda: False, IDLE_SECONDS)
        started = time.perf_counter()
        play_from(spot)
        if not wait(lambda: media_player.position() > spot * 1000 + 1, 10):
            raise RuntimeError(f"{side}: playback from {spot} s did not start within 10 s")
        latencies.append(time.perf_counter() - started)
        wait(lambda: False, 0.3)
        media_player.pause()
    media_player.stop()
    media_player.setSource(QUrl())
    return latencies


if __name__ == "__main__":  # a child: python -m bench.playback_bench editor|raw media.wav
    print(json.dumps({"latencies": _measure(sys.argv[1], Path(sys.argv[2]))}), flush=True)
