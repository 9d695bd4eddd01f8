"""Token estimates, chunking, prompts, and map-reduce against the fake vLLM server."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from malsori.core import prompts, tokens
from malsori.core.llm import Kind, LlmClient, LlmConfig, LlmError
from malsori.core.summarize import Step, run

from tests.fake_vllm import FakeVllm, count_tokens, fake_vllm  # noqa: F401 - fixture

TEXTS = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABC 0123456789.,!?-\n'\"가나다라마바사한국어말소리日本語中文éü😀")),
                max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_the_estimate_is_never_below_the_servers_count(texts):
    messages = [{"role": "user", "content": t} for t in texts]
    assert tokens.estimate_messages(messages) >= count_tokens(messages)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=30), st.integers(8, 200))
def test_chunks_fit_the_budget_and_keep_every_character_in_order(units, budget):
    chunks = tokens.pack(units, budget)
    assert all(tokens.estimate(c) <= budget or len(c) <= 1 for c in chunks)
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 - cuts may fall on whitespace
    assert squash("".join(chunks)) == squash("".join(units))


def test_segments_stay_whole_when_they_fit():
    units = [f"Segment number {i} says something." for i in range(20)]
    chunks = tokens.pack(units, 40)
    assert len(chunks) > 1
    assert [line for c in chunks for line in c.split("\n")] == units


def test_korean_transcripts_get_korean_templates_and_answers_in_their_language():
    task = prompts.task_for(prompts.SUMMARIZE, prompts.default_template(prompts.SUMMARIZE, "ko"), "ko")
    system, user = prompts.messages(task, "회의를 시작하겠습니다.")
    assert "요약" in user["content"] and "회의를 시작하겠습니다." in user["content"]
    assert "in Korean unless the instruction asks for another language" in system["content"]
    assert prompts.default_template(prompts.SUMMARIZE, "de") == prompts.DEFAULTS[prompts.SUMMARIZE]["en"]


def test_translate_names_the_target_in_the_templates_language_and_is_not_combined():
    ko = prompts.task_for(prompts.TRANSLATE, prompts.DEFAULTS[prompts.TRANSLATE]["ko"], "ko", target="en")
    en = prompts.task_for(prompts.TRANSLATE, prompts.DEFAULTS[prompts.TRANSLATE]["en"], "en", target="ko")
    assert "영어" in ko.instruction and "into Korean" in en.instruction
    assert not ko.combine and prompts.task_for(prompts.CUSTOM, "Be {brief}", None).instruction == "Be {brief}"
    with pytest.raises(ValueError):
        prompts.task_for(prompts.CUSTOM, "   ", None)


# --- map-reduce against the server --------------------------------------------------


def meeting(n: int) -> list[str]:
    return [f"Speaker {i % 3} said point number {i} about the budget, the schedule and the next steps." for i in range(n)]


def summarize(server: FakeVllm, lines, task=None, **options):
    options.setdefault("max_tokens", 100)
    client = LlmClient(LlmConfig(server.base_url, "test-model", backoff=0.01, **options))
    steps: list[Step] = []
    pieces: list[str] = []
    task = task or prompts.Task("Summarize.", "en")
    context = client.model_info().context
    reply = run(client, lines, task, context, pieces.append, steps.append)
    return reply, steps, "".join(pieces)


def assert_every_request_fit(server: FakeVllm, context: int, max_tokens: int = 100) -> None:
    for rec in server.chat_requests:
        assert rec.status == 200, rec.body["messages"][-1]["content"][:200]
        assert rec.prompt_tokens + max_tokens <= context


def test_a_short_text_is_one_streamed_request(fake_vllm):
    reply, steps, streamed = summarize(fake_vllm, meeting(3))
    assert reply.text == streamed == "The meeting agreed to ship on Friday."
    assert steps == [Step(1, 1, "answer", True, 1, 1)]
    assert "part 1 of" not in fake_vllm.chat_requests[0].body["messages"][-1]["content"]


def test_a_long_text_is_split_on_segments_and_the_parts_combined(fake_vllm):
    fake_vllm.models = {"test-model": 700}
    lines = meeting(80)
    reply, steps, _ = summarize(fake_vllm, lines)
    assert reply.text == "Combined summary of the parts."
    chats = fake_vllm.chat_requests
    assert len(chats) >= 4
    assert_every_request_fit(fake_vllm, 700)
    parts = [r for r in chats if "Combine them" not in r.body["messages"][-1]["content"]]
    sent = "\n".join(re.search(r'"""\n(.*)\n"""', r.body["messages"][-1]["content"], re.DOTALL).group(1) for r in parts)
    assert sent.split("\n") == lines  # every segment once, whole, in order
    combine = chats[-1].body["messages"][-1]["content"]
    assert all(f"Summary of part {i}." in combine for i in range(1, len(parts) + 1))
    assert [s.index for s in steps] == list(range(1, len(chats) + 1))
    assert steps[-1].phase == "combine" and steps[-1].final and steps[-1].total == len(chats)
    assert not any(s.final for s in steps[:-1])


def test_partial_answers_too_long_for_one_request_are_combined_in_rounds(fake_vllm):
    fake_vllm.models = {"test-model": 800}
    wordy = "This part covered the budget review, the hiring plan and the office move in detail. " * 3
    fake_vllm.reply = lambda body: wordy  # a model that always answers at length
    result, steps, _ = summarize(fake_vllm, meeting(60))
    assert_every_request_fit(fake_vllm, 800)
    combines = [s for s in steps if s.phase == "combine"]
    assert len(combines) >= 3 and combines[-1].final and not any(s.final for s in combines[:-1])
    assert result.text == wordy.strip() and steps[-1].index == steps[-1].total == len(fake_vllm.chat_requests)


def test_a_translation_is_put_together_from_its_parts_without_combining(fake_vllm):
    fake_vllm.models = {"test-model": 600}
    fake_vllm.reply = lambda body: "Translated part " + re.search(r"part (\d+)", body["messages"][-1]["content"]).group(1)
    task = prompts.task_for(prompts.TRANSLATE, prompts.DEFAULTS[prompts.TRANSLATE]["en"], "en", "ko")
    reply, steps, streamed = summarize(fake_vllm, meeting(40), task)
    n = len(fake_vllm.chat_requests)
    assert n >= 2 and all(s.final and s.phase == "part" for s in steps)
    assert reply.text == streamed == "\n\n".join(f"Translated part {i}" for i in range(1, n + 1))


def test_a_chunk_the_server_still_finds_too_long_is_split_and_retried(fake_vllm):
    fake_vllm.models = {"test-model": 1000}
    fake_vllm.count = lambda messages: 2 * count_tokens(messages)  # a far less efficient tokenizer
    reply, _, _ = summarize(fake_vllm, meeting(40))
    statuses = [r.status for r in fake_vllm.chat_requests]
    assert 400 in statuses and statuses[-1] == 200
    assert reply.text == "Combined summary of the parts."


def test_a_failure_midway_keeps_the_finished_parts(fake_vllm):
    fake_vllm.models = {"test-model": 600}
    calls = []

    def reply(body):
        calls.append(1)
        if len(calls) == 2:
            fake_vllm.drop_after = 2
        return f"Summary number {len(calls)} is here."

    fake_vllm.reply = reply
    with pytest.raises(LlmError) as info:
        summarize(fake_vllm, meeting(40))
    assert info.value.kind is Kind.STREAM
    assert info.value.partial == "Summary number 1 is here.\n\nSummary number"


def test_an_answer_budget_larger_than_the_context_is_a_clear_error(fake_vllm):
    fake_vllm.models = {"test-model": 512}
    with pytest.raises(LlmError) as info:
        summarize(fake_vllm, meeting(3), max_tokens=500)
    assert info.value.kind is Kind.CONFIG and "max output tokens" in str(info.value)
    assert fake_vllm.chat_requests == []  # nothing was sent


def test_an_empty_selection_sends_nothing(fake_vllm):
    with pytest.raises(LlmError) as info:
        summarize(fake_vllm, ["", "  "])
    assert "empty" in str(info.value) and fake_vllm.chat_requests == []
