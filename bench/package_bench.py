"""``python -m bench.package_bench``: what the installers cost a person (after ``make package``).

* Sizes: the one-folder bundle on disk, the model inside it, and the .deb download.
* Start-up: from launching the program to its window mapped on a real X server
  (Xvfb), seen from outside by asking ``xdotool search --onlyvisible`` every
  20 ms, for the frozen bundle and for the same app run from the source
  checkout's venv, in alternating rounds so both meet the same machine. The first frozen launch runs
  after the page cache was dropped where the kernel lets us (root), so it is a
  true cold start; otherwise it is reported as warm.
* The command line: ``malsori transcribe`` of the bundled 14 s sample, frozen and
  from source, each start to finish including the model load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from malsori.resources import sample_audio

from tests.packaging.frozen import BUNDLE, ROOT, bare_env

from . import report

SOURCE = ROOT / ".venv" / "bin" / "malsori"
SAMPLE = sample_audio()
ROUNDS = 3
#: How often the X server is asked for the window: ``xdotool search --sync``
#: polls only every half second, too coarse for a start-up of about a second.
POLL_S = 0.02
WINDOW_TIMEOUT_S = 120


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def _drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


@contextmanager
def _x_server() -> Iterator[str]:
    """A private Xvfb on a free display; yields its name (":3").

    ``-noreset``: by default an X server resets when its last client leaves, and
    a program started during that reset finds no display ("could not connect to
    display") and exits, which read as a start-up that never showed a window.
    ``-displayfd``: the server picks a free display and says which once it
    accepts clients, so there is neither a fixed number to collide on nor a sleep.
    """
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-noreset", "-screen", "0", "1600x1000x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def _time_to_window(executable: Path, home: Path, display: str) -> float:
    """Seconds from exec to a visible top-level window titled Malsori."""
    home.mkdir(parents=True, exist_ok=True)
    log = home / "stderr.txt"
    started = time.perf_counter()
    with log.open("wb") as stderr:
        app = subprocess.Popen([str(executable)], cwd=home, env=bare_env(home, DISPLAY=display),
                               stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        while time.perf_counter() - started < WINDOW_TIMEOUT_S:
            search = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Malsori"],
                                    env={"DISPLAY": display}, capture_output=True)
            if search.returncode == 0:
                return time.perf_counter() - started
            if app.poll() is not None:
                break
            time.sleep(POLL_S)
        said = log.read_text(errors="replace").strip()[-1500:]
        raise RuntimeError(f"{executable} showed no window (exit status {app.poll()}); it said:\n{said}")
    finally:
        app.terminate()
        app.wait(timeout=30)


def _time_transcribe(executable: Path, home: Path) -> float:
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run([str(executable), "transcribe", str(SAMPLE), "--format", "srt", "--stdout"], cwd=home,
                   env=bare_env(home), check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def built() -> bool:
    """Whether `make package` has built the bundle these figures are about."""
    return (BUNDLE / "malsori").is_file()


def main() -> None:
    if not built():
        raise SystemExit(f"no bundle in {BUNDLE}: run `make package` first")
    debs = sorted(BUNDLE.parent.glob("malsori_*.deb"))
    report.figure("bundle_size_mb", _size_mb(BUNDLE), "MB", digits=0)
    report.figure("bundle_model_mb", _size_mb(BUNDLE / "_internal" / "models"), "MB", digits=0)
    if debs:
        report.figure("deb_size_mb", _size_mb(debs[-1]), "MB", digits=0)
    with _x_server() as display, tempfile.TemporaryDirectory(prefix="malsori-start-") as scratch:
        home = Path(scratch)
        cold = _drop_page_cache()
        first = _time_to_window(BUNDLE / "malsori", home / "first", display)
        report.figure(f"frozen_start_to_window_{'cold' if cold else 'first'}_s", first, "s", digits=2)
        frozen, source = [], []
        for number in range(ROUNDS):
            frozen.append(_time_to_window(BUNDLE / "malsori", home / f"frozen-{number}", display))
            source.append(_time_to_window(SOURCE, home / f"source-{number}", display))
        report.figure("frozen_start_to_window_warm_s", statistics.median(frozen), "s", digits=2)
        report.figure("source_start_to_window_warm_s", statistics.median(source), "s", digits=2)
        report.figure("frozen_vs_source_start_ratio", statistics.median(frozen) / statistics.median(source), "x")
        cli_frozen = statistics.median(_time_transcribe(BUNDLE / "malsori", home / "cli") for _ in range(ROUNDS))
        cli_source = statistics.median(_time_transcribe(SOURCE, home / "cli") for _ in range(ROUNDS))
        report.figure("frozen_transcribe_sample_s", cli_frozen, "s", digits=2)
        report.figure("frozen_vs_source_transcribe_ratio", cli_frozen / cli_source, "x")
    report.note(f"bundle {BUNDLE}; {ROUNDS} alternating rounds; page cache dropped before the first start: {cold}")


if __name__ == "__main__":
    main()
