"""What ``malsori eval`` measures: recordings paired with the text they truly say.

Three kinds of input, one list of items:

* a **manifest**: CSV, TSV or JSONL with the columns ``audio_path`` and ``text``
  (optionally ``language``), audio paths relative to the manifest;
* a **folder** of media with a reference beside each file (same name, see
  :mod:`malsori.core.references`);
* **Malsori projects**: the corrected transcript is the reference, the project's
  media the audio.

Bad input loses nothing else: a row without text, a missing audio file or a media
file without a reference becomes a :class:`InputProblem` saying where and why, and
the other items are measured.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from . import project, references
from .audio import MEDIA_SUFFIXES, media_files
from .references import ReferenceFileError

MANIFEST_SUFFIXES = {".csv": ",", ".tsv": "\t", ".jsonl": None}
COLUMNS = ("audio_path", "text")


@dataclass(frozen=True)
class EvalItem:
    """One recording and its reference text; ``name`` is how reports call it."""

    audio: Path
    reference: str
    name: str
    language: str | None = None


@dataclass(frozen=True)
class InputProblem:
    """An input that cannot be measured; ``line`` is the manifest line, when there is one."""

    source: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}, line {self.line}" if self.line is not None else str(self.source)
        return f"{where}: {self.reason}"


def load_inputs(paths: Iterable[Path]) -> tuple[list[EvalItem], list[InputProblem]]:
    """Items from every manifest, folder and project given, in order, and what was skipped."""
    items: list[EvalItem] = []
    problems: list[InputProblem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, bad = _folder(path)
        elif not path.exists():
            found, bad = [], [InputProblem(path, "it does not exist")]
        elif path.suffix.lower() in MANIFEST_SUFFIXES:
            found, bad = _manifest(path)
        elif path.suffix.lower() == project.SUFFIX:
            found, bad = _project(path)
        elif path.suffix.lower() in MEDIA_SUFFIXES:
            found, bad = _with_reference([path], path.parent)
        else:
            kinds = ", ".join(sorted(MANIFEST_SUFFIXES))
            found, bad = [], [InputProblem(path, f"not a manifest ({kinds}), a folder, a {project.SUFFIX} project "
                                                 "or a media file")]
        items.extend(found)
        problems.extend(bad)
    return items, problems


# --- manifests -------------------------------------------------------------------------


def _manifest(path: Path) -> tuple[list[EvalItem], list[InputProblem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # -sig: a spreadsheet's BOM is harmless
    except OSError as exc:
        return [], [InputProblem(path, f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return [], [InputProblem(path, "is not UTF-8 text")]
    delimiter = MANIFEST_SUFFIXES[path.suffix.lower()]
    rows = _json_lines(text) if delimiter is None else _table_rows(text, delimiter)
    items: list[EvalItem] = []
    problems: list[InputProblem] = []
    try:
        for line, row in rows:
            if isinstance(row, str):
                problems.append(InputProblem(path, row, line))
                continue
            item = _row_item(path, row)
            if isinstance(item, str):
                problems.append(InputProblem(path, item, line))
            else:
                items.append(item)
    except _ManifestError as exc:
        problems.append(InputProblem(path, str(exc), exc.line))
    return items, problems


class _ManifestError(Exception):
    """The whole manifest cannot be read on (no header columns, a broken CSV quote)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _table_rows(text: str, delimiter: str) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    """(line, row) of a CSV or TSV file; the csv module handles quotes and newlines in cells."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            found = ", ".join(header) if header else "none"
            raise _ManifestError(f"has no {' or '.join(missing)} column (the first line names the columns; "
                                 f"found: {found})", 1)
        for row in reader:
            if None in row:
                yield reader.line_num, f"has more cells than the header ({len(header)})"
            else:
                yield reader.line_num, row
    except csv.Error as exc:
        raise _ManifestError(f"cannot be read on: {exc}", reader.line_num) from None


def _json_lines(text: str) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            yield number, f"is not JSON: {exc}"
            continue
        yield number, row if isinstance(row, dict) else "is not a JSON object"


def _row_item(manifest: Path, row: Mapping[str, Any]) -> EvalItem | str:
    """The row's item, or why it is skipped."""
    missing = [c for c in COLUMNS if row.get(c) is None]
    if missing:
        return f"has no {' or '.join(missing)}"
    audio, text, language = row["audio_path"], row["text"], row.get("language")
    if not isinstance(audio, str) or not isinstance(text, str):
        return "audio_path and text must be text"
    if not audio.strip():
        return "audio_path is empty"
    if not text.strip():
        return "text is empty"
    if language is not None and not isinstance(language, str):
        return "language must be text"
    path = manifest.parent / os.path.expanduser(audio.strip())
    if not path.is_file():
        return f"audio file not found: {path}"
    return EvalItem(path, text, audio.strip(), (language or "").strip() or None)


# --- folders and projects -------------------------------------------------------------------


def _folder(folder: Path) -> tuple[list[EvalItem], list[InputProblem]]:
    """Media files under the folder (recursively, sorted, hidden entries skipped)."""
    media = sorted(path for path in media_files([folder]) if path.is_file())
    if not media:
        return [], [InputProblem(folder, "holds no audio or video files")]
    return _with_reference(media, folder)


def _with_reference(media: Iterable[Path], root: Path) -> tuple[list[EvalItem], list[InputProblem]]:
    items: list[EvalItem] = []
    problems: list[InputProblem] = []
    suffixes = "/".join(references.REFERENCE_SUFFIXES)
    for path in media:
        reference = references.find_reference(path)
        if reference is None:
            problems.append(InputProblem(path, f"has no reference beside it ({path.stem}{{{suffixes}}})"))
            continue
        try:
            text = references.read_reference(reference)
        except ReferenceFileError as exc:  # also an empty one
            problems.append(InputProblem(reference, str(exc)))
            continue
        items.append(EvalItem(path, text, path.relative_to(root).as_posix()))
    return items, problems


def _project(path: Path) -> tuple[list[EvalItem], list[InputProblem]]:
    try:
        loaded = project.load(path)
    except project.ProjectError as exc:
        return [], [InputProblem(path, str(exc))]
    if not loaded.media:
        return [], [InputProblem(path, "the project names no media file")]
    media = path.parent / Path(loaded.media).expanduser()  # an absolute media path stays as it is
    if not media.is_file():
        return [], [InputProblem(path, f"its media file is not found: {media}")]
    text = loaded.transcript.text
    if not text.strip():
        return [], [InputProblem(path, "the project's transcript is empty")]
    return [EvalItem(media, text, path.stem, loaded.transcript.language)], []  # stems are unique in a folder
