"""The recorder, driven in real time by a FileSource playing generated speech.

Sessions are a few seconds long (or played faster where timing is not the
point), so the whole file runs in about twenty seconds.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from malsori.core import audio
from malsori.core.recorder import FileSource, Recorder, RecorderError, SoundDeviceSource, list_input_devices
from tests.speech import speak

ROOT = Path(__file__).resolve().parents[2]
BLOCK = 0.1  # FileSource's default block, seconds
PCM16_STEP = 1 / 32768  # the files hold 16-bit samples: float input comes back within one step


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """About three seconds of espeak-ng speech: the file and its 16 kHz mono samples."""
    path = speak("Good morning everyone. Today we review the budget.", tmp_path_factory.mktemp("rec") / "speech.wav")
    return path, audio.decode(path)


@pytest.fixture(scope="module")
def session(speech: tuple[Path, np.ndarray], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One real-time FLAC session of the whole speech clip, with everything it reported."""
    path, _ = speech
    levels: list[float] = []
    chunks: list[np.ndarray] = []
    source = FileSource(path)
    recorder = Recorder(source, tmp_path_factory.mktemp("session"), on_level=levels.append, on_audio=chunks.append)
    started = time.monotonic()
    recorder.start()
    assert source.finished.wait(10)
    wall = time.monotonic() - started
    file = recorder.stop()
    return {"file": file, "recorder": recorder, "levels": levels, "chunks": chunks, "wall": wall}


def wait_until_failed(recorder: Recorder, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while recorder.state != "failed" and time.monotonic() < deadline:
        time.sleep(0.02)


def read(path: Path) -> np.ndarray:
    samples, _ = sf.read(path, dtype="float32", always_2d=True)
    return samples[:, 0]


def test_session_runs_in_real_time_and_writes_every_sample(session: dict, speech: tuple[Path, np.ndarray]) -> None:
    _, fed = speech
    recorded = read(session["file"])
    assert session["recorder"].state == "stopped"
    assert abs(session["wall"] - len(fed) / audio.SAMPLE_RATE) < 0.3  # paced like a microphone
    assert abs(len(recorded) - len(fed)) <= BLOCK * audio.SAMPLE_RATE
    assert len(recorded) == len(fed)  # stop after the last block: nothing is lost
    assert np.abs(recorded - fed).max() <= PCM16_STEP
    assert session["recorder"].elapsed == pytest.approx(len(fed) / audio.SAMPLE_RATE)


def test_file_is_named_by_date_in_the_folder(session: dict) -> None:
    file: Path = session["file"]
    assert file.suffix == ".flac"
    assert time.strftime("%Y-%m-%d") in file.name
    assert sf.info(file).format == "FLAC"


def test_live_audio_chunks_concatenate_to_the_recording(session: dict) -> None:
    live = np.concatenate(session["chunks"])
    recorded = read(session["file"])
    assert live.dtype == np.float32 and live.ndim == 1
    assert len(live) == len(recorded)
    assert np.abs(live - recorded).max() <= PCM16_STEP


def test_levels_follow_the_speech_ten_times_a_second(session: dict, speech: tuple[Path, np.ndarray]) -> None:
    levels = np.array(session["levels"])
    seconds = len(speech[1]) / audio.SAMPLE_RATE
    assert abs(len(levels) - seconds * 10) <= 1
    assert levels.min() >= 0 and levels.max() <= 1
    assert levels.max() == pytest.approx(min(1.0, np.abs(speech[1]).max()), abs=1e-6)


def test_levels_are_peaks_of_each_tenth_of_a_second(tmp_path: Path) -> None:
    quiet_then_loud = np.concatenate([np.zeros(16000), np.full(16000, 0.5)]).astype(np.float32)
    levels: list[float] = []
    source = FileSource(quiet_then_loud, speed=4)
    recorder = Recorder(source, tmp_path, on_level=levels.append)
    recorder.start()
    assert source.finished.wait(5)
    recorder.stop()
    assert levels == [0.0] * 10 + [0.5] * 10


def test_pause_excludes_the_paused_audio(speech: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    """Played at twice the speed: a 0.5 s pause skips about one second of the speech."""
    _, fed = speech
    source = FileSource(fed, speed=2)
    recorder = Recorder(source, tmp_path, fmt="wav")
    recorder.start()
    time.sleep(0.5)
    recorder.pause()
    assert recorder.state == "paused"
    time.sleep(0.5)
    recorder.resume()
    assert recorder.state == "recording"
    assert source.finished.wait(10)
    recorded = read(recorder.stop())

    # The recording is a prefix of the speech, then its whole end from after the gap.
    block = int(BLOCK * audio.SAMPLE_RATE)
    kept = next(k for k in range(0, len(recorded), block) if not np.allclose(recorded[k : k + block], fed[k : k + block], atol=PCM16_STEP))
    tail = len(recorded) - kept
    assert np.abs(recorded[kept:] - fed[len(fed) - tail :]).max() <= PCM16_STEP
    skipped = (len(fed) - len(recorded)) / audio.SAMPLE_RATE
    assert 0.6 <= skipped <= 1.4
    assert recorder.elapsed == pytest.approx(len(recorded) / audio.SAMPLE_RATE)


def test_wav_at_48_khz_stereo_and_its_16_khz_live_audio(tmp_path: Path) -> None:
    rate = 48000
    t = np.arange(2 * rate) / rate
    fed = np.stack([0.4 * np.sin(2 * np.pi * 220 * t), 0.2 * np.sin(2 * np.pi * 330 * t)], axis=1).astype(np.float32)
    chunks: list[np.ndarray] = []
    source = FileSource(fed, rate, speed=4)
    recorder = Recorder(source, tmp_path, fmt="wav", on_audio=chunks.append)
    recorder.start()
    assert source.finished.wait(5)
    file = recorder.stop()

    recorded, samplerate = sf.read(file, dtype="float32")
    assert samplerate == rate and recorded.shape == fed.shape
    assert np.abs(recorded - fed).max() <= PCM16_STEP
    live = np.concatenate(chunks)
    decoded = audio.decode(file)  # the offline path: FFmpeg's downmix and resampler
    assert abs(len(live) - len(decoded)) <= 32
    n = min(len(live), len(decoded))
    assert np.corrcoef(live[:n], decoded[:n])[0, 1] > 0.999


@pytest.mark.parametrize("fmt", ["wav", "flac"])
def test_sigkill_keeps_all_audio_up_to_the_last_second(fmt: str, speech: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    """A recording process killed mid-session leaves a valid file with all but its last moments."""
    path, fed = speech
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.recorder_child", str(path), str(tmp_path), fmt],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        started = time.monotonic()
        assert line.startswith("RECORDING "), line
        time.sleep(2.0)
        recorded_for = time.monotonic() - started
        child.kill()  # SIGKILL: no cleanup, no close, no final flush
    finally:
        child.wait()
    file = Path(line.split(" ", 1)[1].strip())

    # audio.decode is how the app transcribes a recording, and it checks the
    # file against what its header promises.
    kept = audio.decode(file)
    assert recorded_for - 1.0 <= len(kept) / audio.SAMPLE_RATE <= recorded_for + BLOCK
    assert np.abs(kept - fed[: len(kept)]).max() <= PCM16_STEP
    if fmt == "wav":  # the header itself was kept up to date, for every reader
        with wave.open(str(file)) as w:
            assert w.getnframes() == len(kept)
        assert np.abs(read(file) - kept).max() == 0


def test_device_error_stops_cleanly_and_keeps_the_audio(speech: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    _, fed = speech
    errors: list[RecorderError] = []
    source = FileSource(fed, speed=4, fail_after=1.0)
    recorder = Recorder(source, tmp_path, on_error=errors.append)
    file = recorder.start()
    wait_until_failed(recorder)
    assert recorder.state == "failed"
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith("The input device stopped working")
    assert "0:01" in message and str(file) in message
    assert recorder.stop() == file  # stop after a failure only hands back the file
    recorded = read(file)  # closed properly: libsndfile reads it too
    assert len(recorded) == audio.SAMPLE_RATE
    assert np.abs(recorded - fed[: len(recorded)]).max() <= PCM16_STEP


def test_disk_full_stops_recording_and_keeps_what_was_written(
    speech: tuple[Path, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC after one second of audio, raised by the file's write."""
    _, fed = speech
    real_write = sf.SoundFile.write
    written = [0]

    def write_until_full(self: sf.SoundFile, data: np.ndarray) -> None:
        if written[0] >= audio.SAMPLE_RATE:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, data)
        written[0] += len(data)

    monkeypatch.setattr(sf.SoundFile, "write", write_until_full)
    errors: list[RecorderError] = []
    source = FileSource(fed, speed=4)
    recorder = Recorder(source, tmp_path, fmt="wav", on_error=errors.append)
    file = recorder.start()
    wait_until_failed(recorder)
    assert recorder.stop() == file
    assert recorder.state == "failed"
    assert not source.finished.is_set()  # the recorder stopped its source
    assert [str(e).split(".")[0] for e in errors] == ["The disk is full"]
    monkeypatch.undo()
    assert len(read(file)) == audio.SAMPLE_RATE


def test_disk_full_on_a_real_tiny_filesystem(speech: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    """A 200 KiB tmpfs (root only) holds about six seconds of 16 kHz 16-bit audio."""
    _, fed = speech
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], check=False, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        errors: list[RecorderError] = []
        long_speech = np.tile(fed, 5)  # longer than the disk can hold
        recorder = Recorder(FileSource(long_speech, speed=20), mount, fmt="wav", on_error=errors.append)
        file = recorder.start()
        wait_until_failed(recorder)
        recorder.stop()
        assert recorder.state == "failed"
        assert str(errors[0]).startswith("The disk is full")
        kept = audio.decode(file)
        assert 5.0 < len(kept) / audio.SAMPLE_RATE < 6.6
        assert np.abs(kept - long_speech[: len(kept)]).max() <= PCM16_STEP
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_failing_listener_does_not_stop_the_recording(speech: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    _, fed = speech

    def broken(_: object) -> None:
        raise ValueError("listener bug")

    source = FileSource(fed[: audio.SAMPLE_RATE], speed=4)
    recorder = Recorder(source, tmp_path, on_level=broken, on_audio=broken)
    recorder.start()
    assert source.finished.wait(5)
    assert len(read(recorder.stop())) == audio.SAMPLE_RATE
    assert recorder.state == "stopped"


def test_recordings_never_overwrite_each_other(tmp_path: Path) -> None:
    tone = np.full(1600, 0.1, dtype=np.float32)
    files = []
    for _ in range(2):
        source = FileSource(tone, speed=10)
        recorder = Recorder(source, tmp_path, name='Weekly: sync/plan')
        files.append(recorder.start())
        assert source.finished.wait(5)
        recorder.stop()
    assert files[0] != files[1]
    assert all("Weekly_ sync_plan" in f.name and f.parent == tmp_path for f in files)


def test_input_that_cannot_open_leaves_no_file(tmp_path: Path) -> None:
    class Unplugged(FileSource):
        def start(self, on_block, on_error) -> None:
            raise OSError(errno.ENODEV, "No such device")

    with pytest.raises(RecorderError, match="could not be opened: No such device"):
        Recorder(Unplugged(np.zeros(1600, dtype=np.float32)), tmp_path).start()
    assert list(tmp_path.iterdir()) == []


def test_no_portaudio_means_no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import fails, as without libportaudio
    assert list_input_devices() == []
    with pytest.raises(RecorderError, match="No microphone"):
        SoundDeviceSource()


def test_portaudio_without_input_devices_means_no_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = pytest.importorskip("sounddevice")
    speakers_only = [{"name": "speakers", "max_input_channels": 0, "max_output_channels": 2, "default_samplerate": 48000.0}]
    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: speakers_only)
    assert list_input_devices() == []

    def broken(*_a: object, **_k: object) -> None:
        raise sd.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sd, "query_devices", broken)
    assert list_input_devices() == []
