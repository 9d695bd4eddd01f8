"""Decoding again where the first decoding went wrong.

The engine hands each segment to :meth:`Repair.segment` as faster-whisper
decodes it, and the speech VAD found to :meth:`Repair.recover` at the end.
The rules, in the order they apply (``repair`` is TranscribeOptions.repair,
on by default; splitting has its own option, ``max_pause_s``):

1. **Text on silence is dropped**: a segment without a letter or digit ("..."),
   or one the model thought was silence, or whose every word it barely believed,
   that VAD hears no speech in
   (:mod:`malsori.core.hallucination`).
2. **Segments are split at pauses** and timed by their words
   (:mod:`malsori.core.segmentation`).
3. **A repetition loop is decoded again**: the loop's own stretch of audio,
   alone, without the previous text as prompt (the prompt is what keeps a loop
   going from one window to the next). The new text replaces the loop if it is
   no loop itself; otherwise the loop is cut after its first round.
4. **Speech no segment covers is decoded again** the same way
   (:mod:`malsori.core.coverage`); where that yields no text either, a
   segment reading ``[inaudible]`` marks the stretch for review.

Only what a rule finds is decoded again, so a clean transcription costs what
faster-whisper's costs. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from . import coverage, hallucination
from .audio import SAMPLE_RATE
from .segmentation import split_at_pauses
from .transcript import Segment, clamp_words

log = logging.getLogger(__name__)

#: A decoded segment and the model's no-speech probability for its window.
Decoded = tuple[Segment, float]
#: Decodes a clip of 16 kHz samples on its own, without the previous text as prompt.
Decode = Callable[[np.ndarray], Iterable[Decoded]]
_COUNTS = ("dropped", "loops", "recovered", "marked")


@dataclass
class Repair:
    """The repairs of one transcription of ``samples`` (see the module's rules)."""

    samples: np.ndarray
    max_pause_s: float | None
    enabled: bool
    decode: Decode
    #: What was repaired, for the log: dropped, loops, recovered, marked.
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTS, 0))

    def segment(self, segment: Segment, no_speech_prob: float) -> list[Segment]:
        """What ``segment``, as decoded, becomes: nothing, itself, or several segments."""
        pieces = self._clean(self.samples, segment, no_speech_prob)
        if not self.enabled:
            return pieces
        out: list[Segment] = []
        for piece in pieces:
            out.extend(self._unlooped(piece) if hallucination.is_loop(piece) else [piece])
        return out

    def recover(self, speech: Sequence[tuple[float, float]], segments: Sequence[Segment]) -> Iterator[Segment]:
        """Segments for the stretches of ``speech`` (seconds) that ``segments`` leave
        uncovered, one stretch decoded at a time (a caller can stop between them)."""
        if not self.enabled:
            return
        for start, end in coverage.uncovered(speech, segments):
            again = [hallucination.cut_loop(s) for s in self._again(start, end)]
            self.counts["recovered" if again else "marked"] += 1
            log.info("speech at %.1f-%.1f s had no text: %s", start, end, "decoded again" if again else "marked")
            yield from again or [Segment(start, end, coverage.INAUDIBLE)]

    def _clean(self, samples: np.ndarray, segment: Segment, no_speech_prob: float) -> list[Segment]:
        if (
            self.enabled
            and (no_speech_prob > hallucination.NO_SPEECH_PROB or hallucination.barely_believed(segment))
            and not hallucination.hears_speech(samples, segment.start, segment.end)
        ):
            self.counts["dropped"] += 1
            return []
        pieces = [segment] if self.max_pause_s is None else split_at_pauses(segment, self.max_pause_s)
        if self.enabled:
            kept = [p for p in pieces if hallucination.has_text(p.text)]
            self.counts["dropped"] += len(pieces) - len(kept)
            pieces = kept
        return pieces

    def _unlooped(self, loop: Segment) -> list[Segment]:
        self.counts["loops"] += 1
        again = self._again(loop.start, loop.end)
        if again and not any(hallucination.is_loop(s) for s in again):
            log.info("loop at %.1f-%.1f s decoded again", loop.start, loop.end)
            return again
        log.info("loop at %.1f-%.1f s cut after its first round", loop.start, loop.end)
        return [hallucination.cut_loop(s) for s in (again or [loop])]

    def _again(self, start: float, end: float) -> list[Segment]:
        """The stretch [start, end] decoded on its own, cleaned, in the transcription's time."""
        lo, hi = max(0, int(start * SAMPLE_RATE)), min(len(self.samples), int(end * SAMPLE_RATE) + 1)
        if hi - lo < SAMPLE_RATE // 10:
            return []
        clip = self.samples[lo:hi]
        offset = lo / SAMPLE_RATE
        out = []
        for segment, no_speech_prob in self.decode(clip):
            out.extend(_shifted(piece, offset, end) for piece in self._clean(clip, segment, no_speech_prob))
        return out


def _shifted(segment: Segment, offset: float, limit: float) -> Segment:
    """``segment`` from a clip's time to the transcription's, kept before ``limit``."""
    end = min(segment.end + offset, limit)
    start = min(segment.start + offset, end)
    words = clamp_words((replace(w, start=w.start + offset, end=w.end + offset) for w in segment.words), start, end)
    return replace(segment, start=start, end=end, words=words)
