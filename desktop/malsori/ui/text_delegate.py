"""Drawing and editing the text column: uncertain words highlighted, a line editor.

The delegate remembers the open editor so "split at the cursor" can read the
caret position while the person is typing (and "assign selected words" the
selected text), and where the caret was when the editor closed, so the next
uncertain word is found from there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .editor_model import RICH_TEXT_ROLE


class TextDelegate(QStyledItemDelegate):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.editor: QLineEdit | None = None
        self.editing_row: int | None = None
        #: (row, reading point) of the editor closed last
        self.last_cursor: tuple[int, int] | None = None

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_html = index.data(RICH_TEXT_ROLE) or ""
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(text_html)
        doc.setTextWidth(max(10, option.rect.width() - 4))  # wrap: a subtitle is up to two lines
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        rect = option.rect.adjusted(2, 0, -2, 0)
        top = rect.top() + max(0, (rect.height() - int(doc.size().height())) // 2)
        painter.translate(rect.left(), top)
        painter.setClipRect(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("segmentTextEditor")
        editor.setFrame(False)
        self.editor, self.editing_row = editor, index.row()
        editor.destroyed.connect(lambda _obj=None, closed=editor: self.editor is closed and self._forget())
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if editor is self.editor:
            self.last_cursor = self.reading_point()
            self._forget()  # now, not when the deferred delete happens
        super().destroyEditor(editor, index)

    def _forget(self) -> None:
        self.editor, self.editing_row = None, None

    def cursor(self) -> tuple[int, int] | None:
        """(row, caret position) of the open text editor, if any."""
        if self.editor is None or self.editing_row is None:
            return None
        return self.editing_row, self.editor.cursorPosition()

    def selection(self) -> tuple[int, int, int] | None:
        """(row, start, end) of the text selected in the open editor (end past the last
        selected character), or None when no editor is open or nothing is selected."""
        editor = self.editor
        if editor is None or self.editing_row is None or not editor.hasSelectedText():
            return None
        return self.editing_row, editor.selectionStart(), editor.selectionEnd()

    def reading_point(self) -> tuple[int, int] | None:
        """(row, position) the person is at in the open editor: where the selected
        text starts (the word F8 selected), else the caret; else where the editor
        closed last (``last_cursor``)."""
        if self.editor is None or self.editing_row is None:
            return self.last_cursor
        editor = self.editor
        return self.editing_row, editor.selectionStart() if editor.hasSelectedText() else editor.cursorPosition()
