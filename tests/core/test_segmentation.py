"""Splitting segments at pauses and timing them by their words (core/segmentation)."""

from __future__ import annotations

import pytest

from malsori.core.segmentation import MAX_PAUSE_S, split_at_pauses
from malsori.core.transcript import Segment, Word


def _segment(*words: tuple[float, float, str], start: float = 0.0, end: float | None = None) -> Segment:
    ws = tuple(Word(s, e, t, 0.9) for s, e, t in words)
    text = "".join(w.text for w in ws).strip()
    return Segment(start, end if end is not None else max(w.end for w in ws), text, ws)


def test_a_pause_longer_than_the_bound_splits_the_segment_and_words_time_the_pieces():
    seg = _segment((0.5, 0.9, " Ask"), (1.0, 1.3, " not."), (21.3, 21.6, " And"), (21.7, 22.0, " so."),
                   start=0.0, end=23.0)
    first, second = split_at_pauses(seg)
    assert (first.start, first.end, first.text) == (0.5, 1.3, "Ask not.")
    assert (second.start, second.end, second.text) == (21.3, 22.0, "And so.")
    assert first.words == seg.words[:2] and second.words == seg.words[2:]


def test_pauses_up_to_the_bound_stay_in_one_segment_timed_by_its_words():
    seg = _segment((1.0, 1.5, " one"), (1.5 + MAX_PAUSE_S, 3.5, " two"), start=0.0, end=4.0)
    (only,) = split_at_pauses(seg)
    assert (only.start, only.end, only.text) == (1.0, 3.5, "one two")


def test_a_segment_without_words_is_left_alone():
    seg = Segment(0.0, 30.0, "no word timings")
    assert split_at_pauses(seg) == [seg]


def test_a_piece_without_text_stays_with_the_words_before_it():
    seg = _segment((0.0, 0.5, " Yes"), (5.0, 5.1, " "))
    (only,) = split_at_pauses(seg)
    assert only.text == "Yes" and only.words == seg.words  # no word lost, no empty segment


@pytest.mark.parametrize("bound", [0.5, 3.0])
def test_the_bound_is_a_parameter(bound):
    seg = _segment((0.0, 0.5, " a"), (1.5, 2.0, " b"))
    assert len(split_at_pauses(seg, bound)) == (2 if bound < 1.0 else 1)
