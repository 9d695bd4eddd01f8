"""``python -m bench``: every figure, in one run, in about ten minutes on two cores.

Malsori's profile folder (MALSORI_HOME) defaults to bench/out/home, so the bench
neither reads nor writes the person's own settings and models, and the bundled
base model is assembled there once and reused by later runs. The hub is kept
offline: nothing here needs a download.
"""

from __future__ import annotations

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
os.environ.setdefault("MALSORI_HOME", str(OUT / "home"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse
import importlib.metadata
import time

from malsori.core.models import ModelStore

from . import (
    diarization_bench,
    editor_bench,
    engine_bench,
    eval_bench,
    live_bench,
    loading,
    memory,
    package_bench,
    remote_bench,
    report,
    server_bench,
    trust_bench,
    ui_lag,
    waveform_bench,
)
from .speech import PARAGRAPHS, make_speech

BUNDLED = ("tiny.en", "base")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--models", nargs="+", default=list(BUNDLED), choices=BUNDLED, help="models to time")
    parser.add_argument("--repeats", type=int, default=4, help="interleaved timing rounds per model")
    parser.add_argument("--load-repeats", type=int, default=3, help="fresh loads per model")
    parser.add_argument("--memory-repeats", type=int, default=3, help="child processes per side for peak memory")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory child processes")
    parser.add_argument("--no-live", action="store_true", help="skip live-caption latency and memory")
    parser.add_argument("--no-ui", action="store_true", help="skip the window's event-loop lag")
    parser.add_argument("--no-server", action="store_true", help="skip malsori serve's overhead and throughput")
    parser.add_argument("--no-remote", action="store_true", help="skip the remote engine's scaling and overhead")
    parser.add_argument("--no-eval", action="store_true", help="skip malsori eval's throughput, report and review figure")
    parser.add_argument("--no-diarization", action="store_true", help="skip the speakers' time, DER and memory")
    parser.add_argument("--diarization-repeats", type=int, default=3, help="interleaved rounds of the speaker figures")
    return parser.parse_args()


def _describe_machine() -> None:
    versions = ", ".join(f"{d} {importlib.metadata.version(d)}" for d in ("faster-whisper", "ctranslate2"))
    report.note(f"{os.cpu_count()} CPU cores; {versions}; MALSORI_HOME={os.environ['MALSORI_HOME']}")
    _note_load("at start")


def _note_load(when: str) -> None:
    """The machine's load average: above the core count, other work competed for the
    CPU and wall times (not their ratios, which are interleaved) are inflated."""
    one, five, _ = os.getloadavg()
    report.note(f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")


def main() -> None:
    args = _arguments()
    started = time.perf_counter()
    _describe_machine()
    speech = make_speech(OUT)
    warmup = make_speech(OUT, "warmup", PARAGRAPHS[:1])
    report.note(
        f"speech: {len(PARAGRAPHS)} espeak-ng paragraphs, {len(speech.text.split())} words, {speech.seconds:.1f} s"
    )
    report.figure("speech_seconds", speech.seconds, "s", digits=1)

    ModelStore().assemble_base()  # the cached base the rest reuses; a no-op after the first run
    loading.run_first_assembly(OUT)
    loading.run_loads(args.models, args.load_repeats)
    for model in args.models:
        engine_bench.run(model, speech, warmup, args.repeats)
    # tiny.en only: base's sampled fallback on the repeated speech takes minutes on two cores
    trust_bench.run([m for m in args.models if m == "tiny.en"] or args.models[:1], OUT)
    if not args.no_eval:
        eval_bench.run(args.models, speech, OUT)
    if not args.no_diarization:
        if diarization_bench.available():
            diarization_bench.run(OUT, args.models, args.diarization_repeats, 0 if args.no_memory else args.memory_repeats)
        else:
            report.note("no speaker figures: the speaker model's package is missing (scripts/bootstrap.sh installs it)")
    if not args.no_server:
        if server_bench.available():
            server_bench.run(OUT)
        else:
            report.note("no server figures: malsori serve needs the 'server' extra (pip install 'malsori[server]')")
    if not args.no_remote and server_bench.available():
        remote_bench.run(OUT)
    if not args.no_live:
        live_bench.run(args.models, OUT)
    if not args.no_memory and "base" in args.models:
        memory.run("base", str(speech.path), args.memory_repeats)
        memory.run_long("base", OUT)
    if not args.no_ui:
        ui_lag.run("base", speech.path, OUT)
        editor_bench.run(OUT)
        waveform_bench.run()
    if package_bench.built():
        package_bench.main()
    else:
        report.note("no installer figures: `make package` builds the bundle they measure")
    _note_load("at end")
    report.note(f"bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
