"""The repair rules that need no model: text on silence dropped, segments split (core/repair).

Loops and uncovered speech are decoded again by the real model in
tests/integration/test_engine_trust.py; here the decoder must not be called.
"""

from __future__ import annotations

import numpy as np
import pytest

from malsori.core import audio
from malsori.core.repair import Repair
from malsori.core.segmentation import MAX_PAUSE_S
from malsori.core.transcript import Segment, Word
from tests.speech import speak


def _no_decoding(clip: np.ndarray):
    raise AssertionError("nothing here should be decoded again")


@pytest.fixture(scope="module")
def speech_then_silence(tmp_path_factory) -> tuple[np.ndarray, float]:
    spoken = audio.decode(speak("Good morning everyone.", tmp_path_factory.mktemp("repair") / "a.wav"))
    return np.concatenate([spoken, np.zeros(10 * audio.SAMPLE_RATE, np.float32)]), len(spoken) / audio.SAMPLE_RATE


def _segment(start: float, end: float, text: str) -> Segment:
    return Segment(start, end, text, (Word(start, end, " " + text, 0.9),))


def test_punctuation_alone_is_dropped(speech_then_silence):
    samples, _ = speech_then_silence
    repair = Repair(samples, MAX_PAUSE_S, True, _no_decoding)
    assert repair.segment(_segment(0.2, 1.0, "..."), no_speech_prob=0.1) == []
    assert repair.counts["dropped"] == 1


def test_likely_silence_is_dropped_where_vad_hears_none_and_kept_where_it_hears_speech(speech_then_silence):
    samples, speech_end = speech_then_silence
    repair = Repair(samples, MAX_PAUSE_S, True, _no_decoding)
    assert repair.segment(_segment(speech_end + 4.0, speech_end + 5.0, "You"), no_speech_prob=0.95) == []
    spoken = _segment(0.1, speech_end - 0.1, "Good morning everyone.")
    assert repair.segment(spoken, no_speech_prob=0.95) == [spoken]  # quiet speech often rates high
    assert repair.segment(_segment(speech_end + 4.0, speech_end + 5.0, "You"), no_speech_prob=0.3) != []


def test_without_repair_only_the_pause_rule_applies(speech_then_silence):
    samples, speech_end = speech_then_silence
    words = (Word(0.1, 0.5, " Good", 0.9), Word(speech_end + 3.0, speech_end + 3.5, " ...", 0.9))
    seg = Segment(0.0, speech_end + 4.0, "Good ...", words)
    repair = Repair(samples, MAX_PAUSE_S, False, _no_decoding)
    assert [s.text for s in repair.segment(seg, no_speech_prob=0.99)] == ["Good", "..."]
    assert [s.text for s in Repair(samples, None, False, _no_decoding).segment(seg, 0.99)] == ["Good ..."]
    assert list(repair.recover([(0.0, speech_end + 10.0)], [])) == []
