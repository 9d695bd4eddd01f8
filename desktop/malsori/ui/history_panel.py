"""The history panel: saved projects, newest first, reopened with a double click,
renamed (F2) or deleted (Delete, after a confirmation) from the keyboard or the
context menu."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core.project import ProjectError, ProjectStore, ProjectSummary
from . import i18n
from .jobs import clock


class HistoryPanel(QWidget):
    open_requested = Signal(Path)
    deleted = Signal(Path)  # a project file the person deleted

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._summaries: dict[str, ProjectSummary] = {}
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemActivated.connect(self._activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.open_action = self._action(self._open_selected)
        self.rename_action = self._action(self.rename_selected, QKeySequence(Qt.Key.Key_F2))
        self.delete_action = self._action(self.delete_selected, QKeySequence(QKeySequence.StandardKey.Delete))
        self.list.itemSelectionChanged.connect(self._update_actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.retranslate_ui()  # fills the list

    def _action(self, handler, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self.list)
        action.triggered.connect(handler)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(action)
        return action

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("History"))
        self.list.setToolTip(self.tr("Saved transcripts. Double-click to open one; F2 renames, Delete deletes."))
        self.open_action.setText(self.tr("&Open"))
        self.rename_action.setText(self.tr("&Rename…"))
        self.delete_action.setText(self.tr("&Delete…"))
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        selected = set(self.selected_paths())
        self.list.clear()
        self._summaries = {}
        for summary in self.store.list():
            when = dt.datetime.fromtimestamp(summary.modified).strftime("%Y-%m-%d %H:%M")
            title = self.tr("%1 (partial)").replace("%1", summary.title) if summary.partial else summary.title
            item = QListWidgetItem(f"{title}\n{when} · {clock(summary.duration)} · {i18n.language_name(summary.language) or '?'}")
            item.setData(Qt.ItemDataRole.UserRole, str(summary.path))
            item.setToolTip(str(summary.media or summary.path))
            self._summaries[str(summary.path)] = summary
            self.list.addItem(item)
            item.setSelected(summary.path in selected)
        self._update_actions()

    def selected_paths(self) -> list[Path]:
        return [Path(item.data(Qt.ItemDataRole.UserRole)) for item in self.list.selectedItems()]

    def _update_actions(self) -> None:
        count = len(self.list.selectedItems())
        self.open_action.setEnabled(count >= 1)
        self.rename_action.setEnabled(count == 1)
        self.delete_action.setEnabled(count >= 1)

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        if not item.isSelected():
            self.list.setCurrentItem(item)
        menu = QMenu(self)
        for action in (self.open_action, self.rename_action, self.delete_action):
            menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _open_selected(self) -> None:
        for path in self.selected_paths():
            self.open_requested.emit(path)

    def rename_selected(self) -> bool:
        """Ask for a new title of the selected project; the file keeps its name."""
        paths = self.selected_paths()
        if len(paths) != 1:
            return False
        summary = self._summaries.get(str(paths[0]))
        current = summary.title if summary is not None else paths[0].stem
        title, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("New title:"), QLineEdit.EchoMode.Normal,
                                         current)
        if not ok or not title.strip() or title.strip() == current:
            return False
        try:
            self.store.rename(paths[0], title)
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("Cannot rename"), str(exc))
            return False
        self.refresh()
        return True

    def delete_selected(self) -> bool:
        """Delete the selected projects after the person confirms; True if they did."""
        paths = self.selected_paths()
        if not paths:
            return False
        if len(paths) == 1:
            summary = self._summaries.get(str(paths[0]))
            question = self.tr("Delete “%1” from the history? Its saved transcript is removed; the audio file is "
                               "not touched.").replace("%1", summary.title if summary else paths[0].stem)
        else:
            question = self.tr("Delete %n saved transcripts from the history? The audio files are not touched.",
                               "", len(paths))
        answer = QMessageBox.question(self, self.tr("Delete transcript"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        for path in paths:
            try:
                self.store.delete(path)
            except ProjectError as exc:
                QMessageBox.warning(self, self.tr("Cannot delete"), str(exc))
                continue
            self.deleted.emit(path)
        self.refresh()
        return True
