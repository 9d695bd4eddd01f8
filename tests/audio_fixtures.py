"""Real media files for audio tests: espeak-ng speech, encoded with PyAV's bundled FFmpeg.

Tests need real containers and codecs (not mocks) because what we guard against,
truncated or mislabelled files, only shows up in real decoders.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Read a WAV as (channels, samples) int16 and its sample rate."""
    import soundfile

    data, rate = soundfile.read(str(path), dtype="int16", always_2d=True)
    return np.ascontiguousarray(data.T), rate


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Resample (channels, n) int16 to ``new_rate`` with FFmpeg, keeping the channels."""
    layout = {1: "mono", 2: "stereo"}[samples.shape[0]]
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples.T).reshape(1, -1), format="s16", layout=layout)
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="s16", layout=layout, rate=new_rate)
    frames = resampler.resample(frame) + resampler.resample(None)
    interleaved = np.concatenate([f.to_ndarray().reshape(-1) for f in frames])
    return np.ascontiguousarray(interleaved.reshape(-1, samples.shape[0]).T)


def encode(
    path: Path,
    samples: np.ndarray | None,
    rate: int,
    codec: str | None,
    *,
    video_codec: str | None = None,
    streamed: bool = False,
) -> Path:
    """Encode ``samples`` ((channels, n) int16) to ``path`` with PyAV.

    ``codec=None`` writes no audio stream; ``video_codec`` adds a small black video
    stream as long as the audio (or one second when there is none). ``streamed``
    writes through a pipe that cannot seek, as a browser's MediaRecorder does, so
    the muxer cannot go back to record the length in the header.
    """
    channels = 0 if samples is None else samples.shape[0]
    layout = {1: "mono", 2: "stereo"}.get(channels)
    pipe = _Pipe() if streamed else None
    container_format = path.suffix.lstrip(".") if streamed else None
    with av.open(pipe or str(path), mode="w", format=container_format) as out:
        astream = None
        if codec is not None and samples is not None:
            # FFmpeg's own Vorbis encoder is marked experimental (and takes stereo only).
            options = {"strict": "experimental"} if codec == "vorbis" else {}
            astream = out.add_stream(codec, rate=rate, layout=layout, options=options)
        vstream = None
        if video_codec is not None:
            vstream = out.add_stream(video_codec, rate=10)
            vstream.width, vstream.height = 64, 48
            vstream.pix_fmt = "yuv420p"
        duration = samples.shape[1] / rate if samples is not None else 1.0
        if vstream is not None:
            black = np.zeros((48, 64, 3), dtype=np.uint8)
            for i in range(max(1, round(duration * 10))):
                frame = av.VideoFrame.from_ndarray(black, format="rgb24")
                frame.pts = i
                frame.time_base = Fraction(1, 10)
                out.mux(vstream.encode(frame))
            out.mux(vstream.encode(None))
        if astream is not None:
            step = 4096
            for start in range(0, samples.shape[1], step):
                chunk = np.ascontiguousarray(samples[:, start : start + step])
                # Packed s16 wants a (1, n * channels) interleaved row.
                frame = av.AudioFrame.from_ndarray(chunk.T.reshape(1, -1), format="s16", layout=layout)
                frame.sample_rate = rate
                frame.pts = start
                frame.time_base = Fraction(1, rate)
                out.mux(astream.encode(frame))
            out.mux(astream.encode(None))
    if pipe is not None:
        path.write_bytes(pipe.data)
    return path


class _Pipe(io.RawIOBase):
    """A write-only, unseekable output."""

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, chunk) -> int:  # type: ignore[override]
        self.data += bytes(chunk)
        return len(chunk)
