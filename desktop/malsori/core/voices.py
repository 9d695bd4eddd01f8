"""Known voices: speakers a person named once, recognized again in later files.

A voice is a name and a speaker embedding (the centroid of the speaker's
d-vectors: 256 numbers that cannot be turned back into audio), kept in one JSON
file in the user's data folder, nothing else and nowhere else. Diarization
compares each new speaker's centroid with the known voices by cosine
similarity; above :data:`MATCH_THRESHOLD` the speaker takes the voice's name.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np

from malsori.core import atomic, paths

#: Cosine similarity of two speakers' centroids at or above which they are taken for the
#: same voice. Measured on the six generated conversations of the diarization test set and
#: its checks (tests/conversations.py; every speaker found, matched across files): the same
#: voice in another file 0.77-0.98 (median 0.92; 24 of 25 pairs at 0.83 or more); two
#: different voices at most 0.81 (median 0.51; the closest, us2 and us3, 0.71-0.81).
#: Taking a stranger for a known person is the worse mistake, so the threshold sits above
#: every different pair: 0.83 recognized 24 of 25 and mistook none of 90.
MATCH_THRESHOLD = 0.83

FILE_NAME = "voices.json"


class VoiceError(Exception):
    """The voice library cannot be read or written; the message says why."""


@dataclass(frozen=True)
class Voice:
    """A named voice: ``embedding`` is unit length."""

    id: str
    name: str
    embedding: tuple[float, ...] = field(repr=False)
    created: str = ""


def _unit(embedding: Sequence[float]) -> np.ndarray:
    vector = np.asarray(embedding, dtype=np.float64).reshape(-1)
    norm = float(np.linalg.norm(vector))
    if vector.size == 0 or not np.isfinite(norm) or norm == 0:
        raise VoiceError("a voice needs a speaker embedding; this speaker has none")
    return vector / norm


class VoiceLibrary:
    """The known voices in ``folder`` (by default the user's data folder).

    Every change rewrites the file atomically, so a crash never leaves half a
    library; a lock keeps the window's threads from interleaving two changes.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder if folder is not None else paths.data_dir()) / FILE_NAME
        self._lock = threading.Lock()

    def voices(self) -> list[Voice]:
        """The known voices, in the order they were saved."""
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [Voice(v["id"], v["name"], tuple(float(x) for x in v["embedding"]), v["created"])
                    for v in data["voices"]]
        except OSError as exc:
            raise VoiceError(f"Cannot read the known voices ({self.path}): {exc.strerror or exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise VoiceError(f"The known voices file {self.path} is damaged ({exc!r}); move it away to start "
                             "a new one") from exc

    def _write(self, voices: list[Voice]) -> None:
        data = {"format": "malsori-voices", "version": 1,
                "voices": [{"id": v.id, "name": v.name, "embedding": list(v.embedding), "created": v.created}
                           for v in voices]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            raise VoiceError(f"Cannot save the known voices to {self.path}: {exc.strerror or exc}") from exc

    def remember(self, name: str, embedding: Sequence[float]) -> Voice:
        """Save a voice under ``name``; a voice of the same name is replaced (renaming
        a speaker "Kim" twice should not give two Kims)."""
        if not name or not name.strip():
            raise VoiceError("a voice needs a name")
        vector = _unit(embedding)
        with self._lock:
            kept = [v for v in self.voices() if v.name != name.strip()]
            voice = Voice(uuid.uuid4().hex[:12], name.strip(), tuple(float(x) for x in vector),
                          datetime.now(timezone.utc).isoformat(timespec="seconds"))
            self._write(kept + [voice])
        return voice

    def rename(self, voice_id: str, name: str) -> Voice:
        if not name or not name.strip():
            raise VoiceError("a voice needs a name")
        with self._lock:
            voices = self.voices()
            found = next((v for v in voices if v.id == voice_id), None)
            if found is None:
                raise VoiceError(f"there is no known voice {voice_id!r}")
            renamed = Voice(found.id, name.strip(), found.embedding, found.created)
            self._write([renamed if v.id == voice_id else v for v in voices if v.id == voice_id or v.name != name.strip()])
        return renamed

    def forget(self, voice_id: str) -> None:
        """Delete a voice (its embedding is gone from the disk once the file is rewritten)."""
        with self._lock:
            voices = self.voices()
            if not any(v.id == voice_id for v in voices):
                raise VoiceError(f"there is no known voice {voice_id!r}")
            self._write([v for v in voices if v.id != voice_id])

    def match(self, embedding: Sequence[float], threshold: float = MATCH_THRESHOLD) -> tuple[Voice, float] | None:
        """The known voice most like ``embedding`` and its cosine similarity, when at least ``threshold``."""
        voices = self.voices()
        if not voices:
            return None
        vector = _unit(embedding)
        similarities = np.array([v.embedding for v in voices], dtype=np.float64) @ vector
        best = int(np.argmax(similarities))
        score = float(similarities[best])
        return (voices[best], score) if score >= threshold else None
