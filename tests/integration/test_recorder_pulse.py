"""The real sounddevice path: record a PulseAudio null sink's monitor while speech plays into it.

A private PulseAudio daemon (runtime folder and socket in a temporary folder)
gets a null sink; PortAudio reaches it through ALSA's "pulse" device
(libasound2-plugins), and list_input_devices offers the sink's monitor, the
same kind of source a person picks to transcribe a call. Needs the apt
packages pulseaudio, pulseaudio-utils (paplay, pactl), libasound2-plugins and
libportaudio2; the tests skip, saying why, where the daemon cannot start.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from malsori.core import audio
from malsori.core.recorder import InputDevice, Recorder, RecorderError, SoundDeviceSource, list_input_devices
from tests.pulse import SINK, PulseUnavailable, private_pulse
from tests.speech import speak

@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A PulseAudio daemon with a null sink; yields the environment that reaches it."""
    if shutil.which("paplay") is None:
        pytest.skip("PulseAudio tool not installed: paplay")
    try:
        with private_pulse(tmp_path) as env:
            for name in ("PULSE_SERVER", "PULSE_RUNTIME_PATH"):
                monkeypatch.setenv(name, env[name])
            try:
                yield env
            finally:
                list_input_devices(rescan=True)  # forget the daemon's devices
    except PulseUnavailable as exc:
        pytest.skip(str(exc))


def _monitor() -> InputDevice:
    devices = list_input_devices(rescan=True)
    monitors = [d for d in devices if d.pulse_source == f"{SINK}.monitor"]
    if not monitors:
        pytest.skip(f"PortAudio does not see PulseAudio (no ALSA pulse plugin?): {devices}")
    return monitors[0]


def test_monitor_source_records_the_speech_played_into_the_sink(pulse: dict[str, str], tmp_path: Path) -> None:
    speech = speak("Good morning everyone. Today we review the budget.", tmp_path / "speech.wav")
    monitor = _monitor()
    assert monitor.is_monitor and monitor.name == "Monitor of Null Output"

    source = SoundDeviceSource(monitor)
    recorder = Recorder(source, tmp_path / "recordings")
    file = recorder.start()
    _wait_for_audio(recorder)
    subprocess.run(["paplay", "-d", SINK, str(speech)], env=pulse, check=True, timeout=20)
    time.sleep(0.3)
    assert recorder.stop() == file
    assert recorder.state == "stopped"
    assert source.dropouts == 0

    recorded, played = audio.decode(file), audio.decode(speech)
    assert len(recorded) >= len(played)
    lag = _lag(recorded, played)
    aligned = recorded[lag : lag + len(played)]
    assert np.corrcoef(aligned, played)[0, 1] > 0.95
    # Before the speech came out of the sink, the monitor heard silence.
    assert np.abs(recorded[: max(0, lag - 1600)]).max(initial=0) < 0.01


def test_sink_removed_mid_session_stops_cleanly_with_the_audio_kept(pulse: dict[str, str], tmp_path: Path) -> None:
    """Unloading the null sink takes its monitor away, as unplugging a USB microphone does."""
    speech = speak("Good morning everyone.", tmp_path / "speech.wav")
    errors: list[RecorderError] = []
    recorder = Recorder(SoundDeviceSource(_monitor()), tmp_path / "recordings", on_error=errors.append)
    file = recorder.start()
    _wait_for_audio(recorder)
    subprocess.run(["paplay", "-d", SINK, str(speech)], env=pulse, check=True, timeout=20)
    subprocess.run(["pactl", "unload-module", "module-null-sink"], env=pulse, check=True)
    deadline = time.monotonic() + SoundDeviceSource.STALL_TIMEOUT + 3
    while recorder.state != "failed" and time.monotonic() < deadline:
        time.sleep(0.05)

    assert recorder.state == "failed"
    assert len(errors) == 1 and str(errors[0]).startswith("The input device stopped working")
    assert recorder.stop() == file
    recorded, played = audio.decode(file), audio.decode(speech)
    lag = _lag(recorded, played)
    assert np.corrcoef(recorded[lag : lag + len(played)], played)[0, 1] > 0.95


def _wait_for_audio(recorder: Recorder) -> None:
    """Wait until the monitor delivers: the first stream PulseAudio opens can take a second to start."""
    deadline = time.monotonic() + 5
    while recorder.elapsed < 0.2:
        assert time.monotonic() < deadline, "no audio from the monitor within 5 seconds"
        time.sleep(0.02)


def _lag(recorded: np.ndarray, played: np.ndarray) -> int:
    """Where ``played`` starts in ``recorded``: the peak of their cross-correlation (FFT)."""
    n = 1 << int(np.ceil(np.log2(len(recorded) + len(played))))
    xcorr = np.fft.irfft(np.fft.rfft(recorded, n) * np.conj(np.fft.rfft(played, n)), n)
    return int(np.argmax(xcorr[: len(recorded)]))
