"""Transcripts and projects for editor tests: built like faster-whisper output."""

from __future__ import annotations

import time
from pathlib import Path

from malsori.core.project import Project
from malsori.core.transcript import Segment, Transcript, Word


def words_of(text: str, start: float, end: float, shaky: set[str] = frozenset()) -> tuple[Word, ...]:
    """Evenly timed words with a leading space each; words in ``shaky`` get a low probability."""
    tokens = text.split()
    step = (end - start) / len(tokens)
    return tuple(
        Word(round(start + i * step, 3), round(start + (i + 1) * step - 0.05, 3), " " + tok,
             0.2 if tok.strip(".,") in shaky else 0.95)
        for i, tok in enumerate(tokens)
    )


def meeting_transcript() -> Transcript:
    lines = [
        (0.0, 2.5, "Good morning everyone.", set()),
        (3.0, 6.0, "Today we will review the budget.", {"budget"}),
        (6.5, 9.5, "The sales team reported strong results.", set()),
        (10.0, 13.0, "Please send your questions before Friday.", {"Friday"}),
    ]
    segments = tuple(Segment(a, b, text, words_of(text, a, b, shaky)) for a, b, text, shaky in lines)
    return Transcript(segments, language="en", duration=14.0, model="tiny.en")


def project_of(transcript: Transcript, media: Path | None = None, title: str = "meeting") -> Project:
    now = time.time()
    return Project(transcript, str(media) if media else None, title, now, now)
