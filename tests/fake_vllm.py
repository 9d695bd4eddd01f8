"""A real HTTP server on 127.0.0.1 that speaks vLLM's OpenAI-compatible API.

vLLM cannot run on the test machines, so the LLM client, the summary panel and
``malsori summarize`` are tested against this stdlib ``ThreadingHTTPServer`` on
a random port. Like vLLM (uvicorn) it answers HTTP/1.1 with chunked transfer
encoding, and it covers:

* ``GET /v1/models``: ``{"object": "list", "data": [{"id", "max_model_len", ...}]}``;
* ``POST /v1/chat/completions``, whole or streamed (``data: {chunk}`` events, a
  first event carrying the role, one event per word, one with ``finish_reason``,
  then ``data: [DONE]``);
* errors in vLLM's format ``{"object": "error", "message", "type", "param", "code"}``:
  404 for an unknown model, 400 when the prompt plus ``max_tokens`` exceeds the
  model's ``max_model_len`` (counted by its own tokenizer, :func:`count_tokens`),
  401 ``{"error": "Unauthorized"}`` without the right Bearer key (``api_key``).

Knobs for failure tests: ``failures`` (answers, such as a 429 with
Retry-After, given to the next chat requests before normal service),
``head_delay`` and ``first_token_delay`` (slowness before the headers and
before the first event), ``token_delay``, ``drop_after`` (close the connection
after N words, mid-stream), ``stall_after`` (stop sending after N words until
the test ends), ``malformed_after`` (send a line that is not JSON), and
``redirect_to``; ``count`` replaces the tokenizer. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

_LETTERS = re.compile(r"[A-Za-z]+")


def count_tokens(messages: list[dict[str, str]]) -> int:
    """The server's own token count, independent of the client's estimate and more
    generous, like a real tokenizer: up to 4 ASCII letters per token, every digit,
    punctuation mark, line break or non-ASCII character one token, spaces free,
    plus a chat template of 4 tokens per message and 3 per request."""
    total = 3
    for message in messages:
        text = message["content"]
        letters = sum(math.ceil(len(m.group()) / 4) for m in _LETTERS.finditer(text))
        others = sum(1 for ch in _LETTERS.sub("", text) if ch != " ")
        total += 4 + letters + others
    return total


@dataclass
class Failure:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def vllm_error(status: int, message: str, kind: str) -> Failure:
    return Failure(status, {"object": "error", "message": message, "type": kind, "param": None, "code": status})


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    status: int = 0
    prompt_tokens: int = 0
    at: float = 0.0


def default_reply(body: dict[str, Any]) -> str:
    user = body["messages"][-1]["content"]
    if "Combine them" in user:
        return "Combined summary of the parts."
    match = re.search(r"part (\d+) of (\d+)", user)
    return f"Summary of part {match.group(1)}." if match else "The meeting agreed to ship on Friday."


class FakeVllm:
    def __init__(self) -> None:
        self.models: dict[str, int | None] = {"test-model": 4096}
        self.api_key: str | None = None
        self.reply: Callable[[dict[str, Any]], str] = default_reply
        self.count: Callable[[list[dict[str, str]]], int] = count_tokens  # the "tokenizer"
        self.failures: list[Failure] = []
        self.head_delay = 0.0
        self.first_token_delay = 0.0
        self.token_delay = 0.0
        self.drop_after: int | None = None
        self.stall_after: int | None = None
        self.malformed_after: int | None = None
        self.redirect_to: str | None = None
        self.requests: list[Recorded] = []
        self.release = threading.Event()  # ends stalls when the test is over
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"fake": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def start(self) -> FakeVllm:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def next_failure(self) -> Failure | None:
        with self._lock:
            return self.failures.pop(0) if self.failures else None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeVllm
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    # --- plumbing ---

    def _record(self, body: dict[str, Any] | None) -> Recorded:
        rec = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, at=time.monotonic())
        self.fake.requests.append(rec)
        return rec

    def _json(self, rec: Recorded, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        rec.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        self._chunk(b"data: " + (payload if isinstance(payload, bytes) else json.dumps(payload).encode()) + b"\n\n")

    def _authorized(self, rec: Recorded) -> bool:
        key = self.fake.api_key
        if key is None or self.headers.get("Authorization") == f"Bearer {key}":
            return True
        self._json(rec, 401, {"error": "Unauthorized"})
        return False

    # --- endpoints ---

    def do_GET(self) -> None:  # noqa: N802
        rec = self._record(None)
        if not self._authorized(rec):
            return
        if self.path != "/v1/models":
            self._json(rec, 404, {"detail": "Not Found"})
            return
        data = [{"id": name, "object": "model", "created": 1700000000, "owned_by": "vllm", "root": name,
                 "parent": None, "max_model_len": length, "permission": []} for name, length in self.fake.models.items()]
        self._json(rec, 200, {"object": "list", "data": data})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"null")
        rec = self._record(body)
        time.sleep(self.fake.head_delay)
        if self.path != "/v1/chat/completions":
            self._json(rec, 404, {"detail": "Not Found"})
            return
        if self.fake.redirect_to:
            self._json(rec, 307, "", {"Location": self.fake.redirect_to})
            return
        if not self._authorized(rec):
            return
        failure = self.fake.next_failure()
        if failure is not None:
            self._json(rec, failure.status, failure.body, failure.headers)
            return
        model = body.get("model")
        if model not in self.fake.models:
            self._json(rec, 404, vllm_error(404, f"The model `{model}` does not exist.", "NotFoundError").body)
            return
        rec.prompt_tokens = self.fake.count(body["messages"])
        context = self.fake.models[model] or 4096
        wanted = rec.prompt_tokens + body.get("max_tokens", 16)
        if wanted > context:
            self._json(rec, 400, vllm_error(400, (
                f"This model's maximum context length is {context} tokens. However, you requested {wanted} tokens "
                f"({rec.prompt_tokens} in the messages, {body.get('max_tokens', 16)} in the completion). Please "
                "reduce the length of the messages or completion."), "BadRequestError").body)
            return
        text = self.fake.reply(body)
        if not body.get("stream"):
            self._json(rec, 200, {
                "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": rec.prompt_tokens, "completion_tokens": len(text.split())},
            })
            return
        rec.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        try:
            self._stream(model, text)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped listening, as it may
        self.close_connection = True

    def _stream(self, model: str, text: str) -> None:
        fake = self.fake
        time.sleep(fake.first_token_delay)

        def chunk(delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
            return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                    "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

        self._event(chunk({"role": "assistant", "content": ""}))
        for i, word in enumerate(_words(text)):
            if i == fake.drop_after:
                self.connection.close()  # mid-stream, without the terminating chunk
                return
            if i == fake.stall_after:
                fake.release.wait(30)
                return
            if i == fake.malformed_after:
                self._event(b"{this is not json")
            time.sleep(fake.token_delay)
            self._event(chunk({"content": word}))
        self._event(chunk({}, "stop"))
        self._event(b"[DONE]")
        self._chunk(b"")


def _words(text: str) -> Iterator[str]:
    """The text in pieces as a model streams it: each word with its leading space."""
    yield from re.findall(r"\s*\S+", text)


@pytest.fixture
def fake_vllm() -> Iterator[FakeVllm]:
    server = FakeVllm().start()
    yield server
    server.stop()
