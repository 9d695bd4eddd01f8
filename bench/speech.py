"""The benchmark's audio: a few minutes of espeak-ng English whose words are known.

Several different paragraphs, each spoken separately (so there is a natural pause
between them, as between speakers' turns) and joined by sox into one 16 kHz mono
WAV. Different paragraphs rather than one repeated, so that the decoder's
conditioning on previous text cannot settle into a loop and flatter the speed.
Speech and scoring come from ``tests.speech`` (the voice and rate measured most
intelligible to both bundled models; the same WER normalisation as the tests).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from malsori.core import audio

from tests.speech import speak

PARAGRAPHS: tuple[str, ...] = (
    (
        "Good morning everyone. Today we will review the budget for the next quarter. "
        "The sales team reported strong results in the spring, and the new office opens in June. "
        "Please send your questions before Friday, so that we can answer them at the next meeting."
    ),
    (
        "The river runs through the middle of the old town. In the summer, children swim near the bridge, "
        "and families eat lunch on the grass beside the water. In the winter the river is quiet, "
        "and only a few people walk along its banks in the cold morning air."
    ),
    (
        "To make a simple loaf of bread, mix flour, water, salt and a little yeast in a large bowl. "
        "Work the dough until it is smooth, then cover it and let it rise in a warm place. "
        "Shape the loaf, let it rise again, and bake it in a hot oven until the crust is brown."
    ),
    (
        "Our library will change its opening hours next month. From Monday to Thursday it will open early "
        "and close late in the evening. On Friday and Saturday it will close in the afternoon, "
        "and on Sunday the building will stay closed for cleaning and repairs."
    ),
    (
        "The train to the coast leaves from the main platform every hour. The journey is short and pleasant, "
        "and there is a small cafe in the second carriage. Remember to buy your ticket before you board, "
        "because the conductor cannot sell tickets on the train."
    ),
    (
        "Learning a new language takes time and patience. Listen to the radio, read simple books, "
        "and speak with other people as often as you can. Do not worry about mistakes, "
        "because every mistake teaches you something new about the language."
    ),
    (
        "The weather this weekend will be mostly dry, with clouds in the morning and sunshine in the afternoon. "
        "Saturday will be warm and bright, but a cold wind from the north "
        "will bring rain and lower temperatures on Sunday evening."
    ),
    (
        "The museum has opened a new exhibition about the history of the city. Visitors can see old maps, "
        "photographs of the harbour, and tools that workers used to build the first houses. "
        "Guided tours start at the front desk, and children can join a drawing class in the garden."
    ),
)


@dataclass(frozen=True)
class Speech:
    """A generated recording and what it says."""

    path: Path
    text: str
    seconds: float


def make_speech(folder: Path, name: str = "speech", paragraphs: tuple[str, ...] = PARAGRAPHS) -> Speech:
    """Speak ``paragraphs`` into ``folder``/``name``.wav, reused when already there.

    Reuse matters only for time: espeak-ng is deterministic, so the file is the
    one a fresh run would write. The text is kept beside it to notice an edit.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.wav"
    stamp = folder / f"{name}.txt"
    text = " ".join(paragraphs)
    if not (target.is_file() and stamp.is_file() and stamp.read_text() == text):
        parts = [speak(p, folder / f"{name}-part{i}.wav") for i, p in enumerate(paragraphs)]
        sox = ["sox", *map(str, parts), "-r", str(audio.SAMPLE_RATE), "-c", "1", str(target)]
        subprocess.run(sox, check=True)
        for part in parts:
            part.unlink()
        stamp.write_text(text)
    return Speech(target, text, audio.probe_duration(target))
