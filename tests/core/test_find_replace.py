"""Tests for find and replace over a transcript."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malsori.core.find_replace import FindError, Match, Query, find_all, find_next, replace_all, replace_one
from malsori.core.transcript import Segment, Transcript, TranscriptError, Word


def words_for(text: str, start: float) -> tuple[Word, ...]:
    return tuple(Word(start + i * 0.1, start + i * 0.1 + 0.1, f" {w}", 0.9) for i, w in enumerate(text.split()))


def make(*texts: str, language: str | None = "en") -> Transcript:
    """One segment per text, one second each, with word timings that spell it."""
    return Transcript(
        tuple(Segment(i * 2.0, i * 2.0 + 1.9, t, words_for(t, i * 2.0)) for i, t in enumerate(texts)),
        language=language,
    )


def spans(matches: list[Match]) -> list[tuple[int, int, int]]:
    return [(m.index, m.start, m.end) for m in matches]


# --- find -----------------------------------------------------------------------------


def test_find_is_case_insensitive_by_default():
    t = make("The cat sat.", "the CAT")
    assert spans(find_all(t, Query("the"))) == [(0, 0, 3), (1, 0, 3)]
    assert spans(find_all(t, Query("the", case_sensitive=True))) == [(1, 0, 3)]
    assert spans(find_all(t, Query("CAT", case_sensitive=True))) == [(1, 4, 7)]


def test_plain_text_is_not_a_pattern():
    t = make("costs $5.00 (approx.)", "costs 5x00")
    assert spans(find_all(t, Query("5.00"))) == [(0, 7, 11)]
    assert spans(find_all(t, Query("(approx.)"))) == [(0, 12, 21)]


def test_whole_word_english():
    t = make("cat catalog bobcat cat's cat")
    assert spans(find_all(t, Query("cat", whole_word=True))) == [(0, 0, 3), (0, 19, 22), (0, 25, 28)]
    assert len(find_all(t, Query("cat"))) == 5


def test_whole_word_korean():
    t = make("회의 시작 회의를 정기회의 회의.", language="ko")
    assert spans(find_all(t, Query("회의", whole_word=True))) == [(0, 0, 2), (0, 15, 17)]
    assert len(find_all(t, Query("회의"))) == 4


def test_whole_word_with_punctuation_at_the_edges():
    t = make("C++ and C++11 and (웃음) 끝")
    assert spans(find_all(t, Query("C++", whole_word=True))) == [(0, 0, 3)]
    assert spans(find_all(t, Query("(웃음)", whole_word=True))) == [(0, 18, 22)]


def test_regex_and_bad_regex():
    t = make("call 555-1234 now", "or 555-9876")
    assert spans(find_all(t, Query(r"\d{3}-\d{4}", regex=True))) == [(0, 5, 13), (1, 3, 11)]
    with pytest.raises(FindError, match=r"Invalid regular expression '\(unclosed'.*missing \)"):
        find_all(t, Query("(unclosed", regex=True))


def test_empty_pattern_and_empty_matches_find_nothing():
    t = make("aaa")
    assert find_all(t, Query("")) == []
    assert spans(find_all(t, Query("b*", regex=True))) == []
    assert spans(find_all(t, Query("a*", regex=True))) == [(0, 0, 3)]


def test_find_in_a_selection():
    t = make("one x", "two x", "three x")
    assert [m.index for m in find_all(t, Query("x"), indices=[2, 0])] == [0, 2]
    with pytest.raises(TranscriptError):
        find_all(t, Query("x"), indices=[3])


# --- find_next --------------------------------------------------------------------------


def test_find_next_forwards_steps_and_wraps():
    t = make("a x b x", "none", "x c")
    q = Query("x")
    m = find_next(t, q, 0, 0)
    assert (m.index, m.start) == (0, 2)
    m = find_next(t, q, m.index, m.end)
    assert (m.index, m.start) == (0, 6)
    m = find_next(t, q, m.index, m.end)
    assert (m.index, m.start) == (2, 0)
    m = find_next(t, q, m.index, m.end)
    assert (m.index, m.start) == (0, 2)  # wrapped round
    assert find_next(t, q, 2, 1, wrap=False) is None


def test_find_next_backwards_steps_and_wraps():
    t = make("a x b x", "none", "x c")
    q = Query("x")
    m = find_next(t, q, 2, 3, backwards=True)
    assert (m.index, m.start) == (2, 0)
    m = find_next(t, q, m.index, m.start, backwards=True)
    assert (m.index, m.start) == (0, 6)
    m = find_next(t, q, m.index, m.start, backwards=True)
    assert (m.index, m.start) == (0, 2)
    m = find_next(t, q, m.index, m.start, backwards=True)
    assert (m.index, m.start) == (2, 0)  # wrapped round to the end
    assert find_next(t, q, 0, 2, backwards=True, wrap=False) is None


def test_find_next_wraps_into_the_start_segment_before_the_cursor():
    t = make("x here", "nothing")
    assert find_next(t, Query("x"), 0, 3) == Match(0, 0, 1)
    assert find_next(t, Query("here"), 0, 3, backwards=True) == Match(0, 2, 6)
    assert find_next(t, Query("zzz"), 0, 0) is None
    assert find_next(Transcript(), Query("x"), 0, 0) is None


# --- replace ---------------------------------------------------------------------------


def test_replace_all_counts_and_changes_only_the_words_it_replaced():
    t = make("the cat sat", "a dog", "cat and cat")
    new, count = replace_all(t, Query("cat"), "dog")
    assert count == 3
    assert [s.text for s in new.segments] == ["the dog sat", "a dog", "dog and dog"]
    the, cat, sat = t.segments[0].words
    assert new.segments[0].words == (the, Word(cat.start, cat.end, " dog", 1.0), sat)  # the others keep their marks
    assert [w.probability for w in new.segments[2].words] == [1.0, 0.9, 1.0]
    assert new.segments[1] is t.segments[1] and new.segments[1].words
    assert [(s.start, s.end) for s in new.segments] == [(s.start, s.end) for s in t.segments]
    assert new.language == "en"


def test_replace_all_keeps_words_when_the_text_comes_out_the_same():
    t = make("the cat")
    new, count = replace_all(t, Query("CAT"), "cat")
    assert count == 1 and new is t


def test_replace_all_with_no_match_returns_the_same_transcript():
    t = make("hello")
    assert replace_all(t, Query("zzz"), "y") == (t, 0)


def test_replace_all_case_and_whole_word():
    t = make("Cat cat catalog")
    assert replace_all(t, Query("cat", case_sensitive=True), "dog")[0].segments[0].text == "Cat dog dogalog"
    assert replace_all(t, Query("cat", whole_word=True), "dog")[0].segments[0].text == "dog dog catalog"


def test_replace_all_korean_whole_word():
    t = make("회의 시작 회의를 정기회의", language="ko")
    new, count = replace_all(t, Query("회의", whole_word=True), "미팅")
    assert (new.segments[0].text, count) == ("미팅 시작 회의를 정기회의", 1)


def test_replace_all_regex_groups():
    t = make("Kim Minsu, Lee Jiwon", "no names")
    q = Query(r"(\w+) (?P<given>\w+)", regex=True)
    new, count = replace_all(t, q, r"\g<given> \1", indices=[0])
    assert new.segments[0].text == "Minsu Kim, Jiwon Lee" and count == 2
    assert new.segments[1] is t.segments[1]


def test_replace_without_regex_takes_backslashes_literally():
    t = make("path")
    assert replace_all(t, Query("path"), r"C:\1\n")[0].segments[0].text == r"C:\1\n"


def test_bad_replacement_template_fails_before_anything_changes():
    t = make("abc")
    with pytest.raises(FindError, match="invalid group reference 2"):
        replace_all(t, Query("(a)", regex=True), r"\2")
    with pytest.raises(FindError, match="Invalid replacement"):
        replace_all(t, Query("zzz", regex=True), r"\q")  # checked even with nothing to replace


def test_selection_limited_replace():
    t = make("x one", "x two", "x three")
    new, count = replace_all(t, Query("x"), "y", indices=[1, 2])
    assert count == 2 and [s.text for s in new.segments] == ["x one", "y two", "y three"]
    assert new.segments[0] is t.segments[0]


def test_replace_leaves_no_outer_space_and_may_empty_a_segment():
    t = make("um hello", "um")
    new, count = replace_all(t, Query("um", whole_word=True), "")
    assert count == 2 and [s.text for s in new.segments] == ["hello", ""]


def test_replace_one():
    t = make("cat cat", "cat")
    q = Query("cat")
    second = find_all(t, q)[1]
    new = replace_one(t, second, q, "dog")
    assert [s.text for s in new.segments] == ["cat dog", "cat"] and new.segments[1] is t.segments[1]
    regex = Query(r"c(a)t", regex=True)
    assert replace_one(t, Match(1, 0, 3), regex, r"[\1]").segments[1].text == "[a]"


def test_replace_one_refuses_a_stale_match():
    t = make("cat cat")
    q = Query("cat", whole_word=True)
    with pytest.raises(FindError, match="changed"):
        replace_one(t, Match(0, 1, 4), q, "dog")
    with pytest.raises(FindError, match="changed"):
        replace_one(t, Match(0, 0, 2), q, "dog")


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab 가나", max_size=12), min_size=1, max_size=5),
    pattern=st.text(alphabet="ab가", min_size=1, max_size=2),
    replacement=st.text(alphabet="xy", max_size=2),
)
def test_replace_all_agrees_with_find_all(texts, pattern, replacement):
    t = Transcript(tuple(Segment(i, i + 0.5, " ".join(x.split())) for i, x in enumerate(texts)))
    q = Query(pattern)
    new, count = replace_all(t, q, replacement)
    assert count == len(find_all(t, q))
    expected = [" ".join(s.text.lower().replace(pattern.lower(), replacement).split()) for s in t.segments]
    assert [" ".join(s.text.split()) for s in new.segments] == expected
