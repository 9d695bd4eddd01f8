"""QThread worker that runs transcriptions: core callbacks become Qt signals.

The worker object lives in its own QThread and owns the Transcriber, so the
model is loaded once and reused for every job until the person picks another
model or device. A job asks for its engine: a LocalEngine (faster-whisper here)
or a RemoteConfig (core.remote_engine: the audio goes to those servers, and only
then); a remote transcriber is reused while its configuration is unchanged.
The GUI thread asks for work with a queued signal and cancels through a
threading.Event it keeps: setting an Event is safe from any thread,
and the core checks it at least every tenth of a second.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core import audio
from ..core.engine import Progress, TranscribeOptions, Transcriber
from ..core.models import ModelError
from ..core.remote_engine import RemoteConfig, RemoteTranscriber
from ..core.transcript import Segment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalEngine:
    """A job for faster-whisper on this computer: which model, on which device."""

    model: str
    device: str


#: What a job runs on. A RemoteConfig is never made from a LocalEngine or the other
#: way round: a job runs where it asked to, or fails with the reason.
Engine = LocalEngine | RemoteConfig


class TranscriptionWorker(QObject):
    """Runs one job at a time in a background thread; every signal carries the job id."""

    model_loading = Signal(str)  # model name (local models only: a remote one needs no loading)
    model_ready = Signal(str, str)  # device ("remote" for servers), compute type
    notice = Signal(str)  # e.g. the GPU failed and the CPU is used
    started = Signal(int)
    progress = Signal(int, float, object, str)  # fraction, seconds remaining or None, stage
    language = Signal(int, object)  # the spoken language's code (given or detected), before the first segment
    segment = Signal(int, object)  # Segment
    finished = Signal(int, object)  # Transcript
    cancelled = Signal(int, object)  # the partial Transcript
    failed = Signal(int, str)  # a message for the person

    def __init__(self) -> None:
        super().__init__()
        self._transcriber: Transcriber | RemoteTranscriber | None = None
        self._key: Engine | None = None  # the engine asked for

    @Slot(int, str, object, object, object)
    def run(self, job_id: int, path: str, engine: Engine, options: TranscribeOptions,
            cancel: threading.Event) -> None:
        if cancel.is_set():
            self.cancelled.emit(job_id, None)
            return
        self.started.emit(job_id)
        try:
            transcriber = self._transcriber_for(engine)
            result = transcriber.transcribe(
                Path(path),
                options,
                on_segment=lambda seg: self._segment(job_id, seg),
                on_progress=lambda p: self._progress(job_id, p),
                cancel=cancel,
                on_language=lambda code: self.language.emit(job_id, code),
            )
        except (audio.AudioError, ModelError) as exc:
            self.failed.emit(job_id, str(exc))
            return
        except Exception as exc:  # a bug must not kill the worker thread; the log has the traceback
            log.exception("transcription of %s failed", path)
            self.failed.emit(job_id, f"Unexpected error: {exc}")
            return
        if cancel.is_set():
            self.cancelled.emit(job_id, result)
        else:
            self.finished.emit(job_id, result)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """After a cancel, wait for the model thread to finish the window it is decoding
        (see Transcriber.wait_idle): the process must not exit while it is inside
        CTranslate2. Call once the worker's QThread has stopped."""
        transcriber = self._transcriber
        return transcriber is None or transcriber.wait_idle(timeout)

    def _segment(self, job_id: int, segment: Segment) -> None:
        self.segment.emit(job_id, segment)

    def _progress(self, job_id: int, progress: Progress) -> None:
        self.progress.emit(job_id, progress.fraction, progress.remaining, progress.stage)

    def _transcriber_for(self, engine: Engine) -> Transcriber | RemoteTranscriber:
        if self._transcriber is not None and self._key == engine:
            return self._transcriber
        self._transcriber = self._key = None  # drop the old model before loading the next one
        transcriber: Transcriber | RemoteTranscriber
        if isinstance(engine, RemoteConfig):
            transcriber = RemoteTranscriber(engine, notice=self.notice.emit)
        else:
            self.model_loading.emit(engine.model)
            transcriber = Transcriber(engine.model, device=engine.device, notice=self.notice.emit)
        transcriber.load()
        self._transcriber, self._key = transcriber, engine
        self.model_ready.emit(transcriber.device or "", transcriber.compute_type or "")
        return transcriber


class WorkerThread:
    """A worker object on its own QThread, stopped cleanly with the window."""

    def __init__(self, worker: QObject, name: str):
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self, timeout_ms: int | None = 10_000) -> bool:
        """Quit the thread's event loop once its current call returns, and wait for it;
        returns whether it stopped.

        ``None`` waits as long as it takes: a QThread object destroyed while its thread
        runs aborts the whole process ("QThread: Destroyed while thread is still
        running"), which is worse than a slow exit. The caller cancels the current
        work first, so the call returns soon.
        """
        self.thread.quit()
        stopped = self.thread.wait() if timeout_ms is None else self.thread.wait(timeout_ms)
        if not stopped:
            log.warning("worker thread %s did not stop in time", self.thread.objectName())
        return stopped
