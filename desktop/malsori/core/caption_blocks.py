"""Live captions as blocks: the committed words grouped into utterances, split at pauses.

A person who stops talking for a while and then goes on has started something
new: a new caption line, as a subtitler would start a new cue. The rule is the
file transcription's (:mod:`malsori.core.segmentation`): a pause longer than
:data:`~malsori.core.segmentation.MAX_PAUSE_S` between two words ends a block.

Live, the words' own times are not enough to see every pause. Whisper stretches
the last word of an utterance into the silence after it and starts the first
word of the next one early, so a 2 s pause can measure 1.2 s from word to word.
The caller therefore also reports the silences the VAD heard (:meth:`CaptionBlocks.pause`),
and a silence splits two words when its middle lies between theirs: the middle
of a pause is far from both words, whatever their timestamps do at its edges.

Pure: no model, no audio, no Qt. Times are session times.
"""

from __future__ import annotations

from typing import Sequence

from .segmentation import MAX_PAUSE_S, timed_by_words
from .transcript import Segment, Word


class CaptionBlocks:
    """The committed words of a live session, one block (a Segment) per utterance.

    Words only ever append: every block but the last is closed and never changes;
    the last one grows until a pause ends it.
    """

    def __init__(self, max_pause: float = MAX_PAUSE_S):
        if max_pause <= 0:
            raise ValueError(f"a pause must be longer than zero seconds, not {max_pause}")
        self.max_pause = max_pause
        self._closed: list[Segment] = []
        self._open: list[Word] = []
        self._silences: list[tuple[float, float]] = []  # heard after the last word, oldest first

    @property
    def blocks(self) -> tuple[Segment, ...]:
        """The closed blocks, then the open one (if it has words)."""
        return (*self._closed, timed_by_words(self._open)) if self._open else tuple(self._closed)

    def pause(self, start: float, end: float) -> None:
        """The VAD heard no speech from ``start`` to ``end``. Shorter than
        ``max_pause``, it changes nothing. A silence still going on is reported
        again as it grows, with the same start: it stays one pause."""
        if end - start <= self.max_pause or (self._open and (start + end) / 2 <= _middle(self._open[-1])):
            return
        if self._silences and start <= self._silences[-1][1]:  # the same silence, heard longer
            start = min(start, self._silences[-1][0])
            self._silences[-1] = (start, max(end, self._silences[-1][1]))
        else:
            self._silences.append((start, end))

    def starts_block(self, word: Word) -> bool:
        """Whether ``word``, committed next, would begin a new block: a pause longer
        than ``max_pause`` lies between the last committed word and it."""
        if not self._open:
            return False
        last = self._open[-1]
        if word.start - last.end > self.max_pause:
            return True
        return any(_middle(last) < (s + e) / 2 <= _middle(word) for s, e in self._silences)

    def add(self, words: Sequence[Word]) -> None:
        """Append committed words (in time order), closing the open block before
        each word that follows a pause."""
        for word in words:
            if self._open and self.starts_block(word):
                self._closed.append(timed_by_words(self._open))
                self._open = []
            self._open.append(word)
            self._silences = [(s, e) for s, e in self._silences if (s + e) / 2 > _middle(word)]


def _middle(word: Word) -> float:
    return (word.start + word.end) / 2

