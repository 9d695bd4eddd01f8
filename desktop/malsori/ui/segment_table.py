"""A read-only table of a transcript's segments (the editor builds on the same idea).

Segments can be appended one by one while a job streams them, so a person
sees text appear as the model decodes it. A transcript with speakers shows each
segment as "Name: text", as its subtitles read.
"""

from __future__ import annotations

import enum
from typing import Any, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from ..core.timecode import format_timestamp
from ..core.transcript import Segment
from .table_model import ListTableModel


class Column(enum.IntEnum):
    INDEX = 0
    START = 1
    END = 2
    TEXT = 3


class SegmentTableModel(ListTableModel):
    columns = Column

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.segments: list[Segment] = []
        self.speakers: Mapping[str, str] = {}  # speaker id -> name

    def items(self) -> list[Segment]:
        return self.segments

    def header(self, column: Column) -> str:
        return {
            Column.INDEX: "#",
            Column.START: QCoreApplication.translate("Segments", "Start"),
            Column.END: QCoreApplication.translate("Segments", "End"),
            Column.TEXT: QCoreApplication.translate("Segments", "Text"),
        }[column]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        seg = self.segments[index.row()]
        column = Column(index.column())
        if column == Column.INDEX:
            return str(index.row() + 1)
        if column == Column.START:
            return format_timestamp(seg.start)  # the editor's form: one time format in the window
        if column == Column.END:
            return format_timestamp(seg.end)
        name = self.speakers.get(seg.speaker) if seg.speaker is not None else None
        return f"{name}: {seg.text}" if name else seg.text

    def set_segments(self, segments: Sequence[Segment], speakers: Mapping[str, str] | None = None) -> None:
        """Show ``segments``; ``speakers`` names their speaker ids (none: no names shown)."""
        self.beginResetModel()
        self.segments = list(segments)
        self.speakers = dict(speakers or {})
        self.endResetModel()

    def append(self, segment: Segment) -> None:
        row = len(self.segments)
        self.beginInsertRows(QModelIndex(), row, row)
        self.segments.append(segment)
        self.endInsertRows()
