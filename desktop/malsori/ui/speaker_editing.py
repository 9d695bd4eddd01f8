"""The editor's speaker edits: the Speakers menu and the speaker filter.

Everything here is shown only while the transcript has speakers, so a transcript
without them looks as it always did. Each edit is one undoable step through the
window (a pure operation of :mod:`malsori.core.speakers`); the one thing undo
cannot take back is a voice written to the voice library, which the rename
dialog says.

The filter hides the rows of the other speakers in the table itself (not through
a proxy model), so a row's number is still its segment's index everywhere; the
window's ``selected_rows`` leaves hidden rows out, so no edit reaches a segment
the person cannot see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QLabel, QLineEdit, QMenu, QMessageBox

from ..core.speakers import add_speaker, assign, assign_words, merge_speakers, rename_speaker, set_speaker_voice
from ..core.transcript import Segment, Transcript, word_offsets
from ..core.voices import VoiceError, VoiceLibrary
from .editor_model import Column
from .speaker_colours import fill_speaker_combo
from .speaker_dialogs import MergeSpeakersDialog, RenameSpeakerDialog
from .speaker_labels import retranslate as retranslate_speaker_labels
from .speaker_labels import speaker_labels_action
from .voices_dialog import VoicesDialog

if TYPE_CHECKING:
    from .editor_window import EditorWindow

#: The first nine speakers are one key away: Alt+1 … Alt+9 assign the selected segments.
NUMBERED_SPEAKERS = 9

#: The Speaker column grows with the longest name up to this; longer names are cut short.
MAX_COLUMN_PX = 220


def words_in_span(segment: Segment, start: int, end: int) -> tuple[int, int] | None:
    """(first, last) index of the words that the characters ``start..end`` of the
    segment's text touch, or None when they touch none or the words no longer
    spell the text (then they have no times to split at)."""
    offsets = word_offsets(segment)
    if offsets is None:
        return None
    touched = [i for i, (word, at) in enumerate(zip(segment.words, offsets))
               if at < end and at + len(word.text.strip()) > start]
    return (touched[0], touched[-1]) if touched else None


class SpeakerEditing(QObject):
    """The Speakers menu, the filter above the table, and the edits behind them."""

    def __init__(self, window: "EditorWindow"):
        super().__init__(window)
        self.window = window
        self._listed: tuple[tuple[str, str], ...] | None = None  # (id, name) of the speakers the menus show
        self._filtered = False  # some rows are hidden
        self.filter_label = QLabel(objectName="speakerFilterLabel")
        self.filter_combo = QComboBox(objectName="speakerFilter")
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.menu = QMenu(window)
        self.rename_action = self._action(self.rename_dialog, "Ctrl+Shift+R")
        self.assign_menu = QMenu(self.menu)
        self.words_menu = QMenu(self.menu)
        self.merge_action = self._action(self.merge_dialog)
        self.voices_action = self._action(self.voices_dialog)
        self.new_speaker_action = self._action(lambda: self.assign_new_speaker_dialog(self.window.selected_rows()),
                                               "Alt+0")
        self.new_words_speaker_action = self._action(lambda: self.assign_words_dialog(None))
        self._speaker_actions: list[QAction] = []
        self.menu.addAction(self.rename_action)
        self.menu.addMenu(self.assign_menu)
        self.menu.addMenu(self.words_menu)
        self.menu.addAction(self.merge_action)
        self.menu.addSeparator()
        self.labels_action = speaker_labels_action(window.settings, self.menu)
        self.menu.addAction(self.voices_action)
        window.speaker_delegate.new_speaker_requested.connect(self._new_speaker_for_row)

    def _action(self, handler: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(lambda _checked=False: handler())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            self.window.addAction(action)  # the shortcut works with the menu closed
        return action

    def retranslate_ui(self) -> None:
        self.menu.setTitle(self.tr("&Speakers"))
        self.rename_action.setText(self.tr("&Rename speaker…"))
        self.assign_menu.setTitle(self.tr("&Assign to speaker"))
        self.words_menu.setTitle(self.tr("Assign selected &words to"))
        self.merge_action.setText(self.tr("&Merge speakers…"))
        self.voices_action.setText(self.tr("&Known voices…"))
        retranslate_speaker_labels(self.labels_action)
        self.new_speaker_action.setText(self.tr("&New speaker…"))
        self.new_words_speaker_action.setText(self.tr("&New speaker…"))
        self.words_menu.setToolTip(self.tr("The words selected in a segment's text become a segment of their own "
                                           "with that speaker."))
        self.words_menu.setToolTipsVisible(True)
        self.filter_label.setText(self.tr("Speaker:"))
        self.filter_combo.setToolTip(self.tr("Show only the segments of one speaker"))
        self._listed = None
        self.refresh()

    # --- following the transcript ---------------------------------------------------------------

    def refresh(self) -> None:
        """After an edit: the menus and the filter list the speakers there are now, the
        speaker things show only when there are any, and the filter hides rows again."""
        transcript = self.window.document.transcript
        present = bool(transcript.speakers)
        self.menu.menuAction().setVisible(present)
        self.filter_label.setVisible(present)
        self.filter_combo.setVisible(present)
        self.window.table.setColumnHidden(Column.SPEAKER, not present)
        listed = tuple((sp.id, sp.name) for sp in transcript.speakers)
        if listed != self._listed:
            self._listed = listed
            self._rebuild_menus(transcript)
            self._rebuild_filter(transcript)
            self._fit_column(transcript)
        self.apply_filter()

    def _rebuild_menus(self, transcript: Transcript) -> None:
        for action in self._speaker_actions:
            self.window.removeAction(action)
            action.deleteLater()
        self.assign_menu.clear()
        self.words_menu.clear()
        self._speaker_actions = []
        for number, speaker in enumerate(transcript.speakers, start=1):
            segments = QAction(speaker.name, self.window)
            segments.triggered.connect(lambda _c=False, sid=speaker.id: self.assign_selected(sid))
            if number <= NUMBERED_SPEAKERS:
                segments.setShortcut(QKeySequence(f"Alt+{number}"))
                self.window.addAction(segments)
            words = QAction(speaker.name, self.window)
            words.triggered.connect(lambda _c=False, sid=speaker.id: self.assign_words_dialog(sid))
            self.assign_menu.addAction(segments)
            self.words_menu.addAction(words)
            self._speaker_actions += [segments, words]
        self.assign_menu.addSeparator()
        self.assign_menu.addAction(self.new_speaker_action)
        self.words_menu.addSeparator()
        self.words_menu.addAction(self.new_words_speaker_action)
        self.merge_action.setEnabled(len(transcript.speakers) > 1)

    def _rebuild_filter(self, transcript: Transcript) -> None:
        shown = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(self.tr("All"), None)
        fill_speaker_combo(self.filter_combo, transcript.speakers)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(shown)))
        self.filter_combo.blockSignals(False)

    def _fit_column(self, transcript: Transcript) -> None:
        """As wide as the longest name (and its colour), within reason: the text needs the room."""
        table = self.window.table
        widest = max((table.fontMetrics().horizontalAdvance(sp.name) for sp in transcript.speakers), default=0)
        swatch = table.style().pixelMetric(table.style().PixelMetric.PM_SmallIconSize)
        title = table.horizontalHeader().fontMetrics().horizontalAdvance(
            str(self.window.model.headerData(Column.SPEAKER, Qt.Orientation.Horizontal)))
        table.horizontalHeader().resizeSection(Column.SPEAKER, min(max(widest + swatch, title) + 24, MAX_COLUMN_PX))

    # --- the filter ---------------------------------------------------------------------------

    def shown_speaker(self) -> str | None:
        """The speaker whose rows alone are shown, or None for all."""
        return self.filter_combo.currentData() if self.filter_combo.isVisibleTo(self.window) else None

    def show_speaker(self, speaker_id: str | None) -> None:
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(speaker_id)))

    def apply_filter(self) -> None:
        table, shown = self.window.table, self.shown_speaker()
        if shown is None and not self._filtered:
            return  # nothing hidden, nothing to hide: no pass over 3,000 rows on every edit
        self._filtered = shown is not None
        for row, segment in enumerate(self.window.document.transcript.segments):
            hide = shown is not None and segment.speaker != shown
            if table.isRowHidden(row) != hide:
                table.setRowHidden(row, hide)

    def reveal(self, row: int) -> None:
        """Show every speaker again when a hidden row must be seen (a new segment, an uncertain word)."""
        if self.window.table.isRowHidden(row):
            self.show_speaker(None)

    # --- edits --------------------------------------------------------------------------------

    def _current_speaker(self) -> str | None:
        """The speaker of the first selected segment, else the first speaker."""
        transcript, rows = self.window.document.transcript, self.window.selected_rows()
        spoken = transcript.segments[rows[0]].speaker if rows else None
        return spoken or (transcript.speakers[0].id if transcript.speakers else None)

    def assign_selected(self, speaker_id: str) -> bool:
        rows = self.window.selected_rows()
        if not rows:
            self.window.statusBar().showMessage(self.tr("Select the segments to assign first."), 8000)
            return False
        return self.window._apply(self.tr("Assign speaker"), lambda t: assign(t, rows, speaker_id))

    def _ask_new_name(self) -> str | None:
        transcript, new_id = add_speaker(self.window.document.transcript)
        name, ok = QInputDialog.getText(self.window, self.tr("New speaker"), self.tr("Name of the new speaker:"),
                                        QLineEdit.EchoMode.Normal, transcript.speaker(new_id).name)
        return name.strip() if ok and name.strip() else None

    def _new_speaker_for_row(self, row: int) -> None:
        """The Speaker cell chose "New speaker…": its row, or the selection it is part of."""
        rows = self.window.selected_rows()
        self.assign_new_speaker_dialog(rows if row in rows else [row])

    def assign_new_speaker_dialog(self, rows: list[int]) -> None:
        if not rows:
            self.window.statusBar().showMessage(self.tr("Select the segments to assign first."), 8000)
            return
        name = self._ask_new_name()
        if name is not None:
            self.assign_new_speaker(rows, name)

    def assign_new_speaker(self, rows: list[int], name: str) -> bool:
        """A new speaker called ``name`` says the segments at ``rows``: one undo step."""

        def edit(t: Transcript) -> Transcript:
            added, speaker_id = add_speaker(t, name)
            return assign(added, rows, speaker_id)

        return self.window._apply(self.tr("New speaker"), edit)

    def assign_words_dialog(self, speaker_id: str | None) -> bool:
        """The words selected in the open text cell, to ``speaker_id`` (None: a new
        speaker, whose name is asked)."""
        delegate = self.window.delegate
        chosen = delegate.selection()
        if chosen is None:
            self.window.statusBar().showMessage(
                self.tr("Select words in a segment's text first (double-click the text, then select)."), 8000)
            return False
        row, start, end = chosen
        typed = delegate.editor.text()
        lead = len(typed) - len(typed.lstrip())  # the committed text is stripped
        self.window._commit_open_editor()
        span = words_in_span(self.window.document.transcript.segments[row], start - lead, end - lead)
        if span is None:
            self.window.statusBar().showMessage(
                self.tr("These words have no times to split at: split the segment first (Ctrl+Return)."), 8000)
            return False
        name = None
        if speaker_id is None:
            name = self._ask_new_name()
            if name is None:
                return False
        return self.assign_words(row, span[0], span[1], speaker_id, name)

    def assign_words(self, row: int, first: int, last: int, speaker_id: str | None, name: str | None = None) -> bool:
        """Words ``first..last`` of a segment become a segment of their own, said by
        ``speaker_id`` (or by a new speaker called ``name``): one undo step."""

        def edit(t: Transcript) -> Transcript:
            target = speaker_id
            if target is None:
                t, target = add_speaker(t, name)
            return assign_words(t, row, first, last, target)

        return self.window._apply(self.tr("Assign words to a speaker"), edit, [row + (1 if first > 0 else 0)])

    def rename_dialog(self) -> None:
        transcript, speaker_id = self.window.document.transcript, self._current_speaker()
        speaker = transcript.speaker(speaker_id)
        if speaker is None:
            return
        dialog = RenameSpeakerDialog(speaker, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rename(speaker.id, dialog.name(), dialog.remember())

    def rename(self, speaker_id: str, name: str, remember: bool = False) -> bool:
        """Rename a speaker everywhere it speaks; with ``remember``, save its voice under
        the new name and link the speaker to it. The transcript part is one undo step;
        the voice library is written first and stays written (undo does not forget a
        voice: Known voices does)."""
        speaker = self.window.document.transcript.speaker(speaker_id)
        if speaker is None:
            return False
        voice_id = None
        if remember and name.strip():  # an empty name is refused below, and must not reach the library
            try:
                voice_id = VoiceLibrary().remember(name, speaker.embedding).id
            except VoiceError as exc:
                QMessageBox.warning(self.window, self.tr("Remember this voice"),
                                    self.tr("The voice was not remembered: %1").replace("%1", str(exc)))

        def edit(t: Transcript) -> Transcript:
            renamed = rename_speaker(t, speaker_id, name)
            return renamed if voice_id is None else set_speaker_voice(renamed, speaker_id, voice_id)

        return self.window._apply(self.tr("Rename speaker"), edit)

    def merge_dialog(self) -> None:
        transcript = self.window.document.transcript
        if len(transcript.speakers) < 2:
            return
        dialog = MergeSpeakersDialog(transcript.speakers, self._current_speaker(), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.merge(dialog.keep(), dialog.drop())

    def merge(self, keep: str, drop: str) -> bool:
        """Everything ``drop`` said is said by ``keep``: one undo step."""
        if self.shown_speaker() == drop:
            self.show_speaker(keep)
        return self.window._apply(self.tr("Merge speakers"), lambda t: merge_speakers(t, keep, drop))

    def voices_dialog(self) -> None:
        VoicesDialog(parent=self.window).exec()
