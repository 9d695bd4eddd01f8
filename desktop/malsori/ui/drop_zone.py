"""Turning dropped or chosen paths into the media files to queue, and the drop zone widget."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.audio import MEDIA_SUFFIXES


def media_patterns() -> str:
    """The accepted media suffixes as file-dialog patterns ("*.flac *.m4a …")."""
    return " ".join(f"*{suffix}" for suffix in sorted(MEDIA_SUFFIXES))


def local_paths(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropZone(QFrame):
    """The large "drop files here" target shown above the queue."""

    files_dropped = Signal(list)  # list[Path]: the paths as dropped (folders not yet expanded)
    open_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(110)
        self._remote_hosts: list[str] = []  # where dropped files' audio goes; [] = this computer
        self.title = QLabel()
        self.title.setObjectName("dropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setObjectName("dropHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openButton")
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button = QPushButton()
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.clicked.connect(self.sample_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addStretch()
        self._set_highlight(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Drop audio or video files here"))
        if self._remote_hosts:
            self.hint.setText(self.tr("Whole folders work too. The audio is sent to {hosts} (Remote engine).")
                              .format(hosts=", ".join(self._remote_hosts)))
        else:
            self.hint.setText(self.tr("Whole folders work too. Everything stays on this computer."))
        self.open_button.setText(self.tr("Open files…"))
        self.sample_button.setText(self.tr("Try a sample"))

    def set_remote_hosts(self, hosts: list[str]) -> None:
        """Say where the audio of dropped files goes: the remote engine's hosts, or [] for this computer."""
        self._remote_hosts = list(hosts)
        self.retranslate_ui()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _set_highlight(self, on: bool) -> None:
        # palette(highlight) follows the system's light or dark theme
        border = "palette(highlight)" if on else "palette(mid)"
        self.setStyleSheet(
            f"#dropZone {{ border: 2px dashed {border}; border-radius: 12px; }}"
            "#dropHint { color: palette(placeholder-text); }"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(event.mimeData()):
            self._set_highlight(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self._set_highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_highlight(False)
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
