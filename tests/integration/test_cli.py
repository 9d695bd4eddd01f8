"""The command line as a person runs it: a real process, real files, the real model."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pysubs2
import pytest
import soundfile

from tests.command_line import malsori
from tests.folders import unwritable_folder
from tests.speech import wer

ROOT = Path(__file__).resolve().parents[2]


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


# --- where results go: planned and checked before any work ---------------------------------------

FIRST, SECOND = "Hello world. This is the first recording.", "Good evening. Here is another one."
NOT_DOWNLOADED = "medium"  # a model the tests never have: a run that reaches the model load says so


def test_an_existing_output_is_refused_before_the_model_is_even_loaded(tmp_path):
    audio = tmp_path / "talk.wav"
    audio.write_bytes(b"not read")
    edited = tmp_path / "out" / "talk.srt"
    edited.parent.mkdir()
    edited.write_text("1\n00:00:00,000 --> 00:00:01,000\nHand-edited\n", encoding="utf-8")
    done = malsori("transcribe", str(audio), "--output-dir", str(tmp_path / "out"), "--format", "srt,txt",
                   "--model", NOT_DOWNLOADED)
    assert done.returncode == 1
    assert str(edited) in done.stderr and "--overwrite" in done.stderr and "Nothing was transcribed" in done.stderr
    assert "not downloaded" not in done.stderr  # refused before any work
    assert edited.read_text(encoding="utf-8").endswith("Hand-edited\n")
    assert sorted(os.listdir(tmp_path / "out")) == ["talk.srt"]


def test_an_output_folder_that_is_a_file_or_read_only_is_refused_before_any_work(tmp_path):
    audio = tmp_path / "talk.wav"
    audio.write_bytes(b"not read")
    a_file = tmp_path / "results"
    a_file.write_text("a file, not a folder", encoding="utf-8")
    for folder, says in ((a_file, "is a file, not a folder"), (unwritable_folder(tmp_path), "Cannot write in")):
        done = malsori("transcribe", str(audio), "--output-dir", str(folder), "--model", NOT_DOWNLOADED)
        assert done.returncode == 1 and says in done.stderr and str(folder) in done.stderr, done.stderr
        assert "Errno" not in done.stderr and "Traceback" not in done.stderr and "not downloaded" not in done.stderr
    assert a_file.read_text(encoding="utf-8") == "a file, not a folder"


def test_stdout_with_several_formats_and_bad_option_values_are_usage_errors(tmp_path):
    audio = str(tmp_path / "talk.wav")
    for args in (["--stdout", "--format", "srt,txt"], ["--patience", "0"], ["--patience", "-1"],
                 ["--patience", "nan"], ["--beam-size", "0"], ["--max-lines", "0"], ["--max-line-width", "1"]):
        done = malsori("transcribe", audio, *args)
        assert done.returncode == 2, args
        assert "error:" in done.stderr and args[0] in done.stderr and "Traceback" not in done.stderr


def test_downloading_a_bundled_model_says_so_without_a_network(tmp_path):
    done = malsori("models", "--download", "tiny.en")  # the tests run with HF_HUB_OFFLINE=1
    assert done.returncode == 0, done.stderr
    assert "bundled" in done.stderr and "nothing to download" in done.stderr


@pytest.fixture(scope="module")
def two_recordings(speech_dir: Path) -> tuple[Path, Path]:
    from tests.speech import speak

    return speak(FIRST, speech_dir / "first.wav"), speak(SECOND, speech_dir / "second.wav")


def srt_text(path: Path) -> str:
    return " ".join(e.plaintext.replace("\n", " ") for e in pysubs2.load(str(path)))


@pytest.mark.slow
def test_same_named_inputs_get_numbered_outputs_and_an_input_is_never_replaced(two_recordings, tmp_path):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "talk.wav").write_bytes(two_recordings[0].read_bytes())
    (tmp_path / "b" / "talk.wav").write_bytes(two_recordings[1].read_bytes())
    clip = tmp_path / "c" / "clip.srt"  # audio that happens to be named .srt
    clip.write_bytes(two_recordings[1].read_bytes())
    out = tmp_path / "c"
    done = malsori("transcribe", str(tmp_path / "a" / "talk.wav"), str(tmp_path / "b" / "talk.wav"), str(clip),
                   "--output-dir", str(out), "--format", "srt,txt", "--model", "tiny.en")
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(out)) == ["clip (2).srt", "clip (2).txt", "clip.srt", "talk (2).srt", "talk (2).txt",
                                       "talk.srt", "talk.txt"]
    assert clip.read_bytes() == two_recordings[1].read_bytes()
    assert wer(FIRST, srt_text(out / "talk.srt")) < 0.2
    assert wer(SECOND, srt_text(out / "talk (2).srt")) < 0.2
    assert wer(SECOND, (out / "clip (2).txt").read_text(encoding="utf-8")) < 0.2


@pytest.mark.slow
def test_overwrite_replaces_an_existing_output(two_recordings, tmp_path):
    target = tmp_path / "first.srt"
    target.write_text("1\n00:00:00,000 --> 00:00:01,000\nold\n", encoding="utf-8")
    done = malsori("transcribe", str(two_recordings[0]), "--output-dir", str(tmp_path), "--overwrite",
                   "--model", "tiny.en")
    assert done.returncode == 0, done.stderr
    assert wer(FIRST, srt_text(target)) < 0.2 and os.listdir(tmp_path) == ["first.srt"]


@pytest.mark.slow
def test_patience_reaches_the_engine_and_is_recorded(two_recordings):
    done = malsori("transcribe", str(two_recordings[0]), "--stdout", "--format", "json", "--model", "tiny.en",
                   "--beam-size", "3", "--patience", "2")
    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout)["options"]
    assert (options["beam_size"], options["patience"]) == (3, 2.0)


@pytest.mark.slow
def test_no_speech_says_so_on_stderr_and_writes_empty_files(tmp_path):
    silence = tmp_path / "silence.wav"
    soundfile.write(str(silence), np.zeros(16000 * 3, dtype=np.float32), 16000)
    done = malsori("transcribe", str(silence), "--format", "srt,txt", "--model", "tiny.en")
    assert done.returncode == 0, done.stderr
    assert "silence.wav: no speech found" in done.stderr
    assert (tmp_path / "silence.srt").read_text(encoding="utf-8") == ""
    assert (tmp_path / "silence.txt").read_text(encoding="utf-8") == ""


# --- cue timing and Ctrl+C, on a longer recording ------------------------------------------------


@pytest.fixture(scope="module")
def long_speech(speech_dir: Path) -> Path:
    """About 50 seconds: the test text twice."""
    from tests.speech import ENGLISH_TEXT, speak

    return speak(f"{ENGLISH_TEXT} {ENGLISH_TEXT}", speech_dir / "long.wav")


@pytest.fixture(scope="module")
def interrupted_speech(speech_dir: Path) -> Path:
    """About two and a half minutes, to be interrupted: long enough that the progress bar seen
    late on a busy machine still comes well before the end (50 s of speech were once done
    before the test read their first progress)."""
    from tests.speech import ENGLISH_TEXT, speak

    folder = speech_dir / "interrupted"
    folder.mkdir(exist_ok=True)
    return speak(" ".join([ENGLISH_TEXT] * 6), folder / "long.wav")


@pytest.mark.slow
def test_batched_srt_cues_keep_to_their_own_words(long_speech, tmp_path):
    """Every cue starts with its first word and ends with its last, within 0.1 s
    (the words' times from the JSON of the same run)."""
    done = malsori("transcribe", str(long_speech), "--model", "tiny.en", "--batch-size", "8", "--format", "srt,json",
                   "--output-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "long.json").read_text(encoding="utf-8"))
    words = [(w[0], w[1], w[2].strip()) for s in data["segments"] for w in s["words"]]
    cues = pysubs2.load(str(tmp_path / "long.srt"))
    assert len(cues) > len(data["segments"])  # long segments were split into several cues
    at = 0
    for cue in cues:
        shown, own = cue.plaintext.replace("\n", "").replace(" ", ""), ""
        first = at
        while len(own) < len(shown):
            own += words[at][2].replace(" ", "")
            at += 1
        assert own == shown
        assert abs(cue.start / 1000 - words[first][0]) <= 0.1, (cue, words[first])
        assert abs(cue.end / 1000 - words[at - 1][1]) <= 0.1, (cue, words[at - 1])
    assert at == len(words)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal for the progress bar")
def test_ctrl_c_stops_cleanly_keeps_finished_files_and_marks_the_partial_one(two_recordings, interrupted_speech,
                                                                             tmp_path):
    """SIGINT once the long file's first segment is in (its progress bar moved):
    exit 130, not a native crash; the finished file is kept whole, the long one's
    text so far is in long.partial.srt and nothing is under its finished name."""
    import pty
    import select

    master, terminal = pty.openpty()  # a terminal, so the progress bar shows each segment
    process = subprocess.Popen(
        [sys.executable, "-m", "malsori.cli", "transcribe", str(two_recordings[0]), str(interrupted_speech),
         "--model", "tiny.en", "--device", "cpu", "--format", "srt,txt", "--output-dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=terminal, env=os.environ.copy())
    os.close(terminal)
    shown, sent, deadline = b"", False, time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        try:
            chunk = os.read(master, 4096) if ready else b""
        except OSError:  # the process closed the terminal
            break
        if ready and not chunk:
            break
        shown += chunk
        if not sent and re.search(rb"long\.wav\s+\[#*\.*\]\s+[1-9]\d*%", shown):
            process.send_signal(signal.SIGINT)
            sent = True
    code = process.wait(timeout=120)
    os.close(master)
    stderr = shown.decode(errors="replace")
    assert sent, stderr
    assert code == 130, stderr  # a crash would be -11 (SIGSEGV) or -6 (SIGABRT)
    assert wer(FIRST, srt_text(tmp_path / "first.srt")) < 0.2
    assert not (tmp_path / "long.srt").exists() and not (tmp_path / "long.txt").exists()
    partial = pysubs2.load(str(tmp_path / "long.partial.srt"))
    assert len(partial) >= 1 and (tmp_path / "long.partial.txt").read_text(encoding="utf-8").strip()
    assert "long.partial.srt" in stderr and "Traceback" not in stderr
