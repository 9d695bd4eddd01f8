"""Who speaks when: speech regions, a d-vector every 0.4 s, clustering into speakers.

The steps, each chosen for a reason measured in ``bench/diarization_bench.py``:

1. Silero VAD (faster-whisper's, already loaded for transcription) finds speech,
   with short pauses kept as cuts, since speakers change at pauses.
2. :mod:`malsori.core.speaker_embedding` gives a unit d-vector for each 0.8 s
   window every 0.4 s inside speech.
3. Average-linkage agglomerative clustering on cosine similarity of groups of
   neighbouring windows (the nearest-neighbour-chain algorithm: O(n²) time and
   memory, numpy only, so no scipy or scikit-learn in the installers). Only groups
   of :data:`MIN_UNIT_WINDOWS` or more are clustered. The number of speakers is
   where the linkage similarity falls below :data:`MERGE_SIMILARITY`; speakers
   with less than :data:`MIN_SPEAKER_S` of speech are folded into the nearest,
   and beyond the person's maximum (or exact count) the smallest are.
4. Every window is labelled again by its nearest speaker centroid with a Viterbi
   pass that charges :data:`SWITCH_PENALTY` per change, so one odd window in the
   middle of a turn does not make a turn of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from malsori.core import audio
from malsori.core.speaker_embedding import DIMENSION, SAMPLE_RATE, centroid, embedder

#: Linkage similarity below which two clusters are taken for different speakers. Measured
#: on the test set (bench/diarization_bench.py, tests/conversations.py) with the rest as
#: here: 0.70-0.72 finds every file's true count; 0.68 joins the closest two voices of
#: five (us2 and us3), 0.74 splits a voice. The middle of that narrow range.
MERGE_SIMILARITY = 0.71
#: Cost of a speaker change between neighbouring windows, against a cosine similarity in -1..1.
SWITCH_PENALTY = 0.35
#: Windows of 0.8 s every 0.4 s (in 10 ms frames).
STRIDE_FRAMES = 40
STRIDE_S = STRIDE_FRAMES / 100
#: A cluster with less speech than this is taken for noise in another speaker's voice
#: (a laugh, a cough, a turn's onset), not a speaker of its own.
MIN_SPEAKER_S = 1.2
#: Windows are clustered in groups of this many neighbours (2 s of speech): one
#: window's d-vector is noisy (the same voice's windows are 0.70-0.75 alike on the
#: test voices, two similar voices' 0.56), a group's centroid much less (0.84 and 0.68).
UNIT_WINDOWS = 4
#: At most this many groups are clustered (the similarity matrix is then 36 MB; 3,000
#: groups is 80 minutes of speech); beyond, the groups are larger.
MAX_UNITS = 3000
#: Only groups of at least this many windows (1.6 s of speech) are clustered; shorter
#: ones (a short region, a region's tail) are labelled by the speakers found. Their
#: centroids are noisy: measured, the clusters beyond the true count were made of them
#: (onsets and ends of turns), one to two extra speakers a file before this rule.
#: So a voice heard only in stretches under 1.6 s is given to the nearest speaker.
MIN_UNIT_WINDOWS = 3
DEFAULT_MAX_SPEAKERS = 10
#: A file is diarized in blocks of about this many seconds of audio: the VAD's memory grows
#: with the block (measured peak RSS diarizing 18 minutes: 256 MiB in 120 s blocks, 217 in 60 s).
BLOCK_S = 60

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


class DiarizationError(ValueError):
    """A speaker setting that cannot work; the message says why."""


@dataclass(frozen=True)
class SpeakerCount:
    """How many speakers to find: ``exact``, or automatically within ``minimum``..``maximum``."""

    exact: int | None = None
    minimum: int = 1
    maximum: int = DEFAULT_MAX_SPEAKERS

    def __post_init__(self) -> None:
        if self.exact is not None and self.exact < 1:
            raise DiarizationError(f"the number of speakers must be at least 1, not {self.exact}")
        if not 1 <= self.minimum <= self.maximum:
            raise DiarizationError(f"a speaker range must be 1 ≤ minimum ≤ maximum, not {self.minimum}-{self.maximum}")

    def bounds(self) -> tuple[int, int]:
        return (self.exact, self.exact) if self.exact else (self.minimum, self.maximum)

    def spec(self) -> str:
        """The command-line spelling: "auto", "3" or "2-4"."""
        if self.exact:
            return str(self.exact)
        if (self.minimum, self.maximum) == (1, DEFAULT_MAX_SPEAKERS):
            return "auto"
        return f"{self.minimum}-{self.maximum}"


CHANNELS = "channels"


def parse_speakers(spec: str) -> SpeakerCount | str:
    """``auto``, ``N``, ``MIN-MAX`` as a :class:`SpeakerCount`, or :data:`CHANNELS` for one speaker per channel."""
    text = spec.strip().lower()
    if text == CHANNELS:
        return CHANNELS
    if text == "auto":
        return SpeakerCount()
    if re.fullmatch(r"\d+", text):
        return SpeakerCount(exact=int(text))
    found = re.fullmatch(r"(\d+)\s*-\s*(\d+)", text)
    if found:
        return SpeakerCount(minimum=int(found[1]), maximum=int(found[2]))
    raise DiarizationError(f"--speakers takes auto, a number, a range such as 2-4, or channels; not {spec!r}")


@dataclass(frozen=True)
class Turn:
    """A stretch of speech by one speaker (numbered from 0 in order of first appearance)."""

    start: float
    end: float
    speaker: int


@dataclass(frozen=True)
class Diarization:
    """Turns in time order and each speaker's unit centroid (row ``i`` is speaker ``i``)."""

    turns: tuple[Turn, ...]
    centroids: np.ndarray = field(repr=False)

    @property
    def speakers(self) -> int:
        return len(self.centroids)


class Cancelled(Exception):
    """Diarization stopped because the caller asked."""


def speech_regions(samples: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) sample spans of speech, cut at pauses of 0.2 s or more."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    found = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=200, speech_pad_ms=60))
    return [(int(s["start"]), int(s["end"])) for s in found]


def _average_linkage(vectors: np.ndarray) -> list[tuple[int, int, float, int]]:
    """Merges (a, b, similarity, new id) of average-linkage clustering on cosine similarity.

    Nearest-neighbour chain: follow each cluster's most similar neighbour until two
    clusters are each other's; merge them. Average linkage is reducible, so the
    merges, sorted by similarity, are those of the greedy algorithm.
    """
    n = len(vectors)
    sim = (vectors @ vectors.T).astype(np.float64)
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    slot_id = list(range(n))  # the cluster id each slot holds now
    merges: list[tuple[int, int, float, int]] = []
    chain: list[int] = []
    next_id = n
    while active.sum() > 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        row = np.where(active, sim[a], -np.inf)
        row[a] = -np.inf
        b = int(np.argmax(row))
        if len(chain) > 1 and row[chain[-2]] >= row[b]:
            b = chain[-2]
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            merges.append((slot_id[a], slot_id[b], float(sim[a, b]), next_id))
            # the merged cluster takes slot a; its similarities are the size-weighted means
            sim[a] = (size[a] * sim[a] + size[b] * sim[b]) / (size[a] + size[b])
            sim[:, a] = sim[a]
            sim[a, a] = -np.inf
            size[a] += size[b]
            active[b] = False
            sim[b] = -np.inf
            sim[:, b] = -np.inf
            slot_id[a] = next_id
            next_id += 1
        else:
            chain.append(b)
    return merges


def _cut(n: int, merges: list[tuple[int, int, float, int]], low: int, high: int) -> np.ndarray:
    """Cluster labels of ``n`` leaves: merges down to MERGE_SIMILARITY, keeping low..high clusters."""
    parent = list(range(n + len(merges)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    clusters = n
    for a, b, similarity, new in sorted(merges, key=lambda m: -m[2]):
        if clusters <= low or (similarity < MERGE_SIMILARITY and clusters <= high):
            break
        parent[root(a)] = new
        parent[root(b)] = new
        clusters -= 1
    roots = [root(i) for i in range(n)]
    _, labels = np.unique(roots, return_inverse=True)
    return labels


def _viterbi(scores: np.ndarray, penalty: float) -> np.ndarray:
    """The label path maximizing the summed scores minus ``penalty`` per change."""
    count, k = scores.shape
    total = scores[0].copy()
    back = np.zeros((count, k), dtype=np.int64)
    for t in range(1, count):
        stay = total
        best = int(np.argmax(total))
        switch = total[best] - penalty
        back[t] = np.where(stay >= switch, np.arange(k), best)
        total = np.maximum(stay, switch) + scores[t]
    path = np.empty(count, dtype=np.int64)
    path[-1] = int(np.argmax(total))
    for t in range(count - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def _units(region_of: np.ndarray) -> np.ndarray:
    """Group id of each window: neighbours of one region in groups of UNIT_WINDOWS, or
    larger ones where that would make more than MAX_UNITS groups."""
    per = max(UNIT_WINDOWS, int(np.ceil(len(region_of) / MAX_UNITS)))
    unit, ids, last_region, filled = -1, np.empty(len(region_of), dtype=np.int64), -1, per
    for i, region in enumerate(region_of):
        if region != last_region or filled == per:
            unit, filled, last_region = unit + 1, 0, region
        ids[i] = unit
        filled += 1
    return ids


def diarize(samples: np.ndarray, count: SpeakerCount = SpeakerCount(), progress: ProgressFn | None = None,
            cancel: CancelFn | None = None) -> Diarization:
    """Speaker turns of 16 kHz mono ``samples``.

    ``progress`` gets 0..1 as speech is embedded; ``cancel`` is polled between
    regions and raises :class:`Cancelled`. Audio without speech gives no turns.
    """
    samples = np.asarray(samples, dtype=np.float32)
    return _cluster(_Windows.of([(0, samples)], cancel, progress, len(samples)), count)


def diarize_file(source: audio.Source, count: SpeakerCount = SpeakerCount(), progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> Diarization:
    """Speaker turns of a media file, decoded as a stream: memory holds one block
    of audio and the d-vectors (4 kB per 0.4 s of speech), whatever its length."""
    expected = audio.probe_duration(source) * SAMPLE_RATE
    return _cluster(_Windows.of(_blocks(audio.stream(source, cancel=cancel, allow_truncated=True)), cancel,
                                progress, expected), count)


def _blocks(chunks: Iterable[np.ndarray]) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, samples) blocks of at least BLOCK_S seconds, so that few speech regions
    are cut at a block border (a cut there only starts a new window)."""
    offset, pending, size = 0, [], 0
    for chunk in chunks:
        pending.append(chunk)
        size += chunk.size
        if size >= BLOCK_S * SAMPLE_RATE:
            yield offset, np.concatenate(pending)
            offset, pending, size = offset + size, [], 0
    if pending:
        yield offset, np.concatenate(pending)


@dataclass
class _Windows:
    """The d-vectors of all speech, with each window's own span and its region."""

    vectors: np.ndarray
    spans: list[tuple[float, float]]
    region_of: np.ndarray

    @classmethod
    def of(cls, blocks: Iterable[tuple[int, np.ndarray]], cancel: CancelFn | None, progress: ProgressFn | None,
           expected_samples: float) -> "_Windows":
        model = embedder()
        vectors, spans, region_of = [], [], []
        regions = 0
        for offset, samples in blocks:
            for start, end in speech_regions(samples):
                if cancel is not None and cancel():
                    raise Cancelled()
                found = model.dvectors(samples[start:end], STRIDE_FRAMES)
                t0, t1 = (offset + start) / SAMPLE_RATE, (offset + end) / SAMPLE_RATE
                for i in range(len(found)):
                    centre = t0 + i * STRIDE_S + 0.4
                    spans.append((t0 if i == 0 else max(t0, centre - STRIDE_S / 2),
                                  t1 if i == len(found) - 1 else min(t1, centre + STRIDE_S / 2)))
                vectors.append(found)
                region_of.extend([regions] * len(found))
                regions += 1
                if progress is not None and expected_samples:
                    progress(min(1.0, (offset + end) / expected_samples))
        if progress is not None:
            progress(1.0)
        empty = np.zeros((0, DIMENSION), dtype=np.float32)
        return cls(np.concatenate(vectors) if vectors else empty, spans, np.asarray(region_of, dtype=np.int64))


def _cluster(found: _Windows, count: SpeakerCount) -> Diarization:
    """Speakers of the windows, and their turns."""
    windows, spans, regions_of = found.vectors, found.spans, found.region_of
    if not len(windows):
        return Diarization((), np.zeros((0, DIMENSION), dtype=np.float32))
    units = _units(regions_of)
    clustered = np.flatnonzero(np.bincount(units) >= MIN_UNIT_WINDOWS)
    if len(clustered) < 2:  # hardly any longer stretch: cluster what there is
        clustered = np.arange(units.max() + 1)
    unit_vectors = np.stack([centroid(windows[units == u]) for u in clustered])
    low, high = count.bounds()
    low = min(low, len(unit_vectors))
    labels = _cut(len(unit_vectors), _average_linkage(unit_vectors), low, max(high, DEFAULT_MAX_SPEAKERS))
    unit_label = np.full(units.max() + 1, -1)
    unit_label[clustered] = labels
    centroids = _reduce(windows, _centroids(windows, unit_label[units]), spans, low, high)
    path = np.empty(len(windows), dtype=np.int64)
    bounds = np.flatnonzero(np.diff(regions_of)) + 1
    for chosen in np.split(np.arange(len(windows)), bounds):  # each region on its own: a pause may change speaker
        path[chosen] = _viterbi(windows[chosen] @ centroids.T, SWITCH_PENALTY)
    return _turns(spans, path, centroids)


def _centroids(windows: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The centroid of each label ≥ 0 that some window has (a label nobody has is gone;
    windows labelled -1 count for none)."""
    return np.stack([centroid(windows[labels == k]) for k in np.unique(labels) if k >= 0])


def _reduce(windows: np.ndarray, centroids: np.ndarray, spans: list[tuple[float, float]], low: int,
            high: int) -> np.ndarray:
    """Centroids without the speakers who, every window labelled by its nearest centroid,
    speak less than MIN_SPEAKER_S (while more than ``low`` remain), then without the
    smallest while more than ``high`` remain: the windows of a speaker taken away go
    to their nearest remaining one. Taking away the smallest, rather than merging the
    two most alike, is what a count the person set needs: measured on the test set,
    the clusters beyond the true count are a few seconds of turn onsets and ends, and
    merging the most alike pair instead joined two real speakers (DER 0.30 for 0.07)."""
    durations = np.array([end - start for start, end in spans])
    while len(centroids) > max(1, low):
        nearest = np.argmax(windows @ centroids.T, axis=1)
        seconds = np.bincount(nearest, weights=durations, minlength=len(centroids))
        smallest = int(np.argmin(seconds))
        if seconds[smallest] >= MIN_SPEAKER_S and len(centroids) <= high:
            break
        rest = np.delete(centroids, smallest, axis=0)
        centroids = _centroids(windows, np.argmax(windows @ rest.T, axis=1))
    return centroids


def _turns(spans: list[tuple[float, float]], path: np.ndarray, centroids: np.ndarray) -> Diarization:
    """Neighbouring windows of one speaker joined into turns; speakers renumbered by first turn."""
    turns: list[list[float]] = []
    for (start, end), label in zip(spans, path):
        if turns and turns[-1][2] == label and start - turns[-1][1] < 1e-6:
            turns[-1][1] = end
        else:
            turns.append([start, end, int(label)])
    order: dict[int, int] = {}
    for _, _, label in turns:
        order.setdefault(int(label), len(order))
    ranked = np.stack([centroids[old] for old in order])
    return Diarization(tuple(Turn(s, e, order[int(k)]) for s, e, k in turns), ranked.astype(np.float32))
