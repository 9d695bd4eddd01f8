"""Spoken-language names and menu order, in English and Korean (pure, no Qt)."""

from __future__ import annotations

import pytest
from malsori.core.languages import KOREAN_NAMES, LANGUAGES, name, ordered_codes, parse_language


def test_every_language_has_a_korean_name_unlike_its_english_one():
    assert set(KOREAN_NAMES) == set(LANGUAGES)
    assert all(KOREAN_NAMES[c] != LANGUAGES[c] for c in LANGUAGES)
    assert len(set(KOREAN_NAMES.values())) == len(KOREAN_NAMES)  # no two languages read alike


def test_names_follow_the_interface_language_and_unknown_codes_show_as_they_are():
    assert name("en", "ko") == "영어" and name("en", "en") == "English" and name("en") == "English"
    assert name("xx", "ko") == "xx" and name(None, "ko") == "" and name("", "en") == ""
    assert name("ja", "fr") == "Japanese"  # an interface language without names falls back to English


@pytest.mark.parametrize("interface, names", [("en", LANGUAGES), ("ko", KOREAN_NAMES)])
def test_korean_and_english_come_first_then_the_rest_by_name(interface, names):
    codes = ordered_codes(interface)
    assert codes[:2] == ["ko", "en"] and sorted(codes) == sorted(LANGUAGES)
    rest = [names[c] for c in codes[2:]]
    assert rest == sorted(rest)


def test_a_language_can_be_given_by_code_english_name_or_korean_name():
    assert parse_language("ko") == parse_language("Korean") == parse_language("한국어") == "ko"
    assert parse_language(" 일본어 ") == "ja" and parse_language("auto") is None
    with pytest.raises(ValueError, match="unknown language"):
        parse_language("Klingon")
