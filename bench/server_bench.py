"""``malsori serve`` against in-process transcription, and its throughput under concurrent clients.

Overhead: the same file, model (tiny.en), device and options transcribed by
``Transcriber.transcribe`` in this process and by ``POST /transcribe`` (``requests``)
to ``malsori serve`` run as a subprocess on 127.0.0.1: the deployment shape, so
the server has its own process and its own model, loaded from the same folder.
The server's time is the client's, from sending the upload to the parsed JSON
answer: the upload over loopback, multipart parsing, the file saved, the queue,
decoding, transcription, the JSON. Its CPU time is the server process's (psutil)
plus this process's as the client, against this process's for the in-process
side: CPU time hardly moves when other work shares the cores, wall time does.
The sides alternate in interleaved rounds (bench/timing.py); the figure is the
median of the rounds' ratios, for a ~30 s and a ~2 min clip. On the ~30 s clip
the official ``openai`` client's ``audio.transcriptions.create`` (POST
/v1/audio/transcriptions, its default json answer) is a third side. Beside it, the
seconds of each request outside the server's job (request wall time minus the
job's, from /health's ``busy_seconds``, to 0.1 s): what HTTP adds, apart from
the noise of two model runs.

Throughput: N clients (threads, each its own ``requests.Session``) each send the
~30 s clip a fixed number of times, back to back. Requests per minute = requests
answered / time from the first sent to the last answered; latency is each
request's send to answer. The server runs one job at a time (server/runner.py),
so 4 clients should get about the requests per minute of 1 and about 4 times its
latency: the wait in the queue, not slower transcription. The busy fraction (the
model's job time over the run's time) says whether the queue kept the model busy,
and the server's CPU seconds per request whether a job cost more with clients waiting
(when wall time per job grows but CPU per job does not, other work took the cores).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil
import requests
from openai import OpenAI

from tests.fake_hub import free_port

from . import report
from .speech import PARAGRAPHS, Speech, make_speech
from .timing import Runs, Side, interleave

MODEL = "tiny.en"
#: Interleaved rounds (each side once) per clip: the long clip's rounds are most of the module's time.
ROUNDS = {"short": 4, "long": 3}
#: Requests each client sends, by number of clients: the throughput runs' sample sizes.
REQUESTS = {1: 5, 4: 4}
START_TIMEOUT_S = 120
REQUEST_TIMEOUT_S = 600


def available() -> bool:
    """Whether the optional 'server' extra (FastAPI, uvicorn, python-multipart) is installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("fastapi", "uvicorn", "multipart"))


@dataclass(frozen=True)
class Server:
    """A running ``malsori serve``: where it answers and its process (for its CPU time)."""

    url: str
    process: psutil.Process

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def busy_seconds(self) -> float:
        """The summed wall time of the server's finished jobs (/health, to 0.1 s): its model's time alone."""
        return float(requests.get(f"{self.url}/health", timeout=5).json()["jobs"]["busy_seconds"])

    def transcribe(self, path: Path, session: requests.Session | None = None) -> str:
        """POST ``path`` to /transcribe with no options (the defaults) and return the text it heard."""
        with path.open("rb") as file:
            answer = (session or requests).post(f"{self.url}/transcribe", files={"file": (path.name, file)},
                                                timeout=REQUEST_TIMEOUT_S)
        answer.raise_for_status()
        return answer.json()["text"]


@contextlib.contextmanager
def serving(model: str, *flags: str) -> Iterator[Server]:
    """``malsori serve --model MODEL --device cpu [FLAGS]`` on a free port, until SIGTERM at the end."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("malsori")), "serve", "--model", model, "--device", "cpu",
               "--port", str(port), "--log-level", "warning", *flags]
    # its log goes to a file, not a pipe nobody reads while it runs (a full pipe would stall the server)
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log)
            yield Server(url, psutil.Process(process.pid))
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen[str], log: IO[str]) -> None:
    """Until /health answers; why not, if it never does. The port is bound before the model loads
    (serve.bind), so until then a connection is accepted but not answered: a timeout is a wait too."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"malsori serve exited with {process.returncode}: {log.read().strip()}")
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):
            if requests.get(f"{url}/health", timeout=5).ok:
                return
        time.sleep(0.2)
    raise RuntimeError(f"malsori serve did not answer /health within {START_TIMEOUT_S} s")


def run(out: Path) -> None:
    """Print the server's overhead ratios against in-process transcription and its throughput figures."""
    # here, not at the top: standalone, main() sets the profile folder and offline hub before faster-whisper loads
    from malsori.core.engine import TranscribeOptions, Transcriber
    from malsori.server.options import build

    warmup = make_speech(out, "warmup", PARAGRAPHS[:1])
    clips = {"short": make_speech(out, "server-short", PARAGRAPHS[:2]), "long": make_speech(out)}
    options = TranscribeOptions()
    if build() != options:
        report.warn("a request without fields does not get TranscribeOptions(): the sides do different work")
    transcriber = Transcriber(MODEL, device="cpu")
    transcriber.load()
    name = report.slug(MODEL)
    with serving(MODEL) as server:
        health = requests.get(f"{server.url}/health", timeout=5).json()
        if (health["device"], health["compute_type"]) != (transcriber.device, transcriber.compute_type):
            report.warn(f"server runs {health['device']}/{health['compute_type']}, "
                        f"in-process {transcriber.device}/{transcriber.compute_type}")
        report.note(
            f"server: malsori serve --model {MODEL} --device cpu as a subprocess ({health['device']}/"
            f"{health['compute_type']}), POST /transcribe with requests;\n"
            "openai (short clip only): the official client's audio.transcriptions.create to the same server;\n"
            f"in-process: Transcriber.transcribe in this process. Every side warmed up on {warmup.seconds:.1f} s.\n"
            f"{os.cpu_count()} cores, maybe shared with other work: compare ratios and CPU times, not wall seconds"
        )
        for label, clip in clips.items():
            served = {"server": _ServerSide(server, server.transcribe)}
            if label == "short":
                served["openai"] = _ServerSide(server, _openai_client(server))
            _overhead(f"{name}_{label}", clip, warmup, ROUNDS[label],
                      lambda path: transcriber.transcribe(path, options).text, served)
        for clients, count in REQUESTS.items():
            _throughput(f"{name}_{clients}_client{'s' if clients > 1 else ''}", server, clips["short"], clients, count)


def _openai_client(server: Server) -> Side:
    """The official openai client against the server's /v1: its default answer (json: the text)."""
    client = OpenAI(base_url=f"{server.url}/v1", api_key="none needed on 127.0.0.1", max_retries=0,
                    timeout=REQUEST_TIMEOUT_S)

    def transcribe(path: Path) -> str:
        with path.open("rb") as file:
            return client.audio.transcriptions.create(model="whisper-1", file=file).text

    return transcribe


class _ServerSide:
    """A way of asking the server, as a timing side; it keeps the server process's CPU time and
    job time of every call (the first is the warm-up's)."""

    def __init__(self, server: Server, send: Side):
        self.server, self.send = server, send
        self.cpu_seconds: list[float] = []
        self.job_seconds: list[float] = []

    def __call__(self, path: Path) -> str:
        cpu, busy = self.server.cpu_seconds(), self.server.busy_seconds()
        text = self.send(path)
        self.cpu_seconds.append(self.server.cpu_seconds() - cpu)
        self.job_seconds.append(self.server.busy_seconds() - busy)
        return text


def _overhead(name: str, clip: Speech, warmup: Speech, rounds: int, in_process: Side,
              served: dict[str, _ServerSide]) -> None:
    """Time ``rounds`` interleaved rounds of in-process and each ``served`` side on ``clip``; print the figures."""
    runs = interleave({"in_process": in_process, **served}, clip.path, warmup.path, rounds)
    local = runs["in_process"]
    report.note(f"{clip.seconds:.1f} s clip, {rounds} interleaved rounds of {', '.join(runs)} "
                "(order reversed every other round)")
    report.note(f"in-process runs, wall (CPU) s: {local.spread()}")
    report.figure(f"server_seconds_{name}_in_process", local.median, "s")
    for side, calls in served.items():
        remote = runs[side]
        figure = name if side == "server" else f"{name}_{side}"
        cpu = [client + own for client, own in zip(remote.cpu_seconds, calls.cpu_seconds[1:])]
        outside_job = [wall - job for wall, job in zip(remote.seconds, calls.job_seconds[1:])]
        ratios = [s / i for s, i in zip(remote.seconds, local.seconds)]
        cpu_ratios = [s / i for s, i in zip(cpu, local.cpu_seconds)]
        report.note(f"{side} runs, wall (server + client CPU) s: {Runs(remote.seconds, cpu).spread()}")
        report.note(f"{side}/in-process ratio of each round: {', '.join(f'{r:.3f}' for r in ratios)}")
        if local.text.split() != remote.text.split():
            report.warn(f"{figure}: the {side} and in-process transcripts differ, so they did not do the same work")
        report.figure(f"server_seconds_{figure}", remote.median, "s")
        report.figure(f"server_overhead_ratio_{figure}", statistics.median(ratios), "x")
        report.figure(f"server_overhead_cpu_ratio_{figure}", statistics.median(cpu_ratios), "x")
        report.figure(f"server_seconds_outside_job_{figure}", statistics.median(outside_job), "s", digits=2)


def _throughput(name: str, server: Server, clip: Speech, clients: int, count: int) -> None:
    """``clients`` threads each send ``clip`` ``count`` times back to back; requests per minute and latency."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        with requests.Session() as session:
            for _ in range(count):
                sent = time.perf_counter()
                try:
                    server.transcribe(clip.path, session)
                except requests.RequestException as exc:
                    with lock:
                        failures.append(str(exc))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - sent)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    busy, cpu, started = server.busy_seconds(), server.cpu_seconds(), time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    busy, cpu = server.busy_seconds() - busy, server.cpu_seconds() - cpu
    if failures:
        report.warn(f"{name}: {len(failures)} of {clients * count} requests failed, e.g. {failures[0]}")
    if not latencies:
        raise RuntimeError(f"{name}: every request failed, e.g. {failures[0]}")
    report.note(f"{clients} client(s) x {count} requests of the {clip.seconds:.1f} s clip in {elapsed:.1f} s, "
                f"the model busy {busy:.1f} s ({busy / len(latencies):.2f} s a job); "
                f"latencies s: {', '.join(f'{s:.2f}' for s in sorted(latencies))}")
    report.figure(f"server_requests_per_minute_{name}", len(latencies) / elapsed * 60, "rpm", digits=1)
    report.figure(f"server_latency_p50_{name}", statistics.median(latencies), "s", digits=2)
    report.figure(f"server_latency_p95_{name}", _percentile(latencies, 95), "s", digits=2)
    report.figure(f"server_busy_fraction_{name}", busy / elapsed, "x")
    report.figure(f"server_cpu_seconds_per_request_{name}", cpu / len(latencies), "s", digits=2)


def _percentile(values: list[float], percent: int) -> float:
    """Linear interpolation between the closest ranks; with few samples p95 is near the slowest."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def main() -> None:
    """Standalone, ``python -m bench.server_bench``: the bench's own profile folder, hub offline."""
    out = Path(__file__).resolve().parent / "out"
    os.environ.setdefault("MALSORI_HOME", str(out / "home"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    run(out)
    report.note(f"server bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
