"""Record a live session to disk as it is captured, so a crash loses at most a second.

The source's real-time callback only puts blocks on a queue; a writer thread
writes them with soundfile (libsndfile) and flushes every ``flush_interval``.
libsndfile writes straight to the file descriptor (no stdio buffer), so after a
flush everything written is in the kernel, which keeps it when the process is
killed, and the flush's fsync keeps it through a power loss. What survives a
SIGKILL, measured (tests/core/test_recorder.py proves it):

* **WAV**: libsndfile leaves the RIFF and data sizes at 0 until the file is
  closed; FFmpeg and libsndfile then read to the end of the file, but other
  readers (Python's ``wave``, some editors) see an empty file. Each flush
  therefore rewrites the header (``SFC_UPDATE_HEADER_NOW``), so a killed WAV is
  a complete, valid file holding every block up to the last flush.
* **FLAC** (the default: half the size): complete frames are on disk, but
  libFLAC keeps the block being encoded (4096 samples, under 0.1 s at 48 kHz)
  in memory, and STREAMINFO says "length unknown" until close. FFmpeg (so
  :func:`malsori.core.audio.decode`, the path every transcription takes) reads
  such a file fully; libsndfile refuses to read it past its header.

Pausing, stopping and failures are ordered through the same queue as the
audio, so the blocks captured before ``pause()``/``stop()`` or a device error
are always written, and the ones after never are.
"""

from __future__ import annotations

import enum
import errno
import logging
import queue
import re
import shutil
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import av
import numpy as np
import soundfile as sf

from malsori.core import paths
from malsori.core.audio import SAMPLE_RATE
from malsori.core.audio_sources import (
    AudioSource,
    FileSource,
    InputDevice,
    RecorderError,
    SoundDeviceSource,
    list_input_devices,
)
from malsori.core.timecode import format_duration

__all__ = [
    "AudioSource",
    "FileSource",
    "InputDevice",
    "Recorder",
    "RecorderError",
    "SoundDeviceSource",
    "list_input_devices",
    "recordings_dir",
]

log = logging.getLogger(__name__)

FORMATS = {"flac": "FLAC", "wav": "WAV"}

#: libsndfile commands not wrapped by soundfile (sndfile.h).
_SFC_UPDATE_HEADER_NOW = 0x1060

#: Levels are reported this many times a second, for a meter.
LEVEL_RATE = 10

#: libsndfile reports a full disk as a bare "system error" without errno; below
#: this much free space that error is taken to be the disk filling up.
_FULL_DISK_BYTES = 4 << 20


class _Mark(enum.Enum):
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class _SourceFailed:
    error: Exception


def recordings_dir() -> Path:
    """Where recordings go unless the caller chooses: in the user's data folder."""
    return paths.data_dir() / "recordings"


class Recorder:
    """One recording session from ``source`` to a FLAC or WAV file in ``folder``.

    ``on_level`` gets the peak amplitude (0..1) about ten times a second, also
    while paused, so a person can check the microphone before resuming.
    ``on_audio`` gets the recorded audio as 16 kHz mono float32 chunks for live
    captions. Both, and ``on_error``, are called from the writer thread, never
    from the source's real-time callback. An exception in ``on_level`` or
    ``on_audio`` is logged and that callback is dropped: the recording goes on.
    """

    def __init__(
        self,
        source: AudioSource,
        folder: Path | None = None,
        fmt: str = "flac",
        on_level: Callable[[float], None] | None = None,
        on_audio: Callable[[np.ndarray], None] | None = None,
        on_error: Callable[[RecorderError], None] | None = None,
        flush_interval: float = 0.5,
        name: str | None = None,
    ) -> None:
        if fmt.lower() not in FORMATS:
            raise ValueError(f"format must be one of {sorted(FORMATS)}, not {fmt!r}")
        if not 0 < flush_interval <= 1:
            raise ValueError(f"flush_interval must be in (0, 1] seconds, not {flush_interval}")
        self._source = source
        self._folder = Path(folder) if folder is not None else recordings_dir()
        self._fmt = fmt.lower()
        self._on_level = on_level
        self._on_audio = on_audio
        self._on_error = on_error
        self._flush_interval = flush_interval
        self._name = name
        self._queue: queue.SimpleQueue[np.ndarray | _Mark | _SourceFailed] = queue.SimpleQueue()
        self._state = "idle"
        self._path: Path | None = None
        self._file: sf.SoundFile | None = None
        self._frames = 0
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()

    # --- public surface -------------------------------------------------------------

    @property
    def state(self) -> str:
        """"idle", "recording", "paused", "stopped" or "failed"."""
        return self._state

    @property
    def elapsed(self) -> float:
        """Seconds of audio written so far; paused time is not counted."""
        return self._frames / self._source.samplerate

    @property
    def path(self) -> Path | None:
        return self._path

    def start(self) -> Path:
        """Create the file and start capturing; returns the file's path.

        Raises :class:`RecorderError` when the folder cannot be written or the
        input cannot be opened; no empty file is left behind then.
        """
        with self._lock:
            if self._state != "idle":
                raise RuntimeError(f"a recorder is started once; this one is {self._state}")
            self._path = self._create_file()
            try:
                self._source.start(self._queue.put, lambda exc: self._queue.put(_SourceFailed(exc)))
            except Exception as exc:
                self._file.close()
                self._path.unlink(missing_ok=True)
                raise RecorderError(f"The input device could not be opened: {_reason(exc)}") from exc
            self._state = "recording"
            self._writer = threading.Thread(target=self._write_loop, name="malsori-recorder", daemon=True)
            self._writer.start()
            return self._path

    def pause(self) -> None:
        """Stop writing until :meth:`resume`; blocks captured before this call are kept."""
        with self._lock:
            if self._state == "recording":
                self._state = "paused"
                self._queue.put(_Mark.PAUSE)

    def resume(self) -> None:
        with self._lock:
            if self._state == "paused":
                self._state = "recording"
                self._queue.put(_Mark.RESUME)

    def stop(self) -> Path:
        """Stop capturing, write the last blocks, close the file and return its path.

        After a failure it only waits for the file to be closed: the path is
        still returned, the audio up to the failure is in it.
        """
        with self._lock:
            if self._state == "idle":
                raise RuntimeError("the recorder was never started")
            if self._state in ("recording", "paused"):
                self._source.stop()  # returns after the source's last block is queued
                self._queue.put(_Mark.STOP)
        if threading.current_thread() is not self._writer:  # stop() called from on_error
            self._writer.join()
        return self._path

    # --- file ---------------------------------------------------------------------

    def _create_file(self) -> Path:
        """Open a new file named by date and time (and the session's name), never overwriting."""
        stem = f"{datetime.now():%Y-%m-%d %H-%M-%S}"
        if self._name:
            stem += " " + _safe_file_name(self._name)
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = _reserve(self._folder, stem, "." + self._fmt)
            self._file = sf.SoundFile(
                path,
                "w",
                samplerate=self._source.samplerate,
                channels=self._source.channels,
                format=FORMATS[self._fmt],
                subtype="PCM_16",
            )
        except (OSError, sf.SoundFileError) as exc:
            raise RecorderError(f"Cannot create a recording in {self._folder}: {_reason(exc)}") from exc
        return path

    def _flush(self) -> None:
        """Make everything written so far readable after a crash (see the module docstring)."""
        if self._fmt == "wav":
            sf._snd.sf_command(self._file._file, _SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
        self._file.flush()  # sf_write_sync: fsync

    # --- writer thread ------------------------------------------------------------

    def _write_loop(self) -> None:
        """Drain the queue into the file until STOP or a failure, flushing on time."""
        session = _Session(self._source.samplerate, self._on_level, self._on_audio)
        paused = False
        failure: RecorderError | None = None
        next_flush = time.monotonic() + self._flush_interval
        while True:
            try:
                item = self._queue.get(timeout=max(0.0, next_flush - time.monotonic()))
            except queue.Empty:
                item = None
            try:
                if isinstance(item, np.ndarray):
                    session.level(item)
                    if not paused:
                        self._file.write(item)
                        self._frames += len(item)
                        session.audio(item)
                elif item in (_Mark.PAUSE, _Mark.RESUME):
                    paused = item is _Mark.PAUSE
                elif isinstance(item, _SourceFailed):
                    failure = self._device_error(item.error)
                if time.monotonic() >= next_flush:
                    self._flush()
                    next_flush = time.monotonic() + self._flush_interval
            except (OSError, sf.SoundFileError) as exc:
                failure = self._write_error(exc)
            if failure is not None or item is _Mark.STOP:
                break
        session.finish()
        self._close(failure)

    def _close(self, failure: RecorderError | None) -> None:
        """Close the file, settle the state, and tell the person if something went wrong."""
        if failure is not None:
            self._source.stop()
        try:
            self._file.close()
        except (OSError, sf.SoundFileError) as exc:
            # A full disk can refuse the last frames; what was flushed stays readable.
            log.warning("Closing %s: %s", self._path, _reason(exc))
        with self._lock:
            self._state = "failed" if failure is not None else "stopped"
        if failure is not None:
            log.error("%s", failure)
            if self._on_error is not None:
                self._on_error(failure)

    def _device_error(self, exc: Exception) -> RecorderError:
        return RecorderError(
            f"The input device stopped working ({_reason(exc)}). Recording stopped; "
            f"{self._kept()}"
        )

    def _write_error(self, exc: Exception) -> RecorderError:
        full = getattr(exc, "errno", None) == errno.ENOSPC or _free_bytes(self._folder) < _FULL_DISK_BYTES
        if full:
            return RecorderError(f"The disk is full. Recording stopped; {self._kept()}")
        return RecorderError(f"The recording could not be written ({_reason(exc)}). Recording stopped; {self._kept()}")

    def _kept(self) -> str:
        return f"what was recorded until then ({_clock(self.elapsed)}) is kept in {self._path}."


class _Session:
    """What the writer passes on besides the file: meter levels and 16 kHz mono audio."""

    def __init__(
        self,
        samplerate: int,
        on_level: Callable[[float], None] | None,
        on_audio: Callable[[np.ndarray], None] | None,
    ) -> None:
        self._on_level = on_level
        self._on_audio = on_audio
        self._level_frames = max(1, samplerate // LEVEL_RATE)
        self._peak = 0.0
        self._pending = 0
        self._to_16k = _To16kMono(samplerate) if on_audio is not None else None

    def level(self, block: np.ndarray) -> None:
        """Report the peak of each tenth of a second."""
        if self._on_level is None or not len(block):
            return
        self._peak = max(self._peak, float(np.abs(block).max()))
        self._pending += len(block)
        if self._pending >= self._level_frames:
            peak, self._peak, self._pending = min(1.0, self._peak), 0.0, 0
            self._on_level = _guarded(self._on_level, peak)

    def audio(self, block: np.ndarray) -> None:
        if self._on_audio is not None:
            self._on_audio = _guarded(self._on_audio, self._to_16k.convert(block))

    def finish(self) -> None:
        """Pass on what the resampler still holds: the end of the last block."""
        if self._on_audio is not None:
            tail = self._to_16k.flush()
            if len(tail):
                self._on_audio = _guarded(self._on_audio, tail)


class _To16kMono:
    """Stream (frames, channels) float32 blocks to 16 kHz mono, as live captions need.

    16 kHz input is only downmixed, so its samples pass on unchanged; other
    rates go through FFmpeg's resampler (PyAV), the one audio.decode uses, so
    live captions hear what a dropped file would sound like.
    """

    def __init__(self, samplerate: int) -> None:
        self._samplerate = samplerate
        self._resampler = (
            None if samplerate == SAMPLE_RATE else av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        )

    def convert(self, block: np.ndarray) -> np.ndarray:
        mono = np.ascontiguousarray(block.mean(axis=1, dtype=np.float32))
        if self._resampler is None:
            return mono
        frame = av.AudioFrame.from_ndarray(mono.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = self._samplerate
        return self._frames(self._resampler.resample(frame))

    def flush(self) -> np.ndarray:
        if self._resampler is None:
            return np.zeros(0, dtype=np.float32)
        return self._frames(self._resampler.resample(None))

    @staticmethod
    def _frames(frames: list[av.AudioFrame]) -> np.ndarray:
        if not frames:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames])


def _guarded(callback: Callable[[object], None], value: object) -> Callable[[object], None] | None:
    """Call a listener; one that raises is logged and dropped, so it cannot stop the recording."""
    try:
        callback(value)
    except Exception:
        log.exception("A recording listener failed; it gets no more updates")
        return None
    return callback


def _reserve(folder: Path, stem: str, suffix: str) -> Path:
    """Create an empty file named ``stem`` (or "stem (2)", ...) that did not exist yet."""
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")
        try:
            path.open("xb").close()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "too many recordings with the same name", str(folder / stem))


def _safe_file_name(name: str) -> str:
    """A session name usable in a file name on Windows and Linux."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")[:80]


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _clock(seconds: float) -> str:
    """Recorded time as a person reads it: "0:07", "12:05", "1:02:03" (whole seconds
    recorded, like a recorder's counter, so never ahead of the audio)."""
    return format_duration(int(seconds))
