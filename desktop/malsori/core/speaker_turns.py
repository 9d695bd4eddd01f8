"""Speaker turns onto a transcript: each word's speaker, segments split where it changes.

Whisper's segments do not follow speakers (one segment often holds the end of a
question and the start of its answer), so the diarization's turns are laid over
the words: each word goes to the speaker who speaks most of its span (the nearest
turn when none covers it), and a segment is cut at the gap before each word
where the speaker changes. A run of words shorter than :data:`MIN_RUN_S`
between words of one speaker takes that speaker: a turn boundary a few hundred
milliseconds off should not give a one-word segment to the next speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Sequence

import numpy as np

from malsori.core.diarization import Diarization, Turn
from malsori.core.speakers import default_name
from malsori.core.transcript import Segment, Speaker, Transcript, TranscriptError, Word, split_at_word, word_offsets
from malsori.core.voices import VoiceError, VoiceLibrary

MIN_RUN_S = 0.5


def _speaker_at(turns: Sequence[Turn], starts: list[float], start: float, end: float) -> int | None:
    """The speaker who speaks most of [start, end], or the nearest turn's."""
    if not turns:
        return None
    first = max(0, bisect.bisect_right(starts, start) - 1)
    covered: dict[int, float] = {}
    for turn in turns[first:]:
        if turn.start >= end:
            break
        overlap = min(end, turn.end) - max(start, turn.start)
        if overlap > 0:
            covered[turn.speaker] = covered.get(turn.speaker, 0.0) + overlap
    if covered:
        return max(covered, key=lambda k: covered[k])
    middle = (start + end) / 2
    near = min(turns[max(0, first - 1) : first + 2], key=lambda t: min(abs(t.start - middle), abs(t.end - middle)))
    return near.speaker


def _smoothed(labels: list[int | None], words: Sequence[Word]) -> list[int | None]:
    """Short runs between two runs of one speaker take that speaker (see MIN_RUN_S)."""
    runs: list[list[int]] = []  # [label, first, last]
    for i, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1][2] = i
        else:
            runs.append([label, i, i])  # type: ignore[list-item]
    out = list(labels)
    for k in range(1, len(runs) - 1):
        label, first, last = runs[k]
        if runs[k - 1][0] == runs[k + 1][0] and words[last].end - words[first].start < MIN_RUN_S:
            out[first : last + 1] = [runs[k - 1][0]] * (last - first + 1)
    return out


def _cuts(labels: list[int | None]) -> list[int]:
    return [i for i in range(1, len(labels)) if labels[i] != labels[i - 1]]


def label(transcript: Transcript, diarization: Diarization, library: VoiceLibrary | None = None) -> Transcript:
    """``transcript`` with speakers from ``diarization``, known voices named from ``library``.

    Speakers are numbered in order of first speech ("Speaker 1" speaks first);
    a speaker whose voice the library knows takes its name, its id and the
    similarity. Each speaker keeps its centroid, so it can be remembered later.
    """
    turns = diarization.turns
    starts = [t.start for t in turns]
    segments: list[tuple[Segment, list[int | None]]] = []
    for seg in transcript.segments:
        if seg.words and word_offsets(seg) is not None:
            labels = _smoothed([_speaker_at(turns, starts, w.start, w.end) for w in seg.words], seg.words)
        else:
            labels = [_speaker_at(turns, starts, seg.start, seg.end)]
        segments.append((seg, labels))
    pieces: list[tuple[Segment, int | None]] = []
    for seg, labels in segments:
        pieces.extend(_split(transcript, seg, labels))
    order: dict[int, int] = {}
    for _, found in pieces:
        if found is not None:
            order.setdefault(found, len(order))
    speakers = _speakers(diarization.centroids, order, library)
    by_label = {old: speakers[new].id for old, new in order.items()}
    labelled = [replace(piece, speaker=by_label[found]) if found is not None else piece for piece, found in pieces]
    return replace(transcript, speakers=tuple(speakers)).with_segments(labelled)


def _split(transcript: Transcript, seg: Segment, labels: list[int | None]) -> list[tuple[Segment, int | None]]:
    """``seg`` cut before each word whose speaker differs from the word before, with
    each piece's speaker; a cut that would leave a piece without text is not made."""
    alone = replace(transcript, segments=(seg,), speakers=())
    kept = [0]
    for cut in reversed(_cuts(labels)):
        try:
            alone = split_at_word(alone, 0, cut)
            kept.append(cut)
        except TranscriptError:
            continue  # the words before it join this run's speaker
    kept.sort()
    return [(piece, labels[first]) for piece, first in zip(alone.segments, kept)]


def _speakers(centroids: np.ndarray, order: dict[int, int], library: VoiceLibrary | None) -> list[Speaker]:
    """Speakers in order of first speech; known voices matched one to one, best match first."""
    ranked = sorted(order, key=order.get)  # type: ignore[arg-type]
    named: dict[int, tuple[str, str, float]] = {}
    if library is not None:
        try:
            matches = [(found, library.match(centroids[found])) for found in ranked]
        except VoiceError:
            matches = []  # an unreadable library names nobody; the editor's voices dialog says why
        taken: set[str] = set()
        for found, match in sorted(((f, m) for f, m in matches if m), key=lambda fm: -fm[1][1]):
            voice, similarity = match
            if voice.id not in taken:
                taken.add(voice.id)
                named[found] = (voice.name, voice.id, similarity)
    speakers = []
    for number, found in enumerate(ranked, start=1):
        embedding = tuple(float(x) for x in centroids[found])
        if found in named:
            name, voice, similarity = named[found]
            speakers.append(Speaker(f"S{number}", name, voice, round(similarity, 3), embedding))
        else:
            speakers.append(Speaker(f"S{number}", default_name(number), embedding=embedding))
    return speakers
