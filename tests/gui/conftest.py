"""GUI test setup: modal message boxes are recorded instead of blocking the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import Transcript
from malsori.ui.editor_window import EditorWindow
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import meeting_transcript, project_of


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> list[tuple[str, str, str]]:
    """(kind, title, text) of every message box the code under test opened."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str, answer: QMessageBox.StandardButton):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return staticmethod(show)

    ok = QMessageBox.StandardButton.Ok
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind, ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def make_editor(qtbot, tmp_path):
    """Opens editors on a project of a transcript (the meeting by default), shown and
    active; closed without a save question at teardown."""
    made: list[EditorWindow] = []

    def make(transcript: Transcript | None = None, media: Path | None = None, path: Path | None = None):
        editor = EditorWindow(project_of(transcript or meeting_transcript(), media), path,
                              Settings(tmp_path / "malsori.ini"), RecoveryStore(tmp_path / "recovery"))
        qtbot.addWidget(editor)
        editor.show()
        editor.activateWindow()  # shortcuts reach the active window only
        assert QTest.qWaitForWindowActive(editor)
        made.append(editor)
        return editor

    yield make
    for editor in made:
        editor.document.undo_stack.setClean()  # no "save changes?" question at teardown
        editor.close()
