"""The time left of a job, as every progress report estimates it: the pace so far, kept."""

from __future__ import annotations


def time_left(elapsed: float, fraction: float) -> float | None:
    """Seconds left when ``fraction`` (0..1) of the work took ``elapsed`` seconds; None
    before anything is done, when there is no pace to go by."""
    return elapsed * (1 - fraction) / fraction if fraction > 0 else None
