"""Live captions: latency, real-time factor, and memory over a long session.

Latency: generated speech is played into a LiveTranscriber in real time (a thread
feeds 100 ms blocks paced by time.monotonic, as a sound card would) while the
real ``run()`` loop works in another thread. A word's latency is the wall time
from the moment the end of the word was fed (its committed end time in the
session, which is the source audio's time) to the ``on_update`` that first showed
it committed. Words committed by ``finish()`` are left out: they wait for the
person to stop, not for the model.

Real-time factor: model seconds (wall time inside Transcriber.transcribe) per
second of audio played; above 1 the loop cannot keep up.

Memory: 30 minutes of session audio (8 s of speech, then a long silence,
repeated with the next 8 s of the speech file) fed faster than real time, stepping every second of audio; resident
memory is read after the first cycle, in the middle and at the end. Flat means
the buffer, the policy state and the allocator all stay bounded.
"""

from __future__ import annotations

import gc
import statistics
import threading
import time
from pathlib import Path

import numpy as np
from malsori.core import audio
from malsori.core.engine import Transcriber
from malsori.core.live import Captions, LiveTranscriber

from tests.speech import wer

from . import report
from .speech import PARAGRAPHS, make_speech

BLOCK_S = 0.1
SETTLE_S = 4.0  # silence played after the speech, as a microphone goes on, to commit the tail
SESSION_S = 30 * 60
CYCLE_S = 90.0  # one sentence of speech, then silence up to this length
SENTENCE_S = 8.0


def run(models: list[str], out: Path) -> None:
    """Print latency p50/p95 and RTF for each model, then the 30-minute memory figures."""
    speech = make_speech(out, "live", PARAGRAPHS[:2])
    samples = audio.decode(speech.path)
    report.note(f"live captions: {speech.seconds:.1f} s of speech played in real time, 100 ms blocks")
    for model in models:
        _latency(model, samples, speech.text)
    _memory(models[0], samples)


def _loaded(model: str) -> Transcriber:
    transcriber = Transcriber(model, device="cpu")
    transcriber.load()
    transcriber.transcribe(np.zeros(audio.SAMPLE_RATE, dtype=np.float32))  # first-call allocations
    return transcriber


def _timed(transcriber: Transcriber) -> list[float]:
    """Wrap the transcriber so every model call's wall time is collected."""
    spent: list[float] = []
    original = transcriber.transcribe

    def transcribe(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    transcriber.transcribe = transcribe  # type: ignore[method-assign]
    return spent


def _latency(model: str, samples: np.ndarray, text: str) -> None:
    transcriber = _loaded(model)
    spent = _timed(transcriber)
    shown: list[tuple[float, float]] = []  # (word end in the session, wall time it appeared)
    count = 0

    def on_update(captions: Captions) -> None:
        nonlocal count
        now = time.monotonic()
        words = captions.words
        shown.extend((w.end, now) for w in words[count:])
        count = len(words)

    live = LiveTranscriber(transcriber, on_update=on_update)
    stop = threading.Event()
    loop = threading.Thread(target=live.run, args=(stop,))
    started = time.monotonic()
    loop.start()
    _play(live, np.concatenate([samples, np.zeros(int(SETTLE_S * audio.SAMPLE_RATE), np.float32)]), started)
    stop.set()
    loop.join()
    during = len(shown)
    final = live.finish()
    latencies = [appeared - (started + end) for end, appeared in shown[:during]]
    p50, p95 = np.percentile(latencies, [50, 95])
    seconds = len(samples) / audio.SAMPLE_RATE
    slug = report.slug(model)
    report.note(
        f"{model}: {len(spent)} passes, mean {statistics.mean(spent):.2f} s, max {max(spent):.2f} s; "
        f"{during} words committed live, {len(shown) - during} by finish(); live WER {wer(text, final.text):.3f}"
    )
    report.figure(f"live_caption_latency_p50_{slug}", p50, "s", digits=2)
    report.figure(f"live_caption_latency_p95_{slug}", p95, "s", digits=2)
    report.figure(f"live_rtf_{slug}", sum(spent) / seconds, "x")


def _play(live: LiveTranscriber, samples: np.ndarray, started: float) -> None:
    """Feed 100 ms blocks, each when its last sample would have been spoken."""
    block = int(BLOCK_S * audio.SAMPLE_RATE)
    for number, start in enumerate(range(0, len(samples), block)):
        time.sleep(max(0.0, started + (number + 1) * BLOCK_S - time.monotonic()))
        live.feed(samples[start : start + block])


def _memory(model: str, samples: np.ndarray) -> None:
    transcriber = _loaded(model)
    sentence = int(SENTENCE_S * audio.SAMPLE_RATE)
    pieces = [samples[start : start + sentence] for start in range(0, len(samples) - sentence + 1, sentence)]
    silence = np.zeros(int((CYCLE_S - SENTENCE_S) * audio.SAMPLE_RATE), np.float32)
    live = LiveTranscriber(transcriber)
    cycles = int(SESSION_S / CYCLE_S)
    marks = {0: "start", cycles // 2: "middle", cycles - 1: "end"}
    readings: dict[str, float] = {}
    started = time.perf_counter()
    for number in range(cycles):
        # a different piece each time: the same words again, with themselves as the
        # prompt, send Whisper into repetition loops that no real session has
        cycle = np.concatenate([pieces[number % len(pieces)], silence])
        for start in range(0, len(cycle), audio.SAMPLE_RATE):
            live.feed(cycle[start : start + audio.SAMPLE_RATE])
            live.step()
        if number in marks:
            readings[marks[number]] = _rss_mb()
    captions = live.finish()
    report.note(
        f"{model}: {SESSION_S / 60:.0f} min session ({cycles} x {SENTENCE_S:.0f} s speech + silence) in "
        f"{time.perf_counter() - started:.0f} s; {len(captions.blocks)} caption blocks; RSS MiB "
        + ", ".join(f"{k} {v:.1f}" for k, v in readings.items())
    )
    report.figure("live_rss_growth_mb_30min", readings["end"] - readings["start"], "MiB", digits=1)


def _rss_mb() -> float:
    """Resident memory now (VmRSS), after a collection so garbage does not count."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")
