"""The summary panel's "Save to project" writes the project file, and says what it did.

Real editor window offscreen, the real fake-vLLM HTTP server, and the project file
read back from disk: a message that says "saved" must mean the answer is on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from malsori.core import project as project_file
from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import edit_text
from malsori.ui.editor_window import EditorWindow
from malsori.ui.settings import Settings
from PySide6.QtWidgets import QFileDialog

from tests.fake_vllm import FakeVllm, fake_vllm  # noqa: F401 - fixture
from tests.gui.editor_fixtures import meeting_transcript, project_of
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 - fixture


@pytest.fixture
def settings(tmp_path: Path, fake_vllm: FakeVllm, memory_keyring: MemoryKeyring) -> Settings:
    settings = Settings(tmp_path / "config" / "malsori.ini")
    settings.set("llm/base_url", fake_vllm.base_url)
    settings.set("llm/model", "test-model")
    return settings


def _editor(qtbot, settings: Settings, tmp_path: Path, path: Path | None) -> EditorWindow:
    editor = EditorWindow(project_of(meeting_transcript()), path, settings, RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(editor)
    editor.show()
    editor.summary_dock.show()
    return editor


def _answer(qtbot, editor: EditorWindow, fake_vllm: FakeVllm, text: str) -> None:
    fake_vllm.reply = lambda body: text
    editor.summary_panel.run_button.click()
    qtbot.waitUntil(lambda: not editor.summary_panel.is_running(), timeout=5000)
    assert editor.summary_panel.text() == text


def test_save_to_project_writes_the_answer_and_the_edits_into_the_project_file(qtbot, settings, tmp_path, fake_vllm):
    path = tmp_path / "meeting.malsori"
    editor = _editor(qtbot, settings, tmp_path, path)
    editor.save()
    editor.document.apply("Edit", lambda t: edit_text(t, 0, "Good morning, all."))  # an edit not yet saved
    _answer(qtbot, editor, fake_vllm, "Budget reviewed; questions by Friday.")
    editor.summary_panel.save_button.click()

    on_disk = project_file.load(path)  # read back from disk, not from the window
    assert [s["text"] for s in on_disk.extra["summaries"]] == ["Budget reviewed; questions by Friday."]
    assert on_disk.extra["summaries"][0]["model"] == "test-model"
    assert on_disk.transcript.segments[0].text == "Good morning, all."  # Save writes the whole project
    assert editor.document.undo_stack.isClean()  # nothing left unsaved, so closing asks nothing
    assert editor.summary_panel.status_label.text() == f"Saved into the project file {path}."
    assert list(tmp_path.glob(".*.tmp")) == [] and list(tmp_path.glob("*.tmp")) == []  # atomic: no leftovers

    _answer(qtbot, editor, fake_vllm, "Second answer.")
    editor.summary_panel.save_button.click()
    assert [s["text"] for s in project_file.load(path).extra["summaries"]] == [
        "Budget reviewed; questions by Friday.", "Second answer."]
    editor.close()


def test_a_new_project_asks_where_and_a_cancelled_save_says_it_is_not_on_disk(
        qtbot, settings, tmp_path, fake_vllm, monkeypatch):
    editor = _editor(qtbot, settings, tmp_path, None)
    _answer(qtbot, editor, fake_vllm, "An answer.")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # the person cancels
    editor.summary_panel.save_button.click()
    status = editor.summary_panel.status_label.text()
    assert status.startswith("Not written to disk yet") and "Saved" not in status
    assert not editor.document.undo_stack.isClean()  # closing will ask
    assert editor.project.extra["summaries"][0]["text"] == "An answer."  # kept with the open project

    target = tmp_path / "chosen.malsori"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    editor.summary_panel.save_button.click()
    assert [s["text"] for s in project_file.load(target).extra["summaries"]] == ["An answer.", "An answer."]
    assert editor.summary_panel.status_label.text() == f"Saved into the project file {target}."
    editor.close()
