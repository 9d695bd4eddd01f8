"""Editing the Speaker column: a list of the transcript's speakers and "New speaker…".

Picking a speaker commits at once (one click, as a menu would); the model then
reassigns the row, or the whole selection when the row is part of it. "New
speaker…" needs a name, and asking for one from inside the view's commit would
let the dialog's focus change commit the editor a second time, so the delegate
closes its editor and asks the window, after the view is done, with
``new_speaker_requested``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .editor_model import SEGMENT_ROLE
from .speaker_colours import fill_speaker_combo


class SpeakerDelegate(QStyledItemDelegate):
    """A combo box over the speakers of the model's document."""

    #: the row whose cell chose "New speaker…"
    new_speaker_requested = Signal(int)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.setObjectName("speakerEditor")
        fill_speaker_combo(editor, index.model().document.transcript.speakers)
        editor.addItem(self.tr("New speaker…"), None)
        row = index.row()
        editor.activated.connect(lambda _at, chosen=editor: self._chosen(chosen, row))
        # double click or F2 shows the list straight away (unless the editor closed first)
        QTimer.singleShot(0, editor, lambda: editor.isVisible() and editor.showPopup())
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        segment = index.data(SEGMENT_ROLE)
        at = editor.findData(segment.speaker) if segment.speaker else -1
        editor.setCurrentIndex(at if at >= 0 else editor.count() - 1)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        speaker_id = editor.currentData()
        if speaker_id is not None and speaker_id != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, speaker_id, Qt.ItemDataRole.EditRole)

    def _chosen(self, editor: QComboBox, row: int) -> None:
        if editor.currentData() is None:
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
            QTimer.singleShot(0, self, lambda: self.new_speaker_requested.emit(row))
            return
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
