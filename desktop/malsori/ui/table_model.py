"""The shared shape of Malsori's tables: one row per item of a list, columns from an enum."""

from __future__ import annotations

import enum
from typing import Any, ClassVar, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class ListTableModel(QAbstractTableModel):
    """Rows are ``items()``, columns are the members of ``columns``; subclasses
    say what the rows are, what each header reads, and what each cell shows."""

    columns: ClassVar[type[enum.IntEnum]]

    def items(self) -> Sequence[Any]:
        raise NotImplementedError

    def header(self, column: Any) -> str:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header(self.columns(section))
