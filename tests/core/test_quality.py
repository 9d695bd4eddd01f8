"""Tests for subtitle quality warnings and the timing fix."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from malsori.core.quality import (
    CHINESE_LIMITS,
    JAPANESE_LIMITS,
    KOREAN_LIMITS,
    LATIN_LIMITS,
    QualityLimits,
    QualityWarning,
    WarningKind,
    check,
    cps,
    fix_timing,
    limits_for,
    lines_needed,
    visible_characters,
    warnings_by_segment,
)
from malsori.core.transcript import Segment, Transcript, Word

LOOSE = QualityLimits(max_cps=1000, max_line_width=1000, max_lines=100, min_duration=0, max_duration=1000, min_gap=0)


def kinds(transcript: Transcript, limits: QualityLimits) -> set[WarningKind]:
    return {w.kind for w in check(transcript, limits)}


def one(text: str, start: float = 0.0, end: float = 2.0, language: str | None = "en") -> Transcript:
    return Transcript((Segment(start, end, text),), language=language)


def two(a: tuple[float, float], b: tuple[float, float]) -> Transcript:
    return Transcript((Segment(*a, "first"), Segment(*b, "second")), language="en")


# --- limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", [None, "", "en", "EN", "de", "fr", "ru", "en-US"])
def test_latin_limits_are_the_default(language):
    assert limits_for(language) == LATIN_LIMITS


@pytest.mark.parametrize("language", ["ko", "KO", "ko-KR", "ko_KR"])
def test_korean_limits(language):
    assert limits_for(language) == KOREAN_LIMITS


def test_cjk_limits_and_default_values():
    assert limits_for("ja") == JAPANESE_LIMITS and limits_for("zh") == limits_for("yue") == CHINESE_LIMITS
    assert (LATIN_LIMITS.max_cps, LATIN_LIMITS.max_line_width, LATIN_LIMITS.max_lines) == (17, 42, 2)
    assert (KOREAN_LIMITS.max_cps, KOREAN_LIMITS.max_line_width) == (12, 32)
    assert LATIN_LIMITS.min_duration == pytest.approx(0.833, abs=1e-3)
    assert LATIN_LIMITS.max_duration == 7 and LATIN_LIMITS.min_gap == pytest.approx(0.083, abs=1e-3)


@pytest.mark.parametrize(
    "changes",
    [
        {"max_cps": 0},
        {"max_cps": math.nan},
        {"max_line_width": 1},
        {"max_lines": 0},
        {"min_duration": -1},
        {"min_duration": 8, "max_duration": 7},
        {"min_gap": -0.1},
        {"max_duration": math.inf},
    ],
)
def test_limits_reject_nonsense(changes):
    with pytest.raises(ValueError):
        replace(LATIN_LIMITS, **changes)


# --- measures -------------------------------------------------------------------------


def test_cps_counts_visible_characters_only():
    assert visible_characters("hi  there\t!") == 8
    assert visible_characters("안녕 하세요") == 5
    # decomposed Hangul (as macOS file names give it) counts one per syllable
    assert visible_characters(unicodedata.normalize("NFD", "안녕 하세요")) == 5
    assert cps(Segment(1.0, 3.0, "안녕 하세요 여러분")) == pytest.approx(4.0)
    assert cps(Segment(1.0, 1.0, "x")) == math.inf
    assert cps(Segment(1.0, 1.0, "   ")) == 0.0


# --- each warning, at its boundary ---------------------------------------------------------


def test_cps_boundary_latin():
    assert WarningKind.CPS_TOO_HIGH not in kinds(one("a" * 17, 0.0, 1.0), LATIN_LIMITS)
    # spaces are free: 17 letters and 5 spaces in a second are still 17 cps
    assert WarningKind.CPS_TOO_HIGH not in kinds(one("abc de fgh ij klm nopq", 0.0, 1.0), LATIN_LIMITS)
    (warning,) = [w for w in check(one("a" * 18, 0.0, 1.0), LATIN_LIMITS) if w.kind is WarningKind.CPS_TOO_HIGH]
    assert warning.index == 0 and warning.value == pytest.approx(18) and warning.limit == 17
    assert "18" in warning.message and "17" in warning.message


def test_cps_boundary_korean_versus_latin():
    twelve = one("오늘 회의를 시작하겠습니다", 0.1, 1.1, "ko")  # 12 syllables in 1.1 - 0.1 s
    thirteen = one("오늘은 회의를 시작하겠습니다", 0.1, 1.1, "ko")
    assert WarningKind.CPS_TOO_HIGH not in kinds(twelve, limits_for("ko"))
    assert WarningKind.CPS_TOO_HIGH in kinds(thirteen, limits_for("ko"))
    assert WarningKind.CPS_TOO_HIGH not in kinds(thirteen, limits_for("en"))


def test_zero_duration_reads_infinitely_fast():
    (warning,) = [w for w in check(one("hello", 1.0, 1.0), LATIN_LIMITS) if w.kind is WarningKind.CPS_TOO_HIGH]
    assert warning.value == math.inf and "no time" in warning.message


def test_line_too_long_is_a_word_wider_than_a_line():
    assert WarningKind.LINE_TOO_LONG not in kinds(one("x" * 42 + " y"), LATIN_LIMITS)
    url = one("see https://" + "x" * 35)
    (warning,) = [w for w in check(url, LATIN_LIMITS) if w.kind is WarningKind.LINE_TOO_LONG]
    assert (warning.value, warning.limit) == (43, 42)
    korean = limits_for("ko")
    assert WarningKind.LINE_TOO_LONG not in kinds(one("가" * 16, language="ko"), korean)  # 32 columns
    assert WarningKind.LINE_TOO_LONG in kinds(one("가" * 17, language="ko"), korean)


def test_unspaced_languages_break_anywhere_so_no_line_is_too_long():
    assert WarningKind.LINE_TOO_LONG not in kinds(one("今日は" * 9, 0, 5, "ja"), JAPANESE_LIMITS)
    assert WarningKind.TOO_MANY_LINES in kinds(one("今日は" * 9, 0, 5, "ja"), JAPANESE_LIMITS)  # 54 columns > 2 x 26


def test_too_many_lines_boundary_latin():
    word = "a" * 20  # two per 42-column line: 20 + 1 + 20
    assert lines_needed(" ".join([word] * 4), LATIN_LIMITS) == 2
    assert WarningKind.TOO_MANY_LINES not in kinds(one(" ".join([word] * 4)), LATIN_LIMITS)
    (warning,) = [w for w in check(one(" ".join([word] * 5)), LATIN_LIMITS) if w.kind is WarningKind.TOO_MANY_LINES]
    assert (warning.value, warning.limit) == (3, 2)


def test_too_many_lines_korean_versus_latin():
    # two-syllable words take 4 columns: 6 fit a 32-column Korean line, 8 a 42-column one
    twelve, thirteen = " ".join(["회의"] * 12), " ".join(["회의"] * 13)
    assert WarningKind.TOO_MANY_LINES not in kinds(one(twelve, language="ko"), KOREAN_LIMITS)
    assert WarningKind.TOO_MANY_LINES in kinds(one(thirteen, language="ko"), KOREAN_LIMITS)
    assert WarningKind.TOO_MANY_LINES not in kinds(one(thirteen, language="ko"), LATIN_LIMITS)


def test_blank_text_has_no_text_warnings():
    assert kinds(one("   ", 0, 2), LATIN_LIMITS) == set()


def test_too_short_boundary():
    exact = one("hi", 1.0, 1.0 + 5 / 6)  # float arithmetic must not flip the boundary
    assert WarningKind.TOO_SHORT not in kinds(exact, LATIN_LIMITS)
    (warning,) = [w for w in check(one("hi", 1.0, 1.8), LATIN_LIMITS) if w.kind is WarningKind.TOO_SHORT]
    assert warning.value == pytest.approx(0.8) and "0.8 s" in warning.message


def test_too_long_boundary():
    assert WarningKind.TOO_LONG not in kinds(one("hi", 0.1, 7.1), LATIN_LIMITS)
    (warning,) = [w for w in check(one("hi", 0.1, 7.11), LATIN_LIMITS) if w.kind is WarningKind.TOO_LONG]
    assert warning.value == pytest.approx(7.01) and warning.limit == 7


def test_gap_exactly_the_minimum_is_fine():
    limits = replace(LOOSE, min_gap=2 / 24)
    assert kinds(two((0.1, 1.1), (1.1 + 2 / 24, 2.0)), limits) == set()
    (warning,) = check(two((0.1, 1.1), (1.15, 2.0)), limits)
    assert (warning.index, warning.kind) == (0, WarningKind.GAP_TOO_SMALL)
    assert warning.value == pytest.approx(0.05)


def test_touching_cues_have_too_small_a_gap_not_an_overlap():
    assert kinds(two((0.0, 1.0), (1.0, 2.0)), replace(LOOSE, min_gap=0.083)) == {WarningKind.GAP_TOO_SMALL}
    assert kinds(two((0.0, 1.0), (1.0, 2.0)), LOOSE) == set()


def test_overlap():
    (warning,) = check(two((0.0, 1.5), (1.0, 2.0)), LOOSE)
    assert (warning.index, warning.kind, warning.value) == (0, WarningKind.OVERLAP, pytest.approx(0.5))
    assert "0.5 s" in warning.message


def test_overlap_with_a_later_segment_is_found_through_its_neighbour():
    t = Transcript((Segment(0, 10, "long"), Segment(1, 2, "a"), Segment(3, 4, "b")))
    assert [(w.index, w.kind) for w in check(t, LOOSE)] == [(0, WarningKind.OVERLAP)]


def test_check_orders_by_segment_and_groups():
    t = Transcript((Segment(0, 0.5, "a" * 20), Segment(0.4, 9, "ok"), Segment(9.01, 10, "fine words")))
    warnings = check(t, LATIN_LIMITS)
    assert [(w.index, w.kind) for w in warnings] == [
        (0, WarningKind.CPS_TOO_HIGH),
        (0, WarningKind.TOO_SHORT),
        (0, WarningKind.OVERLAP),
        (1, WarningKind.TOO_LONG),
        (1, WarningKind.GAP_TOO_SMALL),
    ]
    grouped = warnings_by_segment(warnings)
    assert sorted(grouped) == [0, 1]
    assert [w.kind for w in grouped[1]] == [WarningKind.TOO_LONG, WarningKind.GAP_TOO_SMALL]
    assert all(isinstance(w, QualityWarning) and w.message for w in warnings)


# --- fix_timing: examples ------------------------------------------------------------------

TIMING = {WarningKind.OVERLAP, WarningKind.GAP_TOO_SMALL}


def test_fix_moves_the_end_earlier_when_that_keeps_the_minimum_duration():
    t = two((0.0, 2.0), (1.5, 3.0))
    fixed = fix_timing(t, LATIN_LIMITS)
    a, b = fixed.segments
    assert a.end == pytest.approx(1.5 - 2 / 24) and a.start == 0.0
    assert b == t.segments[1]
    assert not kinds(fixed, LATIN_LIMITS) & TIMING


def test_fix_moves_the_next_start_rather_than_make_a_cue_too_short():
    t = two((0.0, 1.0), (0.5, 3.0))
    a, b = fix_timing(t, LATIN_LIMITS).segments
    assert a.duration == pytest.approx(5 / 6) and b.start == pytest.approx(5 / 6 + 2 / 24)
    assert b.end == 3.0 and b.duration >= 5 / 6


def test_fix_when_both_cannot_keep_the_minimum_the_earlier_end_gives():
    t = two((0.0, 1.0), (0.5, 1.4))
    a, b = fix_timing(t, LATIN_LIMITS).segments
    assert b.duration == pytest.approx(5 / 6) and b.end == 1.4
    assert a.end == pytest.approx(b.start - 2 / 24) and a.duration < 5 / 6


def test_fix_never_shortens_a_short_cue_when_the_next_can_give():
    t = two((0.0, 0.4), (0.3, 3.0))
    a, b = fix_timing(t, LATIN_LIMITS).segments
    assert (a.start, a.end) == (0.0, 0.4) and b.start == pytest.approx(0.4 + 2 / 24)


def test_fix_keeps_words_inside_and_texts_unchanged():
    words = (Word(0.0, 0.9, " hello", 0.8), Word(1.0, 1.9, " there", 0.3))
    t = Transcript((Segment(0.0, 2.0, "hello there", words), Segment(1.2, 3.0, "next", reviewed=True)), language="en")
    fixed = fix_timing(t, LATIN_LIMITS)
    a, b = fixed.segments
    assert a.end == pytest.approx(1.2 - 2 / 24)
    assert a.words[1].end == a.end and a.words[0] == words[0]
    assert [s.text for s in fixed.segments] == ["hello there", "next"] and b.reviewed
    assert fixed.language == "en"


def test_fix_returns_the_same_transcript_when_nothing_needs_fixing():
    t = two((0.0, 1.0), (1.5, 3.0))
    assert fix_timing(t, LATIN_LIMITS) is t
    assert fix_timing(Transcript(), LATIN_LIMITS) == Transcript()


def test_fix_of_an_impossible_cluster_keeps_invariants():
    t = Transcript((Segment(1.0, 1.0, "a"), Segment(1.0, 1.0, "b"), Segment(1.0, 1.02, "c")))
    fixed = fix_timing(t, LATIN_LIMITS)
    assert [s.text for s in fixed.segments] == ["a", "b", "c"]
    assert all(s.start >= 1.0 and s.end <= 1.02 for s in fixed.segments)


# --- fix_timing: properties ----------------------------------------------------------------


@st.composite
def timed_transcripts(draw) -> Transcript:
    """Dense, often overlapping segments on a millisecond grid, some with words."""
    count = draw(st.integers(0, 12))
    starts = sorted(draw(st.lists(st.integers(0, 8000), min_size=count, max_size=count)))
    segments = []
    for n, start in enumerate(starts):
        end = start + draw(st.integers(0, 3000))
        words = ()
        if draw(st.booleans()) and end > start:
            mid = draw(st.integers(start, end))
            words = (Word(start / 1000, mid / 1000, " w", 0.5), Word(mid / 1000, end / 1000, " x", 0.9))
        segments.append(Segment(start / 1000, end / 1000, f"segment {n}", words, reviewed=draw(st.booleans())))
    return Transcript().with_segments(segments)


limit_sets = st.builds(
    lambda gap, shortest: replace(LATIN_LIMITS, min_gap=gap, min_duration=shortest),
    st.sampled_from([0.0, 2 / 24, 0.04, 0.5]),
    st.sampled_from([0.0, 5 / 6, 2.0]),
)


def achievable(transcript: Transcript, min_gap: float) -> bool:
    """Whether the segments can be spaced out by only shrinking each inside its own
    span (each to nothing if need be), with a little margin to spare."""
    previous_end = -math.inf
    for seg in transcript.segments:
        start = max(seg.start, previous_end + min_gap + 1e-4)
        if start > seg.end:
            return False
        previous_end = start
    return True


@settings(max_examples=400, deadline=None)
@given(transcript=timed_transcripts(), limits=limit_sets)
# Found by hypothesis: 0.03 + (0.282 - 0.03) is 0.28200000000000003, an end past the segment's own.
@example(transcript=Transcript((Segment(0.03, 0.282, "segment 0"), Segment(0.03, 1.116, "segment 1"),
                                Segment(1.116, 1.116, "segment 2"))),
         limits=replace(LATIN_LIMITS, min_gap=0.0, min_duration=0.8333333333333334))
def test_fix_timing_properties(transcript, limits):
    fixed = fix_timing(transcript, limits)
    # the same segments in the same order, each shrunk inside its own span
    assert len(fixed) == len(transcript)
    for old, new in zip(transcript.segments, fixed.segments):
        assert (new.text, new.reviewed) == (old.text, old.reviewed)
        assert old.start <= new.start <= new.end <= old.end
        assert len(new.words) == len(old.words)
    if achievable(transcript, limits.min_gap):
        assert not kinds(fixed, limits) & TIMING
        assert fix_timing(fixed, limits) is fixed  # nothing left to do
    untouched = [w for w in check(transcript, limits) if w.kind in TIMING]
    assert len([w for w in check(fixed, limits) if w.kind in TIMING]) <= len(untouched)


@settings(max_examples=200, deadline=None)
@given(transcript=timed_transcripts())
def test_fix_keeps_the_minimum_duration_when_there_is_room(transcript):
    """Segments that start at least (minimum + gap) apart and last at least the
    minimum can all keep the minimum: the fix must find that."""
    limits = LATIN_LIMITS
    step = limits.min_duration + limits.min_gap + 1e-3
    spaced = [
        replace(s, start=i * step, end=i * step + max(s.duration, step), words=())
        for i, s in enumerate(transcript.segments)
    ]
    t = Transcript(tuple(spaced))
    fixed = fix_timing(t, limits)
    assert not kinds(fixed, limits) & TIMING
    assert all(s.duration >= limits.min_duration - 1e-9 for s in fixed.segments)
