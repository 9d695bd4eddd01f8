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
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any

from . import report

SIDES = ("malsori", "raw")


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
    command = [sys.executable, "-m", "bench.memory", side, json.dumps(asdict(job))]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return float(json.loads(result.stdout.strip().splitlines()[-1])["peak_rss_mb"])


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


def _transcribe_once(side: str, job: Job) -> None:
    """The child's work: the same model folder, device, compute type and options on both sides."""
    if side == "malsori":
        from malsori.core.engine import TranscribeOptions, Transcriber

        transcriber = Transcriber(job.model, device=job.device, compute_type=job.compute_type)
        transcriber.transcribe(job.audio, TranscribeOptions())
        return
    from faster_whisper import WhisperModel

    whisper = WhisperModel(job.folder, device=job.device, compute_type=job.compute_type)
    segments, _info = whisper.transcribe(job.audio, **job.whisper_kwargs)
    for _segment in segments:
        pass


def _child(argv: list[str]) -> None:
    side, job_json = argv
    if side not in SIDES:
        raise SystemExit(f"side must be one of {', '.join(SIDES)}, not {side!r}")
    _transcribe_once(side, Job(**json.loads(job_json)))
    print(json.dumps({"peak_rss_mb": _peak_rss_kib() / 1024}))


def _peak_rss_kib() -> int:
    """This process image's peak resident set in KiB: VmHWM, which exec resets."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmHWM line")


if __name__ == "__main__":
    _child(sys.argv[1:])
