"""Whisper's languages: codes, their English and Korean names, and the order people pick them in.

Auto-detect comes first, then Korean and English (what most Malsori users
speak), then the rest alphabetically by name in the interface language.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bo": "Tibetan",
    "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French", "gl": "Galician", "gu": "Gujarati",
    "ha": "Hausa", "haw": "Hawaiian", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "jw": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "la": "Latin", "lb": "Luxembourgish", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian",
    "lv": "Latvian", "mg": "Malagasy", "mi": "Maori", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Myanmar", "ne": "Nepali",
    "nl": "Dutch", "nn": "Nynorsk", "no": "Norwegian", "oc": "Occitan", "pa": "Punjabi", "pl": "Polish",
    "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sa": "Sanskrit", "sd": "Sindhi",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "yi": "Yiddish", "yo": "Yoruba",
    "zh": "Chinese", "yue": "Cantonese",
}

#: The same languages named in Korean, for the Korean interface (names as the
#: Korean Wikipedia and Debian's iso-codes translations write them).
KOREAN_NAMES: dict[str, str] = {
    "af": "아프리칸스어", "am": "암하라어", "ar": "아랍어", "as": "아삼어", "az": "아제르바이잔어",
    "ba": "바시키르어", "be": "벨라루스어", "bg": "불가리아어", "bn": "벵골어", "bo": "티베트어",
    "br": "브르타뉴어", "bs": "보스니아어", "ca": "카탈루냐어", "cs": "체코어", "cy": "웨일스어", "da": "덴마크어",
    "de": "독일어", "el": "그리스어", "en": "영어", "es": "스페인어", "et": "에스토니아어", "eu": "바스크어",
    "fa": "페르시아어", "fi": "핀란드어", "fo": "페로어", "fr": "프랑스어", "gl": "갈리시아어", "gu": "구자라트어",
    "ha": "하우사어", "haw": "하와이어", "he": "히브리어", "hi": "힌디어", "hr": "크로아티아어",
    "ht": "아이티 크리올어", "hu": "헝가리어", "hy": "아르메니아어", "id": "인도네시아어", "is": "아이슬란드어",
    "it": "이탈리아어", "ja": "일본어", "jw": "자바어", "ka": "조지아어", "kk": "카자흐어", "km": "크메르어",
    "kn": "칸나다어", "ko": "한국어", "la": "라틴어", "lb": "룩셈부르크어", "ln": "링갈라어", "lo": "라오어",
    "lt": "리투아니아어", "lv": "라트비아어", "mg": "말라가시어", "mi": "마오리어", "mk": "마케도니아어",
    "ml": "말라얄람어", "mn": "몽골어", "mr": "마라티어", "ms": "말레이어", "mt": "몰타어", "my": "미얀마어",
    "ne": "네팔어", "nl": "네덜란드어", "nn": "뉘노르스크", "no": "노르웨이어", "oc": "오크어", "pa": "펀자브어",
    "pl": "폴란드어", "ps": "파슈토어", "pt": "포르투갈어", "ro": "루마니아어", "ru": "러시아어", "sa": "산스크리트어",
    "sd": "신디어", "si": "싱할라어", "sk": "슬로바키아어", "sl": "슬로베니아어", "sn": "쇼나어", "so": "소말리어",
    "sq": "알바니아어", "sr": "세르비아어", "su": "순다어", "sv": "스웨덴어", "sw": "스와힐리어", "ta": "타밀어",
    "te": "텔루구어", "tg": "타지크어", "th": "태국어", "tk": "투르크멘어", "tl": "타갈로그어", "tr": "튀르키예어",
    "tt": "타타르어", "uk": "우크라이나어", "ur": "우르두어", "uz": "우즈베크어", "vi": "베트남어", "yi": "이디시어",
    "yo": "요루바어", "zh": "중국어", "yue": "광둥어",
}

#: Language names by interface language ("en" or "ko").
NAMES: dict[str, dict[str, str]] = {"en": LANGUAGES, "ko": KOREAN_NAMES}

FIRST = ("ko", "en")
AUTO = "auto"


def name(code: str | None, interface: str = "en") -> str:
    """``code``'s name in the interface language; an unknown code is shown as it is
    (a transcript from elsewhere may carry one), and no code gives ""."""
    if not code:
        return ""
    return NAMES.get(interface, LANGUAGES).get(code) or LANGUAGES.get(code, code)


def ordered_codes(interface: str = "en") -> list[str]:
    """Codes in menu order: Korean, English, then the rest by their name in the interface language."""
    names = NAMES.get(interface, LANGUAGES)
    rest = sorted((c for c in LANGUAGES if c not in FIRST), key=names.__getitem__)
    return [*FIRST, *rest]


def parse_language(value: str | None) -> str | None:
    """A language code from a code, an English name or a Korean one; None for auto-detect.

    Raises ValueError naming the accepted forms.
    """
    if value is None or value.strip().lower() in ("", AUTO):
        return None
    key = value.strip().lower()
    if key in LANGUAGES:
        return key
    by_name = {n.lower(): code for names in NAMES.values() for code, n in names.items()}
    if key in by_name:
        return by_name[key]
    raise ValueError(f"unknown language {value!r}: use auto or a code such as ko, en, ja (or a name such as Korean)")
