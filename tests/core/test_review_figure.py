"""The review figure against hand-counted cases: which errors the editor's marks point at."""

from __future__ import annotations

from malsori.core import metrics
from malsori.core.review import UNCERTAIN_BELOW
from malsori.core.eval_report import ReviewFigure
from malsori.core.review_figure import review_figure
from malsori.core.transcript import Segment, Transcript, Word

SURE, UNSURE = 0.9, UNCERTAIN_BELOW - 0.01


def said(*words: tuple[str, float], language: str = "en") -> Transcript:
    """One segment of the given (word, probability) pairs, 0.5 s a word."""
    spoken = tuple(Word(i * 0.5, i * 0.5 + 0.4, f" {text}", p) for i, (text, p) in enumerate(words))
    return Transcript((Segment(0.0, len(words) * 0.5, " ".join(w for w, _ in words), spoken),), language=language)


def counts(reference: str, hypothesis: Transcript, language: str = "en") -> ReviewFigure:
    comparison = metrics.compare(reference, hypothesis.text, language=language)
    return review_figure(hypothesis, comparison, language)


def test_a_substitution_on_a_marked_word_is_found():
    # "The cat is black" heard as "a cat is black": 1 error, on the one marked word of 4
    hypothesis = said(("a", UNSURE), ("cat", SURE), ("is", SURE), ("black", SURE))
    assert counts("The cat is black", hypothesis) == ReviewFigure(errors=1, errors_found=1, words=4, words_flagged=1)


def test_a_substitution_on_a_sure_word_is_missed():
    hypothesis = said(("a", SURE), ("cat", UNSURE), ("is", SURE), ("black", SURE))
    assert counts("The cat is black", hypothesis) == ReviewFigure(errors=1, errors_found=0, words=4, words_flagged=1)


def test_a_word_at_the_threshold_is_not_marked():
    hypothesis = said(("a", UNCERTAIN_BELOW), ("cat", SURE))
    assert counts("the cat", hypothesis) == ReviewFigure(errors=1, errors_found=0, words=2, words_flagged=0)


def test_a_deletion_is_found_from_a_marked_word_on_either_side():
    reference = "the cat is very black"  # "very" is left out, between "is" and "black"
    before = said(("the", SURE), ("cat", SURE), ("is", UNSURE), ("black", SURE))
    after = said(("the", SURE), ("cat", SURE), ("is", SURE), ("black", UNSURE))
    far = said(("the", UNSURE), ("cat", SURE), ("is", SURE), ("black", SURE))
    assert counts(reference, before).errors_found == 1
    assert counts(reference, after).errors_found == 1
    assert counts(reference, far) == ReviewFigure(errors=1, errors_found=0, words=4, words_flagged=1)


def test_insertions_count_one_by_one():
    # two inserted words, one of them marked; a substitution on a sure word
    hypothesis = said(("the", SURE), ("big", UNSURE), ("red", SURE), ("dog", SURE), ("ran", SURE))
    assert counts("the cat ran", hypothesis) == ReviewFigure(errors=3, errors_found=1, words=5, words_flagged=1)


def test_words_the_normalizer_joins_keep_their_mark():
    # "twenty five dollars" is one token "$25" once normalized as a whole, "20" "5" "dollars" word by word
    marked = said(("I", SURE), ("paid", SURE), ("twenty", UNSURE), ("five", SURE), ("dollars", SURE))
    sure = said(("I", SURE), ("paid", SURE), ("twenty", SURE), ("five", SURE), ("dollars", SURE))
    assert counts("I paid 30 dollars", marked) == ReviewFigure(errors=1, errors_found=1, words=5, words_flagged=1)
    assert counts("I paid 30 dollars", sure).errors_found == 0


def test_korean_counts_characters_of_the_marked_word():
    # 안녕하세요 여러분 heard as 안녕하세여 여러붕: two characters wrong, one in the marked word
    hypothesis = said(("안녕하세여", SURE), ("여러붕", UNSURE), language="ko")
    assert counts("안녕하세요, 여러분!", hypothesis, "ko") == ReviewFigure(errors=2, errors_found=1, words=2, words_flagged=1)


def test_a_segment_without_word_timings_is_one_unmarked_word():
    hypothesis = Transcript((Segment(0.0, 2.0, "a cat is black"),), language="en")
    assert counts("the cat is black", hypothesis) == ReviewFigure(errors=1, errors_found=0, words=1, words_flagged=0)


def test_no_errors_and_no_words():
    assert counts("", Transcript()) == ReviewFigure(errors=0, errors_found=0, words=0, words_flagged=0)
