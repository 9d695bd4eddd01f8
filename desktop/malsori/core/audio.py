"""Decode any audio or video file to 16 kHz mono float32; its duration; waveform peaks.

Decoding goes through PyAV (FFmpeg bundled in the wheel), the decoder faster-whisper
itself uses, so whatever faster-whisper could read, Malsori reads too, with the
same resampling (``av.AudioResampler`` to 16 kHz mono) and the same workaround for
the resampler's memory leak. What this module adds over
``faster_whisper.audio.decode_audio``:

* one typed error, :class:`AudioError`, whose message names the file and says what
  is wrong in plain words; FFmpeg's exceptions never escape raw;
* files that are not what they claim: no audio track, no samples, random bytes,
  and files cut short. FFmpeg decodes the readable part of a truncated WAV, MP3,
  FLAC or Matroska file *without any error*, so we compare what was decoded with
  what the file's header promised (:data:`TRUNCATION_TOLERANCE`);
* packet-by-packet decoding: a damaged packet is skipped and decoding goes on
  (``decode_audio`` stops silently at the first one), and ``cancel`` is honoured
  between chunks, so a person can stop a one-hour decode within a fraction of a
  second;
* :func:`stream`, the same decoding as a sequence of chunks, so a three-hour
  file can be transcribed or drawn holding tens of seconds of it at a time.

Nothing here imports Qt: the UI runs :func:`decode` in a worker thread.
"""

from __future__ import annotations

import contextlib
import gc
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Union

import av
import numpy as np

from .timecode import format_duration

SAMPLE_RATE = 16000

#: File suffixes of the audio and video files the app accepts from a folder drop.
#: Every one names a container FFmpeg demuxes; ``decode`` itself does not look at
#: suffixes, so a file with an odd name still decodes when dropped on its own.
MEDIA_SUFFIXES = frozenset(
    {
        # audio
        ".wav", ".wave", ".flac", ".mp3", ".mp2", ".m4a", ".m4b", ".aac", ".ogg", ".oga",
        ".opus", ".wma", ".aif", ".aiff", ".aifc", ".caf", ".amr", ".ac3", ".mka", ".w64",
        # video
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".asf", ".flv", ".mpg",
        ".mpeg", ".ts", ".mts", ".m2ts", ".3gp", ".3g2", ".ogv", ".vob",
    }
)  # fmt: skip


def media_files(paths: Iterable[Path]) -> list[Path]:
    """Files to work on from paths a person gave: files as given, and the media files inside
    folders (recursively, sorted, hidden entries skipped). The window's drops and
    ``malsori eval``'s folders find their files the same way."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    Path(root) / f for f in sorted(files)
                    if not f.startswith(".") and Path(f).suffix.lower() in MEDIA_SUFFIXES
                )
        else:
            found.append(path)
    return found

#: A file counts as truncated when it decodes to less than its header promised by
#: more than max(TRUNCATION_TOLERANCE_S, TRUNCATION_TOLERANCE * promised).
#: Measured on healthy files (espeak speech encoded by FFmpeg 8.1): decoded minus
#: promised is +12 ms for AAC (priming samples), -7 ms for Opus in Matroska/Ogg
#: (pre-skip), 0 for WAV, FLAC, and MP3 with a LAME/Xing header; an MP3 without a
#: LAME tag decodes ~50 ms *longer*. Healthy files are thus within tens of
#: milliseconds, a cut file is short by seconds or by a large fraction; 0.5 s or 2 %
#: leaves a wide margin for encoders we did not measure while catching any file cut
#: anywhere but its last moments.
TRUNCATION_TOLERANCE = 0.02
TRUNCATION_TOLERANCE_S = 0.5

#: A file where more than this fraction of packets fail to decode is garbage, even
#: when its length looks right (random bytes named .mp3 "decode" to a few packets
#: of noise). Real files with a few glitches (old rips, radio captures) stay far
#: below it: the healthy files we measured have none.
MAX_BAD_PACKET_FRACTION = 0.1

#: Source samples gathered before each resampling step and cancel check: about
#: 10 s at 48 kHz, which decodes in a few tens of milliseconds.
_CHUNK_SAMPLES = 500_000

#: Containers whose header states the audio's length exactly, so a shorter decode
#: means a damaged file. Others (raw AAC/AC-3, MP3 without a Xing/VBRI header)
#: only *estimate* length from the bit rate, which can be off by a factor of
#: several for variable bit rate, so they are not checked. WAV is checked against
#: its RIFF header (FFmpeg reports the length of the bytes present instead).
_EXACT_LENGTH_FORMATS = frozenset(
    {"wav", "flac", "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "ogg", "aiff", "caf", "w64"}
)

#: FFmpeg demuxers that turn text or pictures into "video" (and "*_pipe" for single
#: images): a file they open has no audio track because it is not media at all.
_NON_MEDIA_FORMATS = frozenset({"tty", "bin", "xbin", "adf", "idf", "image2"})

#: WAV format tags with a constant byte rate: PCM, IEEE float, A-law, mu-law, extensible.
_CONSTANT_RATE_WAV_TAGS = frozenset({0x0001, 0x0003, 0x0006, 0x0007, 0xFFFE})

Source = Union[str, "os.PathLike[str]", BinaryIO]


class AudioError(Exception):
    """A file cannot be used as audio; the message names the file and says why."""


class DecodeCancelled(Exception):
    """The caller's ``cancel`` returned True; decoding stopped. Not an input error."""


def decode(
    source: Source,
    *,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    allow_truncated: bool = False,
) -> np.ndarray:
    """Decode the main audio track of ``source`` to 16 kHz mono float32.

    ``source`` is a path or a binary file object (read from its start). ``cancel``
    is polled between chunks of about ten seconds of audio (pass ``event.is_set``);
    when it returns True, :class:`DecodeCancelled` is raised. ``progress`` receives
    the seconds of audio decoded so far, for a progress bar against
    :func:`probe_duration`. A file that decodes to much less than its header says
    raises :class:`AudioError`, unless ``allow_truncated`` is set: then the part
    that could be read is returned, for a person who wants the first hour of a
    broken download rather than nothing.

    The whole file is held in memory (4 bytes a sample: 230 MB an hour); for
    long files use :func:`stream`, which holds one chunk at a time.

    Raises :class:`AudioError` for anything that is not usable audio.
    """
    return np.concatenate(list(stream(source, cancel=cancel, progress=progress, allow_truncated=allow_truncated)))


def decode_channels(source: Source, *, cancel: Callable[[], bool] | None = None) -> np.ndarray:
    """Decode the main audio track of ``source`` to 16 kHz float32, one row per channel
    (shape (channels, samples)): for calls recorded with a track per person."""
    chunks = list(stream(source, cancel=cancel, keep_channels=True))
    if len({chunk.shape[0] for chunk in chunks}) > 1:
        raise AudioError(f"{display_name(source)} changes its number of channels part way through; "
                         "a track per speaker needs the same channels throughout")
    return np.concatenate(chunks, axis=1)


def stream(
    source: Source,
    *,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    allow_truncated: bool = False,
    keep_channels: bool = False,
) -> Iterator[np.ndarray]:
    """Yield ``source``'s audio as consecutive 16 kHz mono float32 chunks, as :func:`decode` would.

    The chunks joined end to end are exactly what :func:`decode` returns; each
    is what one resampling step made of about :data:`_CHUNK_SAMPLES` source
    samples (tens of seconds), so memory is bounded by one chunk whatever the
    file's length. ``cancel``, ``progress`` and ``allow_truncated`` are as for
    :func:`decode`. With ``keep_channels`` each chunk is (channels, samples) instead
    of mono. A file that cannot be opened raises at the first ``next()``;
    damage found only by decoding it all (too many bad packets, a file cut short,
    no samples at all) raises :class:`AudioError` after the last chunk, so a
    consumer that must not act on a damaged file keeps its results until the
    iteration ends.
    """
    name = display_name(source)
    with _opened_audio(source, name) as (container, stream_, expected):
        tally = _Tally()
        for chunk in _decode_stream(container, stream_, name, cancel, progress, tally, keep_channels):
            yield chunk
    _judge(name, tally, expected, allow_truncated)


@contextlib.contextmanager
def _opened_audio(source: Source, name: str) -> Iterator[tuple[Any, Any, float | None]]:
    """The open container, its audio stream, and the length its headers promise
    exactly (None when they do not say), for decoding or checking it."""
    # Headers are read before FFmpeg opens the source: a file object is shared.
    wav_seconds = _wav_header_seconds(source)
    counted_mp3 = _mp3_has_length_header(source)
    with _open(source, name) as container:
        stream_ = _audio_stream(container, name)
        yield container, stream_, _exact_stream_seconds(container, stream_, wav_seconds, counted_mp3)


def _judge(name: str, tally: "_Tally", expected: float | None, allow_truncated: bool) -> None:
    """Raise :class:`AudioError` when what was decoded shows the file is not usable audio."""
    good, bad, stopped_by = tally.good, tally.bad, tally.stopped_by
    decoded = tally.samples / SAMPLE_RATE
    if tally.samples == 0:
        if bad or stopped_by:
            why = stopped_by or f"{bad} damaged packets"
            raise AudioError(f"{name} is corrupt: none of its audio could be decoded ({why})")
        # A WAV header with no samples, or bytes its demuxer accepted but found no frames in.
        raise AudioError(f"{name} is empty or corrupt: no audio could be decoded from it")
    if bad > MAX_BAD_PACKET_FRACTION * (good + bad):
        raise AudioError(f"{name} is corrupt: {bad} of its {good + bad} audio packets could not be decoded")
    if expected is not None and not allow_truncated:
        _check_length(name, expected, decoded)


def _check_length(name: str, expected: float, present: float) -> None:
    """Raise :class:`AudioError` when ``present`` seconds fall short of the ``expected`` (see TRUNCATION_TOLERANCE)."""
    if expected - present > max(TRUNCATION_TOLERANCE_S, TRUNCATION_TOLERANCE * expected):
        raise AudioError(
            f"{name} is truncated or corrupt: it should last {_clock(expected)}, "
            f"but only {_clock(present)} of audio could be decoded"
        )


def check_complete(source: Source) -> None:
    """Raise :class:`AudioError` now if ``source`` was cut short, as :func:`stream` would at its end.

    Reads the packets without decoding them (seconds for hours of audio), so a
    long transcription of a broken download is refused before it starts rather
    than after. Damage that only decoding shows (bad packets) is still found by
    :func:`stream`; a file whose packets cannot even be read is left to it too.
    """
    name = display_name(source)
    with _opened_audio(source, name) as (container, stream_, expected):
        if expected is None:
            return
        try:
            present = _last_packet_seconds(container, stream_, name)
        except AudioError:
            return
    _check_length(name, expected, present)


def probe_duration(source: Source) -> float:
    """Return the length of ``source``'s audio in seconds, without decoding it.

    Reads only the container's metadata (a few milliseconds), for showing a queue
    of files before any is transcribed. It does not judge damage: for a file cut
    short it may give the header's length or the length of what is there, and
    :func:`decode` reports the damage. When a container states no length at all
    (a WebM recorded by a browser), the packets are read, not decoded, to find
    the last timestamp.
    """
    name = display_name(source)
    with _open(source, name) as container:
        stream = _audio_stream(container, name)
        seconds = _stream_seconds(container, stream)
        if seconds is None and container.duration:
            seconds = container.duration / av.time_base
        if seconds is None:
            seconds = _last_packet_seconds(container, stream, name)
    return seconds


def waveform_peaks(samples: np.ndarray, buckets: int) -> np.ndarray:
    """Return (buckets, 2) float32: the min and max sample of each bucket, for drawing.

    With ``q, r = divmod(len(samples), buckets)``, the first ``r`` buckets hold
    ``q + 1`` consecutive samples and the rest ``q``, so each group is one
    ``reshape`` and the whole is a vectorized min/max over rows: an hour of audio
    (57.6 M samples) into a few thousand buckets takes tens of milliseconds, so the
    editor can recompute peaks on every zoom. NumPy pays ~40 ns per row, so
    millions of buckets (under 64 samples each) cost seconds: at that zoom, pass
    the visible slice of samples instead. With more buckets than samples, each
    bucket takes the sample under it (the waveform is drawn stretched, without gaps).
    """
    if buckets < 1:
        raise ValueError(f"buckets must be at least 1, not {buckets}")
    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim != 1:
        raise ValueError(f"samples must be one-dimensional, not of shape {samples.shape}")
    n = samples.size
    peaks = np.zeros((buckets, 2), dtype=np.float32)
    if n == 0:
        return peaks
    if buckets >= n:
        stretched = samples[np.arange(buckets) * n // buckets]
        peaks[:, 0] = stretched
        peaks[:, 1] = stretched
        return peaks
    q, r = divmod(n, buckets)
    head = samples[: r * (q + 1)].reshape(r, q + 1)
    tail = samples[r * (q + 1) :].reshape(buckets - r, q)
    peaks[:, 0] = np.concatenate((head.min(axis=1), tail.min(axis=1)))
    peaks[:, 1] = np.concatenate((head.max(axis=1), tail.max(axis=1)))
    return peaks


# --- opening ------------------------------------------------------------------------


def display_name(source: Source) -> str:
    """The file name to put in messages: the base name, which a person recognises."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name or str(source)
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else "the audio data"


def _open(source: Source, name: str) -> av.container.InputContainer:
    """Open ``source`` with FFmpeg, turning every failure into an :class:`AudioError`."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise AudioError(f"{name}: file not found")
        if path.is_dir():
            raise AudioError(f"{name} is a folder, not an audio or video file")
        if path.stat().st_size == 0:
            raise AudioError(f"{name} is empty (0 bytes)")
        target: str | BinaryIO = str(path)
    else:
        if not _read_at(source, 0, 1):
            raise AudioError(f"{name} is empty (0 bytes)")
        target = source
    try:
        # metadata_errors="ignore": a tag in a wrong encoding must not stop decoding.
        return av.open(target, mode="r", metadata_errors="ignore")
    except av.error.FileNotFoundError as exc:
        raise AudioError(f"{name}: file not found") from exc
    except av.error.PermissionError as exc:
        raise AudioError(f"{name}: permission denied") from exc
    except av.error.InvalidDataError as exc:
        if Path(name).suffix.lower() in MEDIA_SUFFIXES:
            # A real extension but unreadable: a renamed file, or one cut before
            # its index (an MP4 whose moov atom was never written).
            raise AudioError(
                f"{name} is not a readable audio or video file: it is corrupt, truncated, or not media"
            ) from exc
        raise AudioError(f"{name} is not an audio or video file") from exc
    except (av.FFmpegError, OSError) as exc:
        raise AudioError(f"{name} could not be opened: {_reason(exc)}") from exc


def _audio_stream(container: av.container.InputContainer, name: str) -> av.AudioStream:
    """The track to transcribe: FFmpeg's best audio stream (the default one, if flagged)."""
    if not container.streams.audio:
        fmt = container.format.name
        if container.streams.video and fmt not in _NON_MEDIA_FORMATS and not fmt.endswith("_pipe"):
            raise AudioError(f"{name} has no audio track")
        raise AudioError(f"{name} is not an audio or video file")
    # best() declines streams whose codec parameters FFmpeg could not find (garbage
    # that merely looked like AAC); decoding the first one then reports the damage.
    return container.streams.best("audio") or container.streams.audio[0]


# --- decoding -----------------------------------------------------------------------


@dataclass
class _Tally:
    """What decoding a stream found: samples out, packets decoded and skipped, why it stopped early."""

    samples: int = 0
    good: int = 0
    bad: int = 0
    stopped_by: str = ""


def _decode_stream(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    name: str,
    cancel: Callable[[], bool] | None,
    progress: Callable[[float], None] | None,
    tally: _Tally,
    keep_channels: bool = False,
) -> Iterator[np.ndarray]:
    """Yield ``stream`` decoded to 16 kHz mono float32 (or planar, one row per
    channel, with ``keep_channels``), skipping packets that fail.

    Counts into ``tally`` as it goes (samples, good and bad packets, why demuxing
    stopped early). Frames are gathered in an AudioFifo and resampled in large
    chunks as faster-whisper does; a change of sample format, layout or rate
    mid-stream (radio captures) starts a new fifo and resampler instead of failing.
    """
    fifo: av.AudioFifo | None = None
    resampler: av.AudioResampler | None = None
    shape: tuple[str, str, int] | None = None

    def drain(flush: bool) -> Iterator[np.ndarray]:
        frames = resampler.resample(fifo.read()) if fifo.samples else []
        if flush:
            frames += resampler.resample(None)
        for frame in frames:
            chunk = frame.to_ndarray() if keep_channels else frame.to_ndarray().reshape(-1)
            tally.samples += chunk.shape[-1]
            yield chunk
        if progress is not None:
            progress(tally.samples / SAMPLE_RATE)
        if cancel is not None and cancel():
            raise DecodeCancelled(f"Decoding {name} was cancelled")

    try:
        packets = container.demux(stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except av.error.InvalidDataError as exc:
                # The demuxer lost its way in damaged data; what came before is
                # kept, and the length checks in _judge() judge the result.
                tally.stopped_by = _reason(exc)
                break
            try:
                frames = packet.decode()
            except av.FFmpegError:
                tally.bad += 1  # one damaged packet: skip it, as media players do
                continue
            tally.good += 1
            for frame in frames:
                frame_shape = (frame.format.name, frame.layout.name, frame.sample_rate)
                if frame_shape != shape:
                    if fifo is not None:
                        yield from drain(flush=True)
                    fifo = av.AudioFifo()
                    resampler = (av.AudioResampler(format="fltp", layout=frame.layout.name, rate=SAMPLE_RATE)
                                 if keep_channels else av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE))
                    shape = frame_shape
                frame.pts = None  # the fifo checks timestamps are contiguous; gaps are fine here
                fifo.write(frame)
                if fifo.samples >= _CHUNK_SAMPLES:
                    yield from drain(flush=False)
        if fifo is not None:
            yield from drain(flush=True)
    except (av.FFmpegError, OSError) as exc:
        raise AudioError(f"{name} could not be read: {_reason(exc)}") from exc
    finally:
        # The resampler's FFmpeg objects are freed only by the cycle collector
        # (https://github.com/SYSTRAN/faster-whisper/issues/390).
        del resampler, fifo
        gc.collect()


# --- lengths ------------------------------------------------------------------------


def _stream_seconds(container: av.container.InputContainer, stream: av.AudioStream) -> float | None:
    """The audio track's own stated length: its duration, or Matroska's DURATION tag.

    The container's overall length is used only when the audio is its only
    stream: in a video the picture may legitimately run longer than the sound.
    """
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    tag = stream.metadata.get("DURATION") or stream.metadata.get("duration")
    if tag:
        try:
            hours, minutes, seconds = tag.split(":")
            return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        except ValueError:
            pass  # an unparseable tag is no length; fall through
    if len(container.streams) == 1 and container.duration:
        return container.duration / av.time_base
    return None


def _exact_stream_seconds(
    container: av.container.InputContainer, stream: av.AudioStream, wav_seconds: float | None, counted_mp3: bool
) -> float | None:
    """The track's length where the file states it exactly, else None (see _EXACT_LENGTH_FORMATS)."""
    fmt = container.format.name
    if fmt == "wav":
        return wav_seconds  # FFmpeg's own figure is the length of the bytes present
    if fmt == "mp3":
        return _stream_seconds(container, stream) if counted_mp3 else None
    if fmt in _EXACT_LENGTH_FORMATS:
        return _stream_seconds(container, stream)
    return None


def _last_packet_seconds(container: av.container.InputContainer, stream: av.AudioStream, name: str) -> float:
    """Length from the last packet's end timestamp: demuxing only, no decoding."""
    end = 0.0
    start = stream.start_time * stream.time_base if stream.start_time is not None else 0
    try:
        for packet in container.demux(stream):
            if packet.pts is not None and packet.time_base is not None:
                end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base - start))
    except (av.FFmpegError, OSError) as exc:
        raise AudioError(f"{name} could not be read: {_reason(exc)}") from exc
    return end


def _wav_header_seconds(source: Source) -> float | None:
    """For a WAV file, the length its RIFF header declares; None for anything else.

    FFmpeg reports the length of the bytes actually present, so a WAV cut in half
    looks healthy to it; only the header remembers how long the recording was.
    Sizes 0 and 0xFFFFFFFF are what streaming writers leave before they finish:
    unknown, not zero.
    """
    head = _read_at(source, 0, 12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    offset, byte_rate = 12, None
    for _ in range(64):  # real files have a handful of chunks before "data"
        header = _read_at(source, offset, 8)
        if len(header) < 8:
            return None
        chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
        if chunk_id == b"fmt ":
            fmt = _read_at(source, offset + 8, 12)
            if len(fmt) < 12:
                return None
            tag, _channels, _rate, rate = struct.unpack("<HHII", fmt)
            byte_rate = rate if tag in _CONSTANT_RATE_WAV_TAGS and rate > 0 else None
        elif chunk_id == b"data":
            if byte_rate is None or size in (0, 0xFFFFFFFF):
                return None
            return size / byte_rate
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    return None


def _mp3_has_length_header(source: Source) -> bool:
    """Whether an MP3 starts with a Xing/Info or VBRI header that describes the whole file.

    Without one FFmpeg guesses the length from the first frame's bit rate, and a
    variable-bit-rate file can be several times shorter than that guess. A Xing
    header that counts fewer bytes than the file holds describes only its first
    part (MP3s joined end to end, a common way to stitch an audiobook), and
    FFmpeg then extrapolates a length: no exact claim either. The ID3v2 tag
    (cover art can make it megabytes) is skipped by its stated size.
    """
    offset = 0
    head = _read_at(source, 0, 10)
    if head[:3] == b"ID3" and len(head) == 10:
        size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F)
        offset = 10 + size + (10 if head[5] & 0x10 else 0)
    data = _read_at(source, offset, 4096)
    sync = next((i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] & 0xE0 == 0xE0), None)
    if sync is None:
        return False
    frame = data[sync : sync + 200]
    if b"VBRI" in frame:
        return True
    marker = max(frame.find(b"Xing"), frame.find(b"Info"))
    if marker < 0:
        return False
    fields = frame[marker + 4 : marker + 16]
    if len(fields) < 12 or not fields[3] & 0x02:  # flag 2: the byte count is present
        return True
    counted_bytes = struct.unpack(">I", fields[8:12] if fields[3] & 0x01 else fields[4:8])[0]
    present_bytes = _size(source) - offset - sync
    # Slack for the tags players append (ID3v1 is 128 bytes, APE tags a few KiB).
    return present_bytes <= counted_bytes + 16384


def _size(source: Source) -> int:
    """The size in bytes of a path or file object."""
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    size = source.seek(0, os.SEEK_END)
    source.seek(0)
    return size


def _read_at(source: Source, offset: int, size: int) -> bytes:
    """Read up to ``size`` bytes at ``offset``; a file object is left at its start for FFmpeg."""
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as f:
                f.seek(offset)
                return f.read(size)
        except OSError:
            return b""  # _open reports missing or unreadable files in plain words
    source.seek(offset)
    data = source.read(size)
    source.seek(0)
    return data


def _reason(exc: BaseException) -> str:
    """FFmpeg's explanation without its errno and file-name decorations."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _clock(seconds: float) -> str:
    """Seconds as a person reads them: "4.2 s", "12:05", "1:02:03"."""
    return f"{seconds:.1f} s" if seconds < 60 else format_duration(seconds)
