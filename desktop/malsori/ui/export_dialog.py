"""Choosing export formats and files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import subtitles
from .settings import Settings

EXPORT_FORMATS = ("srt", "vtt", "txt", "json")


def _label(fmt: str) -> str:
    return {
        "srt": QCoreApplication.translate("Export", "SubRip subtitles"),
        "vtt": QCoreApplication.translate("Export", "WebVTT subtitles"),
        "txt": QCoreApplication.translate("Export", "Plain text"),
        "json": QCoreApplication.translate("Export", "Malsori JSON (words and timings)"),
    }[fmt]


def export_filters() -> list[str]:
    """File dialog filters, one per format, e.g. "SubRip subtitles (*.srt)"."""
    return [f"{_label(fmt)} (*{subtitles.FORMATS[fmt].suffix})" for fmt in EXPORT_FORMATS]


def format_for_filter(selected: str, path: Path) -> str:
    """The format a save dialog asked for: by the chosen file name, else the chosen filter."""
    try:
        return subtitles.format_for_path(path)
    except subtitles.SubtitleError:
        filters = export_filters()
        return EXPORT_FORMATS[filters.index(selected)] if selected in filters else "srt"


class ExportAllDialog(QDialog):
    """Pick a folder and the formats to write every finished transcript in."""

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Export all finished transcripts"))
        chosen = set(settings.get("export/formats", ["srt", "txt"]))
        self.boxes = {fmt: QCheckBox(_label(fmt)) for fmt in EXPORT_FORMATS}
        for fmt, box in self.boxes.items():
            box.setChecked(fmt in chosen)
        self.folder_edit = QLineEdit(settings.get("dialogs/export_dir", str(Path.home())))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit)
        folder_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Formats:")))
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("Folder:")))
        layout.addLayout(folder_row)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def formats(self) -> list[str]:
        return [fmt for fmt, box in self.boxes.items() if box.isChecked()]

    def folder(self) -> Path:
        return Path(self.folder_edit.text()).expanduser()

    def accept(self) -> None:
        self.settings.set("export/formats", self.formats())
        self.settings.set("dialogs/export_dir", str(self.folder()))
        super().accept()
