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


#: A short speech, like the clip people try speech recognisers on (about 8 s here).
JFK_TEXT = (
    "And so, my fellow Americans: ask not what your country can do for you, ask what you can do for your country."
)


def speak(text: str, path: Path, voice: str = VOICE, rate: int = RATE) -> Path:
    """Write ``text`` spoken by espeak-ng to a WAV file at ``path``."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


def joined(path: Path, *parts: "Path | float | np.ndarray") -> Path:
    """Write a 16 kHz mono WAV of ``parts`` one after another: an audio file, a
    number of seconds of digital silence, or 16 kHz samples (a tone, noise)."""
    import numpy as np
    import soundfile

    from malsori.core import audio

    pieces = []
    for part in parts:
        if isinstance(part, (int, float)):
            pieces.append(np.zeros(round(part * audio.SAMPLE_RATE), dtype=np.float32))
        elif isinstance(part, np.ndarray):
            pieces.append(part.astype(np.float32))
        else:
            pieces.append(audio.decode(part))
    soundfile.write(str(path), np.concatenate(pieces), audio.SAMPLE_RATE, subtype="PCM_16")
    return path


def hum(seconds: float) -> "np.ndarray":
    """A pulsing low hum that Silero VAD takes for speech and Whisper hears no words in."""
    import numpy as np

    from malsori.core import audio

    t = np.arange(round(seconds * audio.SAMPLE_RATE)) / audio.SAMPLE_RATE
    tone = np.sin(2 * np.pi * 150 * t) + np.sin(2 * np.pi * 300 * t)
    pulse = 1 - 0.9 * (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t))
    return (0.25 * tone * pulse).astype(np.float32)


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
