"""Tools ▸ Compare with reference: each segment shows what differs, the status bar the WER or CER."""

from __future__ import annotations

from html.parser import HTMLParser

import pysubs2

from malsori.core.transcript import Segment, Transcript
from malsori.ui.editor_model import RICH_TEXT_ROLE, Column

#: What the meeting transcript (tests/gui/editor_fixtures.py) should have said: "everyone" is
#: missing from the transcript's first segment, "team" is "group", and "strong" is not said.
REFERENCE = ("Good morning everyone, all. Today we will review the budget. The sales group reported results. "
             "Please send your questions before Friday.")


class _Marks(HTMLParser):
    """The words of a cell's HTML by how they are shown: struck through, bold (the reference's
    word), underlined (missing from the transcript), or plain."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: dict[str, list[str]] = {"s": [], "b": [], "u": [], "plain": []}

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        where = self.open[-1] if self.open else "plain"
        self.found[where].extend(data.split())


def marks(editor, row: int) -> dict[str, list[str]]:
    parser = _Marks()
    parser.feed(editor.model.data(editor.model.index(row, Column.TEXT), RICH_TEXT_ROLE))
    return parser.found


def test_the_differences_show_in_their_segments_and_the_wer_in_the_status_bar(make_editor, tmp_path):
    reference = tmp_path / "reference.txt"
    reference.write_text(REFERENCE, encoding="utf-8")
    editor = make_editor()
    assert editor.compare_with_reference(reference)

    assert marks(editor, 0)["u"] == ["all"]  # in the reference, not in the transcript
    assert marks(editor, 2)["s"] == ["team", "strong"] and marks(editor, 2)["b"] == ["group"]
    assert marks(editor, 3)["s"] == marks(editor, 3)["u"] == []  # the same words, punctuation aside
    # 1 missing, 1 substituted, 1 extra, in 21 reference words
    assert editor.compare_label.isVisible()
    assert editor.compare_label.text() == "WER 14.3 % against reference.txt (1 substituted, 1 missing, 1 extra)"

    editor.model.setData(editor.model.index(2, Column.TEXT), "The sales group reported results.")
    assert marks(editor, 2)["s"] == [] and "WER 4.8 %" in editor.compare_label.text()  # compared again at once
    editor.document.undo_stack.undo()
    assert marks(editor, 2)["s"] == ["team", "strong"] and "WER 14.3 %" in editor.compare_label.text()

    editor.clear_comparison()
    assert not editor.compare_label.isVisible() and not editor.clear_compare_action.isEnabled()
    assert marks(editor, 2)["s"] == []
    assert "background-color" in editor.model.data(editor.model.index(1, Column.TEXT), RICH_TEXT_ROLE)  # uncertain


def test_a_subtitle_reference_in_korean_is_measured_in_characters(make_editor, tmp_path):
    reference = tmp_path / "정답.srt"
    subs = pysubs2.SSAFile()
    subs.append(pysubs2.SSAEvent(start=0, end=1000, text="안녕하세요, 여러분!"))
    subs.append(pysubs2.SSAEvent(start=1000, end=2000, text="회의를 시작합니다."))
    subs.save(str(reference))
    transcript = Transcript((Segment(0, 1, "안녕 하세요 여러분"), Segment(1, 2, "회이를 시작합니다")), language="ko")
    editor = make_editor(transcript)
    assert editor.compare_with_reference(reference)
    # spaces and punctuation do not count in Korean: one character of 16 differs
    assert editor.compare_label.text() == "CER 6.2 % against 정답.srt (1 substituted, 0 missing, 0 extra)"
    assert marks(editor, 1)["s"] == ["회이를"] and marks(editor, 1)["b"] == ["의"]


def test_an_unreadable_reference_says_why_and_changes_nothing(make_editor, tmp_path, message_boxes):
    empty = tmp_path / "empty.srt"
    empty.write_text("", encoding="utf-8")
    editor = make_editor()
    assert not editor.compare_with_reference(empty)
    assert message_boxes and "empty.srt" in message_boxes[-1][2]
    assert not editor.compare_label.isVisible() and not editor.clear_compare_action.isEnabled()
