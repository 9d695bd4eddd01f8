"""Work that ends when its client leaves.

A request handler waits on a job (a transcription, a request to the LLM server);
if the client hangs up meanwhile, the wait would go on to the end for nobody.
:func:`watched` checks the connection twice a second and sets the job's cancel
event when it is gone. (Streamed responses need no watch: Starlette cancels
their generator itself.)
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Awaitable, Callable, TypeVar

from fastapi import Request

from ..core.engine import TranscribeOptions
from ..core.transcript import Segment, Transcript
from .runner import Cancelled, Runner

POLL_S = 0.5
T = TypeVar("T")


async def watched(request: Request, work: Awaitable[T], cancel: threading.Event) -> T:
    """The result of ``work``, whose cancel event is ``cancel``: set (and Cancelled raised)
    if the client disconnects first, or if the wait itself is cancelled."""
    job = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({job}, timeout=POLL_S)
            if done:
                return job.result()
            if await request.is_disconnected():
                raise Cancelled("the client disconnected")
    finally:
        if not job.done():
            cancel.set()
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)


async def transcribe_watched(
    request: Request,
    runner: Runner,
    path: Path,
    options: TranscribeOptions,
    model: str | None = None,
    on_segment: Callable[[Segment], None] | None = None,
) -> Transcript:
    """``runner.transcribe`` that is cancelled (Cancelled raised) if the client disconnects."""
    cancel = threading.Event()
    return await watched(request, runner.transcribe(path, options, model, on_segment, cancel), cancel)
