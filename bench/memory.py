"""Peak memory of one transcription with Malsori and with raw faster-whisper.

Each side runs in its own child process (``python -m bench.memory SIDE JOB``) that
loads the model, transcribes the file once and reports its peak resident set
(the kernel's ``VmHWM``). A fresh process is the only way to get the peak of *one*
transcription: in the benchmark's own process the peak is that of everything run
before. ``ru_maxrss`` will not do even in a child: Linux carries the high-water
mark across fork and exec, so every child would report at least the parent's
size (measured here: both sides read exactly the parent's 1144.5 MiB). Both figures include the interpreter, the imports and the loaded model,
which is what a person's machine has to hold.

The parent resolves the model folder, device, compute type and keyword arguments
and hands them to the child as JSON, so that the raw child never imports malsori:
its figure is faster-whisper's alone.

:func:`run_long` measures a 3-hour file (bench/long_file.py: silence with bursts
of speech, so VAD keeps the run short): Malsori as it runs (a stream of windows,
core/long_audio.py), Malsori's whole-file path (the whole file decoded and
handed over as one array, as before windows), raw faster-whisper, and the
editor's waveform loading the same file. The windowed transcript is compared
with the whole-file one by word error rate over lower-cased words without
punctuation (tests/speech.py), the same normalisation as the accuracy tests.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tests.speech import wer

from . import report

SIDES = ("malsori", "raw")
#: Children of the long-file run: the two SIDES, Malsori's whole-file path, the editor's waveform.
LONG_SIDES = (*SIDES, "malsori_whole", "waveform")


@dataclass(frozen=True)
class Job:
    """One transcription, spelled out identically for both sides."""

    model: str  # catalog name, for the Transcriber
    folder: str  # the folder that name resolves to, for raw faster-whisper
    device: str
    compute_type: str
    audio: str
    whisper_kwargs: dict[str, Any]  # TranscribeOptions().whisper_kwargs()


def peak_rss_mb(side: str, job: Job) -> float:
    """Run one transcription in a child process; its peak RSS in MiB."""
    return float(_run_child(side, job)["peak_rss_mb"])


def _run_child(side: str, job: Job) -> dict[str, Any]:
    """Run ``side``'s work on ``job`` in a child process; what it reported (peak_rss_mb, text...)."""
    command = [sys.executable, "-m", "bench.memory", side, json.dumps(asdict(job))]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(model: str, audio: str, repeats: int) -> None:
    """Print ``peak_rss_mb_<model>`` (Malsori), ``..._raw`` and ``peak_memory_ratio_<model>``.

    Medians of ``repeats`` children per side, alternating: one child's peak varies
    by tens of MiB from run to run (measured 426 to 511 MiB for raw base), as
    allocator arenas fill differently with the timing of CTranslate2's threads.
    """
    from malsori.core.engine import TranscribeOptions, resolve_device
    from malsori.core.models import ModelStore

    device, compute = resolve_device("cpu")
    folder = str(ModelStore().resolve(model))
    job = Job(model, folder, device, compute, audio, TranscribeOptions().whisper_kwargs())
    name = report.slug(model)
    report.note(f"peak RSS (VmHWM) of a child process that loads {model}, transcribes the speech once and exits")
    peaks: dict[str, list[float]] = {side: [] for side in SIDES}
    for _ in range(repeats):
        for side in SIDES:
            peaks[side].append(peak_rss_mb(side, job))
    for side, values in peaks.items():
        report.note(f"{side} children, MiB: {', '.join(f'{v:.1f}' for v in values)}")
    malsori, raw = statistics.median(peaks["malsori"]), statistics.median(peaks["raw"])
    report.figure(f"peak_rss_mb_{name}", malsori, "MiB", digits=1)
    report.figure(f"peak_rss_mb_{name}_raw", raw, "MiB", digits=1)
    report.figure(f"peak_memory_ratio_{name}", malsori / raw, "x")


def run_long(model: str, folder: Path) -> None:
    """Print the 3-hour figures: ``peak_rss_mb_<model>_3h`` (Malsori), ``..._raw``,
    ``..._whole`` (Malsori's whole-file path), their ratio, the windowed transcript's
    WER against the whole-file one, and the waveform's peak and retained memory.

    One child each: a 3-hour child takes minutes, and its peak is set by the
    file's length far more than by the tens of MiB a child varies.
    """
    from malsori.core.engine import TranscribeOptions, resolve_device
    from malsori.core.models import ModelStore

    from .long_file import make_long_file

    path = make_long_file(folder)
    device, compute = resolve_device("cpu")
    job = Job(model, str(ModelStore().resolve(model)), device, compute, str(path), TranscribeOptions().whisper_kwargs())
    name = f"{report.slug(model)}_3h"
    report.note(f"3-hour file ({path.name}: silence with a burst of speech every 30 min); one child each, VmHWM")
    got = {side: _run_child(side, job) for side in LONG_SIDES}
    report.figure(f"peak_rss_mb_{name}", got["malsori"]["peak_rss_mb"], "MiB", digits=1)
    report.figure(f"peak_rss_mb_{name}_raw", got["raw"]["peak_rss_mb"], "MiB", digits=1)
    report.figure(f"peak_rss_mb_{name}_whole", got["malsori_whole"]["peak_rss_mb"], "MiB", digits=1)
    report.figure(f"peak_memory_ratio_{name}", got["malsori"]["peak_rss_mb"] / got["raw"]["peak_rss_mb"], "x")
    report.note(f"windowed: {len(got['malsori']['text'].split())} words; whole file: "
                f"{len(got['malsori_whole']['text'].split())}; raw faster-whisper: {len(got['raw']['text'].split())}")
    windowed = got["malsori"]["text"]
    report.figure(f"wer_{name}_windowed_vs_whole", wer(got["malsori_whole"]["text"], windowed), "wer", digits=4)
    report.figure(f"wer_{name}_windowed_vs_raw", wer(got["raw"]["text"], windowed), "wer", digits=4)
    report.note(f"the waveform of {got['waveform']['text']}; its samples as float32 would be "
                f"{float(got['waveform']['text'].split()[0]) * 16000 * 4 / 2**20:.0f} MiB")
    report.figure("peak_rss_mb_waveform_3h", got["waveform"]["peak_rss_mb"], "MiB", digits=1)
    report.figure("rss_mb_waveform_3h_loaded", got["waveform"]["rss_mb"], "MiB", digits=1)


def _transcribe_once(side: str, job: Job) -> str:
    """The child's work, with the same model folder, device, compute type and options
    on every side; the transcript's text."""
    if side == "waveform":
        return _load_waveform(job.audio)
    if side in ("malsori", "malsori_whole"):
        from malsori.core import audio
        from malsori.core.engine import TranscribeOptions, Transcriber

        transcriber = Transcriber(job.model, device=job.device, compute_type=job.compute_type)
        source = job.audio if side == "malsori" else audio.decode(job.audio)
        return transcriber.transcribe(source, TranscribeOptions()).text
    from faster_whisper import WhisperModel

    whisper = WhisperModel(job.folder, device=job.device, compute_type=job.compute_type)
    segments, _info = whisper.transcribe(job.audio, **job.whisper_kwargs)
    return " ".join(segment.text.strip() for segment in segments)


def _load_waveform(path: str) -> str:
    """What the editor does with its media: decode it and build the waveform's peaks."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from malsori.ui.media_loader import MediaLoader

    app = QCoreApplication([])  # noqa: F841 (signals need an application)
    loader, pyramids = MediaLoader(), []
    loader.loaded.connect(pyramids.append)
    loader.failed.connect(lambda message: sys.exit(f"waveform: {message}"))
    loader.load(path)
    return f"{len(pyramids[0]) / 16000:.0f} s"


def _child(argv: list[str]) -> None:
    side, job_json = argv
    if side not in LONG_SIDES:
        raise SystemExit(f"side must be one of {', '.join(LONG_SIDES)}, not {side!r}")
    text = _transcribe_once(side, Job(**json.loads(job_json)))
    print(json.dumps({"peak_rss_mb": _peak_rss_kib() / 1024, "rss_mb": _status_kib("VmRSS:") / 1024, "text": text}))


def _peak_rss_kib() -> int:
    """This process image's peak resident set in KiB: VmHWM, which exec resets."""
    return _status_kib("VmHWM:")


def _status_kib(key: str) -> int:
    """A KiB figure of /proc/self/status: VmHWM (peak resident set), VmRSS (resident now)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {key} line")


if __name__ == "__main__":
    _child(sys.argv[1:])
