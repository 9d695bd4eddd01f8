"""How long a person waits for a model: loading it, and preparing the bundled base once.

Loads are timed around ``Transcriber.load()`` as the app calls it (resolving the
name, the size check of the assembled base, CTranslate2 reading the weights), on
a fresh Transcriber each time. The model files are in the page cache after the
first load, so the median is a warm-start figure; a cold start after a reboot
reads the file from disk too.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from pathlib import Path

from malsori.core.engine import Transcriber
from malsori.core.models import ModelStore

from . import report


def load_seconds(model: str) -> float:
    """Seconds for one fresh Transcriber to load ``model`` on the CPU."""
    transcriber = Transcriber(model, device="cpu")
    started = time.perf_counter()
    transcriber.load()
    seconds = time.perf_counter() - started
    del transcriber
    gc.collect()  # free the weights before the next load, so loads do not compete for memory
    return seconds


def run_loads(models: list[str], repeats: int) -> None:
    """Print ``model_load_seconds_<model>``: the median of ``repeats`` fresh loads."""
    for model in models:
        load_seconds(model)  # the first load in the process also imports and initialises CTranslate2
        times = [load_seconds(model) for _ in range(repeats)]
        report.note(f"{model} loads (s): {', '.join(f'{t:.3f}' for t in times)}")
        report.figure(f"model_load_seconds_{report.slug(model)}", statistics.median(times), "s")


def run_first_assembly(scratch: Path) -> None:
    """Print ``base_first_assembly_seconds``: joining base's two parts into an empty cache.

    This is what the first launch after installing pays once (a 145 MB copy and
    its SHA-256); the part files are likely in the page cache already here.
    """
    with tempfile.TemporaryDirectory(dir=scratch, prefix="assembly-") as cache:
        started = time.perf_counter()
        ModelStore(cache_dir=Path(cache)).assemble_base()
        seconds = time.perf_counter() - started
    report.figure("base_first_assembly_seconds", seconds, "s")
