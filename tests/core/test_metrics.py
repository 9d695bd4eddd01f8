"""Error rates against hand-computed cases: English words, Korean characters, corpus sums, edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malsori.core.metrics import Edit, ErrorCounts, align, compare, default_unit, normalize, tokens


def test_the_issue_s_word_example_is_one_substitution_in_four():
    c = compare("The cat is black", "a cat is black", language="en")
    assert c.counts == ErrorCounts(hits=3, substitutions=1)
    assert c.counts.rate == 0.25
    assert c.edits == (Edit("substitute", 0, 1, 0, 1), Edit("equal", 1, 4, 1, 4))


def test_the_issue_s_character_example_is_one_in_three():
    c = compare("cat", "hat", unit="char", language="en")
    assert c.reference_tokens == ("c", "a", "t")
    assert c.counts == ErrorCounts(hits=2, substitutions=1)
    assert c.counts.rate == pytest.approx(1 / 3)


def test_insertions_and_deletions_are_counted_where_they_are():
    # "the big cat sat" -> "the cat sat down": "big" deleted, "down" inserted.
    c = compare("the big cat sat", "the cat sat down", language="en")
    assert c.counts == ErrorCounts(hits=3, deletions=1, insertions=1)
    assert c.counts.rate == 0.5
    assert c.edits == (
        Edit("equal", 0, 1, 0, 1),
        Edit("delete", 1, 2, 1, 1),
        Edit("equal", 2, 4, 1, 3),
        Edit("insert", 4, 4, 3, 4),
    )


def test_insertions_can_take_the_rate_above_one():
    c = compare("yes", "yes yes yes", language="en")
    assert c.counts == ErrorCounts(hits=1, insertions=2)
    assert c.counts.rate == 2.0


def test_the_corpus_rate_is_edits_over_reference_length_not_a_mean_of_rates():
    short = compare("hello", "jello", language="en").counts  # 1 / 1
    nine = "we measure the corpus by its sums of edits"
    long_ = compare(nine, nine, language="en").counts  # 0 / 9
    total = ErrorCounts.total([short, long_])
    assert total == ErrorCounts(hits=9, substitutions=1)
    assert total.rate == pytest.approx(1 / 10)  # the mean of the two rates would be 0.5
    assert short + long_ == total
    assert ErrorCounts.total([]) == ErrorCounts()


@pytest.mark.parametrize(
    "reference,hypothesis,counts,rate",
    [
        ("", "", ErrorCounts(), 0.0),
        ("", "something heard", ErrorCounts(insertions=2), 1.0),
        ("two words", "", ErrorCounts(deletions=2), 1.0),
        ("...", "!", ErrorCounts(), 0.0),  # nothing left after normalization on either side
    ],
)
def test_empty_texts_are_measured_without_an_exception(reference, hypothesis, counts, rate):
    c = compare(reference, hypothesis, language="en")
    assert c.counts == counts
    assert c.counts.rate == rate


def test_english_normalization_ignores_case_punctuation_and_contractions():
    assert normalize("The CAT, isn't it?", "en") == "the cat is not it"
    assert compare("I didn't see Mr. Smith.", "i did not see mister smith", language="en").counts.errors == 0
    assert compare("She's here!", "she is here", language="en").counts.errors == 0


def test_english_numbers_match_as_digits_or_words():
    # Whisper's English normalizer writes spoken numbers as digits, so both forms match either way;
    # the basic normalizer keeps them apart unless numbers are spelled out first.
    assert compare("100 dogs", "one hundred dogs", language="en").counts.errors == 0
    assert compare("100 dogs", "one hundred dogs", language="en", spell_numbers=True).counts.errors == 0
    off = compare("100 dogs", "one hundred dogs", language="en", style="basic")
    assert off.counts == ErrorCounts(hits=1, substitutions=1, insertions=1)
    on = compare("100 dogs", "one hundred dogs", language="en", style="basic", spell_numbers=True)
    assert on.counts == ErrorCounts(hits=3)


def test_a_trailing_ellipsis_is_not_a_word():
    assert normalize("Hello...", "en") == "hello"  # Whisper's English normalizer alone gives "hello ."


def test_style_none_only_collapses_whitespace():
    assert normalize("  The  Cat,\n sat ", "en", style="none") == "The Cat, sat"
    assert compare("The cat", "the cat", language="en", style="none").counts == ErrorCounts(hits=1, substitutions=1)
    with pytest.raises(ValueError):
        normalize("x", "en", style="fancy")  # type: ignore[arg-type]


def test_korean_cer_ignores_spaces_and_punctuation():
    c = compare("안녕하세요, 여러분!", "안녕 하세요 여러분", language="ko")
    assert c.unit == "char"
    assert c.reference_tokens == tuple("안녕하세요여러분")
    assert c.counts == ErrorCounts(hits=8)
    # Punctuation is dropped from Korean characters even without a normalizer.
    assert compare("안녕하세요, 여러분!", "안녕 하세요 여러분", language="ko", style="none").counts.errors == 0


def test_korean_character_errors_are_counted_per_syllable():
    # 오늘 날씨가 좋네요 (8 syllables) heard as 오늘 날씨 좋네요: "가" deleted.
    c = compare("오늘 날씨가 좋네요.", "오늘 날씨 좋네요", language="ko-KR")
    assert c.counts == ErrorCounts(hits=7, deletions=1)
    assert c.counts.rate == pytest.approx(1 / 8)


def test_korean_numbers_match_only_when_spelled_out():
    # "100명" is 1, 0, 0, 명 against 백, 명: 명 matches, 1 -> 백, two zeros deleted.
    assert compare("100명", "백명", language="ko").counts == ErrorCounts(hits=1, substitutions=1, deletions=2)
    assert compare("100명", "백명", language="ko", spell_numbers=True).counts == ErrorCounts(hits=2)


@pytest.mark.parametrize("language,unit", [("ko", "char"), ("ja", "char"), ("zh", "char"), ("th", "char"),
                                           ("lo", "char"), ("my", "char"), ("km", "char"), ("en", "word"),
                                           ("de", "word"), (None, "word"), ("KO_kr", "char")])
def test_default_unit(language, unit):
    assert default_unit(language) == unit


def test_tokens_split_words_or_characters():
    assert tokens("a bc  d", "word") == ("a", "bc", "d")
    assert tokens("a bc", "char") == ("a", "b", "c")
    assert tokens("a, b!", "char") == ("a", ",", "b", "!")  # punctuation is kept outside Korean
    assert tokens("가, 나!", "char", "ko") == ("가", "나")


def test_other_languages_keep_their_vowel_signs():
    # Without preserve_marks Whisper's basic normalizer would delete the vowel sign and call these equal.
    assert compare("किताब", "कताब", language="hi").counts.errors == 1


_token = st.sampled_from(["a", "b", "c", "d", "가", "나"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_token, max_size=12), st.lists(_token, max_size=12))
def test_edits_cover_both_sequences_in_order_and_agree_with_the_counts(ref, hyp):
    c = align(ref, hyp, "word")
    ref_pos = hyp_pos = 0
    counted = ErrorCounts()
    for e in c.edits:
        assert (e.ref_start, e.hyp_start) == (ref_pos, hyp_pos)
        n_ref, n_hyp = e.ref_end - e.ref_start, e.hyp_end - e.hyp_start
        if e.op == "equal":
            assert c.reference_tokens[e.ref_start:e.ref_end] == c.hypothesis_tokens[e.hyp_start:e.hyp_end]
            counted += ErrorCounts(hits=n_ref)
        elif e.op == "substitute":
            assert n_ref == n_hyp > 0
            counted += ErrorCounts(substitutions=n_ref)
        elif e.op == "delete":
            assert n_ref > 0 and n_hyp == 0
            counted += ErrorCounts(deletions=n_ref)
        else:
            assert e.op == "insert" and n_ref == 0 and n_hyp > 0
            counted += ErrorCounts(insertions=n_hyp)
        ref_pos, hyp_pos = e.ref_end, e.hyp_end
    assert (ref_pos, hyp_pos) == (len(ref), len(hyp))
    assert counted == c.counts
    assert c.counts.reference_length == len(ref)
    assert abs(len(ref) - len(hyp)) <= c.counts.errors <= max(len(ref), len(hyp))
