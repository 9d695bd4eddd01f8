"""A transcript against a reference text: the error rate, and each segment's words marked.

The editor's Tools ▸ Compare with reference shows, in every segment, what would
have to change for the transcript to say what the reference says: words the
reference has otherwise (substituted), words it does not have (inserted), and
reference words the transcript left out (deleted, shown after the word they
follow, so words missing at a segment's end stay with that segment).
The figures are those of ``malsori eval`` (:func:`metrics.compare`, Whisper's
normalization, WER or the language's CER), and the marks come from that same
alignment, carried back onto the words the person sees by
:func:`metrics.token_owners`, so a marked word is always a counted error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import metrics
from .transcript import UNSPACED_LANGUAGES, Transcript

MarkKind = Literal["equal", "substitute", "insert", "delete"]


@dataclass(frozen=True)
class Mark:
    """One word of a segment as the person sees it, or reference words missing at that place."""

    kind: MarkKind
    text: str  # the segment's word; for "delete", the reference's missing words (normalized)
    reference: str = ""  # for "substitute": what the reference says there (normalized)


@dataclass(frozen=True)
class ReferenceDiff:
    comparison: metrics.Comparison
    #: per segment of the transcript, its words and the missing reference words, in order
    segments: tuple[tuple[Mark, ...], ...]


def _display_words(text: str, language: str | None) -> list[str]:
    """The words a person reads in a segment: characters where the language has no spaces."""
    if language in UNSPACED_LANGUAGES:
        return [ch for ch in text if not ch.isspace()]
    return text.split()


def compare_transcript(transcript: Transcript, reference: str, *, spell_numbers: bool = False) -> ReferenceDiff:
    """``transcript`` against ``reference``: the counts, and every segment's words marked."""
    language = transcript.language
    owner_segment: list[int] = []
    words: list[str] = []
    for index, segment in enumerate(transcript.segments):
        shown = _display_words(segment.text, language)
        words.extend(shown)
        owner_segment.extend([index] * len(shown))
    joiner = "" if language in UNSPACED_LANGUAGES else " "
    comparison = metrics.compare(reference, joiner.join(words), language=language, spell_numbers=spell_numbers)
    owners = metrics.token_owners(words, comparison, language, spell_numbers=spell_numbers)

    kinds: list[MarkKind] = ["equal"] * len(words)
    said: list[list[str]] = [[] for _ in words]  # the reference's tokens where a word is substituted
    missing: dict[int, list[str]] = {}  # word index -> reference tokens missing after it
    leading: list[str] = []  # missing before the first word
    ref = comparison.reference_tokens
    for edit in comparison.edits:
        if edit.op == "delete":
            lost = list(ref[edit.ref_start:edit.ref_end])
            after = next((on[-1] for on in reversed(owners[:edit.hyp_start]) if on), None)
            (missing.setdefault(after, []) if after is not None else leading).extend(lost)
            continue
        if edit.op == "equal":
            continue
        for offset, on in enumerate(owners[edit.hyp_start:edit.hyp_end]):
            for word in on:
                if edit.op == "substitute":
                    kinds[word] = "substitute"
                    said[word].append(ref[edit.ref_start + offset])
                elif kinds[word] == "equal":
                    kinds[word] = "insert"

    sep = " " if comparison.unit == "word" else ""
    marks: list[list[Mark]] = [[] for _ in transcript.segments]
    if leading and owner_segment:
        marks[owner_segment[0]].append(Mark("delete", sep.join(leading)))
    for index, word in enumerate(words):
        segment = owner_segment[index]
        marks[segment].append(Mark(kinds[index], word, sep.join(said[index])))
        if index in missing:
            marks[segment].append(Mark("delete", sep.join(missing[index])))
    return ReferenceDiff(comparison, tuple(tuple(m) for m in marks))
