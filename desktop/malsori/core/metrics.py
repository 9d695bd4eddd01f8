"""Word and character error rates: normalize two texts, align their tokens, count the edits.

``malsori eval``, its report and the editor's compare-with-reference all measure through
:func:`compare`, so a number means the same thing wherever it is shown. jiwer does the
alignment; Whisper's normalizers (the ``whisper-normalizer`` package) make "Didn't" and
"did not", or "The cat." and "the cat", the same words before they are counted, as in
Whisper's published error rates.

Corpus rates are sums of edits over sums of reference lengths (:meth:`ErrorCounts.total`),
never a mean of per-file rates: a mean would let a two-word file weigh as much as an hour.
Languages written without spaces between words (Korean, Japanese, Chinese, Thai, ...) are
measured in characters; for Korean, spaces and punctuation are not counted, since Korean
spacing varies between writers and is not what a listener hears.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Literal

import jiwer

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self is Python 3.11+; annotations only

from .numbers import spell_out_numbers

Unit = Literal["word", "char"]
Style = Literal["whisper", "basic", "none"]
Op = Literal["equal", "substitute", "delete", "insert"]

#: Languages measured in characters: written without spaces between words, or with spacing
#: that does not mark words reliably (Korean), so a word count would measure the spacing.
CHAR_LANGUAGES = frozenset({"ko", "ja", "zh", "yue", "th", "lo", "my", "km"})


class Tally:
    """A frozen dataclass of counts that add field by field: corpus figures are sums of the
    files' counts, never means of their rates."""

    def __add__(self, other: Self) -> Self:
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @classmethod
    def total(cls, items: Iterable[Self]) -> Self:
        """The sum of ``items`` (all zero when there are none)."""
        return sum(items, cls())


@dataclass(frozen=True)
class ErrorCounts(Tally):
    """Hits and the three kinds of edit that turn a reference into a hypothesis."""

    hits: int = 0
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0

    @property
    def reference_length(self) -> int:
        return self.hits + self.substitutions + self.deletions

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Errors per reference token (WER or CER).

        An empty reference has no length to divide by: the rate is 0.0 when nothing was
        inserted either (silence heard as silence) and 1.0 when anything was (all wrong).
        """
        if self.reference_length == 0:
            return 0.0 if self.insertions == 0 else 1.0
        return self.errors / self.reference_length


@dataclass(frozen=True)
class Edit:
    """One run of the alignment: ``reference_tokens[ref_start:ref_end]`` became
    ``hypothesis_tokens[hyp_start:hyp_end]`` by ``op`` (an insert has an empty reference range,
    a delete an empty hypothesis range)."""

    op: Op
    ref_start: int
    ref_end: int
    hyp_start: int
    hyp_end: int


@dataclass(frozen=True)
class Comparison:
    """A reference and a hypothesis, normalized, tokenized and aligned."""

    unit: Unit
    reference_tokens: tuple[str, ...]
    hypothesis_tokens: tuple[str, ...]
    counts: ErrorCounts
    edits: tuple[Edit, ...]


def _base_language(language: str | None) -> str | None:
    """"en-US", "ko_KR" and "KO" as the ISO 639-1 code Whisper uses ("en", "ko")."""
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].lower() or None


@cache
def _english():
    """Whisper's English normalizer, built once (it compiles many patterns and loads a spelling map)."""
    from whisper_normalizer.english import EnglishTextNormalizer

    return EnglishTextNormalizer()


@cache
def _basic():
    """Whisper's basic normalizer, keeping combining marks: without ``preserve_marks`` it deletes
    the vowel signs of Brahmic scripts (Hindi, Tamil, ...), which would hide real errors."""
    from whisper_normalizer.basic import BasicTextNormalizer

    return BasicTextNormalizer(preserve_marks=True)


def default_unit(language: str | None) -> Unit:
    """Characters for languages without word spacing (and Korean), words for the others."""
    return "char" if _base_language(language) in CHAR_LANGUAGES else "word"


def normalize(text: str, language: str | None, *, style: Style = "whisper", spell_numbers: bool = False) -> str:
    """``text`` as it is compared: Whisper's normalization, one space between words, NFC.

    ``whisper``: the English normalizer for English (case, punctuation, contractions, spelling,
    numbers as digits), the basic one (case, punctuation, bracketed asides) for other languages;
    ``basic``: the basic one for all; ``none``: only whitespace collapsed. ``spell_numbers``
    writes numbers out as spoken first ("100명" as "백명"), so a reference with digits matches a
    hypothesis with words. Whisper's English normalizer writes spoken numbers back as digits, so
    in English both forms already match without it.
    """
    lang = _base_language(language)
    if spell_numbers:
        text = spell_out_numbers(text, lang)
    if style == "whisper" and lang == "en":
        text = _english()(text)
    elif style in ("whisper", "basic"):
        text = _basic()(text)
    elif style != "none":
        raise ValueError(f"unknown normalization style: {style!r}")
    words = unicodedata.normalize("NFC", text).split()
    if style != "none":  # the English normalizer leaves a final "..." as a lone "." word
        words = [w for w in words if not all(unicodedata.category(ch).startswith("P") for ch in w)]
    return " ".join(words)


def tokens(normalized: str, unit: Unit, language: str | None = None) -> tuple[str, ...]:
    """The tokens counted: words split on whitespace, or characters without spaces.

    For Korean, characters also leave out punctuation, whatever the normalization style.
    """
    if unit == "word":
        return tuple(normalized.split())
    if unit != "char":
        raise ValueError(f"unknown unit: {unit!r}")
    korean = _base_language(language) == "ko"
    return tuple(
        ch for ch in normalized
        if not ch.isspace() and not (korean and unicodedata.category(ch).startswith("P"))
    )


def align(reference_tokens: Iterable[str], hypothesis_tokens: Iterable[str], unit: Unit) -> Comparison:
    """Align two token sequences with jiwer (Levenshtein) and count the edits.

    Tokens hold no whitespace (see :func:`tokens`), so joining them with spaces gives jiwer
    exactly these tokens back as its words; characters are aligned the same way, one path.
    """
    ref = tuple(reference_tokens)
    hyp = tuple(hypothesis_tokens)
    out = jiwer.process_words(" ".join(ref), " ".join(hyp))
    edits = tuple(
        Edit(chunk.type, chunk.ref_start_idx, chunk.ref_end_idx, chunk.hyp_start_idx, chunk.hyp_end_idx)
        for chunk in out.alignments[0]
    )
    counts = ErrorCounts(out.hits, out.substitutions, out.deletions, out.insertions)
    return Comparison(unit, ref, hyp, counts, edits)


def compare(
    reference: str,
    hypothesis: str,
    *,
    unit: Unit | None = None,
    language: str | None = None,
    style: Style = "whisper",
    spell_numbers: bool = False,
) -> Comparison:
    """Normalize both texts the same way, tokenize them in ``unit`` (by default the language's,
    see :func:`default_unit`) and align them. Either text may be empty."""
    unit = unit or default_unit(language)

    def prepared(text: str) -> tuple[str, ...]:
        return tokens(normalize(text, language, style=style, spell_numbers=spell_numbers), unit, language)

    return align(prepared(reference), prepared(hypothesis), unit)


def token_owners(
    words: Sequence[str],
    comparison: Comparison,
    language: str | None,
    style: Style = "whisper",
    spell_numbers: bool = False,
) -> list[tuple[int, ...]]:
    """For each of ``comparison.hypothesis_tokens``, the indices of the ``words`` it lies on.

    ``words`` are the hypothesis as a person sees it (the editor's words, in order), and the
    comparison is of their joined text. Each word is normalized on its own and its tokens are
    its own; where normalizing the whole text gives other tokens than normalizing word by word
    (English "twenty five" is "25" as a whole, "20" "5" apart), the two token lists are aligned
    (difflib) and a whole-text token that matches none lies on the words whose tokens it
    replaces, or, inserted between them, on the words on either side.
    """
    word_tokens: list[str] = []
    owner: list[int] = []
    for index, text in enumerate(words):
        pieces = tokens(normalize(text, language, style=style, spell_numbers=spell_numbers), comparison.unit, language)
        word_tokens.extend(pieces)
        owner.extend([index] * len(pieces))
    target = list(comparison.hypothesis_tokens)
    if word_tokens == target:
        return [(index,) for index in owner]
    owners: list[tuple[int, ...]] = [()] * len(target)
    matcher = difflib.SequenceMatcher(a=word_tokens, b=target, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            owners[j1:j2] = [(index,) for index in owner[i1:i2]]
        elif op == "replace":
            owners[j1:j2] = [tuple(sorted(set(owner[i1:i2])))] * (j2 - j1)
        elif op == "insert":
            owners[j1:j2] = [tuple(sorted(set(owner[max(0, i1 - 1):i1 + 1])))] * (j2 - j1)
    return owners
