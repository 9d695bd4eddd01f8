"""Turns laid over words: segments split where the speaker changes, known voices named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from malsori.core.diarization import Diarization, Turn
from malsori.core.speaker_turns import label
from malsori.core.transcript import Segment, Transcript, Word
from malsori.core.voices import VoiceLibrary


def words(*spans: tuple[float, float, str]) -> tuple[Word, ...]:
    return tuple(Word(s, e, t, 0.9) for s, e, t in spans)


def segment(*spans: tuple[float, float, str]) -> Segment:
    w = words(*spans)
    return Segment(w[0].start, w[-1].end, "".join(x.text for x in w).strip(), w)


def unit(i: int, dim: int = 8) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[i] = 1
    return v


QUESTION_AND_ANSWER = Transcript(segments=(
    segment((0.0, 0.4, " Where"), (0.4, 0.8, " were"), (0.8, 1.2, " you?"),
            (1.6, 2.0, " At"), (2.0, 2.4, " home."), (2.4, 2.8, " Why?")),
    segment((4.0, 4.5, " Just"), (4.5, 5.0, " asking.")),
), language="en")


def test_a_segment_is_split_where_the_speaker_changes_and_speakers_count_from_the_first() -> None:
    # diarization's speaker 0 speaks second here: the transcript numbers by first speech
    found = Diarization((Turn(0.0, 1.3, 1), Turn(1.4, 3.0, 0), Turn(3.9, 5.1, 1)), np.stack([unit(0), unit(1)]))
    result = label(QUESTION_AND_ANSWER, found)
    assert [(s.text, result.speaker_name(s)) for s in result.segments] == [
        ("Where were you?", "Speaker 1"), ("At home. Why?", "Speaker 2"), ("Just asking.", "Speaker 1")]
    assert result.segments[0].end == result.segments[1].start == pytest.approx(1.4)  # the middle of the pause
    assert [sp.id for sp in result.speakers] == ["S1", "S2"]
    assert np.allclose(result.speakers[0].embedding, unit(1)) and np.allclose(result.speakers[1].embedding, unit(0))
    assert result.text.split() == QUESTION_AND_ANSWER.text.split()  # no word lost or doubled


def test_a_turn_border_a_little_off_does_not_give_one_word_to_the_next_speaker() -> None:
    # the turn change is found at 2.1 s instead of 1.4: "At" (1.6-2.0) would go to the asker
    found = Diarization((Turn(0.0, 2.1, 0), Turn(2.1, 3.0, 1), Turn(3.9, 5.1, 0)), np.stack([unit(0), unit(1)]))
    result = label(QUESTION_AND_ANSWER, found)
    assert [s.text for s in result.segments] == ["Where were you? At", "home. Why?", "Just asking."]
    one_word = Diarization((Turn(0.0, 1.95, 0), Turn(1.95, 2.3, 1), Turn(2.3, 3.0, 0), Turn(3.9, 5.1, 0)),
                           np.stack([unit(0), unit(1)]))
    smoothed = label(QUESTION_AND_ANSWER, one_word)  # "home." alone between the same speaker's words: kept with them
    assert [s.text for s in smoothed.segments] == ["Where were you? At home. Why?", "Just asking."]
    assert len(smoothed.speakers) == 1


def test_segments_without_word_times_go_to_whoever_speaks_most_of_them() -> None:
    plain = Transcript(segments=(Segment(0.0, 3.0, "no words here"), Segment(10.0, 11.0, "in a gap")))
    found = Diarization((Turn(0.0, 1.0, 0), Turn(1.0, 3.0, 1), Turn(11.5, 12.0, 0)), np.stack([unit(0), unit(1)]))
    result = label(plain, found)
    assert [result.speaker_name(s) for s in result.segments] == ["Speaker 1", "Speaker 2"]  # the gap: nearest turn


def test_known_voices_name_their_speakers_one_to_one(tmp_path: Path) -> None:
    library = VoiceLibrary(tmp_path)
    kim = library.remember("Kim", unit(1) + 0.1 * unit(2))
    found = Diarization((Turn(0.0, 1.3, 0), Turn(1.4, 3.0, 1), Turn(3.9, 5.1, 0)),
                        np.stack([unit(0), unit(1) + 0.05 * unit(3)]))
    result = label(QUESTION_AND_ANSWER, found, library)
    first, second = result.speakers
    assert (first.name, first.voice) == ("Speaker 1", None)
    assert (second.name, second.voice) == ("Kim", kim.id) and 0.9 < second.similarity <= 1
    # two speakers like Kim: only the closer one is Kim
    library.remember("Lee", unit(5))
    twins = Diarization(found.turns, np.stack([unit(1) + 0.3 * unit(4), unit(1)]))
    named = [sp.name for sp in label(QUESTION_AND_ANSWER, twins, library).speakers]
    assert named == ["Speaker 1", "Kim"]


def test_no_speech_found_leaves_the_transcript_without_speakers() -> None:
    result = label(QUESTION_AND_ANSWER, Diarization((), np.zeros((0, 8), dtype=np.float32)))
    assert result.speakers == () and [s.speaker for s in result.segments] == [None, None]
    assert result.text == QUESTION_AND_ANSWER.text
