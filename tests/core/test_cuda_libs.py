"""core/cuda_libs: the CUDA libraries of pip's nvidia-* wheels, found and loaded without LD_LIBRARY_PATH.

This machine has no GPU and no NVIDIA driver, so CTranslate2 running on CUDA
cannot be checked here. What is checked: a real NVIDIA wheel, installed into a
folder of its own, is found on sys.path and loaded, after which a plain
``dlopen`` of its name (what CTranslate2 and cuBLAS do) succeeds where it failed
before; without the wheels nothing is loaded; a broken install does not raise
and leaves the CPU path working; the names loaded are those CTranslate2 opens.

The wheel is nvidia-cuda-nvrtc-cu12 (90 MB, a dependency of nvidia-cublas-cu12;
cuBLASLt opens it by name), installed once into pytest's cache. cuBLAS (580 MB)
and cuDNN (720 MB) are too large for the suite: their file names and run paths
were read from the real wheels once (see the module's docstring).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from malsori.core import cuda_libs

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the checks read /proc and load Linux libraries")

NVRTC_WHEEL = "nvidia-cuda-nvrtc-cu12"


#: For the child interpreters: the shared libraries mapped into the process now.
MAPPED = """
def mapped():
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if ".so" in line})
"""


def run_python(code: str, pythonpath: list[Path] | None = None, timeout: float = 120) -> dict:
    """Run ``code`` (with ``mapped()``) in a fresh interpreter without LD_LIBRARY_PATH; it prints one JSON object."""
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "PYTHONPATH")}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    done = subprocess.run([sys.executable, "-c", MAPPED + textwrap.dedent(code)], env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def nvrtc_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the real nvidia-cuda-nvrtc-cu12 wheel, as pip installs it (cached between runs,
    unless pytest runs without its cache: -p no:cacheprovider)."""
    cache = getattr(request.config, "cache", None)
    target = (Path(cache.mkdir("cuda-wheels")) if cache else tmp_path_factory.mktemp("cuda-wheels")) / "nvrtc"
    if not (target / "nvidia" / "cuda_nvrtc" / "lib" / "libnvrtc.so.12").is_file():
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--no-deps", "--upgrade", "--target", str(target), f"{NVRTC_WHEEL}>=12,<13"],
                              capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"cannot install {NVRTC_WHEEL} from the package index: {done.stderr.strip()[-300:]}")
    return target


@pytest.mark.slow
def test_a_real_wheel_is_found_on_sys_path_and_loaded_without_ld_library_path(nvrtc_folder: Path) -> None:
    result = run_python("""
        import ctypes, json
        from malsori.core import cuda_libs

        try:
            ctypes.CDLL("libnvrtc.so.12")
            before = "loaded"
        except OSError as exc:
            before = str(exc)
        found = cuda_libs.find()
        loaded, failed = cuda_libs.load(found)
        nvrtc = ctypes.CDLL("libnvrtc.so.12")  # by name, as cuBLASLt opens it
        major, minor = ctypes.c_int(), ctypes.c_int()
        status = nvrtc.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
        print(json.dumps({"before": before, "folders": [str(f) for f in cuda_libs.wheel_folders()],
                          "found": [str(p) for p in found], "loaded": [str(p) for p in loaded], "failed": failed,
                          "status": status, "major": major.value, "mapped": mapped()}))
    """, pythonpath=[nvrtc_folder, nvrtc_folder])  # twice: one folder, found once
    library = str(nvrtc_folder / "nvidia" / "cuda_nvrtc" / "lib" / "libnvrtc.so.12")
    assert "cannot open shared object file" in result["before"]  # not on any default path
    assert result["folders"] == [str(nvrtc_folder / "nvidia")]
    assert result["found"] == [library]
    assert result["loaded"] == [library] and result["failed"] == []
    assert library in result["mapped"]
    assert (result["status"], result["major"]) == (0, 12)  # NVRTC_SUCCESS, CUDA 12: the real library answers


@pytest.mark.slow
def test_preload_loads_only_where_a_driver_can_use_the_libraries(nvrtc_folder: Path) -> None:
    result = run_python("""
        import ctypes, json
        from malsori.core import cuda_libs

        try:
            ctypes.CDLL("libcuda.so.1")
            driver = True
        except OSError:
            driver = False
        first = cuda_libs.preload()
        again = cuda_libs.preload()
        print(json.dumps({"driver": driver, "found": [str(p) for p in first.found],
                          "loaded": [str(p) for p in first.loaded], "summary": first.summary,
                          "same": again is first, "mapped": mapped()}))
    """, pythonpath=[nvrtc_folder])
    library = str(nvrtc_folder / "nvidia" / "cuda_nvrtc" / "lib" / "libnvrtc.so.12")
    assert result["same"]  # once per process
    assert result["found"] == [library]
    if result["driver"]:
        assert result["loaded"] == [library] and library in result["mapped"]
        assert "libnvrtc.so.12" in result["summary"]
    else:  # this machine: the wheel is there, the driver is not, so nothing is loaded
        assert result["loaded"] == [] and library not in result["mapped"]
        assert "no NVIDIA driver" in result["summary"]


def test_without_the_wheels_nothing_is_loaded_and_ctranslate2_is_not_imported() -> None:
    if cuda_libs.wheel_folders():
        pytest.skip("this environment has nvidia-* wheels installed")
    result = run_python("""
        import json, sys
        from malsori.core import cuda_libs

        before = mapped()
        done = cuda_libs.preload()
        new = sorted(set(mapped()) - set(before))
        print(json.dumps({"loaded": list(done.loaded), "summary": done.summary, "new": new,
                          "ctranslate2": "ctranslate2" in sys.modules}))
    """)
    assert result["loaded"] == [] and result["new"] == []
    assert "gpu extra is not installed" in result["summary"]
    assert not result["ctranslate2"]


def test_a_broken_install_does_not_raise_and_the_cpu_path_still_works(tmp_path: Path) -> None:
    lib = tmp_path / "nvidia" / "cublas" / "lib"
    lib.mkdir(parents=True)
    (lib / "libcublas.so.12").write_bytes(b"not a library")  # a download cut short, say
    (tmp_path / "nvidia" / "cudnn").mkdir()  # a wheel without its lib folder
    result = run_python("""
        import json, logging
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
        from malsori.core import cuda_libs, engine

        found = cuda_libs.find()
        loaded, failed = cuda_libs.load(found)
        device = engine.resolve_device("auto")  # runs preload too
        print(json.dumps({"found": [str(p) for p in found], "loaded": [str(p) for p in loaded], "failed": failed,
                          "preload": cuda_libs.preload().summary, "device": device}))
    """, pythonpath=[tmp_path])
    assert result["found"] == [str(lib / "libcublas.so.12")]
    assert result["loaded"] == [] and len(result["failed"]) == 1 and "libcublas.so.12" in result["failed"][0]
    assert result["device"] == ["cpu", "int8"]
    assert result["preload"].startswith("CUDA libraries from pip")  # said, not raised


def test_the_engine_preloads_before_a_model_load_that_may_use_cuda_but_not_for_the_cpu() -> None:
    result = run_python("""
        import json, logging
        from malsori.core import cuda_libs, engine

        seen = []
        class Recorder(logging.Handler):
            def emit(self, record):
                seen.append(record.getMessage())
        logging.getLogger(cuda_libs.__name__).addHandler(Recorder())
        logging.getLogger(cuda_libs.__name__).setLevel(logging.DEBUG)
        engine.resolve_device("cpu")
        after_cpu = list(seen)
        engine.resolve_device("auto")
        print(json.dumps({"after_cpu": after_cpu, "after_auto": seen}))
    """)
    assert result["after_cpu"] == []
    assert len(result["after_auto"]) == 1 and "CUDA libraries" in result["after_auto"][0]


def test_the_names_loaded_are_those_the_installed_ctranslate2_opens() -> None:
    """CTranslate2 opens cuBLAS by its CUDA 12 name: a CTranslate2 built for another CUDA
    (libcublas.so.13) would need LIBRARIES changed, and this says so."""
    import ctranslate2

    package = Path(ctranslate2.__file__).parent
    libraries = list((package.parent / "ctranslate2.libs").glob("libctranslate2*.so*")) or list(package.glob("*.so*"))
    assert libraries, f"no CTranslate2 library found near {package}"
    opened = b"".join(path.read_bytes() for path in libraries)
    names = [name for _wheel, name in cuda_libs.LIBRARIES]
    assert "libcublas.so.12" in names
    assert b"libcublas.so.12\0" in opened
