"""Finished chunks of remote jobs, kept on disk until their job is done.

A server that dies at chunk 37 of 60 must not cost the 36 chunks already
transcribed. Each finished chunk's answer is written here under a key made of
the chunk's own audio, the model and the options, so Retry, which cuts the
file again into the same chunks (the cut is deterministic), finds them and
sends only the rest, whichever server answers. A job that finishes removes its
entries; entries of jobs never retried are removed after :data:`KEEP_DAYS`.
A cache that cannot be written (a full or read-only disk) only costs the
resume: the job goes on. Nothing here imports Qt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

from . import atomic, paths
from .remote_chunks import Chunk
from .remote_response import Parsed
from .transcript import Transcript

log = logging.getLogger(__name__)

KEEP_DAYS = 14


class ChunkCache:
    """One folder of ``<key>.json`` files, one per finished chunk."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or paths.cache_dir() / "remote-chunks"
        self._pruned = False

    def key(self, chunk: Chunk, model: str, options: dict[str, Any]) -> str:
        digest = hashlib.sha256(json.dumps([model, options], sort_keys=True).encode())
        digest.update(chunk.wav)
        return digest.hexdigest()

    def get(self, key: str) -> Parsed | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
            segments = Transcript.from_dict(data["transcript"]).segments
            return Parsed(segments, data["language"], data["timing"], data["confidence"])
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is sent again, not fatal
            log.warning("ignoring cached chunk %s: %s", key, exc)
            return None

    def put(self, key: str, parsed: Parsed) -> None:
        data = {"transcript": Transcript(segments=parsed.segments).to_dict(), "language": parsed.language,
                "timing": parsed.timing, "confidence": parsed.confidence}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._prune()
            atomic.write_text(self.folder / f"{key}.json", json.dumps(data, ensure_ascii=False))
        except OSError as exc:
            log.warning("cannot keep a finished chunk for resuming (%s)", exc)

    def forget(self, keys: list[str]) -> None:
        for key in keys:
            (self.folder / f"{key}.json").unlink(missing_ok=True)

    def _prune(self) -> None:
        if self._pruned:
            return
        self._pruned = True
        cutoff = time.time() - KEEP_DAYS * 86400
        for entry in self.folder.glob("*.json"):
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
            except OSError:
                pass
