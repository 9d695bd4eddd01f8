"""Training data from projects (core.dataset): a real transcribed, corrected project cut into
clips, checked against its media sample by sample; hand-built projects for the rules (merging,
splitting long segments, the split, numbers, skipped and refused inputs, a full disk)."""

from __future__ import annotations

import csv
import dataclasses
import errno
import json
import os
import re
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from malsori.core import audio
from malsori.core.dataset import (
    MAX_MERGE_GAP_S,
    MIN_CLIP_S,
    Clip,
    DatasetCancelled,
    DatasetError,
    export_dataset,
    plan_clips,
)
from malsori.core.engine import TranscribeOptions
from malsori.core.project import Project, ProjectStore, save
from malsori.core.project import load as load_project
from malsori.core.transcript import Segment, Transcript, Word, edit_text, normalize_space, set_reviewed
from tests.folders import unwritable_folder
from tests.speech import joined, speak

#: 16-bit files: a sample read back from a clip is within a step or two of the media's.
PCM16_STEP = 1 / 32768

SENTENCES = [
    "Good morning and welcome to the weekly meeting.",
    "We have 100 chairs in the main hall.",
    "The library opens at nine in the morning.",
    "Please bring your reports on Thursday.",
    "The new office has a large kitchen.",
    "Our team finished the project last week.",
    "The train to the city leaves every hour.",
    "Thank you all for coming today.",
    "The weather will be sunny tomorrow.",
    "Lunch is served in the garden.",
    "The doors close at six in the evening.",
    "See you all next Monday.",
]
NUMBERS = 1  # the sentence whose corrected text says "100"
CORRECTED = 2  # tiny.en hears "night" for "nine" here: the person fixes it
LONG_PAUSE_AFTER = 5  # longer than MAX_MERGE_GAP_S: clips never span it
EVENING = 10  # tiny.en writes "at 6 in the evening"
REVIEWED = (0, NUMBERS, CORRECTED, EVENING)


# --- helpers ----------------------------------------------------------------------------------------


def rows(folder: Path, split: str) -> list[dict[str, str]]:
    with open(folder / split / "metadata.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["file_name", "transcription"]
        return list(reader)


def all_rows(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {split: rows(folder, split) if (folder / split).exists() else [] for split in ("train", "test")}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def silence_project(folder: Path, spans: list[tuple[float, float, str]], created: float = 1.7e9,
                    language: str = "en", name: str = "synthetic", media: Path | None = None) -> Path:
    """A project file over a WAV of low noise long enough for ``spans`` (start, end, text)."""
    duration = max(end for _, end, _ in spans) + 0.5
    if media is None:
        media = folder / f"{name}.wav"
        noise = np.random.default_rng(0).normal(0, 0.01, round(duration * audio.SAMPLE_RATE)).astype(np.float32)
        soundfile.write(str(media), noise, audio.SAMPLE_RATE, subtype="PCM_16")
    segments = tuple(Segment(a, b, text) for a, b, text in spans)
    project = Project(Transcript(segments, language=language, duration=duration), str(media), name, created, created)
    path = folder / f"{name}.malsori"
    save(project, path)
    return path


# --- a real transcribed, corrected project -----------------------------------------------------------


@pytest.fixture(scope="module")
def talk(tmp_path_factory) -> tuple[Path, list[tuple[float, float]]]:
    """About 45 s of espeak speech, a pause between sentences; the media and each sentence's span."""
    folder = tmp_path_factory.mktemp("talk")
    parts: list[Path | float] = []
    spans, at = [], 0.0
    for i, sentence in enumerate(SENTENCES):
        if i:
            pause = 3.0 if i == LONG_PAUSE_AFTER + 1 else 1.0
            parts.append(pause)
            at += pause
        wav = speak(sentence, folder / f"s{i}.wav")
        length = soundfile.info(str(wav)).duration  # espeak writes 22.05 kHz
        parts.append(wav)
        spans.append((at, at + length))
        at += length
    return joined(folder / "talk.wav", *parts), spans


@pytest.fixture(scope="module")
def corrected(talk, tiny_en, tmp_path_factory) -> tuple[Path, Transcript]:
    """The talk transcribed by tiny.en, saved in a project store, then corrected by a person:
    the misheard sentence retyped, "100" in the chairs sentence, three segments marked reviewed."""
    media, spans = talk
    heard = tiny_en.transcribe(media, TranscribeOptions(language="en"))
    store = ProjectStore(tmp_path_factory.mktemp("projects"))
    path = store.create(heard, media, partial=False)

    def index_of(sentence: int) -> int:
        a, b = spans[sentence]
        overlaps = [min(b, s.end) - max(a, s.start) for s in heard.segments]
        return int(np.argmax(overlaps))

    transcript = heard
    assert normalize_space(transcript.segments[index_of(CORRECTED)].text) != SENTENCES[CORRECTED]  # a real fix
    for sentence in (CORRECTED, NUMBERS):
        transcript = edit_text(transcript, index_of(sentence), SENTENCES[sentence])
    for sentence in REVIEWED:
        transcript = set_reviewed(transcript, index_of(sentence))
    project = load_project(path)
    store.save(dataclasses.replace(project, transcript=transcript, modified=time.time()), path)
    return path, transcript


def span_of(text: str, transcript: Transcript) -> tuple[float, float]:
    """The consecutive segments whose texts, joined, are ``text``: their span."""
    segs = transcript.segments
    for i in range(len(segs)):
        for j in range(i, len(segs)):
            if " ".join(normalize_space(s.text) for s in segs[i: j + 1]) == text:
                return segs[i].start, max(s.end for s in segs[i: j + 1])
    raise AssertionError(f"no run of segments says {text!r}")


@pytest.mark.slow
def test_a_corrected_project_becomes_clips_cut_from_its_media_at_segment_boundaries(corrected, talk, tmp_path):
    path, transcript = corrected
    media, _ = talk
    source = audio.decode(media)
    out = tmp_path / "dataset"
    summary = export_dataset([path], out)

    found = all_rows(out)
    clips = found["train"] + found["test"]
    assert summary.clips == len(clips) >= 2 and summary.splits["test"].clips >= 1
    assert not summary.skipped
    texts = [c["transcription"] for c in clips]
    assert SENTENCES[CORRECTED] in " ".join(texts)  # the person's correction is the label
    assert "100 chairs" in " ".join(texts)  # numbers stay as written unless asked
    # every segment's text is in exactly one clip, in the order spoken
    assert " ".join(sorted(texts, key=lambda t: span_of(t, transcript)[0])) == " ".join(
        normalize_space(s.text) for s in transcript.segments)
    seconds = {"train": 0.0, "test": 0.0}
    for split, listed in found.items():
        for row in listed:
            assert row["file_name"].startswith("clips/") and row["file_name"].endswith(".wav")
            wav = out / split / row["file_name"]
            info = soundfile.info(str(wav))
            assert (info.samplerate, info.channels, info.subtype, info.format) == (16000, 1, "PCM_16", "WAV")
            start, end = span_of(row["transcription"], transcript)
            assert MIN_CLIP_S <= info.duration <= 30.0
            assert abs(info.duration - (end - start)) <= 1 / 16000 + 1e-9
            clip = audio.decode(wav)
            a = round(start * audio.SAMPLE_RATE)
            assert np.abs(clip - source[a: a + len(clip)]).max() <= 2 * PCM16_STEP  # cut from that very span
            seconds[split] += info.duration
    # clips never reach across the long pause: that one is not merged
    starts = sorted(span_of(t, transcript) for t in texts)
    assert any(b - a > MAX_MERGE_GAP_S for (_, a), (b, _) in zip(starts, starts[1:]))
    for split, total in seconds.items():
        assert summary.splits[split].seconds == pytest.approx(total, abs=1e-6)
    written = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert written["clips"] == summary.clips and written["format"] == "malsori-dataset"
    assert written["splits"]["train"]["clips"] == summary.splits["train"].clips
    assert written["hours"] == pytest.approx(summary.hours, abs=1e-4)


@pytest.mark.slow
def test_reviewed_only_keeps_the_checked_segments_and_numbers_are_written_out(corrected, tmp_path):
    path, transcript = corrected
    out = tmp_path / "reviewed"
    summary = export_dataset([path], out, reviewed_only=True, spell_numbers=True)
    texts = [r["transcription"] for split in all_rows(out).values() for r in split]
    reviewed = [normalize_space(s.text) for s in transcript.segments if s.reviewed]
    assert len(reviewed) == len(REVIEWED)
    assert summary.clips == len(texts) == 2  # sentences 0-2 in one clip, the evening one alone
    joined_text = " ".join(texts)
    assert "We have one hundred chairs in the main hall." in joined_text and not re.search(r"\d", joined_text)
    assert SENTENCES[CORRECTED] in joined_text and SENTENCES[0] in joined_text
    others = [normalize_space(s.text) for s in transcript.segments if not s.reviewed]
    assert not any(text in joined_text for text in others)


@pytest.mark.slow
def test_the_same_export_twice_gives_the_same_files_and_shorter_clips_on_request(corrected, tmp_path):
    path, _ = corrected
    first = export_dataset([path], tmp_path / "one", max_clip_s=10)
    second = export_dataset([path], tmp_path / "two", max_clip_s=10)
    assert first.splits == second.splits
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    one.pop("summary.json"), two.pop("summary.json")  # names its own folder
    assert one == two and len(one) == first.clips + 2  # the clips and two metadata.csv
    for name, data in one.items():
        if name.endswith(".wav"):
            assert MIN_CLIP_S <= soundfile.info(str(tmp_path / "one" / name)).duration <= 10.0


# --- the rules, on hand-built projects ---------------------------------------------------------------


def test_consecutive_segments_merge_up_to_the_limit_and_a_pause_or_a_left_out_segment_ends_a_clip():
    segments = (
        Segment(0.0, 10.0, "one"), Segment(10.5, 20.0, "two"), Segment(20.5, 29.0, "three"),
        Segment(29.5, 35.0, "four"),  # would make the first clip 35 s
        Segment(35.5, 37.0, "  "),  # no text: skipped, and ends the clip
        Segment(37.2, 39.0, "five\nsix"), Segment(39.5, 40.0, "seven", reviewed=True),
        Segment(42.5, 44.0, "eight", reviewed=True),  # 2.5 s after the last: a new clip
        Segment(44.2, 44.4, "nine", reviewed=True),
    )
    clips, skipped = plan_clips(Transcript(segments, language="en"), project="p")
    assert clips == [Clip(0.0, 29.0, "one two three"), Clip(29.5, 35.0, "four"), Clip(37.2, 40.0, "five six seven"),
                     Clip(42.5, 44.4, "eight nine")]
    assert [(s.start, s.reason) for s in skipped] == [(35.5, "no text")]
    reviewed, _ = plan_clips(Transcript(segments, language="en"), reviewed_only=True)
    assert reviewed == [Clip(39.5, 40.0, "seven"), Clip(42.5, 44.4, "eight nine")]
    japanese, _ = plan_clips(Transcript((Segment(0, 1, "今日は"), Segment(1.2, 2, "晴れ")), language="ja"))
    assert japanese == [Clip(0, 2, "今日は晴れ")]  # no space between texts of an unspaced language
    tiny, why = plan_clips(Transcript((Segment(0, 0.1, "uh"),), language="en"), project="p")
    assert tiny == [] and why[0].reason == f"shorter than {MIN_CLIP_S:g} s"


def test_a_segment_longer_than_the_limit_is_split_at_the_pause_before_a_word():
    # eight words at 0-4, 5-9, ..., 35-39 s: the pauses' middles are at 4.5, 9.5, ..., 34.5 s
    words = tuple(Word(5.0 * i, 5.0 * i + 4, f" w{i}") for i in range(8))
    long_one = Segment(0.0, 40.0, "w0 w1 w2 w3 w4 w5 w6 w7", words)
    clips, skipped = plan_clips(Transcript((long_one,), language="en"))
    assert clips == [Clip(0.0, 29.5, "w0 w1 w2 w3 w4 w5"), Clip(29.5, 40.0, "w6 w7")] and not skipped
    clips, _ = plan_clips(Transcript((long_one,), language="en"), max_clip_s=10)
    assert [(c.start, c.end, c.text) for c in clips] == [
        (0.0, 9.5, "w0 w1"), (9.5, 19.5, "w2 w3"), (19.5, 29.5, "w4 w5"), (29.5, 34.5, "w6"), (34.5, 40.0, "w7")]
    no_words = Segment(0.0, 31.0, "a whole speech")
    retyped = dataclasses.replace(long_one, text="something else entirely")
    clips, skipped = plan_clips(Transcript((no_words, dataclasses.replace(retyped, start=31, end=71, words=tuple(
        dataclasses.replace(w, start=w.start + 31, end=w.end + 31) for w in words))), language="en"), project="p")
    assert clips == []
    assert [s.reason for s in skipped] == ["longer than 30 s and without word timings to split it at",
                                           "longer than 30 s and its words no longer spell its corrected text"]


def test_the_split_is_about_8_to_2_stable_and_unmoved_by_another_project(tmp_path):
    spans = [(i * 1.0, i * 1.0 + 0.5, f"clip {i}") for i in range(200)]
    a = silence_project(tmp_path, spans, created=1.7e9, name="a")
    b = silence_project(tmp_path, spans[:50], created=1.8e9, name="b")
    alone = export_dataset([a], tmp_path / "alone", max_clip_s=0.6)  # one clip a segment
    assert alone.clips == 200 and 0.15 <= alone.splits["test"].clips / 200 <= 0.25
    both = export_dataset([b, a], tmp_path / "both", max_clip_s=0.6)
    assert both.clips == 250
    where_alone = {r["file_name"]: split for split, rs in all_rows(tmp_path / "alone").items() for r in rs}
    where_both = {r["file_name"]: split for split, rs in all_rows(tmp_path / "both").items() for r in rs}
    assert {n: s for n, s in where_both.items() if n.startswith("clips/a-")} == where_alone
    export_dataset([a], tmp_path / "other", max_clip_s=0.6, seed_text="another seed")
    where_other = {r["file_name"]: split for split, rs in all_rows(tmp_path / "other").items() for r in rs}
    assert where_other != where_alone  # the seed decides it, nothing else


def test_a_tiny_dataset_still_gets_a_test_clip(tmp_path):
    for created in (1.0, 2.0, 3.0, 4.0, 5.0):  # whatever the hash says, each split gets one of the two
        path = silence_project(tmp_path, [(0.0, 1.0, "first"), (3.5, 4.5, "second")], created=created,
                               name=f"t{created}")
        summary = export_dataset([path], tmp_path / f"out{created}")
        assert (summary.splits["train"].clips, summary.splits["test"].clips) == (1, 1)
    one = silence_project(tmp_path, [(0.0, 1.0, "only")], name="one")
    assert export_dataset([one], tmp_path / "single").clips == 1


def test_korean_numbers_are_written_out_with_their_counter(tmp_path):
    media = speak("참석자는 백 명입니다", tmp_path / "ko.wav", voice="ko")
    length = soundfile.info(str(media)).duration
    path = silence_project(tmp_path, [(0.0, length, "참석자는 100명입니다")], language="ko", name="회의",
                           media=media)
    export_dataset([path], tmp_path / "plain", test_share=0)
    assert [r["transcription"] for r in rows(tmp_path / "plain", "train")] == ["참석자는 100명입니다"]
    summary = export_dataset([path], tmp_path / "spoken", spell_numbers=True, test_share=0)
    assert [r["transcription"] for r in rows(tmp_path / "spoken", "train")] == ["참석자는 백명입니다"]
    assert rows(tmp_path / "spoken", "train")[0]["file_name"] == "clips/회의-0001.wav"
    assert not (tmp_path / "spoken" / "test").exists() and summary.splits["test"].clips == 0
    unsupported = silence_project(tmp_path, [(0.0, 1.0, "100")], language="xx", name="x")
    summary = export_dataset([unsupported], tmp_path / "xx", spell_numbers=True)
    assert summary.notes == (f"{unsupported}: numbers left as digits: language 'xx' is not supported",)


def test_a_project_whose_media_is_missing_is_skipped_with_its_reason(tmp_path):
    good = silence_project(tmp_path, [(0.0, 1.0, "kept"), (3.5, 4.5, "kept too")], name="good")
    gone = tmp_path / "moved away.wav"
    lost = silence_project(tmp_path, [(0.0, 1.0, "lost")], name="lost", media=gone)
    broken = tmp_path / "broken.malsori"
    broken.write_text("not a project")
    summary = export_dataset([lost, good, broken, good], tmp_path / "out")
    assert summary.clips == 2
    assert [(s.project, s.reason) for s in summary.skipped] == [
        (str(broken), f"Cannot open project {broken}: it is not a Malsori project file"),
        (str(lost), f"its media file {gone} is missing"),
    ]
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["skipped"][1] == {"project": str(lost), "start": None, "end": None,
                                   "reason": f"its media file {gone} is missing"}
    with pytest.raises(DatasetError, match=f"Nothing to export to .*: {lost}: its media file .* is missing"):
        export_dataset([lost], tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()
    with pytest.raises(DatasetError, match="no segment is marked reviewed"):
        export_dataset([good], tmp_path / "unreviewed", reviewed_only=True)


def test_a_foreign_folder_is_refused_and_a_previous_dataset_is_replaced(tmp_path):
    path = silence_project(tmp_path, [(0.0, 1.0, "one"), (3.5, 4.5, "two"), (7.0, 8.0, "three")], name="p")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(DatasetError) as info:
        export_dataset([path], foreign)
    assert str(info.value) == (f"Cannot write the dataset to {foreign}: the folder is not empty and holds no "
                               "Malsori dataset. Choose an empty folder (or a dataset folder Malsori wrote before, "
                               "which is replaced)")
    assert [p.name for p in foreign.iterdir()] == ["holiday.jpg"]
    out = tmp_path / "dataset"
    export_dataset([path], out)
    (out / "README.md").write_text("my notes")  # the person's own file stays
    fewer = silence_project(tmp_path, [(0.0, 1.0, "uno"), (3.5, 4.5, "dos")], name="q")
    export_dataset([fewer], out)
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*.wav"))
    assert names == ["test/clips/q-0001.wav", "train/clips/q-0002.wav"] or names == [
        "test/clips/q-0002.wav", "train/clips/q-0001.wav"]
    assert (out / "README.md").read_text() == "my notes"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "summary.json", "test", "train"]


def test_a_full_disk_names_the_folder_and_leaves_the_previous_dataset(tmp_path):
    """A 200 KiB tmpfs (root only): room for a small dataset, not for 20 s of clips."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], check=False,
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        small = silence_project(tmp_path, [(0.0, 1.0, "one"), (3.5, 4.5, "two")], name="small")
        out = mount / "dataset"
        export_dataset([small], out)
        before = tree(out)
        big = silence_project(tmp_path, [(i * 2.0, i * 2.0 + 1.5, f"clip {i}") for i in range(10)], name="big")
        with pytest.raises(DatasetError) as info:
            export_dataset([big], out)
        assert str(info.value) == f"Cannot write the dataset to {out}: No space left on device"
        assert tree(out) == before  # the earlier dataset as it was, and no staging folder left
        assert sorted(p.name for p in out.iterdir()) == ["summary.json", "test", "train"]
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_metadata_that_cannot_be_written_leaves_no_metadata_file(tmp_path, monkeypatch):
    path = silence_project(tmp_path, [(0.0, 1.0, "one"), (2.0, 3.0, "two")], name="p")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the metadata's atomic write fails at its flush to disk
    out = tmp_path / "out"
    with pytest.raises(DatasetError, match=f"Cannot write the dataset to {out}: No space left on device"):
        export_dataset([path], out)
    assert not out.exists()  # no metadata.csv, no clips, no folder: as before


def test_an_unwritable_folder_gives_its_reason(tmp_path):
    path = silence_project(tmp_path, [(0.0, 1.0, "one")], name="p")
    out = unwritable_folder(tmp_path) / "dataset"
    with pytest.raises(DatasetError, match=f"^Cannot write the dataset to {out}: "):
        export_dataset([path], out)


def test_cancel_stops_and_leaves_the_folder_as_it_was(tmp_path):
    path = silence_project(tmp_path, [(i * 1.0, i * 1.0 + 0.5, f"clip {i}") for i in range(120)], name="p")
    out = tmp_path / "out"
    out.mkdir()
    fractions: list[float] = []
    with pytest.raises(DatasetCancelled):
        export_dataset([path], out, max_clip_s=0.6, progress=fractions.append, cancel=lambda: bool(fractions))
    assert list(out.iterdir()) == []
    fractions.clear()
    summary = export_dataset([path], out, max_clip_s=0.6, progress=fractions.append)
    assert summary.clips == 120 and fractions[-1] == 1.0 and fractions == sorted(fractions)


def test_bad_options_are_refused():
    with pytest.raises(DatasetError, match="at most 30 s, not 31"):
        export_dataset([Path("x.malsori")], "out", max_clip_s=31)
    with pytest.raises(DatasetError, match="below 1, not 1"):
        export_dataset([Path("x.malsori")], "out", test_share=1)
    with pytest.raises(DatasetError, match="No projects"):
        export_dataset([], "out")

