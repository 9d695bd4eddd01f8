"""Speakers: what diarization costs beside transcription, and how often it is wrong.

On each conversation of ``tests.conversations.test_set`` (2, 3, 4 speakers and a
monologue; MBROLA voices whose true turns are known to the sample):

* **Time**: each model (tiny.en and base, the default, by default) through Malsori's Transcriber (the file, ``TranscribeOptions()``:
  what ``malsori transcribe`` does; engine_bench's Malsori side) and
  ``diarize(samples, SpeakerCount())`` on the same file, decoded once beforehand
  (decoding a 90 s WAV takes milliseconds). After a warm-up of both on the
  monologue, ``repeats`` rounds; each round takes every conversation, transcription
  and diarization one after the other, and every other round reverses both orders,
  so that the machine's drift touches both alike. The **share** is the median
  diarization time over the median transcription time (target: at most 15 % on
  the CPU), in wall and in CPU time (``time.process_time``: all threads).
* **Accuracy**: DER with a 0.25 s collar (md-eval's ``-c 0.25``, :mod:`malsori.core.der`)
  against the conversation's RTTM, with the number of speakers found automatically,
  and again told the true number (``SpeakerCount(exact=n)``): the first minus the
  second is what counting costs. The speaker-count error is found minus true speakers.
  The references keep the short silences inside a turn (between its sentences), so a
  few per cent of "missed" speech is that silence, correctly left out by the VAD.
* **Memory**: the peak resident set (the kernel's VmHWM, which exec resets) of a child
  process that diarizes a file as the app does (``diarize_file``: decoded as a stream,
  in blocks), against a child that imports the same modules and streams the same file
  through the decoder but does not diarize; the difference is what
  diarization adds (onnxruntime, the speaker model, Silero VAD, the d-vectors and the
  clustering). ``ru_maxrss`` is no use here, and tracemalloc sees none of onnxruntime's
  memory: see bench/memory.py. On the longest conversation and on a 9-minute file (the
  set twice over), to show whether the peak grows with the length.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from malsori.core import audio
from malsori.core.der import DerResult, der
from malsori.core.diarization import SpeakerCount, Turn, diarize, diarize_file
from malsori.core.engine import TranscribeOptions, Transcriber
from malsori.core.rttm import Turn as RttmTurn, parse

from tests.conversations import Conversation, test_set

from . import report
from .timing import Runs

COLLAR = 0.25
#: The most diarization may take, as a share of a model's transcription on the CPU.
TARGET_SHARE = 0.15
MEMORY_SIDES = ("diarize", "baseline")


def available() -> bool:
    """Whether the speaker model is installed (scripts/bootstrap.sh installs it)."""
    from malsori.core.speaker_embedding import SpeakerModelMissing, model_path

    try:
        model_path()
    except SpeakerModelMissing:
        return False
    return True


@dataclass
class Measured:
    """One conversation's timed runs and its last diarization's turns."""

    conversation: Conversation
    samples: np.ndarray
    transcribe: Runs
    diarize: Runs
    turns: tuple[Turn, ...] = ()


def run(out: Path, models: list[str], repeats: int = 3, memory_repeats: int = 2) -> None:
    """Print the time, share, DER and memory figures of every conversation, and a table of
    them, against each of ``models``; the DER (which no model changes) once."""
    conversations = test_set(out / "conversations")
    for i, model in enumerate(models):
        _run_model(model, conversations, repeats, scored=i == 0)
    if memory_repeats:  # 0: python -m bench --no-memory
        longest = max(conversations, key=lambda c: c.duration)
        _memory(longest.wav, longest.name, memory_repeats)
        _memory(_long_file(out / "conversations", conversations), "9min", memory_repeats)


def _run_model(model: str, conversations: list[Conversation], repeats: int, scored: bool) -> None:
    transcriber = Transcriber(model, device="cpu")
    transcriber.load()
    measured = {c.name: Measured(c, audio.decode(c.wav), Runs(), Runs()) for c in conversations}

    def transcribe(path: Path) -> str:
        return transcriber.transcribe(path, TranscribeOptions()).text

    def diarized(path: Path) -> str:
        found = diarize(measured[path.stem].samples, SpeakerCount())
        measured[path.stem].turns = found.turns
        return f"{found.speakers} speakers, {len(found.turns)} turns"

    warmup = conversations[-1].wav
    transcribe(warmup)
    diarized(warmup)
    report.note(
        f"diarization: {len(conversations)} conversations ({', '.join(c.name for c in conversations)}), "
        f"{sum(c.duration for c in conversations):.0f} s in all; {model} on the CPU "
        f"({transcriber.device}/{transcriber.compute_type}); warm-up on {conversations[-1].name}, then {repeats} "
        "interleaved rounds of transcription and diarization (orders reversed every other round)"
    )
    names = list(measured)
    for round_ in range(repeats):
        for name in names if round_ % 2 == 0 else reversed(names):
            m = measured[name]
            sides = [(m.transcribe, transcribe), (m.diarize, diarized)]
            for runs, side in sides if round_ % 2 == 0 else reversed(sides):
                runs.add(side, m.conversation.wav)
    rows = [_figures(m, model, scored) for m in measured.values()]
    _totals(list(measured.values()), rows, model, scored)
    _table(rows, model)


@dataclass(frozen=True)
class Row:
    """One conversation's figures, for the table."""

    name: str
    seconds: float
    speakers: int
    found: int
    transcribe: float
    diarize: float
    share: float
    rate: float
    missed: float
    false_alarm: float
    confusion: float
    total: float
    exact_rate: float


def _der(conversation: Conversation, turns: tuple[Turn, ...]) -> DerResult:
    """``turns`` scored against the conversation's RTTM file (read as any RTTM is)."""
    reference = parse(conversation.rttm.read_text())[conversation.name]
    return der(reference, [RttmTurn(t.start, t.end, f"S{t.speaker + 1}") for t in turns], collar=COLLAR)


def _figures(m: Measured, model: str, scored: bool) -> Row:
    """Print one conversation's figures (its DER when ``scored``); its table row."""
    c = m.conversation
    name = f"{report.slug(model)}_{c.name}"
    report.note(f"{c.name}: {len(c.speakers)} speakers, {len(c.turns)} turns, {c.duration:.1f} s; "
                f"wall (CPU) s, transcription: {m.transcribe.spread()}; diarization: {m.diarize.spread()}")
    share = m.diarize.median / m.transcribe.median
    report.figure(f"transcribe_seconds_{name}", m.transcribe.median, "s")
    report.figure(f"diarize_seconds_{name}", m.diarize.median, "s")
    report.figure(f"diarize_share_{name}", 100 * share, "%", digits=1)
    report.figure(f"diarize_cpu_share_{name}", 100 * m.diarize.cpu_median / m.transcribe.cpu_median, "%", digits=1)
    found = _der(c, m.turns)
    exact = _der(c, diarize(m.samples, SpeakerCount(exact=len(c.speakers))).turns)
    if scored:
        report.figure(f"der_{c.name}", found.rate, "der", digits=4)
        report.figure(f"der_{c.name}_exact_count", exact.rate, "der", digits=4)
        report.figure(f"speaker_count_error_{c.name}", found.speaker_count_error, "speakers", digits=0)
    return Row(c.name, c.duration, found.reference_speakers, found.hypothesis_speakers, m.transcribe.median,
               m.diarize.median, share, found.rate, found.missed, found.false_alarm, found.confusion, found.total,
               exact.rate)


def _totals(measured: list[Measured], rows: list[Row], model: str, scored: bool) -> None:
    """The whole set's share (total over total) and DER (errors over speech, pooled)."""
    share = sum(r.diarize for r in rows) / sum(r.transcribe for r in rows)
    cpu_share = sum(m.diarize.cpu_median for m in measured) / sum(m.transcribe.cpu_median for m in measured)
    report.figure(f"diarize_share_{report.slug(model)}", 100 * share, "%", digits=1)
    report.figure(f"diarize_cpu_share_{report.slug(model)}", 100 * cpu_share, "%", digits=1)
    if share > TARGET_SHARE:
        report.warn(f"diarization takes {100 * share:.1f} % of {model}'s transcription time "
                    f"(target: at most {100 * TARGET_SHARE:.0f} %)")
    if not scored:
        return
    total = sum(r.total for r in rows)
    report.figure("der_set", sum(r.missed + r.false_alarm + r.confusion for r in rows) / total, "der", digits=4)
    report.figure("der_set_exact_count", sum(r.exact_rate * r.total for r in rows) / total, "der", digits=4)
    report.figure("speaker_count_exact_share", sum(r.found == r.speakers for r in rows) / len(rows), "share", digits=2)


def _table(rows: list[Row], model: str) -> None:
    lines = [f"with {model}:",f"{'conversation':<12} {'audio s':>7} {'spk':>3} {'found':>5} {'transcr s':>9} {'diar s':>6} "
             f"{'share':>6} {'DER':>6} {'missed':>6} {'f.a.':>5} {'conf.':>5} {'DER n':>6}"]
    for r in rows:
        lines.append(f"{r.name:<12} {r.seconds:>7.1f} {r.speakers:>3} {r.found:>5} {r.transcribe:>9.2f} "
                     f"{r.diarize:>6.2f} {100 * r.share:>5.1f}% {r.rate:>6.3f} {r.missed:>6.2f} "
                     f"{r.false_alarm:>5.2f} {r.confusion:>5.2f} {r.exact_rate:>6.3f}")
    report.note("\n".join(lines))
    report.note(f"missed, false alarm and confusion in seconds of scored speech ({COLLAR} s collar); "
                "'DER n' is the DER when told the true number of speakers")


def _long_file(folder: Path, conversations: list[Conversation]) -> Path:
    """The set's recordings one after another, twice (9 minutes): written once, then reused."""
    target = folder / "set-twice.wav"
    if not target.is_file() or any(c.wav.stat().st_mtime > target.stat().st_mtime for c in conversations):
        parts = [soundfile.read(str(c.wav), dtype="int16")[0] for c in conversations]
        soundfile.write(str(target), np.concatenate(parts * 2), audio.SAMPLE_RATE, subtype="PCM_16")
    return target


def _memory(wav: Path, name: str, repeats: int) -> None:
    """Peak RSS of diarizing ``wav`` and of its baseline child, alternating ``repeats`` each; medians."""
    peaks: dict[str, list[float]] = {side: [] for side in MEMORY_SIDES}
    for _ in range(repeats):
        for side in MEMORY_SIDES:
            command = [sys.executable, "-m", "bench.diarization_bench", side, str(wav)]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            peaks[side].append(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mb"])
    seconds = audio.probe_duration(wav)
    report.note(f"peak RSS (VmHWM) of children on {wav.name} ({seconds:.0f} s), MiB: "
                + "; ".join(f"{side} {', '.join(f'{v:.1f}' for v in values)}" for side, values in peaks.items()))
    diarize, baseline = statistics.median(peaks["diarize"]), statistics.median(peaks["baseline"])
    report.figure(f"peak_rss_mb_diarize_{name}", diarize, "MiB", digits=1)
    report.figure(f"diarize_memory_mb_{name}", diarize - baseline, "MiB", digits=1)


def _child(argv: list[str]) -> None:
    """``python -m bench.diarization_bench diarize|baseline WAV``: stream the file through
    diarization as the app does (``diarize_file``, in blocks), or only decode it the
    same way; print the peak.

    Both sides have imported this module, and so the same libraries, before they start.
    """
    from .memory import _peak_rss_kib  # the same VmHWM reader as the transcription's memory figures

    side, wav = argv
    if side not in MEMORY_SIDES:
        raise SystemExit(f"side must be one of {', '.join(MEMORY_SIDES)}, not {side!r}")
    if side == "diarize":
        diarize_file(Path(wav), SpeakerCount())
    else:
        for _ in audio.stream(Path(wav), allow_truncated=True):
            pass
    print(json.dumps({"peak_rss_mb": _peak_rss_kib() / 1024}))


if __name__ == "__main__":
    _child(sys.argv[1:])
