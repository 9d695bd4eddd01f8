"""The command line as a person runs it: a real process, real files, the real model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pysubs2
import pytest

from tests.speech import wer

ROOT = Path(__file__).resolve().parents[2]


def malsori(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "malsori.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ.copy(),
        timeout=300,
    )


def test_models_lists_the_bundled_models_as_available_offline():
    done = malsori("models")
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[1:]}
    for name in ("tiny.en", "base"):
        assert "bundled" in lines[name] and "(offline)" in lines[name]
    assert "downloadable" in lines["large-v3"] and "(offline)" not in lines["large-v3"]


@pytest.mark.slow
def test_transcribe_writes_srt_and_txt_and_carries_on_past_a_bad_file(english_speech, tmp_path):
    speech, text = english_speech
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage" * 10)
    out = tmp_path / "out"
    done = malsori("transcribe", str(bad), str(speech), "--model", "tiny.en", "--format", "srt,txt", "--output-dir", str(out))
    assert done.returncode == 1  # one file failed ...
    failure_lines = [line for line in done.stderr.splitlines() if "broken.wav" in line]
    assert len(failure_lines) == 1 and "Traceback" not in done.stderr
    srt = pysubs2.load(str(out / "english.srt"))  # ... and the good one is done
    assert len(srt) >= 3
    assert all(0 <= e.start <= e.end for e in srt)
    assert wer(text, " ".join(e.plaintext.replace("\n", " ") for e in srt)) < 0.1
    txt = (out / "english.txt").read_text(encoding="utf-8")
    assert wer(text, txt) < 0.1
    assert not (out / "broken.srt").exists()


@pytest.mark.slow
def test_make_run_sample_prints_a_correct_srt_with_the_default_model():
    sample = ROOT / "resources" / "samples" / "sample-en.flac"
    reference = (ROOT / "resources" / "samples" / "sample-en.txt").read_text()
    done = malsori("transcribe", str(sample), "--format", "srt", "--stdout")
    assert done.returncode == 0, done.stderr
    subs = pysubs2.SSAFile.from_string(done.stdout, format_="srt")
    spoken = " ".join(e.plaintext.replace("\n", " ") for e in subs)
    assert wer(reference, spoken) < 0.1
    assert "language en" in done.stderr


def test_unknown_format_and_language_are_usage_errors(tmp_path):
    for args in (["--format", "docx"], ["--language", "klingon"]):
        done = malsori("transcribe", str(tmp_path / "x.wav"), *args)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "error:" in done.stderr


def test_missing_model_is_a_one_line_failure(tmp_path):
    done = malsori("transcribe", str(tmp_path / "x.wav"), "--model", "medium")
    assert done.returncode == 1
    assert "not downloaded" in done.stderr and "Traceback" not in done.stderr
