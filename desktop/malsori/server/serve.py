"""``malsori serve``: load the model, then run the app with uvicorn until SIGTERM or Ctrl+C.

uvicorn answers both signals by closing the listening socket and letting the
requests in progress finish; :func:`server` gives their jobs ``--shutdown-grace``
seconds, then cancels them (each client hears 503 "shutting down"); the app's
lifespan waits for the model thread and removes the upload folder, and the
process exits 0. A second Ctrl+C stops at once.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import signal
import socket
import sys
from types import FrameType
from typing import TYPE_CHECKING, Any

from ..core.llm import Hints, LlmConfig, LlmError, normalize_base_url
from ..core.models import ModelError
from .config import MB, ConfigError, ServerConfig

if TYPE_CHECKING:
    import uvicorn

    from .runner import Runner

#: Seconds past the grace uvicorn waits for cancelled jobs' answers before it drops their connections.
ANSWER_S = 5.0

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Where a /transcribe-and-process failure is fixed: the server's flags.
SERVER_HINTS = Hints(
    address="the address given to malsori serve with --llm-server",
    key="the key named by malsori serve's --llm-api-key-env",
    model="malsori serve's --llm-model",
    timeout="malsori serve's --llm-timeout",
    max_tokens="malsori serve's --llm-max-tokens",
)


def _secret(variable: str | None, flag: str) -> str | None:
    """The value of the environment variable a flag names (never the secret on the command
    line, where every user of the machine can read it in the process list)."""
    if variable is None:
        return None
    value = os.environ.get(variable, "")
    if not value.strip():
        raise ConfigError(f"{flag} {variable}: that environment variable is not set or empty")
    return value.strip()


def config_from(args: argparse.Namespace) -> ServerConfig:
    """The ServerConfig a ``serve`` command line asks for (ConfigError if it cannot be)."""
    llm = None
    if args.llm_server:
        if not args.llm_model:
            raise ConfigError("--llm-server needs --llm-model: the model that server serves (see its /v1/models)")
        try:
            base_url = normalize_base_url(args.llm_server)
        except LlmError as exc:
            raise ConfigError(str(exc)) from None
        llm = LlmConfig(base_url, args.llm_model, api_key=_secret(args.llm_api_key_env, "--llm-api-key-env"),
                        first_token_timeout=args.llm_timeout, read_timeout=args.llm_timeout,
                        max_tokens=args.llm_max_tokens, hints=SERVER_HINTS)
    config = ServerConfig(
        host=args.host,
        port=args.port,
        model=args.model,
        device=args.device,
        cpu_threads=args.cpu_threads,
        api_key=_secret(args.api_key_env, "--api-key-env"),
        max_upload_bytes=args.max_upload_mb * MB,
        max_queue=args.max_queue,
        max_duration_s=args.max_minutes * 60 if args.max_minutes else None,
        shutdown_grace_s=args.shutdown_grace,
        cors_origins=tuple(args.cors_origin or ()),
        llm=llm,
    )
    config.check()
    return config


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the model loads, so that a port in use is said at
    once and in words (uvicorn would say it after the load, as an errno in its log)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family, backlog=2048)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = "that port is already in use (another malsori serve?): stop it, or choose another --port"
        elif exc.errno == errno.EACCES:
            why = "this user may not listen on that port (ports below 1024 need privileges): choose another --port"
        elif exc.errno == errno.EADDRNOTAVAIL:
            why = "that address is not one of this machine's: choose another --host"
        else:
            why = exc.strerror or str(exc)  # also a host name that does not resolve
        raise OSError(f"cannot listen on {host} port {port}: {why}") from None


def server(config: ServerConfig, runner: Runner, app: Any, log_level: str = "info") -> uvicorn.Server:
    """uvicorn's server for ``app``, whose shutdown also drains the runner.

    uvicorn alone would let requests run for its whole timeout and then cancel their
    tasks (the client gets a plain-text 500, the log a traceback). Here the jobs get
    the grace time, then are cancelled, so their requests answer 503 "shutting down"
    in their family's shape; uvicorn waits a few seconds longer than the grace for
    those answers to go out.
    """
    import uvicorn

    class Draining(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            drain = asyncio.ensure_future(runner.drain(config.shutdown_grace_s))
            try:
                await super().shutdown(sockets)
            finally:
                drain.cancel()

    return Draining(uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        timeout_graceful_shutdown=config.shutdown_grace_s + ANSWER_S,
        log_level=log_level,
        server_header=False,
    ))


def _stopped(signum: int, frame: FrameType | None) -> None:
    """What uvicorn restores and raises each signal into after its graceful stop: nothing,
    so a stop asked for (SIGTERM, Ctrl+C) and done exits 0 instead of dying of the signal."""


def main(args: argparse.Namespace) -> int:
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"malsori serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        import uvicorn  # noqa: F401  (checked here, where a message can say what to install)

        from .app import create_app
        from .runner import Runner
    except ImportError as exc:
        print(f"malsori serve: server mode needs the 'server' extra ({exc.name} is missing): "
              "pip install 'malsori[server]'", file=sys.stderr)
        return EXIT_FAILED
    logging.getLogger("malsori").setLevel(args.log_level.upper())
    try:
        listening = bind(config.host, config.port)
    except OSError as exc:
        print(f"malsori serve: {exc}", file=sys.stderr)
        return EXIT_FAILED
    with listening:
        runner = Runner(config)
        print(f"malsori serve: loading {config.model}…", file=sys.stderr, flush=True)
        try:
            runner.load()
        except ModelError as exc:
            print(f"malsori serve: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(f"malsori serve: {config.model} on {runner.device} ({runner.compute_type}); API key "
              f"{'required' if config.api_key else 'not required (this machine only)'}", file=sys.stderr, flush=True)
        running = server(config, runner, create_app(config, runner), args.log_level)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stopped)
        running.run(sockets=[listening])
    return EXIT_OK if running.started else EXIT_FAILED
