"""Timestamps as people read and type them in an editor: hh:mm:ss,mmm.

Typing is forgiving: "1:02.5", "01:02,500", "62.5" and "0:01:02.500" all mean
62.5 seconds, because people type times the way they see them in players.
"""

from __future__ import annotations

import math
import re

_PATTERN = re.compile(r"^\s*(?:(?:(\d+):)?(\d+):)?(\d+(?:[.,]\d*)?)\s*$")


def format_timestamp(seconds: float, separator: str = ",") -> str:
    """hh:mm:ss,mmm (rounded to the millisecond).

    The comma form is the one the window shows everywhere (the main window's
    segment list and the editor alike) and the one SRT uses; ``separator`` is for
    file formats that want a dot (the TXT export's cue times).
    """
    ms = int(round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def format_duration(seconds: float) -> str:
    """A length as people read it on a clock: m:ss, or h:mm:ss from an hour on (rounded)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_timestamp(text: str) -> float:
    """Seconds from hh:mm:ss,mmm and its shorter forms; ValueError with a hint otherwise."""
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time: write it as hh:mm:ss,mmm (for example 00:01:02,500)")
    hours, minutes, seconds = match.groups()
    if minutes is not None and hours is not None and int(minutes) >= 60:
        raise ValueError(f"{text.strip()!r} has {minutes} minutes: minutes run from 0 to 59")
    if (minutes is not None) and float(seconds.replace(",", ".")) >= 60:
        raise ValueError(f"{text.strip()!r} has {seconds} seconds: seconds run from 0 to 59.999")
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a time")
    return round(value, 3)
