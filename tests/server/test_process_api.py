"""/transcribe-and-process on the real server, pointed at the fake vLLM server (a real HTTP server).

Each test starts its own Malsori server with the LLM settings it needs; speech
is a few seconds cut from the shared English recording, so each transcription
takes about a second with tiny.en.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import requests
from malsori.core.llm import LlmConfig
from malsori.server.serve import SERVER_HINTS

from tests.fake_hub import free_port
from tests.fake_vllm import FakeVllm, fake_vllm, vllm_error  # noqa: F401 - fixture
from tests.server.conftest import RunningServer, running_server
from tests.speech import wer

INSTRUCTION = "List the decisions of this meeting as bullet points."
DEFAULT_ANSWER = "The meeting agreed to ship on Friday."  # the fake's answer to a single request

pytestmark = pytest.mark.slow  # every test transcribes real speech


@pytest.fixture(scope="module")
def clips(english_speech, tmp_path_factory) -> dict[str, Path]:
    speech, _ = english_speech
    folder = tmp_path_factory.mktemp("process-clips")
    files = {"short": folder / "speech.wav", "minute": folder / "minute.wav", "silence": folder / "silence.wav"}
    subprocess.run(["sox", str(speech), str(files["short"]), "trim", "0", "5.5"], check=True)  # SHORT_TEXT
    subprocess.run(["sox", str(speech), str(files["minute"]), "repeat", "2"], check=True)
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(files["silence"]), "trim", "0", "3"], check=True)
    return files


SHORT_TEXT = "Good morning everyone. Today we will review the budget for the next quarter."  # the short clip


@contextlib.contextmanager
def llm_server(base_url: str, **llm: Any) -> Iterator[RunningServer]:
    """A Malsori server that sends to ``base_url`` with the LLM settings ``malsori serve`` would give it."""
    llm = {"model": "test-model", "backoff": 0.01, "hints": SERVER_HINTS, **llm}
    with running_server(llm=LlmConfig(base_url, **llm)) as server:
        yield server


def process(url: str, path: Path, timeout: float = 300, **fields: Any) -> requests.Response:
    fields.setdefault("instruction", INSTRUCTION)
    with path.open("rb") as handle:
        return requests.post(f"{url}/transcribe-and-process", files={"file": (path.name, handle)}, data=fields,
                             timeout=timeout)


def events(response: requests.Response) -> Iterator[tuple[str, dict, float]]:
    """Server-sent events as they arrive: (name, data, arrival time)."""
    name, data = "message", []
    for line in response.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            data.append(line[len("data: "):])
        elif not line and data:
            yield name, json.loads("\n".join(data)), time.monotonic()
            name, data = "message", []


def streamed(url: str, path: Path, **fields: Any) -> list[tuple[str, dict, float]]:
    with path.open("rb") as handle, requests.post(
        f"{url}/transcribe-and-process", files={"file": (path.name, handle)},
        data={"instruction": INSTRUCTION, "stream": "true", **fields}, stream=True, timeout=300,
    ) as response:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(events(response))


def assert_transcript(answer: dict, reference: str = SHORT_TEXT) -> None:
    """``answer`` is the transcript as /transcribe gives it (without ``success``), of the speech."""
    assert set(answer) == {"text", "language", "language_probability", "duration", "model", "segments"}, answer
    assert answer["segments"] and answer["language"] == "en"
    assert wer(reference, answer["text"]) < 0.3, answer["text"]


def user_message(fake: FakeVllm, index: int = -1) -> str:
    return fake.chat_requests[index].body["messages"][-1]["content"]


# --- answers -------------------------------------------------------------------------


def test_transcript_and_answer_in_one_reply(fake_vllm, clips):
    with llm_server(fake_vllm.base_url) as server:
        response = process(server.url, clips["short"])
        plain = requests.post(f"{server.url}/transcribe", files={"file": clips["short"].open("rb")}, timeout=300)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] is True and answer["instruction"] == INSTRUCTION
    assert answer["answer"] == DEFAULT_ANSWER and answer["truncated"] is False and answer["requests"] == 1
    assert_transcript(answer["transcript"])
    assert answer["transcript"] == {k: v for k, v in plain.json().items() if k != "success"}
    [chat] = fake_vllm.chat_requests
    assert chat.body["model"] == "test-model"
    assert INSTRUCTION in user_message(fake_vllm) and answer["transcript"]["text"] in user_message(fake_vllm)


def test_streamed_transcript_first_then_the_answer_as_it_is_written(fake_vllm, clips):
    fake_vllm.token_delay = 0.25  # seven words: the answer takes about two seconds to write
    with llm_server(fake_vllm.base_url) as server:
        got = streamed(server.url, clips["short"])
    names = [name for name, _, _ in got]
    assert names[:2] == ["transcript", "step"] and names[-1] == "done" and set(names[2:-1]) == {"delta"}, names
    assert got[1][1] == {"index": 1, "total": 1, "phase": "answer", "part": 1, "parts": 1}
    assert_transcript(got[0][1])
    deltas = [data["text"] for name, data, _ in got if name == "delta"]
    done = got[-1][1]
    assert "".join(deltas) == DEFAULT_ANSWER == done["answer"]
    assert done == {"success": True, "instruction": INSTRUCTION, "answer": DEFAULT_ANSWER, "truncated": False,
                    "requests": 1}
    first_delta = next(at for name, _, at in got if name == "delta")
    assert got[-1][2] - first_delta > 1.0  # the pieces came as the LLM wrote them, not all at the end
    assert got[0][1]["text"] in user_message(fake_vllm) and INSTRUCTION in user_message(fake_vllm)


def test_curl_streams_the_events(fake_vllm, clips):
    with llm_server(fake_vllm.base_url) as server:
        done = subprocess.run(["curl", "-sS", "-N", "-F", "file=@speech.wav", "-F", f"instruction={INSTRUCTION}",
                               "-F", "stream=true", f"{server.url}/transcribe-and-process"],
                              cwd=clips["short"].parent, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("event: transcript\ndata: {")
    assert done.stdout.rstrip().splitlines()[-2:] == [
        "event: done", "data: " + json.dumps({"success": True, "instruction": INSTRUCTION, "answer": DEFAULT_ANSWER,
                                   "truncated": False, "requests": 1})]


@pytest.mark.parametrize("stream", [False, True])
def test_a_text_longer_than_the_context_is_answered_in_parts_then_combined(fake_vllm, clips, english_speech, stream):
    fake_vllm.models = {"test-model": 400}  # room for about 150 tokens of text a request; the minute has 400
    with llm_server(fake_vllm.base_url, max_tokens=16) as server:
        if stream:
            got = streamed(server.url, clips["minute"])
            answer = {**got[-1][1], "transcript": got[0][1]}
            assert got[-1][0] == "done"
            assert "".join(d["text"] for n, d, _ in got if n == "delta") == "Combined summary of the parts."
            steps = [data for name, data, _ in got if name == "step"]
            assert [step["index"] for step in steps] == list(range(1, len(steps) + 1))
            assert [step["phase"] for step in steps] == ["part"] * (len(steps) - 1) + ["combine"]
            assert steps[0]["parts"] == len(steps) - 1 and steps[-1]["total"] == len(steps)
        else:
            response = process(server.url, clips["minute"])
            assert response.status_code == 200, response.text
            answer = response.json()
    assert_transcript(answer["transcript"], " ".join([english_speech[1]] * 3))
    chats = fake_vllm.chat_requests
    assert len(chats) >= 3 and answer["requests"] == len(chats)
    assert all(chat.status == 200 and chat.prompt_tokens + 16 <= 400 for chat in chats)
    assert "part 1 of" in user_message(fake_vllm, 0) and "Combine them" in user_message(fake_vllm)
    assert answer["answer"] == "Combined summary of the parts."  # only the final step is the answer
    sent = " ".join(user_message(fake_vllm, i).split('"""')[1] for i in range(len(chats) - 1))
    assert wer(answer["transcript"]["text"], sent) == 0  # every word of the transcript went, once


# --- failures --------------------------------------------------------------------------


def assert_failure(response: requests.Response, status: int, kind: str, *words: str) -> dict:
    assert response.status_code == status, response.text
    answer = response.json()
    assert answer["success"] is False and answer["llm_error"]["kind"] == kind
    for word in words:
        assert word in answer["error"], answer["error"]
    assert_transcript(answer["transcript"])  # the transcript is never lost
    return answer


def test_no_llm_configured_is_a_503_that_says_which_flags_to_start_with(server, clips):
    done = server.runner.counts.done
    response = process(server.url, clips["short"])
    assert response.status_code == 503
    error = response.json()["error"]
    assert "--llm-server" in error and "--llm-model" in error
    assert server.runner.counts.done == done  # nothing was transcribed for an answer that cannot come


def test_vllm_down(clips):
    with llm_server(f"http://127.0.0.1:{free_port()}/v1") as server:
        assert_failure(process(server.url, clips["short"]), 502, "connect", "refused the connection")


def test_vllm_failing_with_500(fake_vllm, clips):
    fake_vllm.failures = [vllm_error(500, "CUDA out of memory", "InternalServerError")] * 2
    with llm_server(fake_vllm.base_url, retries=1) as server:
        answer = assert_failure(process(server.url, clips["short"]), 502, "server", "500", "CUDA out of memory")
    assert answer["llm_error"]["status"] == 500 and len(fake_vllm.chat_requests) == 2  # retried once


def test_vllm_refusing_the_key(fake_vllm, clips):
    fake_vllm.api_key = "the-right-key"
    with llm_server(fake_vllm.base_url, api_key="a-wrong-key") as server:
        answer = assert_failure(process(server.url, clips["short"]), 502, "auth", "401",
                                "malsori serve's --llm-api-key-env")
    assert answer["llm_error"]["status"] == 401 and "a-wrong-key" not in json.dumps(answer)


def test_vllm_without_the_model(fake_vllm, clips):
    with llm_server(fake_vllm.base_url, model="gpt-9") as server:
        assert_failure(process(server.url, clips["short"]), 502, "model", "gpt-9", "test-model")


def test_vllm_slower_than_the_timeout(fake_vllm, clips):
    fake_vllm.first_token_delay = 60  # an answer long before that was ended by the timeout
    with llm_server(fake_vllm.base_url, first_token_timeout=1.0, read_timeout=1.0) as server:
        assert_failure(process(server.url, clips["short"], timeout=30), 504, "timeout", "within 1 s",
                       "malsori serve's --llm-timeout")


def test_streamed_failure_mid_answer_is_an_error_event_after_the_transcript(fake_vllm, clips):
    fake_vllm.drop_after = 3
    with llm_server(fake_vllm.base_url) as server:
        got = streamed(server.url, clips["short"])
    names = [name for name, _, _ in got]
    assert names == ["transcript", "step", "delta", "delta", "delta", "error"], names
    assert_transcript(got[0][1])
    error = got[-1][1]
    assert error["success"] is False and error["status"] == 502 and error["llm_error"]["kind"] == "stream"
    assert "closed in the middle of the answer" in error["error"]


def test_streamed_failure_before_any_text(fake_vllm, clips):
    fake_vllm.failures = [vllm_error(500, "engine dead", "InternalServerError")] * 2
    with llm_server(fake_vllm.base_url, retries=1) as server:
        got = streamed(server.url, clips["short"])
    assert [name for name, _, _ in got] == ["transcript", "step", "error"]
    assert got[-1][1]["status"] == 502 and "engine dead" in got[-1][1]["error"]


def test_silence_has_nothing_to_send(fake_vllm, clips):
    with llm_server(fake_vllm.base_url) as server:
        response = process(server.url, clips["silence"])
    assert response.status_code == 422, response.text
    assert "No speech" in response.json()["error"] and response.json()["transcript"]["segments"] == []
    assert fake_vllm.chat_requests == []


@pytest.mark.parametrize("instruction", ["", "   "])
def test_an_instruction_is_required(fake_vllm, clips, instruction):
    with llm_server(fake_vllm.base_url) as server:
        response = process(server.url, clips["short"], instruction=instruction)
        assert response.status_code == 400 and "instruction" in response.json()["error"].lower()
        assert server.runner.counts.done == 0 and fake_vllm.requests == []


# --- a client that leaves ----------------------------------------------------------------


def sent(url: str, path: Path, **fields: Any) -> socket.socket:
    """A /transcribe-and-process request sent over a plain socket, which the caller closes to hang up."""
    prepared = requests.Request("POST", f"{url}/transcribe-and-process", files={"file": (path.name, path.read_bytes())},
                                data={"instruction": INSTRUCTION, **fields}).prepare()
    parts = urlsplit(url)
    head = "".join(f"{name}: {value}\r\n" for name, value in prepared.headers.items())
    sock = socket.create_connection((parts.hostname, parts.port))
    sock.sendall(f"POST /transcribe-and-process HTTP/1.1\r\nHost: {parts.netloc}\r\n{head}\r\n".encode())
    sock.sendall(prepared.body)
    return sock


def leave_after(url: str, path: Path, ready, **fields: Any) -> None:
    """Send a /transcribe-and-process request and hang up once ``ready()``."""
    with sent(url, path, **fields):
        assert wait_for(ready, 60), "the request never got that far"


def llm_exchanges() -> int:
    """Requests to the LLM server in flight in this process (core.llm's exchange threads)."""
    return sum(1 for thread in threading.enumerate() if thread.name == "malsori-http" and thread.is_alive())


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("stream", ["false", "true"])
def test_leaving_during_the_transcription_cancels_it(fake_vllm, clips, stream):
    with llm_server(fake_vllm.base_url) as server:
        runner = server.runner
        leave_after(server.url, clips["minute"], lambda: runner.queue_length == 1, stream=stream)
        assert wait_for(lambda: runner.queue_length == 0, 3.0), "the transcription went on for nobody"
        assert runner.counts.cancelled == 1 and runner.counts.done == 0
    assert fake_vllm.chat_requests == []


@pytest.mark.parametrize("stream", ["false", "true"])
def test_leaving_while_the_llm_writes_cancels_its_request(fake_vllm, clips, stream):
    fake_vllm.stall_after = 2  # two words, then silence until the test ends
    with llm_server(fake_vllm.base_url, first_token_timeout=30, read_timeout=30) as server:
        leave_after(server.url, clips["short"], lambda: bool(fake_vllm.chat_requests) and llm_exchanges() > 0,
                    stream=stream)
        assert wait_for(lambda: llm_exchanges() == 0, 3.0), "the LLM request went on for nobody"
        assert server.runner.counts.done == 1


def test_answers_waiting_on_a_slow_llm_do_not_hold_up_transcriptions(fake_vllm, clips):
    fake_vllm.stall_after = 0  # the LLM server takes every request and answers none until the test ends
    pool = min(32, (os.cpu_count() or 1) + 4)  # asyncio's default thread pool, which uploads go through
    with llm_server(fake_vllm.base_url, first_token_timeout=60, read_timeout=60) as server:
        waiting = []
        try:
            for count in range(1, pool + 2):
                waiting.append(sent(server.url, clips["short"], stream="true"))
                assert wait_for(lambda: llm_exchanges() >= count, 60), "the answer never reached the LLM"
            plain = requests.post(f"{server.url}/transcribe", files={"file": clips["short"].open("rb")}, timeout=30)
            assert plain.status_code == 200 and wer(SHORT_TEXT, plain.json()["text"]) < 0.3
        finally:
            for sock in waiting:
                sock.close()
        assert wait_for(lambda: llm_exchanges() == 0, 5.0)
