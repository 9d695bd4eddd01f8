"""The benchmark's output format, in one place so every figure reads the same.

``bench: <name> = <value> <unit>`` lines are meant to be grepped and compared
between runs; ``#`` lines are for the person reading.
"""

from __future__ import annotations

import sys


def figure(name: str, value: float, unit: str, digits: int = 3) -> None:
    """Print one figure; ``name`` is a lower_snake identifier (no spaces)."""
    print(f"bench: {name} = {value:.{digits}f} {unit}", flush=True)


def note(text: str) -> None:
    """Print an explanation, one ``#`` line per line of ``text``."""
    for line in text.splitlines() or [""]:
        print(f"# {line}".rstrip(), flush=True)


def slug(model: str) -> str:
    """A model name as part of a figure's name: "tiny.en" -> "tiny_en"."""
    return model.replace(".", "_").replace("-", "_")


def warn(text: str) -> None:
    """Something that makes a figure doubtful, on stderr so the figures stay clean."""
    print(f"# warning: {text}", file=sys.stderr, flush=True)
