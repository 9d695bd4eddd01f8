"""The LLM client against a real HTTP server on 127.0.0.1 that speaks vLLM's API."""

from __future__ import annotations

import socket
import threading
import time

import keyring
import keyring.backends.fail
import pytest
from malsori.core import api_keys
from malsori.core.llm import (
    Kind,
    LlmClient,
    LlmConfig,
    LlmError,
    SseParser,
    normalize_base_url,
)

from tests.fake_vllm import Failure, FakeVllm, fake_vllm, vllm_error  # noqa: F401 - fixture
from tests.memory_keyring import memory_keyring  # noqa: F401 - fixture

HELLO = [{"role": "user", "content": "Say something."}]


def client(server: FakeVllm, **options) -> LlmClient:
    options.setdefault("model", "test-model")
    options.setdefault("backoff", 0.01)
    return LlmClient(LlmConfig(server.base_url, **options))


def failure(call) -> LlmError:
    with pytest.raises(LlmError) as info:
        call()
    return info.value


# --- the happy paths -----------------------------------------------------------------


def test_models_are_listed_with_their_context_length(fake_vllm):
    fake_vllm.models = {"qwen": 32768, "llama": 8192, "odd": None}
    models = client(fake_vllm).list_models()
    assert [(m.id, m.max_model_len) for m in models] == [("qwen", 32768), ("llama", 8192), ("odd", None)]
    assert models[2].context == 4096  # a server that does not say is assumed small


def test_a_streamed_answer_arrives_piece_by_piece_as_sent(fake_vllm):
    fake_vllm.reply = lambda body: "one two three four"
    fake_vllm.token_delay = 0.05
    arrivals: list[tuple[float, str]] = []
    reply = client(fake_vllm, temperature=0.2, max_tokens=77).stream_chat(
        HELLO, lambda text: arrivals.append((time.monotonic(), text)))
    assert reply.text == "one two three four" and reply.finish_reason == "stop" and not reply.truncated
    assert [text for _, text in arrivals] == ["one", " two", " three", " four"]
    assert arrivals[-1][0] - arrivals[0][0] >= 0.12  # delivered as they came, not all at the end
    body = fake_vllm.chat_requests[0].body
    assert body["stream"] is True and body["temperature"] == 0.2 and body["max_tokens"] == 77
    assert body["model"] == "test-model" and body["messages"] == HELLO


def test_a_whole_answer_without_streaming(fake_vllm):
    reply = client(fake_vllm).complete(HELLO)
    assert reply.text == "The meeting agreed to ship on Friday." and reply.finish_reason == "stop"
    assert fake_vllm.chat_requests[0].body["stream"] is False


def test_the_api_key_is_read_from_the_keyring_and_sent_as_bearer(fake_vllm, memory_keyring):
    fake_vllm.api_key = "sk-secret-42"
    url = normalize_base_url(fake_vllm.base_url)
    assert api_keys.store(url, "sk-secret-42") is None
    assert memory_keyring.passwords[("malsori", url)] == "sk-secret-42"
    config = LlmConfig(url, "test-model", api_key=api_keys.get(url))
    assert "sk-secret" not in repr(config)
    assert LlmClient(config).stream_chat(HELLO).text
    assert fake_vllm.chat_requests[-1].headers["authorization"] == "Bearer sk-secret-42"
    api_keys.store(url, None)
    assert api_keys.get(url) is None


def test_without_a_usable_keyring_the_key_is_kept_for_the_session_with_a_notice(monkeypatch):
    monkeypatch.setattr(api_keys, "_session", {})
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        assert not api_keys.keyring_available()
        notice = api_keys.store("http://gpu-box:8000/v1", "k1")
        assert notice == api_keys.SESSION_ONLY
        assert api_keys.get("http://gpu-box:8000/v1") == "k1"
        assert api_keys.get("http://other:8000/v1") is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("typed, root", [
    ("gpu-box:8000", "http://gpu-box:8000/v1"),
    (" http://gpu-box:8000/v1/ ", "http://gpu-box:8000/v1"),
    ("https://llm.example.org/v1/chat/completions", "https://llm.example.org/v1"),
    ("http://10.0.0.5:8000/openai/v1/models", "http://10.0.0.5:8000/openai/v1"),
])
def test_base_urls_are_normalized(typed, root):
    assert normalize_base_url(typed) == root


@pytest.mark.parametrize("typed", ["", "ftp://host/v1", "http://", "http://host:99999/v1", "http://h/v1?x=1"])
def test_nonsense_addresses_are_refused_before_anything_is_sent(typed):
    assert failure(lambda: normalize_base_url(typed)).kind is Kind.CONFIG


def test_sse_events_split_anywhere_are_put_back_together():
    stream = b': keep-alive\n\ndata: {"a":\r\n\r\ndata: one\ndata: two\n\nevent: x\ndata: [DONE]'
    parser = SseParser()
    events = []
    for i in range(len(stream)):
        events += parser.feed(stream[i:i + 1])
    events += parser.close()
    assert events == ['{"a":', "one\ntwo", "[DONE]"]


# --- errors ----------------------------------------------------------------------------


def test_a_server_that_is_not_running(fake_vllm):
    url = fake_vllm.base_url
    fake_vllm.stop()
    error = failure(lambda: LlmClient(LlmConfig(url, "m")).list_models())
    assert error.kind is Kind.CONNECT and "refused" in str(error) and "127.0.0.1" in str(error)


def test_a_name_that_does_not_resolve():
    error = failure(lambda: LlmClient(LlmConfig("http://no-such-host.invalid:8000/v1", "m")).list_models())
    assert error.kind is Kind.DNS and "no-such-host.invalid" in str(error)


def test_https_to_a_plain_http_server_is_a_tls_error(fake_vllm):
    url = fake_vllm.base_url.replace("http://", "https://")
    error = failure(lambda: LlmClient(LlmConfig(url, "m")).list_models())
    assert error.kind is Kind.TLS and "http://" in str(error)


def test_a_wrong_key_is_401(fake_vllm):
    fake_vllm.api_key = "right"
    error = failure(lambda: client(fake_vllm, api_key="sk-not-this-one").stream_chat(HELLO))
    assert error.kind is Kind.AUTH and error.status == 401 and "API key" in str(error)
    assert "sk-not-this-one" not in str(error)  # the key never shows up in a message


def test_an_unknown_model_is_named(fake_vllm):
    error = failure(lambda: client(fake_vllm, model="gpt-9").stream_chat(HELLO))
    assert error.kind is Kind.MODEL and "gpt-9" in str(error) and error.status == 404
    error = failure(lambda: client(fake_vllm, model="gpt-9").model_info())
    assert error.kind is Kind.MODEL and "test-model" in str(error)  # says what there is


def test_a_wrong_path_is_not_mistaken_for_an_unknown_model(fake_vllm):
    error = failure(lambda: LlmClient(LlmConfig(fake_vllm.base_url[:-3] + "/api", "m")).list_models())
    assert error.kind is Kind.NOT_FOUND and "/v1" in str(error)


def test_context_too_long_is_recognized_in_vllms_error_format(fake_vllm):
    fake_vllm.models = {"test-model": 100}
    error = failure(lambda: client(fake_vllm, max_tokens=50).stream_chat([{"role": "user", "content": "word " * 80}]))
    assert error.kind is Kind.CONTEXT and error.status == 400
    assert "maximum context length is 100 tokens" in str(error)


def test_other_bad_requests_carry_the_servers_message(fake_vllm):
    fake_vllm.failures = [vllm_error(400, "temperature must be non-negative, got -1.0.", "BadRequestError")]
    error = failure(lambda: client(fake_vllm).stream_chat(HELLO))
    assert error.kind is Kind.REQUEST and "temperature must be non-negative" in str(error)


def test_429_is_retried_after_the_servers_retry_after(fake_vllm):
    fake_vllm.failures = [Failure(429, {"error": {"message": "Too many requests"}}, {"Retry-After": "0.3"})]
    reply = client(fake_vllm).stream_chat(HELLO)
    assert reply.text
    first, second = fake_vllm.chat_requests
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 0.28  # Retry-After was honoured (backoff alone is 0.01 s)


def test_5xx_is_retried_with_backoff_then_reported(fake_vllm):
    fake_vllm.failures = [vllm_error(503, "engine overloaded", "ServiceUnavailableError")] * 3
    error = failure(lambda: client(fake_vllm, retries=2).stream_chat(HELLO))
    assert error.kind is Kind.SERVER and "503" in str(error) and "engine overloaded" in str(error)
    assert "3 times" in str(error) and len(fake_vllm.chat_requests) == 3


def test_a_retry_after_beyond_the_limit_is_not_waited_for(fake_vllm):
    fake_vllm.failures = [Failure(429, {"error": "busy"}, {"Retry-After": "600"})]
    start = time.monotonic()
    error = failure(lambda: client(fake_vllm, max_retry_wait=5).stream_chat(HELLO))
    assert error.kind is Kind.BUSY and "600 s" in str(error) and time.monotonic() - start < 2


def test_4xx_other_than_429_is_not_retried(fake_vllm):
    fake_vllm.api_key = "k"
    failure(lambda: client(fake_vllm).stream_chat(HELLO))
    assert len(fake_vllm.chat_requests) == 1


def test_a_slow_first_token_within_the_timeout_is_waited_for(fake_vllm):
    fake_vllm.first_token_delay = 0.6
    reply = client(fake_vllm, first_token_timeout=3, read_timeout=0.3).stream_chat(HELLO)
    assert reply.text == "The meeting agreed to ship on Friday."


def test_a_first_token_later_than_the_timeout_fails_in_time(fake_vllm):
    fake_vllm.first_token_delay = 5
    start = time.monotonic()
    error = failure(lambda: client(fake_vllm, first_token_timeout=0.5).stream_chat(HELLO))
    assert error.kind is Kind.TIMEOUT and "did not start answering within 0.5 s" in str(error)
    assert time.monotonic() - start < 1.5


def test_headers_later_than_the_timeout_fail_in_time(fake_vllm):
    fake_vllm.head_delay = 5
    start = time.monotonic()
    error = failure(lambda: client(fake_vllm, first_token_timeout=0.4).stream_chat(HELLO))
    assert error.kind is Kind.TIMEOUT and time.monotonic() - start < 1.5


def test_a_stall_mid_answer_keeps_the_text_so_far(fake_vllm):
    fake_vllm.stall_after = 3
    error = failure(lambda: client(fake_vllm, read_timeout=0.4).stream_chat(HELLO))
    assert error.kind is Kind.TIMEOUT and "stopped sending" in str(error)
    assert error.partial == "The meeting agreed"


def test_a_disconnect_mid_stream_keeps_the_text_so_far(fake_vllm):
    fake_vllm.drop_after = 4
    pieces: list[str] = []
    error = failure(lambda: client(fake_vllm).stream_chat(HELLO, pieces.append))
    assert error.kind is Kind.STREAM and "closed in the middle" in str(error) and "kept" in str(error)
    assert error.partial == "The meeting agreed to" == "".join(pieces)


def test_a_malformed_stream_is_reported_with_the_text_so_far(fake_vllm):
    fake_vllm.malformed_after = 2
    error = failure(lambda: client(fake_vllm).stream_chat(HELLO))
    assert error.kind is Kind.MALFORMED and "this is not json" in str(error)
    assert error.partial == "The meeting"


def test_an_error_event_inside_the_stream():
    def serve_error(sock: socket.socket) -> None:
        sock.recv(65536)
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                     b'data: {"choices":[{"delta":{"content":"Half"},"finish_reason":null}]}\n\n'
                     b'data: {"object":"error","message":"CUDA out of memory","type":"InternalServerError",'
                     b'"param":null,"code":500}\n\n')
        sock.close()

    error = failure(lambda: one_shot(serve_error, lambda url: LlmClient(LlmConfig(url, "m")).stream_chat(HELLO)))
    assert error.kind is Kind.SERVER and "CUDA out of memory" in str(error) and error.partial == "Half"


def test_a_stream_that_ends_without_done_or_finish_is_cut_off():
    def serve(sock: socket.socket) -> None:  # HTTP/1.0 style: the body ends when the connection does
        sock.recv(65536)
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                     b'data: {"choices":[{"delta":{"content":"Only this"},"finish_reason":null}]}\n\n')
        sock.close()

    error = failure(lambda: one_shot(serve, lambda url: LlmClient(LlmConfig(url, "m")).stream_chat(HELLO)))
    assert error.kind is Kind.STREAM and error.partial == "Only this"


def test_a_redirect_to_another_host_is_not_followed(fake_vllm):
    fake_vllm.redirect_to = "http://203.0.113.9/v1/chat/completions"
    error = failure(lambda: client(fake_vllm).stream_chat(HELLO))
    assert error.kind is Kind.REDIRECT and "203.0.113.9" in str(error)
    assert len(fake_vllm.requests) == 1


def test_stop_answers_at_once_even_while_the_server_is_silent(fake_vllm):
    fake_vllm.stall_after = 2
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 2:
            threading.Timer(0.2, cancel.set).start()

    start = time.monotonic()
    error = failure(lambda: client(fake_vllm).stream_chat(HELLO, on_text, cancel))
    assert error.kind is Kind.CANCELLED and error.partial == "The meeting"
    assert time.monotonic() - start < 1.5


def test_stop_before_the_headers_arrive(fake_vllm):
    fake_vllm.head_delay = 10
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    start = time.monotonic()
    assert failure(lambda: client(fake_vllm).stream_chat(HELLO, cancel=cancel)).kind is Kind.CANCELLED
    assert time.monotonic() - start < 1


def one_shot(serve, call):
    """Run ``call(base_url)`` against a raw socket server that answers once with ``serve``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"

    def accept() -> None:
        sock, _ = listener.accept()
        serve(sock)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        return call(url)
    finally:
        thread.join(5)
        listener.close()
