"""Where recorded audio comes from: input devices, and a file played in real time.

The :class:`~malsori.core.recorder.Recorder` takes its samples from an
:class:`AudioSource`, so the same recorder runs against a microphone
(:class:`SoundDeviceSource`, PortAudio through sounddevice) and against a file
played at the pace of a real microphone (:class:`FileSource`), which is how tests
and benches drive it on machines without a sound card.

sounddevice is imported lazily: it raises OSError at import time when the
PortAudio library is missing, and a machine without audio must still list
"no devices" and transcribe files.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

import numpy as np

from malsori.core import audio

log = logging.getLogger(__name__)

BlockCallback = Callable[[np.ndarray], None]
ErrorCallback = Callable[[Exception], None]

#: Device names that capture what the machine plays rather than a microphone:
#: PulseAudio/PipeWire monitors, WASAPI loopback, and the old Windows mixers.
_MONITOR_NAME = re.compile(r"\.monitor\b|monitor of|loopback|stereo mix|what u hear|wave out mix", re.IGNORECASE)


class RecorderError(Exception):
    """Recording could not start or had to stop; the message is for the person.

    Defined here, beside the sources that raise it, and re-exported by
    :mod:`malsori.core.recorder`, where callers look for it.
    """


@dataclass(frozen=True)
class InputDevice:
    """An input a person can record from, as shown in the device picker.

    ``pulse_source`` is set for PulseAudio/PipeWire sources reached through
    PortAudio's ALSA "pulse" device (``index``): PortAudio 19.6, the version
    Linux distributions ship, has no PulseAudio host API, so without it the
    monitor of a sound card (to transcribe a call or a video) could not be chosen.
    """

    index: int
    name: str
    channels: int
    default_samplerate: float
    is_default: bool
    is_monitor: bool
    pulse_source: str | None = None


class AudioSource(Protocol):
    """How audio reaches the recorder: blocks pushed from a (real-time) thread."""

    samplerate: int
    channels: int

    def start(self, on_block: BlockCallback, on_error: ErrorCallback) -> None:
        """Begin calling ``on_block`` with float32 (frames, channels) blocks.

        ``on_error`` is called at most once, when the source can deliver no more
        audio (device unplugged, stream error); no block follows it.
        """

    def stop(self) -> None:
        """Stop; when this returns, ``on_block`` has been called for the last time."""


# --- devices ------------------------------------------------------------------------


def list_input_devices(rescan: bool = False) -> list[InputDevice]:
    """Every input the person can choose; [] when there is no PortAudio or no device.

    PortAudio lists devices once, when it starts; ``rescan`` restarts it to see
    a microphone plugged in (or a sound server started) since. Only rescan
    while no stream is open: restarting PortAudio closes them. Never raises: the
    recording panel must open on a machine without audio.
    """
    try:
        import sounddevice as sd

        if rescan:
            sd._terminate()
            sd._initialize()
        devices = sd.query_devices()
        default_input = sd.default.device[0]
    except Exception as exc:  # OSError without PortAudio, PortAudioError without a backend
        log.info("No audio input devices: %s", exc)
        return []
    found = [
        InputDevice(
            index=i,
            name=d["name"],
            channels=int(d["max_input_channels"]),
            default_samplerate=float(d["default_samplerate"]),
            is_default=i == default_input,
            is_monitor=bool(_MONITOR_NAME.search(d["name"])),
        )
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]
    pulse = next((d for d in found if d.name == "pulse"), None)
    return found + (_pulse_sources(pulse) if pulse is not None else [])


def _pulse_sources(pulse: InputDevice) -> list[InputDevice]:
    """The PulseAudio/PipeWire sources behind ALSA's "pulse" device, monitors included.

    Read with ``pactl`` (pulseaudio-utils, also shipped for PipeWire), in the C
    locale so the field names can be parsed; [] if it is missing or fails.
    """
    pactl = shutil.which("pactl")
    if pactl is None:
        return []
    env = {**os.environ, "LC_ALL": "C"}
    try:
        listing = subprocess.run(
            [pactl, "list", "sources"], capture_output=True, text=True, timeout=3, env=env, check=True
        ).stdout
        default = subprocess.run(
            [pactl, "get-default-source"], check=False, capture_output=True, text=True, timeout=3, env=env
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("PulseAudio sources not listed: %s", exc)
        return []
    return [
        InputDevice(
            index=pulse.index,
            name=fields.get("Description", name),
            channels=int(fields.get("channels", 2)),
            default_samplerate=float(fields.get("rate", pulse.default_samplerate)),
            is_default=name == default,
            is_monitor=name.endswith(".monitor"),
            pulse_source=name,
        )
        for name, fields in _parse_pactl_sources(listing)
    ]


def _parse_pactl_sources(listing: str) -> list[tuple[str, dict[str, str]]]:
    """(name, fields) per source in ``pactl list sources`` output (Description, channels, rate)."""
    sources: list[tuple[str, dict[str, str]]] = []
    for block in re.split(r"^Source #\d+", listing, flags=re.MULTILINE)[1:]:
        name = re.search(r"^\s*Name: (.+)$", block, re.MULTILINE)
        if name is None:
            continue
        fields: dict[str, str] = {}
        description = re.search(r"^\s*Description: (.+)$", block, re.MULTILINE)
        if description:
            fields["Description"] = description.group(1).strip()
        spec = re.search(r"^\s*Sample Specification: \S+ (\d+)ch (\d+)Hz", block, re.MULTILINE)
        if spec:
            fields["channels"], fields["rate"] = spec.groups()
        sources.append((name.group(1).strip(), fields))
    return sources


# --- sounddevice --------------------------------------------------------------------

#: PULSE_SOURCE is read by libpulse when a stream is opened; streams opened at
#: the same time must not see each other's choice.
_PULSE_ENV_LOCK = threading.Lock()


class SoundDeviceSource:
    """A PortAudio input stream (sounddevice), with device loss detected three ways.

    PortAudio reports a lost device differently per backend: the stream
    finishes on its own (ALSA), an error surfaces, or callbacks simply stop
    coming (a PulseAudio source that vanished). Any of these ends the source
    with ``on_error``. Input overflows (a few milliseconds dropped under load)
    are counted in :attr:`dropouts` and logged, not fatal: stopping a two-hour
    meeting for a glitch would lose far more than the glitch did.
    """

    #: Seconds without a callback after which the device counts as gone.
    STALL_TIMEOUT = 2.0

    def __init__(
        self,
        device: InputDevice | int | str | None = None,
        samplerate: int | None = None,
        channels: int = 1,
    ) -> None:
        if channels not in (1, 2):
            raise ValueError(f"channels must be 1 or 2, not {channels}")
        self._pulse_source = device.pulse_source if isinstance(device, InputDevice) else None
        self._device = device.index if isinstance(device, InputDevice) else device
        try:
            import sounddevice as sd

            info = sd.query_devices(self._device, "input")
        except Exception as exc:  # no PortAudio (OSError), no such device (ValueError, PortAudioError)
            if device is None:
                raise RecorderError(f"No microphone or other input device was found ({exc})") from exc
            name = device.name if isinstance(device, InputDevice) else device
            raise RecorderError(f"The input device {name!r} is not available ({exc})") from exc
        self.samplerate = int(samplerate or info["default_samplerate"])
        self.channels = channels
        self.dropouts = 0
        self._stream: object | None = None
        self._stopping = threading.Event()
        self._error_lock = threading.Lock()
        self._errored = False
        self._last_callback = 0.0
        self._watchdog: threading.Thread | None = None

    def start(self, on_block: BlockCallback, on_error: ErrorCallback) -> None:
        """Open and start the stream; PortAudio errors propagate to the caller."""
        import sounddevice as sd

        self._on_error = on_error

        def callback(indata: np.ndarray, frames: int, _time: object, status: sd.CallbackFlags) -> None:
            self._last_callback = time.monotonic()
            if status.input_overflow:
                self.dropouts += 1
            on_block(indata.copy())

        with _PULSE_ENV_LOCK, _pulse_source_env(self._pulse_source):
            stream = sd.InputStream(
                device=self._device,
                samplerate=self.samplerate,
                channels=self.channels,
                dtype="float32",
                latency="high",  # recording needs no low latency; large buffers survive load
                callback=callback,
                finished_callback=self._finished,
            )
        self._stream = stream
        self._last_callback = time.monotonic()
        stream.start()
        self._watchdog = threading.Thread(target=self._watch, name="malsori-input-watchdog", daemon=True)
        self._watchdog.start()

    def stop(self) -> None:
        """Stop the stream after its pending blocks; safe to call twice or after a failure."""
        self._stopping.set()
        with self._error_lock:  # the recorder's writer and the UI may both stop it
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception as exc:  # the device is already gone: nothing left to save
                log.info("Closing the input stream: %s", exc)
        if self._watchdog is not None and self._watchdog is not threading.current_thread():
            self._watchdog.join()
        if self.dropouts:
            log.warning("The input device dropped audio %d times (input overflow)", self.dropouts)

    def _finished(self) -> None:
        """PortAudio ended the stream: fine when we asked, a lost device otherwise."""
        if not self._stopping.is_set():
            self._fail(OSError(errno.ENODEV, "the input stream ended unexpectedly"))

    def _watch(self) -> None:
        """Report a device that stopped delivering audio without saying so."""
        while not self._stopping.wait(0.25):
            silent_for = time.monotonic() - self._last_callback
            if silent_for > self.STALL_TIMEOUT:
                self._fail(OSError(errno.ENODEV, f"no audio arrived for {silent_for:.0f} seconds"))
                return

    def _fail(self, exc: Exception) -> None:
        with self._error_lock:
            if self._errored:
                return
            self._errored = True
        self._on_error(exc)


@contextmanager
def _pulse_source_env(source: str | None) -> Iterator[None]:
    """Set PULSE_SOURCE while a stream is opened, so ALSA's pulse device records from it."""
    if source is None:
        yield
        return
    saved = os.environ.get("PULSE_SOURCE")
    os.environ["PULSE_SOURCE"] = source
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PULSE_SOURCE", None)
        else:
            os.environ["PULSE_SOURCE"] = saved


# --- file ---------------------------------------------------------------------------


class FileSource:
    """Audio from a file or an array, delivered at the pace of a live microphone.

    Blocks of ``block_seconds`` arrive from a thread when they would have been
    captured (``speed`` > 1 plays faster), so tests and benches see the same
    timing as a real session. ``fail_after`` (seconds of audio) simulates a
    device unplugged mid-session: ``on_error`` then gets an ENODEV OSError and
    no more blocks come. :attr:`finished` is set when the whole file was played.
    """

    def __init__(
        self,
        source: audio.Source | np.ndarray,
        samplerate: int = audio.SAMPLE_RATE,
        *,
        block_seconds: float = 0.1,
        speed: float = 1.0,
        fail_after: float | None = None,
    ) -> None:
        if isinstance(source, np.ndarray):
            samples = np.asarray(source, dtype=np.float32)
        else:
            samples, samplerate = audio.decode(source), audio.SAMPLE_RATE
        self._samples = samples.reshape(len(samples), -1)
        self.samplerate = int(samplerate)
        self.channels = self._samples.shape[1]
        self._block = max(1, round(block_seconds * self.samplerate))
        self._period = self._block / self.samplerate / speed
        self._fail_frame = None if fail_after is None else round(fail_after * self.samplerate)
        self.finished = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def duration(self) -> float:
        """Seconds of audio this source plays in all."""
        return len(self._samples) / self.samplerate

    def start(self, on_block: BlockCallback, on_error: ErrorCallback) -> None:
        self._thread = threading.Thread(
            target=self._play, args=(on_block, on_error), name="malsori-file-source", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def _play(self, on_block: BlockCallback, on_error: ErrorCallback) -> None:
        begin = time.monotonic()
        for i, offset in enumerate(range(0, len(self._samples), self._block)):
            # Block i has been "captured" once its last sample has been spoken.
            if self._stop.wait(max(0.0, begin + (i + 1) * self._period - time.monotonic())):
                return
            if self._fail_frame is not None and offset >= self._fail_frame:
                on_error(OSError(errno.ENODEV, "the input device was disconnected (simulated)"))
                return
            on_block(self._samples[offset : offset + self._block].copy())
        self.finished.set()
