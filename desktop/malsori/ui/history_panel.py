"""The history panel: saved projects, newest first, reopened with a double click."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.project import ProjectStore
from .jobs import clock


class HistoryPanel(QWidget):
    open_requested = Signal(Path)

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("History"))
        self.list.setToolTip(self.tr("Saved transcripts. Double-click to open one."))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.list.clear()
        for summary in self.store.list():
            when = dt.datetime.fromtimestamp(summary.modified).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{summary.title}\n{when} · {clock(summary.duration)} · {summary.language or '?'}")
            item.setData(Qt.ItemDataRole.UserRole, str(summary.path))
            item.setToolTip(str(summary.media or summary.path))
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
