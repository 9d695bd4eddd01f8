"""Diarization on real generated speech, without Whisper: the test set's conversations
(tests/conversations.py, true turns known) through the real speaker model, and the
hard cases the issue names: a fixed count below or above the true one, very short
turns, overlapping speech, a file streamed in blocks, cancel. Bounds sit above what
bench/diarization_bench.py measures (DER 0.02-0.07) and far below a wrong count's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from malsori.core import audio
from malsori.core.der import der
from malsori.core.diarization import Cancelled, Diarization, SpeakerCount, diarize, diarize_file
from malsori.core.rttm import Turn
from tests.conversations import INTERVIEW, MEETING, Conversation, conversation, test_set

pytestmark = pytest.mark.slow  # the real speaker model on a few minutes of speech: about 30 s


def scored(talk: Conversation, found: Diarization) -> float:
    return der(talk.reference(), [Turn(t.start, t.end, str(t.speaker)) for t in found.turns]).rate


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("talks")


@pytest.fixture(scope="module")
def talks(folder: Path) -> dict[str, Conversation]:
    return {talk.name: talk for talk in test_set(folder)}


@pytest.mark.parametrize("name", ["interview", "meeting", "planning", "monologue"])
def test_each_conversation_of_the_set_gets_its_speakers_found(talks, name: str) -> None:
    talk = talks[name]
    found = diarize(audio.decode(talk.wav))
    assert found.speakers == len(talk.speakers)
    assert scored(talk, found) < 0.12
    assert found.centroids.shape == (found.speakers, 256)
    assert [t.start for t in found.turns] == sorted(t.start for t in found.turns)
    assert all(0 <= t.start < t.end <= talk.duration + 0.01 for t in found.turns)


def test_a_count_below_the_true_one_is_kept_and_one_above_is_given(talks) -> None:
    samples = audio.decode(talks["planning"].wav)  # four people
    assert diarize(samples, SpeakerCount(exact=2)).speakers == 2
    assert diarize(samples, SpeakerCount(minimum=1, maximum=3)).speakers == 3
    interview = audio.decode(talks["interview"].wav)  # two people, asked for three: three, as asked
    assert diarize(interview, SpeakerCount(exact=3)).speakers == 3
    assert diarize(interview, SpeakerCount(minimum=2, maximum=6)).speakers == 2


def test_very_short_turns_go_to_a_speaker_that_is_there(folder: Path) -> None:
    """Answers of half a second: too short to be clustered, labelled by the voices found."""
    turns = [("us1", INTERVIEW[0][1]), ("us2", "Yes."), ("us1", INTERVIEW[2][1]), ("us2", "No."),
             ("us1", INTERVIEW[4][1]), ("us2", INTERVIEW[5][1]), ("us1", "Right."), ("us2", INTERVIEW[7][1])]
    talk = conversation(folder, turns, pause=0.4, name="short")
    found = diarize(audio.decode(talk.wav))
    assert found.speakers == 2
    assert scored(talk, found) < 0.15


def test_overlapping_speech_still_finds_both_speakers(folder: Path) -> None:
    turns = list(MEETING[:8])
    talk = conversation(folder, turns, pause=0.4, name="overlaps", overlaps={2: 0.8, 5: 1.2})
    found = diarize(audio.decode(talk.wav))
    assert found.speakers == len(talk.speakers)
    assert scored(talk, found) < 0.2  # the overlaps' second voice is missed: that is all


def test_a_file_streamed_in_blocks_gives_the_same_speakers(talks, monkeypatch: pytest.MonkeyPatch) -> None:
    from malsori.core import diarization

    talk = talks["meeting"]
    monkeypatch.setattr(diarization, "BLOCK_S", 20)  # five blocks for 90 s
    streamed = diarize_file(talk.wav)
    assert streamed.speakers == 3 and scored(talk, streamed) < 0.12


def test_cancel_stops_between_regions(talks) -> None:
    seen: list[float] = []
    with pytest.raises(Cancelled):
        diarize(audio.decode(talks["interview"].wav), progress=seen.append, cancel=lambda: len(seen) >= 2)
    assert len(seen) == 2 and all(0 < p < 1 for p in seen)


def test_noise_alone_is_nobody() -> None:
    noise = np.random.default_rng(0).normal(0, 0.01, 16_000 * 6).astype(np.float32)
    assert diarize(noise).speakers == 0
