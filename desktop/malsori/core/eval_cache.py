"""Transcripts kept between ``malsori eval`` runs, so a run with one more model only
transcribes for that model.

An entry is found by what decides the transcript: the audio file's content (its
SHA-256, so a renamed or copied file still hits and an edited one does not), the
model (a catalog name; for a folder, its path and its model.bin's size and time,
so a fine-tune trained again is a new model), the decoding options, and the
versions of Malsori, faster-whisper and CTranslate2 (an upgrade that decodes
differently must not be measured by its predecessor's transcripts). It holds
the hypothesis as :meth:`Transcript.to_dict` JSON, written atomically. The cache
is only ever a shortcut: an entry that cannot be read is ignored (and rewritten by
the next transcription), and a cache folder that cannot be written costs the
saving, not the run.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
from pathlib import Path
from typing import Any, Mapping

from .. import __version__
from . import atomic, models, paths
from .transcript import Transcript, TranscriptError

log = logging.getLogger(__name__)

#: Part of every key: a change of what an entry means (not of its JSON, which has
#: its own version) makes old entries unreachable instead of wrong.
KEY_VERSION = 1
_CHUNK = 1 << 20


def default_folder() -> Path:
    """Under the app's cache folder (MALSORI_HOME honoured): entries can be rebuilt."""
    return paths.cache_dir() / "eval"


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in pieces (a film need not fit in memory). Raises OSError."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@functools.cache
def engine_versions() -> str:
    """The code that turns audio into a transcript, by version."""
    versions = [f"malsori {__version__}"]
    for dist in ("faster-whisper", "ctranslate2"):
        try:
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{dist} missing")
    return ", ".join(versions)


def model_identity(model: str, store: models.ModelStore | None = None) -> dict[str, Any]:
    """What names a model's weights: a catalog name as it is (its files come with the
    app or its download); a folder, or a model imported under a name (converted again
    under the same name), by its absolute path and its model.bin's size and
    modification time. Follows ModelStore.resolve: an imported or catalog name wins
    over a folder of the same name."""
    folder = (store or models.ModelStore()).imported_dir(model)
    if folder is None:
        try:
            models.get(model)
            return {"model": model}
        except models.ModelError:
            folder = Path(model).expanduser()
    folder = folder.resolve()
    identity: dict[str, Any] = {"model": str(folder)}
    try:
        stat = (folder / "model.bin").stat()
        identity.update(model_bin_size=stat.st_size, model_bin_mtime_ns=stat.st_mtime_ns)
    except OSError:
        pass  # loading it fails with a clear message; there is nothing to cache then
    return identity


class TranscriptCache:
    """Hypothesis transcripts by (file content, model, options), one JSON file each."""

    def __init__(self, folder: Path | None = None, store: models.ModelStore | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.store = store or models.ModelStore()  # where imported models are found by name
        #: File hashes of this run by (path, size, mtime): each system asks for the same
        #: files, and hashing a long recording once is enough.
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._warned = False

    def key(self, audio: Path, model: str, options: Mapping[str, Any]) -> str:
        """The entry's name for this file, model and options. Raises OSError if the file cannot be read."""
        stat = os.stat(audio)
        seen = (os.fspath(Path(audio).resolve()), stat.st_size, stat.st_mtime_ns)
        content = self._hashes.get(seen)
        if content is None:
            content = self._hashes[seen] = file_hash(audio)
        material = {"version": KEY_VERSION, "engine": engine_versions(), "audio": content, **model_identity(model, self.store),
                    "options": dict(options)}
        encoded = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Transcript | None:
        """The cached transcript, or None when there is none or it cannot be read."""
        path = self._path(key)
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            return Transcript.from_dict(data)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError, RecursionError, TranscriptError) as exc:
            log.info("ignoring the unreadable cache entry %s: %s", path, exc)
            return None

    def put(self, key: str, transcript: Transcript) -> bool:
        """Keep a transcript; False (and one warning a run) when the folder cannot be written."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(path, json.dumps(transcript.to_dict(), ensure_ascii=False))
        except OSError as exc:
            if not self._warned:
                log.warning("transcripts cannot be cached in %s (%s): the next run transcribes again",
                            self.folder, exc.strerror or exc)
                self._warned = True
            return False
        return True
