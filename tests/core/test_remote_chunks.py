"""core/remote_chunks: chunks cover the audio exactly, cut in pauses, fit the size limit."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
import soundfile

from malsori.core import audio, remote_chunks
from tests.speech import ENGLISH_TEXT, JFK_TEXT, joined, speak


@pytest.fixture(scope="module")
def paused(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Speech with pauses, and where the pauses are (seconds)."""
    folder = tmp_path_factory.mktemp("chunks")
    english, jfk = speak(ENGLISH_TEXT, folder / "e.wav"), speak(JFK_TEXT, folder / "j.wav")
    a, b = audio.probe_duration(english), audio.probe_duration(jfk)
    samples = audio.decode(joined(folder / "paused.wav", english, 1.5, jfk, 1.5, jfk))
    return samples, [(a, a + 1.5), (a + 1.5 + b, a + 3.0 + b)]


def test_chunks_cover_the_samples_without_gap_or_overlap(paused):
    samples, _pauses = paused
    chunks = list(remote_chunks.chunks(samples, chunk_s=12.0))
    assert len(chunks) >= 3 and [c.index for c in chunks] == list(range(len(chunks)))
    assert chunks[0].start == 0.0 and chunks[-1].end == pytest.approx(samples.size / audio.SAMPLE_RATE)
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:]))
    joined_back = np.concatenate([c.samples() for c in chunks])
    assert joined_back.size == samples.size
    assert np.array_equal(joined_back, samples)  # float WAV: exactly the samples, not a rounding of them


def test_a_cut_falls_in_the_middle_of_a_pause_the_vad_hears(paused):
    samples, pauses = paused
    lo, hi = pauses[0]
    search = (round((lo - 3) * audio.SAMPLE_RATE), round((hi + 3) * audio.SAMPLE_RATE))
    cut = remote_chunks.pause_cut(samples, *search) / audio.SAMPLE_RATE
    assert lo < cut < hi


def test_a_size_limit_makes_chunks_smaller_and_an_impossible_one_is_refused(paused):
    samples, _pauses = paused
    whole = list(remote_chunks.chunks(samples, chunk_s=120.0))
    limit = len(whole[0].wav) // 3
    fitted = list(remote_chunks.chunks(samples, chunk_s=120.0, max_bytes=limit))
    assert len(whole) == 1 and len(fitted) >= 3
    assert all(len(c.wav) <= limit for c in fitted)
    assert all(a.end == b.start for a, b in zip(fitted, fitted[1:]))
    with pytest.raises(remote_chunks.ChunkTooLarge, match="the server accepts"):
        list(remote_chunks.chunks(samples, chunk_s=120.0, max_bytes=1000))


def test_the_same_samples_give_the_same_bytes_at_any_time(paused):
    # libsndfile's float WAVs carry the time they were written (a PEAK chunk): the resume cache,
    # keyed on a chunk's bytes, then never found a chunk sent a second later
    samples, _pauses = paused
    first = remote_chunks.encode_wav(samples[:16000])
    time.sleep(1.1)
    again = remote_chunks.encode_wav(samples[:16000])
    assert first == again
    assert np.array_equal(soundfile.read(io.BytesIO(again), dtype="float32")[0], samples[:16000])
