"""The subtitle editor with real widgets offscreen: edits, undo, playback, review,
find/replace, warnings, subtitle round trips."""

from __future__ import annotations


import pysubs2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from malsori.core import subtitles, transcript as ops
from malsori.core.project import load as load_project
from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import Segment, Transcript, TranscriptError
from malsori.ui.document import TranscriptDocument
from malsori.ui.editor_model import Column
from malsori.ui.editor_window import open_subtitles_file
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import meeting_transcript


# --- undo restores exactly ------------------------------------------------------------------

def _random_edit(data, transcript: Transcript):
    """A random edit operation with arguments drawn for this transcript."""
    n = len(transcript.segments)
    kinds = ["text", "times", "split", "merge", "insert", "delete", "shift", "review"] if n else ["insert"]
    kind = data.draw(st.sampled_from(kinds))
    i = data.draw(st.integers(0, max(0, n - 1)))
    if kind == "text":
        return lambda t: ops.edit_text(t, i, data.draw(st.text(min_size=1, max_size=20)))
    if kind == "times":
        a = data.draw(st.floats(0, 20, allow_nan=False))
        return lambda t: ops.set_times(t, i, a, a + data.draw(st.floats(0, 5, allow_nan=False)))
    if kind == "split":
        return lambda t: ops.split(t, i, data.draw(st.integers(1, max(1, len(t.segments[i].text) - 1))))
    if kind == "merge":
        return lambda t: ops.merge(t, i)
    if kind == "insert":
        a = data.draw(st.floats(0, 20, allow_nan=False))
        return lambda t: ops.insert(t, Segment(a, a + 1, data.draw(st.text(max_size=10))))
    if kind == "delete":
        return lambda t: ops.delete(t, [i])
    if kind == "shift":
        return lambda t: ops.shift(t, data.draw(st.floats(-3, 3, allow_nan=False)), [i])
    return lambda t: ops.set_reviewed(t, i, data.draw(st.booleans()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_edit_undone_restores_the_exact_previous_transcript(qapp, data):
    document = TranscriptDocument(meeting_transcript())
    history = [document.transcript]
    for _ in range(data.draw(st.integers(1, 12))):
        try:
            changed = document.apply("edit", _random_edit(data, document.transcript))
        except TranscriptError:
            assert document.transcript == history[-1]  # a refused edit changes nothing
            continue
        if changed:
            history.append(document.transcript)
    for expected in reversed(history[:-1]):
        document.undo_stack.undo()
        assert document.transcript == expected
    for expected in history[1:]:
        document.undo_stack.redo()
        assert document.transcript == expected


# --- table edits ----------------------------------------------------------------------------

def test_typing_in_the_table_edits_text_and_ctrl_z_undoes_it(qtbot, make_editor):
    editor = make_editor()
    index = editor.model.index(2, Column.TEXT)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    line = editor.delegate.editor
    assert line is not None and line.text() == "The sales team reported strong results."
    line.selectAll()
    QTest.keyClicks(line, "The sales team reported record results.")
    QTest.keyClick(line, Qt.Key.Key_Return)  # the view commits on its next event-loop turn
    qtbot.waitUntil(lambda: editor.document.transcript.segments[2].text == "The sales team reported record results.",
                    timeout=2000)
    old, new = meeting_transcript().segments[2].words, editor.document.transcript.segments[2].words
    assert new[:4] + new[5:] == old[:4] + old[5:]  # untouched words keep their times and marks
    assert (new[4].text, new[4].probability, new[4].start) == (" record", 1.0, old[4].start)
    QTest.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.document.transcript == meeting_transcript()
    QTest.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.document.transcript.segments[2].text.endswith("record results.")


def test_times_are_typed_as_timestamps_and_bad_ones_are_refused(qtbot, make_editor):
    editor = make_editor()
    model = editor.model
    assert model.setData(model.index(1, Column.START), "00:00:02,750")
    assert editor.document.transcript.segments[1].start == 2.75
    assert not model.setData(model.index(1, Column.END), "soon")
    assert "not a time" in editor.statusBar().currentMessage()
    assert not model.setData(model.index(1, Column.END), "00:00:01,000")  # before its start
    assert editor.document.transcript.segments[1].end == 6.0
    assert editor.document.undo_stack.count() == 1


def test_split_at_the_caret_uses_the_word_timestamps(qtbot, make_editor):
    editor = make_editor()
    index = editor.model.index(1, Column.TEXT)  # "Today we will review the budget."
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    editor.delegate.editor.setCursorPosition(len("Today we will "))
    editor.split_at_cursor()
    first, second = editor.document.transcript.segments[1:3]
    assert (first.text, second.text) == ("Today we will", "review the budget.")
    words = meeting_transcript().segments[1].words
    assert first.end == second.start == pytest.approx((words[2].end + words[3].start) / 2)
    assert editor.selected_rows() == [1, 2]


def test_merge_insert_delete_and_shift_are_each_one_undo_step(qtbot, make_editor):
    editor = make_editor()
    original = editor.document.transcript
    editor.select_rows([0])
    editor.merge_with_next()
    assert editor.document.transcript.segments[0].text == "Good morning everyone. Today we will review the budget."
    editor.select_rows([0])
    editor.insert_segment(after=True)
    assert len(editor.document.transcript.segments) == 4 and editor.delegate.editor is not None
    editor.select_rows([0, 1])
    editor.delete_selected()
    editor.select_rows([0])
    editor.shift_selected(0.5)
    assert editor.document.undo_stack.count() == 4
    for _ in range(4):
        editor.document.undo_stack.undo()
    assert editor.document.transcript == original


def test_set_start_and_end_to_the_playback_position(qtbot, make_editor, english_speech):
    editor = make_editor(media=english_speech[0])
    editor.select_rows([1])
    editor.player.seek(3.2)
    qtbot.waitUntil(lambda: abs(editor.player.position - 3.2) < 0.01, timeout=5000)
    editor.set_edge_to_playhead("start")
    editor.player.seek(5.5)
    qtbot.waitUntil(lambda: abs(editor.player.position - 5.5) < 0.01, timeout=5000)
    editor.set_edge_to_playhead("end")
    seg = editor.document.transcript.segments[1]
    assert (seg.start, seg.end) == (3.2, 5.5)


# --- playback ----------------------------------------------------------------------------------

def test_play_pause_and_replay_work_while_typing(qtbot, make_editor, english_speech):
    editor = make_editor(media=english_speech[0])
    index = editor.model.index(0, Column.TEXT)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    line = editor.delegate.editor
    line.setFocus()
    QTest.keyClick(line, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.player.playing and editor.player.position > 0.3, timeout=10_000)
    assert editor.delegate.editor is line  # the text field stayed open
    QTest.keyClick(line, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.player.playing, timeout=5000)
    editor.player.seek(8.0)
    qtbot.waitUntil(lambda: abs(editor.player.position - 8.0) < 0.05, timeout=5000)
    QTest.keyClick(line, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: editor.player.playing, timeout=5000)
    assert editor.player.position < 7.5  # went back about 3 s
    editor.player.pause()


def test_double_clicking_a_row_plays_that_segment_and_stops_at_its_end(qtbot, make_editor, english_speech):
    editor = make_editor(media=english_speech[0])
    qtbot.waitUntil(lambda: editor.waveform.duration() > 20, timeout=10_000)  # decoded off the GUI thread
    editor.player.set_speed(2.0)
    editor._row_double_clicked(editor.model.index(0, Column.START))
    qtbot.waitUntil(lambda: editor.player.playing, timeout=5000)
    qtbot.waitUntil(lambda: not editor.player.playing, timeout=10_000)
    assert 2.4 <= editor.player.position <= 3.0


# --- review --------------------------------------------------------------------------------------

def test_next_uncertain_word_and_the_review_counter(qtbot, make_editor):
    editor = make_editor()
    assert editor.model.review_left() == 2
    assert "2" in editor.review_label.text()
    editor.jump_uncertain(1)
    assert editor.selected_rows() == [1]
    assert editor.delegate.editor.selectedText() == "budget."
    editor.toggle_reviewed()
    assert editor.model.review_left() == 1
    editor.jump_uncertain(1)
    assert editor.selected_rows() == [3]
    assert editor.delegate.editor.selectedText() == "Friday."
    editor.jump_uncertain(-1)
    assert editor.selected_rows() == [3]  # the only one left, found again going backwards
    editor.toggle_reviewed()
    assert editor.model.review_left() == 0 and "Nothing left" in editor.review_label.text()


# --- find and replace ------------------------------------------------------------------------------

def test_replace_all_is_one_undoable_step(qtbot, make_editor):
    editor = make_editor()
    bar = editor.find_bar
    bar.open(replace=True)
    bar.find_edit.setText("the")
    bar.replace_edit.setText("our")
    bar.word_check.setChecked(True)
    assert bar.replace_all() == 2  # "the budget", "The sales" (case-insensitive)
    texts = [s.text for s in editor.document.transcript.segments]
    assert texts[1] == "Today we will review our budget." and texts[2].startswith("our sales")
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert editor.document.transcript == meeting_transcript()
    bar.regex_check.setChecked(True)
    bar.find_edit.setText("(")
    assert bar.replace_all() == 0 and bar.status.text()  # a bad pattern explains itself


def test_find_next_selects_the_matching_row(qtbot, make_editor):
    editor = make_editor()
    editor.find_bar.open(replace=False)
    editor.find_bar.find_edit.setText("friday")
    match = editor.find_bar.find(1)
    assert match is not None and editor.selected_rows() == [3]


# --- warnings --------------------------------------------------------------------------------------

def test_warnings_show_in_the_table_and_fix_timing_resolves_overlaps(qtbot, make_editor):
    crowded = Transcript((Segment(0.0, 2.0, "First line here."), Segment(1.5, 3.5, "Second line, overlapping.")),
                         language="en", duration=4.0)
    editor = make_editor(crowded)
    assert editor.model.warnings and "warning" in editor.warning_label.text()
    tooltip = editor.model.data(editor.model.index(0, Column.INDEX), Qt.ItemDataRole.ToolTipRole)
    assert tooltip and "overlap" in tooltip.lower()
    editor.fix_timing()
    a, b = editor.document.transcript.segments
    assert a.end <= b.start
    editor.document.undo_stack.undo()
    assert editor.document.transcript == crowded


# --- files ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitles_round_trip_through_the_editor(qtbot, tmp_path, fmt, make_editor, message_boxes):
    source = tmp_path / f"talk.{fmt}"
    subtitles.export(meeting_transcript(), source, fmt)
    editor = open_subtitles_file(None, source, None, Settings(tmp_path / "s.ini"), RecoveryStore(tmp_path / "r"))
    qtbot.addWidget(editor)
    assert [s.text for s in editor.document.transcript.segments] == [s.text for s in meeting_transcript().segments]
    editor.model.setData(editor.model.index(0, Column.TEXT), "Good morning, everyone!")
    out = tmp_path / f"edited.{fmt}"
    assert editor.export_to(out)
    again = subtitles.load(out)
    assert again.segments[0].text == "Good morning, everyone!"
    assert [(s.start, s.end) for s in again.segments] == [(s.start, s.end) for s in meeting_transcript().segments]
    assert len(pysubs2.load(str(out))) == 4
    editor.document.undo_stack.setClean()
    editor.close()
    broken = tmp_path / "broken.srt"
    broken.write_bytes(b"\x00\x01 not subtitles")
    assert open_subtitles_file(None, broken, None, Settings(tmp_path / "s.ini")) is None
    assert message_boxes and "broken.srt" in message_boxes[-1][2]


def test_save_writes_the_project_and_ass_export_works(qtbot, make_editor, tmp_path):
    path = tmp_path / "meeting.malsori"
    editor = make_editor(path=path)
    editor.model.setData(editor.model.index(0, Column.TEXT), "Hello everyone.")
    assert editor.save()
    assert load_project(path).transcript.segments[0].text == "Hello everyone."
    assert editor.document.undo_stack.isClean()
    assert editor.export_to(tmp_path / "meeting.ass")
    assert "Hello everyone." in (tmp_path / "meeting.ass").read_text(encoding="utf-8")


def test_an_edit_reaches_the_recovery_file_within_two_seconds(qtbot, make_editor, tmp_path):
    editor = make_editor()
    editor.model.setData(editor.model.index(0, Column.TEXT), "Typed just now.")
    store = RecoveryStore(tmp_path / "recovery")
    qtbot.waitUntil(lambda: bool(store.pending()), timeout=2000)
    recovered = store.load(store.pending()[0])
    assert recovered.transcript.segments[0].text == "Typed just now."
    editor.document.undo_stack.undo()  # back to the saved state: the recovery file goes
    qtbot.waitUntil(lambda: not store.pending(), timeout=2000)


def test_the_summary_panel_works_on_the_selection_and_results_are_kept_with_the_project(qtbot, make_editor, tmp_path):
    path = tmp_path / "meeting.malsori"
    editor = make_editor(path=path)
    editor.summary_dock.show()
    assert "4 segment" in editor.summary_panel.source_label.text()  # nothing selected: everything
    editor.select_rows([1, 2])
    assert "2 segment" in editor.summary_panel.source_label.text()
    editor.keep_summary({"prompt": "Summarize", "action": "summarize", "model": "m", "created": 1.0, "text": "Short."})
    assert editor.document.undo_stack.isClean()  # "Save to project" saved the project file
    assert load_project(path).extra["summaries"][0]["text"] == "Short."
