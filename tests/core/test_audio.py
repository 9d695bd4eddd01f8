"""Tests for malsori.core.audio: decoding real media files, lengths, bad input, peaks.

Every file is real: espeak-ng speech encoded by PyAV's bundled FFmpeg into each
container the app claims to read, then damaged the ways files get damaged.
"""

from __future__ import annotations

import io
import time
import wave
from pathlib import Path

import av
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from malsori.core.audio import (
    MEDIA_SUFFIXES,
    SAMPLE_RATE,
    AudioError,
    DecodeCancelled,
    decode,
    probe_duration,
    waveform_peaks,
)

from tests.audio_fixtures import encode, read_wav, resample
from tests.speech import speak

# suffix -> (audio codec, video codec or None, sample rate, channels). Rates and
# channel counts vary so decoding also resamples and downmixes. FFmpeg's own
# Vorbis encoder (libvorbis is not in PyAV's wheel) only encodes stereo; Opus
# only takes 48 kHz and friends.
FORMATS = {
    ".wav": ("pcm_s16le", None, 22050, 1),
    ".flac": ("flac", None, 44100, 2),
    ".mp3": ("libmp3lame", None, 44100, 2),
    ".m4a": ("aac", None, 48000, 1),
    ".ogg": ("vorbis", None, 44100, 2),
    ".opus": ("libopus", None, 48000, 1),
    ".mp4": ("aac", "libx264", 48000, 2),
    ".mkv": ("libopus", "libx264", 48000, 2),
    ".webm": ("libopus", "libvpx-vp9", 48000, 1),
}

#: Healthy files decode to their source length within this (AAC adds 12 ms of
#: priming, Opus trims 6.5 ms of pre-skip; see audio.TRUNCATION_TOLERANCE).
LENGTH_TOLERANCE_S = 0.03


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file per format in FORMATS, all carrying the same 5 s of speech, plus the source."""
    folder = tmp_path_factory.mktemp("media")
    source = speak("Hello world. This is a test of the Malsori transcriber.", folder / "source.wav")
    samples, rate = read_wav(source)
    files = {"source": source}
    for suffix, (codec, video_codec, new_rate, channels) in FORMATS.items():
        data = np.vstack([samples] * channels)
        data = resample(data, rate, new_rate) if new_rate != rate else data
        files[suffix] = encode(folder / f"speech{suffix}", data, new_rate, codec, video_codec=video_codec)
    return files


@pytest.fixture(scope="module")
def reference(media: dict[str, Path]) -> np.ndarray:
    """The source speech at 16 kHz, decoded from the lossless WAV espeak-ng wrote."""
    return decode(media["source"])


def envelope(samples: np.ndarray, window: int = 320) -> np.ndarray:
    """RMS per 20 ms window: compares lossy decodes with the source despite codec delay."""
    usable = len(samples) // window * window
    return np.sqrt((samples[:usable].reshape(-1, window) ** 2).mean(axis=1))


def dominant_frequencies(samples: np.ndarray, count: int) -> list[float]:
    """The ``count`` strongest frequencies (Hz) of 16 kHz samples, strongest first."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / SAMPLE_RATE)
    peaks: list[float] = []
    for index in np.argsort(spectrum)[::-1]:
        if all(abs(freqs[index] - f) > 20 for f in peaks):
            peaks.append(float(freqs[index]))
        if len(peaks) == count:
            return peaks
    return peaks


def tone_file(path: Path, rate: int, left_hz: float, right_hz: float | None, seconds: float = 1.0) -> Path:
    """A stereo WAV with a sine in the left channel and another (or silence) in the right."""
    t = np.arange(int(rate * seconds)) / rate
    left = np.sin(2 * np.pi * left_hz * t)
    right = np.sin(2 * np.pi * right_hz * t) if right_hz else np.zeros_like(t)
    return encode(path, (np.vstack([left, right]) * 12000).astype(np.int16), rate, "pcm_s16le")


def cut_in_half(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


# --- decoding every format ----------------------------------------------------------


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_format_decodes_to_16k_mono_float32_speech(media, reference, suffix):
    samples = decode(media[suffix])

    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) - len(reference)) / SAMPLE_RATE < LENGTH_TOLERANCE_S
    # It is the same speech: the loudness contour follows the source's.
    a, b = envelope(samples), envelope(reference)
    n = min(len(a), len(b))
    assert np.corrcoef(a[:n], b[:n])[0, 1] > 0.95
    assert 0.01 < np.sqrt(np.mean(samples**2)) < 1.0


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_probe_duration_agrees_with_decoded_length(media, suffix):
    decoded_seconds = len(decode(media[suffix])) / SAMPLE_RATE
    assert probe_duration(media[suffix]) == pytest.approx(decoded_seconds, abs=LENGTH_TOLERANCE_S)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_high_rate_stereo_is_resampled_without_changing_pitch(tmp_path, rate):
    samples = decode(tone_file(tmp_path / "tone.wav", rate, 440, 440, seconds=2.0))

    assert len(samples) == pytest.approx(2 * SAMPLE_RATE, abs=2)
    assert dominant_frequencies(samples, 1)[0] == pytest.approx(440, abs=2)


def test_stereo_downmix_keeps_both_channels(tmp_path):
    samples = decode(tone_file(tmp_path / "two-tones.wav", 44100, 440, 1000))

    assert sorted(dominant_frequencies(samples, 2)) == pytest.approx([440, 1000], abs=2)
    right_only = decode(tone_file(tmp_path / "right.wav", 48000, 0, 660))
    assert np.sqrt(np.mean(right_only**2)) > 0.1


def test_mp3s_joined_end_to_end_decode_whole(media, reference, tmp_path):
    # `cat a.mp3 b.mp3`: the sample rate and channels change mid-stream, and the
    # first part's Xing header describes only the first part; neither is damage.
    mono_22k = encode(tmp_path / "a.mp3", read_wav(media["source"])[0], 22050, "libmp3lame")
    joined = tmp_path / "joined.mp3"
    joined.write_bytes(mono_22k.read_bytes() + media[".mp3"].read_bytes())  # then 44.1 kHz stereo

    assert len(decode(joined)) == pytest.approx(2 * len(reference), rel=0.02)


def test_decodes_from_a_file_object_like_from_its_path(media):
    with open(media[".mp3"], "rb") as f:
        from_object = decode(f)

    np.testing.assert_allclose(from_object, decode(media[".mp3"]), atol=1e-6)


def test_progress_reports_seconds_decoded_and_cancel_stops(tmp_path):
    # 40 s at 48 kHz: four chunks of about 10 s, one progress call after each.
    long = tone_file(tmp_path / "long.wav", 48000, 300, 300, seconds=40.0)
    seen: list[float] = []
    samples = decode(long, progress=seen.append)

    assert len(seen) >= 4 and seen == sorted(seen)
    assert seen[-1] == pytest.approx(len(samples) / SAMPLE_RATE) == pytest.approx(40.0, abs=0.01)

    polled: list[float] = []
    with pytest.raises(DecodeCancelled, match="long.wav"):
        decode(long, progress=polled.append, cancel=lambda: len(polled) >= 1)
    assert polled == [pytest.approx(seen[0])]  # stopped after the first chunk


# --- bad input ----------------------------------------------------------------------


def assert_refused(path, *words: str) -> str:
    """decode() raises AudioError naming the file and saying what is wrong."""
    with pytest.raises(AudioError) as caught:
        decode(path)
    message = str(caught.value)
    assert Path(path).name in message
    for word in words:
        assert word in message
    return message


def test_text_renamed_to_wav_is_refused(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("Meeting notes: this is text, not sound.\n" * 50)
    assert_refused(path, "not a readable audio or video file")
    with pytest.raises(AudioError, match="notes.wav"):
        probe_duration(path)


def test_text_file_is_not_an_audio_or_video_file(tmp_path):
    path = tmp_path / "song.txt"
    path.write_text("la la la\n")
    assert assert_refused(path) == "song.txt is not an audio or video file"


@pytest.mark.parametrize("name", ["noise.wav", "noise.mp3", "noise.aac", "noise.flac"])
def test_random_bytes_are_refused_not_decoded_to_noise(tmp_path, name):
    # FFmpeg trusts a .mp3/.aac/.flac suffix and "finds" a stream in random bytes;
    # the few packets that happen to decode must not come back as audio.
    path = tmp_path / name
    path.write_bytes(np.random.default_rng(7).bytes(200_000))
    message = assert_refused(path)
    assert any(word in message for word in ("corrupt", "not a readable"))


def test_zero_byte_file_is_empty(tmp_path):
    path = tmp_path / "empty.wav"
    path.touch()
    assert assert_refused(path) == "empty.wav is empty (0 bytes)"


def test_probe_duration_of_a_stream_that_states_no_length(tmp_path):
    # A WebM written without seeking (browser recordings) has no Duration element:
    # probe_duration falls back to the last packet's timestamp.
    source, rate = read_wav(speak("Recorded live in a browser.", tmp_path / "source.wav"))
    path = encode(tmp_path / "live.webm", resample(source, rate, 48000), 48000, "libopus", streamed=True)
    with av.open(str(path)) as container:
        assert container.duration is None  # the premise: nothing to read the length from

    assert probe_duration(path) == pytest.approx(source.shape[1] / rate, abs=LENGTH_TOLERANCE_S)
    assert probe_duration(path) == pytest.approx(len(decode(path)) / SAMPLE_RATE, abs=LENGTH_TOLERANCE_S)


def test_wav_header_without_samples_is_empty(tmp_path):
    path = tmp_path / "header-only.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
    assert path.stat().st_size == 44
    assert_refused(path, "empty")
    assert probe_duration(path) == 0.0


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".flac", ".webm", ".mkv"])
def test_file_cut_in_half_is_truncated(media, tmp_path, suffix):
    # FFmpeg decodes the first half of each of these without any error; only the
    # header (RIFF size, LAME/Xing frame count, FLAC STREAMINFO, Matroska DURATION)
    # remembers the full length.
    cut = cut_in_half(media[suffix], tmp_path / f"cut{suffix}")
    assert_refused(cut, "truncated")


def test_truncated_file_can_be_decoded_anyway_when_asked(media, reference, tmp_path):
    cut = cut_in_half(media[".mp3"], tmp_path / "cut.mp3")
    part = decode(cut, allow_truncated=True)

    assert 0.3 * len(reference) < len(part) < 0.7 * len(reference)


def test_mp4_cut_before_its_index_is_refused(media, tmp_path):
    cut = cut_in_half(media[".mp4"], tmp_path / "cut.mp4")
    assert_refused(cut, "corrupt, truncated")


def test_garbage_inside_a_file_is_refused(media, tmp_path):
    data = bytearray(media[".m4a"].read_bytes())
    third = len(data) // 3
    data[third : 2 * third] = np.random.default_rng(3).bytes(third)
    path = tmp_path / "damaged.m4a"
    path.write_bytes(bytes(data))
    assert_refused(path, "corrupt")


def test_video_without_audio_track(tmp_path):
    path = encode(tmp_path / "silent-film.mp4", None, 16000, None, video_codec="libx264")
    assert assert_refused(path) == "silent-film.mp4 has no audio track"
    with pytest.raises(AudioError, match="silent-film.mp4 has no audio track"):
        probe_duration(path)


def test_missing_path_and_folder(tmp_path):
    assert assert_refused(tmp_path / "gone.wav") == "gone.wav: file not found"
    with pytest.raises(AudioError, match="gone.wav: file not found"):
        probe_duration(tmp_path / "gone.wav")
    assert_refused(tmp_path, "is a folder")


def test_errors_keep_ffmpegs_exception_as_cause(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("not audio")
    with pytest.raises(AudioError) as caught:
        decode(path)
    assert caught.value.__cause__ is not None


def test_empty_file_object_is_empty():
    with pytest.raises(AudioError, match="empty"):
        decode(io.BytesIO(b""))


def test_media_suffixes_cover_the_formats_we_decode():
    assert set(FORMATS) <= MEDIA_SUFFIXES
    assert all(s.startswith(".") and s == s.lower() for s in MEDIA_SUFFIXES)


# --- waveform peaks -----------------------------------------------------------------


def naive_peaks(samples: np.ndarray, buckets: int) -> np.ndarray:
    """The documented layout, one bucket at a time."""
    n = len(samples)
    out = np.zeros((buckets, 2), dtype=np.float32)
    if n == 0:
        return out
    if buckets >= n:
        for i in range(buckets):
            out[i] = samples[i * n // buckets]
        return out
    q, r = divmod(n, buckets)
    start = 0
    for i in range(buckets):
        size = q + 1 if i < r else q
        out[i] = samples[start : start + size].min(), samples[start : start + size].max()
        start += size
    return out


@settings(max_examples=300, deadline=None)
@given(
    samples=arrays(np.float32, st.integers(0, 300), elements=st.floats(-1, 1, width=32)),
    buckets=st.integers(1, 400),
)
def test_peaks_match_a_naive_loop(samples, buckets):
    peaks = waveform_peaks(samples, buckets)

    assert peaks.shape == (buckets, 2) and peaks.dtype == np.float32
    np.testing.assert_array_equal(peaks, naive_peaks(samples, buckets))
    assert np.all(peaks[:, 0] <= peaks[:, 1])


def test_peaks_of_uneven_lengths_cover_every_sample():
    samples = np.arange(10, dtype=np.float32)
    peaks = waveform_peaks(samples, 4)  # sizes 3, 3, 2, 2

    np.testing.assert_array_equal(peaks, [[0, 2], [3, 5], [6, 7], [8, 9]])
    np.testing.assert_array_equal(waveform_peaks(samples[:3], 6)[:, 0], [0, 0, 1, 1, 2, 2])


def test_peaks_of_an_hour(capsys):
    second = np.random.default_rng(0).uniform(-1, 1, SAMPLE_RATE).astype(np.float32)
    hour = np.tile(second, 3600)
    hour[123_456] = 1.5  # a clipped spike must show in its bucket
    start = time.perf_counter()
    peaks = waveform_peaks(hour, 4000)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nwaveform_peaks: one hour (57.6 M samples) into 4000 buckets in {elapsed * 1000:.0f} ms")

    assert peaks.shape == (4000, 2)
    assert peaks[123_456 // (len(hour) // 4000), 1] == 1.5
    assert peaks[:, 1].max() == 1.5 and peaks[:, 0].min() >= -1


def test_peaks_reject_bad_arguments():
    with pytest.raises(ValueError):
        waveform_peaks(np.zeros(10, np.float32), 0)
    with pytest.raises(ValueError):
        waveform_peaks(np.zeros((2, 10), np.float32), 4)
