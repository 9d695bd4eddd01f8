"""A client for the person's own vLLM server (any OpenAI-compatible API).

It lists the models (``GET {base}/models``, with vLLM's ``max_model_len``) and
asks for chat completions, streamed (server-sent events) or whole. Nothing is
sent unless a method is called, and only to the configured base URL: redirects
are refused, and proxy variables from the environment are ignored, so the text
goes to that server and nowhere else.

Every failure is an :class:`LlmError` whose ``kind`` says what went wrong and
whose message a person can act on; text streamed before the failure is kept in
``partial``. 429 and 5xx answers are retried with backoff (honouring
Retry-After), which is safe because no token has arrived yet.

Each HTTP exchange runs on a daemon thread and hands its bytes to the caller
through a queue, so the caller never waits on a socket: Stop (a
threading.Event) and the deadlines are answered within a twentieth of a second
in every phase, even while the server has not sent its headers. An abandoned
exchange has its socket shut down and ends by itself.
"""

from __future__ import annotations

import email.utils
import enum
import http.client
import json
import os
import queue
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import requests.adapters
import urllib3
import urllib3.connection
import urllib3.exceptions

#: How often a waiting caller looks at Stop and the deadlines.
_POLL_S = 0.05
#: Context assumed for a server that does not report max_model_len (small on purpose).
DEFAULT_CONTEXT = 4096


class Kind(str, enum.Enum):
    """What went wrong, for code that treats failures differently (retry, split, show)."""

    CONFIG = "config"  # a bad address or option, caught before anything is sent
    CONNECT = "connect"  # refused, unreachable, reset
    DNS = "dns"
    TLS = "tls"
    AUTH = "auth"  # 401, 403
    MODEL = "model"  # the server has no such model
    NOT_FOUND = "not_found"  # a 404 that is not about the model: a wrong base URL
    CONTEXT = "context"  # 400: the text does not fit the model
    REQUEST = "request"  # another 4xx
    REDIRECT = "redirect"
    BUSY = "busy"  # 429
    SERVER = "server"  # 5xx
    TIMEOUT = "timeout"
    STREAM = "stream"  # the answer was cut off
    MALFORMED = "malformed"  # not the OpenAI-compatible format
    CANCELLED = "cancelled"


class LlmError(Exception):
    """A request to the LLM server failed (or was stopped); ``str()`` is for the person."""

    def __init__(self, kind: Kind, message: str, partial: str = "", status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.partial = partial
        self.status = status

    def with_partial(self, partial: str) -> LlmError:
        """The same failure carrying ``partial`` as the text kept so far."""
        return LlmError(self.kind, self.message, partial, self.status)


@dataclass(frozen=True)
class Hints:
    """Where the person changes each setting, in the words of the front end they
    use: error messages end with what to do, and "the LLM settings" means nothing
    on the command line. Each phrase names the setting and its place."""

    address: str = "the address in the LLM settings"
    key: str = "the API key in the LLM settings"
    model: str = "the model in the LLM settings"
    timeout: str = "the timeout in the LLM settings"
    max_tokens: str = "“max output tokens” in the LLM settings"


@dataclass(frozen=True)
class LlmConfig:
    """Where the server is and how to ask it. ``api_key`` is left out of repr()
    so a logged config never shows it."""

    base_url: str
    model: str = ""
    api_key: str | None = field(default=None, repr=False)
    connect_timeout: float = 10.0
    first_token_timeout: float = 120.0  # request sent → first streamed event (a long prompt's prefill)
    read_timeout: float = 60.0  # the longest silence between two events, and for short requests
    temperature: float = 0.3
    max_tokens: int = 1024
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_retry_wait: float = 30.0  # a Retry-After longer than this is not waited for
    hints: Hints = Hints()  # the window's words unless a front end gives its own


@dataclass(frozen=True)
class ModelInfo:
    id: str
    max_model_len: int | None = None

    @property
    def context(self) -> int:
        return self.max_model_len or DEFAULT_CONTEXT


@dataclass(frozen=True)
class Reply:
    """A finished answer. ``finish_reason`` "length" means it hit max_tokens."""

    text: str
    finish_reason: str | None = None

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


def normalize_base_url(url: str) -> str:
    """The API root from what a person typed: ``gpu-box:8000`` → ``http://gpu-box:8000/v1``;
    a pasted endpoint (``…/v1/chat/completions``) is cut back to its root."""
    text = url.strip()
    if text and "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise LlmError(Kind.CONFIG, f"“{url.strip()}” is not a server address. Use the form http://gpu-box:8000/v1.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise LlmError(Kind.CONFIG, f"“{url.strip()}” has an invalid port.") from None
    path = re.sub(r"/(chat/completions|completions|models)/?$", "", parts.path).rstrip("/") or "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# --- one HTTP exchange on its own thread -------------------------------------------------

#: A multipart form: its fields (a list value repeats the field, as ``timestamp_granularities[]``)
#: and its files ({field: (file name, bytes, content type)}).
Form = tuple[dict[str, Any], dict[str, tuple[str, bytes, str]]]


def _read_pieces(raw: Any) -> Iterator[bytes]:
    """The body as it arrives: read1 returns whatever is there (chunked or not)
    instead of waiting for a full buffer, so each token is passed on at once."""
    if not hasattr(raw, "read1"):  # urllib3 < 2.1: one piece per HTTP chunk, as vLLM sends its events
        yield from raw.stream(None, decode_content=False)
        return
    while True:
        data = raw.read1(65536)
        if not data:
            return
        yield data


_opening = threading.local()  # .exchange: the _Exchange whose thread this is, told of each socket it opens


def _opened(sock: socket.socket) -> None:
    exchange = getattr(_opening, "exchange", None)
    if exchange is not None:
        exchange.opened(sock)


class _TrackedConnection(urllib3.connection.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _opened(self.sock)


class _TrackedSecureConnection(urllib3.connection.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _opened(self.sock)


class _TrackedPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _TrackedConnection


class _TrackedSecurePool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _TrackedSecureConnection


class _TrackingAdapter(requests.adapters.HTTPAdapter):
    """Lists each socket it connects, so an exchange can be abandoned before its answer's head
    arrives: the server sees its client leave (`malsori serve` then cancels the job) instead
    of working for a request no one waits for."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _TrackedPool, "https": _TrackedSecurePool}


class _Exchange:
    """One request whose response head and body pieces arrive on ``events``:
    ("head", response), ("data", bytes)..., then ("end", None) or ("error", exc)."""

    def __init__(self, method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None,
                 timeout: tuple[float, float], form: Form | None = None):
        self.events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._abandoned = threading.Event()
        self._response: requests.Response | None = None
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(
            target=self._run, args=(method, url, headers, body, timeout, form), name="malsori-http", daemon=True
        )
        self._thread.start()

    def _run(self, method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None,
             timeout: tuple[float, float], form: Form | None) -> None:
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment: the data goes to the configured host only
        session.verify = _trusted_certificates()
        adapter = _TrackingAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        _opening.exchange = self
        data, files = form if form is not None else (None, None)
        try:
            response = session.request(method, url, headers=headers, json=body, data=data, files=files,
                                       timeout=timeout, stream=True, allow_redirects=False)
            self._response = response
            self.events.put(("head", response))
            for piece in _read_pieces(response.raw):
                if self._abandoned.is_set():
                    return
                self.events.put(("data", piece))
            self.events.put(("end", None))
        except Exception as exc:  # every failure goes to the caller, who words it
            if not self._abandoned.is_set():
                self.events.put(("error", exc))
        finally:
            if self._response is not None:
                self._response.close()
            session.close()

    def opened(self, sock: socket.socket) -> None:
        """A connection of this exchange is open (on the exchange's thread)."""
        self._sockets.append(sock)
        if self._abandoned.is_set():  # abandoned while it was connecting
            _shut(sock)

    def abandon(self) -> None:
        """Stop caring about this exchange; a blocked send or read returns at once, and the
        server sees the connection close even before it has answered."""
        self._abandoned.set()
        for sock in list(self._sockets):
            _shut(sock)


def _trusted_certificates() -> str | bool:
    """The certificates https servers are checked against: a bundle named by
    ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (a team's own authority), else
    certifi's. The environment is otherwise ignored (trust_env is off for its
    proxies), but never to turn checking off."""
    for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        value = os.environ.get(name)
        if value and os.path.isfile(value):
            return value
    return True


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


# --- turning failures into messages ---------------------------------------------------------


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(x for x in (e.__cause__, e.__context__, getattr(e, "reason", None)) if isinstance(x, BaseException))
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _connection_error(exc: BaseException, url: str, config: LlmConfig) -> LlmError:
    host = _host(url)
    causes = list(_causes(exc))
    if any(isinstance(e, (requests.exceptions.SSLError, ssl.SSLError)) for e in causes):
        reason = next((str(e.reason or e) for e in causes if isinstance(e, ssl.SSLError)), "")
        return LlmError(Kind.TLS, f"The secure (https) connection to {host} failed{f' ({reason})' if reason else ''}. "
                        "If the server speaks plain http, use an http:// address; otherwise this computer does "
                        "not trust its certificate.")
    if any(isinstance(e, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for e in causes):
        return LlmError(Kind.DNS, f"The server name “{urlsplit(url).hostname}” cannot be found. "
                        f"Check {config.hints.address} and the network connection.")
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return LlmError(Kind.CONNECT, f"{host} refused the connection. Is the server running, "
                        "and are the address and port right?")
    if any(isinstance(e, requests.exceptions.ConnectTimeout) for e in causes):
        return LlmError(Kind.TIMEOUT, f"{host} did not accept a connection within {config.connect_timeout:g} s. "
                        "Check the address and that the server can be reached from this computer.")
    if any(isinstance(e, requests.exceptions.ReadTimeout) for e in causes):
        return LlmError(Kind.TIMEOUT, f"{host} did not answer in time.")
    if any(isinstance(e, (requests.exceptions.InvalidHeader, UnicodeEncodeError)) for e in causes):
        return LlmError(Kind.CONFIG, "The API key contains characters that cannot be sent; check "
                        f"{config.hints.key}.")
    return LlmError(Kind.CONNECT, f"Cannot connect to {host}: {_short(exc)}.")


def _short(exc: BaseException) -> str:
    innermost = list(_causes(exc))[-1]
    text = str(innermost) or type(innermost).__name__
    return text.splitlines()[0][:200]


def _error_fields(body: bytes) -> tuple[str, str]:
    """(message, type) from an error body in vLLM's formats ({"object": "error", "message": ...}
    or OpenAI's {"error": {"message": ...}}), else the start of the body as text."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return body.decode("utf-8", "replace").strip()[:300], ""
    if isinstance(data, dict):
        inner = data.get("error")
        if isinstance(inner, dict):
            data = inner
        elif isinstance(inner, str):
            return inner, ""
        message = data.get("message") or data.get("detail") or ""
        return (message if isinstance(message, str) else json.dumps(message))[:500], str(data.get("type") or "")
    return str(data)[:300], ""


_CONTEXT_WORDS = re.compile(r"context length|maximum context|max_model_len|too long|too many tokens", re.IGNORECASE)


def _http_error(status: int, body: bytes, headers: Any, url: str, config: LlmConfig, tries: int) -> LlmError:
    host, model, hints = _host(url), config.model, config.hints
    message, kind_name = _error_fields(body)
    reason = http.client.responses.get(status, "")
    said = f" The server said: {message}" if message else ""
    if 300 <= status < 400:
        where = headers.get("Location", "another address")
        return LlmError(Kind.REDIRECT, f"{host} redirects to {where}. Malsori sends text only to the configured "
                        f"address: change {hints.address} to the final one.", status=status)
    if status in (401, 403):
        return LlmError(Kind.AUTH, f"{host} refused the request ({status} {reason}): the API key is missing or "
                        f"wrong. Check {hints.key}.", status=status)
    if status == 404 and (model and (model in message or "model" in message.lower() or kind_name == "NotFoundError")):
        return LlmError(Kind.MODEL, f"The server has no model named “{model}”. Set {hints.model} to one of "
                        "its models.", status=status)
    if status == 404:
        return LlmError(Kind.NOT_FOUND, f"Nothing answers at {url} (404). The address should be the API root, "
                        "usually ending in /v1, such as http://gpu-box:8000/v1.", status=status)
    if status == 429:
        return LlmError(Kind.BUSY, f"{host} is busy (429 Too Many Requests) and still was after {tries} "
                        f"{'try' if tries == 1 else 'tries'}. Try again in a moment.{said}", status=status)
    if status >= 500:
        return LlmError(Kind.SERVER, f"The server failed ({status} {reason}) {tries} "
                        f"{'time' if tries == 1 else 'times'} in a row.{said}", status=status)
    if status in (400, 413, 422) and _CONTEXT_WORDS.search(message):
        return LlmError(Kind.CONTEXT, f"The text is too long for the model's context.{said}", status=status)
    return LlmError(Kind.REQUEST, f"The server rejected the request ({status} {reason}).{said}", status=status)


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


# --- server-sent events ---------------------------------------------------------------------


class SseParser:
    """Server-sent events from arbitrary byte pieces: ``feed`` returns the ``data``
    of each event completed by the piece (multi-line data joined with newlines)."""

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []

    def feed(self, piece: bytes) -> list[str]:
        self._buffer += piece
        *lines, self._buffer = self._buffer.split(b"\n")
        return [event for line in lines if (event := self._line(line)) is not None]

    def close(self) -> list[str]:
        """Events left when the stream ends without a final blank line."""
        rest, self._buffer = self._buffer, b""
        events = [e for e in (self._line(rest), self._line(b"")) if e is not None]
        return events

    def _line(self, raw: bytes) -> str | None:
        line = raw.rstrip(b"\r").decode("utf-8")  # a line never ends inside a UTF-8 character
        if not line:
            data, self._data = self._data, []
            return "\n".join(data) if data else None
        if line.startswith(":"):
            return None  # a comment (keep-alive)
        name, _, value = line.partition(":")
        if name == "data":
            self._data.append(value.removeprefix(" "))
        return None


# --- the client -----------------------------------------------------------------------------


TextCallback = Callable[[str], None]


class LlmClient:
    """Talks to one server with one configuration; safe to use from any one thread at a time."""

    def __init__(self, config: LlmConfig):
        self.config = replace(config, base_url=normalize_base_url(config.base_url))
        self.base_url = self.config.base_url

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Encoding": "identity", "User-Agent": "malsori"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return headers

    # --- waiting on an exchange ---

    def _next(self, exchange: _Exchange, cancel: threading.Event | None, deadline: float,
              on_timeout: Callable[[], LlmError], partial: str = "") -> tuple[str, Any]:
        while True:
            if cancel is not None and cancel.is_set():
                exchange.abandon()
                raise LlmError(Kind.CANCELLED, "Stopped.", partial)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                exchange.abandon()
                raise on_timeout().with_partial(partial)
            try:
                return exchange.events.get(timeout=min(_POLL_S, remaining))
            except queue.Empty:
                continue

    def _open(self, method: str, path: str, body: dict[str, Any] | None, cancel: threading.Event | None,
              wait_s: float, form: Form | None = None) -> tuple[_Exchange, str]:
        """Send the request, retrying 429 and 5xx; the exchange of a 200 answer and its URL."""
        url = self.base_url + path
        config = self.config
        timeout = (config.connect_timeout, max(config.first_token_timeout, config.read_timeout) + 1.0)
        attempts = max(1, config.retries + 1)
        for attempt in range(1, attempts + 1):
            exchange = _Exchange(method, url, self._headers(), body, timeout, form)
            deadline = time.monotonic() + wait_s
            slow = lambda: LlmError(Kind.TIMEOUT, f"{_host(url)} did not start answering within {wait_s:g} s. "  # noqa: E731
                                    f"It may be busy or the text long; try again or raise {config.hints.timeout}.")
            kind, value = self._next(exchange, cancel, deadline, slow)
            if kind == "error":
                raise _connection_error(value, url, config)
            status = value.status_code
            if status == 200:
                return exchange, url
            error_body = self._rest(exchange, cancel, time.monotonic() + config.read_timeout, slow)
            error = _http_error(status, error_body, value.headers, url, config, attempt)
            if error.kind not in (Kind.BUSY, Kind.SERVER) or attempt == attempts:
                raise error
            delay = _retry_after(value.headers)
            if delay is None:
                delay = config.backoff * 2 ** (attempt - 1)
            elif delay > config.max_retry_wait:
                raise LlmError(error.kind, f"{error.message} The server asks to wait {delay:.0f} s.", status=status)
            if cancel is not None and cancel.wait(delay):
                raise LlmError(Kind.CANCELLED, "Stopped.")
            if cancel is None:
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _rest(self, exchange: _Exchange, cancel: threading.Event | None, deadline: float,
              on_timeout: Callable[[], LlmError]) -> bytes:
        """The whole remaining body (an error body, or a non-streamed answer)."""
        body = b""
        while True:
            kind, value = self._next(exchange, cancel, deadline, on_timeout)
            if kind == "data":
                body += value
            elif kind == "end":
                return body
            else:
                raise LlmError(Kind.STREAM, "The connection closed before the answer was complete.")

    def _json(self, method: str, path: str, body: dict[str, Any] | None, cancel: threading.Event | None,
              wait_s: float, form: Form | None = None) -> Any:
        exchange, url = self._open(method, path, body, cancel, wait_s, form)
        slow = lambda: LlmError(Kind.TIMEOUT, f"{_host(url)} did not finish answering within {wait_s:g} s.")  # noqa: E731
        raw = self._rest(exchange, cancel, time.monotonic() + wait_s, slow)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise LlmError(Kind.MALFORMED, f"The answer from {url} is not JSON; is this an OpenAI-compatible "
                           f"server? It began: {raw[:80].decode('utf-8', 'replace')!r}") from None

    # --- public API ---

    def list_models(self, cancel: threading.Event | None = None) -> list[ModelInfo]:
        """The server's models with their context length (vLLM's ``max_model_len``)."""
        data = self._json("GET", "/models", None, cancel, self.config.read_timeout)
        try:
            entries = data["data"]
            models = [ModelInfo(str(e["id"]), _positive_int(e.get("max_model_len"))) for e in entries]
        except (KeyError, TypeError):
            raise LlmError(Kind.MALFORMED, f"{self.base_url}/models did not return a list of models.") from None
        return models

    def post_form(self, path: str, form: Form, cancel: threading.Event | None = None,
                  wait_s: float | None = None) -> Any:
        """POST a multipart form (an audio upload) and return the JSON answer, with the same
        retries, stop and messages as every other request; ``wait_s`` bounds the whole answer
        (default: the first-token timeout, the time a long job may take to start answering)."""
        return self._json("POST", path, None, cancel, wait_s or self.config.first_token_timeout, form)

    def model_info(self, cancel: threading.Event | None = None) -> ModelInfo:
        """The configured model as the server lists it."""
        models = self.list_models(cancel)
        for info in models:
            if info.id == self.config.model:
                return info
        names = ", ".join(m.id for m in models) or "none"
        raise LlmError(Kind.MODEL, f"The server has no model named “{self.config.model}” (it has: {names}).")

    def _body(self, messages: list[dict[str, str]], stream: bool, max_tokens: int | None) -> dict[str, Any]:
        if not self.config.model:
            raise LlmError(Kind.CONFIG, f"No model is chosen: set {self.config.hints.model}.")
        return {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": max_tokens or self.config.max_tokens,
            "stream": stream,
        }

    def complete(self, messages: list[dict[str, str]], cancel: threading.Event | None = None,
                 max_tokens: int | None = None) -> Reply:
        """A whole (non-streamed) chat completion."""
        data = self._json("POST", "/chat/completions", self._body(messages, False, max_tokens), cancel,
                          self.config.first_token_timeout)
        _raise_if_error_event(data, "")
        try:
            choice = data["choices"][0]
            return Reply(choice["message"].get("content") or "", choice.get("finish_reason"))
        except (KeyError, IndexError, TypeError, AttributeError):
            raise LlmError(Kind.MALFORMED, "The server's answer has no message in it.") from None

    def stream_chat(self, messages: list[dict[str, str]], on_text: TextCallback | None = None,
                    cancel: threading.Event | None = None, max_tokens: int | None = None) -> Reply:
        """A streamed chat completion: ``on_text`` gets each piece of text as it arrives.

        Raises LlmError (with ``partial``, the text so far) on any failure and on
        ``cancel``; a silence longer than the timeouts counts as a failure.
        """
        config = self.config
        exchange, _url = self._open("POST", "/chat/completions", self._body(messages, True, max_tokens), cancel,
                                   config.first_token_timeout)
        started = time.monotonic()
        parser = SseParser()
        parts: list[str] = []
        finish: str | None = None
        received, last = False, started
        while True:
            partial = "".join(parts)
            if received:
                deadline = last + config.read_timeout
                slow = lambda: LlmError(Kind.TIMEOUT, f"The server stopped sending for {config.read_timeout:g} s "  # noqa: E731
                                        "in the middle of the answer. What arrived so far is kept.")
            else:
                deadline = started + config.first_token_timeout
                slow = lambda: LlmError(Kind.TIMEOUT, f"The server did not start answering within "  # noqa: E731
                                        f"{config.first_token_timeout:g} s. It may be busy or the text long; try "
                                        f"again or raise {config.hints.timeout}.")
            kind, value = self._next(exchange, cancel, deadline, slow, partial)
            if kind == "error":
                raise LlmError(Kind.STREAM, "The connection closed in the middle of the answer. "
                               "What arrived so far is kept.", partial)
            try:
                events = parser.feed(value) if kind == "data" else parser.close()
            except UnicodeDecodeError:
                exchange.abandon()
                raise LlmError(Kind.MALFORMED, "The server's stream is not UTF-8 text.", partial) from None
            for data in events:
                received, last = True, time.monotonic()
                if data.strip() == "[DONE]":
                    exchange.abandon()
                    return Reply("".join(parts), finish)
                text, reason = _delta(data, "".join(parts), exchange)
                if reason:
                    finish = reason
                if text:
                    parts.append(text)
                    if on_text is not None:
                        on_text(text)
            if kind == "end":
                if finish is not None:  # complete, though the server left out [DONE]
                    return Reply("".join(parts), finish)
                raise LlmError(Kind.STREAM, "The connection closed before the answer was complete. "
                               "What arrived so far is kept.", "".join(parts))


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _raise_if_error_event(data: Any, partial: str) -> None:
    """vLLM reports a failure inside a stream (or a 200 body) as an error object."""
    if isinstance(data, dict) and (data.get("object") == "error" or "error" in data):
        message, _ = _error_fields(json.dumps(data).encode())
        raise LlmError(Kind.SERVER, f"The server failed while answering: {message or 'no reason given'}. "
                       "What arrived so far is kept.", partial)


def _delta(data: str, partial: str, exchange: _Exchange) -> tuple[str, str | None]:
    """(text, finish_reason) of one chat.completion.chunk event."""
    try:
        event = json.loads(data)
        _raise_if_error_event(event, partial)
        choices = event["choices"]
        if not choices:
            return "", None  # a usage-only event
        choice = choices[0]
        return choice.get("delta", {}).get("content") or "", choice.get("finish_reason")
    except LlmError:
        exchange.abandon()
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        exchange.abandon()
        raise LlmError(Kind.MALFORMED, "The server's stream is not in the OpenAI-compatible format; it sent: "
                       f"{data[:80]!r}. What arrived so far is kept.", partial) from None
