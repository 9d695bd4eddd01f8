"""A remote engine: transcription on OpenAI-compatible servers, with the local engine's surface.

`malsori serve` on a team's GPU box, vLLM serving Whisper (one server, or a
router in front of a fleet), or any server that speaks
``/v1/audio/transcriptions`` can do the decoding. :class:`RemoteTranscriber`
has the methods of :class:`engine.Transcriber`, so the window's worker and the
CLI use it unchanged: segments in order as they are ready, a monotonic
progress, cancel within a tenth of a second, a Transcript at the end.

How a file travels:

* it is cut at pauses into lossless WAV chunks within the servers' limits
  (:mod:`remote_chunks`); up to ``concurrency`` chunks are in flight at once,
  each sent to the least busy server;
* when no language is given, the first chunk goes alone and its detected
  language is used for the rest, as the local engine detects once per file;
* each answer becomes segments in the file's time (:mod:`remote_response`),
  split at long pauses like local segments, and is kept in the chunk cache
  (:mod:`remote_cache`) until the job is done;
* 429 and 5xx answers are retried by the client on their server with backoff,
  honouring Retry-After (:mod:`llm`); a dropped connection or a timeout sends
  the chunk again, to another server where there is one, and so does a server
  that kept failing when there is another, up to ``retries`` times; then the
  job fails with the server's reason and says how many chunks are kept, and
  Retry sends only the others;
* cancel (or a failure) abandons every request in flight: their sockets are
  shut down, so a `malsori serve` stops their jobs too, and nothing more is sent.

Audio goes only to the configured servers: redirects are refused, proxies from
the environment are ignored, https certificates are verified, and the API key
goes in the Authorization header of those requests only. Nothing is sent
unless a front end builds a RemoteTranscriber because the person chose Remote.
Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

import numpy as np

from . import audio, remote_chunks
from .engine import Progress, Source, TranscribeOptions
from .eta import time_left
from .llm import Hints, Kind, LlmClient, LlmConfig, LlmError, normalize_base_url
from .models import ModelError
from .remote_cache import ChunkCache
from .remote_chunks import Chunk
from .remote_response import MalformedAnswer, Parsed, parse
from .segmentation import split_at_pauses
from .transcript import Segment, Transcript

log = logging.getLogger(__name__)

_POLL_S = 0.1
#: Failures that say nothing about the chunk itself: it is sent again (elsewhere if possible).
_RESENT = {Kind.CONNECT, Kind.STREAM, Kind.TIMEOUT}
#: Failures the client has already retried on their server (429, 5xx): sent again only to another server.
_RESENT_ELSEWHERE = {Kind.SERVER, Kind.BUSY}


@dataclass(frozen=True)
class RemoteHints(Hints):
    """Where the person changes each remote setting, in the words of their front end."""

    address: str = "the server address in the model panel"
    key: str = "the API key in the model panel"
    model: str = "the server's model in the model panel"
    timeout: str = "the server's timeout"
    upload: str = "the chunk size limit"


class RemoteError(ModelError):
    """A remote transcription failed; ``str()`` says why and what to do."""


@dataclass(frozen=True)
class RemoteConfig:
    """Which servers, which model there, and how to use them. ``api_key`` is left out of repr()."""

    servers: tuple[str, ...]
    model: str
    api_key: str | None = field(default=None, repr=False)
    concurrency: int = 4  # chunks in flight, all servers together
    chunk_s: float = remote_chunks.CHUNK_S
    max_upload_mb: float = 24.0  # under vLLM's default 25 MB
    timeout_s: float = 900.0  # the longest a chunk's answer may take
    retries: int = 3  # sends of one chunk after its first, and the client's retries of 429/5xx
    backoff_s: float = 1.0  # before the first resend, doubled each time
    hints: RemoteHints = RemoteHints()

    def __post_init__(self) -> None:
        object.__setattr__(self, "servers", normalize_servers(self.servers, self.hints))
        if not self.model.strip():
            raise RemoteError(f"No model is named: set {self.hints.model} to one the server lists.")
        if self.concurrency < 1:
            raise RemoteError("At least one chunk must be allowed in flight (concurrency 1 or more).")
        if self.chunk_s < 2 * remote_chunks.MIN_CHUNK_S:
            raise RemoteError(f"Chunks must be at least {2 * remote_chunks.MIN_CHUNK_S:g} seconds long.")
        if not self.max_upload_mb > 0:
            raise RemoteError(f"The upload limit must be above 0 MB; check {self.hints.upload}.")

    def hosts(self) -> list[str]:
        """The servers as host:port, for the badge that says where audio goes."""
        return [_host(url) for url in self.servers]

    def client(self, url: str) -> LlmClient:
        return LlmClient(LlmConfig(base_url=url, model=self.model, api_key=self.api_key,
                                   first_token_timeout=self.timeout_s, read_timeout=60.0, retries=self.retries,
                                   backoff=self.backoff_s, hints=self.hints))


def normalize_servers(text: str | Iterable[str], hints: Hints = RemoteHints()) -> tuple[str, ...]:
    """API roots from what the person typed: ``"gpu-a:8001, gpu-b:8001"`` → two ``http://…/v1``.

    A pasted endpoint (``…/v1/audio/transcriptions``) is cut back to its root;
    duplicates are dropped. Raises RemoteError naming the bad entry.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    roots: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        root = item.rstrip("/")
        for suffix in ("/audio/transcriptions", "/audio/translations"):
            root = root.removesuffix(suffix)
        try:
            url = normalize_base_url(root)
        except LlmError as exc:
            raise RemoteError(f"{exc} Check {hints.address}.") from None
        if url not in roots:
            roots.append(url)
    if not roots:
        raise RemoteError(f"No server address is set: set {hints.address}, such as http://gpu-box:8001/v1.")
    return tuple(roots)


def list_models(config: RemoteConfig, cancel: threading.Event | None = None) -> list[str]:
    """The models the servers serve (all of them, in order, each once): "Test connection"."""
    names: list[str] = []
    for url in config.servers:
        try:
            found = config.client(url).list_models(cancel)
        except LlmError as exc:
            raise RemoteError(f"{_host(url)}: {exc}") from None
        names.extend(m.id for m in found if m.id not in names)
    return names


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


class RemoteTranscriber:
    """Transcribes on remote servers; the same methods as engine.Transcriber."""

    device = "remote"
    compute_type = None
    load_seconds = 0.0

    def __init__(self, config: RemoteConfig, notice: Callable[[str], None] | None = None,
                 cache: ChunkCache | None = None):
        self.config = config
        self.model_name = config.model
        self.notice = notice or (lambda message: log.warning("%s", message))
        self.cache = cache or ChunkCache()

    @property
    def loaded(self) -> bool:
        return True

    def load(self) -> None:
        """Nothing to load: the servers hold the model (and each request says which)."""

    def check_language(self, language: str | None) -> None:
        """The server knows what its model hears; it refuses a language it cannot (a 400 with its reason)."""

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Always idle: abandoned requests hold no model, and their sockets are already shut down."""
        return True

    def transcribe(
        self,
        source: Source,
        options: TranscribeOptions = TranscribeOptions(),
        on_segment: Callable[[Segment], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        on_language: Callable[[str | None], None] | None = None,
    ) -> Transcript:
        """As engine.Transcriber.transcribe. Raises audio.AudioError for bad input and
        RemoteError when the servers cannot do the job (finished chunks are kept for Retry)."""
        cancel = cancel or threading.Event()
        if options.speakers is not None:  # the words from the servers, the speakers from this computer
            from malsori.core import with_speakers

            return with_speakers.transcribe(self, source, options, on_segment, on_progress, cancel, on_language)
        if isinstance(source, np.ndarray):
            duration = source.size / audio.SAMPLE_RATE
        else:
            duration = audio.probe_duration(source)
            if duration > self.config.chunk_s * 1.25:
                audio.check_complete(source)  # a file cut short is refused before anything is sent
        job = _Job(self, source, options, cancel, duration, on_segment, on_progress, on_language)
        return job.run()


@dataclass
class _Sent:
    """One chunk on its way: which server has it and how many times it was sent."""

    chunk: Chunk
    server: int
    attempt: int


class _Job:
    """One file through the servers: the scheduling loop, on the caller's thread."""

    def __init__(self, owner: RemoteTranscriber, source: Source, options: TranscribeOptions,
                 cancel: threading.Event, duration: float, on_segment: Callable[[Segment], None] | None,
                 on_progress: Callable[[Progress], None] | None, on_language: Callable[[str | None], None] | None):
        self.owner, self.config, self.options, self.cancel = owner, owner.config, options, cancel
        self.duration = duration
        self.on_segment, self.on_progress, self.on_language = on_segment, on_progress, on_language
        self.started = time.perf_counter()
        self.stop = threading.Event()  # abandons every request in flight
        self.answers: queue.SimpleQueue[tuple[_Sent, Parsed | BaseException]] = queue.SimpleQueue()
        self.chunks: Iterator[Chunk] = self._cut(source)
        self.source = None if isinstance(source, np.ndarray) else str(source)
        self.reached = 0.0  # the end of the last chunk cut: the file's decoded length so far
        self.exhausted = False
        self.resend: list[tuple[float, _Sent]] = []  # (not before, chunk) to send again
        self.in_flight: dict[int, _Sent] = {}
        self.busy = [0] * len(self.config.servers)
        self.sent = [0] * len(self.config.servers)
        self.done: dict[int, Parsed] = {}
        self.keys: dict[int, str] = {}
        self.spans: dict[int, float] = {}  # chunk index → its length in seconds
        self.shown = 0  # chunks whose segments went to on_segment, in order
        self.language = options.language
        self.language_known = options.language is not None
        self.fraction = 0.0

    def _cut(self, source: Source) -> Iterator[Chunk]:
        try:
            yield from remote_chunks.chunks(source, self.config.chunk_s,
                                            int(self.config.max_upload_mb * 1e6), self.cancel.is_set)
        except remote_chunks.ChunkTooLarge as exc:
            raise RemoteError(f"The audio cannot be cut small enough: {exc}. Raise {self.config.hints.upload}.") \
                from None
        except audio.DecodeCancelled:
            return

    def run(self) -> Transcript:
        self._report()
        try:
            while not self.cancel.is_set():
                self._send_what_can_go()
                if not self.in_flight and not self.resend and self.exhausted:
                    break
                try:
                    sent, answer = self.answers.get(timeout=_POLL_S)
                except queue.Empty:
                    continue
                self._take(sent, answer)
        finally:
            self.stop.set()
        if not self.cancel.is_set():
            self.owner.cache.forget(list(self.keys.values()))
            self._report(1.0)
        return self._transcript()

    # --- sending ---

    def _send_what_can_go(self) -> None:
        while len(self.in_flight) < self.config.concurrency and not self.cancel.is_set():
            if not self.language_known and (self.in_flight or self.done):
                return  # the first chunk's language decides the others'
            sent = self._next()
            if sent is None:
                return
            key = self.keys.setdefault(sent.chunk.index, self.owner.cache.key(sent.chunk, self.config.model,
                                                                              self._fields(sent.chunk)))
            cached = self.owner.cache.get(key) if sent.attempt == 0 else None
            if cached is not None:
                self._finished(sent.chunk, cached)
                continue
            server = self._least_busy(avoid=sent.server if sent.attempt else None)
            sent.server = server
            self.busy[server] += 1
            self.sent[server] += 1
            self.in_flight[sent.chunk.index] = sent
            threading.Thread(target=self._send, args=(sent,), name="malsori-remote-chunk", daemon=True).start()

    def _next(self) -> _Sent | None:
        now = time.monotonic()
        for i, (ready, sent) in enumerate(self.resend):
            if ready <= now:
                del self.resend[i]
                return sent
        if self.exhausted:
            return None
        chunk = next(self.chunks, None)
        if chunk is None:
            self.exhausted = True
            return None
        self.spans[chunk.index] = chunk.end - chunk.start
        self.reached = chunk.end
        return _Sent(chunk, -1, 0)

    def _least_busy(self, avoid: int | None) -> int:
        choices = [i for i in range(len(self.busy)) if i != avoid] or [avoid or 0]
        return min(choices, key=lambda i: (self.busy[i], self.sent[i], i))

    def _fields(self, chunk: Chunk) -> dict[str, Any]:
        """The form of one chunk's request: OpenAI's fields, then ones `malsori serve` and vLLM may use."""
        options = self.options
        fields: dict[str, Any] = {"model": self.config.model, "response_format": "verbose_json",
                                  "temperature": str(options.temperature[0] if len(options.temperature) == 1 else 0)}
        if options.task == "transcribe":
            fields["timestamp_granularities[]"] = ["word", "segment"] if options.word_timestamps else ["segment"]
        if self.language:
            fields["language"] = self.language
        if options.initial_prompt and chunk.index == 0:  # as locally: the prompt opens the file only
            fields["prompt"] = options.initial_prompt
        return fields

    def _send(self, sent: _Sent) -> None:
        """One request, on its own thread; the answer (or the failure) goes back to the loop."""
        chunk, url = sent.chunk, self.config.servers[sent.server]
        path = "/audio/translations" if self.options.task == "translate" else "/audio/transcriptions"
        form = (self._fields(chunk), {"file": (f"chunk-{chunk.index:05d}.wav", chunk.wav, "audio/wav")})
        try:
            body = self.config.client(url).post_form(path, form, self.stop, self.config.timeout_s)
            answer: Parsed | BaseException = parse(body, chunk.start, chunk.end)
            if answer.timing == "text" and answer.segments:  # time the estimate by where the speech is
                answer = parse(body, chunk.start, chunk.end, _speech_span(chunk))
        except BaseException as exc:  # every failure is the loop's to judge
            answer = exc
        self.answers.put((sent, answer))

    # --- answers ---

    def _take(self, sent: _Sent, answer: Parsed | BaseException) -> None:
        self.in_flight.pop(sent.chunk.index, None)
        self.busy[sent.server] -= 1
        if isinstance(answer, Parsed):
            self.owner.cache.put(self.keys[sent.chunk.index], answer)
            self._finished(sent.chunk, answer)
            return
        if isinstance(answer, LlmError) and answer.kind == Kind.CANCELLED:
            return
        host = _host(self.config.servers[sent.server])
        resend = _RESENT | (_RESENT_ELSEWHERE if len(self.config.servers) > 1 else set())
        if isinstance(answer, LlmError) and answer.kind in resend and sent.attempt < self.config.retries:
            delay = self.config.backoff_s * 2 ** sent.attempt
            log.info("chunk %d: %s; sending it again in %.1f s", sent.chunk.index, answer, delay)
            self.resend.append((time.monotonic() + delay, _Sent(sent.chunk, sent.server, sent.attempt + 1)))
            return
        raise RemoteError(" ".join(filter(None, (f"{host}: {self._reason(answer, sent)}", self._kept()))))

    def _reason(self, answer: BaseException, sent: _Sent) -> str:
        if isinstance(answer, LlmError) and answer.status == 413:
            return (f"the server refuses a chunk of {len(sent.chunk.wav) / 1e6:.1f} MB (413 Payload Too Large). "
                    f"Lower {self.config.hints.upload} below what the server accepts.")
        if isinstance(answer, MalformedAnswer):
            return f"the server's answer is not an OpenAI-compatible transcription ({answer})."
        if isinstance(answer, LlmError):
            tries = sent.attempt + 1
            return f"{answer}" + (f" (chunk sent {tries} times)" if tries > 1 else "")
        return f"unexpected failure: {answer!r}"

    def _kept(self) -> str:
        if not self.done:
            return ""
        return (f"{len(self.done)} chunk{'s' if len(self.done) != 1 else ''} of the file "
                f"{'were' if len(self.done) != 1 else 'was'} transcribed and kept: Retry sends only the rest.")

    def _finished(self, chunk: Chunk, parsed: Parsed) -> None:
        max_pause = self.options.max_pause_s
        if parsed.timing == "word" and max_pause is not None:
            segments = tuple(piece for s in parsed.segments for piece in split_at_pauses(s, max_pause))
            parsed = Parsed(segments, parsed.language, parsed.timing, parsed.confidence)
        self.done[chunk.index] = parsed
        self.spans[chunk.index] = chunk.end - chunk.start
        if not self.language_known:
            self.language, self.language_known = parsed.language, True
            if self.on_language is not None:
                self.on_language(self.language)
        while self.shown in self.done:
            if self.on_segment is not None:
                for segment in self.done[self.shown].segments:
                    self.on_segment(segment)
            self.shown += 1
        self._report()

    def _report(self, value: float | None = None) -> None:
        if value is None:
            heard = sum(self.spans[i] for i in self.done)
            value = heard / self.duration if self.duration else 0.0
        self.fraction = min(1.0, max(self.fraction, value))
        if self.on_progress is not None:
            elapsed = time.perf_counter() - self.started
            count = sum(len(self.done[i].segments) for i in range(self.shown))
            self.on_progress(Progress(self.fraction, elapsed, time_left(elapsed, self.fraction), count))

    def _transcript(self) -> Transcript:
        parts = [self.done[i] for i in sorted(self.done)]
        return Transcript(
            segments=tuple(s for part in parts for s in part.segments),
            language=self.language,
            duration=max(self.duration, self.reached),
            model=self.config.model,
            options={**self.options.to_dict(), "engine": "remote", "servers": self.config.hosts(),
                     "timing": _weakest({p.timing for p in parts}, ("text", "segment", "word")),
                     "confidence": _weakest({p.confidence for p in parts}, ("none", "segment", "word")),
                     "device": "remote", "compute_type": None},
            source=self.source,
        )


def _weakest(found: set[str], order: tuple[str, ...]) -> str:
    """The first of ``order`` (weakest first) among ``found``: one text-only chunk makes the file's timing "text"."""
    return next((o for o in order if o in found), order[-1])


def _speech_span(chunk: Chunk) -> tuple[float, float] | None:
    """Where the chunk's speech lies (file time), for timing a text-only answer."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    found = get_speech_timestamps(chunk.samples(), VadOptions())
    if not found:
        return None
    return (chunk.start + found[0]["start"] / audio.SAMPLE_RATE, chunk.start + found[-1]["end"] / audio.SAMPLE_RATE)
