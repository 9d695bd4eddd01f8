"""Subtitle import/export: formats, real-world import quirks, wrapping, atomic writes."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malsori.core.subtitles import (
    FORMATS,
    DEFAULT_WRAP,
    SubtitleError,
    WrapOptions,
    export,
    format_for_path,
    load,
    parse,
    parse_format_list,
    render,
    wrap_text,
)
from malsori.core.transcript import Segment, Transcript, Word, display_width, normalize_space


def transcript_of(*cues: tuple[float, float, str], **kwargs) -> Transcript:
    segments = [Segment(start, end, text) for start, end, text in cues]
    return Transcript(duration=max((s.end for s in segments), default=0.0), **kwargs).with_segments(segments)


def cues_of(transcript: Transcript) -> list[tuple[float, float, str]]:
    return [(s.start, s.end, s.text) for s in transcript.segments]


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


SAMPLE = transcript_of(
    (0.0, 1.5, "Hello there."),
    (1.5, 3.25, "안녕하세요, 반갑습니다."),
    (3661.002, 3662.0, "An hour in & <still> going {laughs}"),
    language="ko",
)


# --- formats ---------------------------------------------------------------------------------


def test_formats_name_their_suffixes_for_a_cli():
    assert {name: f.suffix for name, f in FORMATS.items()} == {
        "srt": ".srt",
        "vtt": ".vtt",
        "ass": ".ass",
        "txt": ".txt",
        "txt-timestamps": ".timestamps.txt",
        "json": ".json",
        "rttm": ".rttm",
    }
    assert parse_format_list("srt, VTT,txt,srt,json") == ("srt", "vtt", "txt", "json")


@pytest.mark.parametrize("spec", ["srt,docx", "", " , "])
def test_a_bad_format_list_is_refused_with_the_choices(spec):
    with pytest.raises(SubtitleError, match="srt, vtt"):
        parse_format_list(spec)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.srt", "srt"), ("A.VTT", "vtt"), ("talk.timestamps.txt", "txt-timestamps"), ("talk.txt", "txt"),
     ("x.json", "json"), ("x.ass", "ass")],
)
def test_format_for_path_uses_the_longest_matching_suffix(name, fmt):
    assert format_for_path(name) == fmt


def test_format_for_an_unknown_suffix_is_a_clear_error():
    with pytest.raises(SubtitleError, match=r"'movie\.docx'"):
        format_for_path("/x/movie.docx")


def test_render_refuses_an_unknown_format():
    with pytest.raises(SubtitleError, match="Unknown format 'doc'"):
        render(SAMPLE, "doc")


# --- export: exact output --------------------------------------------------------------------


def test_srt_export_is_standard_srt_with_hours_and_verbatim_text():
    assert render(SAMPLE, "srt", None) == (
        "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n"
        "2\n00:00:01,500 --> 00:00:03,250\n안녕하세요, 반갑습니다.\n\n"
        "3\n01:01:01,002 --> 01:01:02,000\nAn hour in & <still> going {laughs}\n\n"
    )


def test_vtt_export_has_a_header_and_escapes_markup_characters():
    out = render(SAMPLE, "vtt", None)
    assert out.startswith("WEBVTT\n\n")
    assert "01:01:01.002 --> 01:01:02.000\nAn hour in &amp; &lt;still&gt; going {laughs}\n" in out
    assert "00:00:01.500 --> 00:00:03.250\n안녕하세요, 반갑습니다.\n" in out


def test_txt_exports_one_segment_per_line():
    assert render(SAMPLE, "txt") == "Hello there.\n안녕하세요, 반갑습니다.\nAn hour in & <still> going {laughs}\n"


def test_timestamped_txt_shows_start_and_end_of_each_segment():
    assert render(SAMPLE, "txt-timestamps").splitlines() == [
        "[00:00:00.000 --> 00:00:01.500] Hello there.",
        "[00:00:01.500 --> 00:00:03.250] 안녕하세요, 반갑습니다.",
        "[01:01:01.002 --> 01:01:02.000] An hour in & <still> going {laughs}",
    ]


def test_json_export_is_readable_utf8_of_to_dict():
    out = render(SAMPLE, "json")
    assert "안녕하세요" in out  # not \uXXXX escapes
    assert out.startswith("{\n  ")
    assert json.loads(out) == SAMPLE.to_dict()


def test_ass_export_uses_backslash_n_for_wrapped_lines():
    t = transcript_of((0.0, 4.0, "one two three four five six seven eight nine ten"))
    out = render(t, "ass", WrapOptions(max_chars_per_line=30))
    assert "[Script Info]" in out
    dialogue = [line for line in out.splitlines() if line.startswith("Dialogue:")]
    assert dialogue == ["Dialogue: 0,0:00:00.00,0:00:04.00,Default,,0,0,0,,one two three four five\\Nsix seven eight nine ten"]


def test_blank_segments_are_left_out_of_subtitles_and_text():
    t = transcript_of((0.0, 1.0, "   "), (1.0, 2.0, "kept"))
    assert render(t, "srt") == "1\n00:00:01,000 --> 00:00:02,000\nkept\n\n"
    assert render(t, "txt") == "kept\n"


def test_without_wrap_a_segments_own_line_breaks_are_kept():
    t = transcript_of((0.0, 1.0, "first line\n\n  second   line "))
    assert render(t, "srt", None) == "1\n00:00:00,000 --> 00:00:01,000\nfirst line\nsecond line\n\n"


def test_subtitles_are_wrapped_by_default_and_not_wrapping_must_be_asked_for(tmp_path):
    """The window and the editor call export() without options: they must get the
    same two-line cues as the command line, not one 93-character line."""
    text = ("The sales team reported strong results in the spring, and the new office opens in June "
            "next year.")
    t = transcript_of((0.0, 6.0, text))
    assert render(t, "srt") == render(t, "srt", DEFAULT_WRAP) == render(t, "srt", WrapOptions(42, 2))
    lines = render(t, "srt").strip().split("\n")[2:]
    assert len(lines) >= 2 and all(display_width(line) <= 42 for line in lines)
    assert export(t, tmp_path / "t.srt").read_text(encoding="utf-8") == render(t, "srt")
    assert render(t, "srt", None).strip().split("\n")[2:] == [text]


def test_txt_and_json_ignore_wrapping():
    t = transcript_of((0.0, 9.0, "word " * 40))
    wrap = WrapOptions(max_chars_per_line=10, max_lines=1)
    assert render(t, "txt", wrap) == render(t, "txt")
    assert render(t, "json", wrap) == render(t, "json")


def test_millisecond_rounding_never_ends_a_cue_before_it_starts():
    t = transcript_of((1.0004, 1.0004, "instant"), (2.4995, 2.5004, "tiny"))
    back = parse(render(t, "srt"), "srt")
    for seg in back.segments:
        assert seg.start <= seg.end
    assert cues_of(back) == [(1.0, 1.0, "instant"), (2.5, 2.5, "tiny")]


# --- round trips -----------------------------------------------------------------------------

_WORD_CHARS = "abcxyzABCXYZ0123456789.,!?'\"-가나다라한국어말소리"
words = st.text(alphabet=_WORD_CHARS, min_size=1, max_size=8)
texts = st.lists(words, min_size=1, max_size=10).map(" ".join)


@st.composite
def ms_transcripts(draw) -> Transcript:
    """Transcripts whose times are whole milliseconds below 100 hours (the SRT limit)."""
    cues = draw(
        st.lists(
            st.tuples(st.integers(0, 359_000_000), st.integers(0, 600_000), texts), min_size=0, max_size=12
        )
    )
    return transcript_of(*[(start / 1000, (start + length) / 1000, text) for start, length, text in cues])


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
@settings(max_examples=60, deadline=None)
@given(transcript=ms_transcripts())
def test_srt_and_vtt_round_trip_texts_and_times_to_the_millisecond(fmt, transcript):
    if not transcript.segments:
        return  # an empty SRT is an empty file, which load refuses (see test_empty_files_are_refused)
    back = parse(render(transcript, fmt, None), fmt)
    assert cues_of(back) == cues_of(transcript)
    assert back.duration == max(s.end for s in transcript.segments)


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.floats(0, 300_000, allow_nan=False), st.floats(0, 50, allow_nan=False)), min_size=1, max_size=8
    )
)
def test_arbitrary_float_times_survive_srt_within_half_a_millisecond(spans):
    transcript = transcript_of(*[(start, start + length, f"cue {i}") for i, (start, length) in enumerate(spans)])
    back = parse(render(transcript, "srt"), "srt")
    original = {s.text: s for s in transcript.segments}
    for seg in back.segments:
        assert seg.start <= seg.end
        assert abs(seg.start - original[seg.text].start) <= 0.0005 + 1e-9
        assert abs(seg.end - original[seg.text].end) <= 0.0005 + 1e-9


def test_json_round_trip_is_exact_with_words_and_metadata(tmp_path):
    seg = Segment(0.25, 1.75, "안녕 world", (Word(0.25, 0.9, " 안녕", 0.91), Word(1.0, 1.75, " world", 0.5)), True)
    original = Transcript(
        segments=(seg, Segment(2.0, 3.0, "second")),
        language="ko",
        language_probability=0.97,
        duration=3.5,
        model="base",
        options={"beam_size": 5, "vad_filter": True},
        source="/media/talk.mp4",
    )
    path = export(original, tmp_path / "talk.json")
    assert load(path) == original


def test_korean_srt_and_vtt_files_round_trip_through_disk(tmp_path):
    t = transcript_of((0.5, 2.0, "말소리는 받아쓰기 프로그램입니다"), (2.0, 4.0, "자막을 고쳐 봅시다"))
    for fmt in ("srt", "vtt"):
        path = export(t, tmp_path / f"ko.{fmt}")
        assert "말소리는" in path.read_text(encoding="utf-8")
        assert cues_of(load(path)) == cues_of(t)


def test_ass_round_trip_keeps_text_and_centisecond_times(tmp_path):
    t = transcript_of((0.0, 1.5, "Hello there"), (1.5, 3.25, "안녕하세요 여러분"))
    assert cues_of(load(export(t, tmp_path / "x.ass"))) == cues_of(t)


# --- import quirks ---------------------------------------------------------------------------

SRT_TWO = "1\n00:00:01,000 --> 00:00:02,500\nFirst cue\n\n2\n00:00:03,000 --> 00:00:04,000\nSecond cue\n"
EXPECTED_TWO = [(1.0, 2.5, "First cue"), (3.0, 4.0, "Second cue")]


def test_utf8_bom_is_ignored(tmp_path):
    path = write_bytes(tmp_path, "bom.srt", b"\xef\xbb\xbf" + SRT_TWO.encode())
    assert cues_of(load(path)) == EXPECTED_TWO
    assert cues_of(parse("\ufeff" + SRT_TWO, "srt")) == EXPECTED_TWO


def test_crlf_line_endings(tmp_path):
    path = write_bytes(tmp_path, "crlf.srt", SRT_TWO.replace("\n", "\r\n").encode())
    assert cues_of(load(path)) == EXPECTED_TWO


def test_missing_final_newline():
    assert cues_of(parse(SRT_TWO.rstrip("\n"), "srt")) == EXPECTED_TWO


def test_cp949_korean_srt(tmp_path):
    text = "1\r\n00:00:01,000 --> 00:00:02,000\r\n안녕하세요, 말소리입니다.\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\n한글 자막\r\n"
    data = text.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # so the fixture really tests the fallback
    path = write_bytes(tmp_path, "korean.srt", data)
    assert cues_of(load(path)) == [(1.0, 2.0, "안녕하세요, 말소리입니다."), (2.0, 3.0, "한글 자막")]


def test_utf16_with_bom(tmp_path):
    path = write_bytes(tmp_path, "u16.srt", SRT_TWO.encode("utf-16"))
    assert cues_of(load(path)) == EXPECTED_TWO


def test_western_code_page_smart_quotes(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:02,000\n\u201cCaf\u00e9\u201d it\u2019s\n"
    path = write_bytes(tmp_path, "fr.srt", text.encode("cp1252"))
    assert load(path).segments[0].text == "\u201cCaf\u00e9\u201d it\u2019s"


def test_overlapping_and_out_of_order_cues_are_kept_sorted():
    text = (
        "7\n00:00:05,000 --> 00:00:08,000\nlate\n\n"
        "3\n00:00:01,000 --> 00:00:06,000\nlong early\n\n"
        "1\n00:00:02,000 --> 00:00:03,000\noverlapping\n"
    )
    t = parse(text, "srt")
    assert cues_of(t) == [(1.0, 6.0, "long early"), (2.0, 3.0, "overlapping"), (5.0, 8.0, "late")]
    assert t.duration == 8.0


def test_duration_is_the_latest_cue_end_even_when_an_earlier_cue_ends_later():
    text = "1\n00:00:01,000 --> 00:00:09,000\nlong\n\n2\n00:00:02,000 --> 00:00:03,000\nshort\n"
    assert parse(text, "srt").duration == 9.0


def test_srt_formatting_tags_are_stripped_but_plain_braces_are_text():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n"
        '<i>Italic</i> <b>bold</b> <u>u</u> <font color="#ff0000">red</font> {\\an8}top {laughs}\n'
    )
    assert parse(text, "srt").segments[0].text == "Italic bold u red top {laughs}"


def test_multi_line_cues_are_joined_with_a_space():
    text = "1\n00:00:01,000 --> 00:00:02,000\nfirst line\n  second line\nthird\n"
    assert parse(text, "srt").segments[0].text == "first line second line third"


def test_empty_cues_are_dropped():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n<i> </i>\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nreal\n"
    )
    assert cues_of(parse(text, "srt")) == [(3.0, 4.0, "real")]


def test_a_cue_ending_before_it_starts_is_kept_with_no_length():
    text = "1\n00:00:05,000 --> 00:00:04,000\ntypo in the file\n"
    assert cues_of(parse(text, "srt")) == [(5.0, 5.0, "typo in the file")]


VTT_QUIRKS = """WEBVTT - This file has a header text
Kind: captions
Language: ko

STYLE
::cue(.yellow) { color: yellow }

REGION
id:fred
width:40%

NOTE This is a comment
that spans two lines

intro
00:00:01.000 --> 00:00:02.000 align:start position:10% line:0
<v Bob>Hello <c.yellow>there</c></v> &amp; <i>welcome</i>

NOTE a note between cues

2
00:02.500 --> 00:04.000
<00:00:02.600>karaoke <b>bold</b> &lt;3
second line

00:00:05.000 --> 00:00:06.000 size:50%
<v.loud Ann>안녕하세요 {braces stay}"""


def test_vtt_header_style_region_note_identifiers_and_settings_are_not_text():
    t = parse(VTT_QUIRKS, "vtt")
    assert cues_of(t) == [
        (1.0, 2.0, "Hello there & welcome"),
        (2.5, 4.0, "karaoke bold <3 second line"),
        (5.0, 6.0, "안녕하세요 {braces stay}"),
    ]


def test_vtt_with_crlf_and_bom_from_disk(tmp_path):
    path = write_bytes(tmp_path, "q.vtt", b"\xef\xbb\xbf" + VTT_QUIRKS.replace("\n", "\r\n").encode())
    assert [s.text for s in load(path).segments][0] == "Hello there & welcome"


def test_vtt_with_only_a_header_is_an_empty_transcript():
    assert parse("WEBVTT\n\nNOTE nothing yet\n", "vtt") == Transcript()


def test_a_vtt_file_named_srt_is_read_as_vtt(tmp_path):
    path = write_bytes(tmp_path, "mislabeled.srt", VTT_QUIRKS.encode())
    assert load(path).segments[0].text == "Hello there & welcome"


def test_an_unknown_suffix_is_sniffed(tmp_path):
    assert cues_of(load(write_bytes(tmp_path, "subs.txt", SRT_TWO.encode()))) == EXPECTED_TWO


def test_ass_import_skips_comments_and_override_tags():
    text = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,a note\n"
        "Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,{\\i1}Hello{\\i0}\\Nworld\n"
    )
    assert cues_of(parse(text, "ass")) == [(1.0, 2.5, "Hello world")]


# --- garbage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bin.srt", bytes(range(256)) * 8, "binary"),
        ("noise.srt", bytes(range(1, 256)) * 8, "does not look like an SRT file"),
        ("prose.srt", "Just some notes, no timings at all.\n".encode(), "does not look like an SRT file"),
        ("prose.vtt", b"Dear diary,\n\ntoday nothing.\n", "does not look like a VTT file"),
        ("prose.ass", b"hello\n", "does not look like an ASS file"),
        ("other.json", b'{"name": "not a transcript"}', "not a Malsori transcript"),
        ("list.json", b"[1, 2, 3]", "not a Malsori transcript"),
        ("broken.json", b'{"format": "malsori-transcript",', "not valid JSON"),
        ("bad-seg.json", b'{"format": "malsori-transcript", "version": 1, "segments": [{"start": 2, "end": 1, "text": "x"}]}',
         "segment 0"),
    ],
)
def test_garbage_is_a_clear_subtitle_error(tmp_path, name, data, message):
    path = write_bytes(tmp_path, name, data)
    with pytest.raises(SubtitleError, match=re.escape(message)) as info:
        load(path)
    assert name in str(info.value)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n  \n"])
@pytest.mark.parametrize("suffix", [".srt", ".vtt", ".json"])
def test_empty_files_are_refused(tmp_path, data, suffix):
    path = write_bytes(tmp_path, "empty" + suffix, data)
    with pytest.raises(SubtitleError, match=f"empty{re.escape(suffix)} is empty"):
        load(path)


def test_a_missing_file_is_a_subtitle_error(tmp_path):
    with pytest.raises(SubtitleError, match="Cannot read .*gone.srt: no such file"):
        load(tmp_path / "gone.srt")


_FRAGMENTS = [
    "[Script Info]\n", "[Events]\n", "[V4+ Styles]\n", "Format: Layer, Start, End, Style, Text\n", "Style: Default,x\n",
    "Dialogue: 0,0:00:01.00,0:00:00.50,Default,hi\n", "Dialogue: x\n", "WEBVTT\n", "NOTE x\n", "\n", "text\n",
    "00:00:01,000 --> 00:00:02,000\n", "00:01.000 --> 00:00.500\n", "99:99:99,999 --> 0:0:0,0\n", "{\\p1}m 0 0\n",
    "<b>", "-->", "\ufeff", "\r\n",
]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # pysubs2 warns about fields it cannot read
@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join), fmt=st.sampled_from(["srt", "vtt", "ass"]))
def test_malformed_subtitles_give_a_transcript_or_a_subtitle_error_never_a_crash(text, fmt):
    try:
        transcript = parse(text, fmt)
    except SubtitleError as exc:
        assert str(exc)
    else:
        assert all(s.text and s.start <= s.end for s in transcript.segments)


def test_text_formats_cannot_be_imported():
    with pytest.raises(SubtitleError, match="cannot read txt files"):
        parse("hello", "txt")


# --- wrapping --------------------------------------------------------------------------------


def test_wrap_options_default_to_two_lines_of_the_languages_width():
    assert WrapOptions().for_language("en") == WrapOptions(max_chars_per_line=42, max_lines=2)
    assert WrapOptions().for_language(None) == WrapOptions(max_chars_per_line=42, max_lines=2)
    assert WrapOptions().for_language("ko") == WrapOptions(max_chars_per_line=32, max_lines=2)
    assert WrapOptions(max_lines=3).for_language("ja") == WrapOptions(max_chars_per_line=26, max_lines=3)
    with pytest.raises(SubtitleError):
        WrapOptions(max_chars_per_line=1)
    with pytest.raises(SubtitleError):
        WrapOptions(max_lines=0)


def test_short_text_stays_on_one_line_and_blank_text_gives_no_cue():
    assert wrap_text("  Hello   world ", WrapOptions()) == [("Hello world",)]
    assert wrap_text(" \n ", WrapOptions()) == []


def test_two_lines_are_balanced_rather_than_greedy():
    text = "The quick brown fox jumps over the lazy dog and keeps on running"
    [lines] = wrap_text(text, WrapOptions(max_chars_per_line=42))
    assert len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 6  # greedy would give 41 + 22
    assert " ".join(lines) == text


def test_korean_width_counts_two_columns_per_syllable():
    full = "가" * 21  # 42 columns: exactly one line
    assert wrap_text(full, WrapOptions()) == [(full,)]
    over = "가" * 22  # 44 columns, no spaces: breaks by width, evenly
    assert wrap_text(over, WrapOptions()) == [("가" * 11, "가" * 11)]


def test_korean_sentence_wraps_at_spaces_within_width():
    text = "오늘 회의에서는 다음 분기의 예산과 일정에 대해서 자세하게 논의하겠습니다"
    [lines] = wrap_text(text, WrapOptions())
    assert len(lines) == 2
    assert all(display_width(line) <= 42 for line in lines)
    assert " ".join(lines) == text


def test_unspaced_chinese_breaks_by_width_without_losing_characters():
    text = "这是一个很长的中文句子没有空格所以必须按照宽度断开才能显示"
    blocks = wrap_text(text, WrapOptions(max_chars_per_line=20, max_lines=2))
    lines = [line for block in blocks for line in block]
    assert all(display_width(line) <= 20 for line in lines)
    assert "".join(lines) == text


def test_a_long_url_among_words_breaks_by_width():
    text = "see https://example.com/a/very/long/path/that/does/not/fit/anywhere/at/all now"
    lines = [line for block in wrap_text(text, WrapOptions(max_chars_per_line=30, max_lines=9)) for line in block]
    assert all(display_width(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_combining_marks_stay_with_their_letter():
    text = "e\u0301" * 30  # "é" decomposed, 30 columns
    lines = [line for block in wrap_text(text, WrapOptions(max_chars_per_line=7, max_lines=9)) for line in block]
    assert all(not line.startswith("\u0301") for line in lines)
    assert "".join(lines) == text


def test_more_than_max_lines_splits_the_cue_in_time_by_characters():
    text = " ".join(f"word{i:02d}" for i in range(20))  # 20 words of 6 chars: 139 columns
    t = transcript_of((10.0, 20.0, text))
    back = parse(render(t, "srt", WrapOptions(max_chars_per_line=20, max_lines=2)), "srt")
    assert len(back.segments) > 1
    assert back.segments[0].start == 10.0 and back.segments[-1].end == 20.0
    for a, b in zip(back.segments, back.segments[1:]):
        assert a.end == b.start  # the pieces abut: no gap, no overlap
    assert " ".join(s.text for s in back.segments) == text
    total = sum(len(s.text) for s in back.segments)
    for seg in back.segments:
        assert seg.duration == pytest.approx(10.0 * len(seg.text) / total, abs=0.05)


def test_every_srt_cue_has_at_most_max_lines_lines():
    t = transcript_of((0.0, 30.0, "lorem ipsum dolor sit amet " * 12))
    out = render(t, "srt", WrapOptions(max_chars_per_line=24, max_lines=2))
    for block in out.strip().split("\n\n"):
        number, timing, *lines = block.split("\n")
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 24 for line in lines)


def test_split_pieces_are_written_in_time_order_past_overlapping_neighbours():
    long_text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    t = transcript_of((0.0, 10.0, long_text), (2.0, 3.0, "overlap"))
    out = render(t, "vtt", WrapOptions(max_chars_per_line=12, max_lines=1))
    starts = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) -->", out, flags=re.M)
    assert starts == sorted(starts) and len(starts) > 2


wrap_alphabet = st.sampled_from(list("abcdefghij ABC  ,.가나다한글漢字かなé") + ["e\u0301", "\u1112\u1161\u11ab"])
wrap_texts = st.lists(wrap_alphabet, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=wrap_texts, width=st.integers(2, 50), max_lines=st.integers(1, 4))
def test_wrapping_never_overflows_and_never_loses_text(text, width, max_lines):
    blocks = wrap_text(text, WrapOptions(max_chars_per_line=width, max_lines=max_lines))
    lines = [line for block in blocks for line in block]
    assert all(1 <= len(block) <= max_lines for block in blocks)
    assert all(line and display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
    if all(display_width(w) <= width for w in text.split()):
        assert " ".join(lines) == normalize_space(text)  # only spaces were broken


# --- atomic export ---------------------------------------------------------------------------


def test_export_infers_the_format_and_replaces_the_file_without_leftovers(tmp_path):
    path = tmp_path / "talk.timestamps.txt"
    path.write_text("old", encoding="utf-8")
    assert export(SAMPLE, path) == path
    assert path.read_text(encoding="utf-8") == render(SAMPLE, "txt-timestamps")
    assert os.listdir(tmp_path) == ["talk.timestamps.txt"]


def test_export_with_an_explicit_format_and_wrap(tmp_path):
    t = transcript_of((0.0, 2.0, "one two three four five six"))
    path = export(t, tmp_path / "out.subtitles", fmt="srt", wrap=WrapOptions(max_chars_per_line=14))
    assert path.read_text(encoding="utf-8") == "1\n00:00:00,000 --> 00:00:02,000\none two three\nfour five six\n\n"


@pytest.mark.parametrize(("parent", "reason"), [("a-file", "not a directory"), ("missing-dir", "no such file")])
def test_export_into_an_unwritable_place_is_a_clear_error(tmp_path, parent, reason):
    (tmp_path / "a-file").write_text("I am a file", encoding="utf-8")
    target = tmp_path / parent / "x.srt"
    with pytest.raises(SubtitleError, match=f"Cannot write {re.escape(str(target))}: {reason}"):
        export(SAMPLE, target)
    assert sorted(os.listdir(tmp_path)) == ["a-file"]
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "I am a file"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_leaves_the_previous_file_intact_and_no_temp_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "keep.srt"
    path.write_text(SRT_TWO, encoding="utf-8")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, no_space)
    with pytest.raises(SubtitleError, match="Cannot write .*keep.srt: no space left on device"):
        export(SAMPLE, path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == SRT_TWO
    assert os.listdir(tmp_path) == ["keep.srt"]


def timed(said: list[tuple[str, float, float]], end: float | None = None) -> Transcript:
    words = tuple(Word(a, b, " " + w, 0.9) for w, a, b in said)
    segment = Segment(said[0][1], said[-1][2] if end is None else end, " ".join(w for w, _, _ in said), words)
    return Transcript((segment,), duration=segment.end)


def cue_words(transcript: Transcript, wrap: WrapOptions) -> list[tuple[pysubs2.SSAEvent, list[Word]]]:
    """Each exported cue with the words it shows, matched by reading the words in order."""
    subs = pysubs2.SSAFile.from_string(render(transcript, "srt", wrap), format_="srt")
    words = [w for s in transcript.segments for w in s.words]
    out, at = [], 0
    for event in subs:
        count = len(event.plaintext.split())
        out.append((event, words[at : at + count]))
        at += count
    assert at == len(words)
    return out


def test_a_long_segment_is_split_into_cues_timed_by_their_own_words() -> None:
    """With word timings, each cue starts when its first word is spoken and ends
    when its last word ends, not where a character count would put it."""
    said = [("The", 0.0, 0.3), ("sales", 0.3, 0.7), ("team", 0.7, 1.0), ("reported", 1.0, 1.6),
            ("strong", 1.6, 2.0), ("results", 2.0, 2.5), ("in", 2.5, 2.6), ("the", 2.6, 2.7),
            ("spring,", 6.0, 6.5), ("and", 6.5, 6.7), ("the", 6.7, 6.8), ("new", 6.8, 7.0),
            ("office", 7.0, 7.4), ("opens", 7.4, 7.8), ("in", 7.8, 7.9), ("June.", 7.9, 8.4)]
    subs = pysubs2.SSAFile.from_string(render(timed(said), "srt", WrapOptions(42, 2)), format_="srt")
    assert [e.plaintext.replace("\n", " ") for e in subs] == [
        "The sales team reported strong results in the",
        "spring, and the new office opens in June.",
    ]
    assert [(e.start, e.end) for e in subs] == [(0, 2700), (6000, 8400)]


def test_repeated_words_do_not_move_the_cuts() -> None:
    """A cue's first word said earlier in the segment (here "the" and "we") must
    not be taken for it: every cue keeps to the times of its own words."""
    text = ("we said the plan is the plan and the plan is what we said we would do and we did the plan "
            "the way we said the plan would go and then we said it all again the plan the plan the plan")
    said, t = [], 0.0
    for i, w in enumerate(text.split()):
        t += 1.5 if i % 7 == 0 else 0.05  # a pause now and then, so a wrong cut shows
        said.append((w, round(t, 3), round(t + 0.3, 3)))
        t += 0.3
    transcript = timed(said, end=said[-1][2] + 0.5)
    for wrap in (WrapOptions(20, 1), WrapOptions(30, 2), WrapOptions(12, 3)):
        pairs = cue_words(transcript, wrap)
        assert len(pairs) >= 3
        for i, (event, words) in enumerate(pairs):
            assert event.plaintext.replace("\n", " ") == " ".join(w.text.strip() for w in words)
            first = transcript.segments[0].start if i == 0 else words[0].start
            last = transcript.segments[0].end if i == len(pairs) - 1 else words[-1].end
            assert (event.start, event.end) == (round(first * 1000), round(last * 1000))


def test_a_word_broken_by_width_shares_its_time_and_cues_never_overlap() -> None:
    """Unspaced text (one timed word longer than a line) is cut inside the word:
    its time is shared by characters, and the cues stay in order without overlap."""
    said = [("今日は", 0.0, 0.6), ("会議を始めます漢字かなカナ漢字かなカナ", 0.8, 4.0), ("終", 4.2, 4.5)]
    words = (Word(0.0, 0.6, "今日は"), Word(0.8, 4.0, "会議を始めます漢字かなカナ漢字かなカナ"), Word(4.2, 4.5, "終"))
    transcript = Transcript((Segment(0.0, 4.5, "".join(w.text for w in words), words),), duration=4.5)
    subs = pysubs2.SSAFile.from_string(render(transcript, "srt", WrapOptions(10, 1)), format_="srt")
    assert "".join(e.plaintext for e in subs) == transcript.segments[0].text
    assert subs[0].start == 0 and subs[-1].end == 4500
    for a, b in zip(subs, subs[1:]):
        assert a.start <= a.end <= b.start <= b.end
    assert 800 < subs[1].start < 4000  # inside the long word, not at a text-search hit


@pytest.mark.parametrize("language", ["ko", "ja", "en"])
def test_export_wraps_at_the_width_the_editors_warnings_use_for_the_language(language):
    """The editor warns "export will split it" by quality.limits_for's width; export
    must split exactly there, in Korean (32 columns) and Japanese (26) as in English."""
    from malsori.core import quality

    limits = quality.limits_for(language)
    word = {"ko": "한국어로", "ja": "日本語です", "en": "speech"}[language]
    text = " ".join([word] * 12)
    transcript = Transcript(language=language, duration=10.0).with_segments([Segment(0.0, 10.0, text)])
    cues = list(pysubs2.SSAFile.from_string(render(transcript, "srt")))
    lines = [line for cue in cues for line in cue.text.split(r"\N")]
    assert max(display_width(line) for line in lines) <= limits.max_line_width
    assert all(len(cue.text.split(r"\N")) <= limits.max_lines for cue in cues)
    assert len(lines) == quality.lines_needed(text, limits)
    # An explicit width still wins over the language's.
    wide = render(transcript, "srt", WrapOptions(max_chars_per_line=200))
    assert max(display_width(line) for cue in pysubs2.SSAFile.from_string(wide) for line in cue.text.split(r"\N")) > limits.max_line_width
