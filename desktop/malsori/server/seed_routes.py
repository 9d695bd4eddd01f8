"""Malsori's own endpoints: ``/health``, ``/transcribe``, ``/transcribe-and-process``.

Answers are ``{"success": true, ...}``, failures ``{"success": false, "error": ...}``
with the HTTP status that fits (errors.py).
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from .. import __version__
from ..core.transcript import Transcript
from . import options as request_options
from .uploads import received
from .watch import transcribe_watched

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


@router.post("/transcribe", summary="Transcribe an uploaded audio or video file")
async def transcribe(
    request: Request,
    file: UploadFile = File(..., description="audio or video, any format FFmpeg reads"),
    language: str | None = Form(None, description="ko, en, … or auto (default: detect)"),
    task: str = Form("transcribe", description="transcribe, or translate (to English)"),
    model: str | None = Form(None, description="a model GET /v1/models lists (default: the served one)"),
    prompt: str | None = Form(None, description="text that sets vocabulary and style"),
    temperature: float | None = Form(None, description="0 or none: raised as needed; above 0: that temperature"),
    beam_size: int | None = Form(None, ge=1, le=20),
    vad_filter: bool | None = Form(None, description="skip silence (default on)"),
    word_timestamps: bool = Form(True),
    hotwords: str | None = Form(None, description="words to favour, such as names"),
) -> dict[str, Any]:
    choice = request_options.build(language, task, prompt, temperature, beam_size, vad_filter, word_timestamps, hotwords)
    async with received(request, file) as path:
        transcript = await transcribe_watched(request, request.app.state.runner, path, choice, model)
    return {"success": True, **transcript_json(transcript)}
