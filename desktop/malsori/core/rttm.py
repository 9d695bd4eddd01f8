"""NIST RTTM, the exchange format of speaker diarization: read and write speaker turns.

An RTTM file has one record per line, fields separated by white space::

    SPEAKER <file-id> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>

Only SPEAKER records say who speaks when; the others (SPKR-INFO, LEXEME, …) and
comments (lines starting with ``;;``) are skipped, as md-eval and pyannote do.
Diarization tools and evaluation sets (AMI, VoxConverse, DIHARD) publish their
references this way, so the export of a transcript's speakers and the
:mod:`malsori.core.der` scorer both go through here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable

#: The fields a SPEAKER record needs, up to the speaker name (the two after it are optional in practice).
_MIN_FIELDS = 8
_SPACE = re.compile(r"\s+")


class RttmError(ValueError):
    """RTTM text is malformed, or a turn cannot be written; the message names the line."""


@dataclass(frozen=True)
class Turn:
    """One stretch of speech by one speaker, in seconds from the file's start."""

    start: float
    end: float
    speaker: str

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
                    or value < 0:
                raise RttmError(f"a turn's {name} must be a finite, non-negative number of seconds, not {value!r}")
        if self.start > self.end:
            raise RttmError(f"a turn starts after it ends ({self.start:.3f} s > {self.end:.3f} s)")
        if not isinstance(self.speaker, str) or not self.speaker.strip():
            raise RttmError(f"a turn's speaker must be a non-empty string, not {self.speaker!r}")

    @property
    def duration(self) -> float:
        return self.end - self.start


def _seconds(text: str, what: str, number: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RttmError(f"line {number}: the {what} {text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise RttmError(f"line {number}: the {what} {text!r} must be a finite, non-negative number of seconds")
    return value


def parse(text: str) -> dict[str, list[Turn]]:
    """The SPEAKER turns of RTTM ``text``, by file id, each file's in the order written.

    A SPEAKER line with too few fields, or a start or duration that is not a
    non-negative number, raises :class:`RttmError` naming its line (1-based),
    so a person can find it in a file of thousands.
    """
    files: dict[str, list[Turn]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if not fields or fields[0].startswith(";;") or fields[0].upper() != "SPEAKER":
            continue
        if len(fields) < _MIN_FIELDS:
            raise RttmError(f"line {number}: a SPEAKER record needs at least {_MIN_FIELDS} fields "
                            f"(type, file, channel, start, duration, NA, NA, speaker), not {len(fields)}")
        start = _seconds(fields[3], "start", number)
        duration = _seconds(fields[4], "duration", number)
        files.setdefault(fields[1], []).append(Turn(start, start + duration, fields[7]))
    return files


def field(text: str) -> str:
    """``text`` as one RTTM field: white space inside becomes ``_``, since fields are
    separated by white space ("Kim Min-ji" is written ``Kim_Min-ji``)."""
    value = _SPACE.sub("_", text.strip())
    if not value:
        raise RttmError("an RTTM field cannot be empty")
    return value


def render(turns: Iterable[Turn], file_id: str) -> str:
    """RTTM text with one SPEAKER line per turn of ``file_id``, in start order, times
    to the millisecond (names and the file id made single fields by :func:`field`)."""
    name = field(file_id)
    return "".join(
        f"SPEAKER {name} 1 {t.start:.3f} {t.duration:.3f} <NA> <NA> {field(t.speaker)} <NA> <NA>\n"
        for t in sorted(turns, key=lambda t: (t.start, t.end))
    )
