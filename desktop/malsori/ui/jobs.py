"""The transcription queue: jobs and the table model the queue view shows.

A Job is plain data owned by the GUI thread. The worker thread never touches
it: it reports by signals, and the window applies them here, so there is no
shared mutable state between threads.
"""

from __future__ import annotations

import enum
import itertools
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QStyleOptionViewItem

from ..core.engine import FINDING_SPEAKERS, TRANSCRIBING
from ..core.queue_store import overlay
from ..core.timecode import format_duration
from ..core.transcript import Segment, Transcript
from . import i18n
from .table_model import ListTableModel

_ids = itertools.count(1)
_FAILED_COLOR = QColor("#d9412b")  # readable on light and dark palettes


class Status(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (Status.DONE, Status.FAILED, Status.CANCELLED)


def status_text(status: Status, stage: str = TRANSCRIBING) -> str:
    if status is Status.RUNNING and stage == FINDING_SPEAKERS:
        return QCoreApplication.translate("Jobs", "Finding speakers")
    return {
        Status.QUEUED: QCoreApplication.translate("Jobs", "Waiting"),
        Status.RUNNING: QCoreApplication.translate("Jobs", "Transcribing"),
        Status.DONE: QCoreApplication.translate("Jobs", "Done"),
        Status.FAILED: QCoreApplication.translate("Jobs", "Failed"),
        Status.CANCELLED: QCoreApplication.translate("Jobs", "Cancelled"),
    }[status]


@dataclass
class Job:
    """One file in the queue, from waiting to a saved transcript."""

    path: Path
    duration: float | None = None
    status: Status = Status.QUEUED
    progress: float = 0.0
    remaining: float | None = None
    stage: str = TRANSCRIBING  # while running: the words, or who says them
    language: str | None = None
    error: str | None = None
    segments: list[Segment] = field(default_factory=list)  # streamed while running
    #: The job's text in History (project_path): a finished result, or partial
    #: when a run was stopped. A re-run keeps it until its own result replaces it.
    transcript: Transcript | None = None
    partial: bool = False
    project_path: Path | None = None
    id: int = field(default_factory=lambda: next(_ids))
    key: str = field(default_factory=lambda: uuid.uuid4().hex)  # names the job in the saved queue

    @property
    def name(self) -> str:
        return self.path.name

    def shown_segments(self) -> list[Segment]:
        """What the job has to show: while it runs, the new segments and the kept
        text it has not reached yet; otherwise its transcript."""
        kept = self.transcript.segments if self.transcript is not None else ()
        if self.status is Status.RUNNING:
            return overlay(self.segments, kept)
        return list(kept) if self.transcript is not None else list(self.segments)

    def speaker_names(self) -> dict[str, str]:
        """The names of its transcript's speakers by id (none before it has one)."""
        return {sp.id: sp.name for sp in self.transcript.speakers} if self.transcript is not None else {}


def _same_file_key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def clock(seconds: float | None) -> str:
    """h:mm:ss or m:ss; empty for unknown."""
    return "" if seconds is None else format_duration(seconds)


class Column(enum.IntEnum):
    NAME = 0
    DURATION = 1
    STATUS = 2
    PROGRESS = 3
    REMAINING = 4
    LANGUAGE = 5


class JobQueueModel(ListTableModel):
    """The queue as a table: name, duration, status, progress, time left, language."""

    columns = Column

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.jobs: list[Job] = []

    def items(self) -> list[Job]:
        return self.jobs

    def header(self, column: Column) -> str:
        return {
            Column.NAME: QCoreApplication.translate("Jobs", "File"),
            Column.DURATION: QCoreApplication.translate("Jobs", "Length"),
            Column.STATUS: QCoreApplication.translate("Jobs", "Status"),
            Column.PROGRESS: QCoreApplication.translate("Jobs", "Progress"),
            Column.REMAINING: QCoreApplication.translate("Jobs", "Time left"),
            Column.LANGUAGE: QCoreApplication.translate("Jobs", "Language"),
        }[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self.jobs[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return job.error if job.error else str(job.path)
        if role == Qt.ItemDataRole.UserRole:
            return job.progress if column == Column.PROGRESS else job.id
        if role == Qt.ItemDataRole.ForegroundRole and job.status is Status.FAILED and column == Column.STATUS:
            return _FAILED_COLOR
        return None

    def _display(self, job: Job, column: Column) -> str:
        if column == Column.NAME:
            return job.name
        if column == Column.DURATION:
            return clock(job.duration)
        if column == Column.STATUS:
            text = status_text(job.status, job.stage)
            return f"{text}: {job.error}" if job.error else text
        if column == Column.PROGRESS:
            return "" if job.status is Status.FAILED else f"{job.progress:.0%}"
        if column == Column.REMAINING:
            return clock(job.remaining) if job.status is Status.RUNNING else ""
        if column == Column.LANGUAGE:
            return i18n.language_name(job.language)
        return ""

    # --- edits from the window ------------------------------------------------------------

    def add(self, job: Job) -> None:
        row = len(self.jobs)
        self.beginInsertRows(QModelIndex(), row, row)
        self.jobs.append(job)
        self.endInsertRows()

    def remove(self, job: Job) -> None:
        row = self.row_of(job)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.jobs[row]
        self.endRemoveRows()

    def row_of(self, job: Job) -> int:
        return next(i for i, j in enumerate(self.jobs) if j.id == job.id)

    def by_id(self, job_id: int) -> Job | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    def by_path(self, path: Path) -> Job | None:
        """The row of this media file (by its real path: a link or "./a.wav" is the same file)."""
        wanted = _same_file_key(path)
        return next((j for j in self.jobs if _same_file_key(j.path) == wanted), None)

    def changed(self, job: Job) -> None:
        """Tell the views a job's fields changed."""
        row = self.row_of(job)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def next_queued(self) -> Job | None:
        return next((j for j in self.jobs if j.status is Status.QUEUED), None)

    def running(self) -> Job | None:
        return next((j for j in self.jobs if j.status is Status.RUNNING), None)


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a progress bar in the platform's style."""

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(round(float(index.data(Qt.ItemDataRole.UserRole) or 0.0) * 1000))
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
