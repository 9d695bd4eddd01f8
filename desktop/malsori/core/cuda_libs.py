"""The CUDA libraries of a pip install (``malsori[gpu]``), loaded before CTranslate2 needs them.

NVIDIA's wheels (nvidia-cublas-cu12, nvidia-cudnn-cu12, and nvidia-cuda-nvrtc-cu12,
which cuBLAS requires) put their libraries in site-packages/nvidia/<name>/lib
(``bin`` on Windows), a folder no loader searches. CTranslate2 4.x opens cuBLAS
by name (``dlopen("libcublas.so.12")``) the first time a model runs on CUDA;
4.5 and 4.6 open cuDNN 9 the same way (4.8 uses no cuDNN); cuBLASLt in turn opens
NVRTC by name. Without LD_LIBRARY_PATH those calls fail, and Malsori falls back to
the CPU.

:func:`preload` loads those libraries by full path first (``RTLD_GLOBAL``), so the
later open by name finds the library already in the process, the way PyTorch
loads the same wheels. Only what is opened by name is loaded (and cuBLASLt before
cuBLAS, which needs it): each wheel's libraries carry ``$ORIGIN`` run paths, so
cuDNN finds its sub-libraries on its own, when it needs them.

Cheap when there is nothing to do: without the wheels it returns after one
look at sys.path, and without an NVIDIA driver it loads nothing (CUDA could not
run anyway, and cuBLAS alone costs 140 MB of memory). It never raises: a broken
GPU install must not stop the CPU path; the log says what was loaded, or why not.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

WINDOWS = sys.platform == "win32"

#: (wheel folder under nvidia/, library file), in load order: what a library needs comes
#: before it. These are the names CTranslate2 4.x and cuBLASLt open (CUDA 12, cuDNN 9).
LIBRARIES: tuple[tuple[str, str], ...] = (
    ("cuda_nvrtc", "nvrtc64_120_0.dll" if WINDOWS else "libnvrtc.so.12"),
    ("cublas", "cublasLt64_12.dll" if WINDOWS else "libcublasLt.so.12"),
    ("cublas", "cublas64_12.dll" if WINDOWS else "libcublas.so.12"),
    ("cudnn", "cudnn64_9.dll" if WINDOWS else "libcudnn.so.9"),
)
#: The NVIDIA driver's library, without which no CUDA library can run.
DRIVER = "nvcuda.dll" if WINDOWS else "libcuda.so.1"


@dataclass(frozen=True)
class Preload:
    """What :func:`preload` did: the libraries it found and those it loaded, and a line saying so
    (or why not)."""

    found: tuple[Path, ...]
    loaded: tuple[Path, ...]
    summary: str


_lock = threading.Lock()
_done: Preload | None = None
_keep: list[object] = []  # the loaded libraries and DLL directories, alive for the process
_dll_folders: set[Path] = set()


def wheel_folders() -> list[Path]:
    """Every ``nvidia`` folder on the import path, in import order.

    ``nvidia`` is a namespace package spread over every site-packages that has one
    of the wheels: importlib's spec lists those folders. Old wheels shipped an
    ``nvidia/__init__.py``, which makes it a regular package found in one folder
    only, so each sys.path entry is looked at as well.
    """
    found: list[Path] = []
    try:
        spec = importlib.util.find_spec("nvidia")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        found.extend(Path(location) for location in spec.submodule_search_locations)
    found.extend(Path(entry or ".") / "nvidia" for entry in sys.path)
    unique: dict[Path, Path] = {}
    for folder in found:
        try:
            if folder.is_dir():
                unique.setdefault(folder.resolve(), folder)
        except OSError:
            continue
    return list(unique.values())


def find() -> list[Path]:
    """The libraries of :data:`LIBRARIES` that the installed wheels have, in load order
    (of each, the first copy on the import path)."""
    roots = wheel_folders()
    found = []
    for wheel, name in LIBRARIES:
        for root in roots:
            path = root / wheel / ("bin" if WINDOWS else "lib") / name
            if path.is_file():
                found.append(path)
                break
    return found


def load(libraries: list[Path]) -> tuple[list[Path], list[str]]:
    """Load ``libraries`` in order: (those loaded, a reason for each that failed)."""
    loaded, failed = [], []
    for path in libraries:
        if WINDOWS and path.parent not in _dll_folders:  # what a DLL needs from its own folder
            try:
                _keep.append(os.add_dll_directory(str(path.parent)))
                _dll_folders.add(path.parent)
            except OSError as exc:
                failed.append(f"{path.parent}: {exc}")
        try:
            _keep.append(ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL))
        except OSError as exc:
            failed.append(f"{path.name}: {exc}")
        else:
            loaded.append(path)
    return loaded, failed


def driver_present() -> bool:
    """Whether the NVIDIA driver's library can be loaded (CTranslate2 loads it for CUDA anyway)."""
    try:
        ctypes.CDLL(DRIVER)
    except OSError:
        return False
    return True


def preload() -> Preload:
    """Load the CUDA libraries of the installed nvidia-* wheels, once per process.

    Call before CTranslate2 first runs a model on CUDA. Returns what was loaded and
    a one-line summary; loads nothing when the wheels or the driver are missing.
    Never raises.
    """
    global _done
    with _lock:
        if _done is None:
            try:
                _done = _preload()
            except Exception as exc:  # a broken install must not stop the CPU path
                _done = Preload((), (), f"CUDA libraries from pip not loaded: {exc}")
            # Worth the log whenever the wheels are there: why the GPU is used, or why not.
            log.log(logging.INFO if _done.found else logging.DEBUG, "%s", _done.summary)
        return _done


def _preload() -> Preload:
    libraries = find()
    if not libraries:
        return Preload((), (), "no CUDA libraries from pip (the gpu extra is not installed)")
    found = tuple(libraries)
    if not driver_present():
        return Preload(found, (), f"CUDA libraries from pip not loaded: no NVIDIA driver ({DRIVER} not found)")
    loaded, failed = load(libraries)
    names = ", ".join(path.name for path in loaded) or "none"
    summary = f"CUDA libraries from pip: {names} (in {libraries[0].parent.parent.parent})"
    if failed:
        summary += "; not loaded: " + "; ".join(failed)
    return Preload(found, tuple(loaded), summary)
