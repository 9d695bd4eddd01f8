"""Malsori's Transcriber against raw faster-whisper, and sequential against batched.

Overhead: both sides get the same file path, the same model folder, device,
compute type, thread count and keyword arguments (``TranscribeOptions.whisper_kwargs()``),
and each decodes the file itself (Malsori through ``audio.decode``, faster-whisper
through its own ``decode_audio``), so the ratio covers everything Malsori adds:
its checked decoder, the model thread and queue, converting segments, building
the Transcript. Each side has its own WhisperModel loaded from the same folder,
so neither borrows the other's warm state.

Batched: ``TranscribeOptions(batch_size=8)`` against the default ``batch_size=0``,
both with the VAD filter (the batched pipeline always chunks by VAD), timed in the
same interleaved rounds; WER against the spoken text shows whether the speed-up
costs accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from malsori.core.engine import TranscribeOptions, Transcriber

from tests.speech import wer

from . import report
from .speech import Speech
from .timing import Runs, Side, interleave

SEQUENTIAL = TranscribeOptions()  # batch_size=0, vad_filter=True: what the app does by default
BATCHED = TranscribeOptions(batch_size=8)
BATCH_SIZE = BATCHED.batch_size


@dataclass(frozen=True)
class EngineSides:
    """The three ways of transcribing compared here, for one model."""

    raw: Side
    malsori: Side
    batched: Side
    device: str
    compute_type: str


def make_sides(model: str) -> EngineSides:
    """Load ``model`` twice from one folder: once in a Transcriber, once raw.

    The raw WhisperModel takes the device and compute type the Transcriber
    resolved, so the two cannot silently differ (e.g. int8 against float32).
    """
    from faster_whisper import WhisperModel

    transcriber = Transcriber(model, device="cpu")
    transcriber.load()
    if transcriber.device is None or transcriber.compute_type is None:
        raise RuntimeError(f"{model} loaded without a device or compute type")
    folder = transcriber.store.resolve(model)
    whisper = WhisperModel(
        str(folder),
        device=transcriber.device,
        compute_type=transcriber.compute_type,
        cpu_threads=transcriber.cpu_threads,
    )
    kwargs = SEQUENTIAL.whisper_kwargs()

    def raw(path: Path) -> str:
        segments, _info = whisper.transcribe(str(path), **kwargs)
        return "\n".join(s.text.strip() for s in segments)  # consuming the generator is the decoding

    def malsori(path: Path) -> str:
        return transcriber.transcribe(path, SEQUENTIAL).text

    def batched(path: Path) -> str:
        return transcriber.transcribe(path, BATCHED).text

    return EngineSides(raw, malsori, batched, transcriber.device, transcriber.compute_type)


def run(model: str, speech: Speech, warmup: Speech, repeats: int) -> None:
    """Time raw, Malsori and batched Malsori in interleaved rounds; print the figures.

    What each side heard is written beside the speech (``<model>-<side>.txt``),
    so that a WER figure can be read against the actual mistakes.
    """
    sides = make_sides(model)
    name = report.slug(model)
    report.note(
        f"{model}: {speech.seconds:.1f} s of speech, {sides.device}/{sides.compute_type}, default cpu_threads;\n"
        f"warm-up on {warmup.seconds:.1f} s, then {repeats} interleaved rounds of raw, Malsori, batched "
        "(order reversed every other round)"
    )
    runs = interleave(
        {"raw": sides.raw, "malsori": sides.malsori, "batched": sides.batched},
        speech.path,
        warmup.path,
        repeats,
    )
    for side, side_runs in runs.items():
        speech.path.with_name(f"{name}-{side}.txt").write_text(side_runs.text + "\n")
    _overhead(name, runs["raw"], runs["malsori"], speech)
    _batched(name, runs["malsori"], runs["batched"], speech)


def _overhead(name: str, raw: Runs, malsori: Runs, speech: Speech) -> None:
    report.note(f"raw faster-whisper runs, wall (CPU) s: {raw.spread()}")
    report.note(f"Malsori runs, wall (CPU) s: {malsori.spread()}")
    report.note("both include decoding the file, VAD, the model and consuming every segment with word times")
    if raw.text.split() != malsori.text.split():  # the words; Malsori splits segments at pauses
        report.warn(f"{name}: raw and Malsori transcripts differ, so they did not do the same work")
    report.figure(f"transcribe_seconds_{name}_raw", raw.median, "s")
    report.figure(f"transcribe_seconds_{name}", malsori.median, "s")
    report.figure(f"engine_overhead_ratio_{name}", malsori.median / raw.median, "x")
    report.figure(f"engine_overhead_cpu_ratio_{name}", malsori.cpu_median / raw.cpu_median, "x")
    report.figure(f"rtf_{name}", malsori.median / speech.seconds, "x")


def _batched(name: str, sequential: Runs, batched: Runs, speech: Speech) -> None:
    report.note(f"batched (batch_size={BATCH_SIZE}) runs, wall (CPU) s: {batched.spread()}")
    report.figure(f"transcribe_seconds_{name}_batched", batched.median, "s")
    report.figure(f"batched_speedup_{name}", sequential.median / batched.median, "x")
    report.figure(f"wer_{name}_sequential", _wer(speech.text, sequential.text), "wer", digits=4)
    report.figure(f"wer_{name}_batched", _wer(speech.text, batched.text), "wer", digits=4)


def _wer(reference: str, heard: str) -> float:
    """WER of a transcript whose segments are joined by newlines.

    ``tests.speech.wer`` splits words on spaces only (jiwer collapses runs of
    whitespace, but a single newline stays inside a token), so "team\nreported"
    would count as one wrong word instead of two right ones: flatten first.
    """
    return wer(reference, " ".join(heard.split()))
