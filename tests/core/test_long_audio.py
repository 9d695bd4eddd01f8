"""Tests for cutting long audio into windows (core/long_audio.py) and streamed decoding.

No model here: the windows and their cuts are pure functions of the samples, and
audio.stream is checked against audio.decode on real files. Transcription across
windows with the real model is in tests/integration/test_long_audio.py.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from malsori.core import audio, long_audio
from malsori.core.long_audio import quiet_cut, windows

RATE = audio.SAMPLE_RATE


def tone(seconds: float, level: float = 0.5, hz: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def silence(seconds: float, level: float = 0.0, seed: int = 0) -> np.ndarray:
    noise = np.random.default_rng(seed).standard_normal(round(seconds * RATE))
    return (level * noise).astype(np.float32)


def chunked(samples: np.ndarray, size: int) -> list[np.ndarray]:
    return [samples[i : i + size] for i in range(0, samples.size, size)]


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


# --- where a window is cut ---------------------------------------------------------------


def test_the_cut_falls_in_the_middle_of_the_longest_pause() -> None:
    # tone 0-4 s, pause 4-4.3 s, tone 4.3-6 s, pause 6-7 s, tone 7-10 s
    samples = np.concatenate([tone(4), silence(0.3), tone(1.7), silence(1.0), tone(3)])
    cut = quiet_cut(samples, 0, samples.size)
    assert cut / RATE == pytest.approx(6.5, abs=long_audio.FRAME_S)


def test_a_noisy_room_still_cuts_in_its_pause_not_in_speech() -> None:
    """Background noise at -40 dBFS is not silence by any absolute bound: the pause
    is found relative to the recording's own floor."""
    noise = silence(10, level=0.01, seed=1)
    speech = np.concatenate([tone(3), np.zeros(round(0.8 * RATE), np.float32), tone(6.2)])
    samples = noise + speech
    cut = quiet_cut(samples, round(1 * RATE), round(9 * RATE))
    assert 3.0 < cut / RATE < 3.8


def test_without_any_pause_the_cut_is_at_the_quietest_moment() -> None:
    level = np.ones(10 * RATE, dtype=np.float32) * 0.5
    level[round(6.2 * RATE) : round(6.22 * RATE)] = 0.2  # one softer 20 ms frame
    samples = level * tone(10, level=1.0)
    cut = quiet_cut(samples, 5 * RATE, 8 * RATE)
    assert cut / RATE == pytest.approx(6.21, abs=long_audio.FRAME_S)


def test_the_cut_stays_inside_the_span_searched() -> None:
    samples = np.concatenate([silence(5), tone(5)])  # the pause lies before the span
    cut = quiet_cut(samples, 6 * RATE, 9 * RATE)
    assert 6 * RATE <= cut <= 9 * RATE


# --- windows -------------------------------------------------------------------------------


def test_windows_join_back_into_exactly_the_input() -> None:
    """No sample is lost at a cut and none is heard twice."""
    rng = np.random.default_rng(2)
    parts = []
    for _ in range(40):
        parts += [tone(rng.uniform(2, 8), hz=rng.uniform(100, 400)), silence(rng.uniform(0.2, 1.5), 1e-3)]
    samples = np.concatenate(parts)
    cut = list(windows(chunked(samples, 12_345), window_s=30, search_s=10))
    assert len(cut) > 5
    offsets = [offset for offset, _ in cut]
    assert offsets[0] == 0
    assert all(a + w.size == b for (a, w), b in zip(cut, offsets[1:]))
    assert np.array_equal(np.concatenate([w for _, w in cut]), samples)
    for _, window in cut[:-1]:
        assert 20 * RATE <= window.size <= 30 * RATE
    assert cut[-1][1].size >= 10 * RATE  # no stub of a last window


def test_every_cut_falls_in_a_pause_when_there_are_pauses() -> None:
    rng = np.random.default_rng(3)
    parts, pauses, at = [], [], 0.0
    for _ in range(30):
        speech, pause = rng.uniform(3, 9), rng.uniform(0.4, 1.2)
        parts += [tone(speech), silence(pause)]
        at += speech
        pauses.append((at, at + pause))
        at += pause
    samples = np.concatenate(parts)
    offsets = [offset / RATE for offset, _ in windows(chunked(samples, RATE * 7), window_s=40, search_s=12)]
    assert len(offsets) > 3
    for cut in offsets[1:]:
        assert any(a < cut < b for a, b in pauses), f"cut at {cut:.2f} s is not in a pause"


def test_input_up_to_a_window_and_its_search_span_is_one_window() -> None:
    samples = tone(39.9)
    assert [(o, w.size) for o, w in windows(chunked(samples, 5000), window_s=30, search_s=10)] == [(0, samples.size)]
    assert list(windows([], window_s=30)) == []


def test_windows_of_a_stream_hold_one_window_not_the_whole() -> None:
    """Chunks are consumed only as windows are needed: the generator never reads ahead."""
    read = []

    def chunks():
        for i in range(100):
            read.append(i)
            yield tone(1)

    stream = windows(chunks(), window_s=10, search_s=2)
    next(stream)
    assert len(read) <= 13  # one window plus its search span, then the chunk that filled it


def test_window_length_must_be_positive() -> None:
    with pytest.raises(ValueError):
        list(windows([tone(1)], window_s=0))


# --- streamed decoding ---------------------------------------------------------------------


def test_stream_yields_exactly_what_decode_returns(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "tones.wav", np.concatenate([tone(25), silence(3, 0.01), tone(40, hz=330)]))
    chunks = list(audio.stream(path))
    assert len(chunks) > 1
    assert max(c.size for c in chunks) < 40 * RATE
    assert np.array_equal(np.concatenate(chunks), audio.decode(path))


def test_a_truncated_stream_is_refused_after_its_last_chunk(tmp_path: Path) -> None:
    """What could be read is yielded; the damage is reported when the end shows it."""
    path = write_wav(tmp_path / "cut.wav", tone(60))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    got: list[np.ndarray] = []
    with pytest.raises(audio.AudioError, match="truncated"):
        for chunk in audio.stream(path):
            got.append(chunk)
    assert sum(c.size for c in got) == pytest.approx(30 * RATE, abs=RATE)
    assert sum(c.size for c in audio.stream(path, allow_truncated=True)) == sum(c.size for c in got)


def test_a_file_that_is_not_audio_is_refused_before_any_chunk(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("not audio\n" * 100)
    with pytest.raises(audio.AudioError, match="notes.wav"):
        next(audio.stream(path))


def test_a_cut_off_file_is_found_from_its_packets_before_decoding(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "download.wav", tone(120))
    audio.check_complete(path)  # whole: no complaint
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(audio.AudioError, match="truncated.*should last 2:00"):
        audio.check_complete(path)
