"""QThread worker that downloads a catalog model: core callbacks become Qt signals.

The worker object lives in its own QThread, which runs only while a download
does: ``start(name)`` starts the thread, the download runs from the thread's
``started`` signal, and the thread quits when the download ends. So an idle
worker holds no running thread and can be dropped at any time; a busy one is
stopped with ``shutdown()`` (cancel, then wait). Cancel sets a threading.Event
that the core checks after every 256 KiB chunk, so it is answered at once.

Signals are emitted from the worker thread and reach receivers in the GUI
thread queued, in order: any number of ``progress`` and then exactly one of
``finished``, ``failed`` or ``cancelled``.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.models import DownloadCancelled, ModelError, ModelStore, Progress

log = logging.getLogger(__name__)

#: Progress signals per second at most (the core reports every 256 KiB).
_PROGRESS_HZ = 20

#: Workers whose thread has been started, kept referenced until it has finished, so
#: Python never deletes a running QThread ("QThread: Destroyed while thread is still
#: running") or a worker whose download is in flight, even when its owner is gone.
#: Pruned from the GUI thread only, so the last reference never drops in the worker thread.
_STARTED: set[ModelDownloadWorker] = set()


def _prune() -> None:
    for worker in list(_STARTED):
        if worker._thread.isFinished():
            _STARTED.discard(worker)


class ModelDownloadWorker(QObject):
    """Downloads one model at a time in a background thread."""

    progress = Signal("qint64", "qint64")  # bytes done, bytes in all (0 while unknown)
    finished = Signal(str)  # the model folder
    failed = Signal(str)  # a message for the person, one line
    cancelled = Signal()

    def __init__(self, store: ModelStore | None = None) -> None:
        super().__init__()  # no parent: the object moves to its own thread
        self.store = store or ModelStore()
        self._cancel = threading.Event()
        self._name = ""
        self._busy = False
        self._last_report = 0.0
        self._thread = QThread()
        self._thread.setObjectName("ModelDownloadThread")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)

    # --- GUI-thread API --------------------------------------------------------------

    @property
    def name(self) -> str:
        """The model being (or last) downloaded."""
        return self._name

    def is_busy(self) -> bool:
        return self._busy

    def start(self, name: str) -> None:
        """Begin downloading ``name``; raises RuntimeError when a download is already running."""
        if self._busy:
            raise RuntimeError(f"{self._name} is still being downloaded")
        if self._thread.isRunning():  # the previous download has ended and its thread is quitting
            self._thread.wait()
        self._name = name
        self._cancel = threading.Event()
        self._busy = True
        self._last_report = 0.0
        _prune()
        _STARTED.add(self)
        self._thread.start()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the running download to stop; it answers with ``cancelled`` within one chunk."""
        self._cancel.set()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel any download and wait for the thread to end; True when it has."""
        self._cancel.set()
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                return False
        _prune()
        return True

    # --- worker thread ----------------------------------------------------------------

    @Slot()
    def _run(self) -> None:
        name, cancel = self._name, self._cancel
        outcome: tuple[str, str | None]
        try:
            path = self.store.download(name, progress=self._report, cancel=cancel)
            outcome = ("finished", str(path))
        except DownloadCancelled:
            outcome = ("cancelled", None)
        except ModelError as exc:
            outcome = ("failed", str(exc))
        except Exception as exc:  # a bug must not kill the thread silently; the log has the traceback
            log.exception("downloading %s failed", name)
            outcome = ("failed", f"Downloading {name} failed: unexpected error ({type(exc).__name__}: {exc}).")
        finally:
            self._busy = False
            self._thread.quit()  # exec() returns at once once the run is over
        kind, value = outcome
        if kind == "finished":
            self.finished.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit((value or "").splitlines()[0] if value else f"Downloading {name} failed.")

    def _report(self, progress: Progress) -> None:
        now = time.monotonic()
        last = progress.total and progress.done >= progress.total
        if last or now - self._last_report >= 1 / _PROGRESS_HZ:
            self._last_report = now
            self.progress.emit(progress.done, progress.total)
