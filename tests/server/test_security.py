"""Who may call the server, and what a request can reach: the API key, paths, CORS, logs.

In-process servers (running_server) for the answers; ``malsori serve`` as a
subprocess where the process itself is what is checked (refusing to start, its logs).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openai
import pytest
import requests

from malsori.core.llm import LlmConfig
from malsori.server import app as server_app
from malsori.server.config import ServerConfig
from tests.fake_hub import free_port
from tests.server.conftest import running_server
from tests.server.test_load import (
    FORM_START,
    assert_refused_shape,
    multipart_head,
    post,
    raw_request,
    uploads_left,
)

KEY = "malsori-test-key-3f9c2a7d41e8"
MALSORI = Path(sys.executable).with_name("malsori")


@pytest.fixture(scope="module")
def short_clip(english_speech, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("security") / "short.flac"
    subprocess.run(["sox", str(english_speech[0]), str(path), "trim", "0", "2.4"], check=True)
    return path


@pytest.fixture(scope="module")
def keyed():
    with running_server(api_key=KEY) as server:
        yield server


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# --- the API key ------------------------------------------------------------------------------


def test_a_host_other_than_loopback_without_a_key_refuses_to_start():
    out = subprocess.run([str(MALSORI), "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--model", "tiny.en"],
                         check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out
    assert "--host 0.0.0.0" in out.stderr and "--api-key-env" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("headers", [
    {},
    bearer("wrong"),
    bearer(KEY + "x"),
    bearer(KEY[:-1]),
    {"Authorization": KEY},  # no scheme
    {"Authorization": f"Basic {KEY}"},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": f"Bearer{KEY}"},
    {"Authorization": "Bearer \u00e9t\u00e9".encode("utf-8")},  # not ASCII
], ids=["missing", "wrong", "longer", "shorter", "no-scheme", "basic", "scheme-only", "empty", "no-space", "non-ascii"])
def test_a_missing_wrong_or_malformed_key_is_401_in_each_family_shape(keyed, short_clip, headers):
    done = keyed.runner.counts.done
    for route in ("/transcribe", "/v1/audio/transcriptions"):
        with short_clip.open("rb") as handle:
            response = requests.post(keyed.url + route, files={"file": handle}, headers=headers, timeout=60)
        answer = assert_refused_shape(response, route, 401, "invalid_api_key")
        assert response.headers["WWW-Authenticate"] == "Bearer"
        if route.startswith("/v1/"):
            assert answer["error"]["type"] == "authentication_error"
    models = requests.get(keyed.url + "/v1/models", headers=headers, timeout=30)
    assert models.status_code == 401 and models.json()["error"]["code"] == "invalid_api_key"
    assert keyed.runner.counts.done == done and keyed.runner.queue_length == 0  # none of them took a place


def test_the_key_is_checked_before_the_upload_is_read(keyed):
    # 100 MB announced, a few bytes sent: a 401 can only come back if the body is not waited for.
    answer = raw_request(keyed.url, multipart_head("/transcribe", 100 * 1024 * 1024), FORM_START)
    assert answer.startswith(b"HTTP/1.1 401"), answer
    assert uploads_left(keyed) == []


@pytest.mark.slow
def test_the_right_key_is_served_by_requests_and_the_openai_client(keyed, short_clip):
    response = post(keyed.url, short_clip, "/transcribe", language="en")
    assert response.status_code == 401  # requests without the header
    with short_clip.open("rb") as handle:
        response = requests.post(keyed.url + "/transcribe", files={"file": handle}, headers=bearer(KEY), timeout=300)
    assert response.status_code == 200 and "morning" in response.json()["text"].lower(), response.text
    client = openai.OpenAI(base_url=keyed.url + "/v1", api_key=KEY, max_retries=0)
    with short_clip.open("rb") as handle:
        assert "morning" in client.audio.transcriptions.create(model="whisper-1", file=handle).text.lower()
    assert next(m.id for m in client.models.list()) == "tiny.en"
    wrong = openai.OpenAI(base_url=keyed.url + "/v1", api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError), short_clip.open("rb") as handle:
        wrong.audio.transcriptions.create(model="whisper-1", file=handle)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()


def test_health_and_the_docs_answer_without_the_key(keyed):
    health = requests.get(keyed.url + "/health", timeout=30)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    docs = requests.get(keyed.url + "/docs", timeout=30)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    # The page's scripts and styles come from this server, not a CDN: it works offline and tells no one.
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', docs.text)
    assert assets and all(asset.startswith("/static-offline-docs/") for asset in assets), assets
    for asset in assets:
        assert requests.get(keyed.url + asset, timeout=30).status_code == 200, asset
    schema = requests.get(keyed.url + "/openapi.json", timeout=30).json()
    # The docs page offers the key (its Authorize button) for the keyed endpoints, and shows their fields.
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"].lower() == "bearer"
    assert schema["paths"]["/transcribe"]["post"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in schema["paths"]["/health"]["get"]
    form = schema["paths"]["/v1/audio/transcriptions"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"], form
    assert requests.get(keyed.url + "/v1/models", timeout=30).status_code == 401


def test_the_key_is_compared_in_constant_time(keyed, monkeypatch):
    compared = []
    real = server_app.hmac.compare_digest

    def recorded(given, expected):
        compared.append((given, expected))
        return real(given, expected)

    monkeypatch.setattr(server_app.hmac, "compare_digest", recorded)
    assert requests.get(keyed.url + "/v1/models", headers=bearer("guess"), timeout=30).status_code == 401
    assert requests.get(keyed.url + "/v1/models", headers=bearer(KEY), timeout=30).status_code == 200
    assert compared == [(b"guess", KEY.encode()), (KEY.encode(), KEY.encode())]


def test_no_repr_shows_the_keys():
    config = ServerConfig(api_key=KEY, llm=LlmConfig("http://127.0.0.1:9/v1", "m", api_key=KEY + "-llm"))
    assert KEY not in repr(config) and KEY not in str(config)
    from malsori.server.runner import Runner

    app = server_app.create_app(config, Runner(config))
    assert KEY not in repr(app.user_middleware)


def test_the_key_never_reaches_the_logs(tmp_path):
    port = free_port()
    env = {**os.environ, "MALSORI_TEST_KEY": KEY, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([str(MALSORI), "serve", "--model", "tiny.en", "--device", "cpu", "--port", str(port),
                                "--api-key-env", "MALSORI_TEST_KEY", "--log-level", "debug"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout))
    reader.start()
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(url + "/health", timeout=5)
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, "".join(output)
                time.sleep(0.2)
        for headers in (bearer(KEY), bearer(KEY[:8]), bearer(KEY + KEY), {"Authorization": KEY}):
            requests.get(url + "/v1/models", headers=headers, timeout=30)
            requests.post(url + "/transcribe", files={"file": ("a.wav", b"RIFF")}, headers=headers, timeout=30)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
        reader.join(10)
    log = "".join(output)
    assert "GET /v1/models" in log and "401" in log, log  # the debug log was there to leak into
    assert KEY not in log and KEY[:8] not in log, log


# --- what a request can name -------------------------------------------------------------


@pytest.mark.parametrize("model", ["/etc", "../x", "/tmp", "tiny.en/../base", "~", "./tiny.en"])
def test_a_request_cannot_name_a_path_as_its_model(server, short_clip, model):
    for route in ("/transcribe", "/v1/audio/transcriptions"):
        answer = assert_refused_shape(post(server.url, short_clip, route, model=model), route, 404, "model_not_found")
        assert "/v1/models" in str(answer)
    assert server.runner.model_name == "tiny.en" and server.runner.models()[0] == "tiny.en"
    assert all("/" not in name for name in server.runner.models()[1:])
    assert uploads_left(server) == []


@pytest.mark.slow
def test_the_uploads_file_name_is_never_a_path(server, short_clip):
    folder = server.app.state.uploads
    seen: set[str] = set()
    watching = True

    def watch() -> None:
        while watching:
            seen.update(str(path) for path in folder.rglob("*"))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with short_clip.open("rb") as handle:
            response = requests.post(server.url + "/transcribe", files={"file": ("../../evil.flac", handle)},
                                     timeout=300)
    finally:
        watching = False
        watcher.join()
    assert response.status_code == 200 and "morning" in response.json()["text"].lower()
    assert seen, "the upload was never seen in the upload folder"
    assert all(Path(name).parent == folder and Path(name).name.startswith("upload-") and name.endswith(".flac")
               for name in seen), seen
    assert not (folder.parent / "evil.flac").exists() and not Path("/evil.flac").exists()
    # A failure names the file as the client did, never the server's path to it.
    broken = requests.post(server.url + "/transcribe", files={"file": ("../../evil.wav", b"RIFF nothing")}, timeout=60)
    assert broken.status_code == 400 and str(folder) not in broken.text and "upload-" not in broken.text, broken.text


# --- CORS ------------------------------------------------------------------------------------


def test_cors_is_off_by_default(server):
    answer = requests.get(server.url + "/health", headers={"Origin": "https://elsewhere.example"}, timeout=30)
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in {k.lower() for k in answer.headers}
    preflight = requests.options(server.url + "/transcribe", timeout=30, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in preflight.headers}


def test_cors_origin_lets_that_origin_call_with_the_key():
    with running_server(api_key=KEY, cors_origins=("https://app.example",)) as server:
        preflight = requests.options(server.url + "/v1/models", timeout=30, headers={
            "Origin": "https://app.example", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization"})
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.example"
        assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
        called = requests.get(server.url + "/v1/models", headers={"Origin": "https://app.example", **bearer(KEY)},
                              timeout=30)
        assert called.status_code == 200 and called.headers["Access-Control-Allow-Origin"] == "https://app.example"
        refused = requests.get(server.url + "/v1/models", headers={"Origin": "https://app.example"}, timeout=30)
        assert refused.status_code == 401  # readable by the page: the CORS headers are on the 401 too
        assert refused.headers["Access-Control-Allow-Origin"] == "https://app.example"
        other = requests.get(server.url + "/health", headers={"Origin": "https://elsewhere.example"}, timeout=30)
        assert "access-control-allow-origin" not in {k.lower() for k in other.headers}
