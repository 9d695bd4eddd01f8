"""The main window: drop files, watch the queue turn them into transcripts.

All transcription happens in a TranscriptionWorker on its own QThread; this
window only keeps the queue (GUI-thread data) and reacts to the worker's
signals, so it never waits on the model. Each job is sent with the engine the
model panel shows when it starts (local, or remote servers); while Remote is
chosen a badge in the status bar says where the audio goes.
"""

from __future__ import annotations

import glob
import logging
import threading
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import resources
from ..core import audio, output_plan, subtitles
from ..core.engine import TRANSCRIBING
from ..core.project import SUFFIX as PROJECT_SUFFIX
from ..core.project import Project, ProjectError, ProjectStore, is_partial
from ..core.project import load as load_project
from ..core.queue_store import QueueEntry, QueueStore, overlay
from ..core.recovery import RecoveryStore
from ..core.subtitles import SubtitleError
from ..core.transcript import Segment, Transcript
from . import i18n
from .button_row import ButtonRow
from .drop_zone import DropZone, local_paths, media_patterns
from .editor_window import EditorWindow, open_subtitles_dialog, open_subtitles_file
from .dataset_dialog import DatasetDialog
from .export_dialog import ExportAllDialog, export_filters, format_for_filter
from .history_panel import HistoryPanel
from .jobs import Column, Job, JobQueueModel, ProgressDelegate, Status
from .options_panel import OptionsPanel
from .recording_panel import RecordingPanel
from .remote_engine_panel import BADGE_STYLE
from .screen_fit import MINIMUM_SIZE, fit_to_screen, keep_on_screen
from .segment_table import SegmentTableModel
from .settings import Settings
from .speaker_labels import retranslate as retranslate_speaker_labels
from .speaker_labels import speaker_labels, speaker_labels_action
from .workers import Engine, LocalEngine, TranscriptionWorker, WorkerThread

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Drop zone and queue in the middle, model options and history on the left,
    the selected job's segments below."""

    # job id, path, engine (workers.Engine), options, cancel event: queued to the worker thread
    _request = Signal(int, str, object, object, object)

    def __init__(self, settings: Settings | None = None, projects: ProjectStore | None = None,
                 log_file: Path | None = None, recovery: RecoveryStore | None = None,
                 queue_store: QueueStore | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.projects = projects or ProjectStore()
        self.recovery = recovery or RecoveryStore()
        self.queue_store = queue_store or QueueStore()
        self._closing = False  # the person chose to close: the jobs stopped now resume next time
        self.editors: list[EditorWindow] = []
        self.log_file = log_file
        self.queue = JobQueueModel(self)
        self._cancels: dict[int, threading.Event] = {}
        self.setWindowIcon(QIcon(str(resources.icon_path())))
        self.setAcceptDrops(True)
        self.setMinimumSize(MINIMUM_SIZE)  # works on an 800×600 screen

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._start_worker()
        for signal in (self.queue.rowsInserted, self.queue.rowsRemoved, self.queue.dataChanged):
            signal.connect(self._save_queue)
        self.retranslate_ui()
        self._restore_geometry()
        self._update_actions()

    # --- construction -----------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.drop_zone = DropZone()
        self.drop_zone.files_dropped.connect(self.open_paths)
        self.drop_zone.open_requested.connect(self.open_files)
        self.drop_zone.sample_requested.connect(self.try_sample)

        self.queue_view = QTableView()
        self.queue_view.setObjectName("queueView")
        self.queue_view.setModel(self.queue)
        self.queue_view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self.queue_view))
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.queue_view.verticalHeader().hide()
        self.queue_view.setAlternatingRowColors(True)
        header = self.queue_view.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (Column.DURATION, Column.REMAINING, Column.LANGUAGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(Column.STATUS, 200)
        header.resizeSection(Column.PROGRESS, 140)
        self.queue_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.queue_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.queue_view.customContextMenuRequested.connect(self._queue_menu)

        self.cancel_button = QPushButton(objectName="cancelButton")
        self.cancel_all_button = QPushButton(objectName="cancelAllButton")
        self.retry_button = QPushButton(objectName="retryButton")
        self.remove_button = QPushButton(objectName="removeButton")
        self.edit_button = QPushButton(objectName="editButton")
        self.export_button = QPushButton(objectName="exportButton")
        self.export_all_button = QPushButton(objectName="exportAllButton")
        self.queue_buttons = ButtonRow(  # stacks the two groups when the window is narrow
            (self.cancel_button, self.cancel_all_button, self.retry_button, self.remove_button),
            (self.edit_button, self.export_button, self.export_all_button))

        self.segments = SegmentTableModel(self)
        self.segments_title = QLabel(objectName="segmentsTitle")
        self.segments_view = QTableView(objectName="segmentsView")
        self.segments_view.setModel(self.segments)
        self.segments_view.verticalHeader().hide()
        self.segments_view.setWordWrap(True)
        self.segments_view.setAlternatingRowColors(True)
        self.segments_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        seg_header = self.segments_view.horizontalHeader()
        seg_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        metrics = self.segments_view.fontMetrics()
        seg_header.resizeSection(0, metrics.horizontalAdvance("00000") + 12)
        for column in (1, 2):  # fixed: sizing to contents would measure thousands of rows
            seg_header.resizeSection(column, metrics.horizontalAdvance("00:00:00.000") + 16)

        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.drop_zone, 2)
        queue_layout.addWidget(self.queue_view, 3)
        queue_layout.addWidget(self.queue_buttons)
        segments_box = QWidget()
        segments_layout = QVBoxLayout(segments_box)
        segments_layout.setContentsMargins(0, 0, 0, 0)
        segments_layout.addWidget(self.segments_title)
        segments_layout.addWidget(self.segments_view)
        self.center = QSplitter(Qt.Orientation.Vertical, objectName="centerSplitter")
        self.center.addWidget(queue_box)
        self.center.addWidget(segments_box)
        self.center.setStretchFactor(0, 3)
        self.center.setStretchFactor(1, 2)

        self.options_panel = OptionsPanel(self.settings)
        self.options_panel.changed.connect(self._options_changed)
        options_scroll = QScrollArea()
        options_scroll.setWidgetResizable(True)
        options_scroll.setWidget(self.options_panel)
        options_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.history = HistoryPanel(self.projects)
        self.history.open_requested.connect(self.open_project)
        self.history.deleted.connect(self._project_deleted)
        self.side = QSplitter(Qt.Orientation.Vertical, objectName="sideSplitter")
        self.side.addWidget(options_scroll)
        self.side.addWidget(self.history)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 2)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.main_splitter.addWidget(self.side)
        self.main_splitter.addWidget(self.center)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([330, 950])
        self.setCentralWidget(self.main_splitter)

        self.recording_panel = RecordingPanel(self.settings, self.options_panel.model_name)
        self.recording_panel.recording_finished.connect(self._recording_finished)
        self.recording_dock = QDockWidget(self)
        self.recording_dock.setObjectName("recordingDock")
        self.recording_dock.setWidget(self.recording_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.recording_dock)
        self.recording_dock.setVisible(self.settings.get("window/recording_visible", False))
        self._open_when_done: set[int] = set()

        self.engine_badge = QLabel(objectName="engineBadge")
        self.engine_badge.setStyleSheet(BADGE_STYLE)
        self.model_label = QLabel(objectName="modelLabel")
        self.device_label = QLabel(objectName="deviceLabel")
        self.statusBar().addPermanentWidget(self.engine_badge)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(self.device_label)

        self.cancel_button.clicked.connect(self.cancel_selected)
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.retry_button.clicked.connect(self.retry_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.queue_view.activated.connect(lambda _index: self.edit_selected())
        self.export_button.clicked.connect(self.export_selected)
        self.export_all_button.clicked.connect(self.export_all_dialog)

    def _action(self, handler, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(handler)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.open_action = self._action(self.open_files, keys.Open)
        self.open_folder_action = self._action(self.open_folder, "Ctrl+Shift+O")
        self.sample_action = self._action(self.try_sample)
        self.record_action = self.recording_dock.toggleViewAction()
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.open_subtitles_action = self._action(self.open_subtitles)
        self.edit_action = self._action(self.edit_selected, "Ctrl+Return")
        self.export_action = self._action(self.export_selected, "Ctrl+E")
        self.export_all_action = self._action(self.export_all_dialog, "Ctrl+Shift+E")
        self.dataset_action = self._action(self.export_training_data)
        self.quit_action = self._action(self.close, keys.Quit)
        self.cancel_action = self._action(self.cancel_selected, "Ctrl+.")
        self.cancel_all_action = self._action(self.cancel_all)
        self.retry_action = self._action(self.retry_selected, "Ctrl+R")
        self.remove_action = self._action(self.remove_selected, keys.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.queue_view.addAction(self.remove_action)
        self.log_action = self._action(self.open_log)
        self.voices_action = self._action(self.show_known_voices)
        self.about_action = self._action(self.about)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.CHOICES:
            action = QAction(self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_ui_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.language_actions.get(self.settings.ui_language(), self.language_actions["system"]).setChecked(True)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for item in (self.open_action, self.open_folder_action, self.recent_menu, self.sample_action,
                     self.open_subtitles_action, self.record_action, None, self.edit_action,
                     self.export_action, self.export_all_action, self.dataset_action, None, self.quit_action):
            if item is None:
                self.file_menu.addSeparator()
            elif isinstance(item, QMenu):
                self.file_menu.addMenu(item)
            else:
                self.file_menu.addAction(item)
        self.queue_menu = bar.addMenu("")
        for action in (self.cancel_action, self.cancel_all_action, self.retry_action, self.remove_action):
            self.queue_menu.addAction(action)
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.labels_action = speaker_labels_action(self.settings, self.settings_menu)
        self.settings_menu.addAction(self.voices_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.log_action)
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Malsori"))
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open files…"))
        self.open_folder_action.setText(self.tr("Open &folder…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.sample_action.setText(self.tr("Try a &sample"))
        self.open_subtitles_action.setText(self.tr("Open s&ubtitles to edit…"))
        self.record_action.setText(self.tr("&Record a session…"))
        self.recording_dock.setWindowTitle(self.tr("Record"))
        self.edit_action.setText(self.tr("E&dit transcript…"))
        self.export_action.setText(self.tr("&Export…"))
        self.export_all_action.setText(self.tr("Export &all finished…"))
        self.dataset_action.setText(self.tr("Export &training data…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.queue_menu.setTitle(self.tr("&Queue"))
        self.cancel_action.setText(self.tr("&Cancel selected"))
        self.cancel_all_action.setText(self.tr("Cancel a&ll"))
        self.retry_action.setText(self.tr("&Retry selected"))
        self.remove_action.setText(self.tr("Re&move selected"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("Interface &language"))
        self.voices_action.setText(self.tr("Known &voices…"))
        retranslate_speaker_labels(self.labels_action)
        self.language_actions["system"].setText(self.tr("System default"))
        self.language_actions["en"].setText("English")
        self.language_actions["ko"].setText("한국어 (Korean)")
        self.help_menu.setTitle(self.tr("&Help"))
        self.log_action.setText(self.tr("Open &log file"))
        self.about_action.setText(self.tr("&About Malsori"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_all_button.setText(self.tr("Cancel all"))
        self.retry_button.setText(self.tr("Retry"))
        self.remove_button.setText(self.tr("Remove"))
        self.edit_button.setText(self.tr("Edit…"))
        self.export_button.setText(self.tr("Export…"))
        self.export_all_button.setText(self.tr("Export all…"))
        self._update_status()
        self._show_selected()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
            self.queue.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
            self.segments.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        super().changeEvent(event)

    def _start_worker(self) -> None:
        self.worker = TranscriptionWorker()
        self.worker_thread = WorkerThread(self.worker, "transcription")
        self._request.connect(self.worker.run, Qt.ConnectionType.QueuedConnection)
        self.worker.model_loading.connect(self._model_loading)
        self.worker.model_ready.connect(self._model_ready)
        self.worker.notice.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        self.worker.started.connect(self._job_started)
        self.worker.progress.connect(self._job_progress)
        self.worker.language.connect(self._job_language)
        self.worker.segment.connect(self._job_segment)
        self.worker.finished.connect(self._job_finished)
        self.worker.cancelled.connect(self._job_cancelled)
        self.worker.failed.connect(self._job_failed)
        self._device_text = ""

    # --- adding files ---------------------------------------------------------------------

    def add_paths(self, paths: Sequence[Path]) -> list[Job]:
        """Queue the media files among ``paths`` (folders are searched); returns the new jobs.

        A file already in the queue is not added twice: its row is selected (Retry
        transcribes it again with the current options)."""
        jobs, known = [], []
        for path in audio.media_files(Path(p) for p in paths):
            existing = self.queue.by_path(path)
            if existing is not None:
                known.append(existing)
                continue
            job = Job(path)
            try:
                job.duration = audio.probe_duration(path)
            except audio.AudioError as exc:
                job.status, job.error = Status.FAILED, str(exc)
            self.queue.add(job)
            self.settings.add_recent_file(str(path))
            jobs.append(job)
        self._fit_drop_zone()
        if known and not jobs:
            self._select(known[0])
        elif jobs and not self.queue_view.selectionModel().hasSelection():
            self._select(jobs[0])
        self._dispatch()
        self._update_actions()
        if known:
            self.statusBar().showMessage(self.tr("%1 is already in the queue. Retry transcribes it again.").replace("%1", known[0].name), 8000)
        return jobs

    def open_paths(self, paths: Sequence[Path]) -> None:
        """What a file manager's "Open with" or a drop hands over: a project reopens,
        a subtitle file opens in the editor (with the media file of the same name
        beside it, if any), and everything else is queued for transcription."""
        rest = []
        for path in paths:
            if path.suffix.lower() == PROJECT_SUFFIX and path.is_file():
                job = self.open_project(path)
                if job is not None:
                    self.edit_selected()
            elif path.suffix.lower() in EDITABLE_SUBTITLE_SUFFIXES and path.is_file():
                self._show_subtitles_editor(
                    open_subtitles_file(self, path, _media_beside(path), self.settings, self.recovery))
            else:
                rest.append(path)
        if rest:
            self.add_paths(rest)

    def _fit_drop_zone(self) -> None:
        """A big target while the queue is empty; a slim one once there is work to watch."""
        self.drop_zone.setMaximumHeight(130 if self.queue.jobs else 16_777_215)

    def open_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open audio or video files"), self.settings.get("dialogs/open_dir", str(Path.home())),
            self.tr("Audio and video") + f" ({media_patterns()});;" + self.tr("All files") + " (*)",
        )
        if files:
            self.settings.set("dialogs/open_dir", str(Path(files[0]).parent))
            self.add_paths([Path(f) for f in files])

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of recordings"),
                                                  self.settings.get("dialogs/open_dir", str(Path.home())))
        if folder:
            self.settings.set("dialogs/open_dir", folder)
            self.add_paths([Path(folder)])

    def try_sample(self) -> None:
        self.add_paths([resources.sample_audio()])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_files() if Path(p).exists()]
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.add_paths([Path(p)]))
        if not recent:
            self.recent_menu.addAction(self.tr("No recent files")).setEnabled(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # --- the queue ---------------------------------------------------------------------------

    def _dispatch(self) -> None:
        """Send the next waiting job to the worker, if it is idle."""
        if self.queue.running() is not None:
            return
        job = self.queue.next_queued()
        if job is None or self.options_panel.engine_problem():  # a bad server address: the jobs wait
            self._update_status()
            return
        job.status, job.progress, job.remaining, job.error = Status.RUNNING, 0.0, None, None
        job.stage, job.segments = TRANSCRIBING, []
        try:
            self.queue_store.start_run(job.key)
        except OSError as exc:
            log.warning("cannot keep the segments of %s as they come: %s", job.name, exc)
        cancel = threading.Event()
        self._cancels[job.id] = cancel
        self.queue.changed(job)
        self._request.emit(job.id, str(job.path), self._engine(), self.options_panel.options(), cancel)
        self._update_status()
        self._show_selected()

    def _engine(self) -> Engine:
        """What the next job runs on, as the model panel shows it (never the other one)."""
        if self.options_panel.engine() == "remote":
            return self.options_panel.remote.config()
        return LocalEngine(self.options_panel.model_name(), self.options_panel.device())

    def _job(self, job_id: int) -> Job | None:
        return self.queue.by_id(job_id)

    def _job_started(self, job_id: int) -> None:
        self._update_status()

    def _job_progress(self, job_id: int, fraction: float, remaining: float | None, stage: str) -> None:
        job = self._job(job_id)
        if job is not None and job.status is Status.RUNNING:
            job.progress, job.remaining, job.stage = fraction, remaining, stage
            self.queue.changed(job)

    def _job_language(self, job_id: int, code: str | None) -> None:
        """The language is known before the first segment: the queue shows it at once."""
        job = self._job(job_id)
        if job is not None and code:
            job.language = code
            self.queue.changed(job)

    def _job_segment(self, job_id: int, segment: Segment) -> None:
        job = self._job(job_id)
        if job is None or self._closing:
            return
        job.segments.append(segment)
        try:
            self.queue_store.append(job.key, segment)
        except OSError as exc:
            log.warning("cannot keep a segment of %s: %s", job.name, exc)
        if self.selected_job() is job:
            if job.transcript is None:
                self.segments.append(segment)
            else:  # a re-run: its segments replace the kept text as they come
                self.segments.set_segments(job.shown_segments(), job.speaker_names())
            self.segments_view.scrollToBottom()
            self._show_title(job)

    def _job_finished(self, job_id: int, transcript: Transcript) -> None:
        self._cancels.pop(job_id, None)
        job = self._job(job_id)
        if job is not None:
            job.status, job.progress, job.remaining = Status.DONE, 1.0, None
            job.transcript, job.partial, job.language = transcript, False, transcript.language
            job.segments = list(transcript.segments)
            self._save_result(job)
            self.queue_store.end_run(job.key)
            self.queue.changed(job)
            if self.selected_job() is job:
                self._show_selected()
            if job_id in self._open_when_done:
                self._open_when_done.discard(job_id)
                self._select(job)
                self.edit_selected()
        self._after_job()

    def _job_cancelled(self, job_id: int, partial: Transcript | None) -> None:
        if self._closing:  # stopped by the close: the saved queue resumes it next time
            return
        self._cancels.pop(job_id, None)
        job = self._job(job_id)
        if job is not None:
            job.remaining = None
            if job.transcript is not None and not job.partial:
                job.status = Status.DONE  # a re-run stopped: the finished transcript stays as it was
            else:
                job.status = Status.CANCELLED
                new = list(partial.segments) if partial is not None else []
                if new:  # the text so far goes to History, marked partial
                    kept = job.transcript.segments if job.transcript is not None else ()
                    job.transcript = partial.with_segments(overlay(new, kept))
                    job.partial = True
                    self._save_result(job)
            job.segments = []
            self.queue_store.end_run(job.key)
            self.queue.changed(job)
            if self.selected_job() is job:
                self._show_selected()
        self._after_job()

    def _job_failed(self, job_id: int, message: str) -> None:
        self._cancels.pop(job_id, None)
        job = self._job(job_id)
        if job is not None:
            job.status, job.error, job.remaining = Status.FAILED, message, None
            job.segments = []  # a transcript from an earlier run stays
            self.queue_store.end_run(job.key)
            self.queue.changed(job)
        self._after_job()

    def _save_result(self, job: Job) -> None:
        """Put the job's transcript in History: in place of its earlier result unless the
        person has edited that one (then beside it; see ProjectStore.save_result)."""
        try:
            job.project_path = self.projects.save_result(job.transcript, str(job.path), job.project_path,
                                                         partial=job.partial)
        except ProjectError as exc:
            job.error = str(exc)  # the transcript is still here to export
            log.warning("could not save project: %s", exc)
        self.history.refresh()

    def _project_deleted(self, path: Path) -> None:
        for job in self.queue.jobs:
            if job.project_path == path:
                job.project_path = None
                self.queue.changed(job)

    def _after_job(self) -> None:
        self._dispatch()
        self._update_actions()
        self._update_status()

    def selected_jobs(self) -> list[Job]:
        rows = sorted({i.row() for i in self.queue_view.selectionModel().selectedRows()})
        return [self.queue.jobs[r] for r in rows]

    def selected_job(self) -> Job | None:
        jobs = self.selected_jobs()
        return jobs[0] if len(jobs) == 1 else None

    def _select(self, job: Job) -> None:
        index = self.queue.index(self.queue.row_of(job), 0)
        self.queue_view.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def cancel_job(self, job: Job) -> None:
        if job.status is Status.QUEUED:  # a finished transcript waiting to be redone stays finished
            job.status = Status.DONE if job.transcript is not None and not job.partial else Status.CANCELLED
            self.queue.changed(job)
        elif job.status is Status.RUNNING:
            self._cancels[job.id].set()
        self._update_actions()

    def cancel_selected(self) -> None:
        for job in self.selected_jobs():
            self.cancel_job(job)

    def cancel_all(self) -> None:
        for job in list(self.queue.jobs):
            self.cancel_job(job)

    @staticmethod
    def _retryable(job: Job) -> bool:
        """Finished jobs of a media file (not a project opened without its media)."""
        return job.status.finished and job.path.suffix.lower() != PROJECT_SUFFIX

    def retry_selected(self) -> None:
        """Transcribe the selected finished jobs again with the current options. Their
        text so far (partial or whole) stays, shown and in History, until the new
        run's result replaces it."""
        for job in self.selected_jobs():
            if self._retryable(job):
                job.status, job.error, job.progress, job.segments = Status.QUEUED, None, 0.0, []
                self.queue.changed(job)
        self._dispatch()
        self._update_actions()

    def remove_selected(self) -> None:
        for job in self.selected_jobs():
            if job.status is Status.RUNNING:
                self._cancels[job.id].set()
            self.queue.remove(job)
        self._fit_drop_zone()
        self._show_selected()
        self._dispatch()
        self._update_actions()

    def _queue_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.cancel_action, self.retry_action, self.remove_action, self.export_action):
            menu.addAction(action)
        menu.exec(self.queue_view.viewport().mapToGlobal(pos))

    def _selection_changed(self, *_args) -> None:
        self._show_selected()
        self._update_actions()

    def _show_selected(self) -> None:
        job = self.selected_job()
        if job is None:
            self.segments.set_segments([])
            self.segments_title.setText(self.tr("Select a file in the queue to see its text."))
            return
        segments, speakers = job.shown_segments(), job.speaker_names()
        if self.segments.segments != segments or self.segments.speakers != speakers:
            self.segments.set_segments(segments, speakers)
        self._show_title(job)

    def _show_title(self, job: Job) -> None:
        """The heading over the segments: the file and how many segments it has so far
        (updated with every streamed segment), or its error."""
        if job.error:
            self.segments_title.setText(self.tr("%1 — %2").replace("%1", job.name).replace("%2", job.error))
        else:
            count = len(self.segments.segments)
            self.segments_title.setText(self.tr("%1 — %n segment(s)", "", count).replace("%1", job.name))

    def _update_actions(self) -> None:
        jobs = self.selected_jobs()
        active = [j for j in jobs if not j.status.finished]
        retryable = [j for j in jobs if self._retryable(j)]
        exportable = self.selected_job() is not None and self.selected_job().transcript is not None
        any_done = any(j.transcript is not None for j in self.queue.jobs)
        any_active = any(not j.status.finished for j in self.queue.jobs)
        for widget, enabled in (
            (self.cancel_action, bool(active)), (self.cancel_button, bool(active)),
            (self.cancel_all_action, any_active), (self.cancel_all_button, any_active),
            (self.retry_action, bool(retryable)), (self.retry_button, bool(retryable)),
            (self.remove_action, bool(jobs)), (self.remove_button, bool(jobs)),
            (self.export_action, exportable), (self.export_button, exportable),
            (self.edit_action, exportable), (self.edit_button, exportable),
            (self.export_all_action, any_done), (self.export_all_button, any_done),
        ):
            widget.setEnabled(enabled)

    # --- model and status ------------------------------------------------------------------

    def _options_changed(self) -> None:
        self._dispatch()  # jobs that waited for a valid server address start once it is there
        self._update_status()

    def _model_loading(self, model: str) -> None:
        self.statusBar().showMessage(self.tr("Loading model %1…").replace("%1", Path(model).name))

    def _model_ready(self, device: str, compute_type: str) -> None:
        if device != "remote":  # the device label is the local model's
            self._device_text = f"{device.upper()} · {compute_type}"
        self.statusBar().clearMessage()
        self._update_status()

    def _update_status(self) -> None:
        panel = self.options_panel
        remote = panel.engine() == "remote"
        self.engine_badge.setVisible(remote)
        self.drop_zone.set_remote_hosts(panel.remote.hosts() if remote else [])
        if remote:
            self.engine_badge.setText(panel.remote.badge.text())
            self.engine_badge.setToolTip(panel.remote.badge.toolTip())
            model = panel.remote.committed_model() or "—"
            self.model_label.setText(self.tr("Model: %1 (on the server)").replace("%1", model))
        else:
            self.model_label.setText(self.tr("Model: %1").replace("%1", Path(panel.model_name()).name))
        self.device_label.setVisible(not remote)
        self.device_label.setText(self._device_text or self.tr("Device: %1").replace("%1", panel.device()))
        running = self.queue.running()
        waiting = sum(j.status is Status.QUEUED for j in self.queue.jobs)
        problem = panel.engine_problem()
        if running is not None:
            self.statusBar().showMessage(
                self.tr("Transcribing %1 (%2 waiting)").replace("%1", running.name).replace("%2", str(waiting)))
        elif waiting and problem:
            self.statusBar().showMessage(self.tr("%n file(s) waiting: %1", "", waiting).replace("%1", problem))
        elif self.queue.jobs:
            self.statusBar().showMessage(self.tr("Ready"))

    # --- projects and export ---------------------------------------------------------------

    def open_project(self, path: Path) -> Job | None:
        """Show a saved project as a finished job in the queue (its row, if it has one)."""
        existing = next((j for j in self.queue.jobs if j.project_path == path), None)
        if existing is not None:
            self._select(existing)
            return existing
        try:
            project = load_project(path)
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("Cannot open project"), str(exc))
            return None
        partial = is_partial(project)
        job = Job(Path(project.media) if project.media else path, duration=project.transcript.duration,
                  status=Status.CANCELLED if partial else Status.DONE,
                  progress=_covered(project.transcript) if partial else 1.0,
                  language=project.transcript.language, transcript=project.transcript, partial=partial,
                  project_path=path)
        job.segments = list(project.transcript.segments)
        self.queue.add(job)
        self._select(job)
        self._update_actions()
        return job

    def edit_selected(self) -> EditorWindow | None:
        """Open the selected transcript in the editor (its saved project when there is one)."""
        job = self.selected_job()
        if job is None or job.transcript is None:
            return None
        project = None
        if job.project_path is not None and job.project_path.exists():
            try:
                project = load_project(job.project_path)
            except ProjectError as exc:
                log.warning("reopening %s: %s", job.project_path, exc)
        if project is None:
            now = time.time()
            project = Project(job.transcript, str(job.path), job.path.stem, now, now)
        editor = EditorWindow(project, job.project_path, self.settings, self.recovery)
        editor.saved.connect(lambda _path, j=job, e=editor: self._editor_saved(j, e))
        return self._show_editor(editor)

    def _show_editor(self, editor: EditorWindow) -> EditorWindow:
        self.editors.append(editor)
        editor.destroyed.connect(lambda _obj=None, e=editor: self.editors.remove(e) if e in self.editors else None)
        editor.show()
        return editor

    def _editor_saved(self, job: Job, editor: EditorWindow) -> None:
        if self.queue.by_id(job.id) is not None:
            job.transcript = editor.document.transcript
            job.project_path = editor.project_path
            self.queue.changed(job)
            if self.selected_job() is job:
                self._show_selected()
        self.history.refresh()

    def _recording_finished(self, path: Path) -> None:
        """A finished session gets a full-quality transcript, then opens in the editor."""
        for job in self.add_paths([path]):
            self._open_when_done.add(job.id)

    def open_subtitles(self) -> None:
        self._show_subtitles_editor(open_subtitles_dialog(self, self.settings, self.recovery))

    def _show_subtitles_editor(self, editor: EditorWindow | None) -> None:
        """An editor of a subtitle file (None: it could not be opened, and the person was told).
        Saving it makes a new project, so the history shows it."""
        if editor is not None:
            editor.saved.connect(lambda _path: self.history.refresh())
            self._show_editor(editor)

    def offer_recovery(self) -> list[EditorWindow]:
        """After a crash: offer to restore the edits that were never saved."""
        restored = []
        for entry in self.recovery.pending():
            answer = QMessageBox.question(
                self, self.tr("Restore unsaved changes?"),
                self.tr("Malsori closed before the changes to “%1” were saved. Restore them?")
                .replace("%1", entry.title),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.recovery.discard(entry.key)
                continue
            try:
                project = self.recovery.load(entry)
            except ProjectError as exc:
                QMessageBox.warning(self, self.tr("Cannot restore"), str(exc))
                continue
            editor = EditorWindow(project, entry.project_path, self.settings, self.recovery, recovery_key=entry.key)
            editor.mark_unsaved()
            editor.saved.connect(lambda _path: self.history.refresh())
            restored.append(self._show_editor(editor))
        return restored

    def export_selected(self) -> None:
        job = self.selected_job()
        if job is None or job.transcript is None:
            return
        start = Path(self.settings.get("dialogs/export_dir", str(job.path.parent))) / (job.path.stem + ".srt")
        filters = export_filters()
        chosen = self.settings.get("dialogs/export_filter", filters[0])
        path, selected = QFileDialog.getSaveFileName(self, self.tr("Export transcript"), str(start), ";;".join(filters),
                                                     chosen if chosen in filters else filters[0])
        if not path:
            return
        self.settings.set("dialogs/export_dir", str(Path(path).parent))
        self.settings.set("dialogs/export_filter", selected)
        self.export_job(job, Path(path), format_for_filter(selected, Path(path)))

    def export_job(self, job: Job, path: Path, fmt: str) -> bool:
        try:
            subtitles.export(job.transcript, path, fmt, speaker_labels=speaker_labels(self.settings))
        except SubtitleError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("Exported %1").replace("%1", str(path)), 8000)
        return True

    def export_all_dialog(self) -> None:
        dialog = ExportAllDialog(self.settings, self)
        if dialog.exec():
            self.export_all(dialog.folder(), dialog.formats())

    def export_training_data(self) -> DatasetDialog:
        """The dataset export dialog over the saved projects, those selected in History picked."""
        dialog = DatasetDialog(self.projects, self.history.selected_paths(), self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_all(self, folder: Path, formats: Sequence[str]) -> list[Path]:
        """Write every finished transcript to ``folder`` in each format; returns the files written.

        The command line's rules (core.output_plan), checked before anything is
        written: the folder must take files (a read-only or full folder is found
        first, and the person may pick another); two files that would get the same
        name are numbered (``talk (2).srt``); files that exist are replaced only
        when the person says so.
        """
        jobs = [j for j in self.queue.jobs if j.transcript is not None and j.status is Status.DONE]
        sources = [j.path for j in jobs]
        while True:
            try:
                output_plan.check_folder(folder)
                planned = output_plan.plan(sources, formats, folder)
                break
            except output_plan.OutputsExist as exc:
                if not self._confirm_replace(exc):
                    return []
                planned = output_plan.plan(sources, formats, folder, overwrite=True)
                break
            except output_plan.OutputError as exc:
                other = self._other_export_folder(folder, str(exc))
                if other is None:
                    return []
                folder = other
        written: list[Path] = []
        for job, item in zip(jobs, planned):
            for fmt, target in item.files.items():
                try:
                    subtitles.export(job.transcript, target, fmt, speaker_labels=speaker_labels(self.settings))
                except SubtitleError as exc:
                    QMessageBox.warning(self, self.tr("Export failed"), str(exc))
                    return written
                written.append(target)
        self.statusBar().showMessage(self.tr("Exported %n file(s)", "", len(written)), 8000)
        return written

    def _confirm_replace(self, exists: output_plan.OutputsExist) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Replace files?"),
            self.tr("%n file(s) to be exported exist already:", "", len(exists.paths)) + "\n\n"
            + "\n".join(str(p) for p in exists.paths[:10]) + ("\n…" if len(exists.paths) > 10 else "")
            + "\n\n" + self.tr("Replace them?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _other_export_folder(self, folder: Path, reason: str) -> Path | None:
        """The folder cannot take the files: offer to choose another (None: the person gave up)."""
        answer = QMessageBox.question(
            self, self.tr("Cannot export there"),
            reason + "\n\n" + self.tr("Nothing was written. Choose another folder?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        start = folder if folder.is_dir() else Path.home()
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), str(start))
        if not chosen:
            return None
        self.settings.set("dialogs/export_dir", chosen)
        return Path(chosen)

    # --- language, help, closing -----------------------------------------------------------------

    def set_ui_language(self, code: str) -> None:
        self.settings.set("ui/language", code)
        i18n.apply_language(code)

    def show_known_voices(self) -> None:
        """The voices Malsori names when it hears them again (saved from an editor's Rename speaker)."""
        from .voices_dialog import VoicesDialog

        VoicesDialog(parent=self).exec()

    def open_log(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file)))

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, self.tr("About Malsori"), self.tr(
            "<b>Malsori %1</b><p>Speech to text on your own computer, with faster-whisper.</p>"
            "<p>Audio never leaves this machine unless you choose the Remote engine; text only when you send it "
            "to your own server.</p>").replace("%1", __version__))

    def _restore_geometry(self) -> None:
        geometry = self.settings.get("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)  # Qt moves it onto a screen that is there now
            keep_on_screen(self)  # and one saved on a bigger monitor is shrunk to fit
        else:
            fit_to_screen(self, QSize(1280, 800))
        for splitter in (self.main_splitter, self.side, self.center):
            state = self.settings.get(f"window/{splitter.objectName()}", QByteArray())
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)

    # --- the saved queue ---------------------------------------------------------------------

    def _queue_entries(self) -> list[QueueEntry]:
        return [QueueEntry(j.key, str(j.path), j.status.value, j.duration, j.language, j.error,
                           str(j.project_path) if j.project_path is not None else None) for j in self.queue.jobs]

    def _save_queue(self, *_args) -> None:
        """Keep the queue on disk as it changes (the store writes only what differs)."""
        if self._closing:
            return
        try:
            self.queue_store.save(self._queue_entries())
        except OSError as exc:
            log.warning("cannot save the queue to %s: %s", self.queue_store.file, exc)

    def restore_queue(self) -> list[Job]:
        """Show the queue as it was when Malsori last closed or crashed, and go on with
        the jobs that were waiting or running. A stopped job starts again from the start
        of its file; the text it had is saved in History (marked partial) and shown
        until the new run replaces it. Returns the restored jobs."""
        jobs = []
        for entry in self.queue_store.load():
            if any(j.key == entry.key for j in self.queue.jobs):  # restored already
                continue
            job = Job(Path(entry.path), duration=entry.duration, status=Status(entry.state), language=entry.language,
                      error=entry.error, key=entry.key)
            if entry.project is not None:
                try:
                    project = load_project(entry.project)
                except ProjectError as exc:  # deleted or damaged since: the row stays, its text is gone
                    log.warning("queue: %s", exc)
                else:
                    job.transcript, job.partial, job.project_path = project.transcript, is_partial(project), Path(
                        entry.project)
            if job.status in (Status.QUEUED, Status.RUNNING):
                job.status = Status.QUEUED
                stopped = self.queue_store.run_segments(job.key)
                if stopped and (job.transcript is None or job.partial):
                    kept = job.transcript.segments if job.transcript is not None else ()
                    base = job.transcript or Transcript(duration=job.duration or 0.0, language=job.language)
                    job.transcript, job.partial = base.with_segments(overlay(stopped, kept)), True
                    self._save_result(job)
            elif job.status is Status.DONE and job.transcript is None:
                job.status, job.error = Status.FAILED, self.tr("Its saved transcript is gone. Retry transcribes it again.")
            job.progress = 1.0 if job.status is Status.DONE else (_covered(job.transcript) if job.transcript else 0.0)
            self.queue.add(job)
            jobs.append(job)
        if jobs:
            self._fit_drop_zone()
            if not self.queue_view.selectionModel().hasSelection():
                self._select(jobs[0])
            self._dispatch()
            self._update_actions()
        return jobs

    # --- closing ------------------------------------------------------------------------------

    def confirm_close(self) -> bool:
        """While files are being transcribed, ask before closing; True to close."""
        running = self.queue.running()
        waiting = sum(j.status is Status.QUEUED for j in self.queue.jobs)
        if running is None and not waiting:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Transcription in progress"), "", parent=self)
        box.setObjectName("closeWhileWorkingMessage")
        if running is not None:
            box.setText(self.tr("Malsori is transcribing “%1” (%2 more waiting). Close anyway?")
                        .replace("%1", running.name).replace("%2", str(waiting)))
        else:
            box.setText(self.tr("%n file(s) are waiting to be transcribed. Close anyway?", "", waiting))
        box.setInformativeText(self.tr(
            "Nothing is lost: the queue is kept, and the next time you open Malsori it transcribes the "
            "stopped file again from its start and goes on with the rest. The text so far stays in History "
            "until then."))
        keep = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepWorkingButton")
        close = box.addButton(self.tr("Close"), QMessageBox.ButtonRole.DestructiveRole)
        close.setObjectName("closeAnywayButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is close

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing and not self.confirm_close():
            event.ignore()
            return
        for editor in list(self.editors):
            if not editor.close():  # an editor with unsaved changes the person wants to keep open
                event.ignore()
                return
        self._save_queue()
        self._closing = True  # from here on, the queue on disk stays as it is now
        self.recording_panel.shutdown()
        self.settings.set("window/recording_visible", self.recording_dock.isVisible())
        self.settings.set("window/geometry", self.saveGeometry())
        for splitter in (self.main_splitter, self.side, self.center):
            self.settings.set(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()
        for cancel in self._cancels.values():
            cancel.set()
        self.options_panel.shutdown()
        self.hide()  # gone at once; the process ends when the model has stopped
        self.worker_thread.stop(None)
        # No time limit: the model finishes the window it is decoding (a second or so;
        # longer on a busy CPU), and exiting before that aborts the process.
        self.worker.wait_idle(None)
        super().closeEvent(event)


#: Subtitle files that open in the editor when handed to the window (JSON is left
#: out: a .json file is as likely to be anything else).
EDITABLE_SUBTITLE_SUFFIXES = frozenset({".srt", ".vtt", ".ass"})


def _covered(transcript: Transcript) -> float:
    """How much of its media a (partial) transcript covers, 0..1."""
    if not transcript.segments or not transcript.duration:
        return 0.0
    return min(1.0, max(s.end for s in transcript.segments) / transcript.duration)


def _media_beside(subtitle: Path) -> Path | None:
    """The audio or video a subtitle file was made from, by the usual convention:
    the same name in the same folder (talk.srt beside talk.mp4)."""
    for candidate in sorted(subtitle.parent.glob(f"{glob.escape(subtitle.stem)}.*")):
        if candidate.suffix.lower() in audio.MEDIA_SUFFIXES:
            return candidate
    return None
