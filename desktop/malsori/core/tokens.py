"""Conservative token counts without a tokenizer, and packing text into chunks that fit.

The model's tokenizer is on the server and there is none offline, so a request
is sized by an estimate that errs on the side of "too many tokens": a request
that is split needlessly costs a little time, one that does not fit fails.

The estimate, per piece of text:

* a run of ASCII letters: 1 token per 2.5 letters, rounded up (English prose
  measures about 4 letters per token, so a word counts about 1.5 times its real
  cost; a lone letter such as "a" counts 1);
* each digit: 1 (some tokenizers, Qwen's among them, split numbers into digits);
* each other visible ASCII character (punctuation) and each line break: 1;
* each Hangul syllable, CJK ideograph or kana: 1 (Llama 3 and Qwen tokenizers
  spend about 0.7 to 1.2 per syllable);
* any other character: 1, or 2 outside the Basic Multilingual Plane (emoji);
* single spaces: 0 (tokenizers fold them into the next word);

and the sum is multiplied by 1.1. Tokenizers with byte fallback for Korean (the
Llama 2 family) can need more than this; the summarizer then splits a chunk the
server rejects as too long (see :mod:`malsori.core.summarize`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

SAFETY = 1.1
#: Tokens a chat template adds around each message, and around the whole request.
PER_MESSAGE = 8
PER_REQUEST = 16

_LETTERS = re.compile(r"[A-Za-z]+")


def _char_cost(ch: str) -> float:
    if ch == " ":
        return 0.0
    if ch.isascii():
        return 1.0  # digits, punctuation, line breaks, tabs
    return 2.0 if ord(ch) > 0xFFFF else 1.0


def estimate(text: str) -> int:
    """An upper estimate of the tokens ``text`` takes (see the module's description)."""
    total = 0.0
    pos = 0
    for run in _LETTERS.finditer(text):
        total += sum(_char_cost(ch) for ch in text[pos:run.start()])
        total += math.ceil(len(run.group()) / 2.5)
        pos = run.end()
    total += sum(_char_cost(ch) for ch in text[pos:])
    return math.ceil(total * SAFETY)


def estimate_messages(messages: Iterable[dict[str, str]]) -> int:
    """The estimate of a whole chat request's prompt, template overhead included."""
    return PER_REQUEST + sum(PER_MESSAGE + estimate(m["content"]) for m in messages)


_SENTENCE_END = re.compile(r"(?<=[.!?。！？…])\s+")


_SPACES = re.compile(r"\s+")


def halve(text: str) -> tuple[str, str]:
    """``text`` cut in two where it reads best: at the sentence end nearest the
    middle, else the space nearest the middle, else the middle (a run without spaces)."""
    middle = len(text) // 2
    cut = max(1, middle)
    for pattern in (_SENTENCE_END, _SPACES):
        cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
        if cuts:
            cut = min(cuts, key=lambda c: abs(c - middle))
            break
    return text[:cut].rstrip(), text[cut:].lstrip()


def fit(piece: str, budget: int) -> list[str]:
    """``piece`` as is when it fits ``budget`` tokens, else cut into parts that each do."""
    if estimate(piece) <= budget or len(piece) <= 1:
        return [piece]
    first, second = halve(piece)
    return fit(first, budget) + fit(second, budget)


def pack(units: Iterable[str], budget: int, separator: str = "\n") -> list[str]:
    """Join consecutive units (a transcript's segments) into as few chunks as possible,
    each within ``budget`` tokens; a unit is never split unless it alone is too large.

    Chunks are estimated piece by piece plus one token per separator, which is never
    less than the estimate of the joined text (rounding up each piece only adds).
    """
    if budget < 1:
        raise ValueError("the token budget must be positive")
    step = estimate(separator)
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for unit in units:
        for piece in fit(unit.strip(), budget):
            if not piece:
                continue
            cost = estimate(piece) + (step if current else 0)
            if current and used + cost > budget:
                chunks.append(separator.join(current))
                current, used = [], 0
                cost = estimate(piece)
            current.append(piece)
            used += cost
    if current:
        chunks.append(separator.join(current))
    return chunks
