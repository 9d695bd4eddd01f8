"""OpenAI's audio API: ``/v1/audio/transcriptions``, ``/v1/audio/translations``, ``/v1/models``.

Fields, answers, streaming and errors as OpenAI's API has them, so the official
clients, curl and other apps that speak this API work unchanged. Subtitles come
from core/subtitles.render, the one export path: an SRT answer is the file the
CLI writes for the same transcript.

Streaming (``stream=true``) answers server-sent events that both kinds of client
read: each event carries OpenAI's ``type`` (``transcript.text.delta`` with
``delta``, then ``transcript.text.done`` with ``text``) and vLLM's chunk shape
(``object: "transcription.chunk"``, ``choices[0].delta.content``), and the stream
ends with ``data: [DONE]`` as vLLM's does (the official client stops there too).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import threading
import time
import uuid
from pathlib import Path
from typing import Any, AsyncIterator, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from ..core import languages, subtitles
from ..core.audio import AudioError
from ..core.engine import TranscribeOptions
from ..core.hallucination import compression_ratio
from ..core.transcript import Segment, Transcript, joiner
from . import options as request_options
from .errors import ApiError, as_api_error, error_body
from .runner import Runner, UnknownModel
from .uploads import audio_error, received
from .watch import transcribe_watched

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1")

ResponseFormat = Literal["json", "text", "srt", "vtt", "verbose_json"]
Granularity = Literal["word", "segment"]

#: Formats a stream can carry (text deltas): the others need the whole transcript.
STREAMABLE = ("json", "text")

_MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "srt": "text/plain; charset=utf-8",
                "vtt": "text/vtt; charset=utf-8"}


@router.get("/models", summary="The models this server can transcribe with")
async def list_models(request: Request) -> dict[str, Any]:
    runner = request.app.state.runner
    created = int(runner.started_at)
    return {"object": "list",
            "data": [{"id": name, "object": "model", "created": created, "owned_by": "malsori"}
                     for name in runner.models()]}


@router.post("/audio/transcriptions", summary="Transcribe audio or video, as OpenAI's API does",
             response_model=None)
async def create_transcription(
    request: Request,
    file: UploadFile = File(..., description="audio or video, any format FFmpeg reads"),
    model: str | None = Form(None, description="whisper-1 (the served model) or one GET /v1/models lists"),
    language: str | None = Form(None, description="ISO-639-1 code such as en or ko (default: detect)"),
    prompt: str | None = Form(None, description="text that sets vocabulary and style"),
    response_format: ResponseFormat = Form("json"),
    temperature: float | None = Form(None, description="0 or none: raised as needed; above 0: that temperature"),
    timestamp_granularities: list[Granularity] | None = Form(
        None, alias="timestamp_granularities[]",
        description="verbose_json only: word and/or segment (default segment)"),
    stream: bool = Form(False, description="server-sent events of text as it is decoded (json or text only)"),
    speakers: str | None = Form(None, description="Malsori's own: auto, N, MIN-MAX or channels labels who speaks "
                                                  "(verbose_json segments get a speaker, srt and vtt name them)"),
) -> Response:
    return await _answer(request, file, "transcribe", model=model, language=language, prompt=prompt,
                         response_format=response_format, temperature=temperature,
                         granularities=timestamp_granularities, stream=stream, speakers=speakers)


@router.post("/audio/translations", summary="Translate speech into English text, as OpenAI's API does",
             response_model=None)
async def create_translation(
    request: Request,
    file: UploadFile = File(..., description="audio or video, any format FFmpeg reads"),
    model: str | None = Form(None, description="whisper-1 (the served model) or one GET /v1/models lists"),
    language: str | None = Form(None, description="the spoken language (default: detect)"),
    prompt: str | None = Form(None, description="text in English that sets vocabulary and style"),
    response_format: ResponseFormat = Form("json"),
    temperature: float | None = Form(None, description="0 or none: raised as needed; above 0: that temperature"),
    stream: bool = Form(False, description="server-sent events of text as it is decoded (json or text only)"),
) -> Response:
    return await _answer(request, file, "translate", model=model, language=language, prompt=prompt,
                         response_format=response_format, temperature=temperature, granularities=None, stream=stream)


async def _answer(
    request: Request,
    file: UploadFile,
    task: str,
    *,
    model: str | None,
    language: str | None,
    prompt: str | None,
    response_format: str,
    temperature: float | None,
    granularities: list[str] | None,
    stream: bool,
    speakers: str | None = None,
) -> Response:
    """One transcription or translation request, answered in ``response_format`` or streamed.

    Everything that can be refused (format, model, options, upload) is refused before
    a stream starts, so those failures are ordinary JSON errors with their status.
    """
    if stream and response_format not in STREAMABLE:
        raise ApiError(400, f"stream=true answers text deltas, so response_format must be json or text, "
                            f"not {response_format!r}", "invalid_value", "stream")
    runner: Runner = request.app.state.runner
    try:
        name = runner.resolve_model(model)
    except UnknownModel as exc:
        raise as_api_error(exc) from None
    options = request_options.build(language, task, prompt, temperature, speakers=speakers)
    if stream:
        return await _streamed(request, runner, file, options, name)
    async with received(request, file) as path:
        try:
            transcript = await transcribe_watched(request, runner, path, options, name)
        except Exception as exc:
            raise _failure(exc) from None
    return _response(transcript, response_format, task, options, granularities)


def _failure(exc: BaseException) -> ApiError:
    """The answer to a failed job (as_api_error), logged with its traceback when no one
    expected it: that is a bug to fix, not a bad request."""
    error = as_api_error(exc)
    if error.code == "internal_error":
        log.error("a job failed unexpectedly", exc_info=exc)
    return error


# --- answers ------------------------------------------------------------------------------


def _output_language(transcript: Transcript, task: str) -> str | None:
    """The language the text is written in: English for a translation."""
    return "en" if task == "translate" else transcript.language


def _text(transcript: Transcript, task: str) -> str:
    """The whole text, as OpenAI's ``text``: the segments' texts joined as the language writes them."""
    return joiner(_output_language(transcript, task)).join(s.text for s in transcript.segments if s.text)


def _usage(transcript: Transcript, task: str) -> dict[str, Any]:
    """OpenAI's usage for a whisper transcription: the audio's seconds, rounded up (none for translations)."""
    if task == "translate":
        return {}
    return {"usage": {"type": "duration", "seconds": math.ceil(transcript.duration)}}


def _response(transcript: Transcript, response_format: str, task: str, options: TranscribeOptions,
              granularities: list[str] | None) -> Response:
    if response_format == "json":
        return JSONResponse({"text": _text(transcript, task), **_usage(transcript, task)})
    if response_format == "verbose_json":
        return JSONResponse(verbose_json(transcript, task, options, granularities))
    if response_format == "text":
        body = _text(transcript, task) + "\n"
    else:
        body = subtitles.render(transcript, response_format)
    return PlainTextResponse(body, media_type=_MEDIA_TYPES[response_format])


def _segment_json(index: int, segment: Segment, options: TranscribeOptions) -> dict[str, Any]:
    """One of OpenAI's verbose segments from a core Segment, which keeps words, not Whisper's internals.

    Where the engine does not keep a number, an honest stand-in is given:
    ``tokens`` is empty (token ids are not kept); ``seek`` is the segment's start in
    Whisper's 10 ms frames (segments are re-cut at pauses, so their decoding window is
    not kept); ``temperature`` is the first one the decoder tries (the fallback may
    have raised it for a window, which the engine does not report); ``avg_logprob``
    is the mean log probability of the segment's words (0 without words);
    ``compression_ratio`` is faster-whisper's own measure of the text; and
    ``no_speech_prob`` is 0, as the engine drops text the model judged silence.
    """
    logs = [math.log(max(word.probability, 1e-10)) for word in segment.words]
    return {
        "id": index,
        "seek": round(segment.start * 100),
        "start": segment.start,
        "end": segment.end,
        "text": segment.text,
        "tokens": [],
        "temperature": options.temperature[0],
        "avg_logprob": sum(logs) / len(logs) if logs else 0.0,
        "compression_ratio": compression_ratio(segment.text),
        "no_speech_prob": 0.0,
    }


def _speaker_json(transcript: Transcript, segment: Segment) -> dict[str, Any]:
    """The segment's speaker's name, for a transcript made with speakers (a key OpenAI's clients ignore)."""
    name = transcript.speaker_name(segment)
    return {} if name is None else {"speaker": name}


def verbose_json(transcript: Transcript, task: str, options: TranscribeOptions,
                 granularities: list[str] | None) -> dict[str, Any]:
    """OpenAI's ``verbose_json``: segments unless only words were asked for, words when asked for.

    The language is named as OpenAI names it, in lowercase English ("english", "korean").
    """
    asked = set(granularities or ("segment",))
    body: dict[str, Any] = {
        "task": task,
        "language": languages.name(_output_language(transcript, task)).lower(),
        "duration": transcript.duration,
        "text": _text(transcript, task),
    }
    if "segment" in asked:
        body["segments"] = [_segment_json(i, s, options) | _speaker_json(transcript, s)
                            for i, s in enumerate(transcript.segments)]
    if "word" in asked:  # with each word's probability too: OpenAI's clients ignore it, Malsori's review uses it
        body["words"] = [{"word": w.text.strip(), "start": w.start, "end": w.end, "probability": w.probability}
                         for s in transcript.segments for w in s.words]
    return body | _usage(transcript, task)


# --- streaming ----------------------------------------------------------------------------


def _sse(payload: dict[str, Any] | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return f"data: {data}\n\n"


class _Stream:
    """One streamed job: its upload, the job on the runner, and the events it sends.

    The job is admitted before the response starts (a full queue is a 503 like any
    other); the events follow its segments as they are decoded. A client that leaves
    cancels the job: Starlette cancels the event generator, whose ``finally`` cancels
    the job; :meth:`close` (the response's background task, run even when the
    generator never started) cancels what is left and removes the upload.
    """

    def __init__(self, upload: contextlib.AsyncExitStack, runner: Runner, path: Path, filename: str | None,
                 options: TranscribeOptions, model: str, path_of_request: str):
        self._upload, self._route = upload, path_of_request
        self._path, self._filename = path, filename
        self._segments: asyncio.Queue[Segment | None] = asyncio.Queue()
        self._cancel = threading.Event()
        self._separator = joiner("en" if options.task == "translate" else options.language)
        self._task, self._model = options.task, model
        self._id = f"{options.task}-{uuid.uuid4().hex}"
        self._created = int(time.time())
        self.job = asyncio.ensure_future(runner.transcribe(path, options, model, self._segments.put_nowait,
                                                           self._cancel))
        # Every segment's callback reaches the loop before the job's result does, so this
        # end marker comes after the last segment.
        self.job.add_done_callback(lambda _: self._segments.put_nowait(None))

    def _chunk(self, kind: str, content: str, finish_reason: str | None, **fields: Any) -> dict[str, Any]:
        """An event in both shapes: OpenAI's ``type`` and fields, and vLLM's chunk with ``choices``."""
        return {"type": f"transcript.text.{kind}", **fields,
                "id": self._id, "object": "translation.chunk" if self._task == "translate" else "transcription.chunk",
                "created": self._created, "model": self._model,
                "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish_reason}]}

    async def events(self) -> AsyncIterator[str]:
        try:
            first = True
            while (segment := await self._segments.get()) is not None:
                if not segment.text:
                    continue
                delta = segment.text if first else self._separator + segment.text
                first = False
                yield _sse(self._chunk("delta", delta, None, delta=delta))
            try:
                transcript = self.job.result()
            except AudioError as exc:  # found while decoding: a file cut short, damaged packets
                yield _sse({"type": "error", **error_body(self._route, audio_error(exc, self._path, self._filename))})
            except Exception as exc:
                yield _sse({"type": "error", **error_body(self._route, _failure(exc))})
            else:
                yield _sse(self._chunk("done", "", "stop", text=_text(transcript, self._task)))
            yield _sse("[DONE]")
        finally:
            self.stop()

    def stop(self) -> None:
        """Cancel the job if it is still running (never waits: called from a cancelled generator)."""
        if not self.job.done():
            self._cancel.set()
            self.job.cancel()

    async def close(self) -> None:
        self.stop()
        await asyncio.gather(self.job, return_exceptions=True)
        await self._upload.aclose()


async def _streamed(request: Request, runner: Runner, file: UploadFile, options: TranscribeOptions,
                    model: str) -> StreamingResponse:
    """The job admitted and its events streamed; a refusal before that is a JSON error."""
    upload = contextlib.AsyncExitStack()
    stream: _Stream | None = None
    try:
        path = await upload.enter_async_context(received(request, file))
        stream = _Stream(upload, runner, path, file.filename, options, model, request.url.path)
        # runner.transcribe refuses (Busy, UnknownModel) before its first await, so one
        # turn of the loop tells whether the job was admitted.
        await asyncio.sleep(0)
        if stream.job.done() and stream.job.exception() is not None:
            raise _failure(stream.job.exception())
    except BaseException:
        if stream is not None:
            stream.stop()
        await upload.aclose()
        raise
    return StreamingResponse(stream.events(), media_type="text/event-stream", background=BackgroundTask(stream.close),
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
