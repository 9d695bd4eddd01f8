"""The diarization's pure parts: the speaker setting, the clustering, the relabelling.

The clustering is checked against the textbook greedy average-linkage algorithm
(merge the two most similar clusters, again and again) on random vectors; the
real speech is in test_diarization_speech.py, tests/integration/test_speakers.py and the bench.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from malsori.core import diarization
from malsori.core.diarization import (
    CHANNELS,
    DiarizationError,
    SpeakerCount,
    _average_linkage,
    _cut,
    _units,
    _viterbi,
    parse_speakers,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("auto", SpeakerCount()), ("AUTO ", SpeakerCount()), ("3", SpeakerCount(exact=3)),
     ("2-4", SpeakerCount(minimum=2, maximum=4)), ("2 - 6", SpeakerCount(minimum=2, maximum=6)),
     ("channels", CHANNELS)],
)
def test_speaker_settings_are_read_as_the_command_line_spells_them(spec: str, expected) -> None:
    assert parse_speakers(spec) == expected
    if isinstance(expected, SpeakerCount):
        assert parse_speakers(expected.spec()) == expected


@pytest.mark.parametrize("spec", ["0", "4-2", "0-3", "many", "-2", "2-", ""])
def test_impossible_speaker_settings_say_what_is_accepted(spec: str) -> None:
    with pytest.raises(DiarizationError, match="auto|at least|minimum"):
        parse_speakers(spec)


def _greedy_average_linkage(vectors: np.ndarray) -> list[tuple[frozenset[int], frozenset[int], float]]:
    """Merges of the O(n³) textbook algorithm, as pairs of leaf sets and their similarity."""
    clusters = [frozenset([i]) for i in range(len(vectors))]
    sim = vectors @ vectors.T
    merges = []
    while len(clusters) > 1:
        best = max(itertools.combinations(range(len(clusters)), 2),
                   key=lambda ab: np.mean([sim[i, j] for i in clusters[ab[0]] for j in clusters[ab[1]]]))
        a, b = clusters[best[0]], clusters[best[1]]
        merges.append((a, b, float(np.mean([sim[i, j] for i in a for j in b]))))
        clusters = [c for k, c in enumerate(clusters) if k not in best] + [a | b]
    return merges


def _leaf_sets(n: int, merges: list[tuple[int, int, float, int]]) -> list[tuple[frozenset[int], frozenset[int], float]]:
    members = {i: frozenset([i]) for i in range(n)}
    out = []
    for a, b, similarity, new in merges:
        out.append((members[a], members[b], similarity))
        members[new] = members[a] | members[b]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_nearest_neighbour_chain_makes_the_merges_of_greedy_average_linkage(seed: int) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((3, 8))
    vectors = np.concatenate([c + 0.6 * rng.standard_normal((5, 8)) for c in centres])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chain = _leaf_sets(len(vectors), _average_linkage(vectors))
    greedy = _greedy_average_linkage(vectors)
    key = lambda m: (-round(m[2], 9), sorted(m[0] | m[1]))  # noqa: E731
    assert [(frozenset([a, b]), round(s, 9)) for a, b, s in sorted(chain, key=key)] == \
           [(frozenset([a, b]), round(s, 9)) for a, b, s in sorted(greedy, key=key)]


def _three_voices(rng: np.random.Generator, per: int = 6) -> tuple[np.ndarray, np.ndarray]:
    centres = np.eye(3, 16)
    vectors = np.concatenate([c + 0.1 * rng.standard_normal((per, 16)) for c in centres])
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), np.repeat(np.arange(3), per)


def test_the_cut_finds_the_voices_or_keeps_the_count_asked_for() -> None:
    vectors, truth = _three_voices(np.random.default_rng(1))
    merges = _average_linkage(vectors)
    found = _cut(len(vectors), merges, 1, 10)
    assert len(set(found)) == 3
    assert all(len(set(found[truth == k])) == 1 for k in range(3))  # each voice in one cluster
    assert len(set(_cut(len(vectors), merges, 4, 4))) == 4  # exactly 4 asked: one voice is split
    assert len(set(_cut(len(vectors), merges, 2, 2))) == 2  # exactly 2: two voices share a label
    assert len(set(_cut(len(vectors), merges, 1, 2))) == 2  # at most 2
    assert len(set(_cut(len(vectors), merges, 5, 10))) == 5  # at least 5


def test_viterbi_ignores_one_odd_window_but_follows_a_real_change() -> None:
    scores = np.array([[0.9, 0.1]] * 4 + [[0.4, 0.6]] + [[0.9, 0.1]] * 4 + [[0.1, 0.9]] * 5)
    path = _viterbi(scores, penalty=0.35)
    assert list(path) == [0] * 9 + [1] * 5
    assert list(_viterbi(scores, penalty=0.0)) == list(np.argmax(scores, axis=1))


def test_windows_are_clustered_in_groups_of_neighbours_never_across_a_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    regions = np.array([0] * 5 + [1] * 4)
    assert list(_units(regions)) == [0, 0, 0, 0, 1, 2, 2, 2, 2]
    monkeypatch.setattr(diarization, "MAX_UNITS", 2)  # 9 windows, at most 2 groups: 5 a group
    assert list(_units(regions)) == [0, 0, 0, 0, 0, 1, 1, 1, 1]


def test_silence_has_no_speakers() -> None:
    found = diarization.diarize(np.zeros(16_000 * 3, dtype=np.float32))
    assert found.turns == () and found.speakers == 0
