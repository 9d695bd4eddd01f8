"""Pure edit operations on a transcript's speakers: rename, reassign, merge.

Like the operations in :mod:`malsori.core.transcript`, each takes a Transcript and
returns a new one, so the editor's undo of any of them is one step. Segments refer
to speakers by id, so a rename changes one :class:`Speaker` and every segment shows
it; reassigning words splits their segment, since a segment has one speaker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from malsori.core.transcript import (
    Speaker,
    Transcript,
    TranscriptError,
    _index,
    _index_set,
    split_at_word,
)


def default_name(number: int) -> str:
    """The name of an unknown voice: "Speaker 1", "Speaker 2"…"""
    return f"Speaker {number}"


def _known(transcript: Transcript, speaker_id: str) -> Speaker:
    found = transcript.speaker(speaker_id)
    if found is None:
        raise TranscriptError(f"there is no speaker {speaker_id!r} in this transcript")
    return found


def add_speaker(transcript: Transcript, name: str | None = None) -> tuple[Transcript, str]:
    """A copy with one more speaker (named "Speaker N" when no name is given), and its id."""
    taken = {sp.id for sp in transcript.speakers}
    number = len(transcript.speakers) + 1
    while f"S{number}" in taken:
        number += 1
    speaker = Speaker(f"S{number}", name.strip() if name and name.strip() else default_name(number))
    return replace(transcript, speakers=transcript.speakers + (speaker,)), speaker.id


def rename_speaker(transcript: Transcript, speaker_id: str, name: str) -> Transcript:
    """Give a speaker another name, everywhere it speaks."""
    old = _known(transcript, speaker_id)
    if not isinstance(name, str) or not name.strip():
        raise TranscriptError("a speaker's name cannot be empty")
    renamed = replace(old, name=name.strip())
    return replace(transcript, speakers=tuple(renamed if sp.id == speaker_id else sp for sp in transcript.speakers))


def set_speaker_voice(transcript: Transcript, speaker_id: str, voice: str | None,
                      similarity: float | None = None) -> Transcript:
    """Link a speaker to a known voice (or unlink it, with None)."""
    old = _known(transcript, speaker_id)
    linked = replace(old, voice=voice, similarity=similarity)
    return replace(transcript, speakers=tuple(linked if sp.id == speaker_id else sp for sp in transcript.speakers))


def assign(transcript: Transcript, indices: Iterable[int], speaker_id: str | None) -> Transcript:
    """The segments at ``indices`` spoken by ``speaker_id`` (None: by nobody known)."""
    if speaker_id is not None:
        _known(transcript, speaker_id)
    chosen = _index_set(transcript, indices)
    segments = tuple(replace(s, speaker=speaker_id) if i in chosen else s for i, s in enumerate(transcript.segments))
    return replace(transcript, segments=segments)


def assign_words(transcript: Transcript, index: int, first: int, last: int, speaker_id: str | None) -> Transcript:
    """Words ``first..last`` (inclusive) of a segment spoken by ``speaker_id``.

    The segment is split before ``first`` and after ``last`` where those are not
    its ends, so the words become a segment of their own with that speaker.
    """
    seg = _index(transcript, index)
    if not seg.words or not 0 <= first <= last < len(seg.words):
        raise TranscriptError(f"cannot take words {first}..{last} of a segment with {len(seg.words)} words")
    result, at = transcript, index
    if last + 1 < len(seg.words):
        result = split_at_word(result, at, last + 1)
    if first > 0:
        result = split_at_word(result, at, first)
        at += 1
    return assign(result, [at], speaker_id)


def merge_speakers(transcript: Transcript, keep: str, drop: str) -> Transcript:
    """Everything ``drop`` said is said by ``keep``; ``drop`` leaves the list."""
    _known(transcript, keep)
    _known(transcript, drop)
    if keep == drop:
        raise TranscriptError("a speaker cannot be merged with itself")
    segments = tuple(replace(s, speaker=keep) if s.speaker == drop else s for s in transcript.segments)
    speakers = tuple(sp for sp in transcript.speakers if sp.id != drop)
    return replace(transcript, segments=segments, speakers=speakers)


def remove_unused(transcript: Transcript) -> Transcript:
    """A copy without the speakers no segment refers to."""
    used = {s.speaker for s in transcript.segments}
    return replace(transcript, speakers=tuple(sp for sp in transcript.speakers if sp.id in used))

