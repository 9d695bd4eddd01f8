"""Does the review aid work? The share of a model's errors its uncertain words point at.

The editor marks the words the model gave less than :data:`review.UNCERTAIN_BELOW`
probability. A person who reads only those reads ``words_flagged`` of ``words`` words;
of the ``errors`` edits between reference and hypothesis, ``errors_found`` are on a
marked word (the counts of an :class:`~malsori.core.eval_report.ReviewFigure`):

* a substitution or insertion is found when the hypothesis token is on a marked word;
* a deletion (a reference token the model left out) when a hypothesis token next
  to the gap is: the person reading there hears the missing word.

Errors are counted on the comparison's tokens (after normalization), so a marked
word must be carried onto them: :func:`metrics.token_owners` says which words each
token lies on, and a token is marked when one of them is.
"""

from __future__ import annotations

from . import metrics
from .eval_report import ReviewFigure
from .review import UNCERTAIN_BELOW
from .transcript import Transcript


def hypothesis_words(transcript: Transcript) -> list[tuple[str, bool]]:
    """(text, marked) for every word the editor shows; a segment without word
    timings is one unmarked word (the editor cannot mark anything in it)."""
    words: list[tuple[str, bool]] = []
    for segment in transcript.segments:
        if segment.words:
            words.extend((w.text, w.probability < UNCERTAIN_BELOW) for w in segment.words)
        elif segment.text.strip():
            words.append((segment.text, False))
    return words


def token_flags(
    words: list[tuple[str, bool]],
    comparison: metrics.Comparison,
    language: str | None,
    style: metrics.Style,
    spell_numbers: bool,
) -> list[bool]:
    """For each of ``comparison.hypothesis_tokens``, whether it lies on a marked word."""
    owners = metrics.token_owners([text for text, _marked in words], comparison, language, style, spell_numbers)
    return [any(words[i][1] for i in on) for on in owners]


def errors_found(comparison: metrics.Comparison, flags: list[bool]) -> int:
    """How many of the comparison's errors a reader of the marked tokens meets."""
    found = 0
    for edit in comparison.edits:
        if edit.op in ("substitute", "insert"):
            found += sum(flags[edit.hyp_start:edit.hyp_end])
        elif edit.op == "delete":
            beside = flags[max(0, edit.hyp_start - 1):edit.hyp_start + 1]
            if any(beside):
                found += edit.ref_end - edit.ref_start
    return found


def review_figure(
    transcript: Transcript,
    comparison: metrics.Comparison,
    language: str | None,
    style: metrics.Style = "whisper",
    spell_numbers: bool = False,
) -> ReviewFigure:
    """The review figure of one file: ``comparison`` is of the reference with
    ``transcript.text``, made with the same language, style and numbers."""
    words = hypothesis_words(transcript)
    flags = token_flags(words, comparison, language, style, spell_numbers)
    return ReviewFigure(
        errors=comparison.counts.errors,
        errors_found=errors_found(comparison, flags),
        words=len(words),
        words_flagged=sum(marked for _text, marked in words),
    )
