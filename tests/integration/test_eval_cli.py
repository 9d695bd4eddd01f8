"""``malsori eval`` as a person runs it: a real process, real espeak-ng speech, both bundled models, the cache."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from malsori.cli import build_parser
from malsori.core.engine import TranscribeOptions
from malsori.core.eval_cache import TranscriptCache
from malsori.core.eval_inputs import load_inputs
from malsori.core.evaluation import EvalProgress, System, evaluate
from malsori.eval_cli import systems

from tests.speech import speak

ROOT = Path(__file__).resolve().parents[2]
MALSORI = ROOT / ".venv" / "bin" / "malsori"

CLIPS = {
    "budget.wav": "Today we will review the budget for the next quarter.",
    "river.wav": "The river runs through the middle of the old town.",
    "bread.wav": "Mix flour, water, salt and a little yeast in a large bowl.",
}
#: Measured on CPU: tiny.en and base 2 errors each of 32 words (0.0625; "mixed flour", base's "next Wargur");
#: twice that is allowed for another machine's arithmetic.
WER_BOUND = 0.13


def malsori(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MALSORI_HOME": str(home)}
    return subprocess.run([str(MALSORI), *args], capture_output=True, text=True, env=env, timeout=300)


def parsed(*argv: str) -> tuple[argparse.Namespace, argparse.ArgumentParser]:
    parser = build_parser()
    return parser.parse_args(["eval", "in.csv", *argv]), parser


def test_repeated_options_pair_with_the_models_by_position():
    args, parser = parsed("--model", "base", "--model", "base", "--beam-size", "1", "--beam-size", "5",
                          "--patience", "2")
    chosen = systems(args, parser)
    assert [(s.label, s.model, s.options.beam_size, s.options.patience) for s in chosen] == [
        ("base beam 1", "base", 1, 2.0), ("base beam 5", "base", 5, 2.0)]
    args, parser = parsed("--model", "tiny.en", "--beam-size", "1", "--beam-size", "3", "--no-vad", "--language", "en")
    assert [(s.label, s.options.beam_size, s.options.vad_filter, s.options.language)
            for s in systems(args, parser)] == [("tiny.en beam 1", 1, False, "en"), ("tiny.en beam 3", 3, False, "en")]
    args, parser = parsed()
    [only] = systems(args, parser)
    assert (only.label, only.options.beam_size) == ("base", 5)
    args, parser = parsed("--model", "base", "--model", "base")
    assert [s.label for s in systems(args, parser)] == ["base #1", "base #2"]


def test_a_count_that_pairs_with_nothing_and_a_missing_input_are_told_apart(tmp_path):
    done = malsori("eval", "x.csv", "--model", "tiny.en", "--model", "base", "--beam-size", "1", "--beam-size", "2",
                   "--beam-size", "3", home=tmp_path)
    assert done.returncode == 2
    assert "--model is given 2 times for 3 systems" in done.stderr and "Traceback" not in done.stderr
    done = malsori("eval", str(tmp_path / "nothing.csv"), "--model", "tiny.en", home=tmp_path)
    assert done.returncode == 1
    assert "nothing.csv: it does not exist" in done.stderr and "nothing to evaluate" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three spoken clips, a row without text and a row whose audio is missing."""
    folder = tmp_path_factory.mktemp("eval")
    (folder / "audio").mkdir()
    for name, text in CLIPS.items():
        speak(text, folder / "audio" / name)
    rows = [f'audio/{name},"{text}"' for name, text in CLIPS.items()]
    rows.insert(1, "audio/budget.wav,")  # line 3: no text
    rows.append("audio/gone.wav,This file is not there.")  # line 6
    (folder / "audio" / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage" * 10)
    rows.append("audio/broken.wav,This file does not decode.")  # line 7: fails in every system
    path = folder / "manifest.csv"
    path.write_text("audio_path,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def table_rates(stdout: str) -> dict[str, float]:
    """The WER of each system row of the printed table."""
    rates = {}
    for line in stdout.splitlines()[1:]:
        match = re.match(r"(\S+(?: beam \d+)?)\s+(\d+\.\d\d)%", line)
        if match:
            rates[match.group(1)] = float(match.group(2)) / 100
    return rates


@pytest.mark.slow
def test_two_models_then_a_third_transcribes_only_the_new_one(manifest, tmp_path):
    home = tmp_path / "home"
    report, result = tmp_path / "out.html", tmp_path / "out.json"
    done = malsori("eval", str(manifest), "--model", "tiny.en", "--model", "base", "--report", str(report),
                   "--json", str(result), home=home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{manifest}, line 3: text is empty" in done.stderr
    assert f"{manifest}, line 6: audio file not found" in done.stderr and "gone.wav" in done.stderr
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["metric"] == "WER"
    by_label = {s["label"]: s for s in data["systems"]}
    assert set(by_label) == {"tiny.en", "base"}
    printed = table_rates(done.stdout)
    for label, system in by_label.items():
        *spoken, broken = system["files"]
        assert [f["audio"] for f in spoken] == [f"audio/{name}" for name in CLIPS]  # the bad rows skipped
        assert all(f["error"] is None and not f["cached"] for f in spoken)
        assert broken["audio"] == "audio/broken.wav" and broken["error"] and system["failures"] == 1
        assert f"{label}: audio/broken.wav: " in done.stderr
        assert system["rate"] <= WER_BOUND
        assert printed[label] == pytest.approx(system["rate"], abs=0.00005)
        assert system["real_time_factor"] > 0
        assert system["counts"]["reference_length"] == sum(len(t.split()) for t in CLIPS.values())
    html = report.read_text(encoding="utf-8")
    assert "tiny.en" in html and "base" in html and "river runs through" in html.lower()
    assert list((home / "cache" / "eval").rglob("*.json")), "transcripts are cached under MALSORI_HOME"

    again = malsori("eval", str(manifest), "--model", "tiny.en", "--model", "base", "--model", "tiny.en",
                    "--beam-size", "5", "--beam-size", "5", "--beam-size", "1", "--json", str(result), home=home)
    assert again.returncode == 0, again.stderr
    data = json.loads(result.read_text(encoding="utf-8"))
    cached = {s["label"]: [f["cached"] for f in s["files"]] for s in data["systems"]}
    assert cached == {"tiny.en beam 5": [True] * 3 + [False], "base beam 5": [True] * 3 + [False],
                      "tiny.en beam 1": [False] * 4}
    rates = {s["label"]: s["rate"] for s in data["systems"]}  # the cached transcripts score as before
    assert rates["tiny.en beam 5"] == by_label["tiny.en"]["rate"] and rates["base beam 5"] == by_label["base"]["rate"]
    assert "cached" in again.stdout  # the RTF column of a system that transcribed nothing


@pytest.mark.slow
def test_cancel_stops_between_files_and_keeps_what_was_finished(manifest, tmp_path):
    items, _problems = load_inputs([manifest])
    cancel = threading.Event()
    seen: list[EvalProgress] = []

    def progress(p: EvalProgress) -> None:
        seen.append(p)
        if p.done == 1:
            cancel.set()

    cache = TranscriptCache(tmp_path / "cache")
    result = evaluate(items, [System("tiny.en", "tiny.en", TranscribeOptions())], cache=cache, device="cpu",
                      progress=progress, cancel=cancel)
    [system] = result.systems
    assert [f.audio for f in system.files] == ["audio/budget.wav"]
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1
    assert {p.total for p in seen} == {len(items)} and max(p.fraction for p in seen) == 1.0
