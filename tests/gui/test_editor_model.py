"""The editor's table model follows edits incrementally (only the rows an edit
changed are checked again); after any sequence of edits, undos and redos it must
hold exactly what checking the whole transcript from scratch gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from malsori.core import quality
from malsori.core.transcript import TranscriptError, split
from malsori.ui.document import TranscriptDocument
from malsori.ui.editor_model import Column, SegmentEditModel, needs_review
from tests.gui.editor_fixtures import meeting_transcript
from tests.gui.test_editor import _random_edit


def assert_matches_a_full_check(model: SegmentEditModel) -> None:
    transcript = model.document.transcript
    assert model.rowCount() == len(transcript.segments)
    assert model.warnings == quality.warnings_by_segment(quality.check(transcript, model.limits))
    assert model.review_left() == sum(needs_review(s) for s in transcript.segments)
    for row, seg in enumerate(transcript.segments):
        assert model.data(model.index(row, Column.TEXT)) == seg.text
        assert model.data(model.index(row, Column.INDEX)).endswith(str(row + 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_warnings_and_review_count_match_a_full_check(qapp, data):
    document = TranscriptDocument(meeting_transcript())
    model = SegmentEditModel(document)
    for _ in range(data.draw(st.integers(1, 10))):
        if not document.transcript.segments:  # the edits drawn need a segment to work on
            break
        try:
            document.apply("edit", _random_edit(data, document.transcript))
        except TranscriptError:
            pass
        assert_matches_a_full_check(model)
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
        assert_matches_a_full_check(model)
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
        assert_matches_a_full_check(model)


def test_the_played_row_mark_moves_with_rows_inserted_before_it(qapp):
    document = TranscriptDocument(meeting_transcript())
    model = SegmentEditModel(document)
    model.set_playing_row(model.row_at(11.0))
    assert model.playing_row == 3
    document.apply("split", lambda t: split(t, 0, 5))
    assert model.playing_row == 4 and model.row_at(11.0) == 4
    assert model.data(model.index(4, Column.INDEX), Qt.ItemDataRole.DisplayRole).startswith("▶")
    assert model.row_at(2.7) is None  # between segments: nothing is being played
