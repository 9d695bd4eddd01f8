"""A real Malsori server for the tests: the app run by uvicorn on 127.0.0.1 and a free port.

:func:`running_server` starts one in a thread of the test process (its Runner
is at hand for the tests to look into) and stops it as uvicorn stops on a
signal. Tests of the process itself (SIGTERM, start-up refusals) run
``malsori serve`` as a subprocess instead.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

from tests.fake_hub import free_port

pytest.importorskip("fastapi", reason="server mode needs the 'server' extra")


@dataclass
class RunningServer:
    url: str  # http://127.0.0.1:PORT
    runner: Any  # malsori.server.runner.Runner
    app: Any  # the FastAPI app
    config: Any  # malsori.server.config.ServerConfig


@contextlib.contextmanager
def running_server(**overrides: Any) -> Iterator[RunningServer]:
    """``malsori serve`` with tiny.en on the CPU (and any ServerConfig fields given), in a thread."""
    from malsori.server import serve
    from malsori.server.app import create_app
    from malsori.server.config import ServerConfig
    from malsori.server.runner import Runner

    fields = {"model": "tiny.en", "device": "cpu", "port": free_port(), "shutdown_grace_s": 5.0, **overrides}
    config = ServerConfig(**fields)
    runner = Runner(config)
    runner.load()
    app = create_app(config, runner)
    server = serve.server(config, runner, app, log_level="warning")  # as malsori serve runs it, drain included
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield RunningServer(f"http://{config.host}:{config.port}", runner, app, config)
    finally:
        server.should_exit = True
        thread.join(60)


@pytest.fixture(scope="session")
def server() -> Iterator[RunningServer]:
    """One shared server with the default limits (tests that need others start their own)."""
    with running_server() as running:
        yield running

