"""Speakers ▸ Known voices: the voices Malsori recognizes, to rename or delete.

A person must be able to see what is kept about the people they recorded, and
take it back: the list is read from the voice library every time it is shown,
and a deletion rewrites the library file at once (there is no undo for it, so
it asks first). Every library error is a message, never a traceback.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.voices import Voice, VoiceError, VoiceLibrary


def saved_on(voice: Voice) -> str:
    """When the voice was saved, in the person's local time and locale ("" when unknown)."""
    try:
        when = datetime.fromisoformat(voice.created).astimezone()
    except ValueError:
        return voice.created
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


class VoicesDialog(QDialog):
    """The known voices of ``library`` (the user's own by default)."""

    def __init__(self, library: VoiceLibrary | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("voicesDialog")
        self.setWindowTitle(self.tr("Known voices"))
        self.library = library if library is not None else VoiceLibrary()
        self.note = QLabel(self.tr(
            "Malsori names these voices when it hears them again in a new file. For each one, only a voice "
            "fingerprint (a list of numbers that cannot be turned back into sound) is stored, not audio, "
            "and only on this computer."), objectName="voicesNote")
        self.note.setWordWrap(True)
        self.tree = QTreeWidget(objectName="voicesList")
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Saved")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename_selected())
        self.empty_label = QLabel(self.tr("No voices are saved. To save one, rename a speaker and tick "
                                          "“Remember this voice”."), objectName="voicesEmpty")
        self.empty_label.setWordWrap(True)
        self.rename_button = QPushButton(self.tr("&Rename…"), objectName="renameVoiceButton")
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton(self.tr("&Delete"), objectName="deleteVoiceButton")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        row.addStretch()
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        self.resize(520, 360)
        self.reload()

    def _warn(self, error: VoiceError) -> None:
        QMessageBox.warning(self, self.tr("Known voices"), str(error))

    def voices(self) -> list[Voice]:
        """The voices listed, in the library's order."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in items]

    def reload(self) -> None:
        """List the library again (a damaged or unreadable file: an empty list and the reason)."""
        self.tree.clear()
        try:
            voices = self.library.voices()
        except VoiceError as exc:
            voices = []
            self._warn(exc)
        for voice in voices:
            item = QTreeWidgetItem([voice.name, saved_on(voice)])
            item.setData(0, Qt.ItemDataRole.UserRole, voice)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.empty_label.setVisible(not voices)
        self._update_buttons()

    def _selected(self) -> Voice | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _select(self, voice_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole).id == voice_id:
                self.tree.setCurrentItem(item)

    def rename_selected(self) -> None:
        voice = self._selected()
        if voice is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename voice"), self.tr("Name:"), QLineEdit.EchoMode.Normal,
                                        voice.name)
        if ok and name.strip() and name.strip() != voice.name:
            self.rename_voice(voice.id, name)

    def rename_voice(self, voice_id: str, name: str) -> bool:
        """Rename a voice; a voice already of that name gives way (one name, one voice)."""
        try:
            self.library.rename(voice_id, name)
        except VoiceError as exc:
            self._warn(exc)
            return False
        self.reload()
        self._select(voice_id)
        return True

    def delete_selected(self) -> None:
        voice = self._selected()
        if voice is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete voice"),
            self.tr("Delete the voice “%1”? Malsori will no longer recognize it; this cannot be undone.")
            .replace("%1", voice.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.forget_voice(voice.id)

    def forget_voice(self, voice_id: str) -> bool:
        try:
            self.library.forget(voice_id)
        except VoiceError as exc:
            self._warn(exc)
            return False
        self.reload()
        return True
