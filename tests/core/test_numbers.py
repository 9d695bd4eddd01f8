"""Numbers written out as spoken, for training labels and for evaluation."""

from __future__ import annotations

import pytest

from malsori.core.numbers import spell_out_numbers, supports


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("100", "ko", "백"),
        ("100명입니다", "ko", "백명입니다"),  # the counter is how the number is said
        ("2024년에 3.5%", "ko", "이천이십사년에 삼 점 오%"),
        (
            "I paid 1,234 dollars in 2024.",
            "en",
            "I paid one thousand two hundred and thirty-four dollars in two thousand and twenty-four.",
        ),
        ("a 10 minute talk", "en", "a ten minute talk"),
    ],
)
def test_numbers_are_written_out_in_the_language(text, language, expected):
    assert spell_out_numbers(text, language) == expected


def test_digits_glued_to_latin_letters_are_not_numbers_said_as_such():
    assert spell_out_numbers("mp3 on A4, the 3rd of 10", "en") == "mp3 on A4, the 3rd of ten"


@pytest.mark.parametrize("language", [None, "", "xx"])
def test_a_language_num2words_does_not_know_leaves_the_text_unchanged(language):
    assert not supports(language)
    assert spell_out_numbers("12 apples", language) == "12 apples"
