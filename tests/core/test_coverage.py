"""Finding speech that no segment covers (core/coverage)."""

from __future__ import annotations

from malsori.core.coverage import MIN_UNCOVERED_S, uncovered
from malsori.core.transcript import Segment


def test_speech_with_no_segment_over_it_is_listed():
    speech = [(0.0, 8.0), (28.0, 36.0), (56.0, 64.0)]
    segments = [Segment(0.4, 7.6, "one"), Segment(56.3, 63.5, "three")]
    assert uncovered(speech, segments) == [(28.0, 36.0)]


def test_a_gap_inside_speech_counts_from_the_bound_on():
    speech = [(0.0, 20.0)]
    segments = [Segment(0.5, 5.0, "a"), Segment(5.0 + MIN_UNCOVERED_S - 0.1, 9.0, "b"), Segment(14.0, 19.8, "c")]
    assert uncovered(speech, segments) == [(9.0, 14.0)]


def test_overlapping_segments_and_pads_leave_nothing():
    speech = [(0.0, 10.0)]
    segments = [Segment(0.4, 6.0, "a"), Segment(3.0, 9.7, "b")]
    assert uncovered(speech, segments) == []
    assert uncovered([], segments) == []
