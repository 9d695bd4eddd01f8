"""Speakers in every export format, read back where the format has a place for them, and RTTM."""

from __future__ import annotations

import json
from pathlib import Path

import pysubs2
import pytest

from malsori.core import rttm
from malsori.core.subtitles import (
    FORMATS,
    SubtitleError,
    WrapOptions,
    export,
    format_for_path,
    load,
    parse,
    parse_format_list,
    render,
)
from malsori.core.transcript import Segment, Speaker, Transcript, Word, display_width

LONG = "We should ship the installer on Friday and then ask the testers what they think of it"

MEETING = Transcript(
    segments=(
        Segment(0.0, 6.0, LONG, speaker="S1"),
        Segment(6.5, 8.0, "Fine & <ok> by me", speaker="S2"),
        Segment(8.0, 9.0, "(door closes)"),
        Segment(9.0, 10.0, "See you then.", speaker="S1"),
    ),
    speakers=(Speaker("S1", "Kim Min-ji"), Speaker("S2", "Lee, Park > Choi")),
    duration=10.0,
    language="en",
    source="/recordings/weekly sync.flac",
)


def without_speakers(transcript: Transcript) -> Transcript:
    return Transcript(
        segments=tuple(Segment(s.start, s.end, s.text, s.words) for s in transcript.segments),
        duration=transcript.duration,
        language=transcript.language,
        source=transcript.source,
    )


def srt_cues(text: str) -> list[str]:
    return [e.text.replace(r"\N", "\n") for e in pysubs2.SSAFile.from_string(text, format_="srt")]


# --- SRT and TXT: a "Name: " label ------------------------------------------------------------


def test_srt_labels_every_cue_of_a_segment_and_wraps_narrower_to_make_room():
    wrap = WrapOptions(42, 2)
    text = render(MEETING, "srt", wrap)
    cues = srt_cues(text)
    long_cues = [c for c in cues if c.startswith("Kim Min-ji: ") and "See you" not in c]
    assert len(long_cues) == 2  # the long turn needs two cues, and a viewer may see either alone
    assert " ".join(c.removeprefix("Kim Min-ji: ").replace("\n", " ") for c in long_cues) == LONG
    assert all(display_width(line) <= 42 for c in cues for line in c.split("\n"))
    assert "\nLee, Park > Choi: Fine & <ok> by me\n" in text  # (pysubs2's reader would drop the "<ok>")
    assert "(door closes)" in cues  # no speaker, no label
    assert "Kim Min-ji: See you then." in cues


def test_labels_are_optional_and_off_gives_what_a_transcript_without_speakers_gives():
    plain = without_speakers(MEETING)
    for fmt in ("srt", "vtt", "ass", "txt", "txt-timestamps"):
        assert render(MEETING, fmt, speaker_labels=False) == render(plain, fmt), fmt
        assert render(MEETING, fmt) != render(plain, fmt), fmt


def test_unwrapped_srt_is_labelled_too():
    cues = srt_cues(render(MEETING, "srt", None))
    assert cues[0] == f"Kim Min-ji: {LONG}"


def test_txt_lines_start_with_the_name():
    assert render(MEETING, "txt").splitlines() == [
        f"Kim Min-ji: {LONG}", "Lee, Park > Choi: Fine & <ok> by me", "(door closes)", "Kim Min-ji: See you then."]
    assert render(MEETING, "txt-timestamps").splitlines()[1] == (
        "[00:00:06.500 --> 00:00:08.000] Lee, Park > Choi: Fine & <ok> by me")


def test_an_srt_label_is_not_read_back_as_a_speaker():
    back = parse(render(MEETING, "srt", None), "srt")
    assert back.speakers == () and back.segments[0].text == f"Kim Min-ji: {LONG}"


# --- WebVTT voices and ASS actors, there and back ------------------------------------------------


def test_vtt_writes_an_escaped_voice_span_on_every_cue():
    text = render(MEETING, "vtt", WrapOptions(42, 1))
    assert "<v Lee, Park &gt; Choi>Fine &amp; &lt;ok&gt; by me" in text
    payloads = [block.split("\n", 2)[2] for block in text.split("\n\n")[1:] if block.strip()]
    assert all(p.startswith("<v Kim Min-ji>") for p in payloads if "ship" in p or "testers" in p or "Friday" in p)
    assert sum(p.startswith("<v Kim Min-ji>") for p in payloads) >= 3  # the long turn over several cues, and one more
    assert not any(p.startswith("<v") for p in payloads if "door" in p)


def test_a_name_with_a_line_break_stays_on_the_voice_tag():
    odd = Transcript((Segment(0, 1, "Hi", speaker="S1"),), speakers=(Speaker("S1", "Kim\nMin-ji"),))
    assert "<v Kim Min-ji>Hi" in render(odd, "vtt")
    assert render(odd, "srt").splitlines()[2] == "Kim Min-ji: Hi"


@pytest.mark.parametrize("fmt", ["vtt", "ass"])
def test_speakers_survive_a_round_trip(fmt):
    back = parse(render(MEETING, fmt, None), fmt)
    names = {"vtt": ["Kim Min-ji", "Lee, Park > Choi"], "ass": ["Kim Min-ji", "Lee; Park > Choi"]}[fmt]
    assert [(sp.id, sp.name) for sp in back.speakers] == [("S1", names[0]), ("S2", names[1])]
    assert [(s.speaker, s.text) for s in back.segments] == [
        ("S1", LONG), ("S2", "Fine & <ok> by me"), (None, "(door closes)"), ("S1", "See you then.")]


def test_ass_puts_the_name_in_the_actor_field_without_breaking_the_fields():
    events = pysubs2.SSAFile.from_string(render(MEETING, "ass", None), format_="ass")
    assert [e.name for e in events] == ["Kim Min-ji", "Lee; Park > Choi", "", "Kim Min-ji"]
    assert events[1].plaintext == "Fine & <ok> by me"


def test_vtt_voices_written_by_other_tools_become_speakers_in_order_of_appearance():
    text = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v.loud Bob Smith>Hello</v>\n\n"
        "00:00:00.000 --> 00:00:01.000\n<v Ann &amp; Co>First <i>words</i>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Bob Smith>Again\n\n"
        "00:00:03.000 --> 00:00:04.000\nNobody said\n"
    )
    back = parse(text, "vtt")
    # ids follow the file's cue order (Bob first), segments are sorted by time
    assert [(sp.id, sp.name) for sp in back.speakers] == [("S1", "Bob Smith"), ("S2", "Ann & Co")]
    assert [(s.speaker, s.text) for s in back.segments] == [
        ("S2", "First words"), ("S1", "Hello"), ("S1", "Again"), (None, "Nobody said")]


# --- JSON ------------------------------------------------------------------------------------


def test_json_adds_names_beside_the_ids_and_reads_back_whole():
    words = (Word(0.0, 0.5, " See", 0.9), Word(0.5, 1.0, " you", 0.8))
    worded = Transcript((Segment(0.0, 1.0, "See you", words, speaker="S1"), Segment(1, 2, "(laughs)")),
                        speakers=(Speaker("S1", "Kim", "voice-1", 0.82, (0.5, -0.5)),))
    data = json.loads(render(worded, "json"))
    assert data["segments"][0]["speaker"] == "S1" and data["segments"][0]["speaker_name"] == "Kim"
    assert "speaker_name" not in data["segments"][1] and data["segments"][1]["speaker"] is None
    assert data["segments"][0]["words"] == [[0.0, 0.5, " See", 0.9], [0.5, 1.0, " you", 0.8]]  # as before
    assert {k: v for k, v in data["segments"][0].items() if k != "speaker_name"} == worded.to_dict()["segments"][0]
    assert parse(render(worded, "json"), "json") == worded


# --- RTTM ------------------------------------------------------------------------------------


def test_rttm_is_a_format_of_its_own():
    assert FORMATS["rttm"].suffix == ".rttm" and not FORMATS["rttm"].importable
    assert format_for_path("talk.RTTM") == "rttm"
    assert parse_format_list("srt,rttm") == ("srt", "rttm")
    with pytest.raises(SubtitleError, match="cannot read rttm"):
        parse("SPEAKER f 1 0 1 <NA> <NA> A <NA> <NA>\n", "rttm")


def test_rttm_has_one_turn_per_speaking_segment_named_after_the_source():
    text = render(MEETING, "rttm")
    assert text == (
        "SPEAKER weekly_sync 1 0.000 6.000 <NA> <NA> Kim_Min-ji <NA> <NA>\n"
        "SPEAKER weekly_sync 1 6.500 1.500 <NA> <NA> Lee,_Park_>_Choi <NA> <NA>\n"
        "SPEAKER weekly_sync 1 9.000 1.000 <NA> <NA> Kim_Min-ji <NA> <NA>\n"
    )
    turns = rttm.parse(text)["weekly_sync"]
    assert [(t.start, t.end, t.speaker) for t in turns] == [
        (0.0, 6.0, "Kim_Min-ji"), (6.5, 8.0, "Lee,_Park_>_Choi"), (9.0, 10.0, "Kim_Min-ji")]
    assert render(MEETING, "rttm", file_id="ES2008a").split()[1] == "ES2008a"


def test_rttm_export_without_a_source_takes_the_files_name(tmp_path: Path):
    no_source = Transcript(MEETING.segments, speakers=MEETING.speakers)
    path = export(no_source, tmp_path / "call 3.rttm")
    assert set(rttm.parse(path.read_text(encoding="utf-8"))) == {"call_3"}
    assert set(rttm.parse(export(MEETING, tmp_path / "other.rttm").read_text())) == {"weekly_sync"}


def test_speakers_sharing_a_name_stay_apart_and_empty_segments_are_no_turn():
    twins = Transcript(
        (Segment(0, 1, "a", speaker="S1"), Segment(1, 1, "", speaker="S1"), Segment(1, 2, "b", speaker="S2")),
        speakers=(Speaker("S1", "Kim"), Speaker("S2", "Kim")),
    )
    assert [line.split()[7] for line in render(twins, "rttm").splitlines()] == ["Kim_S1", "Kim_S2"]


def test_rttm_of_a_transcript_without_speakers_says_what_to_do(tmp_path: Path):
    with pytest.raises(SubtitleError, match="no speakers.*transcribe with speakers"):
        render(without_speakers(MEETING), "rttm")
    target = tmp_path / "talk.rttm"
    target.write_text("kept")
    with pytest.raises(SubtitleError, match="no speakers"):
        export(without_speakers(MEETING), target)
    assert target.read_text() == "kept"


def test_export_passes_the_label_choice_on(tmp_path: Path):
    path = export(MEETING, tmp_path / "t.txt", speaker_labels=False)
    assert path.read_text(encoding="utf-8").splitlines()[0] == LONG
    assert load(export(MEETING, tmp_path / "t.vtt")).speaker_name(load(tmp_path / "t.vtt").segments[0]) == "Kim Min-ji"
