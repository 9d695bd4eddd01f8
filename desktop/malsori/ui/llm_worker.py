"""QThread worker for requests to the LLM server: core callbacks become Qt signals.

A job is any function of ``(on_text, on_step, cancel)`` that talks to the
server through :mod:`malsori.core.llm` (a summary, a model list, a connection
test). It runs on the worker's own QThread, which runs only while a job does,
so the window never waits on the network. Stop sets a threading.Event that the
client answers within a twentieth of a second, in every phase of a request.

Signals reach receivers in the GUI thread queued, in order: any number of
``text`` and ``step``, then exactly one of ``finished`` (the job's result) or
``failed`` (an LlmError; its kind is CANCELLED after Stop, and its ``partial``
holds the text so far).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.llm import Kind, LlmError
from ..core.summarize import Step

log = logging.getLogger(__name__)

Job = Callable[[Callable[[str], None], Callable[[Step], None], threading.Event], Any]

#: Workers with a started thread, kept referenced until it has finished, so Python
#: never deletes a running QThread even when the panel that owned it is gone.
_STARTED: set[LlmWorker] = set()


class LlmWorker(QObject):
    """Runs one job at a time in a background thread."""

    text = Signal(str)
    step = Signal(object)  # summarize.Step
    finished = Signal(object)  # whatever the job returned
    failed = Signal(object)  # LlmError

    def __init__(self) -> None:
        super().__init__()  # no parent: the object moves to its own thread
        self._job: Job | None = None
        self._cancel = threading.Event()
        self._busy = False
        self._thread = QThread()
        self._thread.setObjectName("LlmThread")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)

    # --- GUI-thread API --------------------------------------------------------------

    def is_busy(self) -> bool:
        return self._busy

    def start(self, job: Job) -> None:
        """Run ``job``; raises RuntimeError while another one runs."""
        if self._busy:
            raise RuntimeError("a request to the LLM server is still running")
        if self._thread.isRunning():  # the previous job has ended and its thread is quitting
            self._thread.wait()
        self._job = job
        self._cancel = threading.Event()
        self._busy = True
        for worker in list(_STARTED):
            if worker._thread.isFinished():
                _STARTED.discard(worker)
        _STARTED.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the running job to stop; ``failed`` follows with kind CANCELLED."""
        self._cancel.set()

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop any job and wait for the thread to end; True when it has."""
        self._cancel.set()
        if self._thread.isRunning():
            self._thread.quit()
            return self._thread.wait(timeout_ms)
        return True

    # --- worker thread ----------------------------------------------------------------

    @Slot()
    def _run(self) -> None:
        job, cancel = self._job, self._cancel
        outcome: tuple[bool, Any]
        try:
            assert job is not None
            outcome = (True, job(self.text.emit, self.step.emit, cancel))
        except LlmError as exc:
            outcome = (False, exc)
        except Exception as exc:  # a bug must not kill the thread silently; the log has the traceback
            log.exception("an LLM request failed unexpectedly")
            outcome = (False, LlmError(Kind.REQUEST, f"Unexpected error ({type(exc).__name__}: {exc}); "
                                                     "the log file has the details."))
        finally:
            self._job = None
            self._busy = False
            self._thread.quit()
        ok, value = outcome
        (self.finished if ok else self.failed).emit(value)
