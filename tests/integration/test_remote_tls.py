"""https to a transcription server is verified: a certificate this computer does not trust is
refused with a clear message, and a team's own authority can be trusted with SSL_CERT_FILE.

The server is the real `malsori serve` app under uvicorn with a certificate made by openssl
for 127.0.0.1 in the test.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from malsori.core.remote_engine import RemoteConfig, RemoteError, RemoteTranscriber, list_models
from tests.fake_hub import free_port

pytest.importorskip("fastapi", reason="server mode needs the 'server' extra")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return key, cert


@contextlib.contextmanager
def https_server(key: Path, cert: Path) -> Iterator[str]:
    import uvicorn

    from malsori.server.app import create_app
    from malsori.server.config import ServerConfig
    from malsori.server.runner import Runner

    config = ServerConfig(model="tiny.en", device="cpu", port=free_port())
    runner = Runner(config)
    runner.load()
    server = uvicorn.Server(uvicorn.Config(create_app(config, runner), host="127.0.0.1", port=config.port,
                                           ssl_keyfile=str(key), ssl_certfile=str(cert), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"https://127.0.0.1:{config.port}/v1"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="module")
def https_url(certificate) -> Iterator[str]:
    with https_server(*certificate) as url:
        yield url


def test_a_certificate_this_computer_does_not_trust_is_refused(https_url, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    with pytest.raises(RemoteError, match="does not trust its certificate"):
        list_models(RemoteConfig((https_url,), "tiny.en"))


@pytest.mark.slow
def test_a_teams_own_authority_is_trusted_through_ssl_cert_file(https_url, certificate, monkeypatch, english_speech,
                                                               tmp_path):
    from malsori.core.remote_cache import ChunkCache

    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[1]))
    config = RemoteConfig((https_url,), "tiny.en")
    assert "tiny.en" in list_models(config)
    result = RemoteTranscriber(config, cache=ChunkCache(tmp_path)).transcribe(english_speech[0])
    assert "budget" in result.text.lower()
