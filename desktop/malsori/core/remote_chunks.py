"""Cutting a file into chunks a transcription server accepts: at pauses, lossless, in order.

Servers cap what one request may carry (vLLM: 25 MB by default; `malsori serve`:
its ``--max-upload-mb`` and ``--max-minutes``), and a file sent in several
pieces can be transcribed by several requests at once. The rules:

* The file is decoded as a stream and cut with :func:`long_audio.windows`, so
  chunks neither overlap nor leave a gap: no sample is heard twice or never, and
  memory does not grow with the file's length.
* A cut falls in the middle of the longest pause the VAD (Silero, the one
  faster-whisper filters with) finds in the last :data:`SEARCH_S` seconds of a
  chunk (:func:`pause_cut`), so no word is cut in two; where the VAD hears no
  pause (music under speech) it falls at the quietest point
  (:func:`long_audio.quiet_cut`).
* Each chunk is a 32-bit float WAV of the 16 kHz mono samples: lossless, so
  the server transcribes exactly the samples a local run would. Anything less
  was measured to change the transcript: 16-bit FLAC moved a cue's end by
  0.1 s, and even 24-bit FLAC (a rounding of one part in sixteen million) made
  tiny.en hear "end" where the local run heard "send". The cost is 64 kB a
  second (24-bit FLAC: about 32 kB), so a chunk of two minutes is 7.7 MB, a
  third of vLLM's 25 MB limit. A chunk that would pass the size limit is cut
  again at a pause.

Nothing here imports Qt.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import numpy as np
import soundfile

from . import audio, long_audio

#: A chunk's nominal length: long enough that Whisper has context and cuts are
#: few, short enough that a ten-minute file is five requests several servers share.
CHUNK_S = 120.0
#: The cut is sought in the last this many seconds of a chunk.
SEARCH_S = 30.0
#: The shortest gap between two stretches of speech the VAD must hear for a cut to
#: fall in it; shorter ones go to the RMS judge, which finds the quietest point.
MIN_PAUSE_S = 0.2
#: The shortest chunk a size limit may force (below this, the limit is refused).
MIN_CHUNK_S = 5.0


class ChunkTooLarge(ValueError):
    """Even the shortest chunk would pass the server's upload limit."""


@dataclass(frozen=True)
class Chunk:
    """One piece of the file, ready to send: where it lies in the file and its WAV bytes."""

    index: int
    start: float  # seconds from the file's start
    end: float
    wav: bytes

    def samples(self) -> np.ndarray:
        """The chunk's audio again (16 kHz mono float32), for work that needs to hear it."""
        data, _rate = soundfile.read(io.BytesIO(self.wav), dtype="float32")
        return data


def pause_cut(samples: np.ndarray, lo: int, hi: int) -> int:
    """The sample in [``lo``, ``hi``] at the middle of the longest pause the VAD hears there.

    Gaps before the first and after the last stretch of speech count too (a
    region that ends in silence is cut in that silence). No pause of at least
    :data:`MIN_PAUSE_S`: :func:`long_audio.quiet_cut` decides.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    region = samples[lo:hi]
    speech = get_speech_timestamps(region, VadOptions(min_silence_duration_ms=100, speech_pad_ms=0))
    if not speech:
        return lo + (hi - lo) // 2  # all silence: its middle is as far from speech as anything
    bounds = [0] + [edge for s in speech for edge in (s["start"], s["end"])] + [region.size]
    gaps = [(bounds[i + 1] - bounds[i], bounds[i]) for i in range(0, len(bounds), 2)]
    length, start = max(gaps, key=lambda gap: gap[0])
    if length < MIN_PAUSE_S * audio.SAMPLE_RATE:
        return long_audio.quiet_cut(samples, lo, hi)
    return lo + start + length // 2


def encode_wav(samples: np.ndarray) -> bytes:
    """``samples`` (16 kHz mono float32) as float WAV bytes (see the module's docstring for why not FLAC).

    The header is written here rather than by soundfile because libsndfile adds a PEAK chunk
    holding the time of writing to float WAVs: the same samples would give different bytes each
    time, and the resume cache is keyed on a chunk's bytes (so are servers' own caches).
    """
    data = np.ascontiguousarray(samples, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, audio.SAMPLE_RATE, 4 * audio.SAMPLE_RATE, 4, 32)  # 3: IEEE float
    fact = struct.pack("<I", samples.size)  # the sample count every non-PCM WAV carries
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"fact" + struct.pack("<I", 4) + fact
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def chunks_of(pieces: Iterable[np.ndarray], chunk_s: float = CHUNK_S, max_bytes: int | None = None
              ) -> Iterator[Chunk]:
    """Consecutive chunks of the samples ``pieces`` yield, each within ``chunk_s`` (plus the search
    room of the last one) and, when ``max_bytes`` is given, within that many bytes of WAV.

    Raises ChunkTooLarge when a chunk of :data:`MIN_CHUNK_S` would still be too large.
    """
    index = 0
    search = min(SEARCH_S, chunk_s / 4)
    for offset, samples in long_audio.windows(pieces, chunk_s, search, pause_cut):
        for start, wav, size in _fitted(samples, max_bytes):
            first = offset + start  # in samples: a chunk's end is exactly the next one's start
            yield Chunk(index, first / audio.SAMPLE_RATE, (first + size) / audio.SAMPLE_RATE, wav)
            index += 1


def _fitted(samples: np.ndarray, max_bytes: int | None) -> Iterator[tuple[int, bytes, int]]:
    """(first sample, WAV, sample count) of ``samples`` cut at pauses until each piece fits ``max_bytes``."""
    wav = encode_wav(samples)
    if max_bytes is None or len(wav) <= max_bytes:
        yield 0, wav, samples.size
        return
    if samples.size < 2 * MIN_CHUNK_S * audio.SAMPLE_RATE:
        per_chunk = len(wav) * MIN_CHUNK_S * audio.SAMPLE_RATE / samples.size
        raise ChunkTooLarge(f"{MIN_CHUNK_S:g} s of audio take {per_chunk / 1e6:.1f} MB as WAV, "
                            f"more than the {max_bytes / 1e6:.1f} MB the server accepts")
    quarter = samples.size // 4
    cut = pause_cut(samples, quarter, samples.size - quarter)
    yield from _fitted(samples[:cut], max_bytes)
    for start, piece, size in _fitted(samples[cut:], max_bytes):
        yield cut + start, piece, size


def chunks(source: audio.Source | np.ndarray, chunk_s: float = CHUNK_S, max_bytes: int | None = None,
           cancel: Callable[[], bool] | None = None) -> Iterator[Chunk]:
    """:func:`chunks_of` a file (decoded as a stream, raising audio.AudioError for bad input) or of samples."""
    pieces = [source] if isinstance(source, np.ndarray) else audio.stream(source, cancel=cancel)
    return chunks_of(pieces, chunk_s, max_bytes)
