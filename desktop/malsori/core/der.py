"""Diarization error rate (DER): how much of the reference speech is attributed to the wrong speaker.

The definition is md-eval's (NIST), which pyannote.metrics follows:

* Time is cut at every turn boundary of either side; in each piece, with ``r``
  reference and ``h`` hypothesis speakers active, ``r`` seconds per second count
  towards the total (overlapped speech counts once per speaker), ``max(0, r - h)``
  are missed, ``max(0, h - r)`` false alarm, and ``min(r, h)`` minus the pieces'
  correctly mapped speakers are confusion.
* Hypothesis labels are arbitrary ("S1" may be the reference's "alice"), so each
  hypothesis speaker is mapped to at most one reference speaker, one to one, by
  the mapping that maximizes the time they speak together (Hungarian algorithm);
  a swapped labelling therefore scores 0.
* No time within ``collar`` seconds either side of a reference turn's start or
  end is scored, since where a turn begins is uncertain by a few hundred
  milliseconds even for people. md-eval's ``-c 0.25`` is ``collar=0.25`` here;
  pyannote's ``collar`` is the collar's whole width, so it is ``collar=0.5`` there.

numpy only (no scipy): the installer stays small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from malsori.core.rttm import Turn


@dataclass(frozen=True)
class DerResult:
    """The components of a DER, in seconds of speech, and how many speakers each side has.

    ``mapping`` is the hypothesis speaker → reference speaker mapping that was
    scored (hypothesis speakers left without a partner are absent).
    """

    total: float
    missed: float
    false_alarm: float
    confusion: float
    reference_speakers: int
    hypothesis_speakers: int
    mapping: Mapping[str, str] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """(missed + false alarm + confusion) / total. With no reference speech to
        score, 0 when there is no error either and 1 otherwise (pyannote's rule),
        so a rate is always a finite number."""
        error = self.missed + self.false_alarm + self.confusion
        if self.total == 0:
            return 0.0 if error == 0 else 1.0
        return error / self.total

    @property
    def speaker_count_error(self) -> int:
        """Hypothesis speakers minus reference speakers: > 0 when voices were split, < 0 when merged."""
        return self.hypothesis_speakers - self.reference_speakers


def assignment(gain: np.ndarray) -> list[tuple[int, int]]:
    """The (row, column) pairs, each row and each column used at most once, that
    maximize the sum of ``gain`` (a 2-D array of non-negative numbers, any shape).

    The Hungarian algorithm in its O(n² m) shortest-augmenting-path form: rows are
    added one at a time, each along the cheapest path of reduced costs, with
    potentials ``u``, ``v`` keeping every reduced cost non-negative.
    """
    gain = np.asarray(gain, dtype=float)
    transposed = gain.shape[0] > gain.shape[1]
    cost = (gain.T if transposed else gain)
    rows, cols = cost.shape
    if rows == 0:
        return []
    cost = cost.max() - cost  # maximizing gain is minimizing this, and it is >= 0
    u = np.zeros(rows + 1)
    v = np.zeros(cols + 1)
    owner = np.zeros(cols + 1, dtype=int)  # owner[j]: the row (1-based) matched to column j; 0: none
    way = np.zeros(cols + 1, dtype=int)
    for row in range(1, rows + 1):
        owner[0] = row
        free = 0
        least = np.full(cols + 1, math.inf)
        used = np.zeros(cols + 1, dtype=bool)
        while True:
            used[free] = True
            i = owner[free]
            reduced = cost[i - 1] - u[i] - v[1:]
            open_ = ~used[1:]
            better = open_ & (reduced < least[1:])
            least[1:][better] = reduced[better]
            way[1:][better] = free
            candidates = np.where(open_, least[1:], math.inf)
            nxt = int(np.argmin(candidates)) + 1
            delta = candidates[nxt - 1]
            u[owner[used]] += delta
            v[used] -= delta
            least[1:][open_] -= delta
            free = nxt
            if owner[free] == 0:
                break
        while free:  # flip the augmenting path
            back = way[free]
            owner[free] = owner[back]
            free = back
    pairs = [(int(owner[j]) - 1, j - 1) for j in range(1, cols + 1) if owner[j]]
    return sorted((c, r) if transposed else (r, c) for r, c in pairs)


def _activity(turns: Sequence[Turn], edges: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each speaker of ``turns`` and a (speakers, pieces) boolean array: whether they
    speak in each piece between consecutive ``edges`` (which hold every turn's ends)."""
    speakers = sorted({t.speaker for t in turns})
    index = {name: i for i, name in enumerate(speakers)}
    count = np.zeros((len(speakers), len(edges)), dtype=int)
    for t in turns:
        count[index[t.speaker], np.searchsorted(edges, t.start)] += 1
        count[index[t.speaker], np.searchsorted(edges, t.end)] -= 1
    return speakers, np.cumsum(count, axis=1)[:, :-1] > 0  # a speaker's own overlapping turns count once


def der(reference: Sequence[Turn], hypothesis: Sequence[Turn], collar: float = 0.25,
        skip_overlap: bool = False) -> DerResult:
    """The diarization error of ``hypothesis`` against ``reference``, turns of one file.

    ``collar``: seconds not scored either side of each reference boundary (see the
    module's note on md-eval and pyannote). ``skip_overlap``: leave out the time
    where two or more reference speakers talk at once, as some benchmarks do.
    """
    if not isinstance(collar, (int, float)) or not math.isfinite(collar) or collar < 0:
        raise ValueError(f"the collar must be a finite, non-negative number of seconds, not {collar!r}")
    boundaries = [x for t in reference for x in (t.start, t.end)]
    zones = [(b - collar, b + collar) for b in boundaries] if collar > 0 else []
    edges = np.unique(np.array([x for t in (*reference, *hypothesis) for x in (t.start, t.end)]
                               + [x for zone in zones for x in zone], dtype=float))
    if len(edges) < 2:  # no turns, or only empty ones at one instant: one empty piece keeps the shapes
        edges = np.repeat(edges[:1] if len(edges) else np.zeros(1), 2)
    length = np.diff(edges)
    ref_names, ref = _activity(reference, edges)
    hyp_names, hyp = _activity(hypothesis, edges)
    excluded = np.zeros(len(edges), dtype=int)
    for a, b in zones:
        excluded[np.searchsorted(edges, a)] += 1
        excluded[np.searchsorted(edges, b)] -= 1
    scored = np.cumsum(excluded)[:-1] == 0
    n_ref, n_hyp = ref.sum(axis=0), hyp.sum(axis=0)
    if skip_overlap:
        scored &= n_ref < 2
    weight = np.where(scored, length, 0.0)
    together = (hyp * weight) @ ref.T.astype(float)  # seconds each hypothesis speaker talks with each reference one
    pairs = [(h, r) for h, r in assignment(together) if together[h, r] > 0]
    correct = sum(together[h, r] for h, r in pairs)
    return DerResult(
        total=float(weight @ n_ref),
        missed=float(weight @ np.maximum(n_ref - n_hyp, 0)),
        false_alarm=float(weight @ np.maximum(n_hyp - n_ref, 0)),
        confusion=max(0.0, float(weight @ np.minimum(n_ref, n_hyp) - correct)),  # not -1e-16 from rounding
        reference_speakers=len(ref_names),
        hypothesis_speakers=len(hyp_names),
        mapping={hyp_names[h]: ref_names[r] for h, r in pairs},
    )
