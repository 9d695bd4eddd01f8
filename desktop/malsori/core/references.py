"""Reference transcripts for evaluation: the text a person says a recording contains.

People keep references in whatever they have: a plain text file, subtitles (SRT, WebVTT,
ASS), a transcript Malsori exported as JSON, or a Malsori project they corrected. Reading
goes through the same importers the editor uses (:mod:`malsori.core.subtitles`,
:mod:`malsori.core.project`), so a file the app can open is a file eval can measure
against, with the same tag and encoding handling. Only the words matter here: cue times
are dropped and cues are joined with spaces.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import project, subtitles
from .transcript import Transcript, normalize_space

#: The reference suffixes looked for beside a media file, in the order they are preferred:
#: plain text says only what was said; subtitles and transcripts say it with times.
REFERENCE_SUFFIXES: tuple[str, ...] = (".txt", ".srt", ".vtt", ".json")

#: Everything :func:`read_reference` reads.
READABLE_SUFFIXES: tuple[str, ...] = (*REFERENCE_SUFFIXES, ".ass", project.SUFFIX)


class ReferenceFileError(Exception):
    """A reference file cannot be read or holds no text; the message names the file and says why."""

    def __init__(self, message: str, path: str | os.PathLike[str]) -> None:
        super().__init__(message)
        self.path = Path(path)


def find_reference(media_path: str | os.PathLike[str]) -> Path | None:
    """The reference beside ``media_path``: the same name with the first of
    :data:`REFERENCE_SUFFIXES` that exists (lower or upper case), or None."""
    media = Path(media_path)
    for suffix in REFERENCE_SUFFIXES:
        for candidate in (media.with_suffix(suffix), media.with_suffix(suffix.upper())):
            if candidate != media and candidate.is_file():
                return candidate
    return None


def _cue_text(transcript: Transcript) -> str:
    return " ".join(text for text in (normalize_space(s.text) for s in transcript.segments) if text)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceFileError(f"Cannot read {path.name}: {subtitles.os_reason(exc)}", path) from exc
    # The subtitle importer's decoding: UTF-8 (BOM or not), UTF-16 with BOM, cp949 Korean files.
    return subtitles.decode_text(data, path.name).lstrip("\ufeff")


def _is_project_json(path: Path) -> bool:
    """Whether a .json file is a project saved under that name rather than a transcript export."""
    try:
        data = json.loads(_read_text(path))
    except (ValueError, RecursionError):
        return False  # the transcript importer says what is wrong with it
    return isinstance(data, dict) and data.get("format") == project.FORMAT_NAME


def _transcript(path: Path, suffix: str) -> Transcript:
    try:
        if suffix == project.SUFFIX or (suffix == ".json" and _is_project_json(path)):
            return project.load(path).transcript
        return subtitles.load(path)  # the format from the file's header, else its suffix
    except (subtitles.SubtitleError, project.ProjectError) as exc:
        raise ReferenceFileError(str(exc), path) from exc


def read_reference(path: str | os.PathLike[str]) -> str:
    """The reference text of a .txt, .srt, .vtt, .ass, .json (transcript export or project)
    or .malsori file; :class:`ReferenceFileError` when it is missing, damaged, of another
    kind, or holds no words."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ReferenceFileError(
            f"{path.name} is not a reference file Malsori reads (it reads {', '.join(READABLE_SUFFIXES)})", path
        )
    if not path.is_file():
        raise ReferenceFileError(f"{path.name} does not exist or is not a file", path)
    if suffix == ".txt":
        try:
            text = normalize_space(_read_text(path))
        except subtitles.SubtitleError as exc:  # a binary file named .txt
            raise ReferenceFileError(str(exc), path) from exc
    else:
        text = _cue_text(_transcript(path, suffix))
    if not text:
        raise ReferenceFileError(f"{path.name} holds no reference text: it is empty", path)
    return text
