"""Listening and correcting in the editor, with real widgets offscreen and real audio:
the person's selection wins over playback, F8 walks the uncertain words in order
while playing, edits keep the marks of the words they did not touch, and the
window fits the screen and remembers its size."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import Segment, Transcript
from malsori.ui.editor_model import PLAYING_MARK, Column
from malsori.ui.editor_window import EditorWindow
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import words_of


def click_row(editor: EditorWindow, row: int) -> None:
    rect = editor.table.visualRect(editor.model.index(row, Column.START))
    QTest.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def two_doubts() -> Transcript:
    """Row 1 has two uncertain words, row 3 one: F8 must visit both of row 1's."""
    lines = [
        (0.0, 2.5, "Good morning everyone.", set()),
        (3.0, 6.0, "Today we will review the budget.", {"will", "budget"}),
        (6.5, 9.5, "The sales team reported strong results.", set()),
        (10.0, 13.0, "Please send your questions before Friday.", {"Friday"}),
    ]
    return Transcript(tuple(Segment(a, b, text, words_of(text, a, b, shaky)) for a, b, text, shaky in lines),
                      language="en", duration=14.0)


# --- the person's selection wins over playback --------------------------------------------------

def test_clicking_a_row_while_playing_selects_it_and_ctrl_d_marks_that_row(qtbot, make_editor, english_speech):
    editor = make_editor(media=english_speech[0])
    editor.player.set_speed(2.0)
    editor.player.toggle()
    qtbot.waitUntil(lambda: editor.model.playing_row == 0, timeout=10_000)
    assert editor.model.data(editor.model.index(0, Column.INDEX)).startswith(PLAYING_MARK)
    click_row(editor, 3)
    assert editor.selected_rows() == [3]
    # playback moves on into the next segments; the selection stays where the person put it
    qtbot.waitUntil(lambda: editor.model.playing_row == 1, timeout=10_000)
    assert editor.selected_rows() == [3]
    QTest.keyClick(editor.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [s.reviewed for s in editor.document.transcript.segments] == [False, False, False, True]
    assert editor.player.playing
    editor.player.pause()


def test_follow_playback_scrolls_to_the_played_row_and_is_a_remembered_choice(qtbot, make_editor, english_speech,
                                                                              tmp_path):
    many = Transcript(tuple(Segment(i * 0.5, i * 0.5 + 0.45, f"line {i}") for i in range(48)), language="en",
                      duration=24.0)
    editor = make_editor(many, english_speech[0])
    editor.resize(700, 420)  # room for a few rows only
    editor.select_rows([0])
    assert editor.follow_action.isChecked()  # on by default
    editor.player.set_speed(2.0)
    editor.player.seek(8.0)
    editor.player.toggle()
    qtbot.waitUntil(lambda: (editor.model.playing_row or 0) >= 20, timeout=15_000)
    playing = editor.table.visualRect(editor.model.index(editor.model.playing_row, 0))
    assert editor.table.viewport().rect().intersects(playing)  # followed out of the first screen
    assert editor.selected_rows() == [0]  # without taking the selection
    editor.player.pause()

    editor.follow_action.trigger()  # off: the table stays where it is
    editor.table.scrollToTop()
    editor.player.seek(8.0)
    editor.player.toggle()
    qtbot.waitUntil(lambda: (editor.model.playing_row or 0) >= 20, timeout=15_000)
    assert editor.table.verticalScrollBar().value() == 0
    editor.player.pause()
    assert Settings(tmp_path / "malsori.ini").get("editor/follow_playback", True) is False
    assert not make_editor(many).follow_action.isChecked()


# --- F8 walks the uncertain words in order, playing or not ----------------------------------------

def test_f8_twice_while_playing_visits_the_first_then_the_second_uncertain_word(qtbot, make_editor, english_speech):
    editor = make_editor(two_doubts(), english_speech[0])
    QTest.keyClick(editor.table, Qt.Key.Key_F8)
    assert editor.selected_rows() == [1] and editor.delegate.editor.selectedText() == "will"
    qtbot.waitUntil(lambda: editor.player.playing and editor.player.position > 2.5, timeout=10_000)
    QTest.keyClick(editor.delegate.editor, Qt.Key.Key_F8)  # playing now, as the second F8 always is
    assert editor.selected_rows() == [1] and editor.delegate.editor.selectedText() == "budget."
    qtbot.waitUntil(lambda: editor.player.playing, timeout=10_000)
    QTest.keyClick(editor.delegate.editor, Qt.Key.Key_F8)
    assert editor.selected_rows() == [3] and editor.delegate.editor.selectedText() == "Friday."
    QTest.keyClick(editor.delegate.editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert editor.selected_rows() == [1] and editor.delegate.editor.selectedText() == "budget."
    editor.player.pause()


def test_f8_goes_from_the_row_the_person_selected_and_from_where_the_editor_closed(qtbot, make_editor):
    editor = make_editor(two_doubts())
    click_row(editor, 2)
    editor.jump_uncertain(1)
    assert editor.selected_rows() == [3] and editor.delegate.editor.selectedText() == "Friday."
    click_row(editor, 1)  # closes the editor; the row's words come first
    editor.jump_uncertain(1)
    assert editor.delegate.editor.selectedText() == "will"
    QTest.keyClick(editor.delegate.editor, Qt.Key.Key_Escape)  # closed: F8 goes on from that word
    assert editor.delegate.editor is None and editor.selected_rows() == [1]
    editor.jump_uncertain(1)
    assert editor.selected_rows() == [1] and editor.delegate.editor.selectedText() == "budget."


# --- edits keep the marks of the words they did not touch ------------------------------------------

def test_replace_all_and_typing_keep_the_marks_of_untouched_words(qtbot, make_editor):
    editor = make_editor(two_doubts())
    assert editor.model.review_left() == 2 and "2" in editor.review_label.text()
    bar = editor.find_bar
    bar.open(replace=True)
    bar.find_edit.setText("we")
    bar.replace_edit.setText("you")
    bar.word_check.setChecked(True)
    assert bar.replace_all() == 1
    assert editor.document.transcript.segments[1].text == "Today you will review the budget."
    assert editor.model.review_left() == 2 and "2" in editor.review_label.text()
    marked = editor.model.data(editor.model.index(1, Column.TEXT), Qt.ItemDataRole.UserRole + 2)
    assert marked.count("<span") == 2  # "will" and "budget." still marked

    index = editor.model.index(3, Column.TEXT)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    line = editor.delegate.editor
    line.setText("Please send all your questions before Friday.")
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "all" in editor.document.transcript.segments[3].text, timeout=2000)
    assert editor.model.review_left() == 2  # "Friday." still to check
    editor.model.setData(index, "Please send all your questions before Thursday.")
    assert editor.model.review_left() == 1  # the corrected word is the reviewed one
    editor.model.setData(editor.model.index(1, Column.TEXT), "Today you'll review the budget.")
    assert editor.model.review_left() == 1  # "will" went with the rewrite; "budget." stays
    assert "1" in editor.review_label.text()


# --- geometry ------------------------------------------------------------------------------------------

def test_the_editor_fits_the_screen_works_at_800x600_and_remembers_its_size(qtbot, make_editor):
    editor = make_editor()
    free = editor.screen().availableGeometry()
    assert free.contains(editor.frameGeometry())  # the first time: fitted to the screen
    editor.summary_dock.show()
    editor.undo_dock.show()
    editor.find_bar.open(replace=True)
    minimum = editor.minimumSizeHint()
    assert minimum.width() <= 800 and minimum.height() <= 600
    editor.resize(800, 600)
    qtbot.waitUntil(lambda: editor.size().width() == 800 and editor.size().height() == 600, timeout=2000)
    editor.resize(760, 540)
    qtbot.waitUntil(lambda: editor.width() == 760, timeout=2000)
    editor.close()
    again = make_editor()
    assert (again.width(), again.height()) == (760, 540)
    assert again.summary_dock.isVisible() and again.undo_dock.isVisible()


# --- autosave off the window's thread -------------------------------------------------------------------

def test_autosave_writes_on_its_own_thread_and_a_failure_still_says_so(qtbot, make_editor, tmp_path):
    editor = make_editor()
    editor.model.setData(editor.model.index(0, Column.TEXT), "Typed just now.")
    editor.write_recovery().result()
    store = RecoveryStore(tmp_path / "recovery")
    assert store.load(store.pending()[0]).transcript.segments[0].text == "Typed just now."
    editor.write_recovery()  # still being written when Save asks to discard it: the discard comes after
    editor.project_path = tmp_path / "meeting.malsori"
    assert editor.save()
    assert not store.pending()

    shutil.rmtree(tmp_path / "recovery")
    (tmp_path / "recovery").write_text("a file where the folder should be")
    editor.model.setData(editor.model.index(0, Column.TEXT), "Typed again.")
    editor.write_recovery().result()
    qtbot.waitUntil(lambda: "Autosave failed" in editor.statusBar().currentMessage(), timeout=2000)


def test_the_waveform_regions_follow_every_kind_of_edit(qtbot, make_editor):
    editor = make_editor()

    def regions_match() -> bool:
        segments = editor.document.transcript.segments
        return list(zip(editor.waveform._starts, editor.waveform._ends)) == [(s.start, s.end) for s in segments]

    editor.model.setData(editor.model.index(1, Column.TEXT), "Today we review the budget.")
    assert regions_match()
    editor.select_rows([2])
    editor.shift_selected(0.3)
    assert regions_match() and editor.waveform._starts[2] == pytest.approx(6.8)
    editor.select_rows([0])
    editor.merge_with_next()
    assert regions_match() and len(editor.waveform._starts) == 3
    for _ in range(3):
        editor.document.undo_stack.undo()
        assert regions_match()
