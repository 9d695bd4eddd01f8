"""``malsori serve`` as a process: start-up refusals, SIGTERM and Ctrl+C mid-job, what it leaves behind.

Each test runs the real command (``.venv/bin/malsori serve``) with its own TMPDIR,
so the upload folder it makes (and must remove) is the only thing in it.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest
import requests

from malsori.server.serve import ANSWER_S
from tests.fake_hub import free_port

MALSORI = Path(sys.executable).with_name("malsori")


@pytest.fixture(scope="module")
def clips(english_speech, tmp_path_factory) -> dict[str, Path]:
    """About a minute of the speech, and about two."""
    speech, _ = english_speech
    folder = tmp_path_factory.mktemp("lifecycle-clips")
    files = {"minute": folder / "minute.flac", "two_minutes": folder / "two-minutes.flac"}
    subprocess.run(["sox", str(speech), str(files["minute"]), "repeat", "2"], check=True)
    subprocess.run(["sox", str(speech), str(files["two_minutes"]), "repeat", "5"], check=True)
    return files


@dataclass
class Serving:
    process: subprocess.Popen
    url: str
    tmp: Path
    output: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.output)

    def health(self) -> dict:
        return requests.get(self.url + "/health", timeout=10).json()


def run_serve(tmp: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MALSORI), "serve", *flags], check=False, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TMPDIR": str(tmp)})


def _largest_file(size: int) -> Callable[[], None]:
    """For a child process: no file it writes may grow past ``size`` bytes (a write beyond fails
    with EFBIG, as on a full disk, instead of killing it with SIGXFSZ)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


@contextlib.contextmanager
def serving(tmp: Path, *flags: str, largest_file: int | None = None) -> Iterator[Serving]:
    """``malsori serve`` with tiny.en on the CPU on a free port, up and answering /health."""
    port = free_port()
    process = subprocess.Popen([str(MALSORI), "serve", "--model", "tiny.en", "--device", "cpu", "--port", str(port),
                                *flags], env={**os.environ, "TMPDIR": str(tmp)}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=_largest_file(largest_file) if largest_file else None)
    running = Serving(process, f"http://127.0.0.1:{port}", tmp)
    reader = threading.Thread(target=lambda: running.output.extend(process.stdout))
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                running.health()
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, running.log
                time.sleep(0.2)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)
        reader.join(10)


def upload_folders(tmp: Path) -> list[Path]:
    return list(tmp.glob("malsori-serve-*"))


def start_job(running: Serving, clip: Path) -> tuple[threading.Thread, dict]:
    """``clip`` sent to /transcribe on a thread; returns once its job runs. The dict gets the
    answer (``response``) or what the client saw instead (``error``)."""
    outcome: dict = {}

    def send() -> None:
        try:
            with clip.open("rb") as handle:
                outcome["response"] = requests.post(running.url + "/transcribe", files={"file": handle}, timeout=600)
        except requests.RequestException as exc:
            outcome["error"] = exc

    client = threading.Thread(target=send)
    client.start()
    deadline = time.monotonic() + 60
    while running.health()["queue_length"] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1)  # uploaded, checked, and on the model
    return client, outcome


def stopped(running: Serving, signum: int) -> tuple[int, float]:
    """Send ``signum``; the exit status and the seconds the process took to exit."""
    sent = time.monotonic()
    running.process.send_signal(signum)
    status = running.process.wait(120)
    return status, time.monotonic() - sent


# --- stopping -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_a_stop_past_a_short_grace_cancels_the_job_with_a_503_and_exits_0(clips, tmp_path, signum):
    grace = 1.0
    with serving(tmp_path, "--shutdown-grace", str(grace)) as running:
        assert len(upload_folders(tmp_path)) == 1
        client, outcome = start_job(running, clips["two_minutes"])
        status, took = stopped(running, signum)
        client.join(30)
        print(f"\n{signal.Signals(signum).name}, grace {grace:g} s: exit {status} after {took:.1f} s")
        assert status == 0, running.log
        assert took < grace + ANSWER_S + 5, running.log
        response = outcome.get("response")
        assert response is not None, outcome
        assert response.status_code == 503, response.text
        assert response.json()["success"] is False and "shutting down" in response.json()["error"]
        assert upload_folders(tmp_path) == [], running.log
        assert "Traceback" not in running.log, running.log


@pytest.mark.slow
def test_a_stop_within_a_long_grace_lets_the_job_finish(clips, tmp_path):
    with serving(tmp_path, "--shutdown-grace", "300") as running:
        client, outcome = start_job(running, clips["minute"])
        status, took = stopped(running, signal.SIGTERM)
        client.join(30)
        print(f"\nSIGTERM, grace 300 s: the job finished; exit {status} after {took:.1f} s")
        assert status == 0, running.log
        response = outcome["response"]
        assert response.status_code == 200, response.text
        assert "budget" in response.json()["text"].lower()
        assert upload_folders(tmp_path) == []


def test_a_stop_while_idle_is_quick_and_leaves_nothing(tmp_path):
    with serving(tmp_path) as running:
        assert running.health()["status"] == "ok"
        status, took = stopped(running, signal.SIGTERM)
        assert status == 0 and took < 10, running.log
        assert upload_folders(tmp_path) == []


# --- refusing to start --------------------------------------------------------------------


def test_a_port_in_use_is_said_before_the_model_loads(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = run_serve(tmp_path, "--model", "tiny.en", "--port", str(port))
    assert out.returncode == 1, out
    assert f"port {port}" in out.stderr and "already in use" in out.stderr, out.stderr
    assert "loading" not in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert upload_folders(tmp_path) == []


@pytest.mark.parametrize("model, says", [("no-such-model", "no-such-model"),
                                         ("/nonexistent/model-folder", "does not exist")])
def test_a_model_that_does_not_exist_is_said_and_exits_1(tmp_path, model, says):
    out = run_serve(tmp_path, "--model", model, "--port", str(free_port()))
    assert out.returncode == 1, out
    assert says in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert upload_folders(tmp_path) == []


@pytest.mark.slow
def test_a_second_ctrl_c_stops_at_once_and_still_cleans_up(clips, tmp_path):
    with serving(tmp_path, "--shutdown-grace", "300") as running:
        client, outcome = start_job(running, clips["two_minutes"])
        running.process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        status, took = stopped(running, signal.SIGINT)
        client.join(30)
        print(f"\ntwo Ctrl+C mid-job: exit {status} after {took:.1f} s")
        assert status == 0, running.log  # not killed by a signal, nor crashed in the model thread
        assert took < 10, running.log  # not after the rest of the file
        # forced: no transcript, and no answer to count on (uvicorn drops or fails what is left)
        assert "response" not in outcome or outcome["response"].status_code >= 500, outcome
        assert upload_folders(tmp_path) == [], running.log


# --- a full disk --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_disk_too_full_for_an_upload_is_a_507_that_says_so_and_the_server_carries_on(clips, english_speech,
                                                                                         tmp_path):
    speech, _ = english_speech  # 1.1 MB of WAV: fits
    minute = tmp_path / "minute.wav"  # 2.3 MB: does not
    subprocess.run(["sox", str(clips["minute"]), str(minute)], check=True)
    with serving(tmp_path, largest_file=2 * 1024 * 1024) as running:
        for route, says in (("/transcribe", lambda body: body["error"]),
                            ("/v1/audio/transcriptions", lambda body: body["error"]["message"])):
            with minute.open("rb") as handle:
                refused = requests.post(running.url + route, files={"file": handle}, timeout=120)
            assert refused.status_code == 507, refused.text
            assert "cannot store the upload" in says(refused.json()) and "Nothing was transcribed" in says(refused.json())
        with speech.open("rb") as handle:
            served = requests.post(running.url + "/transcribe", files={"file": handle}, timeout=300)
        assert served.status_code == 200 and served.json()["text"], served.text
        assert [list(folder.iterdir()) for folder in upload_folders(tmp_path)] == [[]]  # nothing left behind


# --- a server that was killed -------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_servers_upload_folder_is_removed_by_the_next_one(tmp_path):
    with serving(tmp_path) as first:
        left = upload_folders(tmp_path)
        (left[0] / "upload-abc.wav").write_bytes(b"RIFF")  # as if a job had been running
        first.process.kill()  # SIGKILL: no chance to clean up
        first.process.wait(30)
    assert left[0].exists()
    other = tmp_path / f"malsori-serve-{os.getpid()}-keep"  # a live process's folder is not touched
    other.mkdir()
    with serving(tmp_path) as second:
        assert not left[0].exists()
        assert other.exists()
        mine = [folder for folder in upload_folders(tmp_path) if folder != other]
        assert [folder.name.split("-")[2] for folder in mine] == [str(second.process.pid)]
