"""A local stand-in for vLLM serving Whisper: its transcription protocol, its limits, its faults.

vLLM cannot run on these machines. This is a real HTTP server on 127.0.0.1
(the standard library's threading server, so a test can do to a connection what
a real network does: drop it half-way) that answers ``POST
/v1/audio/transcriptions`` and ``GET /v1/models`` as vLLM does: ``verbose_json``
with segments (``avg_logprob`` and the rest) and words without probabilities,
errors as ``{"object": "error", "message", "type", "param", "code"}``. The text
is real: each upload is decoded and transcribed by the real faster-whisper with
tiny.en, once per distinct chunk and language (the fault tests send the same
chunks again and again; what they test is the protocol around the text, so a
repeat is answered with the transcript already made). A :class:`Control` sets
what the next requests meet: a 413 over the upload limit, 429 with Retry-After,
500, slowness, a dropped connection, answers with segments only or text only, an
API key, or death after some requests; and it records every request (when, how many bytes, which fields, which key).
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

from tests.fake_hub import free_port

VLLM_UPLOAD_LIMIT = 25 * 1024 * 1024
_model_lock = threading.Lock()
_transcriber: Any = None
#: Transcripts already made, by (sha256 of the upload, language): see the module's docstring.
_made: dict[tuple[str, str | None], Any] = {}


def _loaded_transcriber() -> Any:
    """tiny.en, loaded once for every stand-in."""
    from malsori.core.engine import Transcriber

    global _transcriber
    with _model_lock:
        if _transcriber is None:
            _transcriber = Transcriber("tiny.en", device="cpu")
            _transcriber.load()
        return _transcriber


def _transcript_of(audio: bytes, language: str | None) -> Any:
    """The real tiny.en transcript of an upload, made once per distinct upload and language."""
    import hashlib
    import tempfile

    from malsori.core.engine import TranscribeOptions

    transcriber = _loaded_transcriber()
    key = (hashlib.sha256(audio).hexdigest(), language)
    with _model_lock:
        if key not in _made:
            with tempfile.NamedTemporaryFile(suffix=".wav") as upload:
                upload.write(audio)
                upload.flush()
                _made[key] = transcriber.transcribe(Path(upload.name), TranscribeOptions(language=language))
        return _made[key]


@dataclass
class Received:
    at: float  # time.monotonic() when the request arrived
    size: int  # bytes of the body
    fields: dict[str, list[str]]
    authorization: str | None
    answered: float | None = None  # when its answer was sent (None: not answered)


@dataclass
class Control:
    """What the stand-in does with the next requests; every count is used up as requests arrive."""

    model: str = "openai/whisper-large-v3-turbo"
    max_upload_bytes: int = VLLM_UPLOAD_LIMIT
    api_key: str | None = None
    busy: int = 0  # this many answers of 429 Too Many Requests ...
    retry_after: float = 1.0  # ... each with this Retry-After
    failures: int = 0  # this many 500 answers (-1: every request)
    drops: int = 0  # this many connections closed half-way through the answer
    slow_s: float = 0.0  # seconds to wait before answering
    shape: str = "verbose"  # "verbose" (segments and words), "segments" (no words) or "text"
    die_after: int | None = None  # the server stops after answering this many requests
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, name: str) -> bool:
        """Use up one of the count ``name``; True if there was one."""
        with self.lock:
            left = getattr(self, name)
            if left == 0:
                return False
            if left > 0:
                setattr(self, name, left - 1)
            return True

    def answered(self) -> int:
        return sum(r.answered is not None for r in self.received)


class _Handler(BaseHTTPRequestHandler):
    server: _StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> None:
        self._json(status, {"object": "error", "message": message, "type": kind, "param": None, "code": status},
                   headers)

    def _authorized(self) -> bool:
        key = self.server.control.api_key
        if key is None or self.headers.get("Authorization") == f"Bearer {key}":
            return True
        self._error(401, "Unauthorized", "Unauthorized")
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._authorized():
            return
        if self.path != "/v1/models":
            self._error(404, "Not Found", "NotFoundError")
            return
        model = self.server.control.model
        self._json(200, {"object": "list", "data": [{"id": model, "object": "model", "owned_by": "vllm",
                                                     "max_model_len": 448}]})

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        control = self.server.control
        size = int(self.headers.get("Content-Length") or 0)
        if size > control.max_upload_bytes:
            self.close_connection = True
            self._error(413, f"Maximum file size exceeded ({size} > {control.max_upload_bytes} bytes)",
                        "BadRequestError")
            return
        body = self.rfile.read(size)
        fields, audio = _form(self.headers.get("Content-Type", ""), body)
        record = Received(time.monotonic(), size, fields, self.headers.get("Authorization"))
        with control.lock:
            control.received.append(record)
        if not self._authorized():
            return
        if self.path != "/v1/audio/transcriptions":
            self._error(404, "Not Found", "NotFoundError")
            return
        if fields.get("model", [""])[0] != control.model:
            self._error(404, f"The model `{fields.get('model', [''])[0]}` does not exist.", "NotFoundError")
            return
        if control.take("busy"):
            self._error(429, "Too many requests", "TooManyRequests", {"Retry-After": f"{control.retry_after:g}"})
            return
        if control.take("failures"):
            self._error(500, "CUDA out of memory", "InternalServerError")
            return
        if control.slow_s:
            time.sleep(control.slow_s)
        result = self._transcribe(audio, fields)
        if self.server.dead.is_set():  # killed while it worked: the connection just ends
            self.close_connection = True
            return
        if control.take("drops"):
            answer = json.dumps(result).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer[: len(answer) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._json(200, result)
        record.answered = time.monotonic()
        if control.die_after is not None and control.answered() >= control.die_after:
            threading.Thread(target=self.server.die, daemon=True).start()

    def _transcribe(self, audio: bytes, fields: dict[str, list[str]]) -> dict[str, Any]:
        transcript = _transcript_of(audio, fields.get("language", [None])[0])
        shape = self.server.control.shape
        text = " ".join(s.text for s in transcript.segments)
        if shape == "text":
            return {"text": text}
        body: dict[str, Any] = {"duration": str(transcript.duration), "language": transcript.language or "en",
                                "text": text, "segments": [
                                    {"id": i, "seek": 0, "start": s.start, "end": s.end, "text": " " + s.text,
                                     "tokens": [], "temperature": 0.0, "compression_ratio": 1.0,
                                     "no_speech_prob": 0.0,
                                     "avg_logprob": sum(_log(w.probability) for w in s.words) / max(1, len(s.words))}
                                    for i, s in enumerate(transcript.segments)]}
        if shape == "verbose" and "word" in fields.get("timestamp_granularities[]", []):
            body["words"] = [{"start": w.start, "end": w.end, "word": w.text.strip()}
                             for s in transcript.segments for w in s.words]
        return body


def _log(p: float) -> float:
    import math

    return math.log(max(p, 1e-10))


def _form(content_type: str, body: bytes) -> tuple[dict[str, list[str]], bytes]:
    """The fields and the file of a multipart/form-data body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, list[str]] = {}
    audio = b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            audio = payload
        else:
            fields.setdefault(str(name), []).append(payload.decode())
    return fields, audio


class _StandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, control: Control):
        super().__init__(("127.0.0.1", port), _Handler)
        self.control = control
        self.dead = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that left (cancelled, or gave up on a dead request) is no error of the server's."""
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    def die(self) -> None:
        """Stop listening at once, as a server whose process was killed."""
        self.dead.set()
        self.shutdown()
        self.server_close()


@dataclass
class StandIn:
    url: str  # the API root: http://127.0.0.1:PORT/v1
    control: Control
    server: _StandIn


@contextlib.contextmanager
def vllm_standin(**control: Any) -> Iterator[StandIn]:
    """A stand-in on a free port with a :class:`Control` of ``control``'s fields, until the block ends."""
    _loaded_transcriber()  # loaded before the first request, so timings in tests are the server's own
    port = free_port()
    server = _StandIn(port, Control(**control))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield StandIn(f"http://127.0.0.1:{port}/v1", server.control, server)
    finally:
        if not server.dead.is_set():
            server.die()
        thread.join(10)
