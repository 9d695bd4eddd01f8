"""File ▸ Export training data: saved projects to a fine-tuning dataset (core.dataset).

The person picks projects from the history (the ones selected there are picked already),
whether only reviewed segments count, whether numbers are written out, and a folder. The export
runs on a worker thread (the window stays live; a one-hour project decodes for a while), with a
progress bar and a Cancel that the core answers between audio chunks. The dialog ends with the
summary (clips and hours per split) or the reason nothing was written.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.dataset import DatasetCancelled, DatasetError, DatasetSummary, export_dataset
from ..core.project import ProjectStore
from .jobs import clock
from .settings import Settings

log = logging.getLogger(__name__)


class DatasetWorker(QObject):
    """One export, run on its own QThread when the thread starts; the thread quits when the
    export ends, so no thread is left running between exports. Core callbacks become signals: any
    number of ``progress``, then one of ``finished`` (a DatasetSummary), ``failed`` (a message)
    or ``cancelled``. The cancel is a threading.Event the GUI thread sets."""

    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, projects: list[Path], out: Path, reviewed_only: bool, spell_numbers: bool,
                 cancel: threading.Event):
        super().__init__()  # no parent: the object moves to its own thread
        self.projects, self.out = projects, out
        self.reviewed_only, self.spell_numbers = reviewed_only, spell_numbers
        self.cancel = cancel
        self.thread_ = QThread()
        self.thread_.setObjectName("dataset export")
        self.moveToThread(self.thread_)
        self.thread_.started.connect(self.run)

    @Slot()
    def run(self) -> None:
        try:
            summary = export_dataset(self.projects, self.out, reviewed_only=self.reviewed_only,
                                     spell_numbers=self.spell_numbers, progress=self.progress.emit,
                                     cancel=self.cancel.is_set)
        except DatasetCancelled:
            self.cancelled.emit()
        except DatasetError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must not kill the thread silently; the log has the traceback
            log.exception("dataset export to %s failed", self.out)
            self.failed.emit(f"Unexpected error: {exc}")
        else:
            self.finished.emit(summary)
        finally:
            self.thread_.quit()  # exec() returns once this slot does


class DatasetDialog(QDialog):
    """Choose projects and options, export, and read what was written."""

    def __init__(self, store: ProjectStore, selected: Sequence[Path], settings: Settings,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("datasetDialog")
        self.settings = settings
        self.worker: DatasetWorker | None = None  # the export running, if any
        self.summary: DatasetSummary | None = None
        self.setWindowTitle(self.tr("Export training data"))

        self.projects = QListWidget()
        self.projects.setObjectName("datasetProjects")
        self.projects.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        chosen = {Path(p) for p in selected}
        for summary in store.list():
            when = dt.datetime.fromtimestamp(summary.modified).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{summary.title} · {when} · {clock(summary.duration)}")
            item.setData(Qt.ItemDataRole.UserRole, str(summary.path))
            item.setToolTip(str(summary.media or summary.path))
            self.projects.addItem(item)
            item.setSelected(summary.path in chosen)
        self.projects.itemSelectionChanged.connect(self._update_buttons)
        self.reviewed_only = QCheckBox(self.tr("Only segments marked as reviewed"))
        self.reviewed_only.setChecked(settings.get("dataset/reviewed_only", False))
        self.spell_numbers = QCheckBox(self.tr("Write numbers out as spoken (100 → one hundred, 백)"))
        self.spell_numbers.setChecked(settings.get("dataset/spell_numbers", False))
        self.folder_edit = QLineEdit(settings.get("dialogs/dataset_dir", str(Path.home() / "malsori-dataset")))
        self.folder_edit.setObjectName("datasetFolder")
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit)
        folder_row.addWidget(self.browse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("datasetResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start)
        # an action, not the Cancel role: it stops the export and the dialog stays to say so
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Projects (clips are cut at their segments, up to 30 s each):")))
        layout.addWidget(self.projects)
        layout.addWidget(self.reviewed_only)
        layout.addWidget(self.spell_numbers)
        layout.addWidget(QLabel(self.tr("Folder (empty, or a dataset exported before, which is replaced):")))
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)

        self._update_buttons()

    def selected_projects(self) -> list[Path]:
        return [Path(item.data(Qt.ItemDataRole.UserRole)) for item in self.projects.selectedItems()]

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def running(self) -> bool:
        return self.worker is not None

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export training data to"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _update_buttons(self) -> None:
        running = self.running()
        self.export_button.setEnabled(not running and bool(self.selected_projects())
                                      and bool(self.folder_edit.text().strip()))
        self.cancel_button.setVisible(running)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not running)
        for widget in (self.projects, self.reviewed_only, self.spell_numbers, self.folder_edit, self.browse):
            widget.setEnabled(not running)

    def start(self) -> None:
        """Export the selected projects on the worker thread."""
        projects = self.selected_projects()
        if self.running() or not projects:
            return
        self.settings.set("dataset/reviewed_only", self.reviewed_only.isChecked())
        self.settings.set("dataset/spell_numbers", self.spell_numbers.isChecked())
        self.settings.set("dialogs/dataset_dir", str(self.folder()))
        self.summary = None
        self.worker = DatasetWorker(projects, self.folder(), self.reviewed_only.isChecked(),
                                    self.spell_numbers.isChecked(), threading.Event())
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText(self.tr("Exporting %n project(s)…", "", len(projects)))
        self._update_buttons()
        self.worker.thread_.start()

    def cancel(self) -> None:
        """Ask the export to stop; the core answers between audio chunks and clips."""
        if self.worker is not None:
            self.worker.cancel.set()
            self.result.setText(self.tr("Cancelling…"))

    def _progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 1000))

    def _done(self, text: str) -> None:
        if self.worker is not None:
            self.worker.thread_.wait()  # its run has returned: this is at once
        self.worker = None
        self.progress.hide()
        self.result.setText(text)
        self._update_buttons()

    def _finished(self, summary: DatasetSummary) -> None:
        self.summary = summary
        train, test = summary.splits["train"], summary.splits["test"]
        text = (self.tr("Wrote %n clip(s), %1 of audio (%2 hours), to %3: %4 for training, %5 for testing.", "",
                        summary.clips)
                .replace("%1", clock(summary.seconds)).replace("%2", f"{summary.hours:.2f}")
                .replace("%3", str(summary.folder)).replace("%4", str(train.clips)).replace("%5", str(test.clips)))
        if summary.skipped:
            text += " " + self.tr("%n item(s) skipped (see summary.json):", "", len(summary.skipped))
            text += "\n" + "\n".join(s.describe() for s in summary.skipped[:5])
        self._done(text)

    def _failed(self, message: str) -> None:
        self._done(message)

    def _cancelled(self) -> None:
        self._done(self.tr("Cancelled; the folder was left as it was."))

    def done(self, result: int) -> None:
        """Closing (Escape, the title bar) while exporting cancels it and waits for the thread,
        which the core lets go within a chunk of audio: a QThread must not outlive its dialog."""
        if self.worker is not None:
            self.worker.cancel.set()
            self.worker.thread_.wait()
            self.worker = None
        super().done(result)
