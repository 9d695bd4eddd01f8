"""The FastAPI application: its routes, the API key check, limits, errors, CORS.

:func:`create_app` builds it around a loaded :class:`Runner`; ``serve`` runs it
with uvicorn, and the tests run the very same app with uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import hmac
from typing import AsyncIterator

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from .. import __version__
from .config import ServerConfig
from .errors import HANDLERS, ApiError
from .runner import Runner
from .uploads import BodyLimit, remove_folder, upload_folder


def require_key(request: Request) -> None:
    """With an API key configured, every request must carry ``Authorization: Bearer <key>``.

    Compared in constant time (hmac.compare_digest), so the answer's timing says
    nothing about how much of a guess was right; the key itself is never logged.
    """
    expected = request.app.state.config.api_key
    if not expected:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "A valid API key is required: send 'Authorization: Bearer <key>'.",
                       "invalid_api_key", headers={"WWW-Authenticate": "Bearer"})


def create_app(config: ServerConfig, runner: Runner) -> FastAPI:
    """The server's app around ``runner`` (whose model should be loaded already)."""
    from . import openai_routes, seed_routes

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            # uvicorn has already let running requests finish within the grace time and
            # cancelled the rest; what is left is cancelled now and the model thread waited for.
            await runner.shutdown(grace=0)
            remove_folder(app.state.uploads)

    app = FastAPI(
        title="Malsori",
        version=__version__,
        summary="Speech to text on this machine's model: Malsori's own endpoints and OpenAI's audio API.",
        lifespan=lifespan,
        exception_handlers=HANDLERS,
    )
    app.state.config, app.state.runner, app.state.uploads = config, runner, upload_folder()
    app.include_router(seed_routes.public)
    app.include_router(seed_routes.router, dependencies=[Depends(require_key)])
    app.include_router(openai_routes.router, dependencies=[Depends(require_key)])
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=config.max_upload_bytes)
    return app
