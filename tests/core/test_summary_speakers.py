"""The text a summary is asked about: "Name: text" lines where segments have speakers,
and a prompt that says what those names are."""

from __future__ import annotations

import re

from malsori.core import prompts
from malsori.core.llm import LlmClient, LlmConfig
from malsori.core.subtitles import dialogue_lines
from malsori.core.summarize import run
from malsori.core.transcript import Segment, Speaker, Transcript

from tests.fake_vllm import FakeVllm, fake_vllm  # noqa: F401 - fixture

SPEAKERS = (Speaker("S1", "Kim"), Speaker("S2", "Lee Min-ho"))
MEETING = Transcript(
    (
        Segment(0, 2, "Let's ship on Friday.", speaker="S1"),
        Segment(2, 4, "  I will write\nthe notes. ", speaker="S1"),
        Segment(4, 5, "   ", speaker="S2"),
        Segment(5, 6, "And I test the installer.", speaker="S2"),
        Segment(6, 7, "(phone rings)"),
        Segment(7, 8, "(silence)"),
        Segment(8, 9, "Good.", speaker="S1"),
    ),
    speakers=SPEAKERS,
    language="en",
)


def test_turns_are_named_lines_with_a_speakers_consecutive_segments_joined():
    assert dialogue_lines(MEETING) == [
        "Kim: Let's ship on Friday. I will write the notes.",
        "Lee Min-ho: And I test the installer.",  # the blank segment between is left out
        "(phone rings)",
        "(silence)",  # segments without a speaker are never joined
        "Kim: Good.",
    ]


def test_a_selection_is_taken_as_given():
    picked = [MEETING.segments[1], MEETING.segments[4], MEETING.segments[6]]
    assert dialogue_lines(MEETING, picked) == ["Kim: I will write the notes.", "(phone rings)", "Kim: Good."]
    # what the selection shows side by side is one turn, as the model will read it
    assert dialogue_lines(MEETING, [MEETING.segments[0], MEETING.segments[6]]) == ["Kim: Let's ship on Friday. Good."]
    assert dialogue_lines(MEETING, []) == []


def test_without_speakers_it_is_the_plain_text_one_segment_a_line():
    plain = Transcript((Segment(0, 1, "One."), Segment(1, 2, "Two.")), language="en")
    assert dialogue_lines(plain) == ["One.", "Two."]


def test_a_language_written_without_spaces_is_joined_without_one():
    japanese = Transcript((Segment(0, 1, "今日は", speaker="S1"), Segment(1, 2, "晴れです。", speaker="S1")),
                          speakers=(Speaker("S1", "田中"),), language="ja")
    assert dialogue_lines(japanese) == ["田中: 今日は晴れです。"]


def test_the_model_is_told_who_the_names_are_and_gets_them(fake_vllm: FakeVllm):  # noqa: F811 - the fixture
    client = LlmClient(LlmConfig(fake_vllm.base_url, "test-model", backoff=0.01, max_tokens=100))
    task = prompts.task_for(prompts.ACTION_ITEMS, prompts.default_template(prompts.ACTION_ITEMS, "en"), "en",
                            speakers=bool(MEETING.speakers))
    run(client, dialogue_lines(MEETING), task, client.model_info().context)
    system, user = fake_vllm.chat_requests[0].body["messages"]
    assert "starts with a name and a colon" in system["content"] and "who said, decided or will do what" in \
        system["content"]
    sent = re.search(r'"""\n(.*)\n"""', user["content"], re.DOTALL).group(1)
    assert sent.split("\n") == dialogue_lines(MEETING)


def test_a_transcript_without_speakers_is_not_told_about_names():
    """The note costs tokens in every request of a long text: only transcripts with speakers get it."""
    plain = prompts.task_for(prompts.SUMMARIZE, "Summarize.", "en")
    assert "name and a colon" not in prompts.messages(plain, "One.")[0]["content"]
    named = prompts.task_for(prompts.SUMMARIZE, "Summarize.", "en", speakers=True)
    assert "name and a colon" in prompts.messages(named, "Kim: One.")[0]["content"]
