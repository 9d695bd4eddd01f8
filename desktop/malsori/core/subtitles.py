"""Subtitle import and export: SRT, WebVTT and ASS through pysubs2; plain and
timestamped TXT; the transcript's own JSON; and its speakers' turns as RTTM.

Export renders a :class:`~malsori.core.transcript.Transcript` to text and writes
it atomically, so a failed export never damages a subtitle file that was already
there. Wrapping (:class:`WrapOptions`, :data:`DEFAULT_WRAP` unless a caller
says otherwise) is applied at export only: the transcript keeps one line of text
per segment, and a cue too long for the allowed lines is split into consecutive
cues, each timed by its own words.

Import turns existing subtitle files into a Transcript so they can be edited.
Real files are messy (byte order marks, CRLF, Korean in cp949, formatting tags,
WebVTT NOTE and STYLE blocks, empty and overlapping cues), so pysubs2's result is
cleaned up here; anything that is not a subtitle file raises
:class:`SubtitleError` with a message a person can act on.

Speakers travel in each format's own way, so other tools read them: a "Name: "
label in SRT and TXT, a ``<v Name>`` voice span in WebVTT, the actor field in
ASS, names and ids in the JSON, and one RTTM turn per segment. WebVTT voices,
ASS actors and the JSON are read back as speakers; an SRT label is not (a colon
is too common in ordinary text to be taken for a speaker).
"""

from __future__ import annotations

import codecs
import html
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterator, Mapping, NamedTuple, Sequence

import pysubs2

from malsori.core import atomic, rttm
from malsori.core.timecode import format_timestamp
from malsori.core.transcript import (
    Segment,
    Speaker,
    Transcript,
    TranscriptError,
    Word,
    display_width,
    joiner,
    normalize_space,
    word_offsets,
)


class SubtitleError(Exception):
    """A subtitle file cannot be read, written or understood; the message says why
    in words meant for the person, not a traceback."""


# --- formats ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """A file format Malsori writes, and whether it can also read it back."""

    name: str
    suffix: str
    description: str
    importable: bool


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("srt", ".srt", "SubRip subtitles", True),
            Format("vtt", ".vtt", "WebVTT subtitles", True),
            Format("ass", ".ass", "Advanced SubStation Alpha subtitles", True),
            Format("txt", ".txt", "plain text, one segment per line", False),
            Format("txt-timestamps", ".timestamps.txt", "text with [start --> end] times", False),
            Format("json", ".json", "Malsori transcript JSON", True),
            Format("rttm", ".rttm", "speaker turns (NIST RTTM), for diarization tools", False),
        )
    }
)


def _format(name: str) -> Format:
    try:
        return FORMATS[name.strip().lower()]
    except KeyError:
        raise SubtitleError(f"Unknown format {name!r}: choose from {', '.join(FORMATS)}") from None


def parse_format_list(spec: str) -> tuple[str, ...]:
    """Turn a command-line value such as ``"srt,vtt,txt"`` into format names, in
    order and without repeats, so a CLI can reject a typo before any work starts."""
    names = [_format(part).name for part in spec.split(",") if part.strip()]
    if not names:
        raise SubtitleError(f"No format given: choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names))


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for, by its suffix (the longest one that matches,
    so ``talk.timestamps.txt`` is timestamped text and ``talk.txt`` plain text)."""
    name = Path(path).name.lower()
    for fmt in sorted(FORMATS.values(), key=lambda f: len(f.suffix), reverse=True):
        if name.endswith(fmt.suffix):
            return fmt.name
    suffixes = ", ".join(f.suffix for f in FORMATS.values())
    raise SubtitleError(f"Cannot tell the format of {Path(path).name!r} from its name: use one of {suffixes}")


# --- wrapping ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WrapOptions:
    """How subtitle lines are wrapped at export.

    Widths are display columns (:func:`display_width`), so 16 Hangul syllables
    fill the same 32 columns as 32 Latin letters, matching what a viewer sees.
    A field left None takes the transcript language's value from the same table
    the editor's quality warnings use (:func:`malsori.core.quality.limits_for`:
    42 columns for Latin scripts, 32 for Korean and Chinese, 26 for Japanese;
    2 lines), so a warning that "export will split it" holds in every language.
    """

    max_chars_per_line: int | None = None
    max_lines: int | None = None

    def __post_init__(self) -> None:
        # Two columns is the narrowest line that still holds one wide character,
        # so every text can be wrapped without a line overflowing.
        if self.max_chars_per_line is not None and self.max_chars_per_line < 2:
            raise SubtitleError(f"A line must allow at least 2 characters, not {self.max_chars_per_line}")
        if self.max_lines is not None and self.max_lines < 1:
            raise SubtitleError(f"A cue must allow at least 1 line, not {self.max_lines}")

    def for_language(self, language: str | None) -> "WrapOptions":
        """These options with every unset field filled in for ``language``."""
        if self.max_chars_per_line is not None and self.max_lines is not None:
            return self
        # quality builds on this module's wrapping, so it is imported when needed.
        from malsori.core.quality import limits_for

        limits = limits_for(language)
        return WrapOptions(
            self.max_chars_per_line if self.max_chars_per_line is not None else limits.max_line_width,
            self.max_lines if self.max_lines is not None else limits.max_lines,
        )


class _Token(NamedTuple):
    """An unbreakable piece of text; ``spaced`` says a space separates it from the
    piece before (false for the characters of a word broken by width). ``start``
    and ``end`` are its character offsets in the wrapped text, so a cue knows
    exactly which characters, and so which timed words, it shows."""

    text: str
    width: int
    spaced: bool
    start: int
    end: int


def _clusters(word: str) -> list[str]:
    """Characters with their zero-width marks attached, so a break by width never
    separates an accent or a decomposed Hangul vowel from its letter."""
    clusters: list[str] = []
    for ch in word:
        if clusters and display_width(ch) == 0:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


_WORD = re.compile(r"\S+")


def _tokens(text: str, width: int) -> list[_Token]:
    """Words as tokens; a word wider than a line (Chinese or Japanese written without
    spaces, a long URL) becomes one token per character so it can break anywhere."""
    tokens: list[_Token] = []
    for match in _WORD.finditer(text):
        word, at = match.group(), match.start()
        word_width = display_width(word)
        if word_width <= width:
            tokens.append(_Token(word, word_width, True, at, match.end()))
            continue
        for i, cluster in enumerate(_clusters(word)):
            tokens.append(_Token(cluster, display_width(cluster), i == 0, at, at + len(cluster)))
            at += len(cluster)
    return tokens


def _line_text(tokens: Sequence[_Token]) -> str:
    return "".join((" " if t.spaced and i else "") + t.text for i, t in enumerate(tokens))


def _greedy_lines(tokens: Sequence[_Token], width: int) -> list[list[_Token]]:
    """Fill each line as far as it goes: the fewest lines the text can take."""
    lines: list[list[_Token]] = []
    used = 0
    for t in tokens:
        step = t.width + (1 if t.spaced else 0)
        if lines and used + step <= width:
            lines[-1].append(t)
            used += step
        else:
            lines.append([t])
            used = t.width
    return lines


def _balanced_lines(tokens: Sequence[_Token], count: int, width: int) -> list[list[_Token]]:
    """Lay the tokens out on exactly ``count`` lines of at most ``width`` columns,
    making the lines as even as possible (least sum of squared free space): a
    two-line subtitle then reads as two similar lines rather than a full line over
    a lone word. ``count`` must be achievable (the greedy line count is)."""
    n = len(tokens)
    best = [[math.inf] * (n + 1) for _ in range(count + 1)]
    begin_of_last = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for line in range(1, count + 1):
        for end in range(1, n + 1):
            used = -1
            for begin in range(end - 1, -1, -1):
                gap = 1 if begin < end - 1 and tokens[begin + 1].spaced else 0
                used = tokens[begin].width if used < 0 else used + tokens[begin].width + gap
                if used > width:
                    break
                cost = best[line - 1][begin] + (width - used) ** 2
                if cost < best[line][end]:
                    best[line][end] = cost
                    begin_of_last[line][end] = begin
    lines: list[list[_Token]] = []
    end = n
    for line in range(count, 0, -1):
        begin = begin_of_last[line][end]
        lines.append(list(tokens[begin:end]))
        end = begin
    return lines[::-1]


def _even_groups(lines: list[list[_Token]], size: int) -> Iterator[list[list[_Token]]]:
    """Group lines into the fewest cues of at most ``size`` lines, as evenly as
    possible (5 lines in cues of 2 become 2+2+1, 4 lines in cues of 3 become 2+2)."""
    if not lines:
        return
    cues = math.ceil(len(lines) / size)
    base, extra = divmod(len(lines), cues)
    at = 0
    for i in range(cues):
        take = base + (1 if i < extra else 0)
        yield lines[at : at + take]
        at += take


def _wrap_tokens(text: str, wrap: WrapOptions) -> list[list[list[_Token]]]:
    """The cues of :func:`wrap_text`, each a list of lines of tokens (unset widths:
    those of Latin scripts)."""
    wrap = wrap.for_language(None)
    width = wrap.max_chars_per_line
    tokens = _tokens(text, width)
    fewest = len(_greedy_lines(tokens, width))
    cues = math.ceil(fewest / wrap.max_lines)
    count = fewest if cues <= 1 else min(len(tokens), cues * wrap.max_lines)
    lines = _balanced_lines(tokens, count, width) if tokens else []
    return list(_even_groups(lines, wrap.max_lines))


def wrap_text(text: str, wrap: WrapOptions) -> list[tuple[str, ...]]:
    """Wrap a cue's text: a list of cues, each a tuple of at most ``wrap.max_lines``
    lines no wider than ``wrap.max_chars_per_line`` columns.

    Lines break at spaces; a word wider than a line breaks between characters.
    Text too long for one cue is spread over the fewest cues with every cue's
    lines filled alike (88 characters in 2-line cues of 42 become two cues of two
    ~22-character lines, not a full cue and a lone word). Reading the lines in
    order, with a space where a space was, gives back the text (whitespace
    normalized); blank text gives no cues.
    """
    return [tuple(_line_text(line) for line in group) for group in _wrap_tokens(text, wrap)]


# --- export ------------------------------------------------------------------------------


class _Cue(NamedTuple):
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    speaker: str | None = None  # the name to show, when speaker labels are asked for


class _Options(NamedTuple):
    """What a renderer is asked for besides the transcript (see :func:`render`)."""

    wrap: WrapOptions | None
    speaker_labels: bool
    file_id: str | None


def _label(transcript: Transcript, segment: Segment, labels: bool = True) -> str | None:
    """The speaker name a segment's cues and lines show: None without labels or a speaker.
    White space is made single spaces, since a name with a line break would break the cue."""
    name = transcript.speaker_name(segment) if labels else None
    return normalize_space(name) if name else None


def _prefix(name: str | None) -> str:
    """The "Name: " label of SRT cues and text lines."""
    return f"{name}: " if name else ""


def _ms(seconds: float) -> int:
    """Seconds to whole milliseconds. Rounding is monotonic, so a segment with
    start <= end can never come out with end < start."""
    return round(seconds * 1000)


def _word_spans(segment: Segment) -> list[tuple[int, int, Word]] | None:
    """Each timed word with the characters it spells in the segment's text, or None
    when the words no longer spell the text (a person rewrote it)."""
    offsets = word_offsets(segment)
    if offsets is None:
        return None
    return [(at, at + len(w.text.strip()), w) for at, w in zip(offsets, segment.words)]


def _time_at_start(spans: list[tuple[int, int, Word]], position: int) -> float:
    """When the character at ``position`` begins to be spoken: its word's start, or
    a share of the word's time for a piece of a word broken by width."""
    for begin, end, word in spans:
        if position < end:
            if position <= begin:
                return word.start
            return word.start + (word.end - word.start) * (position - begin) / (end - begin)
    return spans[-1][2].end


def _time_at_end(spans: list[tuple[int, int, Word]], position: int) -> float:
    """When the characters before ``position`` have been spoken (the mirror of
    :func:`_time_at_start`)."""
    for begin, end, word in reversed(spans):
        if position > begin:
            if position >= end:
                return word.end
            return word.start + (word.end - word.start) * (position - begin) / (end - begin)
    return spans[0][2].start


def _cue_times(segment: Segment, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Start and end, in whole milliseconds, of each wrapped piece of a segment, given
    the characters (begin, end) each piece shows.

    With word timings a piece starts when its first word is spoken and ends when
    its last word ends; without them the segment's time is shared in proportion
    to the characters, the pieces abutting. Either way the first piece starts and
    the last ends where the segment does, and no piece runs into the next.
    """
    start, end = _ms(segment.start), _ms(segment.end)
    spans = _word_spans(segment)
    if spans:
        times = [(_ms(_time_at_start(spans, a)), _ms(_time_at_end(spans, b))) for a, b in pieces]
    else:
        length = max(1, len(segment.text))
        cuts = [_ms(segment.start + segment.duration * a / length) for a, _ in pieces[1:]]
        times = list(zip([start, *cuts], [*cuts, end]))
    times[0] = (start, times[0][1])
    times[-1] = (times[-1][0], end)
    out: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(times):
        a = min(end, max(a, start, out[-1][0] if out else start))  # never before the piece before
        b = min(b, times[i + 1][0]) if i + 1 < len(times) else b  # never into the next piece
        out.append((a, min(end, max(a, b))))
    return out


def _room_for(wrap: WrapOptions, label: str) -> WrapOptions:
    """``wrap`` with lines narrower by a label shown on a cue's first line, so that
    line stays within the width. Every line is narrowed alike (which lines start a
    cue is known only after wrapping); a very long name takes at most half a line,
    beyond which it overflows rather than leaving a word or two per line."""
    width = wrap.max_chars_per_line or 2
    return WrapOptions(max(2, width - display_width(label), width // 2), wrap.max_lines)


def _segment_cues(segment: Segment, wrap: WrapOptions | None, speaker: str | None, shown: str) -> list[_Cue]:
    """A segment's cues; ``shown`` is the label its cues' first lines will show, for
    which the lines make room."""
    if wrap is None:
        lines = tuple(filter(None, (normalize_space(line) for line in segment.text.splitlines())))
        return [_Cue(_ms(segment.start), _ms(segment.end), lines, speaker)] if lines else []
    groups = _wrap_tokens(segment.text, _room_for(wrap, shown) if shown else wrap)
    if not groups:
        return []
    pieces = [(group[0][0].start, group[-1][-1].end) for group in groups]
    return [
        _Cue(a, b, tuple(_line_text(line) for line in group), speaker)
        for (a, b), group in zip(_cue_times(segment, pieces), groups)
    ]


def _cues(transcript: Transcript, options: _Options, label_shown: bool) -> list[_Cue]:
    """Every visible cue in time order (blank segments show nothing and are left out;
    the pieces of a split segment can pass an overlapping neighbour, hence the sort).
    ``label_shown``: the speaker's name is written into the cue's text (SRT), so
    wrapping leaves room for it; a WebVTT voice or an ASS actor takes no room."""
    wrap = options.wrap.for_language(transcript.language) if options.wrap is not None else None
    cues = []
    for seg in transcript.segments:
        speaker = _label(transcript, seg, options.speaker_labels)
        cues += _segment_cues(seg, wrap, speaker, _prefix(speaker) if label_shown else "")
    return sorted(cues, key=lambda c: (c.start_ms, c.end_ms))


def _pysubs2_text(fmt: str, cue: _Cue) -> str:
    """A cue's text as ``fmt`` writes it, with its speaker's label or voice span (every
    cue of a segment has it, since a viewer may see any cue alone)."""
    if fmt == "ass":  # the speaker is the event's actor, not text
        return r"\N".join(cue.lines)
    if fmt == "vtt":  # in WebVTT, & and < always start an entity or a tag; > would end the voice tag
        voice = f"<v {html.escape(cue.speaker, quote=False)}>" if cue.speaker else ""
        return voice + "\n".join(html.escape(line, quote=False) for line in cue.lines)
    return _prefix(cue.speaker) + "\n".join(cue.lines)


def _ass_actor(name: str | None) -> str:
    """A name for the ASS actor field: fields are comma-separated and the actor is not
    the last, so a comma in it would shift the text; it is written as ';'."""
    return name.replace(",", ";") if name else ""


def _render_pysubs2(fmt: str) -> Callable[[Transcript, _Options], str]:
    def render_format(transcript: Transcript, options: _Options) -> str:
        subs = pysubs2.SSAFile()
        for cue in _cues(transcript, options, label_shown=fmt == "srt"):
            subs.append(pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms, text=_pysubs2_text(fmt, cue),
                                         name=_ass_actor(cue.speaker) if fmt == "ass" else ""))
        if fmt == "ass":
            return subs.to_string("ass")
        # keep_ssa_tags: write text verbatim; otherwise "{...}" in a transcript
        # (e.g. "{laughs}") would be taken for an ASS override tag and dropped.
        return subs.to_string(fmt, keep_ssa_tags=True)

    return render_format


def _text_lines(transcript: Transcript, options: _Options) -> Iterator[tuple[Segment, str]]:
    """Each non-blank segment with its text on one line, after its speaker's label."""
    for seg in transcript.segments:
        text = normalize_space(seg.text)
        if text:
            yield seg, _prefix(_label(transcript, seg, options.speaker_labels)) + text


def _render_txt(transcript: Transcript, options: _Options) -> str:
    return "".join(f"{text}\n" for _, text in _text_lines(transcript, options))


def _render_txt_timestamps(transcript: Transcript, options: _Options) -> str:
    return "".join(
        f"[{format_timestamp(seg.start, '.')} --> {format_timestamp(seg.end, '.')}] {text}\n"
        for seg, text in _text_lines(transcript, options)
    )


def dialogue_lines(transcript: Transcript, segments: Sequence[Segment] | None = None) -> list[str]:
    """The text of ``segments`` (all of the transcript's by default) as a language model
    should read it: "Name: text" lines where segments have a speaker, segments of one
    speaker that follow each other in ``segments`` joined on one line (a turn cut
    into cues is still one turn of the conversation, and the names are what lets a
    summary say who decided or will do what); one line per segment where there is
    no speaker. Blank segments are left out. These are the ``lines`` of
    :func:`malsori.core.summarize.run`; join them with "\\n" for one text."""
    lines: list[str] = []
    previous: str | None = None
    for seg in segments if segments is not None else transcript.segments:
        text = normalize_space(seg.text)
        if not text:
            continue
        if seg.speaker is not None and seg.speaker == previous:
            lines[-1] += joiner(transcript.language) + text
        else:
            lines.append(_prefix(_label(transcript, seg)) + text)
        previous = seg.speaker
    return lines


def _render_json(transcript: Transcript, options: _Options) -> str:
    """The transcript's own dict, which :func:`parse` reads back whole, plus each
    speaking segment's ``speaker_name`` beside its ``speaker`` id, for other programs
    (Malsori's reader ignores it: the names live in ``speakers``). A word's speaker is
    its segment's (a segment has one; giving words to another speaker splits it), and
    words stay ``[start, end, text, probability]`` so existing readers keep working."""
    data = transcript.to_dict()
    for seg, entry in zip(transcript.segments, data["segments"]):
        if seg.speaker is not None:
            entry["speaker_name"] = transcript.speaker_name(seg)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rttm_names(transcript: Transcript) -> dict[str, str]:
    """Each speaker's RTTM name: its name, or with its id added where two speakers share a
    name, since RTTM knows speakers by name alone and they would merge into one."""
    counts: dict[str, int] = {}
    for sp in transcript.speakers:
        counts[rttm.field(sp.name)] = counts.get(rttm.field(sp.name), 0) + 1
    return {sp.id: rttm.field(sp.name) + (f"_{sp.id}" if counts[rttm.field(sp.name)] > 1 else "")
            for sp in transcript.speakers}


def _render_rttm(transcript: Transcript, options: _Options) -> str:
    """One SPEAKER turn per segment that has a speaker and a length (segments of one
    speaker are not joined: a pause between them is not speech)."""
    names = _rttm_names(transcript)
    turns = [rttm.Turn(s.start, s.end, names[s.speaker]) for s in transcript.segments
             if s.speaker is not None and s.end > s.start]
    if not turns:
        raise SubtitleError("This transcript has no speakers, so there is nothing to write as RTTM: transcribe "
                            "with speakers (--speakers auto, or Speakers in the window) or assign them in the editor.")
    return rttm.render(turns, options.file_id or _source_stem(transcript) or "transcript")


def _source_stem(transcript: Transcript) -> str:
    """The name of the file the transcript was made from, without its suffix ("" if unknown)."""
    return Path(transcript.source).stem if transcript.source else ""


_RENDERERS: Mapping[str, Callable[[Transcript, _Options], str]] = {
    "srt": _render_pysubs2("srt"),
    "vtt": _render_pysubs2("vtt"),
    "ass": _render_pysubs2("ass"),
    "txt": _render_txt,
    "txt-timestamps": _render_txt_timestamps,
    "json": _render_json,
    "rttm": _render_rttm,
}


#: The wrapping every front end exports with unless the person chose other widths:
#: the window, the editor and the command line write the same file from the same
#: transcript, with the line width of the transcript's language.
DEFAULT_WRAP = WrapOptions()


def render(transcript: Transcript, fmt: str, wrap: WrapOptions | None = DEFAULT_WRAP, *,
           speaker_labels: bool = True, file_id: str | None = None) -> str:
    """The transcript as the text of a ``fmt`` file.

    ``wrap`` applies to SRT, VTT and ASS (TXT and JSON keep one segment per line).
    Subtitles are wrapped unless a caller explicitly passes None, which writes
    each segment's text as it is, one line per line of text.

    ``speaker_labels``: say who speaks where segments have a speaker: "Name: "
    before each SRT cue and TXT line (SRT lines are wrapped narrower to make room),
    a ``<v Name>`` voice span in each WebVTT cue, the ASS actor. On by default,
    since a transcript with speakers was made to tell them apart; off writes the
    subtitles as if there were none. JSON and RTTM always carry the speakers:
    they are the data, not a label.

    ``file_id``: the file id of RTTM turns; by default the stem of the transcript's
    source file, else "transcript" (:func:`export` uses its own file's stem then).
    A transcript without speakers cannot be written as RTTM (SubtitleError).
    """
    return _RENDERERS[_format(fmt).name](transcript, _Options(wrap, speaker_labels, file_id))


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, as the end of a sentence: "permission denied"."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    return reason[:1].lower() + reason[1:]


def export(
    transcript: Transcript,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    wrap: WrapOptions | None = DEFAULT_WRAP,
    *,
    speaker_labels: bool = True,
) -> Path:
    """Write the transcript to ``path`` (UTF-8, ``\\n`` line ends) and return the path.

    The format comes from the file name unless ``fmt`` is given; ``wrap`` and
    ``speaker_labels`` as for :func:`render`; an RTTM file's id is the source
    file's stem, or else this file's. The file is
    replaced in one rename, so a full disk or a read-only folder raises
    SubtitleError and leaves any previous file exactly as it was.
    """
    path = Path(path)
    file_id = _source_stem(transcript) or path.stem
    data = render(transcript, fmt or format_for_path(path), wrap, speaker_labels=speaker_labels,
                  file_id=file_id).encode("utf-8")
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise SubtitleError(f"Cannot write {path}: {os_reason(exc)}") from exc
    return path


# --- import ------------------------------------------------------------------------------

#: Tried in order. cp949 (a superset of EUC-KR) is how most Korean subtitles made
#: on Windows are stored; cp1252 gets Western "smart quotes" right. When all fail,
#: latin-1 accepts any bytes, so a file is never refused for its encoding alone.
_ENCODINGS = ("utf-8-sig", "cp949", "cp1252")

_NEWLINES = re.compile(r"\r\n?")
_VTT_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_VTT_TAG = re.compile(r"<[^>]*>")
#: A WebVTT voice span's start tag, <v Name> or <v.loud Name>: the annotation is the name.
_VTT_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_SRT_OVERRIDE = re.compile(r"\{\\[^}]*\}")


def decode_text(data: bytes, label: str) -> str:
    """A text file's bytes as text: UTF-16 with its BOM, else the first of the encodings people's
    subtitle and text files come in (UTF-8, cp949, ...) that fits; binary data is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SubtitleError(f"{label} is damaged: it is not valid UTF-16 text") from None
    if b"\x00" in data:
        raise SubtitleError(f"{label} is a binary file, not subtitles")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _vtt_cue_blocks(text: str) -> str:
    """Only the cue blocks of a WebVTT file, from their timing line on.

    pysubs2 reads WebVTT like SRT: whatever follows a cue up to the next timing
    line becomes that cue's text, so NOTE blocks and non-numeric cue identifiers
    would end up in the subtitles. By the spec no block but a cue holds "-->", so
    the header, NOTE, STYLE and REGION blocks are dropped here.
    """
    cues = []
    for block in _VTT_BLOCK_BREAK.split(text):
        lines = block.strip("\n").split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is not None:
            cues.append("\n".join(lines[timing:]))
    return "\n\n".join(cues)


def _vtt_text(event: pysubs2.SSAEvent) -> str:
    """WebVTT cue text without tags (<v Speaker>, <c.class>, <i>, <00:00:01.000>)
    and with entities (&amp;) decoded; braces are plain text in WebVTT."""
    return html.unescape(_VTT_TAG.sub("", event.text.replace(r"\N", "\n")))


def _srt_text(event: pysubs2.SSAEvent) -> str:
    """SRT cue text without formatting. pysubs2 has turned <i>, <b>, <u>, <s> into
    override tags and dropped other HTML tags (<font color=...>); here go those
    overrides and the {\\an8}-style ones many SRT files carry. Only braces that
    open with a backslash are tags: "{laughs}" is text a person wrote."""
    return _SRT_OVERRIDE.sub("", event.text).replace(r"\N", "\n")


def _ass_text(event: pysubs2.SSAEvent) -> str:
    """ASS text without override blocks; in ASS every {...} is hidden, so all go."""
    return event.plaintext


_TEXT_OF: Mapping[str, Callable[[pysubs2.SSAEvent], str]] = {"srt": _srt_text, "vtt": _vtt_text, "ass": _ass_text}


def _vtt_voice(event: pysubs2.SSAEvent) -> str:
    """The name of a WebVTT cue's first voice span, entities decoded ("" without one)."""
    found = _VTT_VOICE.search(event.text)
    return html.unescape(found.group(1)) if found else ""


def _speaker_of(event: pysubs2.SSAEvent, fmt: str) -> str | None:
    """Who speaks a cue, as the file says: a WebVTT voice or an ASS actor. SRT has no
    field for it, and a "Name:" start is not taken for one (a colon is too common in text)."""
    name = normalize_space(_vtt_voice(event) if fmt == "vtt" else event.name if fmt == "ass" else "")
    return name or None

def _has_header(text: str, fmt: str) -> bool:
    """WebVTT and ASS files say what they are even when they hold no cues (SRT has
    no header, so an SRT without timings is just not an SRT)."""
    if fmt == "vtt":
        return text.lstrip().startswith("WEBVTT")
    return fmt == "ass" and "[Script Info]" in text


def _a(name: str) -> str:
    return f"an {name.upper()}" if name in ("srt", "ass") else f"a {name.upper()}"


def _parse_pysubs2(text: str, fmt: str, label: str) -> Transcript:
    source = _vtt_cue_blocks(text) if fmt == "vtt" else text
    try:
        # WebVTT keeps its tags so _vtt_text can strip all of them, timestamps included.
        subs = pysubs2.SSAFile.from_string(source, format_=fmt, keep_html_tags=fmt == "vtt")
    except (pysubs2.Pysubs2Error, ValueError, KeyError, IndexError) as exc:
        raise SubtitleError(f"{label} does not look like {_a(fmt)} file ({exc})") from exc
    if not subs.events and not _has_header(text, fmt):
        raise SubtitleError(f"{label} does not look like {_a(fmt)} file: it has no subtitle timings")
    segments = []
    ids: dict[str, str] = {}  # speaker name -> id, S1, S2… in order of first appearance
    for event in subs.get_text_events():
        words = normalize_space(_TEXT_OF[fmt](event))
        if words:  # an empty cue shows nothing
            start = max(event.start, 0) / 1000
            name = _speaker_of(event, fmt)
            speaker = ids.setdefault(name, f"S{len(ids) + 1}") if name else None
            # A cue that ends before it starts (a typo in the file) is kept, with
            # no length, for the person to fix rather than silently dropped.
            segments.append(Segment(start, max(event.end / 1000, start), words, speaker=speaker))
    duration = max((s.end for s in segments), default=0.0)
    speakers = tuple(Speaker(speaker_id, name) for name, speaker_id in ids.items())
    return Transcript(duration=duration, speakers=speakers).with_segments(segments)


def _parse_json(text: str, label: str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubtitleError(f"{label} is not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    try:
        return Transcript.from_dict(data)
    except TranscriptError as exc:
        raise SubtitleError(f"{label} is not a Malsori transcript: {exc}") from exc


def _parse(text: str, fmt: str, label: str) -> Transcript:
    spec = _format(fmt)
    if not spec.importable:
        importable = ", ".join(f.name for f in FORMATS.values() if f.importable)
        raise SubtitleError(f"Malsori cannot read {spec.name} files: it reads {importable}")
    text = _NEWLINES.sub("\n", text.lstrip("\ufeff"))
    if not text.strip():
        raise SubtitleError(f"{label} is empty")
    if spec.name == "json":
        return _parse_json(text, label)
    return _parse_pysubs2(text, spec.name, label)


def parse(text: str, fmt: str) -> Transcript:
    """A Transcript from the text of an SRT, VTT, ASS or JSON file.

    Subtitle cues become segments without word timings, sorted by time
    (overlaps are kept), tags removed and line breaks joined by a space, since
    export wraps lines afresh. The duration is the latest cue end. WebVTT voices
    (``<v Name>``) and ASS actors become speakers S1, S2… in order of first
    appearance, with the names as written; SRT "Name:" labels stay text.
    """
    return _parse(text, fmt, "the text")


def _import_format(path: Path, text: str) -> str:
    """The format to read ``path`` as: a WebVTT or ASS header wins (a .srt that is
    really WebVTT is common), then the suffix, then SRT, the most common format."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("[Script Info]"):
        return "ass"
    try:
        fmt = format_for_path(path)
    except SubtitleError:
        return "srt"
    return fmt if FORMATS[fmt].importable else "srt"


def load(path: str | os.PathLike[str], fmt: str | None = None) -> Transcript:
    """Read a subtitle or transcript file (format from ``fmt``, else from its header
    and name) in whatever encoding it was saved: UTF-8 with or without BOM,
    UTF-16 with BOM, cp949/EUC-KR, or a Western code page."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SubtitleError(f"Cannot read {path}: {os_reason(exc)}") from exc
    text = decode_text(data, path.name)
    return _parse(text, fmt or _import_format(path, text), path.name)
