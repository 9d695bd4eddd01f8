"""Errors as each family of endpoints answers them.

The seed endpoints (``/transcribe``, ``/transcribe-and-process``) answer
``{"success": false, "error": "..."}``; the OpenAI-compatible ones under
``/v1/`` answer OpenAI's shape ``{"error": {"message", "type", "param", "code"}}``,
which the official clients turn into their own exceptions. Both with the HTTP
status that says what kind of failure it was.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..core.audio import AudioError
from ..core.engine import UnsupportedLanguage
from ..core.models import ModelError
from ..core.subtitles import os_reason
from .runner import Busy, Cancelled, UnknownModel

#: OpenAI's error type for each status.
_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
          404: "not_found_error", 413: "invalid_request_error", 422: "invalid_request_error",
          429: "rate_limit_error", 503: "service_unavailable"}


class ApiError(StarletteHTTPException):
    """A failure to answer with ``status``; ``code`` and ``param`` fill OpenAI's fields.

    An HTTPException so that one raised while FastAPI reads the body (the upload limit's
    413 from uploads.BodyLimit) arrives as itself: FastAPI turns any other exception
    there into a 400 "There was an error parsing the body".
    """

    def __init__(self, status: int, message: str, code: str | None = None, param: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(status, message, headers)
        self.status, self.message, self.code, self.param = status, message, code, param
        self.headers = headers or {}

    def __str__(self) -> str:
        return self.message


def storage_error(exc: OSError) -> ApiError:
    """507 for an upload the server could not keep on its own disk (full, read-only): the
    server's trouble, not the request's, and said so instead of a parse error or a 500."""
    return ApiError(507, f"The server cannot store the upload ({os_reason(exc)}): its temporary folder is full "
                         "or not writable. Nothing was transcribed; try again later, or tell whoever runs the server.",
                    "insufficient_storage")


def as_api_error(exc: BaseException) -> ApiError:
    """The ApiError for a core or runner failure (AudioError: the upload's fault)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, Busy):
        return ApiError(503, str(exc), "server_busy", headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, Cancelled):
        # Heard only when the server cancelled it (shutting down): a client that left hears nothing.
        return ApiError(503, str(exc), "cancelled")
    if isinstance(exc, UnknownModel):
        return ApiError(404, str(exc), "model_not_found", "model")
    if isinstance(exc, AudioError):
        return ApiError(400, str(exc), "invalid_audio", "file")
    if isinstance(exc, UnsupportedLanguage):
        return ApiError(400, str(exc), "unsupported_language", "language")
    if isinstance(exc, ModelError):
        return ApiError(500, str(exc), "model_error")
    return ApiError(500, "Internal error; the server's log says what went wrong.", "internal_error")


def is_openai_path(path: str) -> bool:
    return path.startswith("/v1/")


def error_body(path: str, error: ApiError) -> dict[str, Any]:
    if is_openai_path(path):
        kind = _TYPES.get(error.status, "server_error" if error.status >= 500 else "invalid_request_error")
        return {"error": {"message": error.message, "type": kind, "param": error.param, "code": error.code}}
    return {"success": False, "error": error.message}


def error_response(path: str, error: ApiError) -> JSONResponse:
    return JSONResponse(error_body(path, error), status_code=error.status, headers=error.headers)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(request.url.path, exc)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if isinstance(exc.__cause__, OSError):  # FastAPI's "error parsing the body": the spool file could not be written
        return error_response(request.url.path, storage_error(exc.__cause__))
    error = ApiError(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
    return error_response(request.url.path, error)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = []
    param = None
    for item in exc.errors():
        where = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "form")]
        param = param or (where[0] if where else None)
        problems.append(f"{'.'.join(where) or 'request'}: {item.get('msg', 'invalid')}")
    error = ApiError(400, "; ".join(problems) or "Invalid request.", "invalid_value", param)
    return error_response(request.url.path, error)


async def _core_error(request: Request, exc: Exception) -> JSONResponse:
    """A core or runner failure a route let through (or an unexpected one), answered as
    :func:`as_api_error` words it."""
    return error_response(request.url.path, as_api_error(exc))


HANDLERS = {ApiError: _api_error, StarletteHTTPException: _http_error, RequestValidationError: _validation_error,
            **dict.fromkeys((Busy, Cancelled, UnknownModel, AudioError, ModelError), _core_error),
            # anything else: a 500 in the family's shape; Starlette re-raises it, so uvicorn logs the traceback
            Exception: _core_error}
