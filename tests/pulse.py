"""A private PulseAudio daemon with a null sink, for tests and benches that need a
real sound server (playback, capture) without touching the person's own.

The daemon's runtime folder, socket and cookie live in a folder the caller
gives; the returned environment reaches it (PULSE_SERVER), and a child process
started with it plays into the null sink, where nothing is heard.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SINK = "malsori_test"


class PulseUnavailable(RuntimeError):
    """The tools are missing or the daemon would not start; the message says which."""


@contextmanager
def private_pulse(folder: Path) -> Iterator[dict[str, str]]:
    """Run a PulseAudio daemon with a null sink while the block runs; yields the
    environment (os.environ plus PULSE_SERVER, PULSE_RUNTIME_PATH, HOME) that reaches it."""
    missing = [tool for tool in ("pulseaudio", "pactl") if shutil.which(tool) is None]
    if missing:
        raise PulseUnavailable(f"PulseAudio tools not installed: {', '.join(missing)}")
    runtime = folder / "pulse"
    runtime.mkdir(parents=True, exist_ok=True)
    socket = runtime / "native"
    env = {
        **os.environ,
        "HOME": str(folder),  # the daemon keeps its cookie and state here, not in the real profile
        "PULSE_RUNTIME_PATH": str(runtime),
        "PULSE_SERVER": f"unix:{socket}",
    }
    daemon = subprocess.Popen(
        [
            "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
            "--disallow-exit", "--log-target=stderr",
            f"--load=module-null-sink sink_name={SINK}",
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={socket}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], check=False, env=env, capture_output=True).returncode != 0:
            if daemon.poll() is not None:
                raise PulseUnavailable(f"PulseAudio could not be started here: {daemon.stderr.read().strip()[-500:]}")
            if time.monotonic() > deadline:
                raise PulseUnavailable("PulseAudio started but did not answer within 10 seconds")
            time.sleep(0.1)
        yield env
    finally:
        daemon.kill()
        daemon.wait()
