"""The transcript data model: Word, Segment, Transcript, and pure edit operations.

Every value here is immutable. An edit operation takes a Transcript and returns a
new one, leaving the old untouched: the editor's undo is then "keep the previous
value", which cannot drift from what the person saw, and a transcript of 3,000
segments costs only a tuple of references to copy.

Invariants, checked when any value is built, so no operation can break them:

* every time is finite and >= 0, and start <= end, for words and segments;
* a segment's words lie inside the segment's span;
* segments are sorted by (start, end). Overlaps are allowed: they are a
  subtitle-quality warning for the editor, not a corrupt transcript;
* a segment's speaker, when it has one, is one of the transcript's speakers
  (segments refer to a speaker by id, so renaming one is a single change).
"""

from __future__ import annotations

import bisect
import copy
import difflib
import math
import operator
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

FORMAT_NAME = "malsori-transcript"
FORMAT_VERSION = 1

#: Languages written without spaces between words: merged segments are joined
#: without one. (Korean does use spaces, so it is not here.)
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "yue", "bo"})


class TranscriptError(ValueError):
    """A transcript value or an edit would break an invariant, or a file is not a transcript."""


def _check_time(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TranscriptError(f"{name} must be a number of seconds, not {value!r}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int too large for a float
        finite = False
    if not finite or value < 0:
        raise TranscriptError(f"{name} must be a finite, non-negative number of seconds, not {value!r}")


def _check_span(what: str, start: float, end: float) -> None:
    _check_time(f"{what} start", start)
    _check_time(f"{what} end", end)
    if start > end:
        raise TranscriptError(f"{what} starts after it ends ({start:.3f} s > {end:.3f} s)")


@dataclass(frozen=True)
class Word:
    """One recognized word: its text as the model wrote it (often with a leading
    space), its span in seconds, and the model's probability for it (0..1)."""

    start: float
    end: float
    text: str
    probability: float = 1.0

    def __post_init__(self) -> None:
        _check_span("word", self.start, self.end)
        if not isinstance(self.text, str):
            raise TranscriptError(f"word text must be a string, not {self.text!r}")
        p = self.probability
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0.0 <= p <= 1.0:
            raise TranscriptError(f"word probability must be within 0..1, not {self.probability!r}")


@dataclass(frozen=True)
class Segment:
    """A timed piece of text: one subtitle cue.

    ``words`` are the model's words with their timestamps and probabilities; they
    spell the text. A text edit keeps the words it did not change and gives the
    words a person typed probability 1 (see :func:`retext`). ``reviewed`` marks a
    segment a person has checked. ``speaker`` is the id of one of the
    transcript's :class:`Speaker` values, or None where nobody asked who speaks.
    """

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    reviewed: bool = False
    speaker: str | None = None

    def __post_init__(self) -> None:
        _check_span("segment", self.start, self.end)
        if not isinstance(self.text, str):
            raise TranscriptError(f"segment text must be a string, not {self.text!r}")
        if not isinstance(self.words, tuple):
            object.__setattr__(self, "words", tuple(self.words))
        for word in self.words:
            if not isinstance(word, Word):
                raise TranscriptError(f"a segment's words must be Word values, not {word!r}")
            if word.start < self.start or word.end > self.end:
                raise TranscriptError(
                    f"word {word.text!r} ({word.start:.3f}-{word.end:.3f} s) lies outside its segment "
                    f"({self.start:.3f}-{self.end:.3f} s)"
                )

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def min_probability(self) -> float | None:
        """The least certain word's probability, or None without word timings."""
        return min((w.probability for w in self.words), default=None)


def clamp_words(words: Iterable[Word], start: float, end: float) -> tuple[Word, ...]:
    """Move word spans inside [start, end] (the model's word times can overhang its
    segment by a few milliseconds, and retimed segments must carry their words)."""
    out = []
    for w in words:
        ws = min(max(w.start, start), end)
        we = min(max(w.end, ws), end)
        out.append(w if (ws, we) == (w.start, w.end) else replace(w, start=ws, end=we))
    return tuple(out)


def _sort_key(segment: Segment) -> tuple[float, float]:
    return (segment.start, segment.end)


@dataclass(frozen=True)
class Speaker:
    """One voice in a transcript.

    ``id`` is what segments refer to ("S1"), ``name`` what people read ("Speaker 1",
    "Kim"). ``voice`` is the id of the known voice it was recognized as (or saved
    as), with the match's cosine ``similarity``; ``embedding`` is the voice's
    centroid, kept so that naming the speaker later can save the voice without
    hearing the file again.
    """

    id: str
    name: str
    voice: str | None = None
    similarity: float | None = None
    embedding: tuple[float, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for key in ("id", "name"):
            value = getattr(self, key)
            if not isinstance(value, str) or not value.strip():
                raise TranscriptError(f"a speaker's {key} must be a non-empty string, not {value!r}")
        if self.voice is not None and not isinstance(self.voice, str):
            raise TranscriptError(f"a speaker's voice must be a string or null, not {self.voice!r}")
        sim = self.similarity
        if sim is not None and (not isinstance(sim, (int, float)) or isinstance(sim, bool) or not -1 <= sim <= 1):
            raise TranscriptError(f"a speaker's similarity must be within -1..1 or null, not {sim!r}")
        if not isinstance(self.embedding, tuple):
            object.__setattr__(self, "embedding", tuple(float(x) for x in self.embedding))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "voice": self.voice, "similarity": self.similarity,
                "embedding": list(self.embedding)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Speaker":
        return cls(data["id"], data["name"], data.get("voice"), data.get("similarity"),
                   tuple(float(x) for x in data.get("embedding") or ()))


@dataclass(frozen=True)
class Transcript:
    """A whole transcript: segments plus what produced them.

    ``options`` records the transcription options used (JSON-compatible values),
    so a result can be reproduced and a project reopened knows its origin.
    """

    segments: tuple[Segment, ...] = ()
    language: str | None = None
    language_probability: float | None = None
    duration: float = 0.0
    model: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    speakers: tuple[Speaker, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.segments, tuple):
            object.__setattr__(self, "segments", tuple(self.segments))
        if not isinstance(self.speakers, tuple):
            object.__setattr__(self, "speakers", tuple(self.speakers))
        _check_time("transcript duration", self.duration)
        if not isinstance(self.options, Mapping):
            raise TranscriptError(f"transcript options must be a mapping, not {self.options!r}")
        # Own a private copy, so neither the caller's dict nor another Transcript
        # (edits share the options of the value they came from) can change this one.
        object.__setattr__(self, "options", copy.deepcopy(dict(self.options)))
        for seg in self.segments:
            if not isinstance(seg, Segment):
                raise TranscriptError(f"a transcript's segments must be Segment values, not {seg!r}")
        keys = [_sort_key(s) for s in self.segments]
        if any(a > b for a, b in zip(keys, keys[1:])):
            raise TranscriptError("segments are not sorted by start time")
        ids = [sp.id for sp in self.speakers]
        if any(not isinstance(sp, Speaker) for sp in self.speakers) or len(set(ids)) != len(ids):
            raise TranscriptError(f"a transcript's speakers must be Speaker values with distinct ids, not {ids!r}")
        unknown = {s.speaker for s in self.segments if s.speaker is not None} - set(ids)
        if unknown:
            raise TranscriptError(f"segments refer to speakers the transcript does not list: {sorted(unknown)!r}")

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        """The speaker with this id (None for None)."""
        return next((sp for sp in self.speakers if sp.id == speaker_id), None) if speaker_id else None

    def speaker_name(self, segment: Segment) -> str | None:
        """The name shown for a segment's speaker, or None when it has none."""
        found = self.speaker(segment.speaker)
        return found.name if found else None

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def text(self) -> str:
        """The plain text, one segment per line."""
        return "\n".join(s.text for s in self.segments)

    def with_segments(self, segments: Iterable[Segment]) -> "Transcript":
        """A copy with other segments, sorted (stable, so equal times keep their order)."""
        return replace(self, segments=tuple(sorted(segments, key=_sort_key)))

    # --- JSON -----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict that :meth:`from_dict` turns back into an equal Transcript."""
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "language": self.language,
            "language_probability": self.language_probability,
            "duration": self.duration,
            "model": self.model,
            "options": copy.deepcopy(dict(self.options)),
            "source": self.source,
            "speakers": [sp.to_dict() for sp in self.speakers],
            "segments": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "reviewed": s.reviewed,
                    "speaker": s.speaker,
                    "words": [[w.start, w.end, w.text, w.probability] for w in s.words],
                }
                for s in self.segments
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Transcript":
        """Build a Transcript from :meth:`to_dict` output; a clear TranscriptError otherwise."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT_NAME:
            raise TranscriptError("this is not a Malsori transcript (no 'format': 'malsori-transcript')")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise TranscriptError(f"transcript format version {version!r} is not a valid version")
        if version > FORMAT_VERSION:
            raise TranscriptError(f"transcript format version {version!r} is newer than this Malsori reads")
        for key in ("language", "model", "source"):
            if data.get(key) is not None and not isinstance(data.get(key), str):
                raise TranscriptError(f"transcript {key!r} must be a string or null, not {data.get(key)!r}")
        prob = data.get("language_probability")
        if prob is not None and (
            not isinstance(prob, (int, float)) or isinstance(prob, bool) or not 0.0 <= prob <= 1.0
        ):
            raise TranscriptError(f"transcript 'language_probability' must be within 0..1 or null, not {prob!r}")
        options = data.get("options")
        if options is not None and not isinstance(options, Mapping):
            raise TranscriptError(f"transcript 'options' must be an object, not {options!r}")
        raw_segments = data.get("segments", ())
        if not isinstance(raw_segments, (list, tuple)):
            raise TranscriptError(f"transcript 'segments' must be a list, not {raw_segments!r}")
        segments = []
        for number, s in enumerate(raw_segments):
            try:
                if not isinstance(s, Mapping):
                    raise TypeError(f"not an object: {s!r}")
                segments.append(
                    Segment(
                        start=s["start"],
                        end=s["end"],
                        text=s["text"],
                        reviewed=bool(s.get("reviewed", False)),
                        words=tuple(Word(w[0], w[1], w[2], w[3]) for w in s.get("words") or ()),
                        speaker=s.get("speaker"),
                    )
                )
            except TranscriptError as exc:
                raise TranscriptError(f"segment {number} is malformed: {exc}") from exc
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                raise TranscriptError(f"segment {number} is malformed: {exc!r}") from exc
        raw_speakers = data.get("speakers") or ()
        try:
            speakers = tuple(Speaker.from_dict(sp) for sp in raw_speakers)
        except TranscriptError:
            raise
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise TranscriptError(f"transcript 'speakers' are malformed: {exc!r}") from exc
        return cls(
            speakers=speakers,
            segments=tuple(segments),
            language=data.get("language"),
            language_probability=prob,
            duration=data.get("duration", 0.0),
            model=data.get("model"),
            options=dict(options or {}),
            source=data.get("source"),
        )


# --- pure edit operations -----------------------------------------------------------
#
# Each takes a transcript and returns a new one; an impossible edit raises
# TranscriptError and changes nothing.


def _index(transcript: Transcript, index: int) -> Segment:
    try:
        index = operator.index(index)
    except TypeError:
        raise TranscriptError(f"a segment index must be an integer, not {index!r}") from None
    if not 0 <= index < len(transcript.segments):
        raise TranscriptError(f"there is no segment {index} (the transcript has {len(transcript.segments)})")
    return transcript.segments[index]


def _index_set(transcript: Transcript, indices: Iterable[int]) -> set[int]:
    try:
        chosen = {operator.index(i) for i in indices}
    except TypeError:
        raise TranscriptError(f"segment indices must be integers, not {indices!r}") from None
    for i in chosen:
        _index(transcript, i)
    return chosen


def _replace_at(transcript: Transcript, index: int, *new: Segment) -> Transcript:
    """Segment ``index`` replaced by ``new``, re-sorted only if they are out of place."""
    return _splice(transcript, index, index + 1, new)


def _splice(transcript: Transcript, start: int, stop: int, new: tuple[Segment, ...]) -> Transcript:
    """Segments ``start:stop`` replaced by ``new``: when ``new`` keeps the order with
    its neighbours, without sorting or checking the other segments again."""
    segs = transcript.segments
    around = segs[start - 1 : start] if start else ()
    around += new + segs[stop : stop + 1]
    keys = [_sort_key(s) for s in around if isinstance(s, Segment)]
    if len(keys) == len(around) and all(a <= b for a, b in zip(keys, keys[1:])):
        return _in_order(transcript, segs[:start] + new + segs[stop:])
    return transcript.with_segments(segs[:start] + new + segs[stop:])


def _in_order(transcript: Transcript, segments: tuple[Segment, ...]) -> Transcript:
    """A copy with ``segments``, which the caller has checked are Segment values in
    order: an edit of one segment of a 3-hour transcript checks its neighbours, not
    all 3,000 (the order sorting would keep, since the sort is stable)."""
    result = copy.copy(transcript)  # no __init__: the whole-transcript checks are what this skips
    object.__setattr__(result, "segments", segments)
    object.__setattr__(result, "options", copy.deepcopy(dict(transcript.options)))
    return result


def words_text(words: Sequence[Word]) -> str:
    """The text a run of words spells (Whisper's words carry their leading space)."""
    return "".join(w.text for w in words).strip()


def edit_text(transcript: Transcript, index: int, text: str) -> Transcript:
    """Replace a segment's text, keeping the words the person did not change
    (see :func:`retext`)."""
    seg = _index(transcript, index)
    return _replace_at(transcript, index, retext(seg, text, transcript.language not in UNSPACED_LANGUAGES))


def retext(seg: Segment, text: str, spaced: bool = True) -> Segment:
    """The segment with another text, and words that still spell it.

    A correction touches a word or two of a line; the words it did not touch keep
    their times and probabilities, so their uncertain-word marks (still to be
    reviewed) and the word times a split uses survive it. A changed or added
    word is one the person wrote: it gets probability 1 (reviewed, not
    uncertain) and the time of the words it replaced, or else of the gap it was
    typed into. ``spaced`` is False for scripts written without spaces, where a
    word is unchanged when its characters are, whatever now touches it. Without
    words that spell the old text there is nothing to keep.
    """
    if not isinstance(text, str):
        raise TranscriptError(f"a segment's text must be a string, not {text!r}")
    text = text.strip()
    if text == seg.text:
        return seg
    if seg.words and words_text(seg.words) == text:  # the text is back to what the words spell
        return replace(seg, text=text)
    offsets = word_offsets(seg)
    words = () if offsets is None else _carry_words(seg, offsets, text, spaced)
    return replace(seg, text=text, words=words)


def _unchanged_words(seg: Segment, offsets: list[int], text: str, spaced: bool) -> list[tuple[int, int, int]]:
    """(start, end) in ``text`` and index of each of ``seg``'s words found there
    unchanged: the same characters, diffed against the old text (difflib), and in
    a spaced script still a word of their own (not the start of a longer one)."""
    old = seg.text
    moved: dict[int, int] = {}  # a character of the old text -> the same character in the new
    for a, b, size in difflib.SequenceMatcher(None, old, text, autojunk=False).get_matching_blocks():
        moved.update(zip(range(a, a + size), range(b, b + size)))
    found = []
    for i, (word, first) in enumerate(zip(seg.words, offsets)):
        last = first + len(word.text.strip())
        start = moved.get(first)
        if last == first or start is None or any(moved.get(k) != start + k - first for k in range(first, last)):
            continue
        end = start + last - first
        if spaced:
            # each side: still the text's edge or a space, or still the same neighbour as before
            left = (moved.get(first - 1) == start - 1) if first and not old[first - 1].isspace() \
                else (start == 0 or text[start - 1].isspace())
            right = (moved.get(last) == end) if last < len(old) and not old[last].isspace() \
                else (end == len(text) or text[end].isspace())
            if not (left and right):
                continue
        found.append((start, end, i))
    return found


def _typed_words(gap: str, start: float, end: float) -> tuple[list[Word], str]:
    """Words for text a person typed into ``gap`` between ``start`` and ``end``,
    timed in proportion to their characters; and the spaces left after them."""
    tokens = re.findall(r"\s*\S+", gap)
    rest = gap[sum(map(len, tokens)):]
    sizes = [len(token.strip()) for token in tokens]
    total, done, words = sum(sizes), 0, []
    end = max(start, end)
    for token, size in zip(tokens, sizes):
        begin = start + (end - start) * done / total
        done += size
        words.append(Word(begin, min(end, max(begin, start + (end - start) * done / total)), token, 1.0))
    return words, rest


def _carry_words(seg: Segment, offsets: list[int], text: str, spaced: bool) -> tuple[Word, ...]:
    """The words of ``text``: ``seg``'s unchanged words kept, the rest new (see :func:`retext`)."""
    result: list[Word] = []
    position, passed, previous_end = 0, 0, seg.start  # new text spelled; old words passed; last kept word's end
    for start, end, i in [*_unchanged_words(seg, offsets, text, spaced), (len(text), len(text), len(seg.words))]:
        replaced = seg.words[passed:i]
        following = seg.words[i].start if i < len(seg.words) else seg.end
        span = (replaced[0].start, replaced[-1].end) if replaced else (previous_end, following)
        typed, spaces = _typed_words(text[position:start], *span)
        result.extend(typed)
        if i == len(seg.words):
            break
        word = seg.words[i]
        lead = spaces if result or start else word.text[: len(word.text) - len(word.text.lstrip())]
        spelled = lead + text[start:end]
        result.append(word if word.text == spelled else replace(word, text=spelled))
        position, passed, previous_end = end, i + 1, word.end
    return clamp_words(result, seg.start, seg.end)


def set_times(transcript: Transcript, index: int, start: float, end: float) -> Transcript:
    """Retime a segment (its words are pulled inside the new span); the segment may
    move in the order."""
    seg = _index(transcript, index)
    _check_span("segment", start, end)
    moved = replace(seg, start=start, end=end, words=clamp_words(seg.words, start, end))
    return _replace_at(transcript, index, moved)


def set_reviewed(transcript: Transcript, index: int, reviewed: bool = True) -> Transcript:
    """Mark a segment as checked by a person (or not)."""
    return _replace_at(transcript, index, replace(_index(transcript, index), reviewed=reviewed))


def word_offsets(seg: Segment) -> list[int] | None:
    """Character offset in ``seg.text`` where each word starts, or None when the
    words no longer spell the text."""
    if not seg.words or words_text(seg.words) != seg.text:
        return None
    joined = "".join(w.text for w in seg.words)
    lead = len(joined) - len(joined.lstrip())
    offsets, pos = [], -lead
    for w in seg.words:
        inner = len(w.text) - len(w.text.lstrip())
        offsets.append(max(0, pos + inner))
        pos += len(w.text)
    return offsets


def split(transcript: Transcript, index: int, position: int) -> Transcript:
    """Split a segment at a character position of its text.

    With word timings the cut snaps to the nearest word boundary and the time is
    taken between the two words; without them the time is divided in proportion
    to the characters on each side.
    """
    seg = _index(transcript, index)
    text = seg.text
    if not isinstance(position, int) or isinstance(position, bool) or not 0 < position < len(text):
        raise TranscriptError(f"cannot split a segment of {len(text)} characters at position {position}")
    offsets = word_offsets(seg)
    if offsets is not None and len(seg.words) > 1:
        # nearest word start to the cursor, among the cuts that leave text on both sides
        words = seg.words
        cuts = [i for i in range(1, len(offsets)) if words_text(words[:i]) and words_text(words[i:])]
        if not cuts:
            raise TranscriptError("a split must leave text on both sides")
        cut = min(cuts, key=lambda i: abs(offsets[i] - position))
        return split_at_word(transcript, index, cut)
    left, right = text[:position].rstrip(), text[position:].lstrip()
    if not left or not right:
        raise TranscriptError("a split must leave text on both sides")
    at = seg.start + seg.duration * (len(left) / (len(left) + len(right)))
    first = Segment(seg.start, at, left, (), seg.reviewed, seg.speaker)
    second = Segment(at, seg.end, right, (), seg.reviewed, seg.speaker)
    return _replace_at(transcript, index, first, second)


def _gap_time(seg: Segment, word_index: int) -> float:
    """The middle of the silence between word ``word_index - 1`` and word ``word_index``."""
    at = (seg.words[word_index - 1].end + seg.words[word_index].start) / 2
    return min(max(at, seg.start), seg.end)


def split_at_word(transcript: Transcript, index: int, word_index: int) -> Transcript:
    """Split a segment before its word ``word_index``, timing the cut at the gap
    between that word and the one before it."""
    seg = _index(transcript, index)
    offsets = word_offsets(seg)
    if offsets is None:
        raise TranscriptError("this segment has no word timings that match its text")
    if not isinstance(word_index, int) or isinstance(word_index, bool) or not 0 < word_index < len(seg.words):
        raise TranscriptError(f"cannot split before word {word_index} of {len(seg.words)}")
    before, after = seg.words[:word_index], seg.words[word_index:]
    if not words_text(before) or not words_text(after):
        raise TranscriptError("a split must leave text on both sides")
    at = _gap_time(seg, word_index)
    first = Segment(seg.start, at, words_text(before), clamp_words(before, seg.start, at), seg.reviewed, seg.speaker)
    second = Segment(at, seg.end, words_text(after), clamp_words(after, at, seg.end), seg.reviewed, seg.speaker)
    return _replace_at(transcript, index, first, second)


def joiner(language: str | None) -> str:
    """The separator between two merged texts: none for languages written without spaces."""
    return "" if language in UNSPACED_LANGUAGES else " "


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def merge(transcript: Transcript, index: int) -> Transcript:
    """Merge a segment with the next one: the union of their spans and their texts."""
    a = _index(transcript, index)
    b = _index(transcript, index + 1)
    join = joiner(transcript.language)
    text = join.join(t for t in (a.text, b.text) if t)
    start, end = min(a.start, b.start), max(a.end, b.end)
    second = b.words
    if a.text and second and _leading_space(second[0].text) != join:
        # the words still spell the joined text, so later edits keep their times (see retext)
        second = (replace(second[0], text=join + second[0].text.lstrip()), *second[1:])
    words = clamp_words(a.words + second, start, end) if a.words and second else ()
    merged = Segment(start, end, text, words, a.reviewed and b.reviewed, a.speaker or b.speaker)
    return _splice(transcript, index, index + 2, (merged,))


def insert(transcript: Transcript, segment: Segment) -> Transcript:
    """Add a segment; it takes its place in time order."""
    if not isinstance(segment, Segment):
        raise TranscriptError(f"only a Segment can be inserted, not {segment!r}")
    at = bisect.bisect_right(transcript.segments, _sort_key(segment), key=_sort_key)  # after equal ones, as sorting
    return _splice(transcript, at, at, (segment,))


def delete(transcript: Transcript, indices: Iterable[int]) -> Transcript:
    """Remove the segments at ``indices``."""
    drop = _index_set(transcript, indices)
    return _in_order(transcript, tuple(s for i, s in enumerate(transcript.segments) if i not in drop))  # still sorted


def shift(transcript: Transcript, delta: float, indices: Iterable[int] | None = None) -> Transcript:
    """Move segments (all, or those at ``indices``) by ``delta`` seconds.

    A shift earlier stops when the earliest moved segment reaches 0 s, so the
    moved segments keep their durations and spacing rather than piling up at 0.
    """
    if not isinstance(delta, (int, float)) or isinstance(delta, bool) or not math.isfinite(delta):
        raise TranscriptError(f"cannot shift by {delta!r}")
    chosen = set(range(len(transcript.segments))) if indices is None else _index_set(transcript, indices)
    if not chosen:
        return transcript
    earliest = min(transcript.segments[i].start for i in chosen)
    delta = max(delta, -earliest)

    def moved(seg: Segment) -> Segment:
        return replace(
            seg,
            start=seg.start + delta,
            end=seg.end + delta,
            words=clamp_words(
                (replace(w, start=w.start + delta, end=w.end + delta) for w in seg.words),
                seg.start + delta,
                seg.end + delta,
            ),
        )

    return transcript.with_segments(moved(s) if i in chosen else s for i, s in enumerate(transcript.segments))


# --- text helpers shared by export and the editor --------------------------------------

_WIDE = frozenset({"W", "F"})
_MARKS = frozenset({"Mn", "Me"})


def _zero_width(ch: str) -> bool:
    # Combining marks: by class, since many (Thai vowel signs, variation selectors)
    # have canonical combining class 0; and the medial vowels and final consonants
    # of decomposed (NFD) Hangul, which join the leading consonant's two columns.
    return (
        unicodedata.category(ch) in _MARKS
        or unicodedata.combining(ch) != 0
        or "\u1160" <= ch <= "\u11ff"
        or "\ud7b0" <= ch <= "\ud7ff"
    )


def display_width(text: str) -> int:
    """Columns a text takes on screen: East Asian wide and full-width characters
    (Hangul, CJK ideographs, kana) count two, combining marks none."""
    width = 0
    for ch in text:
        if _zero_width(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in _WIDE else 1
    return width


_WS = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return _WS.sub(" ", text).strip()
