"""``malsori dataset`` as a person runs it: a real process over real project files."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.core.test_dataset import silence_project
from tests.integration.test_cli import malsori


def test_dataset_writes_an_audiofolder_and_prints_its_summary(tmp_path: Path):
    spans = [(0.0, 4.0, "We have 100 chairs."), (6.5, 10.5, "The hall is full."), (13.0, 17.0, "Thank you.")]
    path = silence_project(tmp_path, spans, created=1.7e9, name="meeting")
    lost = silence_project(tmp_path, [(0.0, 1.0, "gone")], name="lost", media=tmp_path / "nowhere.wav")
    out = tmp_path / "data"
    done = malsori("dataset", str(path), str(lost), "--out", str(out), "--spell-numbers", "--test-share", "0.3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"wrote 3 clips, 0.00 hours (12.0 s), to {out}"
    counts = {line.split()[0]: int(line.split()[1]) for line in lines[1:]}
    assert sum(counts.values()) == 3 and counts["test"] >= 1 and counts["train"] >= 1
    assert done.stderr.strip() == f"malsori: skipped {lost}: its media file {tmp_path / 'nowhere.wav'} is missing"
    texts = []
    for split in ("train", "test"):
        with open(out / split / "metadata.csv", newline="", encoding="utf-8") as f:
            texts += [row["transcription"] for row in csv.DictReader(f)]
    assert sorted(texts) == ["Thank you.", "The hall is full.", "We have one hundred chairs."]

    again = malsori("dataset", str(path), "--out", str(out))  # a dataset folder of ours is replaced
    assert again.returncode == 0, again.stderr


def test_dataset_failures_exit_1_and_bad_options_exit_2(tmp_path: Path):
    path = silence_project(tmp_path, [(0.0, 1.0, "one")], name="p")
    done = malsori("dataset", str(path), "--out", str(tmp_path))  # holds the project: not a dataset folder
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"malsori: Cannot write the dataset to {tmp_path}: the folder is not empty")
    assert "Traceback" not in done.stderr
    nothing = malsori("dataset", str(path), "--out", str(tmp_path / "out"), "--reviewed-only")
    assert nothing.returncode == 1 and "no segment is marked reviewed" in nothing.stderr
    for option, value, message in (("--max-clip", "40", "must be above 0 and at most 30, not 40"),
                                   ("--test-share", "1", "must be at least 0 and below 1, not 1")):
        bad = malsori("dataset", str(path), "--out", str(tmp_path / "out"), option, value)
        assert bad.returncode == 2 and message in bad.stderr
