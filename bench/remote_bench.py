"""The remote engine: throughput with one server against two, and its overhead against local work.

Every side transcribes the same file (the bench's ~2 min speech said three times) with tiny.en,
and every model is limited to one CPU thread, so that on a two-core machine two
``malsori serve`` processes (each ``--cpu-threads 1``, on its own port) can show
what a second server adds:

* one server: RemoteTranscriber to one server, two chunks in flight;
* two servers: to both, four in flight (each chunk to the least busy);
* serial: one server, one chunk in flight: the remote path's own cost;
* local: Transcriber(cpu_threads=1) in this process, the same model and options.

Chunks are 30 s here (the default is 120 s) so the file is about fourteen of
them: enough to share evenly between servers (measured on the ~2 min file in
15 s chunks, nine of them, the ratio was 1.61: five chunks for one server, four
for the other, and each 15 s chunk costs a whole 30 s encoder window). Throughput ratio = one server's time /
two servers' time (the target is 1.8 or more); overhead ratio = serial / local.
The sides alternate in interleaved rounds (bench/timing.py) and the figures are
medians. The remote text's word error rate against the local text shows that
cutting and stitching did not cost words.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from . import report
from .server_bench import serving
from .speech import PARAGRAPHS, make_speech
from .timing import interleave

MODEL = "tiny.en"
ROUNDS = 2
CHUNK_S = 30.0
#: The bench's speech said this many times: about 7 minutes, fourteen chunks, seven for each server.
REPEATS = 3


def run(out: Path) -> None:
    """Print the remote engine's throughput ratio (two servers / one) and overhead ratio (remote / local)."""
    # here, not at the top: standalone, main() sets the profile folder and offline hub before faster-whisper loads
    from tests.speech import wer

    from malsori.core.engine import TranscribeOptions, Transcriber
    from malsori.core.remote_cache import ChunkCache
    from malsori.core.remote_engine import RemoteConfig, RemoteTranscriber

    speech = make_speech(out, "remote-speech", PARAGRAPHS * REPEATS)
    warmup = make_speech(out, "warmup", PARAGRAPHS[:1])
    options = TranscribeOptions(language="en")
    local = Transcriber(MODEL, device="cpu", cpu_threads=1)
    local.load()
    with contextlib.ExitStack() as stack:
        cache = ChunkCache(Path(stack.enter_context(tempfile.TemporaryDirectory())))
        a = stack.enter_context(serving(MODEL, "--cpu-threads", "1"))
        b = stack.enter_context(serving(MODEL, "--cpu-threads", "1"))

        def remote(urls: tuple[str, ...], concurrency: int):
            transcriber = RemoteTranscriber(RemoteConfig(urls, MODEL, concurrency=concurrency, chunk_s=CHUNK_S),
                                            cache=cache)
            return lambda path: transcriber.transcribe(path, options).text

        sides = {
            "one_server": remote((a.url,), 2),
            "two_servers": remote((a.url, b.url), 4),
            "serial": remote((a.url,), 1),
            "local": lambda path: local.transcribe(path, options).text,
        }
        report.note(
            f"remote engine: {speech.seconds:.0f} s of speech in {CHUNK_S:g} s chunks, {MODEL}, every model on one "
            "CPU thread;\none server (2 in flight) / two servers (4 in flight) / serial (one server, 1 in flight) / "
            f"local (in-process), {ROUNDS} interleaved rounds"
        )
        runs = interleave(sides, speech.path, warmup.path, ROUNDS)
    for name, timed in runs.items():
        report.note(f"{name}: {timed.spread()} s wall (client CPU)")
        report.figure(f"remote_{name}_seconds", timed.median, "s", digits=2)
    report.figure("remote_two_servers_throughput_ratio", runs["one_server"].median / runs["two_servers"].median, "x")
    report.figure("remote_overhead_ratio", runs["serial"].median / runs["local"].median, "x")
    for name in ("one_server", "two_servers"):
        report.figure(f"remote_{name}_wer_vs_local", wer(runs["local"].text, runs[name].text), "")


def main() -> None:
    """Standalone, ``python -m bench.remote_bench``: the bench's own profile folder, hub offline."""
    import os
    import time

    out = Path(__file__).resolve().parent / "out"
    os.environ.setdefault("MALSORI_HOME", str(out / "home"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    run(out)
    report.note(f"remote bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
