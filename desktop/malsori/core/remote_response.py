"""A transcription server's answer for one chunk, as timed segments in the file's time.

Servers that speak OpenAI's ``/v1/audio/transcriptions`` differ in what they
give back for ``verbose_json``: `malsori serve` gives segments and words with
their probabilities; OpenAI's API and vLLM give words without probabilities
and segments with ``avg_logprob``; some give segments only, some only text.
Whatever arrives becomes a valid timed transcript, and :class:`Parsed` says
how much of it the server really timed (``timing``) and how much the
confidence marks can be trusted (``confidence``), so the editor can say so:

* words: segments hold them (a word belongs to the segment its middle falls
  in); a word without a probability carries its segment's
  ``exp(avg_logprob)``, else 1 with ``confidence`` "none";
* segments only: each segment holds one Word spanning it with the segment's
  confidence, so review marks whole segments;
* text only: sentences are spread over the chunk's speech in proportion to
  their length, one segment each, with ``timing`` "text" (an estimate).

All times are moved into the file's time and clamped into the chunk, so
segments stay in order across chunk borders. Nothing here imports Qt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from . import languages
from .transcript import Segment, Word, clamp_words

_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+")


class MalformedAnswer(ValueError):
    """The answer is not a transcription in any shape this module knows."""


@dataclass(frozen=True)
class Parsed:
    segments: tuple[Segment, ...]
    language: str | None  # a code ("en"), whatever way the server named it
    timing: str  # "word", "segment" or "text"
    confidence: str  # "word", "segment" or "none"


def parse(body: Any, start: float, end: float, speech: tuple[float, float] | None = None) -> Parsed:
    """The segments of the answer ``body`` for the chunk [``start``, ``end``] of the file.

    ``speech`` is where the chunk's speech lies (file time), used only to time a
    text-only answer; without it the whole chunk is used.
    """
    if isinstance(body, str):
        body = {"text": body}
    if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
        raise MalformedAnswer(f"the answer is not a transcription: {str(body)[:120]!r}")
    language = _language(body.get("language"))
    raw_segments = [s for s in body.get("segments") or () if isinstance(s, dict)]
    raw_words = [w for w in body.get("words") or () if isinstance(w, dict)]
    try:
        if raw_words:
            segments, confidence = _with_words(raw_segments, raw_words, start, end)
            return Parsed(segments, language, "word", confidence)
        if raw_segments:
            return Parsed(_segments_only(raw_segments, start, end), language, "segment", "segment")
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedAnswer(f"the answer's segments or words are malformed ({exc!r})") from None
    lo, hi = speech or (start, end)
    return Parsed(_estimated(body.get("text", ""), max(lo, start), min(hi, end)), language, "text", "none")


def _language(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return languages.parse_language(value)
    except ValueError:
        return None


def _time(value: Any, start: float, end: float) -> float:
    return min(max(start + float(value), start), end)


def _confidence(segment: dict[str, Any]) -> float | None:
    logprob = segment.get("avg_logprob")
    if not isinstance(logprob, (int, float)) or isinstance(logprob, bool) or not math.isfinite(logprob):
        return None
    return min(1.0, max(0.0, math.exp(logprob)))


def _with_words(raw_segments: list[dict[str, Any]], raw_words: list[dict[str, Any]], start: float, end: float
                ) -> tuple[tuple[Segment, ...], str]:
    spans = sorted(((_time(s["start"], start, end), _time(s["end"], start, end), _confidence(s), str(s.get("text", "")))
                    for s in raw_segments), key=lambda span: span[:2])
    given = all(isinstance(w.get("probability"), (int, float)) for w in raw_words)
    confidence = "word" if given else ("segment" if spans and all(s[2] is not None for s in spans) else "none")
    words: list[tuple[int, Word]] = []
    for raw in raw_words:
        w_start = _time(raw["start"], start, end)
        w_end = max(w_start, _time(raw["end"], start, end))
        place = _place(spans, (w_start + w_end) / 2)
        probability = raw.get("probability") if given else (spans[place][2] if spans and spans[place][2] is not None
                                                            else 1.0)
        text = str(raw.get("word", ""))
        words.append((place, Word(w_start, w_end, text if text.startswith(" ") else " " + text,
                                  min(1.0, max(0.0, float(probability))))))
    words.sort(key=lambda pair: (pair[1].start, pair[1].end))
    groups: dict[int, list[Word]] = {}
    for place, word in words:
        groups.setdefault(place, []).append(word)
    segments = []
    for place, members in sorted(groups.items()):
        seg_start = min(w.start for w in members)
        seg_end = max(w.end for w in members)
        text = "".join(w.text for w in members).strip()
        if spans:  # the segment's own text keeps the punctuation OpenAI's words leave out
            seg_start, seg_end = min(seg_start, spans[place][0]), max(seg_end, spans[place][1])
            text = spans[place][3].strip() or text
        if text:
            segments.append(Segment(seg_start, seg_end, text, clamp_words(members, seg_start, seg_end)))
    unworded = [raw for i, raw in enumerate(sorted(raw_segments, key=lambda r: (float(r["start"]), float(r["end"]))))
                if i not in groups]
    segments.extend(_segments_only(unworded, start, end))  # text the server gave no words for is kept too
    segments.sort(key=lambda s: (s.start, s.end))
    return tuple(segments), confidence


def _place(spans: list[tuple[float, float, float | None, str]], middle: float) -> int:
    """The index of the segment span ``middle`` falls in, else the nearest one (0 without spans)."""
    if not spans:
        return 0
    return min(range(len(spans)), key=lambda i: 0.0 if spans[i][0] <= middle <= spans[i][1]
               else min(abs(middle - spans[i][0]), abs(middle - spans[i][1])))


def _segments_only(raw_segments: list[dict[str, Any]], start: float, end: float) -> tuple[Segment, ...]:
    segments = []
    for raw in raw_segments:
        seg_start = _time(raw["start"], start, end)
        seg_end = max(seg_start, _time(raw["end"], start, end))
        text = str(raw.get("text", "")).strip()
        if text:
            probability = _confidence(raw)
            word = Word(seg_start, seg_end, " " + text, 1.0 if probability is None else probability)
            segments.append(Segment(seg_start, seg_end, text, (word,)))
    return tuple(sorted(segments, key=lambda s: (s.start, s.end)))


def _estimated(text: str, start: float, end: float) -> tuple[Segment, ...]:
    """One segment per sentence of ``text``, spread over [start, end] in proportion to their length."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    total = sum(len(s) for s in sentences)
    if not total:
        return ()
    end = max(start, end)
    segments, at, used = [], start, 0
    for sentence in sentences:
        used += len(sentence)
        until = start + (end - start) * used / total
        segments.append(Segment(at, until, sentence))
        at = until
    return tuple(segments)
