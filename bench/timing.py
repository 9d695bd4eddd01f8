"""Timing helpers: interleaved repeated runs and their medians, in wall and CPU time.

Runs of the sides being compared alternate (A B C, C B A, A B C, ...) rather
than all A then all B, so that a slow drift of the machine (another process,
thermal throttling, the page cache filling) affects every side alike and none
always runs first; the median then drops the odd outlier. A warm-up round comes
first because the first call pays for things no later call does (oneDNN
kernels, faulting in the weights, Silero VAD's ONNX session).

CPU time (``time.process_time``: every thread of this process, the model's
included) is kept beside wall time because the machine may be shared: another
process taking a core stretches wall time but hardly the CPU time of the work.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: One way of transcribing a file: takes its path, returns the text it heard.
Side = Callable[[Path], str]


@dataclass
class Runs:
    """The timed runs of one side, and the text of its last run."""

    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    text: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    def spread(self) -> str:
        """The individual wall (CPU) times, for a ``#`` line: a reader can see the noise."""
        return ", ".join(f"{s:.2f} ({c:.2f})" for s, c in zip(self.seconds, self.cpu_seconds))

    def add(self, side: Side, path: Path) -> None:
        """Time one call of ``side`` on ``path`` and keep what it heard."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.text = side(path)
        self.seconds.append(time.perf_counter() - wall)
        self.cpu_seconds.append(time.process_time() - cpu)


def interleave(sides: Mapping[str, Side], path: Path, warmup: Path, repeats: int) -> dict[str, Runs]:
    """Warm every side up on ``warmup``, then time ``repeats`` rounds on ``path``,
    each round calling every side once, in the order given and then reversed."""
    for side in sides.values():
        side(warmup)
    runs = {name: Runs() for name in sides}
    names = list(sides)
    for round_ in range(repeats):
        for name in names if round_ % 2 == 0 else reversed(names):
            runs[name].add(sides[name], path)
    return runs
