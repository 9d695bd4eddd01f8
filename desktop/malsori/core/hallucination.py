"""Text Whisper made up: repetition loops, and words written on silence or noise.

Whisper is a language model as much as a recogniser: given a window it cannot
make sense of, it writes what text usually looks like. Two kinds were found in
Malsori's transcripts and are recognised here, so the engine can decode the
audio again or drop the text (see :mod:`malsori.core.engine`):

* **Repetition loops**: one phrase written over and over ("ask what you can do
  for you," twenty times in one segment). A segment is a loop when a phrase of
  one to :data:`LOOP_MAX_WORDS` words repeats back to back as often as
  :data:`LOOP_ROUNDS` says no speaker does, when its text compresses more than
  :data:`LOOP_COMPRESSION_RATIO` (gzip, faster-whisper's own measure of
  repetitiveness, here for one segment rather than a 30 s window), or when it
  has more words than a person says in its time (:data:`MAX_WORDS_PER_SECOND`).
  Segments are checked after they are split at pauses
  (:mod:`malsori.core.segmentation`), so a sentence said again after a pause is
  two segments, not a loop.
* **Invented text on non-speech**: "You" on silence, "..." on noise. A segment
  with no letter or digit is not speech; a segment the model itself thought
  was likely silence (no-speech probability above :data:`NO_SPEECH_PROB`), or
  whose every word it barely believed (:func:`barely_believed`), is kept only
  if Silero VAD hears speech in its span. Neither signal alone drops a segment
  of real words: quiet speech often has a high no-speech probability or unsure
  words, and VAD misses some speech, but both failing together is text on
  silence. (The second was found on a quarter second of noise at the end of a
  file, decoded as a window of its own: "you", no-speech probability 0.38, word
  probability 0.015.)

Nothing here imports Qt.
"""

from __future__ import annotations

import unicodedata
from typing import Mapping, Sequence

import numpy as np

from .agreement import normalize
from .audio import SAMPLE_RATE
from .segmentation import timed_by_words
from .transcript import Segment

#: Rounds, by phrase length in words, that make a loop: a word said six times
#: running, two words four times, a longer phrase three times. People repeat a
#: word or two for emphasis ("no, no, no"), rarely more; phrases longer than
#: these are caught by the compression ratio.
LOOP_ROUNDS: Mapping[int, int] = {1: 6, 2: 4}
LOOP_ROUNDS_LONGER = 3
LOOP_MAX_WORDS = 8

#: gzip compression ratio above which a segment's text is a loop (faster-whisper
#: falls back to sampling above 2.4 for a whole window). Text shorter than
#: :data:`LOOP_MIN_CHARS` compresses poorly whatever it says, so it is not measured.
LOOP_COMPRESSION_RATIO = 2.4
LOOP_MIN_CHARS = 60

#: Fast speech is four words a second; a segment of at least
#: :data:`RATE_MIN_WORDS` words above this rate was written, not heard.
MAX_WORDS_PER_SECOND = 8.0
RATE_MIN_WORDS = 8

#: faster-whisper's own no-speech threshold: above it the model thought the
#: window was silence.
NO_SPEECH_PROB = 0.6

#: A word the model gives less than this probability is one it barely believes
#: (the editor's review marks words below 0.5 as unsure).
BARELY_BELIEVED_PROB = 0.1

#: Audio around a segment given to VAD, so a word at its edge is heard whole.
VAD_PAD_S = 0.2


def compression_ratio(text: str) -> float:
    """Bytes of ``text`` over bytes of its zlib compression: faster-whisper's own
    measure, so the bound means what its temperature fallback's does."""
    from faster_whisper.transcribe import get_compression_ratio

    return get_compression_ratio(text)


def repeated_run(
    keys: Sequence[str],
    rounds: Mapping[int, int] = LOOP_ROUNDS,
    longer: int = LOOP_ROUNDS_LONGER,
    max_words: int = LOOP_MAX_WORDS,
) -> tuple[int, int] | None:
    """(start, phrase length) of the first phrase in ``keys`` repeated back to
    back at least ``rounds[length]`` times (``longer`` for lengths not listed),
    or None. ``keys`` are normalised words (agreement.normalize)."""
    for start in range(len(keys)):
        for size in range(1, max_words + 1):
            phrase = list(keys[start : start + size])
            if len(phrase) < size:
                break
            count = 1
            while list(keys[start + count * size : start + (count + 1) * size]) == phrase:
                count += 1
            if count >= rounds.get(size, longer):
                return start, size
    return None


def is_loop(segment: Segment) -> bool:
    """Whether ``segment`` reads as a repetition loop (see the module's rules)."""
    if repeated_run(_keys(segment)) is not None:
        return True
    if len(segment.text) >= LOOP_MIN_CHARS and compression_ratio(segment.text) > LOOP_COMPRESSION_RATIO:
        return True
    words = len(segment.words)
    return words >= RATE_MIN_WORDS and words > MAX_WORDS_PER_SECOND * max(segment.duration, 1e-3)


def cut_loop(segment: Segment) -> Segment:
    """``segment`` up to the end of the first round of its repetition loop,
    retimed by the words kept (unchanged when no repeated phrase is found)."""
    found = repeated_run(_keys(segment))
    if found is None:
        return segment
    start, size = found
    if segment.words:
        return timed_by_words(segment.words[: start + size], segment.reviewed)
    tokens = segment.text.split()
    return Segment(segment.start, segment.end, " ".join(tokens[: start + size]), (), segment.reviewed)


def has_text(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (punctuation and symbols alone are not speech)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def barely_believed(segment: Segment) -> bool:
    """Whether the model gave every word of ``segment`` less than :data:`BARELY_BELIEVED_PROB`
    (False without word timestamps: nothing to judge by)."""
    return bool(segment.words) and max(word.probability for word in segment.words) < BARELY_BELIEVED_PROB


def hears_speech(samples: np.ndarray, start: float, end: float) -> bool:
    """Whether Silero VAD (faster-whisper's, default options) finds speech in
    ``samples`` (16 kHz mono) between ``start`` and ``end`` seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    lo = max(0, int((start - VAD_PAD_S) * SAMPLE_RATE))
    hi = min(len(samples), int((end + VAD_PAD_S) * SAMPLE_RATE) + 1)
    if hi <= lo:
        return False
    return bool(get_speech_timestamps(samples[lo:hi], VadOptions()))


def _keys(segment: Segment) -> list[str]:
    if segment.words:
        return [normalize(w.text) for w in segment.words]
    return [normalize(t) for t in segment.text.split()]

