"""The multi-speaker test speech (tests/conversations.py): its timeline, reference and voices.

Diarization figures are only as good as the reference they are scored against,
so the reference is checked against the audio itself: speech exactly where the
RTTM says, digital silence (or only the asked-for noise) elsewhere, each voice
on its own channel of a call, and voices that really are different people.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from malsori.core import audio
from malsori.core.rttm import parse
from tests import conversations
from tests.conversations import LEVEL_DB, VOICES, Conversation, conversation, speech_rms_db, stereo_call

RATE = conversations.SAMPLE_RATE
SAMPLE = 1 / RATE
DIALOGUE = (
    ("us1", "Did you manage to book the room for Thursday?"),
    ("us2", "I did, but only from two until four."),
    ("us1", "That will have to do. I will tell the others."),
)
#: One sentence every voice says, so that only the voice differs between them.
SENTENCE = "The report is due on Friday, and I still have to check the numbers from the spring survey."


@pytest.fixture(scope="session")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("conversations")


@pytest.fixture(scope="session")
def dialogue(folder: Path) -> Conversation:
    return conversation(folder, DIALOGUE, pause=0.5, name="dialogue")


@pytest.fixture(scope="session")
def the_set(tmp_path_factory: pytest.TempPathFactory) -> list[Conversation]:
    return conversations.test_set(tmp_path_factory.mktemp("set"))


def _samples(c: Conversation) -> np.ndarray:
    data, rate = soundfile.read(str(c.wav), dtype="float32", always_2d=True)
    assert rate == RATE
    return data.T


def _span(turn: conversations.SpokenTurn) -> slice:
    return slice(round(turn.start * RATE), round(turn.end * RATE))


def test_turns_follow_one_another_after_the_pause_and_the_file_is_as_long_as_they_say(dialogue: Conversation) -> None:
    turns = dialogue.turns
    assert [(t.speaker, t.text) for t in turns] == list(DIALOGUE)
    assert turns[0].start == pytest.approx(0.5, abs=SAMPLE)
    for before, after in itertools.pairwise(turns):
        assert after.start - before.end == pytest.approx(0.5, abs=SAMPLE)
    assert all(0.5 < t.end - t.start < 6 for t in turns)
    assert dialogue.duration == pytest.approx(turns[-1].end + 0.5, abs=SAMPLE)
    info = soundfile.info(str(dialogue.wav))
    assert (info.samplerate, info.channels) == (RATE, 1)
    assert info.frames / RATE == pytest.approx(dialogue.duration, abs=SAMPLE)
    assert dialogue.speakers == ("us1", "us2")


def test_the_rttm_holds_the_turns(dialogue: Conversation) -> None:
    text = dialogue.rttm.read_text()
    assert text.splitlines()[0].split()[:3] == ["SPEAKER", "dialogue", "1"]
    parsed = parse(text)
    assert list(parsed) == ["dialogue"]
    assert [(t.start, t.end, t.speaker) for t in parsed["dialogue"]] == [
        (pytest.approx(t.start, abs=0.001), pytest.approx(t.end, abs=0.001), t.speaker) for t in dialogue.turns
    ]


def test_the_reference_is_tight_speech_inside_silence_outside(dialogue: Conversation) -> None:
    samples = _samples(dialogue)[0]
    inside = np.zeros(len(samples), dtype=bool)
    edge = RATE // 200  # 5 ms
    for turn in dialogue.turns:
        speech = samples[_span(turn)]
        inside[_span(turn)] = True
        floor = np.abs(speech).max() * 10 ** (-conversations.TRIM_DB / 20)
        assert np.abs(speech[:edge]).max() >= floor and np.abs(speech[-edge:]).max() >= floor
    assert not samples[~inside].any()  # exact digital silence: no noise was asked for


def test_espeaks_own_silence_is_trimmed_from_each_turn(dialogue: Conversation, tmp_path: Path) -> None:
    for index, turn in enumerate(dialogue.turns):
        raw = tmp_path / f"{index}.wav"
        subprocess.run(["espeak-ng", "-v", VOICES[turn.speaker], "-s", str(conversations.RATE), "-w", str(raw),
                        turn.text], check=True, capture_output=True)
        assert audio.probe_duration(raw) - (turn.end - turn.start) > 0.2  # measured: about 0.3 s of tail


def test_every_turn_is_speech_at_the_same_level(dialogue: Conversation) -> None:
    samples = _samples(dialogue)[0]
    for turn in dialogue.turns:
        assert speech_rms_db(samples[_span(turn)]) == pytest.approx(LEVEL_DB, abs=0.5)


def _median_pitch(samples: np.ndarray) -> float:
    """Median f0 in Hz of the voiced 40 ms frames (normalized autocorrelation peak above 0.6)."""
    frame, hop = RATE // 25, RATE // 100
    low, high = RATE // 400, RATE // 60
    found = []
    for start in range(0, len(samples) - frame, hop):
        x = samples[start:start + frame] - samples[start:start + frame].mean()
        energy = float(x @ x)
        if energy < 1e-4:
            continue
        ac = np.correlate(x, x, "full")[frame - 1:] / energy
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > 0.6:
            found.append(RATE / lag)
    return float(np.median(found))


def _spectrum_db(samples: np.ndarray) -> np.ndarray:
    """The long-term average spectrum in 16 log-spaced bands from 200 Hz to 7 kHz, in dB about its mean."""
    frame, hop = 400, 160
    frames = np.stack([samples[i:i + frame] for i in range(0, len(samples) - frame, hop)]) * np.hanning(frame)
    power = (frames ** 2).mean(axis=1)
    spectrum = (np.abs(np.fft.rfft(frames[power > power.max() * 1e-4], 512)) ** 2).mean(axis=0)
    frequencies = np.fft.rfftfreq(512, SAMPLE)
    edges = np.geomspace(200, 7000, 17)
    bands = 10 * np.log10([spectrum[(frequencies >= a) & (frequencies < b)].mean()
                           for a, b in itertools.pairwise(edges)])
    return bands - bands.mean()


def test_the_voices_are_different_people(folder: Path) -> None:
    """The same sentence in every voice: us1 is the female voice (higher pitch), and every
    two voices' spectra differ by more than 2 dB RMS (a voice against itself on another
    sentence differs by 0.8-2.1 dB, measured; the closest two voices, us2 and us3, by 2.5)."""
    spoken = {v: _samples(conversation(folder, [(v, SENTENCE)], name=f"solo-{v}"))[0] for v in VOICES}
    pitch = {v: _median_pitch(s) for v, s in spoken.items()}
    assert pitch["us1"] > 150
    assert all(60 < pitch[v] < 130 for v in VOICES if v != "us1"), pitch
    spectra = {v: _spectrum_db(s) for v, s in spoken.items()}
    for a, b in itertools.combinations(VOICES, 2):
        distance = float(np.sqrt(((spectra[a] - spectra[b]) ** 2).mean()))
        assert distance > 2.0, (a, b, distance)


OVERLAPPED = (
    ("us1", "I think we should leave before the traffic gets worse."),
    ("en1", "Wait, wait, I still have to find my keys."),
    ("us1", "They are on the table by the door."),
)


def test_an_overlapping_turn_starts_before_the_previous_one_ends_and_the_next_waits_for_both(folder: Path) -> None:
    c = conversation(folder, OVERLAPPED, pause=0.5, name="overlap", overlaps={1: 0.6})
    first, second, third = c.turns
    assert second.start == pytest.approx(first.end - 0.6, abs=SAMPLE)
    assert third.start == pytest.approx(max(first.end, second.end) + 0.5, abs=SAMPLE)
    parsed = parse(c.rttm.read_text())["overlap"]
    assert parsed[1].start < parsed[0].end
    samples = _samples(c)[0]
    both = samples[round(second.start * RATE):round(first.end * RATE)]
    assert speech_rms_db(both) > LEVEL_DB - 3  # both voices are in the mix there


def test_a_stereo_call_has_each_voice_on_its_own_channel(folder: Path) -> None:
    call = stereo_call(folder, OVERLAPPED, pause=0.5, name="call", overlaps={1: 0.6})
    mono = conversation(folder, OVERLAPPED, pause=0.5, name="overlap", overlaps={1: 0.6})
    assert call.channels == ("us1", "en1")
    assert [(t.start, t.end) for t in call.turns] == [(t.start, t.end) for t in mono.turns]
    tracks = _samples(call)
    assert tracks.shape == (2, round(call.duration * RATE))
    for channel, voice in enumerate(call.channels):
        own = np.zeros(tracks.shape[1], dtype=bool)
        for turn in call.turns:
            if turn.speaker == voice:
                own[_span(turn)] = True
                assert speech_rms_db(tracks[channel, _span(turn)]) == pytest.approx(LEVEL_DB, abs=0.5)
        assert not tracks[channel, ~own].any()
    # the mono mix is the two channels added (up to one overall gain, should the sum have been scaled down)
    summed = tracks.sum(axis=0)
    gain = float(summed @ _samples(mono)[0] / (summed @ summed))
    assert 0.5 < gain <= 1.0001
    assert np.abs(_samples(mono)[0] - gain * summed).max() < 4 / 32768


def test_noise_fills_the_pauses_at_the_level_asked(folder: Path) -> None:
    c = conversation(folder, DIALOGUE[:2], pause=1.0, name="noisy", noise_db=-50)
    samples = _samples(c)[0]
    pause = samples[round(c.turns[0].end * RATE) + 160:round(c.turns[1].start * RATE) - 160]
    assert 10 * np.log10(np.mean(pause.astype(np.float64) ** 2)) == pytest.approx(-50, abs=1)


def test_a_conversation_already_made_is_read_back_and_a_changed_one_made_again(folder: Path) -> None:
    first = conversation(folder, DIALOGUE[:2], pause=0.5, name="cached")
    written = first.wav.stat().st_mtime_ns
    again = conversation(folder, DIALOGUE[:2], pause=0.5, name="cached")
    assert again == first and again.wav.stat().st_mtime_ns == written
    longer = conversation(folder, DIALOGUE[:2], pause=0.9, name="cached")
    assert longer.duration == pytest.approx(first.duration + 3 * 0.4, abs=2 * SAMPLE)
    assert soundfile.info(str(longer.wav)).frames / RATE == pytest.approx(longer.duration, abs=SAMPLE)


@pytest.mark.parametrize(
    ("make", "turns", "kwargs", "message"),
    [
        (conversation, [("us9", "Hello.")], {}, "unknown voice 'us9'; the voices are us1, us2"),
        (conversation, [("us1", "  ")], {}, "no text"),
        (conversation, [], {}, "at least one turn"),
        (conversation, DIALOGUE, {"pause": -0.2}, "overlaps="),
        (conversation, DIALOGUE, {"overlaps": {0: 0.5}}, "later turn's index"),
        (conversation, DIALOGUE, {"overlaps": {1: 30.0}}, "lasts only"),
        (stereo_call, [*DIALOGUE, ("en1", "Thanks.")], {}, "exactly two voices"),
    ],
)
def test_impossible_conversations_say_why(folder: Path, make, turns, kwargs, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make(folder, turns, name="impossible", **kwargs)


def test_the_test_set_is_what_its_description_says(the_set: list[Conversation]) -> None:
    described = {"interview": (2, 12, 57), "meeting": (3, 20, 90), "planning": (4, 40, 86), "monologue": (1, 5, 37)}
    assert [c.name for c in the_set] == list(described)
    for c in the_set:
        speakers, turns, seconds = described[c.name]
        assert (len(c.speakers), len(c.turns)) == (speakers, turns)
        assert c.duration == pytest.approx(seconds, abs=1.5)
        assert all(b.start > a.end for a, b in itertools.pairwise(c.turns))  # no overlap in the set
        assert [(t.start, t.end, t.speaker) for t in parse(c.rttm.read_text())[c.name]] == [
            (pytest.approx(t.start, abs=0.001), pytest.approx(t.end, abs=0.001), t.speaker) for t in c.turns
        ]
