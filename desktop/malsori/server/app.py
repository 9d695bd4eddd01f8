"""The FastAPI application: its routes, the API key check, admission, limits, errors, CORS.

:func:`create_app` builds it around a loaded :class:`Runner`; ``serve`` runs it
with uvicorn, and the tests run the very same app with uvicorn on 127.0.0.1.

A request passes, in order: CORS (only with ``--cors-origin``), the API key
(:class:`KeyCheck`, only with ``--api-key-env``), the upload limit
(uploads.BodyLimit), a place in the queue (:class:`Admission`), and only then
is its body read. So a client without the key, with too large an upload or
arriving at a full queue is refused before the server stores a byte of it.

Without a key: ``/health`` (monitors and load balancers probe it) and the API's
documentation, ``/docs`` and ``/openapi.json``: they describe this open-source
API and hold nothing of anyone's; a browser cannot send a header to open them,
and the page's Authorize button takes the key for its "Try it out" requests.
"""

from __future__ import annotations

import contextlib
import hmac
from typing import Any, AsyncIterator

from fastapi import FastAPI, Security
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPBearer
from fastapi_offline import FastAPIOffline
from starlette.datastructures import Headers

from .. import __version__
from .config import ServerConfig
from .errors import HANDLERS, ApiError, as_api_error, error_response
from .runner import Busy, Runner
from .uploads import BodyLimit, Receive, Scope, Send, remove_folder, upload_folder

#: Paths answered without the API key, and the folder of the documentation's own scripts and styles
#: (fastapi-offline serves them from the package, so /docs needs no CDN: offline, and no third party told).
PUBLIC = frozenset({"/health", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
DOCS_FILES = "/static-offline-docs/"


def is_public(path: str) -> bool:
    return path in PUBLIC or path.startswith(DOCS_FILES)

#: Declares the key for /docs (its Authorize button); the check itself is KeyCheck's.
BEARER = HTTPBearer(auto_error=False, description="the key named by malsori serve --api-key-env")


def key_matches(authorization: bytes, key: bytes) -> bool:
    """Whether an Authorization header is ``Bearer <key>``. Compared in constant time
    (hmac.compare_digest), so the answer's timing says nothing of how much of a guess was right."""
    scheme, _, given = authorization.partition(b" ")
    return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), key)


class KeyCheck:
    """ASGI middleware: every request but :data:`PUBLIC`'s must carry ``Authorization: Bearer <key>``
    (401 otherwise, in the family's shape). The key is never logged nor shown."""

    def __init__(self, app: Any, config: ServerConfig):
        # given the config, whose repr() leaves the key out, not the key (Starlette keeps the arguments)
        assert config.api_key
        self.app, self._key = app, config.api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_public(scope["path"]):
            given = Headers(scope=scope).get("authorization", "").encode("latin-1")
            if not key_matches(given, self._key):
                error = ApiError(401, "A valid API key is required: send 'Authorization: Bearer <key>'.",
                                 "invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
                await error_response(scope["path"], error)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Admission:
    """ASGI middleware: a POST (each one is a job) takes a place in the runner's queue at its
    first byte, kept until its transcription ends (at the latest, its answer); with none free,
    503 with Retry-After before its upload is read."""

    def __init__(self, app: Any, runner: Runner):
        self.app, self.runner = app, runner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        place = contextlib.ExitStack()
        try:
            place.enter_context(self.runner.place())
        except Busy as exc:
            await error_response(scope["path"], as_api_error(exc))(scope, receive, send)
            return
        with place:
            await self.app(scope, receive, send)


def create_app(config: ServerConfig, runner: Runner) -> FastAPI:
    """The server's app around ``runner`` (whose model should be loaded already).

    ``app.state.uploads`` is the folder uploads are kept in while the app runs (made at
    its start, removed with whatever is left in it at its end).
    """
    from . import openai_routes, seed_routes

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.uploads = upload_folder()
        try:
            yield
        finally:
            # uvicorn has already let running requests finish within the grace time and
            # cancelled the rest; what is left is cancelled now and the model thread waited for.
            await runner.shutdown(grace=0)
            remove_folder(app.state.uploads)

    app = FastAPIOffline(
        static_url=DOCS_FILES.rstrip("/"),
        title="Malsori",
        version=__version__,
        summary="Speech to text on this machine's model: Malsori's own endpoints and OpenAI's audio API.",
        lifespan=lifespan,
        exception_handlers=HANDLERS,
    )
    app.state.config, app.state.runner = config, runner
    keyed = [Security(BEARER)] if config.api_key else []
    app.include_router(seed_routes.public)
    app.include_router(seed_routes.router, dependencies=keyed)
    app.include_router(openai_routes.router, dependencies=keyed)
    # Added innermost first: a request meets them in the reverse order (see the module's docstring).
    app.add_middleware(Admission, runner=runner)
    app.add_middleware(BodyLimit, limit=config.max_upload_bytes)
    if config.api_key:
        app.add_middleware(KeyCheck, config=config)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], expose_headers=["Retry-After"])
    return app
