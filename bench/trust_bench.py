"""Invented and missing words, loops and cues across silence: raw faster-whisper against Malsori.

A few generated files, each made to show one of the faults found by trying
Malsori (issue 11), transcribed in the same run by raw faster-whisper with the
options Malsori passes it (``TranscribeOptions.whisper_kwargs()``, the defaults
Malsori used before its repairs) and by Malsori's Transcriber:

* ``pauses``: a sentence broken off and finished 20 s later, 20 s of silence,
  then a sentence with a 3 s pause in it (VAD on; tiny.en raw: one cue 0.0 → 28.0 s);
* ``repeated``: a short speech said three times with 1 s pauses, so one window
  is all repetition and the temperature fallback samples; transcribed twice by
  each side;
* ``silence`` and ``noise``: 30 s of digital silence and of low noise, VAD off
  (the person turned it off; Whisper then writes "You" or "...").

Words are counted against what was said with jiwer's alignment (the tests'
normalisation): **inserted** words are text that was not spoken (loops, text on
silence), **missing** words speech that vanished. A cue **across silence**
covers the middle of a pause of 20 s. A **loop** is a segment whose text
compresses more than 2.4 (gzip, faster-whisper's own measure). **Differing**
counts the segments that changed between the two runs of ``repeated``. Times
are wall seconds of each side, model load excluded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import jiwer
import numpy as np

from malsori.core import audio
from malsori.core.engine import TranscribeOptions, Transcriber
from malsori.core.hallucination import compression_ratio
from malsori.core.transcript import Segment

from tests.speech import JFK_TEXT, joined, speak, words

from . import report

PAUSE_S = 20.0
#: A sentence broken off and finished after a pause, then another with a short pause in it.
BROKEN = (
    "And so, my fellow Americans, ask not what your country can do for you",
    PAUSE_S,
    "ask what you can do for your country.",
    PAUSE_S,
    "Good morning everyone. Today we will review the budget",
    3.0,
    "for the next quarter.",
)


@dataclass(frozen=True)
class Case:
    """One file, what it says, where its long pauses are, the options, and how many runs."""

    name: str
    path: Path
    text: str
    pauses: tuple[tuple[float, float], ...]
    options: TranscribeOptions
    runs: int = 1


@dataclass
class Tally:
    """One side's counts over all cases (see the module's docstring)."""

    inserted: int = 0
    missing: int = 0
    across: int = 0
    loops: int = 0
    differing: int = 0
    seconds: float = 0.0

    def add(self, case: Case, segments: list[Segment], seconds: float) -> None:
        inserted, missing = _count(case.text, " ".join(s.text for s in segments))
        self.inserted += inserted
        self.missing += missing
        self.across += sum(1 for s in segments for lo, hi in case.pauses if s.start < (lo + hi) / 2 < s.end)
        self.loops += sum(1 for s in segments if len(s.text) >= 40 and compression_ratio(s.text) > 2.4)
        self.seconds += seconds


def make_cases(folder: Path) -> list[Case]:
    """The files, generated into ``folder`` (espeak-ng is deterministic: the same each run)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts: list = [p if isinstance(p, float) else speak(p, folder / f"trust-part{i}.wav") for i, p in enumerate(BROKEN)]
    pauses, at = [], 0.0
    for part in parts:
        length = part if isinstance(part, float) else audio.probe_duration(part)
        if isinstance(part, float) and length >= PAUSE_S:
            pauses.append((at, at + length))
        at += length
    jfk = speak(JFK_TEXT, folder / "trust-jfk.wav")
    noise = (np.random.default_rng(11).standard_normal(30 * audio.SAMPLE_RATE) * 0.02).astype(np.float32)
    no_vad = TranscribeOptions(vad_filter=False)
    return [
        Case("pauses", joined(folder / "trust-pauses.wav", *parts), " ".join(p for p in BROKEN if isinstance(p, str)),
             tuple(pauses), TranscribeOptions()),
        # said three times with short pauses: one window of repetition, so the fallback samples
        Case("repeated", joined(folder / "trust-repeated.wav", jfk, 1.0, jfk, 1.0, jfk), " ".join([JFK_TEXT] * 3),
             (), TranscribeOptions(), runs=2),
        Case("silence", joined(folder / "trust-silence.wav", 30.0), "", (), no_vad),
        Case("noise", joined(folder / "trust-noise.wav", noise), "", (), no_vad),
    ]


def run(models: list[str], folder: Path) -> None:
    """Print the trust_* figures for each of ``models``."""
    cases = make_cases(folder)
    report.note(
        "trust: " + ", ".join(f"{c.name} {audio.probe_duration(c.path):.0f} s" for c in cases)
        + "; raw faster-whisper with Malsori's whisper_kwargs() against Malsori, same run, model load excluded"
    )
    for model in models:
        _run_model(model, cases)


def _run_model(model: str, cases: list[Case]) -> None:
    from faster_whisper import WhisperModel

    transcriber = Transcriber(model, device="cpu")
    transcriber.load()
    whisper = WhisperModel(
        str(transcriber.store.resolve(model)), device=transcriber.device, compute_type=transcriber.compute_type
    )

    def raw(samples: np.ndarray, options: TranscribeOptions) -> list[Segment]:
        segments, _info = whisper.transcribe(samples, **options.whisper_kwargs())
        return [Segment(float(s.start), float(s.end), s.text.strip()) for s in segments]

    def malsori(samples: np.ndarray, options: TranscribeOptions) -> list[Segment]:
        return list(transcriber.transcribe(samples, options).segments)

    warmup = audio.decode(cases[0].path)[: 5 * audio.SAMPLE_RATE]  # VAD and oneDNN set up before timing
    raw(warmup, TranscribeOptions())
    malsori(warmup, TranscribeOptions())
    name = report.slug(model)
    tallies = {"raw": Tally(), "malsori": Tally()}
    for case in cases:
        samples = audio.decode(case.path)
        for side, transcribe in (("raw", raw), ("malsori", malsori)):
            tally, heard = tallies[side], []
            for _ in range(case.runs):
                started = time.perf_counter()
                heard.append(transcribe(samples, case.options))
                tally.add(case, heard[-1], time.perf_counter() - started)
            if case.runs > 1:
                texts = [[(round(s.start, 2), round(s.end, 2), s.text) for s in run] for run in heard]
                tally.differing += sum(a != b for a, b in zip(texts[0], texts[1])) + abs(len(texts[0]) - len(texts[1]))
            if case.name == "pauses":
                report.note(f"{model} {side} on {case.name}: " + " | ".join(
                    f"{s.start:.1f}-{s.end:.1f} {s.text}" for s in heard[-1]))
    for side, tally in tallies.items():
        report.figure(f"trust_inserted_words_{name}_{side}", tally.inserted, "words", digits=0)
        report.figure(f"trust_missing_words_{name}_{side}", tally.missing, "words", digits=0)
        report.figure(f"trust_loop_segments_{name}_{side}", tally.loops, "segments", digits=0)
        report.figure(f"trust_cues_across_silence_{name}_{side}", tally.across, "segments", digits=0)
        report.figure(f"trust_segments_differing_between_runs_{name}_{side}", tally.differing, "segments", digits=0)
        report.figure(f"trust_seconds_{name}_{side}", tally.seconds, "s", digits=1)
    report.figure(f"trust_time_ratio_{name}", tallies["malsori"].seconds / max(tallies["raw"].seconds, 1e-9), "x")


def _count(reference: str, heard: str) -> tuple[int, int]:
    """(inserted, missing) words of ``heard`` against ``reference``, aligned by jiwer."""
    said, got = words(reference), words(heard)
    if not said or not got:
        return len(got), len(said)
    measures = jiwer.process_words(" ".join(said), " ".join(got))
    return measures.insertions, measures.deletions
