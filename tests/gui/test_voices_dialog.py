"""Speakers ▸ Known voices: the saved voices listed, renamed and deleted, in a private
MALSORI_HOME; a damaged library is a message, never a traceback."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from malsori.core.voices import VoiceLibrary
from malsori.ui.voices_dialog import VoicesDialog

EMBEDDING = tuple(float(i % 5) - 2.0 for i in range(256))


@pytest.fixture
def library(monkeypatch, tmp_path) -> VoiceLibrary:
    """The user's voice library, in this test's own home (as the dialog finds it by default)."""
    monkeypatch.setenv("MALSORI_HOME", str(tmp_path / "home"))
    return VoiceLibrary()


def open_dialog(qtbot) -> VoicesDialog:
    dialog = VoicesDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_the_known_voices_are_listed_with_the_day_they_were_saved(qtbot, library):
    kim, lee = library.remember("Kim", EMBEDDING), library.remember("Lee", tuple(reversed(EMBEDDING)))
    dialog = open_dialog(qtbot)
    assert [v.id for v in dialog.voices()] == [kim.id, lee.id]
    first = dialog.tree.topLevelItem(0)
    assert first.text(0) == "Kim" and first.text(1)  # a local date and time
    assert "not audio" in dialog.note.text() and "this computer" in dialog.note.text()
    assert not dialog.empty_label.isVisibleTo(dialog)
    assert not dialog.rename_button.isEnabled()  # nothing chosen yet
    dialog.tree.setCurrentItem(first)
    assert dialog.rename_button.isEnabled() and dialog.delete_button.isEnabled()


def test_rename_and_delete_change_the_library(qtbot, library, monkeypatch, message_boxes):
    kim = library.remember("Kim", EMBEDDING)
    library.remember("Lee", tuple(reversed(EMBEDDING)))
    dialog = open_dialog(qtbot)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("Kim Min-ji", True)))
    dialog.rename_selected()
    assert [v.name for v in library.voices()] == ["Kim Min-ji", "Lee"]
    assert dialog.tree.topLevelItem(0).text(0) == "Kim Min-ji" and dialog.tree.currentItem().text(0) == "Kim Min-ji"

    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
    dialog.delete_selected()  # the test setup answers Yes
    assert [kind for kind, *_ in message_boxes] == ["question"] and "Lee" in message_boxes[0][2]
    assert [v.id for v in library.voices()] == [kim.id]
    assert [v.id for v in dialog.voices()] == [kim.id]


def test_no_answers_no_deletion(qtbot, library, monkeypatch):
    library.remember("Kim", EMBEDDING)
    dialog = open_dialog(qtbot)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.No))
    dialog.delete_selected()
    assert [v.name for v in library.voices()] == ["Kim"]


def test_an_empty_library_says_how_to_save_a_voice(qtbot, library):
    dialog = open_dialog(qtbot)
    assert dialog.voices() == [] and dialog.empty_label.isVisibleTo(dialog)
    assert "Remember this voice" in dialog.empty_label.text()


def test_a_damaged_library_or_a_vanished_voice_is_a_message(qtbot, library, message_boxes):
    kim = library.remember("Kim", EMBEDDING)
    dialog = open_dialog(qtbot)
    library.forget(kim.id)  # gone behind the dialog's back (another window)
    assert not dialog.rename_voice(kim.id, "Park")
    assert not dialog.forget_voice(kim.id)
    assert [kind for kind, *_ in message_boxes] == ["warning", "warning"]
    library.path.write_text("{not json", encoding="utf-8")
    dialog.reload()
    assert dialog.voices() == [] and "damaged" in message_boxes[-1][2]
