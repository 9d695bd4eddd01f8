"""``malsori serve``: load the model, then run the app with uvicorn until SIGTERM or Ctrl+C.

uvicorn answers both signals by closing the listening socket, letting running
requests finish for ``--shutdown-grace`` seconds and cancelling the rest; the
app's lifespan then cancels what is left of the jobs and waits for the model
thread, and the process exits 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from ..core.llm import Hints, LlmConfig, LlmError, normalize_base_url
from ..core.models import ModelError
from .config import MB, ConfigError, ServerConfig

log = logging.getLogger("malsori.server")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Where a /transcribe-and-process failure is fixed: the server's flags.
SERVER_HINTS = Hints(
    address="the address given to malsori serve with --llm-server",
    key="the key named by malsori serve's --llm-api-key-env",
    model="malsori serve's --llm-model",
    timeout="malsori serve's --llm-timeout",
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
                        first_token_timeout=args.llm_timeout, read_timeout=args.llm_timeout, hints=SERVER_HINTS)
    config = ServerConfig(
        host=args.host,
        port=args.port,
        model=args.model,
        device=args.device,
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


def main(args: argparse.Namespace) -> int:
    try:
        config = config_from(args)
    except ConfigError as exc:
        print(f"malsori serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        import uvicorn

        from .app import create_app
        from .runner import Runner
    except ImportError as exc:
        print(f"malsori serve: server mode needs the 'server' extra ({exc.name} is missing): "
              "pip install 'malsori[server]'", file=sys.stderr)
        return EXIT_FAILED
    logging.getLogger("malsori").setLevel(logging.INFO)
    runner = Runner(config)
    print(f"malsori serve: loading {config.model}…", file=sys.stderr, flush=True)
    try:
        runner.load()
    except ModelError as exc:
        print(f"malsori serve: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"malsori serve: {config.model} on {runner.device} ({runner.compute_type}); "
          f"API key {'required' if config.api_key else 'not required (this machine only)'}", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(
        create_app(config, runner),
        host=config.host,
        port=config.port,
        timeout_graceful_shutdown=max(1, round(config.shutdown_grace_s)),
        log_level=args.log_level,
        server_header=False,
    ))
    server.run()
    return EXIT_OK if server.started else EXIT_FAILED
