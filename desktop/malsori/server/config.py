"""How a server runs: address, model, limits, key, and the vLLM server it forwards to."""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..core.llm import LlmConfig
from ..core.models import DEFAULT_MODEL

DEFAULT_PORT = 8001
MB = 1024 * 1024


class ConfigError(ValueError):
    """A server that must not start as asked (the message says what to change)."""


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``: localhost or a loopback address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def web_origin(value: str) -> str:
    """A browser origin as CORS compares it (``https://host[:port]``, or ``*`` for any);
    ValueError says what is wrong with another value."""
    if value == "*":
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{value!r} is not a web origin: give scheme and host, such as https://app.example.com "
                         "or http://localhost:3000 (or * for any)")
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class ServerConfig:
    """Everything ``malsori serve`` was started with. The API key is never shown (repr)."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    model: str = DEFAULT_MODEL
    device: str = "auto"
    #: CPU threads of the model (CTranslate2's intra_threads); 0: CTranslate2's default. One per server
    #: lets several servers share a machine's cores without competing for them.
    cpu_threads: int = 0
    api_key: str | None = field(default=None, repr=False)
    #: The largest upload accepted (413 beyond it).
    max_upload_bytes: int = 1024 * MB
    #: Jobs that may wait while one runs; one more gets 503 with Retry-After.
    max_queue: int = 8
    #: The longest audio accepted, in seconds (413 beyond it); None: no limit.
    max_duration_s: float | None = 4 * 3600.0
    #: On SIGTERM, how long running and waiting jobs may take to finish before they are cancelled.
    shutdown_grace_s: float = 30.0
    #: Origins a browser may call from (CORS); empty: CORS off.
    cors_origins: tuple[str, ...] = ()
    #: The vLLM server /transcribe-and-process sends text to; None: that endpoint answers 503.
    llm: LlmConfig | None = None

    def check(self) -> None:
        """Refuse what would be unsafe or cannot work: ConfigError says why."""
        if not is_loopback(self.host) and not self.api_key:
            raise ConfigError(
                f"--host {self.host} lets other machines reach the server, so it needs an API key: "
                "put one in an environment variable and name it with --api-key-env VAR "
                "(clients then send 'Authorization: Bearer <key>'), or keep the default --host 127.0.0.1."
            )
        if not 0 < self.port < 65536:
            raise ConfigError(f"--port must be between 1 and 65535, not {self.port}")
        if self.cpu_threads < 0:
            raise ConfigError("--cpu-threads cannot be negative")
        if self.max_upload_bytes <= 0:
            raise ConfigError("--max-upload-mb must be above 0")
        if self.max_queue < 0:
            raise ConfigError("--max-queue cannot be negative")
        if self.max_duration_s is not None and not self.max_duration_s > 0:
            raise ConfigError("--max-minutes must be above 0 (or 0 for no limit)")
        if not (math.isfinite(self.shutdown_grace_s) and self.shutdown_grace_s >= 0):
            raise ConfigError("--shutdown-grace must be 0 seconds or more")
        for origin in self.cors_origins:
            try:
                web_origin(origin)
            except ValueError as exc:
                raise ConfigError(f"--cors-origin {exc}") from None
