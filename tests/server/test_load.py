"""Load on the real server: the bounded queue, upload and duration limits, a client that leaves.

Each test starts its own server (running_server) with the limits it needs, so the
runner's counts and the upload folder are its own to check.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import psutil
import pytest
import requests
import soundfile

from malsori.core.timecode import format_duration
from tests.server.conftest import running_server

BURST = 16
MB = 1024 * 1024


@pytest.fixture(scope="module")
def clips(english_speech, tmp_path_factory) -> dict[str, Path]:
    """A short clip (its first words), a long one (15 minutes of the speech), and a text file."""
    speech, _ = english_speech
    folder = tmp_path_factory.mktemp("load-clips")
    files = {"short": folder / "short.flac", "long": folder / "long.flac", "text": folder / "notes.txt"}
    subprocess.run(["sox", str(speech), str(files["short"]), "trim", "0", "2.4"], check=True)
    subprocess.run(["sox", str(speech), str(files["long"]), "repeat", "35"], check=True)
    files["text"].write_text("not audio\n")
    return files


def post(url: str, path: Path, route: str = "/transcribe", **fields) -> requests.Response:
    with path.open("rb") as handle:
        return requests.post(url + route, files={"file": (path.name, handle)}, data=fields, timeout=600)


def uploads_left(server) -> list[Path]:
    return sorted(server.app.state.uploads.iterdir())


def wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def assert_refused_shape(response: requests.Response, route: str, status: int, code: str) -> dict:
    """The error as the route's family words it."""
    assert response.status_code == status, (response.status_code, response.text)
    answer = response.json()
    if route.startswith("/v1/"):
        assert answer["error"]["code"] == code, answer
        assert answer["error"]["message"], answer
    else:
        assert answer["success"] is False and answer["error"], answer
    return answer


# --- the bounded queue ----------------------------------------------------------------


@pytest.mark.slow
def test_a_burst_beyond_the_queue_is_answered_503_with_retry_after_and_none_is_lost(clips):
    routes = ["/transcribe", "/v1/audio/transcriptions"] * (BURST // 2)
    with running_server(max_queue=4) as server:
        process = psutil.Process()
        before = process.memory_info().rss
        peak = before
        sampling = True

        def sample() -> None:
            nonlocal peak
            while sampling:
                peak = max(peak, process.memory_info().rss)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = threading.Barrier(BURST)

        def one(route: str) -> requests.Response:
            start.wait()
            return post(server.url, clips["short"], route)

        with ThreadPoolExecutor(BURST) as pool:
            answers = list(pool.map(one, routes))
        sampling = False
        sampler.join()
        counts = server.runner.counts
        print(f"\nburst of {BURST}, max_queue 4: {sum(a.status_code == 200 for a in answers)} done, "
              f"{sum(a.status_code == 503 for a in answers)} refused; counts {counts}; "
              f"RSS {before / MB:.0f} MB before, peak {peak / MB:.0f} MB (+{(peak - before) / MB:.0f} MB)")

        assert len(answers) == BURST
        done = [a for a in answers if a.status_code == 200]
        refused = [(route, a) for route, a in zip(routes, answers) if a.status_code == 503]
        assert len(done) + len(refused) == BURST, [a.status_code for a in answers]
        assert done and refused
        for answer in done:
            assert "morning" in answer.json()["text"].lower(), answer.text
        for route, answer in refused:
            assert_refused_shape(answer, route, 503, "server_busy")
            assert int(answer.headers["Retry-After"]) >= 1
        assert counts.done == len(done) and counts.rejected == len(refused)
        assert counts.failed == counts.cancelled == 0
        assert server.runner.queue_length == 0
        assert uploads_left(server) == []
        assert peak - before < 300 * MB
        folder = server.app.state.uploads
    assert not folder.exists()


def raw_request(url: str, head: str, body: bytes) -> bytes:
    """Send a request's head and the start of its body, never the rest; what the server answers
    (only an answer given before the body is read can come back)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head.encode() + b"\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received and (chunk := connection.recv(65536)):
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length and (chunk := connection.recv(65536)):
            body += chunk
        return head + b"\r\n\r\n" + body


def multipart_head(route: str, length: int, extra: str = "") -> str:
    return (f"POST {route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {length}\r\n{extra}")


FORM_START = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF'


def multipart_body(path: Path) -> bytes:
    return (b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="' + path.name.encode() + b'"\r\n\r\n'
            + path.read_bytes() + b"\r\n--xyz--\r\n")


@contextlib.contextmanager
def long_job(server, route: str, path: Path) -> Iterator[None]:
    """``path`` sent to ``route`` by a client that leaves when the block ends (the job is running in it)."""
    body = multipart_body(path)
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(multipart_head(route, len(body)).encode() + b"\r\n" + body)
        wait_for(lambda: uploads_left(server))  # saved; it is checked and queued at once
        time.sleep(1)
        yield


@pytest.mark.slow
def test_a_full_queue_refuses_before_reading_the_upload(clips):
    with running_server(max_queue=0) as server:
        with long_job(server, "/transcribe", clips["long"]):
            # 100 MB announced, 4 bytes sent: the answer comes without the rest.
            answer = raw_request(server.url, multipart_head("/transcribe", 100 * MB), FORM_START)
            assert answer.startswith(b"HTTP/1.1 503"), answer
            assert b"retry-after:" in answer.lower()
            assert server.runner.counts.rejected == 1
            assert len(uploads_left(server)) == 1  # the running job's only
        wait_for(lambda: server.runner.counts.cancelled == 1)


# --- upload and duration limits ----------------------------------------------------------


def chunked_form(path: Path, size: int) -> tuple[Iterator[bytes], str]:
    """A multipart body of ``size`` bytes of ``path`` (repeated), sent in chunks with no Content-Length."""
    boundary = "malsoriboundary"
    data = path.read_bytes()

    def chunks() -> Iterator[bytes]:
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
               "Content-Type: application/octet-stream\r\n\r\n").encode()
        sent = 0
        while sent < size:
            piece = data[: min(len(data), size - sent, 64 * 1024)]
            sent += len(piece)
            yield piece
        yield f"\r\n--{boundary}--\r\n".encode()

    return chunks(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.slow
@pytest.mark.parametrize("route", ["/transcribe", "/v1/audio/transcriptions"])
def test_an_upload_over_the_limit_is_413_with_or_without_its_length_and_the_server_serves_on(clips, tmp_path, route):
    big = tmp_path / "big.wav"
    big.write_bytes(clips["short"].read_bytes() * (3 * MB // clips["short"].stat().st_size + 1))
    with running_server(max_upload_bytes=1 * MB) as server:
        # With Content-Length: curl, as the README shows.
        out = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", "-F", f"file=@{big}", server.url + route],
                             check=False, capture_output=True, text=True, timeout=120)
        body, status = out.stdout.rsplit("\n", 1)
        assert status == "413", out
        response = requests.Response()
        response.status_code, response._content = 413, body.encode()
        answer = assert_refused_shape(response, route, 413, "file_too_large")
        assert "1 MB" in str(answer)
        # Chunked, without a length: requests with a generator body.
        chunks, content_type = chunked_form(clips["short"], 3 * MB)
        chunked = requests.post(server.url + route, data=chunks, headers={"Content-Type": content_type}, timeout=120)
        assert "content-length" not in {k.lower() for k in chunked.request.headers}
        assert_refused_shape(chunked, route, 413, "file_too_large")
        # ... and the next request is served.
        assert "morning" in post(server.url, clips["short"], route).json()["text"].lower()
        assert uploads_left(server) == []


@pytest.mark.slow
@pytest.mark.parametrize("route", ["/transcribe", "/v1/audio/transcriptions"])
def test_audio_longer_than_the_limit_is_413_that_says_both_lengths(clips, route):
    lasts = format_duration(soundfile.info(str(clips["long"])).duration)
    with running_server(max_duration_s=60.0) as server:
        answer = assert_refused_shape(post(server.url, clips["long"], route), route, 413, "audio_too_long")
        assert f"lasts {lasts}" in str(answer) and "(1:00)" in str(answer), answer
        assert server.runner.counts.done == 0  # refused before it queued
        assert uploads_left(server) == []


@pytest.mark.slow
def test_uploads_are_removed_after_success_and_failure(clips):
    with running_server() as server:
        assert post(server.url, clips["short"]).status_code == 200
        assert uploads_left(server) == []
        assert post(server.url, clips["text"]).status_code == 400
        assert post(server.url, clips["text"], "/v1/audio/transcriptions").status_code == 400
        assert uploads_left(server) == []


# --- a client that leaves -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("route", ["/transcribe", "/v1/audio/transcriptions"])
def test_a_client_that_disconnects_cancels_its_job_and_the_next_runs_at_once(clips, route):
    with running_server() as server:
        with long_job(server, route, clips["long"]):
            assert server.runner.queue_length == 1
        left = time.monotonic()
        wait_for(lambda: server.runner.counts.cancelled == 1, 10)
        answer = post(server.url, clips["short"], route)
        waited = time.monotonic() - left
        print(f"\n{route}: cancelled; the next request answered {waited:.1f} s after the client left "
              f"(the whole {format_duration(soundfile.info(str(clips['long'])).duration)} would take minutes)")
        assert answer.status_code == 200 and "morning" in answer.json()["text"].lower()
        assert waited < 30
        assert server.runner.counts.done == 1 and server.runner.counts.cancelled == 1
        assert uploads_left(server) == []


@pytest.mark.slow
def test_a_client_that_disconnects_mid_upload_leaves_nothing_behind(server, clips):
    body = multipart_body(clips["long"])
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(multipart_head("/transcribe", len(body)).encode() + b"\r\n" + body[: len(body) // 2])
        wait_for(lambda: server.runner.queue_length == 1)  # it holds a place while it uploads
    wait_for(lambda: server.runner.queue_length == 0, 10)
    assert uploads_left(server) == []
    assert "morning" in post(server.url, clips["short"]).json()["text"].lower()


@pytest.mark.slow
def test_an_upload_that_stalls_is_408_and_gives_its_place_back(monkeypatch, clips):
    from malsori.server import uploads

    monkeypatch.setattr(uploads, "STALL_S", 1.0)
    with running_server(max_queue=0) as server:
        sent = time.monotonic()
        answer = raw_request(server.url, multipart_head("/transcribe", 10 * MB), FORM_START)
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert 1.0 <= time.monotonic() - sent < 10
        assert b"nothing arrived for 1 s" in answer, answer
        wait_for(lambda: server.runner.queue_length == 0, 10)
        assert uploads_left(server) == []
        assert "morning" in post(server.url, clips["short"]).json()["text"].lower()  # the place is free again


@pytest.mark.slow
def test_a_request_gives_its_place_back_when_its_transcription_ends(clips):
    """A /transcribe-and-process waiting on a slow LLM server keeps no transcription waiting."""
    from malsori.core.llm import LlmConfig
    from tests.fake_vllm import FakeVllm

    fake = FakeVllm().start()
    fake.head_delay = 8.0
    try:
        with running_server(max_queue=0, llm=LlmConfig(fake.base_url, "test-model", backoff=0.01)) as server:
            processing = ThreadPoolExecutor(1).submit(post, server.url, clips["short"], "/transcribe-and-process",
                                                      instruction="Summarize.")
            wait_for(lambda: fake.requests)  # transcribed; now waiting on the LLM server
            assert server.runner.queue_length == 0 and not processing.done()
            answer = post(server.url, clips["short"])
            assert answer.status_code == 200 and not processing.done(), answer.text
            assert processing.result(timeout=120).status_code == 200
            assert server.runner.counts.rejected == 0 and server.runner.counts.done == 2
    finally:
        fake.stop()


@pytest.mark.slow
def test_a_large_upload_is_never_held_in_memory(tmp_path):
    big = tmp_path / "big.wav"
    with big.open("wb") as out:  # 300 MB that is not audio: saved, probed, refused
        out.truncate(300 * MB)
    with running_server() as server:
        process = psutil.Process()
        before = peak = process.memory_info().rss
        sending = subprocess.Popen(["curl", "-sS", "-o", str(tmp_path / "answer.json"), "-w", "%{http_code}",
                                    "-F", f"file=@{big}", server.url + "/transcribe"],
                                   stdout=subprocess.PIPE, text=True)
        while sending.poll() is None:
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.01)
        print(f"\n300 MB upload: RSS {before / MB:.0f} MB before, peak {peak / MB:.0f} MB "
              f"(+{(peak - before) / MB:.0f} MB)")
        assert sending.stdout.read() == "400", (tmp_path / "answer.json").read_text()
        assert peak - before < 64 * MB
        assert uploads_left(server) == []


def test_an_upload_the_server_cannot_keep_is_a_507_not_a_500(server, english_speech, tmp_path):
    """The upload folder gone (a cleaner emptied /tmp, a disk unmounted): the server's trouble, said so."""
    folder = server.app.state.uploads
    server.app.state.uploads = tmp_path / "gone"
    try:
        with english_speech[0].open("rb") as handle:
            refused = requests.post(server.url + "/transcribe", files={"file": handle}, timeout=120)
    finally:
        server.app.state.uploads = folder
    assert refused.status_code == 507, refused.text
    assert "cannot store the upload (no such file or directory)" in refused.json()["error"]
