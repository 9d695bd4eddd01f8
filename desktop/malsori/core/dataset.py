"""Training data from corrected projects: 16 kHz clips and their text, for fine-tuning Whisper.

A project's segments are the labels a person has checked, so a dataset is cut at segment
boundaries: consecutive segments are merged into clips of at most ``max_clip_s`` seconds
(Whisper trains on windows of 30 s), a longer segment is split at its words, and every clip is
written as 16 kHz mono 16-bit PCM WAV. The layout is Hugging Face's ``audiofolder`` with one
folder per split, which ``datasets.load_dataset("audiofolder", data_dir=OUT)`` reads as the
``train`` and ``test`` splits::

    OUT/train/metadata.csv      file_name,transcription   (file_name relative to train/)
    OUT/train/clips/<project>-0001.wav
    OUT/test/metadata.csv
    OUT/test/clips/<project>-0002.wav
    OUT/summary.json            clips, hours, per split, what was skipped and why

A clip's split is decided by a hash of its project and its start time, so exporting again with
one more project, or after correcting other segments, leaves the old clips where they were; a
test set never leaks into training across exports. Everything is written into a hidden staging
folder first and moved into place at the end, so a full disk, a cancel or a damaged file leaves
the previous dataset (or nothing) behind, never half of one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import soundfile

from . import atomic, audio
from .numbers import spell_out_numbers, supports
from .project import Project, ProjectError, safe_file_stem
from .project import load as load_project
from .transcript import Segment, Transcript, TranscriptError, joiner, normalize_space, split_at_word, word_offsets

FORMAT_NAME = "malsori-dataset"
FORMAT_VERSION = 1
SUMMARY = "summary.json"
METADATA = "metadata.csv"
CLIPS = "clips"
SPLITS = ("train", "test")

#: Whisper's input window: a training clip longer than this is cut off by the feature extractor.
MAX_CLIP_S = 30.0
#: Shorter clips hold no more than a syllable: too little to learn from, and often a timing slip.
MIN_CLIP_S = 0.3
#: A longer pause between two segments is not put inside one clip: it may hold speech the
#: transcript missed, which would then be audio without a label.
MAX_MERGE_GAP_S = 2.0
#: A clip whose audio ends this much before its segment's end (the media is shorter than the
#: transcript says) is skipped: its text would name words the audio does not hold.
_END_TOLERANCE_S = 0.05

_STAGING_PREFIX = ".malsori-dataset-"


class DatasetError(Exception):
    """The dataset cannot be written; the message is for the person and names the folder."""


class DatasetCancelled(Exception):
    """The caller's ``cancel`` returned True; nothing was published. Not an error."""


@dataclass(frozen=True)
class Skipped:
    """Something left out of the dataset, and why: a whole project, or one segment's span."""

    project: str
    reason: str
    start: float | None = None
    end: float | None = None

    def describe(self) -> str:
        where = "" if self.start is None else f" {self.start:.2f}–{self.end:.2f} s"
        return f"{self.project}{where}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"project": self.project, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True)
class SplitCount:
    clips: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class DatasetSummary:
    """What an export wrote; also saved as ``summary.json`` beside the splits."""

    folder: Path
    splits: Mapping[str, SplitCount]
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def clips(self) -> int:
        return sum(s.clips for s in self.splits.values())

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.splits.values())

    @property
    def hours(self) -> float:
        return self.seconds / 3600

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "clips": self.clips,
            "hours": round(self.hours, 4),
            "seconds": round(self.seconds, 3),
            "splits": {name: {"clips": s.clips, "seconds": round(s.seconds, 3)} for name, s in self.splits.items()},
            "skipped": [s.to_dict() for s in self.skipped],
            "notes": list(self.notes),
            "options": dict(self.options),
        }


@dataclass(frozen=True)
class Clip:
    """A span of a project's media and the text spoken in it (joined, not yet normalized)."""

    start: float
    end: float
    text: str

    @property
    def duration(self) -> float:
        return self.end - self.start


# --- planning: which spans become clips (pure) ----------------------------------------------------


def _pieces(seg: Segment, language: str | None, max_clip_s: float) -> list[Segment] | str:
    """``seg`` cut at its words into pieces of at most ``max_clip_s``, or why it cannot be.

    Each cut is the editor's own split at a word (the middle of the pause before it), taken as
    late as the limit allows, so the pieces are as long as they may be and as few.
    """
    if seg.duration <= max_clip_s:
        return [seg]
    if not seg.words:
        return f"longer than {max_clip_s:g} s and without word timings to split it at"
    if word_offsets(seg) is None:
        return f"longer than {max_clip_s:g} s and its words no longer spell its corrected text"
    pieces: list[Segment] = []
    rest = Transcript((seg,), language=language)
    while rest.segments[0].duration > max_clip_s:
        last = rest.segments[0]
        for index in range(len(last.words) - 1, 0, -1):
            try:
                cut = split_at_word(rest, 0, index)
            except TranscriptError:  # nothing but spaces on one side
                continue
            if cut.segments[0].duration <= max_clip_s:
                pieces.append(cut.segments[0])
                rest = Transcript(cut.segments[1:], language=language)
                break
        else:
            return f"longer than {max_clip_s:g} s with no pause between words to split it at within that"
    return [*pieces, rest.segments[0]]


def plan_clips(transcript: Transcript, *, reviewed_only: bool = False, max_clip_s: float = MAX_CLIP_S,
               project: str = "") -> tuple[list[Clip], list[Skipped]]:
    """The clips of one transcript, in time order, and the segments left out with their reasons.

    Consecutive segments are merged while the clip stays within ``max_clip_s`` and the pause
    between them within :data:`MAX_MERGE_GAP_S`. A segment that is left out (no text, not
    reviewed when ``reviewed_only``, too long to split) ends the clip before it: merging across
    it would put its speech into a clip whose text does not say it.
    """
    join = joiner(transcript.language)
    clips: list[Clip] = []
    skipped: list[Skipped] = []
    run: list[Segment] = []

    def flush() -> None:
        if run:
            text = join.join(normalize_space(s.text) for s in run)
            clip = Clip(run[0].start, max(s.end for s in run), text)
            if clip.duration < MIN_CLIP_S:
                skipped.append(Skipped(project, f"shorter than {MIN_CLIP_S:g} s", clip.start, clip.end))
            else:
                clips.append(clip)
            run.clear()

    for seg in transcript.segments:
        if reviewed_only and not seg.reviewed:
            flush()
            continue
        if not normalize_space(seg.text):
            skipped.append(Skipped(project, "no text", seg.start, seg.end))
            flush()
            continue
        pieces = _pieces(seg, transcript.language, max_clip_s)
        if isinstance(pieces, str):
            skipped.append(Skipped(project, pieces, seg.start, seg.end))
            flush()
            continue
        for piece in pieces:
            too_long = run and piece.end - run[0].start > max_clip_s
            if too_long or (run and piece.start - max(s.end for s in run) > MAX_MERGE_GAP_S):
                flush()
            run.append(piece)
    flush()
    return clips, skipped


def label(text: str, language: str | None, spell_numbers: bool = False) -> str:
    """A clip's training text: numbers written out as spoken when asked, whitespace collapsed."""
    if spell_numbers:
        text = spell_out_numbers(text, language)
    return normalize_space(text)


def _draw(identity: str, start: float, seed_text: str) -> float:
    """Where in [0, 1) the clip of project ``identity`` starting at ``start`` s falls; below the
    test share is test. A hash, not a random draw: the same clip lands in the same split in every
    export, whatever else is exported with it."""
    digest = hashlib.sha256(f"{seed_text}\0{identity}\0{round(start * 1000)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def project_identity(project: Project) -> str:
    """What names a project across exports: its creation time, kept through edits, renames and
    re-runs (a file name or title can change, and the media can be moved)."""
    return repr(project.created)


# --- writing ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    split: str
    file_name: str  # relative to the split's folder
    text: str
    seconds: float
    draw: float


def is_dataset(folder: Path) -> bool:
    """Whether ``folder`` holds a dataset Malsori wrote (its summary.json says so)."""
    try:
        data = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT_NAME


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise DatasetError(f"Cannot write the dataset to {out}: it is a file, not a folder")
    try:
        entries = [p for p in out.iterdir() if not p.name.startswith(_STAGING_PREFIX)] if out.is_dir() else []
    except OSError as exc:
        raise DatasetError(f"Cannot write the dataset to {out}: {exc.strerror or exc}") from exc
    if entries and not is_dataset(out):
        raise DatasetError(
            f"Cannot write the dataset to {out}: the folder is not empty and holds no Malsori dataset. "
            "Choose an empty folder (or a dataset folder Malsori wrote before, which is replaced)"
        )


def _wav_bytes(samples: np.ndarray) -> bytes:
    """16-bit PCM WAV in memory, so the write to disk is a plain file write whose failure
    (a full disk) is an OSError with its reason, not a libsndfile message."""
    buffer = io.BytesIO()
    soundfile.write(buffer, np.clip(samples, -1.0, 1.0), audio.SAMPLE_RATE, subtype="PCM_16", format="WAV")
    return buffer.getvalue()


def _cut(chunks: Iterator[np.ndarray], spans: Sequence[tuple[int, int]]) -> Iterator[np.ndarray]:
    """The samples of each [start, end) span, in order, from a stream of chunks; holds only the
    audio from the current span's start on, so a three-hour file never sits in memory."""
    buffer = np.empty(0, dtype=np.float32)
    offset = 0  # the sample index of buffer[0]
    for start, end in spans:
        while offset + len(buffer) < end:
            chunk = next(chunks, None)
            if chunk is None:
                break
            buffer = np.concatenate([buffer, chunk])
        if start > offset:
            buffer, offset = buffer[start - offset:], start
        yield buffer[: max(0, end - offset)]


def _media_path(project: Project) -> Path | str:
    if not project.media:
        return "it has no media file"
    media = Path(project.media)
    if not media.is_file():
        return f"its media file {media} is missing"
    return media


class _Export:
    """One export run: the staging folder, the rows written so far, what was skipped."""

    def __init__(self, out: Path, test_share: float, seed_text: str, spell_numbers: bool,
                 progress: Callable[[float], None] | None, cancel: Callable[[], bool] | None):
        self.out = out
        self.stage = out / f"{_STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
        self.test_share = test_share
        self.seed_text = seed_text
        self.spell_numbers = spell_numbers
        self.progress = progress
        self.cancel = cancel or (lambda: False)
        self.rows: list[_Row] = []
        self.skipped: list[Skipped] = []
        self.notes: list[str] = []
        self.stems: set[str] = set()

    def fail(self, exc: OSError) -> DatasetError:
        return DatasetError(f"Cannot write the dataset to {self.out}: {exc.strerror or exc}")

    def _stem(self, path: Path) -> str:
        base = safe_file_stem(path.stem).replace(" ", "_")
        stem, n = base, 1
        while stem.casefold() in self.stems:
            n += 1
            stem = f"{base}-{n}"
        self.stems.add(stem.casefold())
        return stem

    def project(self, path: Path, project: Project, reviewed_only: bool, max_clip_s: float, done: float,
                total: float) -> None:
        """Add the clips of ``project`` (from the file ``path``); one that cannot be used is skipped."""
        name = str(path)
        media = _media_path(project)
        if isinstance(media, str):
            self.skipped.append(Skipped(name, media))
            return
        transcript = project.transcript
        clips, skipped = plan_clips(transcript, reviewed_only=reviewed_only, max_clip_s=max_clip_s, project=name)
        self.skipped.extend(skipped)
        if not clips:
            why = "no segment is marked reviewed" if reviewed_only and not any(
                s.reviewed for s in transcript.segments) else "no segment gives a clip"
            self.skipped.append(Skipped(name, why))
            return
        if self.spell_numbers and not supports(transcript.language):
            self.notes.append(f"{name}: numbers left as digits: language {transcript.language!r} is not supported")
        identity = project_identity(project)
        stem = self._stem(path)
        width = max(4, len(str(len(clips))))
        spans = [(round(c.start * audio.SAMPLE_RATE), round(c.end * audio.SAMPLE_RATE)) for c in clips]

        def report(seconds: float) -> None:
            if self.progress is not None:
                self.progress(min(1.0, (done + min(seconds, _weight(project))) / total))

        rows: list[_Row] = []
        written: list[Path] = []
        try:
            chunks = audio.stream(media, cancel=self.cancel, progress=report)
            for number, (clip, samples) in enumerate(zip(clips, _cut(chunks, spans)), start=1):
                if self.cancel():
                    raise DatasetCancelled()
                if len(samples) < (clip.duration - _END_TOLERANCE_S) * audio.SAMPLE_RATE:
                    self.skipped.append(Skipped(name, "the media ends before it", clip.start, clip.end))
                    continue
                draw = _draw(identity, clip.start, self.seed_text)
                split = "test" if draw < self.test_share else "train"
                file_name = f"{CLIPS}/{stem}-{number:0{width}d}.wav"
                target = self.stage / split / file_name
                with open(target, "wb") as f:
                    f.write(_wav_bytes(samples))
                written.append(target)
                rows.append(_Row(split, file_name, label(clip.text, transcript.language, self.spell_numbers),
                                 len(samples) / audio.SAMPLE_RATE, draw))
            for _ in chunks:  # decoded to the end: a damaged file is only known there
                pass
        except audio.DecodeCancelled:
            raise DatasetCancelled() from None
        except audio.AudioError as exc:
            for target in written:  # a damaged file's clips may be cut from the wrong audio
                target.unlink(missing_ok=True)
            self.skipped.append(Skipped(name, str(exc)))
            return
        self.rows.extend(rows)

    def balance(self) -> None:
        """A dataset of two or more clips gets at least one in each split (the clip whose hash is
        nearest the other side moves), so a tiny export still has something to test on."""
        if len(self.rows) < 2 or not 0 < self.test_share < 1:
            return
        for split, other, pick in (("test", "train", min), ("train", "test", max)):
            if not any(r.split == split for r in self.rows):
                row = pick(self.rows, key=lambda r: r.draw)
                os.replace(self.stage / other / row.file_name, self.stage / split / row.file_name)
                row.split = split

    def write_metadata(self) -> None:
        for split in SPLITS:
            rows = [r for r in self.rows if r.split == split]
            if not rows:
                shutil.rmtree(self.stage / split)
                continue
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(["file_name", "transcription"])
            writer.writerows([r.file_name, r.text] for r in rows)
            atomic.write_text(self.stage / split / METADATA, text.getvalue())

    def summary(self, options: Mapping[str, Any]) -> DatasetSummary:
        splits = {split: SplitCount(sum(r.split == split for r in self.rows),
                                    sum(r.seconds for r in self.rows if r.split == split)) for split in SPLITS}
        return DatasetSummary(self.out, splits, tuple(self.skipped), tuple(self.notes), dict(options))

    def publish(self) -> None:
        """Move the staged splits and summary over whatever an earlier export left; renames in one
        folder, so they cannot run out of space. summary.json goes out first and comes in last:
        while it is there the folder is a complete dataset or recognizably one of ours."""
        previous = self.stage / "previous"
        previous.mkdir()
        names = [SUMMARY, *SPLITS]
        moves: list[tuple[Path, Path]] = []
        try:
            for source, target in [(self.out / n, previous / n) for n in names] + [
                    (self.stage / n, self.out / n) for n in reversed(names)]:
                if source.exists():
                    os.replace(source, target)
                    moves.append((source, target))
        except BaseException:  # a failed rename, or Ctrl+C between two
            for source, target in reversed(moves):  # the earlier dataset back as it was
                os.replace(target, source)
            raise


def export_dataset(
    projects: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    reviewed_only: bool = False,
    max_clip_s: float = MAX_CLIP_S,
    test_share: float = 0.2,
    seed_text: str = "malsori",
    spell_numbers: bool = False,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> DatasetSummary:
    """Write the clips of ``projects`` (project files) to ``out_dir`` as an audiofolder dataset.

    A project that cannot be opened, whose media is missing or damaged, or that gives no clip
    is skipped and listed in the summary with its reason. ``out_dir`` must be empty, missing, or
    a dataset Malsori wrote before (which is replaced as a whole). ``progress`` gets the fraction
    done; ``cancel`` is polled between clips and audio chunks, and when it returns True
    :class:`DatasetCancelled` is raised and nothing is changed in ``out_dir``. Raises
    :class:`DatasetError` when nothing can be exported or the folder cannot be written.
    """
    if not 0 < max_clip_s <= MAX_CLIP_S:
        raise DatasetError(f"The longest clip must be above 0 and at most {MAX_CLIP_S:g} s, not {max_clip_s:g}")
    if not 0 <= test_share < 1:
        raise DatasetError(f"The test share must be at least 0 and below 1, not {test_share:g}")
    paths = list(dict.fromkeys(Path(p) for p in projects))  # a project named twice gives its clips once
    if not paths:
        raise DatasetError("No projects to export")
    out = Path(out_dir)
    _check_out_dir(out)
    made = not out.exists()
    run = _Export(out, test_share, seed_text, spell_numbers, progress, cancel)
    options = {"reviewed_only": reviewed_only, "max_clip_s": max_clip_s, "test_share": test_share,
               "seed_text": seed_text, "spell_numbers": spell_numbers, "projects": [str(p) for p in paths]}
    loaded: list[tuple[Path, Project]] = []
    for path in paths:
        try:
            loaded.append((path, load_project(path)))
        except ProjectError as exc:
            run.skipped.append(Skipped(str(path), str(exc)))
    total = sum(_weight(project) for _, project in loaded)
    try:
        for split in SPLITS:
            (run.stage / split / CLIPS).mkdir(parents=True, exist_ok=True)
        done = 0.0
        for path, project in loaded:
            if run.cancel():
                raise DatasetCancelled()
            run.project(path, project, reviewed_only, max_clip_s, done, total)
            done += _weight(project)
        if not run.rows:  # why, the projects' reasons first
            why = sorted(run.skipped, key=lambda s: s.start is not None)
            reasons = "; ".join(s.describe() for s in why[:5]) or "the projects hold no text"
            raise DatasetError(f"Nothing to export to {out}: {reasons}")
        run.balance()
        run.write_metadata()
        summary = run.summary(options)
        atomic.write_text(run.stage / SUMMARY, json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
        run.publish()
    except OSError as exc:
        raise run.fail(exc) from exc
    finally:
        shutil.rmtree(run.stage, ignore_errors=True)
        for stale in out.glob(f"{_STAGING_PREFIX}*") if out.is_dir() else ():  # an earlier run killed midway
            shutil.rmtree(stale, ignore_errors=True)
        if made and out.is_dir() and not any(out.iterdir()):  # a failed first export leaves no folder behind
            out.rmdir()
    if progress is not None:
        progress(1.0)
    return summary


def _weight(project: Project) -> float:
    """A project's share of the progress bar: the seconds of media it covers."""
    t = project.transcript
    return max(t.duration, max((seg.end for seg in t.segments), default=0.0), 1.0)
