"""The .malsori project file: a finished transcription, saved so it survives a restart.

A project is one UTF-8 JSON file::

    {"format": "malsori-project", "version": 1, "title": ..., "media": ...,
     "created": ..., "modified": ..., "extra": {...}, "transcript": {...}}

``transcript`` is :meth:`Transcript.to_dict` output, so the transcript keeps its
own format version. Saving is atomic (see :mod:`malsori.core.atomic`): a full
disk or a crash leaves the previous file, never half a project. Every failure a
person can meet (a missing, foreign, newer or damaged file, a folder that cannot
be written) is a :class:`ProjectError` whose message names the file and can be
shown as it is.

:class:`ProjectStore` keeps projects in one folder (the history panel) and gives
each a readable, filesystem-safe, never-clashing file name.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from malsori.core import atomic, paths
from malsori.core.transcript import Transcript, TranscriptError

FORMAT_NAME = "malsori-project"
FORMAT_VERSION = 1
SUFFIX = ".malsori"
UNTITLED = "Untitled"

log = logging.getLogger(__name__)


class ProjectError(Exception):
    """A project cannot be built, saved, opened or deleted; the message is for the person."""


def _check_time(name: str, value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            if math.isfinite(value):
                return float(value)
        except OverflowError:  # an int too large for a float
            pass
    raise ProjectError(f"'{name}' must be a finite number of seconds since the epoch, not {value!r}")


def _json_copy(name: str, value: Any) -> Any:
    """A deep copy made through JSON: it proves the value can be saved, and what
    is kept (lists for tuples, say) is exactly what a reload gives back, so a
    round trip through a file returns an equal project."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise ProjectError(f"'{name}' must hold only JSON values: {exc}") from None


@dataclass(frozen=True)
class Project:
    """A saved transcription: the transcript, the media it came from, and when.

    ``extra`` holds JSON-compatible data of later features (saved summaries, ...);
    it is a private deep copy, so changing the caller's dict changes nothing here.
    """

    transcript: Transcript
    media: str | None
    title: str
    created: float
    modified: float
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.transcript, Transcript):
            raise ProjectError(f"'transcript' must be a Transcript, not {type(self.transcript).__name__}")
        media = self.media
        if isinstance(media, os.PathLike):
            media = os.fspath(media)
        if media is not None and not isinstance(media, str):
            raise ProjectError(f"'media' must be a path or null, not {self.media!r}")
        if not isinstance(self.title, str):
            raise ProjectError(f"'title' must be a string, not {self.title!r}")
        if not isinstance(self.extra, Mapping):
            raise ProjectError(f"'extra' must be an object, not {self.extra!r}")
        object.__setattr__(self, "media", media)
        object.__setattr__(self, "created", _check_time("created", self.created))
        object.__setattr__(self, "modified", _check_time("modified", self.modified))
        object.__setattr__(self, "extra", _json_copy("extra", dict(self.extra)))

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON content."""
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "title": self.title,
            "media": self.media,
            "created": self.created,
            "modified": self.modified,
            "extra": _json_copy("extra", self.extra),
            "transcript": self.transcript.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Project:
        """Build a Project from :meth:`to_dict` output; a ProjectError otherwise."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT_NAME:
            raise ProjectError("it is not a Malsori project file")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ProjectError(f"its project format version {version!r} is not valid")
        if version > FORMAT_VERSION:
            raise ProjectError(
                f"it was saved by a newer Malsori (project format version {version}; this one reads "
                f"version {FORMAT_VERSION} and older). Update Malsori to open it"
            )
        try:
            transcript = Transcript.from_dict(data.get("transcript"))
        except TranscriptError as exc:
            raise ProjectError(f"the file is damaged: {exc}") from None
        try:
            return cls(
                transcript=transcript,
                media=data.get("media"),
                title=data.get("title"),
                created=data.get("created"),
                modified=data.get("modified"),
                extra=data.get("extra", {}),
            )
        except ProjectError as exc:
            raise ProjectError(f"the file is damaged: {exc}") from None


def _reason(exc: OSError) -> str:
    """'no space left on device' rather than '[Errno 28] No space left on device: '/x''."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


def _encode(project: Project) -> bytes:
    text = json.dumps(project.to_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # Korean stays readable in the file. The only thing UTF-8 cannot encode is a
    # lone surrogate (an undecodable byte in a Linux file name, kept by Python
    # as U+DCxx); it can only sit inside a JSON string, where backslashreplace
    # writes it as the JSON escape \udcxx, which loads back to the same string.
    return (text + "\n").encode("utf-8", errors="backslashreplace")


def save(project: Project, path: str | os.PathLike[str]) -> None:
    """Write ``project`` to ``path`` atomically; the previous file survives any failure."""
    path = Path(path)
    data = _encode(project)
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise ProjectError(f"Cannot save project to {path}: {_reason(exc)}") from exc


#: Bytes read first to tell a project from, say, a video opened by mistake.
_SNIFF = 4096


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
            if not head:
                raise ProjectError(f"Cannot open project {path}: the file is empty")
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
                raise ProjectError(f"Cannot open project {path}: it is not a Malsori project file")
            raw = head + f.read()
    except FileNotFoundError:
        raise ProjectError(f"Cannot open project {path}: the file does not exist") from None
    except OSError as exc:
        raise ProjectError(f"Cannot open project {path}: {_reason(exc)}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))  # -sig: a BOM from a Windows editor is harmless
    except UnicodeDecodeError:
        raise ProjectError(f"Cannot open project {path}: it is not a Malsori project (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"Cannot open project {path}: it is not a Malsori project or it is damaged "
            f"(invalid JSON at line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError):  # absurd numbers or nesting
        raise ProjectError(f"Cannot open project {path}: it is not a Malsori project or it is damaged") from None


def load(path: str | os.PathLike[str]) -> Project:
    """Read a project file; a ProjectError naming the file for anything else."""
    path = Path(path)
    data = _read(path)
    try:
        return Project.from_dict(data)
    except ProjectError as exc:
        raise ProjectError(f"Cannot open project {path}: {exc}") from None


# --- file names -----------------------------------------------------------------------

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)
#: UTF-8 bytes of a name's stem: far below the 255 of Linux and Windows, leaving
#: room for " (999)", the suffix, and the atomic writer's temporary-name additions.
_MAX_STEM_BYTES = 150


def safe_file_stem(title: str) -> str:
    """A file name stem that Windows and Linux both accept and a person can still read.

    Characters Windows forbids, control characters and lone surrogates become
    spaces; whitespace runs collapse; leading dots (hidden files) and trailing
    dots and spaces (which Windows silently drops) go; device names such as CON
    get an underscore; Hangul is normalized to composed syllables (macOS hands
    out decomposed names) and kept.
    """
    text = unicodedata.normalize("NFC", title)
    text = "".join(" " if unicodedata.category(ch) == "Cs" else ch for ch in text)
    text = _SPACES.sub(" ", _FORBIDDEN.sub(" ", text))[:_MAX_STEM_BYTES]
    while len(text.encode("utf-8")) > _MAX_STEM_BYTES:
        text = text[:-1]
    text = text.strip(". ")
    if not text:
        return UNTITLED
    head, dot, rest = text.partition(".")
    if head.strip(" ").upper() in _RESERVED:  # Windows reserves "CON.anything" too
        text = f"{head.rstrip(' ')}_{dot}{rest}"
    return text


def _claim(path: Path) -> bool:
    """Create ``path`` empty if nothing is there; exclusive, so two saves racing
    for one name (or a case-insensitive clash) never overwrite each other."""
    try:
        with open(path, "x"):
            return True
    except FileExistsError:
        return False


# --- the project folder -----------------------------------------------------------------


#: Project.extra keys of a result Malsori writes from a transcription.
PARTIAL = "partial"  # True: the transcription was stopped before the end of the media
TRANSCRIBED = "transcribed"  # the ``modified`` time Malsori wrote it with


def untouched(project: Project) -> bool:
    """Whether ``project`` is still as a transcription left it: any save by the
    person (an edit in the editor, a saved summary) moves ``modified`` on, while
    ``extra[TRANSCRIBED]`` keeps the time Malsori wrote. A renamed title does not count."""
    return project.extra.get(TRANSCRIBED) == project.modified


def is_partial(project: Project) -> bool:
    return bool(project.extra.get(PARTIAL))


@dataclass(frozen=True)
class ProjectSummary:
    """What the history panel shows of a project, without keeping its transcript."""

    path: Path
    title: str
    media: str | None
    modified: float
    duration: float
    language: str | None
    segment_count: int
    partial: bool = False


class ProjectStore:
    """The folder of saved projects (by default ``data_dir()/projects``)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.data_dir() / "projects"

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"Cannot create the project folder {self.root}: {_reason(exc)}") from exc

    def _new_path(self, title: str) -> Path:
        stem = safe_file_stem(title)
        for n in range(1, 10_000):
            candidate = self.root / (f"{stem}{SUFFIX}" if n == 1 else f"{stem} ({n}){SUFFIX}")
            try:
                if _claim(candidate):
                    return candidate
            except OSError as exc:
                raise ProjectError(f"Cannot save project to {candidate}: {_reason(exc)}") from exc
        raise ProjectError(f"Cannot save project: too many projects are named {stem!r} in {self.root}")

    def create(self, transcript: Transcript, media: str | os.PathLike[str] | None, title: str | None = None,
               partial: bool | None = None) -> Path:
        """Save a new project and return its file; never replaces an existing one.

        The title defaults to the media file's name without its extension.
        ``partial`` (not None) marks the project as a transcription result, whole
        (False) or stopped before the end (True), so :meth:`save_result` can
        later tell whether the person has changed it.
        """
        if title is None:
            title = unicodedata.normalize("NFC", Path(media).stem) if media else UNTITLED
        now = time.time()
        extra = {} if partial is None else {PARTIAL: partial, TRANSCRIBED: now}
        project = Project(transcript, media, title, created=now, modified=now, extra=extra)
        self._ensure_root()
        path = self._new_path(title)
        try:
            save(project, path)
        except ProjectError:
            path.unlink(missing_ok=True)  # the empty placeholder _new_path claimed
            raise
        return path

    def save(self, project: Project, path: str | os.PathLike[str]) -> None:
        """Save over a project of this store (such as after an edit)."""
        self._ensure_root()
        save(project, path)

    def save_result(self, transcript: Transcript, media: str | os.PathLike[str] | None,
                    previous: str | os.PathLike[str] | None, partial: bool = False) -> Path:
        """Save a transcription result of ``media``; returns the project file it went to.

        A re-run replaces its ``previous`` result in place (keeping the title, which
        the person may have renamed) when nobody has saved a change to it since
        Malsori wrote it. One the person edited is never overwritten: the new result
        becomes a new project beside it, so both versions are kept.
        """
        if previous is not None:
            previous = Path(previous)
            try:
                old = load(previous)
            except ProjectError as exc:
                log.info("not replacing %s: %s", previous, exc)
                old = None
            if old is not None and untouched(old):
                now = time.time()
                self.save(Project(transcript, os.fspath(media) if media is not None else None, old.title,
                                  created=old.created, modified=now, extra={**old.extra, PARTIAL: partial,
                                                                            TRANSCRIBED: now}), previous)
                return previous
        return self.create(transcript, media, partial=partial)

    def rename(self, path: str | os.PathLike[str], title: str) -> None:
        """Give a project another title (what the history shows); the file keeps its name.
        ``modified`` is kept, so a renamed result still counts as untouched."""
        title = unicodedata.normalize("NFC", title).strip()
        if not title:
            raise ProjectError("A project's title cannot be empty")
        self.save(dataclasses.replace(load(path), title=title), path)

    def list(self) -> list[ProjectSummary]:
        """Every readable project, newest first; a damaged file is logged and skipped
        so one bad file never hides the others."""
        try:
            files = sorted(self.root.glob(f"*{SUFFIX}"))
        except OSError as exc:
            log.warning("cannot list projects in %s: %s", self.root, _reason(exc))
            return []
        summaries = []
        for path in files:
            try:
                project = load(path)
            except ProjectError as exc:
                log.warning("skipping project: %s", exc)
                continue
            summaries.append(_summary(path, project))
        summaries.sort(key=lambda s: s.modified, reverse=True)
        return summaries

    def delete(self, path: str | os.PathLike[str]) -> None:
        """Remove a project file (gone already is fine: the person's wish is met)."""
        path = Path(path)
        if path.suffix != SUFFIX:
            raise ProjectError(f"Cannot delete {path}: it is not a Malsori project file")
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise ProjectError(f"Cannot delete project {path}: {_reason(exc)}") from exc


def _summary(path: Path, project: Project) -> ProjectSummary:
    t = project.transcript
    return ProjectSummary(
        path=path,
        title=project.title,
        media=project.media,
        modified=project.modified,
        duration=t.duration,
        language=t.language,
        segment_count=len(t.segments),
        partial=is_partial(project),
    )
