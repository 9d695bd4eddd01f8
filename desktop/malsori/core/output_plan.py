"""Where results will be written, decided and checked before any transcription starts.

Transcribing takes minutes; finding out afterwards that a result cannot be
written, or that writing it replaced something the person had, throws that
work (or theirs) away. So a front end plans every output first:

* Each source's outputs are ``<folder>/<stem><format suffix>``: ``talk.flac`` gives
  ``talk.srt``, ``talk.txt``, ``talk.timestamps.txt``.
* Two sources that would give the same name (``a/talk.flac`` and ``b/talk.flac``
  into one folder, or ``talk.flac`` and ``talk.mp3``) are told apart by a number:
  the first in the given order keeps ``talk.srt``, the next writes ``talk (2).srt``,
  and so on. All formats of one source share the same stem.
* An output is never one of the sources (an audio file named ``clip.srt`` gets
  ``clip (2).srt``), not even with ``overwrite``.
* A file that already exists is replaced only when the caller says ``overwrite``;
  otherwise :func:`plan` refuses with the list of those files, before any work.
* Every folder must exist or be creatable, and take a new file: :func:`check_folder`
  creates it and writes (then removes) a small probe file, so a read-only or full
  disk is found now rather than after the transcription.

Pure Python, no Qt: the window and the command line share these rules.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Mapping, Sequence

from malsori.core.subtitles import FORMATS, os_reason

#: Bytes written (and fsynced) by the probe: enough to need a free block on a full disk.
_PROBE_BYTES = 4096


class OutputError(Exception):
    """Results cannot go where they were asked to go; the message says why, in words
    meant for the person, and what to do."""


class OutputsExist(OutputError):
    """Outputs would replace files that exist (``paths``); the message lists them.
    A front end adds how its person allows replacing (an option, a question)."""

    def __init__(self, paths: Sequence[Path]):
        one = len(paths) == 1
        super().__init__(f"{'This file exists' if one else 'These files exist'} already: {_listing(paths)}.")
        self.paths = list(paths)


@dataclass(frozen=True)
class Planned:
    """One source and the file each of its formats will be written to."""

    source: Path
    files: Mapping[str, Path]  # format name -> target path, in the order asked for

    def partial_files(self, taken: Collection[Path] = ()) -> dict[str, Path]:
        """Where a result cut short (an interrupted run) goes: ``talk.partial.srt``
        beside ``talk.srt``, so it is never mistaken for a finished one. A name
        that exists already, or is in ``taken``, gets a number
        (``talk.partial (2).srt``) rather than being replaced."""
        taken_keys = {_key(p) for p in taken}
        out: dict[str, Path] = {}
        for fmt, target in self.files.items():
            suffix = FORMATS[fmt].suffix
            stem = target.name[: -len(suffix)] + ".partial"
            out[fmt] = _free(target.parent, stem, suffix, taken_keys)
        return out


def _key(path: Path) -> str:
    """Compare paths as the file system will: absolute, symlinks resolved, and case
    folded where the system folds it (Windows)."""
    return os.path.normcase(str(Path(path).expanduser().resolve()))


def _numbered(stem: str, n: int) -> str:
    return stem if n == 1 else f"{stem} ({n})"


def _free(folder: Path, stem: str, suffix: str, taken: set[str]) -> Path:
    n = 1
    while True:
        candidate = folder / f"{_numbered(stem, n)}{suffix}"
        if _key(candidate) not in taken and not os.path.lexists(candidate):
            return candidate
        n += 1


def plan(
    sources: Sequence[Path],
    formats: Sequence[str],
    folder: Path | None = None,
    overwrite: bool = False,
) -> list[Planned]:
    """The files each source's results will be written to, one Planned per source,
    in order.

    ``folder`` is where all outputs go (None: beside each source). Names follow
    the module's rules: distinct for every source, never a source itself.
    Raises, before anything is written, OutputsExist when outputs exist and
    ``overwrite`` is false, and OutputError when an output path is a folder. Folders are not checked here: see :func:`check_folder`.
    """
    inputs = {_key(s) for s in sources}
    claimed: set[str] = set(inputs)
    planned: list[Planned] = []
    for source in sources:
        where = Path(folder) if folder is not None else Path(source).parent
        stem = Path(source).stem or Path(source).name
        n = 1
        while True:
            files = {fmt: where / f"{_numbered(stem, n)}{FORMATS[fmt].suffix}" for fmt in formats}
            if not any(_key(p) in claimed for p in files.values()):
                break
            n += 1
        claimed.update(_key(p) for p in files.values())
        planned.append(Planned(Path(source), files))
    targets = [p for item in planned for p in item.files.values()]
    folders = [p for p in targets if p.is_dir()]
    if folders:
        raise OutputError(f"A folder is in the way of an output: {_listing(folders)}. Rename it or choose "
                          "another output folder.")
    existing = [p for p in targets if os.path.lexists(p)]
    if existing and not overwrite:
        raise OutputsExist(existing)
    return planned


def _listing(paths: Sequence[Path], most: int = 5) -> str:
    shown = ", ".join(str(p) for p in paths[:most])
    return shown + (f" and {len(paths) - most} more" if len(paths) > most else "")


def check_folder(folder: Path) -> None:
    """Make sure results can be written in ``folder``; raise OutputError saying why not.

    Creates the folder (and its parents) when it does not exist, then creates,
    writes, fsyncs and removes a small hidden probe file in it, so that a path
    that is a file, a read-only folder or mount, a folder without permission and
    a full disk are all found before any work is done. Nothing is left behind
    but the created folder. Safe to call for a folder that is fine: it only
    costs a small write.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder: choose a folder for the results.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a parent on the way is a file
        raise OutputError(f"Cannot create the folder {folder}: a file is in the way.") from None
    except OSError as exc:
        raise OutputError(f"Cannot create the folder {folder}: {os_reason(exc)}.") from exc
    try:
        handle, name = tempfile.mkstemp(prefix=".malsori-probe-", dir=folder)
    except OSError as exc:
        raise OutputError(f"Cannot write in {folder}: {os_reason(exc)}.") from exc
    try:
        with os.fdopen(handle, "wb") as probe:
            probe.write(b"\0" * _PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise OutputError(f"Cannot write in {folder}: {os_reason(exc)}.") from exc
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


def check_folders(planned: Iterable[Planned]) -> None:
    """:func:`check_folder` for every folder a plan writes to, each once.

    A source that does not exist is passed over: it will fail on its own, with
    its own reason, and no folder should be created for it.
    """
    seen: set[str] = set()
    for item in planned:
        if not item.source.exists():
            continue
        for target in item.files.values():
            key = _key(target.parent)
            if key not in seen:
                seen.add(key)
                check_folder(target.parent)
