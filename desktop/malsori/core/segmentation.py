"""Segments that follow the speech: split at pauses, timed by their words.

Whisper times a segment by the timestamp tokens it writes, and with the VAD
filter it decodes the speech with the silences cut out, so one segment can hold
the end of one utterance and the start of the next with twenty seconds of
silence between them (found: a cue running 00:41 → 01:11 across a 20 s gap).
With word timestamps the pauses are known, so the rule is simple:

* no segment covers a pause between two of its words longer than
  :data:`MAX_PAUSE_S`; it is split there into one segment per stretch of speech;
* a segment with words starts at its first word's start and ends at its last
  word's end, so a cue shows while its words are said, not during the silence
  before or after them.

A pause that long is never inside a word or a breath; it is where a subtitler
would start a new cue anyway. Nothing here imports Qt.
"""

from __future__ import annotations

from typing import Sequence

from .transcript import Segment, Word, words_text

#: The longest pause (seconds, from one word's end to the next word's start) a
#: segment may hold. Speakers pause for breath and between sentences for well
#: under a second; a second and a half is a break in the speech.
MAX_PAUSE_S = 1.5


def split_at_pauses(segment: Segment, max_pause: float = MAX_PAUSE_S) -> list[Segment]:
    """``segment`` cut at every pause between its words longer than ``max_pause``,
    each piece timed from its first word's start to its last word's end.

    A segment without words is returned as it is; so is a piece whose words
    spell no text (it is not a segment of its own but stays with the words
    before it, so no word is lost).
    """
    if not segment.words:
        return [segment]
    runs: list[list[Word]] = [[segment.words[0]]]
    for before, word in zip(segment.words, segment.words[1:]):
        if word.start - before.end > max_pause and words_text(runs[-1]):
            runs.append([word])
        else:
            runs[-1].append(word)
    if len(runs) > 1 and not words_text(runs[-1]):
        runs[-2].extend(runs.pop())
    if len(runs) == 1:
        return [timed_by_words(runs[0], segment.reviewed, segment.text)]
    return [timed_by_words(run, segment.reviewed) for run in runs]


def timed_by_words(words: Sequence[Word], reviewed: bool = False, text: str | None = None) -> Segment:
    """A segment of ``words`` (at least one), from the first one's start to the last
    one's end, reading ``text`` or else what the words spell."""
    return Segment(min(w.start for w in words), max(w.end for w in words),
                   words_text(words) if text is None else text, tuple(words), reviewed)
