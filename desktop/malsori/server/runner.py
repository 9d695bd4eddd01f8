"""The server's one model and its bounded queue of transcription jobs.

Jobs run one at a time on a single worker thread (a model decodes one file at a
time; two at once would only share the same cores or GPU), off the event loop,
so ``/health`` and new uploads are answered while a long file is transcribed.
Admission is bounded: one running job plus ``max_queue`` waiting; the next gets
:class:`Busy` (the routes answer 503 with Retry-After). A request takes its
place when it starts (:meth:`Runner.place`, taken by app.Admission at the
first byte of the upload and given back when its transcription ends), so a
burst of clients is refused before their uploads fill the disk, not after, and
what a request does after its transcription (its answer, a request to the LLM
server) keeps no one waiting. Every job carries a
cancel event: a client that disconnects, or a shutdown past its grace, sets it
and the engine stops within a window.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import logging
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..core.engine import TranscribeOptions, Transcriber
from ..core.models import ModelStore, State
from ..core.transcript import Segment, Transcript
from .config import ServerConfig

log = logging.getLogger(__name__)

#: Model names OpenAI's clients send by default; they mean "the model this server serves".
OPENAI_ALIASES = ("whisper-1",)


class Busy(Exception):
    """The queue is full, or the server is shutting down: try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Cancelled(Exception):
    """The job was cancelled (its client left, or the server is stopping)."""


class UnknownModel(LookupError):
    """A request named a model this server cannot load."""


@dataclass
class _Place:
    """A request's place in the queue; ``job``: its transcription has taken it (one job per place)."""

    job: bool = False
    left: bool = False  # given back


#: The place the current request holds (set by Runner.place; copied into the tasks it starts).
_PLACE: contextvars.ContextVar[_Place | None] = contextvars.ContextVar("malsori_place", default=None)


@dataclass
class Counts:
    """What the server has done since it started, for /health."""

    done: int = 0
    failed: int = 0
    cancelled: int = 0
    rejected: int = 0  # refused with Busy: the queue was full, or the server shutting down
    busy_seconds: float = 0.0  # summed wall time of finished jobs, for Retry-After estimates


class Runner:
    """One loaded model serving every request, one job at a time."""

    def __init__(self, config: ServerConfig, store: ModelStore | None = None):
        self.config = config
        self.store = store or ModelStore()
        self.started = time.monotonic()
        self.started_at = time.time()
        self.counts = Counts()
        self._transcriber = self._new_transcriber(config.model)
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="malsori-job")
        self._admitted = 0  # places taken: requests uploading, waiting or running
        self._cancels: set[threading.Event] = set()
        self._closing = False
        self._idle = asyncio.Event()

    # --- the model -------------------------------------------------------------

    def load(self) -> None:
        """Load the served model now, before the first request (raises ModelError)."""
        self._transcriber.load()

    @property
    def model_name(self) -> str:
        return self.config.model

    @property
    def device(self) -> str | None:
        return self._transcriber.device

    @property
    def compute_type(self) -> str | None:
        return self._transcriber.compute_type

    def models(self) -> list[str]:
        """The models a request may name: the served one first, then every catalog model
        this machine has without a download (never a path: a request cannot name one)."""
        names = [self.config.model]
        for info, state in self.store.listing():
            if state is not State.DOWNLOADABLE and info.name not in names:
                names.append(info.name)
        return names

    def resolve_model(self, requested: str | None) -> str:
        """The model a request's ``model`` field means; UnknownModel if it cannot be served."""
        if not requested or requested in OPENAI_ALIASES:
            return self.config.model
        if requested in self.models():
            return requested
        raise UnknownModel(f"The model {requested!r} is not served here; GET /v1/models lists those that are.")

    # --- the queue -------------------------------------------------------------

    @property
    def closing(self) -> bool:
        """Shutting down: no new jobs are taken."""
        return self._closing

    @property
    def queue_length(self) -> int:
        """Places taken: requests uploading, waiting or running."""
        return self._admitted

    def retry_after(self) -> int:
        """Seconds a rejected client should wait: the jobs ahead at the average job time so far."""
        finished = self.counts.done + self.counts.failed + self.counts.cancelled
        average = self.counts.busy_seconds / finished if finished else 10.0
        return max(1, min(3600, math.ceil(average * max(1, self._admitted))))

    def _refuse_if_closing(self) -> None:
        if self._closing:
            self.counts.rejected += 1
            raise Busy("The server is shutting down; try again when it is back.", self.retry_after())

    def _refuse_if_full(self) -> None:
        self._refuse_if_closing()
        if self._admitted >= 1 + self.config.max_queue:
            self.counts.rejected += 1
            raise Busy(f"The server is busy: {self._admitted} requests are running, waiting or uploading "
                       f"(at most {1 + self.config.max_queue}). Try again later.", self.retry_after())

    @contextlib.contextmanager
    def place(self) -> Iterator[_Place]:
        """A place in the queue for the current request and the job it starts (Busy if none is free).

        Runs on the event loop, so counting needs no lock.
        """
        self._refuse_if_full()
        place = _Place()
        self._admitted += 1
        self._idle.clear()
        token = _PLACE.set(place)
        try:
            yield place
        finally:
            _PLACE.reset(token)
            self._leave(place)

    def _leave(self, place: _Place) -> None:
        if place.left:
            return
        place.left = True
        self._admitted -= 1
        if not self._admitted:
            self._idle.set()

    async def transcribe(
        self,
        path: Path,
        options: TranscribeOptions,
        model: str | None = None,
        on_segment: Callable[[Segment], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        """Transcribe ``path`` when the worker is free. ``on_segment`` is called on the event
        loop as each segment is decoded. Raises Busy (not admitted), Cancelled, UnknownModel,
        and the core's AudioError / ModelError (UnsupportedLanguage), all before the first await when refused.

        The job takes the place its request holds (and gives it back as it ends), or
        one of its own. Cancelling the awaiting task (the client left, uvicorn gave up)
        cancels the job.
        """
        name = self.resolve_model(model)
        if name == self._transcriber.model_name and self._transcriber.loaded:
            self._transcriber.check_language(options.language)  # refused now, not after a wait in the queue
        held = _PLACE.get()
        if held is None or held.job or held.left:
            with self.place() as own:
                own.job = True
                return await self._queued(path, options, name, on_segment, cancel or threading.Event())
        self._refuse_if_closing()
        held.job = True
        try:
            return await self._queued(path, options, name, on_segment, cancel or threading.Event())
        finally:
            self._leave(held)

    async def _queued(self, path: Path, options: TranscribeOptions, name: str,
                      on_segment: Callable[[Segment], None] | None, cancel: threading.Event) -> Transcript:
        """The job on the worker thread, counted here on the loop as it ends."""
        loop = asyncio.get_running_loop()
        forward = None
        if on_segment is not None:
            forward = lambda segment: loop.call_soon_threadsafe(on_segment, segment)
        self._cancels.add(cancel)
        try:
            future = loop.run_in_executor(self._executor, self._run, path, options, name, forward, cancel)
            try:
                result = await asyncio.shield(future)
            except asyncio.CancelledError:
                cancel.set()  # the job stops within a window; the worker moves on
                self.counts.cancelled += 1
                raise
            except Cancelled:
                self.counts.cancelled += 1
                raise
            except Exception:
                self.counts.failed += 1
                raise
            self.counts.done += 1
            return result
        finally:
            self._cancels.discard(cancel)

    def _run(self, path: Path, options: TranscribeOptions, model: str,
             on_segment: Callable[[Segment], None] | None, cancel: threading.Event) -> Transcript:
        """On the worker thread: one job, with the model it asked for."""
        if cancel.is_set():
            raise Cancelled(self._cancelled_why())
        started = time.monotonic()
        try:
            transcriber = self._transcriber_for(model)
            result = transcriber.transcribe(path, options, on_segment=on_segment, cancel=cancel)
            transcriber.wait_idle()  # a cancelled decode finishes its window before the next job
        finally:
            self.counts.busy_seconds += time.monotonic() - started
        if cancel.is_set():
            raise Cancelled(self._cancelled_why())
        return result

    def _cancelled_why(self) -> str:
        if self._closing:
            return "The server is shutting down, so this job was cancelled; send it again when the server is back."
        return "The job was cancelled."

    def _new_transcriber(self, model: str) -> Transcriber:
        """A Transcriber with the server's device and CPU threads, for the first model and any a request asks for."""
        return Transcriber(model, device=self.config.device, cpu_threads=self.config.cpu_threads, store=self.store,
                           notice=lambda message: log.warning("%s", message))

    def _transcriber_for(self, model: str) -> Transcriber:
        """The loaded Transcriber, replaced by one for ``model`` if a request asks for another
        (at most one model is in memory)."""
        if self._transcriber.model_name != model:
            log.info("loading model %s for a request", model)
            self._transcriber.wait_idle()
            self._transcriber = self._new_transcriber(model)
        self._transcriber.load()
        return self._transcriber

    # --- shutdown --------------------------------------------------------------

    async def drain(self, grace: float | None = None) -> None:
        """Stop taking jobs, let those admitted finish within ``grace`` seconds (the config's
        shutdown grace by default), then cancel the rest: their requests answer 503."""
        self._closing = True
        grace = self.config.shutdown_grace_s if grace is None else grace
        if self._admitted:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._idle.wait(), grace)
        if self._cancels:
            log.warning("cancelling %d job(s) still running after %g s", len(self._cancels), grace)
        for cancel in list(self._cancels):
            cancel.set()

    async def shutdown(self, grace: float | None = None) -> None:
        """:meth:`drain`, then wait for the model thread to stop (the process may then exit:
        a model thread killed inside CTranslate2 crashes it)."""
        await self.drain(grace)
        await asyncio.to_thread(self._executor.shutdown, True, cancel_futures=True)
        await asyncio.to_thread(self._transcriber.wait_idle, 10.0)
