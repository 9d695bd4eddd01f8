"""Recognising repetition loops and text that is not speech (core/hallucination)."""

from __future__ import annotations

import numpy as np

from malsori.core.audio import SAMPLE_RATE
from malsori.core.hallucination import (
    barely_believed,
    compression_ratio,
    cut_loop,
    has_text,
    hears_speech,
    is_loop,
    repeated_run,
)
from malsori.core.transcript import Segment, Word
from tests.speech import speak


def _spoken(text: str, start: float, seconds_per_word: float = 0.35) -> Segment:
    words = []
    at = start
    for token in text.split():
        words.append(Word(at, at + seconds_per_word * 0.8, " " + token, 0.9))
        at += seconds_per_word
    return Segment(words[0].start, words[-1].end, text, tuple(words))


def test_the_loop_found_in_a_transcript_is_a_loop_and_is_cut_after_its_first_round():
    loop = _spoken("Ask not what your country can do for you," + " ask what you can do for you," * 20, 10.0)
    assert is_loop(loop)
    cut = cut_loop(loop)
    # the loop starts at "can do for you, ask what you" (the first phrase whose rounds follow
    # back to back), and one round of it is kept
    assert cut.text == "Ask not what your country can do for you, ask what you"
    assert not is_loop(cut)
    assert cut.start == loop.start and cut.end == cut.words[-1].end < loop.end


def test_a_sentence_and_emphasis_are_not_loops():
    assert not is_loop(_spoken("And so, my fellow Americans: ask not what your country can do for you, "
                               "ask what you can do for your country.", 0.0))
    assert not is_loop(_spoken("No, no, no, that is not what I said.", 0.0))
    assert not is_loop(_spoken("Thank you, thank you, thank you all.", 0.0))


def test_a_long_phrase_repeated_is_caught_by_its_compression_ratio():
    text = " ".join(["the quick brown fox jumps over the lazy dog near the river bank"] * 3)
    assert repeated_run(text.split()) is None  # each round is longer than the phrases counted
    assert compression_ratio(text) > 2.4
    assert is_loop(_spoken(text, 0.0))


def test_more_words_than_a_person_says_in_the_time_is_a_loop():
    squeezed = _spoken("one two three four five six seven eight nine ten", 0.0, seconds_per_word=0.05)
    assert is_loop(squeezed)
    assert not is_loop(_spoken("one two three four five six seven eight nine ten", 0.0))


def test_words_without_timings_are_checked_by_their_text():
    text = "you " * 12
    assert is_loop(Segment(0.0, 5.0, text.strip()))
    assert cut_loop(Segment(0.0, 5.0, text.strip())).text == "you"


def test_punctuation_alone_is_not_text():
    assert not has_text("...") and not has_text(" - ♪ ") and not has_text("")
    assert has_text("You") and has_text("42") and has_text("안녕")


def test_vad_hears_speech_in_speech_and_none_in_silence_or_noise(tmp_path):
    from malsori.core import audio

    speech = audio.decode(speak("Good morning everyone.", tmp_path / "a.wav"))
    silence = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    noise = (np.random.default_rng(1).standard_normal(3 * SAMPLE_RATE) * 0.02).astype(np.float32)
    samples = np.concatenate([silence, speech, noise])
    speech_end = 3 + len(speech) / SAMPLE_RATE
    assert hears_speech(samples, 3.0, speech_end)
    assert not hears_speech(samples, 0.0, 2.5)
    assert not hears_speech(samples, speech_end + 0.5, speech_end + 3.0)


def test_barely_believed_is_every_word_far_below_the_review_threshold():
    unsure = Segment(29.74, 29.98, "you", (Word(29.74, 29.98, " you", 0.015),))  # noise at a file's end
    assert barely_believed(unsure)
    mixed = Segment(0.0, 1.0, "so you", (Word(0.0, 0.4, " so", 0.05), Word(0.4, 1.0, " you", 0.6)))
    assert not barely_believed(mixed)  # one word the model believes: judged as speech
    assert not barely_believed(Segment(0.0, 1.0, "you"))  # no words: nothing to judge by
