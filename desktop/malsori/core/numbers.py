"""Numbers written out as they are spoken ("100" as "백" in Korean, "one hundred" in English).

Two jobs need it: training labels for fine-tuning (a model learns the spoken form, so the label
must say "백" where the speaker said it, not "100"), and evaluation, where a reference that says
"100" and a hypothesis that says "백" are the same words and should not count as an error.
num2words does the language work; this module only finds the numbers in running text.
"""

from __future__ import annotations

import re

from num2words import num2words

#: A number as written in running text: digits, optional thousands commas, an optional decimal part.
#: Digits glued to Latin letters ("mp3", "A4", "3rd") are not numbers said as such and stay; a
#: Korean counter after them ("100명") is how the number is said, so those are written out.
_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![A-Za-z0-9_])")


def supports(language: str | None) -> bool:
    """Whether numbers can be written out in ``language`` (an ISO 639-1 code, as Whisper gives)."""
    if not language:
        return False
    try:
        num2words(1, lang=language)
    except NotImplementedError:
        return False
    return True


def spell_out_numbers(text: str, language: str | None) -> str:
    """``text`` with every number written out in ``language``; unchanged where it is not supported.

    Digits followed by a Korean counter ("100명") are written out too ("백명"): the counter is how
    the number is said, not part of it. num2words' commas ("one million, two hundred") are dropped,
    since a label holds the words, not their punctuation.
    """
    if not supports(language):
        return text

    def spoken(match: re.Match[str]) -> str:
        value = match.group(0).replace(",", "")
        number: int | float = float(value) if "." in value else int(value)
        return num2words(number, lang=language).replace(",", "")

    return _NUMBER.sub(spoken, text)
