"""Crash recovery for unsaved edits.

While a person edits, the editor writes the whole project here every couple of
seconds under a key of its own; saving the real project (or closing it without
saving, on purpose) discards the recovery file. Whatever is still here at the
next launch is work a crash, a power cut or a kill took away, and the app
offers it back: :meth:`RecoveryStore.pending`, then :meth:`RecoveryStore.load`.

A recovery file is an ordinary .malsori project (written atomically by
:func:`~malsori.core.project.save`, so a crash mid-write keeps the previous
copy), with the path of the project it belongs to stored in its ``extra`` under
:data:`ORIGIN_KEY`: one file, one atomic write, nothing to get out of step.
:meth:`RecoveryStore.load` removes that entry again, so the restored project is
exactly what the person had.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from malsori.core import paths
from malsori.core.project import SUFFIX, Project, ProjectError, load as load_project, save as save_project

log = logging.getLogger(__name__)

#: Where in a recovery file's ``extra`` the original project's path is kept.
ORIGIN_KEY = "malsori.recovery.origin"

#: The keys this module makes, which are file names on Windows and Linux as they
#: are (no device names such as NUL, no case clashes).
_FILE_KEY = re.compile(r"(?:new|k)-[0-9a-f]{32}")


def file_key(key: str) -> str:
    """The file name (without suffix) a key is stored under: a digest of it, so any
    string (a project's path, a title) can be a key and two keys never share a
    file. A key this module made maps to itself, so an entry's key from
    :meth:`RecoveryStore.pending` finds the same file again."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"a recovery key must be a non-empty string, not {key!r}")
    if _FILE_KEY.fullmatch(key):
        return key
    return "k-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def key_for(project_path: str | os.PathLike[str] | None = None) -> str:
    """A recovery key: for a saved project the same one every time, however its
    path is spelled (its autosaves replace each other, across restarts too); for a
    project never saved, a new random one, which the editor keeps while it is open."""
    if project_path is None:
        return f"new-{uuid.uuid4().hex}"
    return file_key(os.path.normcase(os.path.abspath(os.fspath(project_path))))


@dataclass(frozen=True)
class RecoveryEntry:
    """Unsaved work found on disk: what the restore prompt lists."""

    key: str
    path: Path
    title: str
    modified: float  # when the recovery file was written (seconds since the epoch)
    project_path: Path | None  # the project file it belongs to; None for one never saved


class RecoveryStore:
    """The folder of recovery files (by default ``data_dir()/recovery``)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.data_dir() / "recovery"

    def path(self, key: str) -> Path:
        """The recovery file of ``key`` (see :func:`file_key`)."""
        return self.root / f"{file_key(key)}{SUFFIX}"

    def write(self, key: str, project: Project, project_path: str | os.PathLike[str] | None = None) -> Path:
        """Save ``project`` as the unsaved work of ``key`` (``project_path``: the project
        file it belongs to, if it has one), atomically: if this write fails
        (ProjectError), the previous recovery file is still there and whole."""
        path = self.path(key)
        extra = dict(project.extra)
        extra[ORIGIN_KEY] = None if project_path is None else os.fspath(project_path)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"Cannot create the recovery folder {self.root}: {exc.strerror or exc}") from exc
        save_project(replace(project, extra=extra), path)
        return path

    def discard(self, key: str) -> None:
        """Forget the unsaved work of ``key`` (after a save, or when the person
        declines to restore it); already gone is fine."""
        path = self.path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise ProjectError(f"Cannot remove the recovery file {path}: {exc.strerror or exc}") from exc

    def pending(self) -> list[RecoveryEntry]:
        """Every readable recovery file, newest first. A damaged one is logged and
        skipped: one bad file must not stop the app from starting or hide the rest."""
        try:
            files = sorted(p for p in self.root.glob(f"*{SUFFIX}") if _FILE_KEY.fullmatch(p.stem))
        except OSError as exc:
            log.warning("cannot list recovery files in %s: %s", self.root, exc)
            return []
        entries = []
        for path in files:
            try:
                modified = path.stat().st_mtime
                project = load_project(path)
            except (OSError, ProjectError) as exc:
                log.warning("skipping damaged recovery file %s: %s", path, exc)
                continue
            origin = project.extra.get(ORIGIN_KEY)
            project_path = Path(origin) if isinstance(origin, str) else None
            entries.append(RecoveryEntry(path.stem, path, project.title, modified, project_path))
        entries.sort(key=lambda e: e.modified, reverse=True)
        return entries

    def load(self, entry: RecoveryEntry) -> Project:
        """The project as it was when last written, without the recovery bookkeeping."""
        project = load_project(entry.path)
        extra = {k: v for k, v in project.extra.items() if k != ORIGIN_KEY}
        return replace(project, extra=extra)
