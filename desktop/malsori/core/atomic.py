"""Atomic file writes: a temporary file beside the target, flushed, fsynced, renamed.

A crash, a full disk or a read-only folder then leaves either the previous good
file or the new complete one, never a torn mix, and never a stray temporary file.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

_CHUNK = 8 << 20


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def write_with(path: str | os.PathLike[str], fill: Callable[[BinaryIO], None]) -> None:
    """Let ``fill`` write the file's content, then publish it in one rename.

    Any OSError (ENOSPC, EACCES, EROFS, ...) propagates after the temporary file
    is removed; the previous file at ``path`` is untouched.
    """
    path = Path(path)
    tmp = _temp_beside(path)
    try:
        with open(tmp, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    write_with(path, lambda f: f.write(data))


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    write_bytes(path, text.encode(encoding))


def concatenate(sources: Iterable[Path], path: str | os.PathLike[str]) -> str:
    """Write the sources one after another into ``path``; return the SHA-256 of the result."""
    digest = hashlib.sha256()

    def fill(out: BinaryIO) -> None:
        for src in sources:
            with open(src, "rb") as f:
                while chunk := f.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)

    write_with(path, fill)
    return digest.hexdigest()
