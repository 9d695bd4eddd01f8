"""Diarization error rate: hand-computed cases, the collar, overlap, the optimal mapping,
and numbers cross-checked against pyannote.metrics."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from malsori.core.der import assignment, der
from malsori.core.rttm import Turn


def turns(*spans: tuple[float, float, str]) -> list[Turn]:
    return [Turn(*span) for span in spans]


def components(result) -> tuple[float, float, float, float]:
    return tuple(round(x, 9) for x in (result.total, result.missed, result.false_alarm, result.confusion))


REF = turns((0, 5, "alice"), (5, 10, "bob"))


def test_a_perfect_hypothesis_scores_zero_and_the_collar_leaves_boundaries_out():
    result = der(REF, REF)
    # boundaries at 0, 5 and 10: ±0.25 s around each is not scored, so 0.25 + 0.5 + 0.25 s of the 10 are left out
    assert components(result) == (9.0, 0, 0, 0) and result.rate == 0
    assert result.reference_speakers == result.hypothesis_speakers == 2 and result.speaker_count_error == 0


def test_swapped_labels_are_no_error():
    result = der(REF, turns((0, 5, "S2"), (5, 10, "S1")), collar=0)
    assert result.rate == 0 and result.mapping == {"S2": "alice", "S1": "bob"}


def test_a_missed_turn():
    result = der(turns((0, 4, "alice"), (6, 10, "bob")), turns((0, 4, "S1")), collar=0)
    assert components(result) == (8.0, 4.0, 0, 0) and result.rate == 0.5
    assert result.speaker_count_error == -1


def test_a_false_alarm():
    result = der(turns((0, 4, "alice")), turns((0, 4, "S1"), (6, 8, "S2")), collar=0)
    assert components(result) == (4.0, 0, 2.0, 0) and result.rate == 0.5
    assert (result.reference_speakers, result.hypothesis_speakers, result.speaker_count_error) == (1, 2, 1)
    assert result.mapping == {"S1": "alice"}  # S2 never speaks with anyone: no partner


def test_confusion_where_a_turn_change_comes_late():
    ref = turns((0, 10, "alice"), (10, 20, "bob"))
    hyp = turns((0, 12, "S1"), (12, 20, "S2"))
    assert components(der(ref, hyp, collar=0)) == (20.0, 0, 0, 2.0)
    assert der(ref, hyp, collar=0).rate == 0.1
    # with the collar: 0.25-9.75 and 10.25-19.75 are scored; 10.25-12 is bob said to be alice
    with_collar = der(ref, hyp)
    assert components(with_collar) == (19.0, 0, 0, 1.75)
    assert with_collar.rate == pytest.approx(1.75 / 19)


def test_the_collar_forgives_boundaries_a_little_off_and_no_more():
    ref = turns((0, 10, "alice"))
    hyp = turns((0.2, 9.9, "S1"))
    assert components(der(ref, hyp, collar=0)) == (10.0, 0.3, 0, 0)
    assert der(ref, hyp).rate == 0  # both within 0.25 s
    late = der(ref, turns((0.4, 10, "S1")))
    assert components(late) == (9.5, 0.15, 0, 0)  # 0.25-0.4 is scored and missed


def test_overlapped_speech_counts_once_per_speaker():
    ref = turns((0, 10, "alice"), (5, 15, "bob"))
    # one speaker at a time: all of bob is missed, 5 s of it in the overlap
    assert components(der(ref, turns((0, 10, "S1")), collar=0)) == (20.0, 10.0, 0, 0)
    two = der(ref, turns((0, 10, "S1"), (10, 15, "S2")), collar=0)
    assert components(two) == (20.0, 5.0, 0, 0) and two.rate == 0.25
    # skip_overlap: 5-10 is not scored at all
    assert components(der(ref, turns((0, 10, "S1"), (10, 15, "S2")), collar=0, skip_overlap=True)) == (10.0, 0, 0, 0)


def test_the_mapping_is_optimal_not_greedy():
    # together: S1 with alice 3 s, with bob 2 s; S2 with alice 2 s. Greedy S1→alice scores 3 s
    # correct; S1→bob, S2→alice scores 4 s.
    ref = turns((0, 3, "alice"), (3, 5, "bob"), (5, 7, "alice"))
    hyp = turns((0, 5, "S1"), (5, 7, "S2"))
    result = der(ref, hyp, collar=0)
    assert result.mapping == {"S1": "bob", "S2": "alice"}
    assert components(result) == (7.0, 0, 0, 3.0)


def test_a_speakers_own_overlapping_turns_count_once():
    result = der(turns((0, 4, "alice"), (2, 6, "alice")), turns((0, 6, "S1"), (1, 3, "S1")), collar=0)
    assert components(result) == (6.0, 0, 0, 0)


def test_empty_sides():
    assert der([], []).rate == 0 and components(der([], [])) == (0, 0, 0, 0)
    nothing_said = der([], turns((0, 2, "S1")), collar=0)
    assert components(nothing_said) == (0, 0, 2.0, 0) and nothing_said.rate == 1.0
    nothing_found = der(REF, [], collar=0)
    assert components(nothing_found) == (10.0, 10.0, 0, 0) and nothing_found.rate == 1.0
    assert der(turns((3, 3, "alice")), turns((3, 3, "S1")), collar=0).rate == 0  # empty turns only


def test_a_bad_collar_is_refused():
    with pytest.raises(ValueError, match="collar"):
        der(REF, REF, collar=-0.1)


# Cross-checked against pyannote.metrics 4.2.0 (DiarizationErrorRate(collar=2 * collar,
# skip_overlap=...), installed in a throwaway venv, not a dependency): pyannote's collar is
# the collar's whole width. These numbers are pyannote's; this scorer gave the same to 1e-9,
# as it did on 40 random cases (whose speakers' own turns did not overlap: pyannote counts a
# speaker's overlapping turns twice, this scorer once).
MEETING_REF = turns((0.0, 4.2, "alice"), (3.9, 9.5, "bob"), (9.8, 14.0, "alice"), (13.2, 15.1, "carol"),
                    (15.6, 21.3, "bob"), (21.0, 22.4, "carol"), (22.9, 30.0, "alice"))
MEETING_HYP = turns((0.1, 3.8, "S2"), (3.8, 9.7, "S1"), (9.7, 13.5, "S2"), (13.5, 15.0, "S3"), (15.4, 18.0, "S1"),
                    (18.0, 21.5, "S4"), (21.5, 22.6, "S3"), (22.6, 27.0, "S2"), (27.0, 30.4, "S1"))


@pytest.mark.parametrize(
    ("collar", "skip_overlap", "expected", "rate"),
    [
        (0.0, False, (30.1, 1.6, 1.4, 6.6), 0.318936877),
        (0.0, True, (27.3, 0.2, 1.4, 6.3), 0.289377289),
        (0.25, False, (24.4, 0.3, 0.15, 5.5), 0.243852459),
        (0.25, True, (23.8, 0.0, 0.15, 5.5), 0.237394958),
    ],
)
def test_a_meeting_scores_as_pyannote_scores_it(collar, skip_overlap, expected, rate):
    result = der(MEETING_REF, MEETING_HYP, collar, skip_overlap)
    assert components(result) == pytest.approx(expected, abs=1e-9)
    assert result.rate == pytest.approx(rate, abs=1e-9)
    assert result.mapping == {"S1": "bob", "S2": "alice", "S3": "carol"}  # S4 split bob's turn
    assert result.speaker_count_error == 1


@pytest.mark.parametrize(
    ("ref", "hyp", "collar", "expected"),
    [
        (turns((12.13, 16.39, "bob"), (5.49, 6.74, "bob"), (19.21, 23.52, "carol")),
         turns((1.23, 4.13, "S1"), (3.69, 5.08, "S2"), (19.47, 21.15, "S2"), (20.04, 21.8, "S4"),
               (17.99, 20.83, "S3")),
         0.25, (8.32, 5.98, 7.73, 0.58)),
        (turns((21.22, 23.58, "alice"), (6.73, 11.82, "carol"), (4.76, 5.03, "alice"), (4.01, 5.97, "bob"),
               (19.15, 23.53, "bob")),
         turns((0.37, 3.21, "S1"), (4.27, 5.43, "S3"), (18.06, 22.59, "S2"), (7.13, 11.99, "S1")),
         0.0, (14.06, 4.77, 4.1, 0.89)),
    ],
)
def test_random_cases_score_as_pyannote_scores_them(ref, hyp, collar, expected):
    assert components(der(ref, hyp, collar)) == pytest.approx(expected, abs=1e-9)


def test_assignment_finds_the_best_one_to_one_matching_of_any_shape():
    rng = np.random.default_rng(1)
    for trial in range(200):
        rows, cols = (int(n) for n in rng.integers(0, 6, 2))
        gain = rng.integers(0, 4, (rows, cols)).astype(float) if trial % 2 else rng.random((rows, cols))
        pairs = assignment(gain)
        assert len(pairs) == min(rows, cols)
        assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
        small, large = sorted((rows, cols))
        best = max(
            (sum(gain[(i, p[i]) if rows <= cols else (p[i], i)] for i in range(small))
             for p in itertools.permutations(range(large), small)),
            default=0.0,
        )
        assert sum(gain[r, c] for r, c in pairs) == pytest.approx(best)
