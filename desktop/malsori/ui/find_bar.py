"""The editor's find and replace bar (Ctrl+F, Ctrl+H).

Matching is core/find_replace.py; this bar only collects the query, moves the
selection to matches, and hands "replace all" to the editor as one undoable
step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from ..core import find_replace
from ..core.find_replace import FindError, Query

if TYPE_CHECKING:
    from .editor_window import EditorWindow


class FindBar(QWidget):
    def __init__(self, editor: "EditorWindow"):
        super().__init__(editor)
        self.setObjectName("findBar")
        self.editor = editor
        self.find_edit = QLineEdit(objectName="findEdit")
        self.replace_edit = QLineEdit(objectName="replaceEdit")
        self.case_check = QCheckBox(objectName="caseCheck")
        self.word_check = QCheckBox(objectName="wordCheck")
        self.regex_check = QCheckBox(objectName="regexCheck")
        self.selection_check = QCheckBox(objectName="selectionCheck")
        self.next_button = QPushButton(objectName="findNextButton")
        self.previous_button = QPushButton(objectName="findPreviousButton")
        self.replace_button = QPushButton(objectName="replaceButton")
        self.replace_all_button = QPushButton(objectName="replaceAllButton")
        self.close_button = QToolButton(objectName="findCloseButton")
        self.close_button.setText("✕")
        self.status = QLabel(objectName="findStatus")
        self.find_label, self.replace_label = QLabel(), QLabel()
        self.find_label.setBuddy(self.find_edit)
        self.replace_label.setBuddy(self.replace_edit)
        # the options on a row of their own, so the bar fits an 800-pixel window beside a dock
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.find_label, 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(self.previous_button, 0, 2)
        grid.addWidget(self.next_button, 0, 3)
        grid.addWidget(self.close_button, 0, 4)
        grid.addWidget(self.replace_label, 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        grid.addWidget(self.replace_button, 1, 2)
        grid.addWidget(self.replace_all_button, 1, 3)
        options = QHBoxLayout()
        for widget in (self.case_check, self.word_check, self.regex_check, self.selection_check):
            options.addWidget(widget)
        options.addWidget(self.status, 1)
        grid.addLayout(options, 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        self.status.setWordWrap(True)
        self.find_edit.returnPressed.connect(lambda: self.find(1))
        self.next_button.clicked.connect(lambda: self.find(1))
        self.previous_button.clicked.connect(lambda: self.find(-1))
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.hide)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.find_label.setText(self.tr("Fi&nd:"))
        self.replace_label.setText(self.tr("Re&place with:"))
        self.case_check.setText(self.tr("Match case"))
        self.word_check.setText(self.tr("Whole words"))
        self.regex_check.setText(self.tr("Regular expression"))
        self.selection_check.setText(self.tr("In selection only"))
        self.next_button.setText(self.tr("Next"))
        self.previous_button.setText(self.tr("Previous"))
        self.replace_button.setText(self.tr("Replace"))
        self.replace_all_button.setText(self.tr("Replace all"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.editor.table.setFocus()
            return
        super().keyPressEvent(event)

    def open(self, replace: bool) -> None:
        self.replace_edit.setVisible(replace)
        self.replace_label.setVisible(replace)
        for widget in (self.replace_button, self.replace_all_button, self.selection_check):
            widget.setVisible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def query(self) -> Query:
        return Query(self.find_edit.text(), case_sensitive=self.case_check.isChecked(),
                     whole_word=self.word_check.isChecked(), regex=self.regex_check.isChecked())

    def find(self, direction: int) -> find_replace.Match | None:
        """Select the next match after (or before) the current row; wraps around."""
        if not self.find_edit.text():
            return None
        rows = self.editor.selected_rows()
        row = rows[0] if rows else (-1 if direction > 0 else len(self.editor.document.transcript.segments))
        start = row + 1 if direction > 0 else row - 1
        try:
            match = find_replace.find_next(self.editor.document.transcript, self.query(), start, 0,
                                           backwards=direction < 0)
        except FindError as exc:
            self.status.setText(str(exc))
            return None
        if match is None:
            self.status.setText(self.tr("Not found"))
            return None
        self.status.setText("")
        self.editor.select_rows([match.index])
        return match

    def replace_current(self) -> None:
        rows = self.editor.selected_rows()
        transcript = self.editor.document.transcript
        try:
            matches = find_replace.find_all(transcript, self.query(), rows[:1]) if rows else []
            if not matches:
                self.find(1)
                return
            new = find_replace.replace_one(transcript, matches[0], self.query(), self.replace_edit.text())
        except FindError as exc:
            self.status.setText(str(exc))
            return
        self.editor.replace_transcript(self.tr("Replace"), new)
        self.find(1)

    def replace_all(self) -> int:
        """Replace every match (in the selection, if asked) as one undoable step."""
        rows = self.editor.selected_rows() if self.selection_check.isChecked() else None
        try:
            new, count = find_replace.replace_all(self.editor.document.transcript, self.query(),
                                                  self.replace_edit.text(), rows)
        except FindError as exc:
            self.status.setText(str(exc))
            return 0
        if count:
            self.editor.replace_transcript(self.tr("Replace %n occurrence(s)", "", count), new)
        self.status.setText(self.tr("Replaced %n occurrence(s)", "", count))
        return count
