"""Which words the person is asked to check: the editor's review threshold, in core.

The editor marks the words the model was unsure of, and ``malsori eval`` measures
how many of a model's errors those marks would find. Both read the threshold and
the rule from here, so the figure describes exactly what the editor shows.
"""

from __future__ import annotations

from .transcript import Segment

#: Words the model gave less than this probability are shown for review.
UNCERTAIN_BELOW = 0.5


def uncertain_words(segment: Segment, threshold: float = UNCERTAIN_BELOW) -> list[int]:
    """Indices of the segment's words below the probability threshold."""
    return [i for i, w in enumerate(segment.words) if w.probability < threshold]
