"""Prompt templates for the actions on a transcript, and the chat messages built from them.

Each action has an English and a Korean default; the one in the transcript's
language is used (English for every language but Korean), and the person can
edit both in the settings. The system message asks for the answer in the
transcript's language unless the instruction asks for another, so a Korean
meeting gets a Korean summary even from an English template, while "Translate
to …" still works.

A template may contain ``{target}``, replaced by the target language's name in
the template's own language. Placeholders are replaced literally (not with
``str.format``), so braces a person types into a prompt are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .languages import LANGUAGES

SUMMARIZE, ACTION_ITEMS, KEY_POINTS, TRANSLATE, CUSTOM = "summarize", "action_items", "key_points", "translate", "custom"
ACTIONS = (SUMMARIZE, ACTION_ITEMS, KEY_POINTS, TRANSLATE, CUSTOM)
TEMPLATE_LANGUAGES = ("en", "ko")

DEFAULTS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    SUMMARIZE: {
        "en": "Summarize this transcript in a few short paragraphs. Keep names, numbers and decisions.",
        "ko": "이 전사문을 몇 개의 짧은 문단으로 요약하세요. 이름, 숫자, 결정 사항은 그대로 살리세요.",
    },
    ACTION_ITEMS: {
        "en": "List the action items in this transcript as bullet points: who does what, and by when if it is "
              "said. If there are none, say so.",
        "ko": "이 전사문에서 해야 할 일을 글머리표 목록으로 정리하세요. 누가 무엇을 하는지, 기한이 언급되었다면 "
              "언제까지인지 적고, 없으면 없다고 답하세요.",
    },
    KEY_POINTS: {
        "en": "List the key points of this transcript as short bullet points, in the order they come up.",
        "ko": "이 전사문의 핵심 내용을 나온 순서대로 짧은 글머리표로 정리하세요.",
    },
    TRANSLATE: {
        "en": "Translate this transcript into {target}. Keep the meaning and the tone; do not summarize, "
              "explain or add anything.",
        "ko": "이 전사문을 {target}(으)로 번역하세요. 의미와 어조를 살리고, 요약하거나 설명을 덧붙이지 마세요.",
    },
})

#: Translation targets offered first, with their names in Korean (other languages
#: use the English name in both templates).
KOREAN_NAMES: Mapping[str, str] = MappingProxyType({
    "ko": "한국어", "en": "영어", "ja": "일본어", "zh": "중국어", "es": "스페인어", "fr": "프랑스어",
    "de": "독일어", "vi": "베트남어", "ru": "러시아어", "th": "태국어", "id": "인도네시아어", "pt": "포르투갈어",
})
TARGETS = tuple(KOREAN_NAMES)

SYSTEM = (
    "You help a person work with a transcript of recorded speech. It was made by speech recognition "
    "and may contain misheard words; do not comment on them. Answer with the result only."
)
#: Added only for transcripts with speakers, sent as "Name: text" lines (subtitles.dialogue_lines):
#: it lets "action items" say who does what, and costs a transcript without speakers nothing.
SPEAKERS_NOTE = (
    "Where a line starts with a name and a colon (\"Kim: ...\"), that is the speaker's name: keep the "
    "names, and say who said, decided or will do what."
)


def template_language(language: str | None) -> str:
    """Which default fits a transcript: Korean for Korean, English otherwise."""
    return "ko" if language == "ko" else "en"


def default_template(action: str, language: str | None) -> str:
    """The built-in template of ``action`` for a transcript in ``language`` ("" for custom)."""
    if action == CUSTOM:
        return ""
    return DEFAULTS[action][template_language(language)]


def language_name(code: str, in_language: str = "en") -> str:
    """A language's name for a prompt: in Korean for a Korean template where known."""
    if in_language == "ko" and code in KOREAN_NAMES:
        return KOREAN_NAMES[code]
    return LANGUAGES.get(code, code)


def render(template: str, target: str | None = None, template_lang: str = "en") -> str:
    """The instruction from a template: ``{target}`` replaced by the target language's name."""
    if target:
        template = template.replace("{target}", language_name(target, template_lang))
    return template.strip()


@dataclass(frozen=True)
class Task:
    """What to ask about a text: the instruction, the text's language, and whether
    the answers for parts of a long text are combined into one (a summary) or
    simply put one after another (a translation)."""

    instruction: str
    language: str | None = None
    combine: bool = True
    speakers: bool = False


def task_for(action: str, template: str, language: str | None, target: str | None = None,
             speakers: bool = False) -> Task:
    """The Task of running ``template`` (as edited by the person) for ``action``;
    ``speakers``: the text's lines start with speaker names."""
    instruction = render(template, target, template_language(language))
    if not instruction:
        raise ValueError("the prompt is empty")
    return Task(instruction, language, combine=action != TRANSLATE, speakers=speakers)


def system_message(language: str | None, speakers: bool = False) -> str:
    system = f"{SYSTEM} {SPEAKERS_NOTE}" if speakers else SYSTEM
    if language:
        name = LANGUAGES.get(language, language)
        return f"{system} The transcript is in {name}. Write your answer in {name} unless the instruction asks for another language."
    return f"{system} Write your answer in the language of the transcript unless the instruction asks for another language."


def messages(task: Task, text: str, part: tuple[int, int] | None = None) -> list[dict[str, str]]:
    """The chat messages for ``text``, or for part ``(i, n)`` of a longer text."""
    lead = f"This is part {part[0]} of {part[1]} of a longer transcript. " if part else ""
    return [
        {"role": "system", "content": system_message(task.language, task.speakers)},
        {"role": "user", "content": f"{lead}{task.instruction}\n\nTranscript:\n\"\"\"\n{text}\n\"\"\""},
    ]


def combine_messages(task: Task, partials: str) -> list[dict[str, str]]:
    """The chat messages that merge answers given for consecutive parts of one transcript."""
    return [
        {"role": "system", "content": system_message(task.language, task.speakers)},
        {"role": "user", "content": (
            "Below are answers to one instruction, each for a consecutive part of the same transcript. "
            "Combine them into a single answer for the whole transcript, in the same form, without "
            f"repeating anything.\n\nInstruction: {task.instruction}\n\nAnswers for the parts:\n"
            f"\"\"\"\n{partials}\n\"\"\""
        )},
    ]
