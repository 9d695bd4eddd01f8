"""The editor's speakers: the Speaker column, the Speakers menu, the filter, colours, and
speakers kept through autosave and recovery. Transcripts with speakers are built here, as
diarization would leave them (no model is needed)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog

from malsori.core import prompts
from malsori.core.recovery import RecoveryStore
from malsori.core.subtitles import dialogue_lines
from malsori.core.transcript import Speaker, Transcript
from malsori.core.voices import VoiceLibrary
from malsori.ui.editor_model import Column
from malsori.ui.speaker_colours import speaker_colour
from malsori.ui.speaker_dialogs import MergeSpeakersDialog, RenameSpeakerDialog
from tests.gui.editor_fixtures import meeting_transcript

EMBEDDING = tuple(float(i % 7) - 3.0 for i in range(256))


def with_speakers() -> Transcript:
    """The meeting, said in turns by an unknown voice (S1) and Kim, a known voice (S2)."""
    meeting = meeting_transcript()
    speakers = (Speaker("S1", "Speaker 1", embedding=EMBEDDING),
                Speaker("S2", "Kim", voice="v-kim", similarity=0.86, embedding=tuple(reversed(EMBEDDING))))
    segments = tuple(dataclasses.replace(s, speaker="S1" if i % 2 == 0 else "S2")
                     for i, s in enumerate(meeting.segments))
    return dataclasses.replace(meeting, segments=segments, speakers=speakers)


def cell(editor, row: int, role: int = Qt.ItemDataRole.DisplayRole):
    return editor.model.index(row, Column.SPEAKER).data(role)


def pick_in_cell(qtbot, editor, row: int, choice: str) -> list[str]:
    """Open the row's Speaker cell as a person would, choose ``choice`` from its list with
    the keyboard; the items the list offered."""
    index = editor.model.index(row, Column.SPEAKER)
    editor.table.setCurrentIndex(index)
    QTest.keyClick(editor.table, Qt.Key.Key_F2)
    combo = editor.table.indexWidget(index)
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=2000)  # the list opens at once
    items = [combo.itemText(i) for i in range(combo.count())]
    assert combo.currentText() == editor.model.index(row, Column.SPEAKER).data()  # it starts at the row's speaker
    QTest.keyClick(combo.view(), Qt.Key.Key_Home)
    for _ in range(items.index(choice)):
        QTest.keyClick(combo.view(), Qt.Key.Key_Down)
    QTest.keyClick(combo.view(), Qt.Key.Key_Return)
    return items


def speakers_of(editor) -> list[str | None]:
    transcript = editor.document.transcript
    return [transcript.speaker_name(s) for s in transcript.segments]


@pytest.fixture(autouse=True)
def own_home(monkeypatch, tmp_path):
    """Known voices go to this test's own folder."""
    monkeypatch.setenv("MALSORI_HOME", str(tmp_path / "home"))


def test_a_transcript_without_speakers_looks_as_before(make_editor):
    editor = make_editor()
    assert editor.table.isColumnHidden(Column.SPEAKER)
    assert not editor.speakers.menu.menuAction().isVisible()
    assert not editor.speakers.filter_combo.isVisible()


def test_the_speaker_column_shows_names_colours_and_recognition(make_editor):
    editor = make_editor(with_speakers())
    assert not editor.table.isColumnHidden(Column.SPEAKER) and editor.speakers.menu.menuAction().isVisible()
    assert [cell(editor, r) for r in range(4)] == ["Speaker 1", "Kim", "Speaker 1", "Kim"]
    assert cell(editor, 1, Qt.ItemDataRole.ToolTipRole) == "Recognized as Kim (similarity 0.86)"
    assert cell(editor, 0, Qt.ItemDataRole.ToolTipRole) is None
    assert cell(editor, 0, Qt.ItemDataRole.DecorationRole) == speaker_colour("S1") != speaker_colour("S2")
    assert speaker_colour("S2") == speaker_colour("S2") and speaker_colour("Guest") == speaker_colour("Guest")


def test_rename_changes_every_segment_of_that_speaker_and_one_undo_restores_them(make_editor):
    editor = make_editor(with_speakers())
    editor.select_rows([2])
    assert editor.speakers.rename("S1", "Lee")
    assert speakers_of(editor) == ["Lee", "Kim", "Lee", "Kim"]
    assert [cell(editor, r) for r in range(4)] == ["Lee", "Kim", "Lee", "Kim"]
    assert [a.text() for a in editor.speakers.assign_menu.actions()][:2] == ["Lee", "Kim"]  # the menus follow
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert editor.document.transcript == with_speakers()
    assert cell(editor, 0) == "Speaker 1"


def test_the_rename_dialog_offers_to_remember_only_a_voice_it_has(qtbot):
    dialog = RenameSpeakerDialog(Speaker("S1", "Speaker 1", embedding=EMBEDDING))
    qtbot.addWidget(dialog)
    assert dialog.remember_box.isEnabled() and not dialog.remember_box.isChecked()
    assert "not audio" in dialog.remember_box.toolTip() and "not forget" in dialog.remember_box.toolTip()
    dialog.name_edit.setText("  ")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    without = RenameSpeakerDialog(Speaker("S3", "Speaker 3"))
    qtbot.addWidget(without)
    assert not without.remember_box.isEnabled() and not without.remember()


def test_remember_this_voice_saves_the_voice_and_links_the_speaker_in_one_step(make_editor, monkeypatch, tmp_path):
    editor = make_editor(with_speakers())
    editor.select_rows([0])

    def answer(dialog: RenameSpeakerDialog) -> int:
        assert dialog.name() == "Speaker 1"
        dialog.name_edit.setText("Lee")
        dialog.remember_box.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RenameSpeakerDialog, "exec", answer)
    editor.speakers.rename_dialog()
    voices = VoiceLibrary(tmp_path / "home" / "data").voices()
    assert [v.name for v in voices] == ["Lee"]
    speaker = editor.document.transcript.speaker("S1")
    assert (speaker.name, speaker.voice, speaker.similarity) == ("Lee", voices[0].id, None)
    assert cell(editor, 0, Qt.ItemDataRole.ToolTipRole) == "Saved as the known voice Lee"
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert editor.document.transcript.speaker("S1") == with_speakers().speaker("S1")
    assert [v.name for v in VoiceLibrary(tmp_path / "home" / "data").voices()] == ["Lee"]  # the file stays written


def test_a_voice_library_that_cannot_be_written_is_a_message_and_the_rename_still_happens(
        make_editor, tmp_path, message_boxes):
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "data").write_text("a file where the folder should be")
    editor = make_editor(with_speakers())
    assert editor.speakers.rename("S1", "Lee", remember=True)
    assert [kind for kind, *_ in message_boxes] == ["warning"] and "not remembered" in message_boxes[0][2]
    assert editor.document.transcript.speaker("S1").voice is None and speakers_of(editor)[0] == "Lee"


def test_the_speaker_cell_reassigns_the_selected_segments_in_one_step(qtbot, make_editor):
    editor = make_editor(with_speakers())
    editor.select_rows([0, 1])
    assert pick_in_cell(qtbot, editor, 0, "Kim") == ["Speaker 1", "Kim", "New speaker…"]
    qtbot.waitUntil(lambda: speakers_of(editor) == ["Kim", "Kim", "Speaker 1", "Kim"], timeout=2000)
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert speakers_of(editor) == ["Speaker 1", "Kim", "Speaker 1", "Kim"]


def test_the_speaker_cell_and_alt_keys_assign_to_new_and_listed_speakers(qtbot, make_editor, monkeypatch):
    editor = make_editor(with_speakers())
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("Park", True)))
    editor.select_rows([3])
    pick_in_cell(qtbot, editor, 3, "New speaker…")
    qtbot.waitUntil(lambda: speakers_of(editor)[3] == "Park", timeout=2000)
    assert [sp.name for sp in editor.document.transcript.speakers] == ["Speaker 1", "Kim", "Park"]
    assert editor.document.undo_stack.count() == 1
    editor.select_rows([0])
    QTest.keyClick(editor.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # the third speaker
    assert speakers_of(editor) == ["Park", "Kim", "Speaker 1", "Park"]


def test_assign_selected_words_splits_the_segment(make_editor):
    editor = make_editor(with_speakers())
    index = editor.model.index(2, Column.TEXT)  # "The sales team reported strong results.", Speaker 1
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    line = editor.delegate.editor
    line.setSelection(len("The sales "), len("team repor"))  # part of "reported" counts as the word
    assert editor.speakers.assign_words_dialog("S2")
    segments = editor.document.transcript.segments
    assert [s.text for s in segments[2:5]] == ["The sales", "team reported", "strong results."]
    assert [s.speaker for s in segments[2:5]] == ["S1", "S2", "S1"]
    assert editor.selected_rows() == [3]
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert editor.document.transcript == with_speakers()


def test_assign_words_without_a_selection_says_what_to_do(make_editor):
    editor = make_editor(with_speakers())
    editor.select_rows([0])
    assert not editor.speakers.assign_words_dialog("S2")
    assert "Select words" in editor.statusBar().currentMessage()


def test_merge_speakers_is_one_undo_step(make_editor):
    editor = make_editor(with_speakers())
    assert editor.speakers.merge("S2", "S1")
    transcript = editor.document.transcript
    assert [sp.id for sp in transcript.speakers] == ["S2"] and speakers_of(editor) == ["Kim"] * 4
    assert not editor.speakers.merge_action.isEnabled()  # one speaker left
    assert editor.document.undo_stack.count() == 1
    editor.document.undo_stack.undo()
    assert editor.document.transcript == with_speakers() and editor.speakers.merge_action.isEnabled()


def test_the_filter_hides_other_speakers_and_visible_rows_still_edit_their_segment(make_editor):
    editor = make_editor(with_speakers())
    combo = editor.speakers.filter_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["All", "Speaker 1", "Kim"]
    editor.speakers.show_speaker("S2")
    assert [editor.table.isRowHidden(r) for r in range(4)] == [True, False, True, False]
    editor.table.selectAll()
    assert editor.selected_rows() == [1, 3]  # hidden rows are out of every edit
    assert editor.model.setData(editor.model.index(3, Column.TEXT), "Send questions by Friday.")
    assert editor.document.transcript.segments[3].text == "Send questions by Friday."
    assert editor.document.transcript.segments[2].text == with_speakers().segments[2].text
    editor.select_rows([1])
    editor.split_at_cursor()  # a split keeps both halves in view
    assert [editor.table.isRowHidden(r) for r in range(5)] == [True, False, False, True, False]
    editor.speakers.show_speaker(None)
    assert not any(editor.table.isRowHidden(r) for r in range(5))


def test_a_new_segment_under_the_filter_shows_every_speaker_again(make_editor):
    editor = make_editor(with_speakers())
    editor.speakers.show_speaker("S2")
    editor.select_rows([3])
    editor.insert_segment(after=True)
    assert editor.speakers.shown_speaker() is None and not editor.table.isRowHidden(4)
    assert editor.delegate.editor is not None


def test_waveform_regions_take_their_speakers_colours(make_editor):
    editor = make_editor(with_speakers())
    waveform = editor.waveform
    editor.table.clearSelection()
    assert waveform.region_colour(0) == waveform.region_colour(2) != waveform.region_colour(1)
    image = waveform.viewport().grab().toImage()
    y = image.height() - 10  # under the segment numbers, above the warning bars
    # a little after each start: off the ruler's grid lines at whole seconds
    pixel = [QColor(image.pixel(round(waveform.x_at(s.start + 0.3)), y))
             for s in editor.document.transcript.segments]
    assert pixel[0].name() == pixel[2].name() == waveform.region_colour(0).name()
    assert pixel[1].name() == pixel[3].name() == waveform.region_colour(1).name() != pixel[0].name()
    editor.speakers.merge("S1", "S2")
    assert waveform.region_colour(1) == waveform.region_colour(0)


def test_speakers_survive_autosave_and_recovery(make_editor, tmp_path):
    editor = make_editor(with_speakers())
    editor.speakers.rename("S2", "Kim Min-ji")
    editor.select_rows([0])
    editor.speakers.assign_new_speaker([0], "Park")
    editor.write_recovery().result()
    store = RecoveryStore(tmp_path / "recovery")
    [entry] = store.pending()
    recovered = store.load(entry).transcript
    assert recovered == editor.document.transcript
    assert [sp.name for sp in recovered.speakers] == ["Speaker 1", "Kim Min-ji", "Park"]
    assert recovered.speaker("S2").embedding == with_speakers().speaker("S2").embedding
    assert [recovered.speaker_name(s) for s in recovered.segments] == ["Park", "Kim Min-ji", "Speaker 1", "Kim Min-ji"]
    reopened = make_editor(recovered)
    assert [cell(reopened, r) for r in range(4)] == ["Park", "Kim Min-ji", "Speaker 1", "Kim Min-ji"]


def test_the_merge_dialog_starts_from_the_current_speaker_and_refuses_merging_one_with_itself(
        make_editor, monkeypatch):
    editor = make_editor(with_speakers())
    editor.select_rows([1])  # Kim's

    def answer(dialog: MergeSpeakersDialog) -> int:
        assert (dialog.drop(), dialog.keep()) == ("S2", "S1")
        dialog.keep_combo.setCurrentIndex(dialog.keep_combo.findData("S2"))
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.keep_combo.setCurrentIndex(dialog.keep_combo.findData("S1"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeSpeakersDialog, "exec", answer)
    editor.speakers.merge_dialog()
    assert speakers_of(editor) == ["Speaker 1"] * 4 and editor.document.undo_stack.count() == 1


def test_the_summary_panel_gets_named_turns_and_the_speaker_note(make_editor):
    editor = make_editor(transcript=with_speakers())
    editor.summary_dock.show()
    editor.select_rows([0, 1, 2])
    panel = editor.summary_panel
    assert panel._source.splitlines() == dialogue_lines(editor.document.transcript,
                                                        editor.document.transcript.segments[:3])
    assert panel._source.startswith("Speaker 1: ") and "\nKim: " in panel._source
    assert "3 segment" in panel.source_label.text()
    task = prompts.task_for(panel.action(), panel._prompt(), "en", speakers=panel._speakers)
    assert "name and a colon" in prompts.messages(task, panel._source)[0]["content"]


def test_exported_subtitles_name_speakers_unless_switched_off_and_the_window_follows(make_editor, tmp_path):
    editor = make_editor(transcript=with_speakers())
    editor.export_to(tmp_path / "named.srt")
    assert "Kim: " in (tmp_path / "named.srt").read_text(encoding="utf-8")
    editor.speakers.labels_action.trigger()  # Speakers ▸ Name speakers in exported subtitles: off
    editor.export_to(tmp_path / "plain.srt")
    editor.export_to(tmp_path / "plain.json")
    assert "Kim" not in (tmp_path / "plain.srt").read_text(encoding="utf-8")
    assert '"speaker_name": "Kim"' in (tmp_path / "plain.json").read_text(encoding="utf-8")  # the data stays
    # the same setting, read again the next time a menu opens: another editor shows it off
    other = make_editor(transcript=with_speakers())
    other.speakers.menu.aboutToShow.emit()
    assert not other.speakers.labels_action.isChecked()
