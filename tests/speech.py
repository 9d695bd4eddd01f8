"""Real speech for tests, generated with espeak-ng, and word error rate with jiwer.

Voice en-us+m3 at 140 words a minute was measured the most intelligible to both
bundled models (see resources/samples/make-sample.sh). espeak-ng's Korean voice
is not recognized by base, so no accuracy test is built on it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import jiwer

VOICE = "en-us+m3"
RATE = 140

ENGLISH_TEXT = (
    "Good morning everyone. Today we will review the budget for the next quarter. "
    "The sales team reported strong results in the spring, and the new office opens in June. "
    "Please send your questions before Friday, so that we can answer them at the next meeting. "
    "Thank you all for your hard work this year."
)


def speak(text: str, path: Path, voice: str = VOICE, rate: int = RATE) -> Path:
    """Write ``text`` spoken by espeak-ng to a WAV file at ``path``."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


_TRANSFORM = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.SubstituteRegexes({r"[^\w\s']": " "}),
        jiwer.SubstituteRegexes({r"\s+": " "}),  # newlines too: Transcript.text has one segment a line
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate after lower-casing and dropping punctuation."""
    return jiwer.wer(reference, hypothesis, reference_transform=_TRANSFORM, hypothesis_transform=_TRANSFORM)


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.lower()).split()
