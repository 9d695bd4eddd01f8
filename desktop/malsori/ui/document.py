"""The transcript being edited, with undo.

Every edit is a pure function from one immutable Transcript to the next
(core/transcript.py), so an undo command only keeps the value before and after:
undo restores exactly what the person saw, whatever the edit was, and no
command needs its own inverse logic that could drift from the operation.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.transcript import Transcript

Edit = Callable[[Transcript], Transcript]


class TranscriptCommand(QUndoCommand):
    """Swap between two transcript values; the selection travels with them."""

    def __init__(self, document: "TranscriptDocument", before: Transcript, after: Transcript, text: str,
                 selection_before: list[int], selection_after: list[int]):
        super().__init__(text)
        self.document = document
        self.before, self.after = before, after
        self.selection_before, self.selection_after = selection_before, selection_after

    def redo(self) -> None:
        self.document._set(self.after, self.selection_after)

    def undo(self) -> None:
        self.document._set(self.before, self.selection_before)


class TranscriptDocument(QObject):
    """Holds the current transcript and the undo stack; views listen to ``changed``."""

    #: the new transcript and the rows to select afterwards
    changed = Signal(object, list)

    def __init__(self, transcript: Transcript, parent: QObject | None = None):
        super().__init__(parent)
        self.transcript = transcript
        self.undo_stack = QUndoStack(self)
        self.selection: list[int] = []

    def apply(self, text: str, edit: Edit, select: list[int] | None = None) -> bool:
        """Run ``edit`` on the current transcript as one undoable step named ``text``.

        Returns False (and records nothing) when the edit changes nothing. The
        edit may raise TranscriptError; then nothing changes either.
        """
        before = self.transcript
        after = edit(before)
        if after == before:
            return False
        selection_after = list(select) if select is not None else list(self.selection)
        self.undo_stack.push(TranscriptCommand(self, before, after, text, list(self.selection), selection_after))
        return True

    def _set(self, transcript: Transcript, selection: list[int]) -> None:
        self.transcript = transcript
        self.selection = [i for i in selection if 0 <= i < len(transcript.segments)]
        self.changed.emit(transcript, self.selection)
