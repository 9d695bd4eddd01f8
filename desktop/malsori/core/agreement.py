"""LocalAgreement-n: which words of a live transcription are settled enough to show as final.

Live captions re-transcribe a growing audio buffer every second or so. Each pass
is a new hypothesis about the same audio, and its last words are the least
reliable: the model heard only half of the last word, or lacked the words that
follow to choose between homophones. Showing every pass as final makes captions
flicker and lie; waiting for the end of an utterance makes them late.

LocalAgreement-n (Macháček, Dabre and Bojar, 2023, "Turning Whisper into
Real-Time Transcription System") commits the longest prefix on which the last
``n`` hypotheses agree: a word the model wrote twice, the second time with more
audio after it, rarely changes again. The rest is the tentative tail, shown
greyed and replaced by the next pass.

Optionally (``settled_s``), a word is also committed from one pass alone when
that pass heard at least ``settled_s`` of audio after it and gave it a high
probability: the second pass would almost always repeat it, and waiting for that
pass costs a whole step of latency. Only the words near the end of the audio,
which the model heard least of, then wait for agreement.

Words are compared after :func:`normalize` (case, punctuation and width folded):
a pass that adds a comma or capitalises a word still agrees with the one before.
A committed word takes the text and times of the newest pass, which heard the
most. Committed words are never taken back, and their times never go backwards.

The policy is pure (no model, no audio). Times are session times, seconds from
the start of the recording: each hypothesis comes with its buffer's offset, so
the caller can trim the buffer's start without the policy losing track.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import deque
from dataclasses import replace
from typing import Sequence

from .transcript import Word

_NON_WORD = re.compile(r"[\W_]+")

#: Committed words remembered to find where a new hypothesis resumes (see
#: :meth:`AgreementPolicy._resume_index`): enough for a 3-word overlap match.
_TAIL_WORDS = 3

#: How far (s) a repeated word may start after the committed end and still be
#: taken as the model re-saying committed audio: word timestamps jitter by tens
#: of milliseconds between passes, a word spoken anew starts after a gap.
_REPEAT_SLACK_S = 0.1

#: How far (s) before the committed end a re-said committed word may end and
#: still be the same word: its timestamps move between passes, but not by a word
#: or more, or a common word ("the") earlier in the buffer would be taken for it.
_RESUME_SLACK_S = 0.5


def normalize(text: str) -> str:
    """A word's identity for agreement: NFKC, case-folded, letters and digits only."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


class AgreementPolicy:
    """LocalAgreement-n over successive hypotheses of one growing, trimmed buffer.

    Feed each pass's words with :meth:`update`; it returns what became committed
    and what is still tentative. :meth:`flush` commits the tentative tail when
    waiting for agreement is no longer possible (the session ends, or the buffer
    must be cut).
    """

    def __init__(
        self, n: int = 2, settled_s: float | None = None, min_probability: float = 0.9, overdue_s: float | None = None
    ):
        if n < 1:
            raise ValueError(f"agreement needs at least one pass, not {n}")
        if settled_s is not None and settled_s < 0:
            raise ValueError("the settled margin cannot be negative")
        if overdue_s is not None and settled_s is not None and overdue_s < settled_s:
            raise ValueError("the overdue margin cannot be shorter than the settled one")
        self.n = n
        self.settled_s = settled_s
        self.min_probability = min_probability
        self.overdue_s = overdue_s
        self._history: deque[list[Word]] = deque(maxlen=n - 1)  # earlier passes' uncommitted words
        self._tail: deque[Word] = deque(maxlen=_TAIL_WORDS)  # the last committed words
        self._tentative: list[Word] = []
        self._heard_before = -math.inf  # where the audio of the previous pass ended
        self.committed_until = 0.0  # session time where the last committed word ends

    @property
    def tentative(self) -> tuple[Word, ...]:
        """The newest pass's words after the committed ones, in session time."""
        return tuple(self._tentative)

    def update(
        self, words: Sequence[Word], buffer_offset: float, heard_until: float = -math.inf
    ) -> tuple[list[Word], list[Word]]:
        """Take one pass's words (times relative to a buffer starting at
        ``buffer_offset`` s of the session, whose audio ends at session time
        ``heard_until``); return (newly committed, tentative), both in session time."""
        hypothesis = self._uncommitted(_to_session(words, buffer_offset))
        passes = [*self._history, hypothesis]
        agreed = _common_prefix(passes) if len(passes) == self.n else 0
        agreed += self._settled_count(hypothesis[agreed:], heard_until)
        self._heard_before = max(self._heard_before, heard_until)
        committed = self._commit(hypothesis[:agreed])
        self._history.extend(p[agreed:] for p in passes)
        self._tentative = hypothesis[agreed:]
        return committed, list(self._tentative)

    def _settled_count(self, words: Sequence[Word], heard_until: float) -> int:
        """How many leading ``words`` are settled by position: the pass heard at
        least ``settled_s`` of audio after each, and was sure of each. Such a word
        is committed without waiting for the next pass to repeat it, which is a
        step of latency; the words nearer the end of the audio still wait.

        A word heard ``overdue_s`` ago that an earlier pass heard too is committed
        sure or not: passes that keep changing their mind about a word long heard
        ("brass beside" and "brass-misside", by turns) rarely settle it by waiting,
        and every word after it waits too."""
        count = 0
        for word in words:
            heard_after = heard_until - word.end
            sure = self.settled_s is not None and heard_after >= self.settled_s and word.probability >= self.min_probability
            overdue = self.overdue_s is not None and heard_after >= self.overdue_s and word.end <= self._heard_before
            if not (sure or overdue):
                break
            count += 1
        return count

    def flush(self, until: float = math.inf) -> list[Word]:
        """Commit the tentative words up to the first that ends after ``until`` (all
        by default) without waiting for agreement. Agreement restarts: earlier
        passes are forgotten."""
        ready = list(itertools.takewhile(lambda w: w.end <= until, self._tentative))
        committed = self._commit(ready)
        self._tentative = self._tentative[len(ready) :]
        self._history.clear()
        return committed

    def _commit(self, words: Sequence[Word]) -> list[Word]:
        """Append words, pulling their times forward so committed time never goes back."""
        out = []
        for w in words:
            start = max(w.start, self.committed_until)
            end = max(w.end, start)
            word = w if (start, end) == (w.start, w.end) else replace(w, start=start, end=end)
            out.append(word)
            self._tail.append(word)
            self.committed_until = end
        return out

    def _uncommitted(self, hypothesis: list[Word]) -> list[Word]:
        """The part of a hypothesis after the words already committed."""
        return hypothesis[self._resume_index(hypothesis) :] if self._tail else hypothesis

    def _resume_index(self, hypothesis: list[Word]) -> int:
        """Where a hypothesis continues past the committed words.

        The buffer may still hold committed audio (it is trimmed at sentence ends),
        so a pass re-says committed words first. By time, a word belongs to the
        committed audio when its middle lies before the committed end. Timestamps
        of the same word move between passes, so a text match of the committed
        tail (3, 2, then 1 words) near that point, overlapping the committed end,
        corrects it: the pass resumes right after the match.
        """
        by_time = next(
            (i for i, w in enumerate(hypothesis) if (w.start + w.end) / 2 > self.committed_until),
            len(hypothesis),
        )
        tail = [normalize(w.text) for w in self._tail]
        for k in range(len(tail), 0, -1):
            starts = range(max(0, by_time - k - 2), min(len(hypothesis) - k, by_time + 2) + 1)
            matches = [
                i
                for i in starts
                if [normalize(w.text) for w in hypothesis[i : i + k]] == tail[-k:]
                and hypothesis[i + k - 1].start < self.committed_until + _REPEAT_SLACK_S
                and hypothesis[i + k - 1].end > self.committed_until - _RESUME_SLACK_S
            ]
            if matches:
                return min(matches, key=lambda i: abs(i + k - by_time)) + k
        return by_time


def _to_session(words: Sequence[Word], offset: float) -> list[Word]:
    """Words moved to session time; words with no letters or digits (a lone dash)
    dropped, since they cannot be compared."""
    return [replace(w, start=w.start + offset, end=w.end + offset) for w in words if normalize(w.text)]


def _common_prefix(passes: Sequence[Sequence[Word]]) -> int:
    """How many leading words all passes share, compared normalized."""
    count = 0
    for column in zip(*passes):
        if len({normalize(w.text) for w in column}) != 1:
            break
        count += 1
    return count
