"""Decoding options from a request's form fields, checked as the CLI checks its flags."""

from __future__ import annotations

import math

from ..core.engine import TASKS, TranscribeOptions
from ..core.languages import parse_language
from .errors import ApiError


def language_of(value: str | None) -> str | None:
    """A request's language ("ko", "Korean", "auto", empty: detect); 400 if unknown."""
    try:
        return parse_language(value)
    except ValueError as exc:
        raise ApiError(400, str(exc), "invalid_language", "language") from None


def temperatures(value: float | None) -> tuple[float, ...]:
    """OpenAI's meaning of ``temperature``: 0 (or none) lets the decoder raise it as needed
    (the fallback ladder); a value above 0 samples at that temperature only."""
    default = TranscribeOptions.temperature
    if value is None or value == 0:
        return default
    if not math.isfinite(value) or not 0 < value <= 1:
        raise ApiError(400, f"temperature must be between 0 and 1, not {value}", "invalid_value", "temperature")
    return (float(value),)


def build(
    language: str | None = None,
    task: str = "transcribe",
    prompt: str | None = None,
    temperature: float | None = None,
    beam_size: int | None = None,
    vad_filter: bool | None = None,
    word_timestamps: bool = True,
    hotwords: str | None = None,
    speakers: str | None = None,
) -> TranscribeOptions:
    """The engine's options for a request; ApiError 400 for a value the engine refuses."""
    if task not in TASKS:
        raise ApiError(400, f"task must be one of {', '.join(TASKS)}, not {task!r}", "invalid_value", "task")
    defaults = TranscribeOptions()
    try:
        return TranscribeOptions(
            language=language_of(language),
            task=task,
            initial_prompt=prompt or None,
            temperature=temperatures(temperature),
            beam_size=defaults.beam_size if beam_size is None else beam_size,
            vad_filter=defaults.vad_filter if vad_filter is None else vad_filter,
            word_timestamps=word_timestamps,
            hotwords=hotwords or None,
            speakers=speakers.strip().lower() if speakers and speakers.strip() else None,
        )
    except ValueError as exc:
        raise ApiError(400, str(exc), "invalid_value") from None
