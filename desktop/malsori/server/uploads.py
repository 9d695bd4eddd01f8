"""Uploads: bounded in size as they arrive, kept on disk, always removed.

:class:`BodyLimit` refuses a request body over the limit with 413 before the
form is parsed when the client says its length, and stops reading the moment
the count passes the limit when it does not (chunked uploads); an upload that
stalls is a 408, so a client that stops sending does not keep its place in the
queue for ever. The multipart parser spools each file to disk after its first
megabyte, so an upload is never held whole in memory; :func:`saved_upload` copies it under the server's own
temporary folder, named by the server (only a short, plain suffix is taken
from the client's file name, so the decoder knows the container), and removes
it when the job is over, whatever happened.

Why a copy, not our own streaming multipart parser writing straight into that
folder: the copy costs 1.6 s for 512 MB (measured: 340 MB/s from the spool,
against minutes to transcribe that much audio) and briefly twice the upload's
size on disk, while parsing ourselves would take the form out of FastAPI's hands
in all four upload endpoints and their fields out of /docs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable

from fastapi import Request, UploadFile
from starlette.datastructures import Headers

from ..core import audio
from ..core.timecode import format_duration
from .config import MB
from .errors import ApiError, error_response, storage_error

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
_COPY_CHUNK = 1024 * 1024
#: Seconds an upload may go without a byte arriving before it is refused (408).
STALL_S = 60.0


def _too_large(limit: int) -> ApiError:
    return ApiError(413, f"The upload is larger than this server accepts ({limit / MB:g} MB).",
                    "file_too_large", "file", headers={"Connection": "close"})


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, 408 for one that stalls
    for :data:`STALL_S`, in the family's shape.

    A body that states its length is refused before a byte of it is read; one sent
    in chunks without a length, the moment the count passes the limit: the ApiError
    raised from ``receive`` reaches the app's handlers as itself (it is an
    HTTPException, which FastAPI lets through from reading the body). Either way
    the connection is closed, as the rest of the body is never read.
    """

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await error_response(scope["path"], _too_large(self.limit))(scope, receive, send)
            return
        seen, complete = 0, False

        async def counted_receive() -> Message:
            nonlocal seen, complete
            if complete:  # from here on, receive() waits for the client to leave: no time limit
                return await receive()
            try:
                async with asyncio.timeout(STALL_S):
                    message = await receive()
            except TimeoutError:
                raise ApiError(408, f"The upload stalled: nothing arrived for {STALL_S:g} s.", "upload_stalled",
                               "file", headers={"Connection": "close"}) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _too_large(self.limit)
                complete = not message.get("more_body", False)
            return message

        await self.app(scope, counted_receive, send)


_FOLDER_PREFIX = "malsori-serve-"


def upload_folder() -> Path:
    """This server's own folder for uploads (removed by :func:`remove_folder`), named with its
    process id. The folders of servers that were killed (SIGKILL, a power cut: no chance to
    remove theirs) are removed first. The multipart parser's spool files are not in it: they
    are anonymous (unlinked as they are made), so nothing of them can be left on disk."""
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{_FOLDER_PREFIX}*-*"):
        pid = folder.name[len(_FOLDER_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            remove_folder(folder)
    return Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-", dir=root))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs. Only asked on POSIX: Windows' os.kill would end the process."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive, and not ours to judge
        return True
    return True


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _suffix(filename: str | None) -> str:
    """A plain suffix such as ``.wav`` from the client's name, or none: nothing else of it is used."""
    suffix = os.path.splitext(os.path.basename(filename or ""))[1]
    return suffix.lower() if _SUFFIX.fullmatch(suffix) else ""


@contextlib.asynccontextmanager
async def saved_upload(upload: UploadFile, folder: Path) -> AsyncIterator[Path]:
    """The upload as a file of its own under ``folder``, removed on leaving (any way)."""
    try:
        handle, name = tempfile.mkstemp(suffix=_suffix(upload.filename), prefix="upload-", dir=folder)
    except OSError as exc:
        raise storage_error(exc) from None
    path = Path(name)
    try:
        try:
            with os.fdopen(handle, "wb") as out:
                await upload.seek(0)
                await asyncio.to_thread(shutil.copyfileobj, upload.file, out, _COPY_CHUNK)
        except OSError as exc:
            raise storage_error(exc) from None
        if path.stat().st_size == 0:
            raise ApiError(400, "The uploaded file is empty.", "empty_file", "file")
        yield path
    finally:
        path.unlink(missing_ok=True)


@contextlib.asynccontextmanager
async def received(request: Request, upload: UploadFile) -> AsyncIterator[Path]:
    """The request's upload saved (see :func:`saved_upload`) and checked before it queues:
    media the audio core can read (400 otherwise, with its reason), no longer than the
    server's duration limit (413). Damage found later, while transcribing, is a 400 too,
    its message naming the file as the client did."""
    config = request.app.state.config
    async with saved_upload(upload, request.app.state.uploads) as path:
        try:
            seconds = await asyncio.to_thread(audio.probe_duration, path)
        except audio.AudioError as exc:
            raise audio_error(exc, path, upload.filename) from None
        limit = config.max_duration_s
        if limit is not None and seconds > limit:
            raise ApiError(413, f"The audio lasts {format_duration(seconds)}, longer than this server accepts "
                                f"({format_duration(limit)}).", "audio_too_long", "file")
        try:
            yield path
        except audio.AudioError as exc:  # found while transcribing: a file cut short, damaged packets
            raise audio_error(exc, path, upload.filename) from None


def audio_error(exc: audio.AudioError, path: Path, filename: str | None) -> ApiError:
    """The 400 for the core's complaint about the upload saved at ``path``, naming the file as
    the client named it (the server's own temporary path is none of the client's business)."""
    shown = os.path.basename(filename or "") or "the upload"
    message = str(exc).replace(str(path), shown).replace(path.name, shown)
    return ApiError(400, message, "invalid_audio", "file")
