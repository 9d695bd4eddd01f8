"""Find and replace over a transcript's segment texts.

Every search is a regular expression underneath: plain text is escaped, "whole
word" adds Unicode word boundaries (Python's ``\\w`` knows Hangul and every other
script, so ``회의`` matches in "회의 시작" but not in "회의를" or "정기회의"), and case
folding is re.IGNORECASE. Matches are character offsets in ``Segment.text``, the
positions the editor's text cells use.

A match always selects at least one character: a pattern that can match nothing
(``x*``) skips the empty matches, so "find next" always moves and "replace all"
never inserts text between every character.

Replacing is pure: it returns a new Transcript through
:func:`~malsori.core.transcript.edit_text`, so words keep their timings and
uncertain-word marks unless the replacement changed them. The editor wraps
:func:`replace_all` in one undo step.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from malsori.core.transcript import UNSPACED_LANGUAGES, Transcript, TranscriptError, edit_text, retext


class FindError(ValueError):
    """A search or replacement cannot run (a bad regular expression, a match that
    no longer fits the text); the message is for the person."""


@dataclass(frozen=True)
class Query:
    """What to look for. With ``regex`` the replacement may use group references
    (``\\1``, ``\\g<1>``, ``\\g<name>``); without it both are taken literally."""

    pattern: str
    case_sensitive: bool = False
    whole_word: bool = False
    regex: bool = False

    def compile(self) -> re.Pattern[str]:
        """The query as a compiled expression; FindError for a bad regular expression."""
        body = self.pattern if self.regex else re.escape(self.pattern)
        if self.whole_word:
            # Look-arounds rather than \b, so a pattern that starts or ends with a
            # non-word character ("C++", "(웃음)") still needs a word edge outside it.
            body = rf"(?<!\w)(?:{body})(?!\w)"
        try:
            return re.compile(body, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise FindError(f"Invalid regular expression {self.pattern!r}: {_reason(exc)}") from None


@dataclass(frozen=True, order=True)
class Match:
    """Characters ``start:end`` of segment ``index``'s text."""

    index: int
    start: int
    end: int


def _reason(exc: re.error) -> str:
    where = f" (at character {exc.pos + 1})" if exc.pos is not None else ""
    return f"{exc.msg}{where}"


def _selection(transcript: Transcript, indices: Iterable[int] | None) -> list[int]:
    """Segment indices in order; a TranscriptError names one that does not exist."""
    count = len(transcript.segments)
    if indices is None:
        return list(range(count))
    chosen = sorted({operator.index(i) for i in indices})
    for i in chosen:
        if not 0 <= i < count:
            raise TranscriptError(f"there is no segment {i} (the transcript has {count})")
    return chosen


def _matches(pattern: re.Pattern[str], transcript: Transcript, index: int) -> Iterator[Match]:
    for m in pattern.finditer(transcript.segments[index].text):
        if m.end() > m.start():
            yield Match(index, m.start(), m.end())


def find_all(transcript: Transcript, query: Query, indices: Iterable[int] | None = None) -> list[Match]:
    """Every match in the segments at ``indices`` (all by default), in text order."""
    pattern = query.compile()
    return [m for i in _selection(transcript, indices) for m in _matches(pattern, transcript, i)]


def _beyond(match: Match, position: int, backwards: bool) -> bool:
    """Whether a match lies wholly on the searched side of ``position``."""
    return match.end <= position if backwards else match.start >= position


def find_next(
    transcript: Transcript,
    query: Query,
    index: int,
    position: int,
    backwards: bool = False,
    wrap: bool = True,
) -> Match | None:
    """The nearest match after (or before) character ``position`` of segment ``index``.

    Forwards, the match starts at or after the position; backwards, it ends at or
    before it. So passing the current match's end (forwards) or start (backwards)
    steps from match to match. With ``wrap`` the search goes round the transcript
    and may come back to the text on the other side of the position.
    """
    pattern = query.compile()
    count = len(transcript.segments)
    if count == 0:
        return None
    index = _selection(transcript, [index])[0]
    if backwards:
        order = [*range(index, -1, -1), *(range(count - 1, index - 1, -1) if wrap else ())]
    else:
        order = [*range(index, count), *(range(index + 1) if wrap else ())]
    for step, i in enumerate(order):
        found = list(_matches(pattern, transcript, i))
        if i == index:
            # the first visit sees the text beyond the position; the wrapped one the rest
            found = [m for m in found if _beyond(m, position, backwards) == (step == 0)]
        if found:
            return found[-1] if backwards else found[0]
    return None


def _expander(query: Query, replacement: str) -> Callable[[re.Match[str]], str]:
    """Turns a match into its replacement text, after checking the replacement
    template once, so a bad group reference fails before anything changes."""
    if not query.regex:
        return lambda m: replacement
    pattern = query.compile()
    try:
        pattern.sub(replacement, "")  # parses the template (group numbers included), replaces nothing
    except re.error as exc:
        raise FindError(f"Invalid replacement {replacement!r}: {_reason(exc)}") from None
    return lambda m: m.expand(replacement)


def _replace_text(pattern: re.Pattern[str], expand: Callable[[re.Match[str]], str], text: str) -> tuple[str, int]:
    count = 0

    def substitute(m: re.Match[str]) -> str:
        nonlocal count
        if m.end() == m.start():
            return ""  # empty matches are not matches (see the module doc)
        count += 1
        return expand(m)

    return pattern.sub(substitute, text), count


def replace_all(
    transcript: Transcript, query: Query, replacement: str, indices: Iterable[int] | None = None
) -> tuple[Transcript, int]:
    """Replace every match in the segments at ``indices`` (all by default).

    Returns the new transcript and the number of replacements; the very same
    transcript when no text changed, so the editor can skip an empty undo step.
    """
    pattern = query.compile()
    expand = _expander(query, replacement)
    segments = list(transcript.segments)
    spaced = transcript.language not in UNSPACED_LANGUAGES
    total = 0
    for i in _selection(transcript, indices):
        text, count = _replace_text(pattern, expand, segments[i].text)
        total += count
        if text != segments[i].text:
            # the segment alone (edit_text's rule for its words), without re-sorting
            # the whole transcript for every changed segment
            segments[i] = retext(segments[i], text, spaced)
    if all(new is old for new, old in zip(segments, transcript.segments)):
        return transcript, total
    return replace(transcript, segments=tuple(segments)), total


def replace_one(transcript: Transcript, match: Match, query: Query, replacement: str) -> Transcript:
    """Replace one match found earlier; FindError if the text there no longer
    matches (it was edited since), so a stale match never replaces the wrong text."""
    pattern = query.compile()
    expand = _expander(query, replacement)
    text = transcript.segments[_selection(transcript, [match.index])[0]].text
    found = pattern.match(text, match.start)  # look-behinds still see the text before
    if found is None or found.end() != match.end or match.end == match.start:
        raise FindError("The text has changed since it was found: search again")
    return edit_text(transcript, match.index, text[: match.start] + expand(found) + text[match.end :])
