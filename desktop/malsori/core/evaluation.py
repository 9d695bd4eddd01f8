"""``malsori eval``'s runner: every system on every item, measured against the references.

Two steps, so one transcription can be scored in words and in characters:
:func:`transcribe_items` runs each system (a model and its decoding options) over the
items, each model loaded once (and only when some file is not in the cache), and
:func:`score` compares the hypotheses with the references (core.metrics) and counts
the review figure (core.review_figure). :func:`evaluate` does both.

A file that cannot be decoded or transcribed, or a model that cannot be loaded, is a
result with an ``error`` and the run goes on. ``cancel`` is checked between files and
inside each transcription (the Transcriber returns within a tenth of a second); a
transcription cut short is neither cached nor scored. Real-time factors count only the
files transcribed in this run: a cached file took no time.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, NamedTuple, Sequence

from . import audio, metrics
from .engine import TranscribeOptions, Transcriber
from .eval_cache import TranscriptCache
from .eval_inputs import EvalItem
from .eval_report import Evaluation, FileResult, SystemResult
from .models import ModelError
from .review_figure import review_figure
from .transcript import Transcript


class System(NamedTuple):
    """One column of the comparison: a label, a model (catalog name or folder) and its options."""

    label: str
    model: str
    options: TranscribeOptions


@dataclass(frozen=True)
class EvalProgress:
    """Where a run is: ``done`` of ``total`` (files × systems) finished, ``fraction`` of the current one."""

    done: int
    total: int
    name: str
    label: str
    fraction: float = 0.0

    @property
    def overall(self) -> float:
        return min(1.0, (self.done + self.fraction) / self.total) if self.total else 1.0


@dataclass(frozen=True)
class Run:
    """One system's transcription of one item: the transcript, or why there is none."""

    transcript: Transcript | None
    error: str | None = None
    seconds: float = 0.0
    cached: bool = False


@dataclass(frozen=True)
class SystemRuns:
    system: System
    runs: tuple[Run, ...]  # one per item, in order; fewer when the run was cancelled


def transcribe_items(
    items: Sequence[EvalItem],
    systems: Sequence[System],
    *,
    cache: TranscriptCache | None = None,
    device: str = "auto",
    progress: Callable[[EvalProgress], None] | None = None,
    cancel: threading.Event | None = None,
    notice: Callable[[str], None] | None = None,
) -> list[SystemRuns]:
    """Every system's transcript of every item, from the cache where it has one.

    Systems that share a model run one after another on one loaded model; each model
    is freed before the next is loaded, so only one is in memory.
    """
    cancel = cancel or threading.Event()
    total = len(items) * len(systems)
    runs: dict[int, tuple[Run, ...]] = {}
    order = sorted(range(len(systems)), key=lambda i: [s.model for s in systems].index(systems[i].model))
    loader: _Loader | None = None
    done = 0
    try:
        for index in order:
            system = systems[index]
            if loader is not None and loader.model.model_name != system.model:
                loader.model.wait_idle()
                loader = None
            if loader is None:
                loader = _Loader(Transcriber(system.model, device=device, notice=notice))
            got: list[Run] = []
            for item in items:
                if cancel.is_set():
                    break

                def step(fraction: float, name: str = item.name) -> None:
                    if progress is not None:
                        progress(EvalProgress(done, total, name, system.label, fraction))

                step(0.0)
                run = _one(loader, system, item, device, cache, cancel, step)
                if cancel.is_set() and not run.cached:
                    break  # cut short: neither kept nor scored
                got.append(run)
                done += 1
                step(0.0)
            runs[index] = tuple(got)
            if cancel.is_set():
                break
    finally:
        if loader is not None:
            loader.model.wait_idle()
    return [SystemRuns(system, runs.get(i, ())) for i, system in enumerate(systems)]


class _Loader:
    """A Transcriber loaded on first need, and only tried once: a model that cannot be
    loaded gives every one of its files the same reason instead of a load per file."""

    def __init__(self, model: Transcriber) -> None:
        self.model = model
        self.error: str | None = None

    def ready(self) -> str | None:
        """None when loaded, else why it cannot be."""
        if self.error is None and not self.model.loaded:
            try:
                self.model.load()
            except ModelError as exc:
                self.error = str(exc)
        return self.error


def _one(
    loader: _Loader,
    system: System,
    item: EvalItem,
    device: str,
    cache: TranscriptCache | None,
    cancel: threading.Event,
    step: Callable[[float], None],
) -> Run:
    key = None
    if cache is not None:
        try:
            key = cache.key(item.audio, system.model, {**system.options.to_dict(), "device": device})
        except OSError as exc:
            return Run(None, f"cannot be read: {exc.strerror or exc}")
        cached = cache.get(key)
        if cached is not None:
            return Run(cached, cached=True)
    failed = loader.ready()  # outside the timing: the real-time factor is of transcription
    if failed is not None:
        return Run(None, failed)
    started = time.perf_counter()
    try:
        transcript = loader.model.transcribe(item.audio, system.options, on_progress=lambda p: step(p.fraction),
                                            cancel=cancel)
    except (audio.AudioError, ModelError) as exc:
        return Run(None, str(exc))
    seconds = time.perf_counter() - started
    if cache is not None and key is not None and not cancel.is_set():
        cache.put(key, transcript)
    return Run(transcript, seconds=seconds)


def file_language(item: EvalItem, language: str | None, transcript: Transcript | None) -> str | None:
    """The language a file is normalized in: the item's own, else the one asked for,
    else the one the model heard."""
    return item.language or language or (transcript.language if transcript is not None else None)


def default_unit(items: Sequence[EvalItem], runs: Sequence[SystemRuns], language: str | None) -> metrics.Unit:
    """Words or characters, by the files' most common language (see metrics.default_unit)."""
    heard = Counter(
        file_language(item, language, run.transcript)
        for system in runs for item, run in zip(items, system.runs)
    )
    common = heard.most_common(1)[0][0] if heard else language
    return metrics.default_unit(common)


def score(
    items: Sequence[EvalItem],
    runs: Sequence[SystemRuns],
    *,
    unit: metrics.Unit | None = None,
    style: metrics.Style = "whisper",
    spell_numbers: bool = False,
    language: str | None = None,
) -> Evaluation:
    """Compare every transcript with its reference in ``unit`` (None: by the files' language)."""
    unit = unit or default_unit(items, runs, language)
    systems = []
    for system_runs in runs:
        system = system_runs.system
        files = tuple(_file_result(item, run, unit, style, spell_numbers, language)
                      for item, run in zip(items, system_runs.runs))
        systems.append(SystemResult(system.label, system.model, system.options.to_dict(), files))
    return Evaluation(
        unit=unit,
        normalization={"style": style, "spell_numbers": spell_numbers, "language": language},
        systems=tuple(systems),
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def _file_result(item: EvalItem, run: Run, unit: metrics.Unit, style: metrics.Style, spell_numbers: bool,
                 language: str | None) -> FileResult:
    transcript = run.transcript
    if transcript is None:
        return FileResult(item.name, item.reference, "", error=run.error or "not transcribed")
    lang = file_language(item, language, transcript)
    hypothesis = transcript.text
    comparison = metrics.compare(item.reference, hypothesis, unit=unit, language=lang, style=style,
                                 spell_numbers=spell_numbers)
    return FileResult(
        audio=item.name,
        reference=item.reference,
        hypothesis=hypothesis,
        comparison=comparison,
        duration_s=transcript.duration,
        seconds=run.seconds,
        cached=run.cached,
        review=review_figure(transcript, comparison, lang, style, spell_numbers),
    )


def evaluate(
    items: Sequence[EvalItem],
    systems: Sequence[System],
    *,
    unit: metrics.Unit | None = None,
    style: metrics.Style = "whisper",
    spell_numbers: bool = False,
    language: str | None = None,
    cache: TranscriptCache | None = None,
    device: str = "auto",
    progress: Callable[[EvalProgress], None] | None = None,
    cancel: threading.Event | None = None,
    notice: Callable[[str], None] | None = None,
) -> Evaluation:
    """Transcribe (or take from ``cache``) and score every system on every item."""
    runs = transcribe_items(items, systems, cache=cache, device=device, progress=progress, cancel=cancel,
                            notice=notice)
    return score(items, runs, unit=unit, style=style, spell_numbers=spell_numbers, language=language)
