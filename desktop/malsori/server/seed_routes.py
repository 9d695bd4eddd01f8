"""Malsori's own endpoints: ``/health``, ``/transcribe``, ``/transcribe-and-process``.

Answers are ``{"success": true, ...}``, failures ``{"success": false, "error": ...}``
with the HTTP status that fits (errors.py). ``/transcribe-and-process`` hands the
transcript to the vLLM server ``malsori serve --llm-server`` names, through the
same core as ``malsori summarize`` (core.summarize: long text map-reduced within
the model's context); its failures keep the transcript in the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from typing import Any, AsyncIterator, Callable, TypeVar

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

from .. import __version__
from ..core import prompts, subtitles, summarize
from ..core.engine import TranscribeOptions
from ..core.llm import Kind, LlmClient, LlmConfig, LlmError, Reply
from ..core.transcript import Transcript
from . import options as request_options
from .errors import ApiError, error_body
from .uploads import received
from .watch import transcribe_watched, watched

T = TypeVar("T")

public = APIRouter()  # no API key: load balancers and monitors probe it
router = APIRouter()


@public.get("/health", summary="Whether the server is up, its model, and its queue")
async def health(request: Request) -> dict[str, Any]:
    runner = request.app.state.runner
    config = request.app.state.config
    return {
        "status": "shutting_down" if runner.closing else "ok",
        "model": runner.model_name,
        "device": runner.device,
        "compute_type": runner.compute_type,
        "version": __version__,
        "queue_length": runner.queue_length,
        "max_queue": config.max_queue,
        "uptime_s": round(time.monotonic() - runner.started, 1),
        "jobs": vars(runner.counts) | {"busy_seconds": round(runner.counts.busy_seconds, 1)},
    }


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    """A transcript as the seed endpoints answer it: text, language, duration, timed segments with words."""
    return {
        "text": " ".join(segment.text for segment in transcript.segments if segment.text),
        "language": transcript.language,
        "language_probability": transcript.language_probability,
        "duration": transcript.duration,
        "model": transcript.model,
        "segments": [
            {
                "id": index,
                "start": segment.start,
                "end": segment.end,
                "text": segment.text,
                "words": [{"word": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                          for w in segment.words],
            }
            for index, segment in enumerate(transcript.segments)
        ],
    }


def decoding(
    language: str | None = Form(None, description="ko, en, … or auto (default: detect)"),
    task: str = Form("transcribe", description="transcribe, or translate (to English)"),
    prompt: str | None = Form(None, description="text that sets vocabulary and style"),
    temperature: float | None = Form(None, description="0 or none: raised as needed; above 0: that temperature"),
    beam_size: int | None = Form(None, ge=1, le=20),
    vad_filter: bool | None = Form(None, description="skip silence (default on)"),
    word_timestamps: bool = Form(True),
    hotwords: str | None = Form(None, description="words to favour, such as names"),
) -> TranscribeOptions:
    """The decoding options of a seed endpoint's form (one set of fields for both endpoints)."""
    return request_options.build(language, task, prompt, temperature, beam_size, vad_filter, word_timestamps, hotwords)


MODEL_FIELD = Form(None, description="a model GET /v1/models lists (default: the served one)")


async def transcribed(request: Request, file: UploadFile, options: TranscribeOptions, model: str | None) -> Transcript:
    """The upload transcribed (checked first, removed after; cancelled if the client leaves)."""
    async with received(request, file) as path:
        return await transcribe_watched(request, request.app.state.runner, path, options, model)


@router.post("/transcribe", summary="Transcribe an uploaded audio or video file")
async def transcribe(
    request: Request,
    file: UploadFile = File(..., description="audio or video, any format FFmpeg reads"),
    options: TranscribeOptions = Depends(decoding),
    model: str | None = MODEL_FIELD,
) -> dict[str, Any]:
    return {"success": True, **transcript_json(await transcribed(request, file, options, model))}


# --- /transcribe-and-process ---------------------------------------------------------


def llm_config(request: Request) -> LlmConfig:
    """The vLLM server this one forwards to; 503 when it was started without one."""
    config = request.app.state.config.llm
    if config is None:
        raise ApiError(503, "This server was started without an LLM server, so it cannot process transcripts: "
                            "start malsori serve with --llm-server URL --llm-model NAME.", "llm_not_configured")
    return config


def llm_failure(exc: LlmError) -> ApiError:
    """A failure of the LLM server as this one answers it: 504 when it was too slow, else 502."""
    status = 504 if exc.kind is Kind.TIMEOUT else 502
    return ApiError(status, str(exc), f"llm_{exc.kind.value}")


def failure_body(request: Request, error: ApiError, exc: LlmError) -> dict[str, Any]:
    """The seed error body with what the LLM server's failure was (its kind and HTTP status)."""
    return {**error_body(request.url.path, error), "llm_error": {"kind": exc.kind.value, "status": exc.status}}


async def on_own_thread(work: Callable[[], T]) -> T:
    """``work()`` on a thread of its own, not asyncio's shared pool: a slow LLM server holds
    its callers for minutes, and the pool also copies and probes the uploads of every request."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: T, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    def run() -> None:
        try:
            outcome: tuple[Any, BaseException | None] = (work(), None)
        except Exception as exc:  # handed to the awaiting coroutine, which answers it
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the loop is gone: the server stopped, nobody waits
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="malsori-answer", daemon=True).start()
    return await done


class Answering:
    """One instruction about one transcript, answered on a worker thread (the LLM client
    blocks) with a cancel event for when the client leaves; ``requests`` counts the chat
    requests sent (more than one for a text longer than the model's context)."""

    def __init__(self, config: LlmConfig, transcript: Transcript, instruction: str):
        self.client = LlmClient(config)
        self.task = prompts.task_for(prompts.CUSTOM, instruction, transcript.language,
                                     speakers=bool(transcript.speakers))
        self.lines = subtitles.dialogue_lines(transcript)
        self.cancel = threading.Event()
        self.requests = 0

    async def run(self, on_answer: Callable[[str], None] | None = None,
                  on_step: Callable[[summarize.Step], None] | None = None) -> Reply:
        """The answer (LlmError on failure). ``on_answer`` gets its text as it streams and
        ``on_step`` each request as it starts, both on the worker thread."""

        def step(value: summarize.Step) -> None:
            self.requests += 1
            if on_step is not None:
                on_step(value)

        return await on_own_thread(lambda: summarize.answer(self.client, self.lines, self.task, on_answer, step,
                                                            self.cancel))

    def result(self, reply: Reply) -> dict[str, Any]:
        return {"instruction": self.task.instruction, "answer": reply.text.strip(), "truncated": reply.truncated,
                "requests": self.requests}


def step_json(step: summarize.Step) -> dict[str, Any]:
    """A request of a long text's answer, for a progress bar: request ``index`` of ``total`` (which
    can grow), answering part ``part`` of ``parts`` or combining the parts' answers."""
    return {"index": step.index, "total": step.total, "phase": step.phase, "part": step.part, "parts": step.parts}


def sse(event: str, data: dict[str, Any]) -> bytes:
    """One server-sent event: its name and one line of JSON."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def answer_events(request: Request, job: Answering, transcript: dict[str, Any]) -> AsyncIterator[bytes]:
    """The events of a streamed /transcribe-and-process (see its docstring). Starlette cancels
    this generator when the client disconnects; the cancel event then stops the LLM request."""
    yield sse("transcript", transcript)
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[bytes | None] = asyncio.Queue()

    def send(event: str, data: dict[str, Any]) -> None:  # on the worker thread
        with contextlib.suppress(RuntimeError):  # the loop is gone: the server stopped
            loop.call_soon_threadsafe(events.put_nowait, sse(event, data))

    work = asyncio.ensure_future(job.run(lambda text: send("delta", {"text": text}),
                                         lambda step: send("step", step_json(step))))
    # Events are queued from the thread before its result, so the end mark comes after the last one.
    work.add_done_callback(lambda _: events.put_nowait(None))
    try:
        while (event := await events.get()) is not None:
            yield event
        reply = work.result()
    except LlmError as exc:
        error = llm_failure(exc)
        yield sse("error", {**failure_body(request, error, exc), "status": error.status})
        return
    finally:
        if not work.done():  # the client left: stop the LLM request too
            job.cancel.set()
            work.cancel()
    yield sse("done", {"success": True, **job.result(reply)})


@router.post("/transcribe-and-process", summary="Transcribe a file, then send its text with an instruction to the LLM")
async def transcribe_and_process(
    request: Request,
    file: UploadFile = File(..., description="audio or video, any format FFmpeg reads"),
    instruction: str = Form(..., description="what to do with the transcript: summarize it, list the action items, …"),
    options: TranscribeOptions = Depends(decoding),
    model: str | None = MODEL_FIELD,
    stream: bool = Form(False, description="answer as server-sent events while the LLM writes"),
) -> Any:
    """Transcribe the upload as /transcribe does, then answer ``instruction`` about its text
    with the configured vLLM server; a text longer than the model's context is answered in
    parts, whose answers are then combined.

    Whole: ``{"success": true, "transcript": {<as /transcribe>}, "instruction", "answer",
    "truncated" (the answer hit the LLM's max_tokens), "requests" (chat requests sent)}``.
    A failure of the LLM server answers 502 (504 if it was too slow) with
    ``{"success": false, "error", "llm_error": {"kind", "status"}, "transcript": {...}}``:
    the transcript is never lost.

    ``stream=true``: ``text/event-stream`` with these events, each ``data`` one line of JSON:

    * ``transcript``: the transcript, as /transcribe answers it (without ``success``);
    * ``step``: ``{"index", "total", "phase", "part", "parts"}`` as each chat request starts:
      phase "answer" (the one request of a text that fits), "part" (part ``part`` of ``parts``
      of a longer text) or "combine" (the parts' answers combined); ``total`` can grow;
    * ``delta``: ``{"text"}``, the next piece of the answer as the LLM writes it (a long
      text's parts are answered first and not shown: only the final answer streams);
    * ``done``: ``{"success": true, "instruction", "answer", "truncated", "requests"}``, the last event;
    * ``error``: ``{"success": false, "error", "llm_error", "status"}`` instead of ``done``
      when the LLM server fails mid-way (the transcript event came before it).

    The transcription runs before the stream starts, so a bad upload, an unknown model or a
    full queue still answers with its HTTP status. A client that disconnects cancels the
    transcription and the LLM request alike. 503 if the server was started without --llm-server;
    422 (with the transcript) if no speech was recognized.
    """
    config = llm_config(request)
    if not instruction.strip():
        raise ApiError(400, "The instruction is empty: say what to do with the transcript.", "invalid_value",
                       "instruction")
    transcript = await transcribed(request, file, options, model)
    body = transcript_json(transcript)
    if not transcript.text.strip():
        return JSONResponse({**error_body(request.url.path, ApiError(
            422, "No speech was recognized in the audio, so there is nothing to send to the LLM.")),
            "transcript": body}, status_code=422)
    job = Answering(config, transcript, instruction)
    if stream:
        return StreamingResponse(answer_events(request, job, body), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    try:
        reply = await watched(request, job.run(), job.cancel)
    except LlmError as exc:
        error = llm_failure(exc)
        return JSONResponse({**failure_body(request, error, exc), "transcript": body}, status_code=error.status)
    return {"success": True, "transcript": body, **job.result(reply)}
