"""A row of two button groups that stacks them when the window is too narrow.

The queue's buttons (Cancel, Cancel all, Retry, Remove | Edit, Export, Export all)
need about 600 px side by side; on an 800×600 screen, with the side column and
the recording panel open, that is more than the middle of the window has. Rather
than clip them, the row puts the second group under the first when both do not fit.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QWidget


def _group(widgets: Sequence[QWidget], stretch_first: bool) -> QWidget:
    group = QWidget()
    layout = QHBoxLayout(group)
    layout.setContentsMargins(0, 0, 0, 0)
    if stretch_first:
        layout.addStretch()
    for widget in widgets:
        layout.addWidget(widget)
    if not stretch_first:
        layout.addStretch()
    return group


class ButtonRow(QWidget):
    """``left`` buttons at the left and ``right`` at the right; one above the other when narrow."""

    def __init__(self, left: Sequence[QWidget], right: Sequence[QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self.left = _group(left, stretch_first=False)
        self.right = _group(right, stretch_first=True)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.left)
        self.box.addWidget(self.right)
        # The row's own size hints decide (the box would insist on both groups' width).
        self.box.setSizeConstraint(QBoxLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _side_by_side_width(self) -> int:
        return self.left.sizeHint().width() + self.box.spacing() + self.right.sizeHint().width()

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def _height(self) -> int:
        left, right = self.left.sizeHint().height(), self.right.sizeHint().height()
        return left + self.box.spacing() + right if self.stacked() else max(left, right)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(self._side_by_side_width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As narrow as the wider group (stacked), as tall as the current arrangement."""
        width = max(self.left.minimumSizeHint().width(), self.right.minimumSizeHint().width())
        return QSize(width, self._height())

    def _arrange(self, width: int) -> None:
        wide = width >= self._side_by_side_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if direction != self.box.direction():
            self.box.setDirection(direction)
            self.updateGeometry()  # the height it needs has changed

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button's text changed (e.g. another language)
            self._arrange(self.width())
        return super().event(event)
