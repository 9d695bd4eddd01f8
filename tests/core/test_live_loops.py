"""Live captions cut Whisper's repetition loops (malsori.core.live.without_loops), on scripted words."""

from __future__ import annotations

from malsori.core.live import without_loops
from malsori.core.transcript import Word


def words(text: str) -> list[Word]:
    return [Word(i * 0.3, i * 0.3 + 0.25, f" {t}") for i, t in enumerate(text.split())]


def texts(found: list[Word]) -> str:
    return "".join(w.text for w in found).strip()


def test_a_phrase_written_over_and_over_is_cut_after_its_first_round():
    looped = words("Go to morning average. Go to morning average. Go to morning average. Go to")
    assert texts(without_loops(looped)) == "Go to morning average."


def test_a_loop_after_real_words_keeps_the_real_words():
    looped = words("The river runs through the mid. The river runs through the mid. The river")
    assert texts(without_loops(looped)) == "The river runs through the mid."


def test_case_and_punctuation_do_not_hide_a_loop():
    assert texts(without_loops(words("Thank you. thank you, Thank you. thank you"))) == "Thank you."


def test_the_repetitions_people_make_are_kept():
    for said in ("I I think so", "no no no, not that", "very very good", "that that is, that is it",
                 "we will review the budget for the next quarter"):
        assert texts(without_loops(words(said))) == said


def test_a_single_word_four_times_is_a_loop():
    assert texts(without_loops(words("yes yes yes yes yes"))) == "yes"


def test_no_words_stay_no_words():
    assert without_loops([]) == []
