"""The worker that imports a fine-tuned checkpoint (core.model_import) off the GUI thread.

Starting torch and converting a model takes seconds to minutes of CPU; on the
GUI thread the window would freeze for all of it. The worker lives on its own
WorkerThread; ``start`` queues a conversion, whose stages and outcome come back
as queued signals, in order: any number of ``stage``, then one of ``finished``
or ``failed``. CTranslate2's converter cannot be interrupted, so ``shutdown``
waits for a conversion under way to end (its half-written folder is removed
then, and never listed meanwhile).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ..core.model_import import convert_checkpoint
from ..core.models import ModelError, ModelStore
from .workers import WorkerThread

log = logging.getLogger(__name__)


class ModelImportWorker(QObject):
    """Converts one checkpoint at a time into the store's models folder."""

    stage = Signal(object)  # a core.model_import.Stage, as each begins
    finished = Signal(str)  # the new model's name
    failed = Signal(str)  # a message for the person
    _requested = Signal(str, str, str)  # folder, name, quantization

    def __init__(self, store: ModelStore) -> None:
        super().__init__()  # no parent: the object moves to its own thread
        self.store = store
        self._requested.connect(self._run)  # queued once the object lives in the worker thread
        self._thread = WorkerThread(self, "ModelImportThread")

    def start(self, folder: str, name: str, quantization: str = "int8") -> None:
        self._requested.emit(folder, name, quantization)

    def shutdown(self) -> None:
        self._thread.stop(None)  # a running QThread must never be destroyed; the converter has no cancel

    @Slot(str, str, str)
    def _run(self, folder: str, name: str, quantization: str) -> None:
        try:
            path = convert_checkpoint(Path(folder), name=name, quantization=quantization, store=self.store,
                                      progress=self.stage.emit)
        except ModelError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must not kill the thread silently; the log has the traceback
            log.exception("importing %s failed", folder)
            self.failed.emit(f"Importing {folder} failed: unexpected error ({type(exc).__name__}: {exc}).")
        else:
            self.finished.emit(path.name)
