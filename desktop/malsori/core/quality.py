"""Subtitle quality warnings, and a fix for the timing ones.

A transcript can be perfectly valid and still make poor subtitles: cues that
flash by too fast to read, text that needs more lines than the screen allows,
cues that run into each other. :func:`check` lists what a viewer would notice,
so the editor can flag those rows instead of the person reading every one;
:func:`fix_timing` repairs overlaps and too-small gaps in one (undoable) step.

Rules, used the same way everywhere:

* **Reading speed** counts visible characters: everything but whitespace and
  zero-width combining marks (:func:`visible_characters`). Spaces are not read,
  and Korean guides count syllables, not the spaces between words; a decomposed
  (NFD) Hangul syllable counts once, as it shows.
* **Lines** are measured as the export lays them out: :func:`~malsori.core.
  subtitles.wrap_text` with the limits' width and line count. The transcript
  keeps one line of text per segment and export wraps it afresh (import joins a
  cue's lines), so the text's own line breaks are never what a viewer sees.
* Times and speeds are compared with a tolerance of a millionth, so float
  arithmetic (``1.1 - 0.1`` is not ``1.0``) never flips a boundary case, and a
  transcript :func:`fix_timing` repaired has no timing warnings left.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass, replace
from typing import Iterable, NamedTuple, Sequence

from malsori.core.subtitles import WrapOptions, wrap_text
from malsori.core.transcript import UNSPACED_LANGUAGES, Segment, Transcript, clamp_words, display_width

#: Slack for comparing measured values with limits (seconds, or characters per second).
TOLERANCE = 1e-6


@dataclass(frozen=True)
class QualityLimits:
    """What a good cue stays within. Widths are display columns
    (:func:`~malsori.core.transcript.display_width`: a Hangul syllable takes two)."""

    max_cps: float
    max_line_width: int
    max_lines: int
    min_duration: float
    max_duration: float
    min_gap: float

    def __post_init__(self) -> None:
        numbers = (self.max_cps, self.min_duration, self.max_duration, self.min_gap)
        if not all(isinstance(x, (int, float)) and math.isfinite(x) for x in numbers):
            raise ValueError(f"quality limits must be finite numbers: {self}")
        if self.max_cps <= 0:
            raise ValueError(f"the reading speed limit must be above 0, not {self.max_cps}")
        if self.max_line_width < 2 or self.max_lines < 1:
            # the narrowest line that holds one wide character, as WrapOptions requires
            raise ValueError(
                f"a cue must allow at least 1 line of 2 columns, not {self.max_lines} of {self.max_line_width}"
            )
        if not 0 <= self.min_duration <= self.max_duration:
            raise ValueError(
                f"durations must satisfy 0 <= minimum <= maximum, not {self.min_duration}, {self.max_duration}"
            )
        if self.min_gap < 0:
            raise ValueError(f"the minimum gap cannot be negative, not {self.min_gap}")


# Defaults from the streaming style guides most subtitlers work to (Netflix Timed
# Text Style Guides; BBC and EBU practice is close):
# * General requirements, every language: 2 lines at most; a cue shows between
#   5/6 s (20 frames at 24 fps) and 7 s; at least 2 frames (2/24 s) between cues.
# * Latin scripts: 42 characters per line; adult reading speed 20 cps counted with
#   spaces, which is about 17 cps without them (English words average ~4.7 letters).
# * Korean: 16 characters per line with Latin letters, spaces and punctuation
#   counting half (exactly display_width / 2, so 32 columns); 12 cps for adults.
# * Chinese: 16 characters per line (32 columns); 9 cps.
# * Japanese: 13 full-width characters per line (26 columns); 4 cps.
_MIN_DURATION = 5 / 6
_MAX_DURATION = 7.0
_MIN_GAP = 2 / 24

LATIN_LIMITS = QualityLimits(17.0, 42, 2, _MIN_DURATION, _MAX_DURATION, _MIN_GAP)
KOREAN_LIMITS = QualityLimits(12.0, 32, 2, _MIN_DURATION, _MAX_DURATION, _MIN_GAP)
CHINESE_LIMITS = QualityLimits(9.0, 32, 2, _MIN_DURATION, _MAX_DURATION, _MIN_GAP)
JAPANESE_LIMITS = QualityLimits(4.0, 26, 2, _MIN_DURATION, _MAX_DURATION, _MIN_GAP)

_LIMITS_BY_LANGUAGE = {"ko": KOREAN_LIMITS, "zh": CHINESE_LIMITS, "yue": CHINESE_LIMITS, "ja": JAPANESE_LIMITS}


def limits_for(language: str | None) -> QualityLimits:
    """Default limits for a language code (``"ko"``, ``"ko-KR"``, ``"EN"``; None when
    unknown): Korean, Chinese and Japanese have their own, every other language
    the Latin-script ones. A person's own settings replace fields with
    :func:`dataclasses.replace`."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return _LIMITS_BY_LANGUAGE.get(code, LATIN_LIMITS)


# --- measures -------------------------------------------------------------------------


def _width(word: str) -> int:
    # ASCII is one column a character; skipping the per-character look-up for it
    # keeps a full check of 3,000 segments fast.
    return len(word) if word.isascii() else display_width(word)


def visible_characters(text: str) -> int:
    """Characters a viewer reads: not whitespace, not zero-width marks."""
    joined = "".join(text.split())
    return len(joined) if joined.isascii() else sum(1 for ch in joined if display_width(ch) > 0)


def cps(segment: Segment) -> float:
    """Reading speed in visible characters per second; infinite for text shown
    for no time, 0 for a blank segment."""
    return _speed(visible_characters(segment.text), segment.duration)


def _speed(count: int, duration: float) -> float:
    if count == 0:
        return 0.0
    return count / duration if duration > 0 else math.inf


def lines_needed(text: str, limits: QualityLimits) -> int:
    """The fewest lines the text takes when export wraps it to the limits' width."""
    return _measure(text, limits.max_line_width).lines


class _Measures(NamedTuple):
    visible: int  # visible characters
    widest: int  # columns of the widest word
    lines: int  # fewest lines at the width measured for


@functools.lru_cache(maxsize=1 << 14)
def _measure(text: str, width: int) -> _Measures:
    """Everything :func:`check` needs of a text. Cached: after an edit the editor
    checks the whole transcript again, and only the edited text is new."""
    words = text.split()
    widths = [_width(word) for word in words]
    if sum(widths) + len(widths) - 1 <= width:
        lines = 1 if words else 0
    else:  # wrapped as export does, on as many lines as it takes
        (cue,) = wrap_text(text, WrapOptions(width, max_lines=len(text)))
        lines = len(cue)
    return _Measures(visible_characters(text), max(widths, default=0), lines)


# --- warnings -------------------------------------------------------------------------


class WarningKind(enum.Enum):
    """What is wrong with a cue; the order is the order warnings are listed in."""

    CPS_TOO_HIGH = "cps_too_high"
    LINE_TOO_LONG = "line_too_long"
    TOO_MANY_LINES = "too_many_lines"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    OVERLAP = "overlap"
    GAP_TOO_SMALL = "gap_too_small"


@dataclass(frozen=True)
class QualityWarning:
    """One problem of segment ``index``: ``value`` as measured against ``limit``
    (seconds, characters per second, columns or lines, by ``kind``), and a
    sentence for the person. Overlaps and gaps belong to the earlier segment."""

    index: int
    kind: WarningKind
    message: str
    value: float
    limit: float


#: The editor's name for it. The class has its own so that importing it by name
#: never hides Python's built-in ``Warning``.
Warning = QualityWarning  # noqa: A001


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + " s"


def _exceeds(value: float, limit: float) -> bool:
    return value > limit + TOLERANCE


def _gap_ok(end: float, next_start: float, min_gap: float) -> bool:
    return next_start - end >= min_gap - TOLERANCE


def _text_warnings(index: int, segment: Segment, limits: QualityLimits, spaced: bool) -> Iterable[QualityWarning]:
    measures = _measure(segment.text, limits.max_line_width)
    speed = _speed(measures.visible, segment.duration)
    if _exceeds(speed, limits.max_cps):
        shown = "in no time" if math.isinf(speed) else f"at {speed:.1f} characters per second"
        yield QualityWarning(
            index, WarningKind.CPS_TOO_HIGH,
            f"Too fast to read: {measures.visible} characters {shown} "
            f"(limit {limits.max_cps:g} per second)",
            speed, limits.max_cps,
        )
    widest = measures.widest
    if spaced and widest > limits.max_line_width:
        # Text written without spaces breaks between any two characters, so only
        # a spaced script has words that a line break would cut in two.
        yield QualityWarning(
            index, WarningKind.LINE_TOO_LONG,
            f"A word {widest} columns wide does not fit a line of {limits.max_line_width}: "
            "export will break it in the middle",
            float(widest), float(limits.max_line_width),
        )
    lines = measures.lines
    if lines > limits.max_lines:
        yield QualityWarning(
            index, WarningKind.TOO_MANY_LINES,
            f"The text needs {lines} lines of {limits.max_line_width} columns; at most {limits.max_lines} fit "
            "(export will split it into several cues)",
            float(lines), float(limits.max_lines),
        )


def _duration_warnings(index: int, segment: Segment, limits: QualityLimits) -> Iterable[QualityWarning]:
    duration = segment.duration
    if _exceeds(limits.min_duration, duration):
        yield QualityWarning(
            index, WarningKind.TOO_SHORT,
            f"Shown for {_seconds(duration)}, less than the {_seconds(limits.min_duration)} minimum",
            duration, limits.min_duration,
        )
    if _exceeds(duration, limits.max_duration):
        yield QualityWarning(
            index, WarningKind.TOO_LONG,
            f"Shown for {_seconds(duration)}, more than the {_seconds(limits.max_duration)} maximum",
            duration, limits.max_duration,
        )


def _neighbour_warnings(
    index: int, segment: Segment, following: Segment, limits: QualityLimits
) -> Iterable[QualityWarning]:
    # Consecutive pairs are enough: with segments sorted by start, if any two
    # overlap then some consecutive two do.
    gap = following.start - segment.end
    if gap < -TOLERANCE:
        yield QualityWarning(
            index, WarningKind.OVERLAP,
            f"Overlaps the next segment by {_seconds(-gap)}",
            -gap, 0.0,
        )
    elif not _gap_ok(segment.end, following.start, limits.min_gap):
        yield QualityWarning(
            index, WarningKind.GAP_TOO_SMALL,
            f"Only {_seconds(max(gap, 0.0))} before the next segment; the minimum gap is {_seconds(limits.min_gap)}",
            max(gap, 0.0), limits.min_gap,
        )


def check(transcript: Transcript, limits: QualityLimits) -> list[QualityWarning]:
    """Every warning, by segment index and then in :class:`WarningKind` order."""
    spaced = transcript.language not in UNSPACED_LANGUAGES
    segments = transcript.segments
    warnings: list[QualityWarning] = []
    for index, segment in enumerate(segments):
        warnings.extend(_text_warnings(index, segment, limits, spaced))
        warnings.extend(_duration_warnings(index, segment, limits))
        if index + 1 < len(segments):
            warnings.extend(_neighbour_warnings(index, segment, segments[index + 1], limits))
    return warnings


def warnings_by_segment(warnings: Iterable[QualityWarning]) -> dict[int, list[QualityWarning]]:
    """Warnings grouped by segment index (only segments that have some), so a table
    row finds its own in one look-up."""
    grouped: dict[int, list[QualityWarning]] = {}
    for warning in warnings:
        grouped.setdefault(warning.index, []).append(warning)
    return grouped


# --- fixing timing ----------------------------------------------------------------------
#
# Each segment may only shrink inside its own span (its end moves earlier, its start
# later): cues never show longer than spoken, and no segment can move past another,
# so the order, and with it every segment index, stays the same.


def _latest_starts(segments: Sequence[Segment], min_gap: float) -> list[float]:
    """For each segment, the latest start that still leaves room for every later
    segment (each shrunk to nothing, if need be) with the minimum gaps between.
    Where even that is impossible, the segment's own start: nothing moves later
    than it has to for a conflict that cannot be resolved anyway."""
    latest = [0.0] * len(segments)
    following = math.inf
    for i in range(len(segments) - 1, -1, -1):
        seg = segments[i]
        latest[i] = max(seg.start, min(seg.end, following - min_gap))
        following = latest[i]
    return latest


def _likely_end(segments: Sequence[Segment], i: int, min_gap: float) -> float:
    """Where segment ``i`` will end if the segment after it needs no push."""
    seg = segments[i]
    if i + 1 == len(segments) or _gap_ok(seg.end, segments[i + 1].start, min_gap):
        return seg.end
    return min(seg.end, segments[i + 1].start - min_gap)


def _cut(
    start: float, a: Segment, b: Segment, b_end: float, b_latest: float, limits: QualityLimits
) -> tuple[float, float]:
    """The new end of ``a`` (which now starts at ``start``) and the new start of
    ``b``, leaving the minimum gap between them.

    ``a``'s end moves earlier, down to the minimum duration; only what that cannot
    win comes from ``b``'s start, down to ``b``'s minimum duration (``b_end`` is
    where ``b`` will likely end); only then does either get shorter than the
    minimum. ``b`` never starts after ``b_latest``, so later segments keep room.
    """
    gap, shortest = limits.min_gap, limits.min_duration
    if _gap_ok(a.end, b.start, gap):
        return a.end, b.start
    end = min(a.end, b.start - gap)
    keep = min(a.end, start + shortest)  # not start + (a.end - start): that can round past a.end
    if end < keep:
        bearable = max(b.start, b_end - shortest)
        end = min(keep, bearable - gap)
    end = max(start, end)
    new_start = min(max(b.start, end + gap), b_latest, b.end)
    return max(start, min(end, new_start - gap)), new_start


def _retimed(seg: Segment, start: float, end: float) -> Segment:
    return replace(seg, start=start, end=end, words=clamp_words(seg.words, start, end))


def fix_timing(transcript: Transcript, limits: QualityLimits) -> Transcript:
    """Resolve overlaps and gaps below ``limits.min_gap`` by moving ends earlier
    (or, where that would leave a cue too short, starts later).

    Texts, order and word timings (pulled inside the new spans) are kept. Where the
    segments' own spans leave room, the result has no OVERLAP or GAP_TOO_SMALL
    warning; otherwise as many as possible are resolved. A transcript that needs
    no change is returned as it is, so the editor can skip an empty undo step.
    """
    segments = transcript.segments
    starts = [s.start for s in segments]
    ends = [s.end for s in segments]
    latest = _latest_starts(segments, limits.min_gap)
    for i in range(len(segments) - 1):
        b_end = _likely_end(segments, i + 1, limits.min_gap)
        ends[i], starts[i + 1] = _cut(starts[i], segments[i], segments[i + 1], b_end, latest[i + 1], limits)
    fixed = [
        seg if (start, end) == (seg.start, seg.end) else _retimed(seg, start, end)
        for seg, start, end in zip(segments, starts, ends)
    ]
    if all(new is old for new, old in zip(fixed, segments)):
        return transcript
    return transcript.with_segments(fixed)
