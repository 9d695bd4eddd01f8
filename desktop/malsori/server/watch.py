"""A job that ends when its client leaves.

A request handler waits on the runner; if the client hangs up meanwhile, the
wait would go on to the end of the file for nobody. :func:`transcribe_watched`
checks the connection twice a second and cancels the job when it is gone.
(Streamed responses need no watch: Starlette cancels their generator itself.)
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Callable

from fastapi import Request

from ..core.engine import TranscribeOptions
from ..core.transcript import Segment, Transcript
from .runner import Cancelled, Runner

POLL_S = 0.5


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
    job = asyncio.ensure_future(runner.transcribe(path, options, model, on_segment, cancel))
    try:
        while True:
            done, _ = await asyncio.wait({job}, timeout=POLL_S)
            if done:
                return job.result()
            if await request.is_disconnected():
                cancel.set()
                raise Cancelled("the client disconnected")
    finally:
        if not job.done():
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)
