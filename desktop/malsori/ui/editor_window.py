"""The subtitle editor: correct text and timing while listening.

Layout: playback controls on top, the waveform with the segments as regions,
the segment table below; find/replace bar and undo history on demand. Every
edit goes through TranscriptDocument (one undoable step each) and is written
to a recovery file within a second, so a crash loses nothing; Save writes the
project file itself, atomically.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ..core import quality, subtitles
from ..core import project as project_file
from ..core.project import Project, ProjectError
from ..core.reference_diff import compare_transcript
from ..core.references import READABLE_SUFFIXES, ReferenceFileError, read_reference
from ..core.recovery import RecoveryStore, key_for
from ..core.subtitles import SubtitleError
from ..core.timecode import format_timestamp
from ..core.transcript import (
    Segment,
    Transcript,
    TranscriptError,
    delete,
    insert,
    merge,
    set_reviewed,
    set_times,
    shift,
    split,
    split_at_word,
    word_offsets,
)
from .document import TranscriptDocument
from .drop_zone import media_patterns
from .editor_model import SEGMENT_ROLE, Column, SegmentEditModel, needs_review, uncertain_words
from .find_bar import FindBar
from .media_loader import MediaLoader
from .player import REPLAY_SECONDS, SPEEDS, Player
from .settings import Settings
from .speaker_colours import speaker_colour
from .speaker_column import SpeakerDelegate
from .speaker_editing import SpeakerEditing
from .speaker_labels import speaker_labels
from .summary_panel import SummaryPanel
from .text_delegate import TextDelegate
from .waveform import FOLLOW_PAUSE_S, WaveformView
from .workers import WorkerThread

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 800  # well inside the promise that every edit reaches disk within 2 s
NUDGE_SECONDS = 0.1
NEW_SEGMENT_SECONDS = 2.0
PREFERRED_SIZE = (1280, 820)
FRAME_ALLOWANCE = (16, 48)  # a window manager's borders and title bar, roughly
STATE_VERSION = 1  # of the saved dock layout: raise it when the docks change


class EditorWindow(QMainWindow):
    """Edits one project. ``saved`` carries the project file's path after each save."""

    saved = Signal(object)
    _autosave_failed = Signal(str)  # from the recovery writer's thread
    _load_request = Signal(str)  # queued to the media loader's thread

    def __init__(self, project: Project, project_path: Path | None, settings: Settings | None = None,
                 recovery: RecoveryStore | None = None, recovery_key: str | None = None):
        super().__init__()
        self.setObjectName("editorWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.settings = settings or Settings()
        self.project = project
        self.project_path = project_path
        self.recovery = recovery or RecoveryStore()
        self.recovery_key = recovery_key or key_for(project_path)
        self.document = TranscriptDocument(project.transcript, self)
        self.model = SegmentEditModel(self.document, self)
        self.player = Player(self)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.write_recovery)
        # one thread, so the recovery writes (and discards) happen in the order asked
        self._recovery_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recovery")
        self._autosave_failed.connect(
            lambda message: self.statusBar().showMessage(self.tr("Autosave failed: %1").replace("%1", message), 15_000))
        self.loader_thread: WorkerThread | None = None
        self._follow_paused_until = 0.0  # the person's own moves in the table pause following playback
        self._spans_of: tuple[Segment, ...] = ()  # the segments the waveform's regions were drawn from
        self._coloured_by: tuple[str | None, ...] | None = None  # the speakers the regions were coloured for
        self._warned: frozenset[int] = frozenset()
        self._build()
        self._build_actions()
        self._load_media(Path(project.media) if project.media else None)
        self.document.changed.connect(self._document_changed)
        self.document.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        self.model.edit_refused.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.retranslate_ui()
        self._refresh_side_views()
        self._restore_geometry()

    # --- construction -------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The size, place and docks the person left the editor with; the first time,
        the preferred size fitted to the screen's free area (1280×800 screens have
        panels too), centred."""
        geometry = self.settings.get("editor/geometry", QByteArray())
        if not (isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)):
            screen = self.screen() or QGuiApplication.primaryScreen()
            free = screen.availableGeometry() if screen is not None else QRect(0, 0, *PREFERRED_SIZE)
            # the frame (title bar, borders) is not known before the window is shown
            width = min(PREFERRED_SIZE[0], free.width() - FRAME_ALLOWANCE[0])
            height = min(PREFERRED_SIZE[1], free.height() - FRAME_ALLOWANCE[1])
            self.resize(width, height)
            self.move(free.left() + (free.width() - width - FRAME_ALLOWANCE[0]) // 2,
                      free.top() + (free.height() - height - FRAME_ALLOWANCE[1]) // 2)
        state = self.settings.get("editor/state", QByteArray())
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state, STATE_VERSION)

    def _save_geometry(self) -> None:
        self.settings.set("editor/geometry", self.saveGeometry())
        self.settings.set("editor/state", self.saveState(STATE_VERSION))

    def _build(self) -> None:
        self.play_button = QToolButton(objectName="playButton")
        self.replay_button = QToolButton(objectName="replayButton")
        self.time_label = QLabel("00:00:00,000", objectName="timeLabel")
        self.speed_combo = QComboBox(objectName="speedCombo")
        for rate in SPEEDS:
            self.speed_combo.addItem(f"{rate:g}×", rate)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.currentIndexChanged.connect(lambda i: self.player.set_speed(self.speed_combo.itemData(i)))
        self.review_label = QLabel(objectName="reviewLabel")
        self.warning_label = QLabel(objectName="warningLabel")
        self.timing_note = QLabel(objectName="timingNote")  # a remote server that gave no word timings
        self.statusBar().addPermanentWidget(self.timing_note)
        self.compare_label = QLabel(objectName="compareLabel")  # Compare with reference: WER or CER
        self.statusBar().addPermanentWidget(self.compare_label)
        self.compare_label.hide()
        #: Compare with reference: the reference's file and text, while one is compared
        self._reference: tuple[Path, str] | None = None
        for label in (self.review_label, self.warning_label):
            label.setMinimumWidth(1)  # cut short in a narrow window rather than widening it
        controls = QHBoxLayout()
        for widget in (self.play_button, self.replay_button, self.time_label, self.speed_combo):
            controls.addWidget(widget)
        controls.addStretch()
        controls.addWidget(self.warning_label)
        controls.addWidget(self.review_label)

        self.waveform = WaveformView()
        self.waveform.setMinimumHeight(120)
        self.waveform.seek_requested.connect(self.player.seek)
        self.waveform.segment_clicked.connect(self._waveform_clicked)
        self.waveform.edge_dragged.connect(self._edge_dragged)

        self.table = QTableView(objectName="segmentTable")
        self.table.setModel(self.model)
        self.delegate = TextDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.TEXT, self.delegate)
        self.speaker_delegate = SpeakerDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.SPEAKER, self.speaker_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # smooth at 3,000+ rows
        # two lines of text a row: the length of a subtitle cue
        self.table.verticalHeader().setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.table.doubleClicked.connect(self._row_double_clicked)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)

        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.speakers = SpeakerEditing(self)
        speed_at = controls.indexOf(self.speed_combo)
        controls.insertWidget(speed_at + 1, self.speakers.filter_label)
        controls.insertWidget(speed_at + 2, self.speakers.filter_combo)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(controls)
        top_layout.addWidget(self.waveform)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.find_bar)
        bottom_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="editorSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([220, 580])
        self.setCentralWidget(self.splitter)

        self.undo_view = QUndoView(self.document.undo_stack)
        self.undo_view.setObjectName("undoView")
        self.undo_dock = QDockWidget(self)
        self.undo_dock.setObjectName("undoDock")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()

        self.summary_panel = SummaryPanel(self.settings)
        self.summary_panel.save_requested.connect(self.keep_summary)
        self.summary_dock = QDockWidget(self)
        self.summary_dock.setObjectName("summaryDock")
        # scrolled when the window is smaller than the panel, rather than pushing the window's size past the screen
        summary_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        summary_scroll.setWidget(self.summary_panel)
        self.summary_dock.setWidget(summary_scroll)
        self.summary_dock.visibilityChanged.connect(lambda visible: visible and self._send_selection_to_summary())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        self.summary_dock.hide()

        self.player.position_changed.connect(self._position_changed)
        self.player.playing_changed.connect(self._playing_changed)
        self.player.error.connect(lambda message: self.statusBar().showMessage(message, 10_000))
        self.play_button.clicked.connect(self.player.toggle)
        self.replay_button.clicked.connect(lambda: self.player.replay())

    def _action(self, handler: Callable[[], object], *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
                context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QAction:
        action = QAction(self)
        action.triggered.connect(lambda _checked=False: handler())
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(context)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(keys.Undo))
        self.redo_action = stack.createRedoAction(self)
        redo_keys = {k.toString(): k for k in (QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(keys.Redo))}
        self.redo_action.setShortcuts(list(redo_keys.values()))  # once each: a duplicate would be ambiguous
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        self.save_action = self._action(self.save, keys.Save)
        self.export_action = self._action(self.export, "Ctrl+E")
        self.open_subtitles_action = self._action(self.open_subtitles, keys.Open)
        self.close_action = self._action(self.close, keys.Close)
        self.play_action = self._action(self.player.toggle, "Ctrl+P", "F5")
        self.replay_action = self._action(lambda: self.player.replay(), "Ctrl+Shift+P", "F4")
        self.split_action = self._action(self.split_at_cursor, "Ctrl+Return")
        self.merge_action = self._action(self.merge_with_next, "Ctrl+M")
        self.insert_before_action = self._action(lambda: self.insert_segment(after=False), "Ctrl+Shift+I")
        self.insert_after_action = self._action(lambda: self.insert_segment(after=True), "Ctrl+I")
        self.delete_action = self._action(self.delete_selected, "Ctrl+Delete")
        self.shift_earlier_action = self._action(lambda: self.shift_selected(-NUDGE_SECONDS), "Alt+Left")
        self.shift_later_action = self._action(lambda: self.shift_selected(NUDGE_SECONDS), "Alt+Right")
        self.shift_by_action = self._action(self.shift_by_dialog, "Ctrl+Shift+T")
        self.set_start_action = self._action(lambda: self.set_edge_to_playhead("start"), "Ctrl+[")
        self.set_end_action = self._action(lambda: self.set_edge_to_playhead("end"), "Ctrl+]")
        self.reviewed_action = self._action(self.toggle_reviewed, "Ctrl+D")
        self.next_uncertain_action = self._action(lambda: self.jump_uncertain(1), "F8")
        self.previous_uncertain_action = self._action(lambda: self.jump_uncertain(-1), "Shift+F8")
        self.find_action = self._action(lambda: self.find_bar.open(replace=False), keys.Find)
        self.replace_action = self._action(lambda: self.find_bar.open(replace=True), "Ctrl+H")
        self.fix_timing_action = self._action(self.fix_timing)
        self.compare_action = self._action(self.compare_with_reference_dialog, "Ctrl+Alt+R")
        self.clear_compare_action = self._action(self.clear_comparison)
        self.clear_compare_action.setEnabled(False)
        self.follow_action = QAction(self, checkable=True)
        self.follow_action.setChecked(self.settings.get("editor/follow_playback", True))
        self.follow_action.toggled.connect(lambda on: self.settings.set("editor/follow_playback", on))
        self.history_action = self.undo_dock.toggleViewAction()
        self.summary_action = self.summary_dock.toggleViewAction()
        self.summary_action.setShortcut(QKeySequence("Ctrl+Shift+L"))

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for action in (self.open_subtitles_action, self.save_action, self.export_action, None, self.close_action):
            self.file_menu.addSeparator() if action is None else self.file_menu.addAction(action)
        self.edit_menu = bar.addMenu("")
        for action in (self.undo_action, self.redo_action, self.history_action, None, self.split_action,
                       self.merge_action, self.insert_before_action, self.insert_after_action, self.delete_action,
                       None, self.shift_earlier_action, self.shift_later_action, self.shift_by_action,
                       self.set_start_action, self.set_end_action, self.fix_timing_action, None,
                       self.find_action, self.replace_action):
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)
        bar.addMenu(self.speakers.menu)
        self.review_menu = bar.addMenu("")
        for action in (self.next_uncertain_action, self.previous_uncertain_action, self.reviewed_action):
            self.review_menu.addAction(action)
        self.play_menu = bar.addMenu("")
        for action in (self.play_action, self.replay_action):
            self.play_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.follow_action)
        self.tools_menu = bar.addMenu("")
        self.tools_menu.addAction(self.summary_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.compare_action)
        self.tools_menu.addAction(self.clear_compare_action)

    def _fit_columns(self) -> None:
        """Fixed widths for the narrow columns (sizing to contents would measure every
        row of a long transcript): the wider of a typical value and the header."""
        header = self.table.horizontalHeader()
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        samples = {Column.INDEX: "✓ 00000", Column.START: "00:00:00,000", Column.END: "00:00:00,000",
                   Column.DURATION: "000.00", Column.CPS: "00.0"}
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(cells.horizontalAdvance(sample), titles.horizontalAdvance(title)) + 18)

    def retranslate_ui(self) -> None:
        self._update_title()
        self._fit_columns()
        self._show_timing_note()
        self.undo_dock.setWindowTitle(self.tr("Undo history"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.review_menu.setTitle(self.tr("&Review"))
        self.play_menu.setTitle(self.tr("&Playback"))
        self.view_menu.setTitle(self.tr("&View"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.summary_dock.setWindowTitle(self.tr("Summary (your vLLM server)"))
        texts = {
            self.save_action: self.tr("&Save"), self.export_action: self.tr("&Export…"),
            self.open_subtitles_action: self.tr("&Open subtitles…"), self.close_action: self.tr("&Close"),
            self.play_action: self.tr("Play / pause"),
            self.replay_action: self.tr("Replay the last %1 seconds").replace("%1", f"{REPLAY_SECONDS:g}"),
            self.split_action: self.tr("&Split at the cursor"), self.merge_action: self.tr("&Merge with next"),
            self.insert_before_action: self.tr("Insert &before"), self.insert_after_action: self.tr("Insert &after"),
            self.delete_action: self.tr("&Delete segments"),
            self.shift_earlier_action: self.tr("Shift 100 ms earlier"),
            self.shift_later_action: self.tr("Shift 100 ms later"),
            self.shift_by_action: self.tr("Shift &by…"),
            self.set_start_action: self.tr("Set start to the playback position"),
            self.set_end_action: self.tr("Set end to the playback position"),
            self.fix_timing_action: self.tr("&Fix timing (overlaps and gaps)"),
            self.find_action: self.tr("&Find…"), self.replace_action: self.tr("&Replace…"),
            self.reviewed_action: self.tr("Mark as &reviewed"),
            self.next_uncertain_action: self.tr("&Next uncertain word"),
            self.previous_uncertain_action: self.tr("&Previous uncertain word"),
            self.history_action: self.tr("Undo &history"),
            self.follow_action: self.tr("&Follow playback"),
            self.summary_action: self.tr("&Summarize, translate, ask (LLM)…"),
            self.compare_action: self.tr("&Compare with reference…"),
            self.clear_compare_action: self.tr("C&lear comparison"),
        }
        for action, text in texts.items():
            action.setText(text)
        self.undo_action.setText(self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo"))
        self.play_button.setText(self.tr("Play"))
        self.replay_button.setText(self.tr("↺ %1 s").replace("%1", f"{REPLAY_SECONDS:g}"))
        self.replay_button.setToolTip(self.replay_action.text())
        self.speed_combo.setToolTip(self.tr("Playback speed"))
        self.speakers.retranslate_ui()
        self._refresh_side_views()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
            self.retranslate_ui()
        super().changeEvent(event)

    def _load_media(self, media: Path | None) -> None:
        """Player and waveform for the project's audio; without it, timing still edits.

        The waveform is decoded on a worker thread and appears when ready."""
        transcript = self.document.transcript
        self.waveform.set_duration(max(transcript.duration, max((s.end for s in transcript.segments), default=0.0)))
        if media is None:
            return
        if not media.is_file():
            self.statusBar().showMessage(self.tr("The media file %1 is missing; editing without sound.")
                                         .replace("%1", str(media)), 15_000)
            return
        self.player.set_source(media)
        self.loader = MediaLoader()
        self.loader_thread = WorkerThread(self.loader, "media loader")
        self.loader.loaded.connect(self.waveform.set_pyramid)
        self.loader.failed.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        self._load_request.connect(self.loader.load, Qt.ConnectionType.QueuedConnection)
        self._load_request.emit(str(media))

    # --- selection --------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The selected rows the person can see (a range selected across rows the speaker
        filter hides leaves those out, so no edit reaches a segment out of sight)."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return sorted(r for r in rows if not self.table.isRowHidden(r))

    def select_rows(self, rows: list[int]) -> None:
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, len(Column) - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)
        if rows:
            self.table.selectionModel().setCurrentIndex(self.model.index(rows[0], Column.TEXT),
                                                        QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], 0))

    def _table_selection_changed(self, *_args) -> None:
        rows = self.selected_rows()
        self.document.selection = rows
        self.waveform.set_selected(set(rows))
        if self.summary_dock.isVisible():
            self._send_selection_to_summary()

    def _send_selection_to_summary(self) -> None:
        """The summary panel works on the selected segments, or on everything."""
        if self.summary_panel.is_running():
            return
        segments = self.document.transcript.segments
        chosen = [segments[r] for r in self.selected_rows()] if len(self.selected_rows()) > 1 else segments
        transcript = self.document.transcript
        self.summary_panel.set_source("\n".join(subtitles.dialogue_lines(transcript, chosen)), transcript.language,
                                      bool(transcript.speakers), sum(1 for s in chosen if s.text.strip()))

    def keep_summary(self, result: dict) -> None:
        """"Save to project": add the summary and save the project file (Save, so the
        transcript's edits are written too; a new project asks where). When that does
        not happen, the summary stays with the open project and its autosave, and the
        panel says it is not on disk yet."""
        kept = list(self.project.extra.get("summaries", [])) + [result]
        self.project = dataclasses.replace(self.project, extra={**self.project.extra, "summaries": kept})
        self.mark_unsaved()
        if self.save():
            self.summary_panel.show_saved(self.project_path)
        else:
            self._autosave.start()
            self.summary_panel.show_saved(None)

    def _waveform_clicked(self, index: int, modifiers: Qt.KeyboardModifier) -> None:
        rows = self.selected_rows()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            rows = sorted(set(rows) ^ {index})
        else:
            rows = [index]
        self.select_rows(rows)

    def _row_double_clicked(self, index: QModelIndex) -> None:
        if index.column() != Column.TEXT:
            seg: Segment = index.data(SEGMENT_ROLE)
            self.player.play_span(seg.start, seg.end)

    # --- edits --------------------------------------------------------------------------------

    def _apply(self, name: str, edit: Callable[[Transcript], Transcript], select: list[int] | None = None) -> bool:
        """One undoable edit; an impossible one explains itself in the status bar."""
        self._commit_open_editor()
        try:
            return self.document.apply(name, edit, select)
        except TranscriptError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False

    def _commit_open_editor(self) -> None:
        editor = self.delegate.editor
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, TextDelegate.EndEditHint.NoHint)

    def split_at_cursor(self) -> None:
        """Split at the text caret when editing, else where playback is, else in the middle."""
        cursor = self.delegate.cursor()
        if cursor is not None:
            row, position = cursor
            self._commit_open_editor()
            self._apply(self.tr("Split"), lambda t: split(t, row, position), [row, row + 1])
            return
        rows = self.selected_rows()
        if not rows:
            return
        row = rows[0]
        seg = self.document.transcript.segments[row]
        at = self.player.position
        if seg.words and seg.start < at < seg.end:
            word = min(range(1, len(seg.words)), key=lambda i: abs(seg.words[i].start - at), default=None)
            if word is not None:
                self._apply(self.tr("Split"), lambda t: split_at_word(t, row, word), [row, row + 1])
                return
        self._apply(self.tr("Split"), lambda t: split(t, row, len(seg.text) // 2), [row, row + 1])

    def merge_with_next(self) -> None:
        rows = self.selected_rows()
        if len(rows) > 1:  # merge the whole selection into its first segment
            first, count = rows[0], rows[-1] - rows[0]

            def merge_range(t: Transcript) -> Transcript:
                for _ in range(count):
                    t = merge(t, first)
                return t

            self._apply(self.tr("Merge"), merge_range, [first])
        elif rows:
            self._apply(self.tr("Merge"), lambda t: merge(t, rows[0]), [rows[0]])

    def insert_segment(self, after: bool) -> None:
        segments = self.document.transcript.segments
        rows = self.selected_rows()
        if not segments:
            new = Segment(self.player.position, self.player.position + NEW_SEGMENT_SECONDS, "")
        elif after:
            row = rows[-1] if rows else len(segments) - 1
            start = segments[row].end
            following = segments[row + 1].start if row + 1 < len(segments) else start + NEW_SEGMENT_SECONDS
            new = Segment(start, max(start, min(following, start + NEW_SEGMENT_SECONDS)), "")
        else:
            row = rows[0] if rows else 0
            end = segments[row].start
            previous = segments[row - 1].end if row > 0 else 0.0
            new = Segment(max(previous, end - NEW_SEGMENT_SECONDS, 0.0), end, "")
        inserted = [None]

        def add(t: Transcript) -> Transcript:
            result = insert(t, new)
            inserted[0] = next(i for i, s in enumerate(result.segments) if s is new)
            return result

        if self._apply(self.tr("Insert segment"), add, None):
            row = inserted[0]
            self.speakers.reveal(row)  # a new segment has no speaker yet
            self.document.selection = [row]
            self.select_rows([row])
            self.table.edit(self.model.index(row, Column.TEXT))

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self._apply(self.tr("Delete %n segment(s)", "", len(rows)), lambda t: delete(t, rows),
                        [min(rows[0], len(self.document.transcript.segments) - len(rows) - 1)])

    def shift_selected(self, delta: float) -> None:
        rows = self.selected_rows() or None
        name = self.tr("Shift by %1 ms").replace("%1", f"{delta * 1000:+.0f}")
        self._apply(name, lambda t: shift(t, delta, rows))

    def shift_by_dialog(self) -> None:
        rows = self.selected_rows()
        scope = self.tr("the %n selected segment(s)", "", len(rows)) if rows else self.tr("all segments")
        ms, ok = QInputDialog.getInt(self, self.tr("Shift"), self.tr("Shift %1 by (milliseconds):").replace("%1", scope),
                                     0, -3_600_000, 3_600_000, 100)
        if ok and ms:
            self.shift_selected(ms / 1000)

    def set_edge_to_playhead(self, edge: str) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        row, at = rows[0], round(self.player.position, 3)
        seg = self.document.transcript.segments[row]
        start, end = (at, max(at, seg.end)) if edge == "start" else (min(seg.start, at), at)
        self._apply(self.tr("Set start") if edge == "start" else self.tr("Set end"),
                    lambda t: set_times(t, row, start, end))

    def _edge_dragged(self, row: int, start: float, end: float) -> None:
        self._apply(self.tr("Drag timing"), lambda t: set_times(t, row, start, end))

    def toggle_reviewed(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        segments = self.document.transcript.segments
        value = not all(segments[r].reviewed for r in rows)

        def mark(t: Transcript) -> Transcript:
            for r in rows:
                t = set_reviewed(t, r, value)
            return t

        self._apply(self.tr("Mark reviewed") if value else self.tr("Mark not reviewed"), mark)

    def fix_timing(self) -> None:
        fixed_count = [0]

        def fix(t: Transcript) -> Transcript:
            result = quality.fix_timing(t, self.model.limits)
            fixed_count[0] = sum(a is not b for a, b in zip(t.segments, result.segments))
            return result

        if self._apply(self.tr("Fix timing"), fix):
            self.statusBar().showMessage(self.tr("Retimed %n segment(s)", "", fixed_count[0]), 8000)
        else:
            self.statusBar().showMessage(self.tr("No overlaps or short gaps to fix."), 8000)

    def replace_transcript(self, name: str, transcript: Transcript) -> bool:
        """Used by find/replace: the whole replacement as one undoable step."""
        return self._apply(name, lambda _t: transcript)

    # --- review ----------------------------------------------------------------------------------

    def jump_uncertain(self, direction: int) -> None:
        """Open the next (or previous) uncertain word, in text order from where the
        person is: the caret when a text cell is open (or was last closed, while its
        row is still the selection), else the start of the first selected row, else
        the start of the transcript. Playback never moves that point (it does not
        touch the selection), so pressing F8 again always gets the following word."""
        self._commit_open_editor()  # what was typed counts: a corrected word is no longer uncertain
        segments = self.document.transcript.segments
        if not segments:
            return
        row, at = self._review_position(direction)
        for step in range(len(segments) + 1):
            r = (row + direction * step) % len(segments)
            if not needs_review(segments[r]):
                continue
            words = uncertain_words(segments[r])
            if step == 0:  # this row: only the words past the point
                words = [w for w in words if (w > at if direction > 0 else w < at)]
            elif step == len(segments):  # round the whole transcript, back to the rest of this row
                words = [w for w in words if (w <= at if direction > 0 else w >= at)]
            if words:
                self._open_at_word(r, words[0] if direction > 0 else words[-1])
                return
        self.statusBar().showMessage(self.tr("No uncertain words left to review."), 8000)

    def _review_position(self, direction: int) -> tuple[int, float]:
        """(row, word) the next uncertain word is searched from; the word is a
        fraction (-0.5) for the start of the row, before its first word."""
        segments = self.document.transcript.segments
        rows = self.selected_rows()
        point = self.delegate.reading_point()  # called with no editor open: the one closed last
        if point is not None and rows == [point[0]] and point[0] < len(segments):
            row, position = point
            offsets = word_offsets(segments[row]) or []
            return row, max((i for i, offset in enumerate(offsets) if offset <= position), default=-0.5)
        if rows:
            return rows[0], -0.5
        return (0, -0.5) if direction > 0 else (len(segments) - 1, float(len(segments[-1].words)))

    def _open_at_word(self, row: int, word: int) -> None:
        seg = self.document.transcript.segments[row]
        self.speakers.reveal(row)
        self.select_rows([row])
        self.table.edit(self.model.index(row, Column.TEXT))
        editor, offsets = self.delegate.editor, word_offsets(seg)
        if editor is not None and offsets is not None:
            editor.setSelection(offsets[word], len(seg.words[word].text.strip()))
        self.player.play_span(max(0.0, seg.words[word].start - 1.0), seg.words[word].end + 0.5)

    # --- following changes -------------------------------------------------------------------------

    def _document_changed(self, transcript: Transcript, selection: list[int]) -> None:
        self.speakers.refresh()
        self.select_rows(selection)
        self._refresh_side_views()
        self._show_comparison()
        self._autosave.start()
        self._update_title()

    def _show_timing_note(self) -> None:
        """Say so when review cannot point at single words: the remote server that made
        the transcript gave segments only, text only, or no word confidences
        (options "timing" and "confidence" of a remote transcript)."""
        options = self.document.transcript.options
        timing, confidence = options.get("timing"), options.get("confidence")
        if timing == "text":
            text = self.tr("The server gave text only: times are estimated and there are no review marks.")
        elif timing == "segment":
            text = self.tr("The server gave no word timings: review marks are per segment.")
        elif confidence == "segment":
            text = self.tr("The server gave no word confidences: review marks follow each segment's confidence.")
        elif confidence == "none":
            text = self.tr("The server gave no confidences: there are no review marks.")
        else:
            text = ""
        self.timing_note.setText(text)
        self.timing_note.setVisible(bool(text))

    def _refresh_side_views(self) -> None:
        """The waveform's regions and the counters; each only when it changed, since
        redrawing 3,000 regions costs more than the edit itself."""
        segments, drawn, run = self.document.transcript.segments, self._spans_of, self.model.last_run
        if run is not None and run[0] is drawn:  # the model knows what the edit changed
            _before, _head, gone, came = run
            retimed = len(gone) != len(came) or any((a.start, a.end) != (b.start, b.end) for a, b in zip(gone, came))
        else:
            retimed = len(segments) != len(drawn) or any((a.start, a.end) != (b.start, b.end)
                                                         for a, b in zip(segments, drawn) if a is not b)
        if retimed:
            self.waveform.set_segments([(s.start, s.end) for s in segments])
        self._spans_of = segments
        spoken_by = tuple(s.speaker for s in segments)
        if retimed or spoken_by != self._coloured_by:
            self.waveform.set_region_colours([speaker_colour(s) if s else None for s in spoken_by])
            self._coloured_by = spoken_by
        warned = frozenset(self.model.warnings)
        if warned != self._warned:
            self.waveform.set_warning_indices(set(warned))
            self._warned = warned
        left = self.model.review_left()
        self.review_label.setText(self.tr("%n segment(s) left to review", "", left) if left
                                  else self.tr("Nothing left to review"))
        count = sum(len(w) for w in self.model.warnings.values())
        self.warning_label.setText(self.tr("%n warning(s)", "", count) if count else "")

    def _position_changed(self, seconds: float) -> None:
        self.time_label.setText(format_timestamp(seconds))
        self.waveform.set_position(seconds)
        self._follow_playback(seconds)

    def _follow_playback(self, seconds: float) -> None:
        """Mark the segment being played; with Follow playback on, keep it in view.

        Playback never changes the selection: that is the person's, and Ctrl+D, F8
        and every edit act on it. Following scrolls only when the played row leaves
        the view, never while a text cell is open, and not for a few seconds after
        the person clicked, scrolled or used keys in the table."""
        row = self.model.row_at(seconds)
        if row == self.model.playing_row:
            return
        self.model.set_playing_row(row)
        if (row is not None and self.player.playing and self.follow_action.isChecked()
                and self.delegate.editor is None and time.monotonic() >= self._follow_paused_until):
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The person's own moves in the table pause following playback."""
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.KeyPress):
            self._follow_paused_until = time.monotonic() + FOLLOW_PAUSE_S
        return super().eventFilter(watched, event)

    def _playing_changed(self, playing: bool) -> None:
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    # --- files -----------------------------------------------------------------------------------

    def mark_unsaved(self) -> None:
        """A restored project differs from its file until saved (Save is needed, close asks)."""
        self.document.undo_stack.resetClean()
        self._update_title()

    def current_project(self) -> Project:
        return dataclasses.replace(self.project, transcript=self.document.transcript, modified=time.time())

    def write_recovery(self) -> Future[None]:
        """The autosave: unsaved work goes to a recovery file, atomically, written on
        the recovery thread (writing 3 hours of words takes a tenth of a second the
        window must not freeze for; the project value is immutable, so the thread
        writes exactly what was there when asked)."""
        clean = self.document.undo_stack.isClean()
        project, project_path = self.current_project(), self.project_path
        return self._recovery_writer.submit(self._write_recovery, clean, project, project_path)

    def _write_recovery(self, clean: bool, project: Project, project_path: Path | None) -> None:
        try:
            if clean:
                self.recovery.discard(self.recovery_key)
            else:
                self.recovery.write(self.recovery_key, project, project_path)
        except (ProjectError, OSError) as exc:
            log.warning("autosave failed: %s", exc)
            self._autosave_failed.emit(str(exc))

    def _discard_recovery(self) -> None:
        """Remove the recovery file after any autosave still being written, so none
        writes it again."""
        self._recovery_writer.submit(self.recovery.discard, self.recovery_key).result()

    def save(self) -> bool:
        self._commit_open_editor()
        if self.project_path is None:
            start = str(Path(self.settings.get("dialogs/project_dir", str(Path.home()))) / f"{self.project.title}.malsori")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project"), start,
                                                  self.tr("Malsori projects (*.malsori)"))
            if not path:
                return False
            self.project_path = Path(path)
        project = self.current_project()
        try:
            project_file.save(project, self.project_path)
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("Save failed"), str(exc))
            return False
        self.project = project
        self.document.undo_stack.setClean()
        self._discard_recovery()
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(self.project_path)), 5000)
        self.saved.emit(self.project_path)
        return True

    def export(self) -> None:
        self._commit_open_editor()
        media = Path(self.project.media) if self.project.media else None
        base = (media.stem if media else self.project.title) or "transcript"
        folder = self.settings.get("dialogs/export_dir", str(media.parent if media else Path.home()))
        filters = [f"{f.description} (*{f.suffix})" for f in subtitles.FORMATS.values()]
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export"), str(Path(folder) / f"{base}.srt"),
                                                   ";;".join(filters))
        if not path:
            return
        fmt = next((f.name for f in subtitles.FORMATS.values() if chosen.endswith(f"(*{f.suffix})")), None)
        self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str | None = None) -> bool:
        try:
            subtitles.export(self.document.transcript, path, fmt, speaker_labels=speaker_labels(self.settings))
        except SubtitleError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
            return False
        self.settings.set("dialogs/export_dir", str(path.parent))
        self.statusBar().showMessage(self.tr("Exported %1").replace("%1", str(path)), 5000)
        return True

    def compare_with_reference_dialog(self) -> None:
        folder = self.settings.get("dialogs/reference_dir", str(Path.home()))
        patterns = " ".join(f"*{suffix}" for suffix in READABLE_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Compare with reference"), folder,
                                              self.tr("Reference transcripts") + f" ({patterns})")
        if path:
            self.compare_with_reference(Path(path))

    def compare_with_reference(self, path: Path) -> bool:
        """Compare the transcript with a reference file (text, subtitles, a transcript or project):
        each segment shows what differs, and the status bar the WER (CER for Korean, Japanese,
        Chinese), measured as ``malsori eval`` measures. Edits compare again at once."""
        try:
            text = read_reference(path)
        except ReferenceFileError as exc:
            QMessageBox.warning(self, self.tr("Compare with reference"), str(exc))
            return False
        self.settings.set("dialogs/reference_dir", str(path.parent))
        self._reference = (path, text)
        self.clear_compare_action.setEnabled(True)
        self._show_comparison()
        return True

    def clear_comparison(self) -> None:
        self._reference = None
        self.clear_compare_action.setEnabled(False)
        self.model.show_reference_marks(None)
        self.compare_label.hide()

    def _show_comparison(self) -> None:
        if self._reference is None:
            return
        path, text = self._reference
        diff = compare_transcript(self.document.transcript, text)
        self.model.show_reference_marks(diff.segments)
        counts, metric = diff.comparison.counts, "WER" if diff.comparison.unit == "word" else "CER"
        self.compare_label.setText(
            self.tr("%1 %2 % against %3 (%4 substituted, %5 missing, %6 extra)")
            .replace("%1", metric).replace("%2", f"{100 * counts.rate:.1f}").replace("%3", path.name)
            .replace("%4", str(counts.substitutions)).replace("%5", str(counts.deletions))
            .replace("%6", str(counts.insertions)))
        self.compare_label.setToolTip(
            self.tr("%1 errors in %2 reference tokens, after Whisper's normalization (case and punctuation do not "
                    "count). Struck through: not in the reference; green: what the reference says.")
            .replace("%1", str(counts.errors)).replace("%2", str(counts.reference_length)))
        self.compare_label.show()

    def open_subtitles(self) -> None:
        """Open an SRT/VTT in a new editor window (with its media, if the person picks one)."""
        window = open_subtitles_dialog(self, self.settings, self.recovery)
        if window is not None:
            window.show()

    def _update_title(self) -> None:
        dirty = "" if self.document.undo_stack.isClean() else " •"
        self.setWindowTitle(self.tr("%1 — Malsori editor").replace("%1", self.project.title + dirty))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._commit_open_editor()
        if not self.document.undo_stack.isClean():
            answer = QMessageBox.question(
                self, self.tr("Unsaved changes"), self.tr("Save the changes to %1?").replace("%1", self.project.title),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save()):
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Discard:
                self._discard_recovery()
        self._autosave.stop()
        self._recovery_writer.submit(lambda: None).result()  # what is being written reaches the disk
        self._save_geometry()
        self.summary_panel.shutdown()
        self.player.release()
        if self.loader_thread is not None:
            self.loader_thread.stop()
        super().closeEvent(event)


def open_subtitles_dialog(parent: QWidget | None, settings: Settings, recovery: RecoveryStore | None = None,
                          ) -> "EditorWindow | None":
    """Ask for a subtitle file (and optionally its media) and open it in an editor."""
    folder = settings.get("dialogs/open_dir", str(Path.home()))
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("EditorWindow", "Open subtitles"), folder,
        QCoreApplication.translate("EditorWindow", "Subtitles") + " (*.srt *.vtt *.ass *.json)")
    if not path:
        return None
    media, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("EditorWindow", "Its audio or video (optional)"), str(Path(path).parent),
        QCoreApplication.translate("EditorWindow", "Audio and video") + f" ({media_patterns()})")
    return open_subtitles_file(parent, Path(path), Path(media) if media else None, settings, recovery)


def open_subtitles_file(parent: QWidget | None, path: Path, media: Path | None, settings: Settings,
                        recovery: RecoveryStore | None = None) -> "EditorWindow | None":
    try:
        transcript = subtitles.load(path)
    except SubtitleError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("EditorWindow", "Cannot open subtitles"), str(exc))
        return None
    now = time.time()
    project = Project(transcript=transcript, media=str(media) if media else None, title=path.stem,
                      created=now, modified=now)
    settings.set("dialogs/open_dir", str(path.parent))
    return EditorWindow(project, None, settings, recovery)

