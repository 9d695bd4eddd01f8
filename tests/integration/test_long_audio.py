"""Transcribing a file in windows (core/long_audio.py) with the real model (slow).

The windows are made short (30 s, so cuts are sought 15 to 30 s into each) so
that an 80 s file of espeak-ng speech spans four; the engine uses 5 minutes.
The windowed transcript is compared with the whole-file decode of the same file
(the whole decoded array handed over at once, as before windows) by word error
rate over lower-cased words without punctuation. Measured with tiny.en on 2
cores: WER 0.027 between them (against the script: 0.050 windowed, 0.041
whole), the differences inside windows rather than at the cuts. They come from
the log-mel's per-input normalisation (its floor is set by the loudest frame of
what is decoded), which Whisper, tiny.en above all, hears; make bench measures
the same on a 3-hour file with base.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest

from malsori.core import audio, long_audio
from malsori.core.engine import Progress, TranscribeOptions
from malsori.core.transcript import Segment
from tests.speech import speak, wer, words

pytestmark = pytest.mark.slow

WINDOW_S = 30.0

PARAGRAPHS = (
    "Good morning everyone. Today we will review the budget for the next quarter. "
    "The sales team reported strong results in the spring, and the new office opens in June. "
    "Please send your questions before Friday, so that we can answer them at the next meeting.",
    "The river runs through the middle of the old town. In the summer, children swim near the bridge, "
    "and families eat lunch on the grass beside the water. In the winter the river is quiet, "
    "and only a few people walk along its banks in the cold morning air.",
    "To make a simple loaf of bread, mix flour, water, salt and a little yeast in a large bowl. "
    "Work the dough until it is smooth, then cover it and let it rise in a warm place. "
    "Shape the loaf, let it rise again, and bake it in a hot oven until the crust is brown.",
    "The train to the coast leaves from the main platform every hour. The journey is short and pleasant, "
    "and there is a small cafe in the second carriage. Remember to buy your ticket before you board, "
    "because the conductor cannot sell tickets on the train.",
    "Learning a new language takes time and patience. Listen to the radio, read simple books, "
    "and speak with other people as often as you can.",
)


@pytest.fixture(scope="module")
def long_speech(speech_dir: Path) -> tuple[Path, str]:
    """The paragraphs spoken one after another, about 80 s in all, and their text."""
    parts = [speak(text, speech_dir / f"long-{i}.wav") for i, text in enumerate(PARAGRAPHS)]
    target = speech_dir / "long.wav"
    subprocess.run(["sox", *map(str, parts), "-r", str(audio.SAMPLE_RATE), "-c", "1", str(target)], check=True)
    return target, " ".join(PARAGRAPHS)


@pytest.fixture(scope="module")
def runs(tiny_en, long_speech):
    """The whole-file decode and the windowed one of the same file, with what the windowed one reported."""
    path, _ = long_speech
    whole = tiny_en.transcribe(audio.decode(path))
    streamed: list[Segment] = []
    seen: list[Progress] = []
    windowed = long_audio.transcribe_file(
        tiny_en, path, TranscribeOptions(), streamed.append, seen.append, threading.Event(), window_s=WINDOW_S
    )
    cuts = [offset / audio.SAMPLE_RATE for offset, _ in long_audio.windows(audio.stream(path), WINDOW_S)][1:]
    return whole, windowed, streamed, seen, cuts


def test_the_windowed_transcript_says_what_the_whole_file_decode_says(runs, long_speech):
    whole, windowed, _, _, cuts = runs
    assert len(cuts) >= 2, "the file spans several windows"
    script = long_speech[1]
    print(f"WER windowed vs whole {wer(whole.text, windowed.text):.3f}; against the script: "
          f"windowed {wer(script, windowed.text):.3f}, whole {wer(script, whole.text):.3f}")
    assert wer(whole.text, windowed.text) <= 0.08
    assert wer(script, windowed.text) <= wer(script, whole.text) + 0.04
    assert windowed.duration == pytest.approx(whole.duration, abs=0.01)
    assert windowed.language == "en" and windowed.source == str(long_speech[0])


def test_no_word_is_lost_or_doubled_at_a_cut(runs):
    whole, windowed, _, _, cuts = runs
    for cut in cuts:
        assert not any(s.start < cut - 0.05 and s.end > cut + 0.05 for s in windowed.segments), f"a segment spans {cut}"

        def near(transcript) -> list[str]:
            return words(" ".join(w.text for s in transcript.segments for w in s.words if abs(w.start - cut) < 5))

        around_whole, around_windowed = near(whole), near(windowed)
        print(f"cut at {cut:.2f} s: {' '.join(around_windowed)}")
        assert len(around_whole) >= 8  # speech on both sides of the cut
        assert abs(len(around_windowed) - len(around_whole)) <= 1
        assert wer(" ".join(around_whole), " ".join(around_windowed)) <= 0.2
    starts = [w.start for s in windowed.segments for w in s.words]
    assert starts == sorted(starts)


def test_progress_and_segments_run_over_the_whole_file_across_windows(runs):
    _, windowed, streamed, seen, cuts = runs
    fractions = [p.fraction for p in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(a <= b for a, b in zip(fractions, fractions[1:]))
    duration = windowed.duration
    bounds = [0.0, *(c / duration for c in cuts), 1.0]
    for low, high in zip(bounds, bounds[1:]):
        assert any(low < f < high for f in fractions), f"no progress reported between {low:.2f} and {high:.2f}"
    assert [p.segments for p in seen] == sorted(p.segments for p in seen)
    assert [(s.start, s.text) for s in streamed] == [(s.start, s.text) for s in windowed.segments]
    assert windowed.segments[-1].end > cuts[-1] + 5  # in the file's time, not the last window's


def test_cancel_in_a_later_window_returns_at_once_with_what_came_before(tiny_en, long_speech, runs):
    path, _ = long_speech
    cuts = runs[4]
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def on_segment(segment: Segment) -> None:
        if segment.start > cuts[0] and not cancel.is_set():
            cancelled_at.append(time.perf_counter())
            cancel.set()

    result = long_audio.transcribe_file(tiny_en, path, TranscribeOptions(), on_segment, None, cancel,
                                        window_s=WINDOW_S)
    assert time.perf_counter() - cancelled_at[0] < 1.0
    assert result.segments[0].start < 1.0  # the first window's segments are kept
    assert result.segments[-1].start < cuts[1]  # nothing from the window after
    assert len(result.segments) < len(runs[1].segments)


def test_the_language_is_detected_in_the_first_window_and_kept(base, long_speech, monkeypatch):
    path, _ = long_speech
    asked: list[str | None] = []
    transcribe = base.transcribe

    def recording(samples, options, **kwargs):
        asked.append(options.language)
        return transcribe(samples, options, **kwargs)

    monkeypatch.setattr(base, "transcribe", recording)
    told: list[str | None] = []
    clip = audio.decode(path)[: 50 * audio.SAMPLE_RATE]
    short = path.with_name("long-50s.wav")
    subprocess.run(["sox", str(path), str(short), "trim", "0", "50"], check=True)
    assert clip.size / audio.SAMPLE_RATE == pytest.approx(audio.probe_duration(short), abs=0.01)
    result = long_audio.transcribe_file(base, short, TranscribeOptions(beam_size=1), None, None, threading.Event(),
                                        on_language=told.append, window_s=20)
    assert len(asked) >= 2 and asked[0] is None and set(asked[1:]) == {"en"}
    assert told == ["en"]
    assert result.language == "en" and result.language_probability > 0.5
    assert "good morning" in result.text.lower()


def test_a_cut_off_long_file_is_refused_before_any_window_is_transcribed(tiny_en, long_speech, tmp_path):
    data = long_speech[0].read_bytes()
    cut = tmp_path / "download.wav"
    cut.write_bytes(data[: len(data) // 2])
    heard: list[Segment] = []
    with pytest.raises(audio.AudioError, match="truncated"):
        long_audio.transcribe_file(tiny_en, cut, TranscribeOptions(), heard.append, None, threading.Event(),
                                   window_s=WINDOW_S)
    assert heard == []
