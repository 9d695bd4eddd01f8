"""Speech that no segment covers: found, so it can be decoded again or marked.

Whisper can skip speech: a window it judged silent, a seek past the end of a
window after a garbled decode (found: tiny.en dropped the fourth of four plays
of a sentence, and about 26 words of a 3-minute file in one run of two). The VAD
filter knows where the speech is, so after a transcription every stretch of VAD
speech at least :data:`MIN_UNCOVERED_S` long that no segment overlaps is listed
here; the engine decodes each such stretch again on its own, and where that
still yields no text it puts in a segment reading :data:`INAUDIBLE`, so the
person sees where to listen instead of missing words without a sign.

Nothing here imports Qt.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .transcript import Segment

#: The shortest uncovered stretch of speech that counts. VAD pads each stretch of
#: speech by 0.4 s on both sides and bridges silences of up to 2 s, so shorter
#: uncovered stretches are those pads and pauses, not lost words.
MIN_UNCOVERED_S = 2.5

#: The text of a segment that marks speech nothing could be heard in: the usual
#: transcription convention, visible in the editor and in every export.
INAUDIBLE = "[inaudible]"


def uncovered(
    speech: Iterable[tuple[float, float]], segments: Sequence[Segment], min_length: float = MIN_UNCOVERED_S
) -> list[tuple[float, float]]:
    """The parts of the ``speech`` spans (start, end seconds, in order) that no
    segment's span overlaps, each at least ``min_length`` seconds long."""
    spans = sorted((s.start, s.end) for s in segments)
    found: list[tuple[float, float]] = []
    for start, end in speech:
        at = start
        for seg_start, seg_end in spans:
            if seg_end <= at or seg_start >= end:
                continue
            if seg_start - at >= min_length:
                found.append((at, seg_start))
            at = max(at, seg_end)
        if end - at >= min_length:
            found.append((at, end))
    return found
