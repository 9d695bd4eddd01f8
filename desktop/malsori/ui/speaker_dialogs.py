"""The small dialogs of the Speakers menu: rename a speaker, merge two speakers.

They only ask; the editor turns the answer into one undoable edit, so a dialog
never touches the transcript (or the voice library) itself.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.transcript import Speaker
from .speaker_colours import fill_speaker_combo


class RenameSpeakerDialog(QDialog):
    """A speaker's new name, and whether to remember its voice under that name."""

    def __init__(self, speaker: Speaker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("renameSpeakerDialog")
        self.setWindowTitle(self.tr("Rename speaker"))
        self.name_edit = QLineEdit(speaker.name, objectName="speakerNameEdit")
        self.name_edit.selectAll()
        self.remember_box = QCheckBox(self.tr("Remember this voice"), objectName="rememberVoiceBox")
        if speaker.embedding:
            # already a known voice: keeping it under the new name is what most renames mean
            self.remember_box.setChecked(speaker.voice is not None)
            self.remember_box.setToolTip(self.tr(
                "Saves this speaker's voice fingerprint (not audio) on this computer, so the voice is named "
                "in files transcribed later. Undo restores the name here, but does not forget the voice: "
                "delete it in Speakers ▸ Known voices."))
        else:
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(self.tr(
                "This speaker has no voice fingerprint (it was not found by speaker detection), so its voice "
                "cannot be remembered."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._check)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember_box)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        """A speaker's name cannot be empty (the transcript refuses one)."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name().strip()))

    def name(self) -> str:
        return self.name_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isEnabled() and self.remember_box.isChecked()


class MergeSpeakersDialog(QDialog):
    """Two speakers: everything the first said is then said by the second."""

    def __init__(self, speakers: tuple[Speaker, ...], drop: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeSpeakersDialog")
        self.setWindowTitle(self.tr("Merge speakers"))
        self.drop_combo = QComboBox(objectName="mergeDropCombo")
        self.keep_combo = QComboBox(objectName="mergeKeepCombo")
        for combo in (self.drop_combo, self.keep_combo):
            fill_speaker_combo(combo, speakers)
        self.drop_combo.setCurrentIndex(max(0, self.drop_combo.findData(drop)))
        self.keep_combo.setCurrentIndex(1 if self.drop_combo.currentIndex() == 0 else 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for combo in (self.drop_combo, self.keep_combo):
            combo.currentIndexChanged.connect(self._check)
        form = QFormLayout()
        form.addRow(self.tr("Merge:"), self.drop_combo)
        form.addRow(self.tr("Into:"), self.keep_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        """A speaker cannot be merged with itself."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.drop() != self.keep())

    def drop(self) -> str:
        return self.drop_combo.currentData()

    def keep(self) -> str:
        return self.keep_combo.currentData()
