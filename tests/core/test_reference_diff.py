"""core.reference_diff: the editor's marks come from the counted alignment, word by word."""

from __future__ import annotations

from malsori.core.reference_diff import Mark, compare_transcript
from malsori.core.transcript import Segment, Transcript


def kinds(diff) -> list[list[tuple[str, str, str]]]:
    return [[(m.kind, m.text, m.reference) for m in marks] for marks in diff.segments]


def test_every_word_is_shown_once_and_each_error_is_marked_where_it_is():
    t = Transcript((Segment(0, 1, "The cat is black."), Segment(1, 2, "Please end your questions today.")),
                   language="en")
    diff = compare_transcript(t, "Well, the cat is white. Please send your questions.")
    assert kinds(diff) == [
        [("delete", "well", ""), ("equal", "The", ""), ("equal", "cat", ""), ("equal", "is", ""),
         ("substitute", "black.", "white")],
        [("equal", "Please", ""), ("substitute", "end", "send"), ("equal", "your", ""),
         ("equal", "questions", ""), ("insert", "today.", "")],
    ]
    counts = diff.comparison.counts
    assert (counts.substitutions, counts.deletions, counts.insertions, counts.reference_length) == (2, 1, 1, 9)


def test_words_missing_at_a_segments_end_stay_with_that_segment():
    t = Transcript((Segment(0, 1, "good morning"), Segment(1, 2, "today we meet")), language="en")
    diff = compare_transcript(t, "good morning everyone today we meet again")
    assert diff.segments[0][-1] == Mark("delete", "everyone")
    assert diff.segments[1][-1] == Mark("delete", "again")


def test_unspaced_languages_are_marked_character_by_character():
    t = Transcript((Segment(0, 1, "東京です"),), language="ja")
    diff = compare_transcript(t, "京都です")
    assert diff.comparison.unit == "char"
    assert [m.kind for m in diff.segments[0] if m.kind != "equal"] and len(
        [m for m in diff.segments[0] if m.kind != "delete"]) == 4


def test_korean_numbers_match_their_spoken_form_when_asked():
    t = Transcript((Segment(0, 1, "백명 왔습니다"),), language="ko")
    assert compare_transcript(t, "100명 왔습니다").comparison.counts.errors > 0
    assert compare_transcript(t, "100명 왔습니다", spell_numbers=True).comparison.counts.errors == 0
