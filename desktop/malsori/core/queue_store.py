"""The transcription queue on disk, so that closing the window or a crash loses no work.

The window keeps its queue here as it changes; the next start shows the same
rows and goes on with the jobs that were waiting or running. Two kinds of file
live in one folder (by default ``data_dir()/queue``):

``queue.json``
    Every row of the queue, in order: ``{"format": "malsori-queue", "version": 1,
    "jobs": [entry, ...]}``. Rewritten atomically (:mod:`malsori.core.atomic`)
    each time a row is added, removed or changes state, so a crash leaves the
    last complete list.
``<key>.run.jsonl``
    The segments of the run in progress, one JSON line each, appended as the
    model decodes them. Appending a line costs the same at the end of a 3-hour
    file as at its start (rewriting one growing file would not); a kill -9 can
    only tear the line being written, which reading skips.

A job stopped part-way (window closed, process killed) is transcribed again
from the start of its file, so its result is exactly what an uninterrupted run
gives; what it had is kept and shown until the new run replaces it
(:func:`overlay`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Sequence

from malsori.core import atomic, paths
from malsori.core.transcript import FORMAT_NAME as TRANSCRIPT_FORMAT
from malsori.core.transcript import FORMAT_VERSION as TRANSCRIPT_VERSION
from malsori.core.transcript import Segment, Transcript, TranscriptError

FORMAT_NAME = "malsori-queue"
FORMAT_VERSION = 1
#: Job states as the queue file writes them.
STATES = ("queued", "running", "done", "failed", "cancelled")
_RUN_SUFFIX = ".run.jsonl"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueEntry:
    """One row of the queue as it is saved. ``project`` is the saved project that
    holds the row's transcript (whole, or partial after a cancel), if any."""

    key: str
    path: str
    state: str = "queued"
    duration: float | None = None
    language: str | None = None
    error: str | None = None
    project: str | None = None

    @classmethod
    def from_dict(cls, data: Any) -> QueueEntry:
        if not isinstance(data, dict):
            raise ValueError(f"a queue entry must be an object, not {data!r}")
        known = {f.name for f in fields(cls)}
        entry = cls(**{k: v for k, v in data.items() if k in known})
        if not isinstance(entry.key, str) or not entry.key.isalnum():
            raise ValueError(f"bad queue entry key {entry.key!r}")
        if not isinstance(entry.path, str) or entry.state not in STATES:
            raise ValueError(f"bad queue entry {data!r}")
        if entry.duration is not None and (isinstance(entry.duration, bool)
                                           or not isinstance(entry.duration, (int, float))):
            raise ValueError(f"bad duration in queue entry {data!r}")
        if any(v is not None and not isinstance(v, str) for v in (entry.language, entry.error, entry.project)):
            raise ValueError(f"bad queue entry {data!r}")
        return entry


def overlay(new: Sequence[Segment], kept: Sequence[Segment]) -> list[Segment]:
    """What a re-run shows and keeps: its own segments, then the kept ones (from an
    earlier run of the same file) that start where it has not reached yet.

    So a stopped job's text never disappears when it starts again: each kept
    segment stays until the new run has decoded past its start.
    """
    if not new:
        return list(kept)
    reached = max(s.end for s in new)
    return [*new, *(s for s in kept if s.start >= reached)]


def _segment_row(segment: Segment) -> dict[str, Any]:
    return Transcript(segments=(segment,)).to_dict()["segments"][0]


def _segments_from_rows(rows: Iterable[Any]) -> list[Segment]:
    """Rows that pass Transcript's own checks; one bad row is skipped, not the rest."""
    kept = []
    for row in rows:
        try:
            kept.extend(Transcript.from_dict(
                {"format": TRANSCRIPT_FORMAT, "version": TRANSCRIPT_VERSION, "segments": [row]}).segments)
        except TranscriptError as exc:
            log.warning("skipping a saved segment: %s", exc)
    return sorted(kept, key=lambda s: (s.start, s.end))


class QueueStore:
    """The folder that holds the saved queue and the segments of the running job."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.data_dir() / "queue"
        self._last: list[dict[str, Any]] | None = None

    @property
    def file(self) -> Path:
        return self.root / "queue.json"

    def _run_file(self, key: str) -> Path:
        return self.root / f"{key}{_RUN_SUFFIX}"

    # --- the list of rows ----------------------------------------------------------------

    def load(self) -> list[QueueEntry]:
        """The saved rows; none when there is no file. A damaged file is moved aside
        (``queue.json.damaged``) and logged, so it is neither lost nor read again."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
                raise ValueError("not a Malsori queue file")
            if data.get("version", 0) > FORMAT_VERSION:
                raise ValueError(f"written by a newer Malsori (version {data.get('version')})")
            entries = [QueueEntry.from_dict(item) for item in data.get("jobs", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as exc:
            log.warning("the saved queue %s cannot be read (%s); it is kept as %s.damaged", self.file, exc, self.file.name)
            try:
                os.replace(self.file, self.file.with_name(self.file.name + ".damaged"))
            except OSError:
                pass
            return []
        self._last = [asdict(e) for e in entries]
        return entries

    def save(self, entries: Sequence[QueueEntry]) -> bool:
        """Write the rows if they differ from the last written; returns whether it wrote.
        Run files of rows no longer listed are removed. Raises OSError."""
        rows = [asdict(e) for e in entries]
        if rows == self._last:
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "jobs": rows},
                          ensure_ascii=False, indent=1)
        atomic.write_text(self.file, text + "\n", encoding="utf-8")
        self._last = rows
        keys = {e.key for e in entries}
        for run in self.root.glob(f"*{_RUN_SUFFIX}"):
            if run.name[: -len(_RUN_SUFFIX)] not in keys:
                run.unlink(missing_ok=True)
        return True

    # --- the run in progress --------------------------------------------------------------

    def start_run(self, key: str) -> None:
        """An empty segment log for a job that starts (again)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._run_file(key).write_bytes(b"")

    def append(self, key: str, segment: Segment) -> None:
        """Add one decoded segment to the job's log. Flushed at once: a killed process
        leaves it with the system, which writes it even then."""
        line = json.dumps(_segment_row(segment), ensure_ascii=False)
        with open(self._run_file(key), "a", encoding="utf-8", errors="backslashreplace") as f:
            f.write(line + "\n")

    def run_segments(self, key: str) -> list[Segment]:
        """The segments a stopped run had decoded (empty when there is no log)."""
        try:
            lines = self._run_file(key).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("cannot read the segments of a stopped job: %s", exc)
            return []
        rows = []
        for line in lines:
            try:
                rows.append(json.loads(line))
            except ValueError:  # the line a kill tore
                continue
        return _segments_from_rows(rows)

    def end_run(self, key: str) -> None:
        """The run's result is saved elsewhere (a project): its log is not needed."""
        self._run_file(key).unlink(missing_ok=True)
