"""Multi-speaker test speech with known turns: the audio diarization is measured on.

Each turn is spoken by espeak-ng with one voice, cut to its true speech, and laid
on a 16 kHz timeline with a known pause before it, so that who speaks when is
known to the sample and written as an RTTM reference beside the WAV.

Voices (:data:`VOICES`): Debian's MBROLA English voices driven by espeak-ng
(packages mbrola-us1, mbrola-us2, mbrola-us3, mbrola-en1; scripts/bootstrap.sh
installs them), and espeak-ng's own en-us voice as a fifth. Measured with
Malsori's speaker embedding (cosine similarity of two sentences' centroids):
one voice against itself 0.91-0.95; us2 against us3 0.68-0.72, the hard pair
(both male, about 95 Hz); other pairs 0.35-0.57. espeak-ng's en-gb is not offered
because it is the same synthesizer as en-us and 0.90-0.93 alike to it: one
person, to the embedding.

How a turn is trimmed: espeak-ng and MBROLA surround an utterance with exact
digital silence (measured: samples of 0 for about 10-50 ms before the speech and
0.3 s after). A turn's speech runs from its first to its last sample whose
magnitude is within 60 dB of the turn's peak (the relative threshold rather than
``!= 0`` because espeak-ng's own voice is resampled from 22,050 Hz, and the
filter leaves a faint ripple in the silence). Silences *inside* a turn (between
its sentences, 0.2-0.4 s) stay in the turn, as in human-made references.

Levels: each turn is scaled so that its speech (its 10 ms frames within 40 dB of
its loudest) has an RMS of :data:`LEVEL_DB` dBFS, as if everyone sat at the same
distance from the microphone, so loudness tells no speaker apart.

Generating takes about 0.1 s a turn; a conversation whose WAV, RTTM and
description (``<name>.json``) are already in its folder, made from the same
turns, settings, espeak-ng version and this module's source, is read back instead.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import soundfile

from malsori.core import audio, rttm

#: Voice keys of the turns, and the espeak-ng voice that speaks each.
VOICES: Mapping[str, str] = {
    "us1": "mb-us1",  # MBROLA, American English, female
    "us2": "mb-us2",  # MBROLA, American English, male
    "us3": "mb-us3",  # MBROLA, American English, male (close to us2)
    "en1": "mb-en1",  # MBROLA, British English, male
    "en-us": "en-us+m3",  # espeak-ng's own formant voice (tests/speech.py's voice)
}
SAMPLE_RATE = audio.SAMPLE_RATE
#: Words a minute: a calm conversational pace (espeak-ng's default, 175, is brisk).
RATE = 160
#: The RMS of each turn's speech, in dBFS.
LEVEL_DB = -20.0
#: Samples within this many dB of a turn's peak count as its speech when trimming.
TRIM_DB = 60.0
#: A mix whose peak would pass this is scaled down as a whole (overlapped speech adds up).
PEAK = 0.9


@dataclass(frozen=True)
class SpokenTurn:
    """One turn as it lies in the file: its true speech span, its voice key and what it says."""

    start: float
    end: float
    speaker: str
    text: str


@dataclass(frozen=True)
class Conversation:
    """A generated recording and its reference.

    ``channels`` is the voice on each channel of a :func:`stereo_call` (empty for mono).
    """

    wav: Path
    rttm: Path
    turns: tuple[SpokenTurn, ...]
    duration: float
    channels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.wav.stem

    @property
    def speakers(self) -> tuple[str, ...]:
        """The voices, in order of first appearance."""
        return tuple(dict.fromkeys(t.speaker for t in self.turns))

    def reference(self) -> list[rttm.Turn]:
        """The turns as RTTM turns, for :func:`malsori.core.der.der`."""
        return [rttm.Turn(t.start, t.end, t.speaker) for t in self.turns]


def conversation(folder: Path, turns: Sequence[tuple[str, str]], pause: float = 0.5, name: str = "meeting", *,
                 overlaps: Mapping[int, float] | None = None, noise_db: float | None = None,
                 rate: int = RATE) -> Conversation:
    """A mono conversation ``folder``/``name``.wav and its RTTM ``name``.rttm.

    ``turns`` are (voice key, text), spoken one after another with ``pause``
    seconds of silence between one turn's speech and the next (and before the
    first and after the last). ``overlaps`` maps a turn's index to the seconds it
    starts before the previous turn ends (its audio is then mixed with that
    turn's); less than the previous turn lasts. ``noise_db`` adds white noise of
    that RMS in dBFS (-55: a quiet room) over the whole file, the same noise
    every run.
    """
    return _make(folder, name, turns, pause, dict(overlaps or {}), noise_db, rate, stereo=False)


def stereo_call(folder: Path, turns: Sequence[tuple[str, str]], pause: float = 0.5, name: str = "call", *,
                overlaps: Mapping[int, float] | None = None, noise_db: float | None = None,
                rate: int = RATE) -> Conversation:
    """A two-channel call: :func:`conversation`'s timeline, each of exactly two voices
    on its own channel (the voice heard first on channel 0) and silence, or only
    ``noise_db`` noise, on the other; the RTTM is that of the whole call."""
    voices = tuple(dict.fromkeys(voice for voice, _ in turns))
    if len(voices) != 2:
        raise ValueError(f"a stereo call has exactly two voices, one a channel; these turns have {len(voices)}")
    return _make(folder, name, turns, pause, dict(overlaps or {}), noise_db, rate, stereo=True)


def _make(folder: Path, name: str, turns: Sequence[tuple[str, str]], pause: float, overlaps: dict[int, float],
          noise_db: float | None, rate: int, stereo: bool) -> Conversation:
    _check(turns, pause, overlaps)
    folder.mkdir(parents=True, exist_ok=True)
    wav, reference, described = folder / f"{name}.wav", folder / f"{name}.rttm", folder / f"{name}.json"
    spec = {"turns": [list(t) for t in turns], "pause": pause, "overlaps": sorted(overlaps.items()),
            "noise_db": noise_db, "rate": rate, "stereo": stereo, "espeak": _espeak_version(),
            "generator": _source_hash()}
    cached = _cached(wav, reference, described, spec)
    if cached is not None:
        return cached
    speech = _utterances(turns, rate)
    starts = _starts([len(s) for s in speech], round(pause * SAMPLE_RATE), overlaps)
    ends = [start + len(s) for start, s in zip(starts, speech)]
    channels = tuple(dict.fromkeys(voice for voice, _ in turns)) if stereo else ()
    mix = np.zeros((len(channels) or 1, max(ends) + round(pause * SAMPLE_RATE)), dtype=np.float64)
    for (voice, _), start, samples in zip(turns, starts, speech):
        mix[channels.index(voice) if stereo else 0, start:start + len(samples)] += samples
    peak = float(np.abs(mix).max())
    if peak > PEAK:
        mix *= PEAK / peak
    if noise_db is not None:
        mix += 10 ** (noise_db / 20) * np.random.default_rng(zlib.crc32(name.encode())).standard_normal(mix.shape)
    soundfile.write(str(wav), np.clip(mix, -1, 1).T.astype(np.float32), SAMPLE_RATE, subtype="PCM_16")
    spoken = tuple(SpokenTurn(start / SAMPLE_RATE, end / SAMPLE_RATE, voice, text)
                   for (voice, text), start, end in zip(turns, starts, ends))
    result = Conversation(wav, reference, spoken, mix.shape[1] / SAMPLE_RATE, channels)
    reference.write_text(rttm.render(result.reference(), name))
    described.write_text(json.dumps({"spec": spec, "duration": result.duration, "channels": list(channels),
                                     "turns": [asdict(t) for t in spoken]}, indent=1) + "\n")
    return result


def _check(turns: Sequence[tuple[str, str]], pause: float, overlaps: Mapping[int, float]) -> None:
    if not turns:
        raise ValueError("a conversation needs at least one turn")
    for voice, text in turns:
        if voice not in VOICES:
            raise ValueError(f"unknown voice {voice!r}; the voices are {', '.join(VOICES)}")
        if not text.strip():
            raise ValueError(f"{voice}'s turn has no text")
    if pause < 0:
        raise ValueError(f"a pause cannot be negative ({pause} s); overlaps are asked for with overlaps=")
    for index, seconds in overlaps.items():
        if not 1 <= index < len(turns) or seconds <= 0:
            raise ValueError(f"an overlap is a later turn's index (1-{len(turns) - 1}) and a positive number of "
                             f"seconds, not {index}: {seconds}")


def _starts(lengths: Sequence[int], pause: int, overlaps: Mapping[int, float]) -> list[int]:
    """Each turn's first sample: ``pause`` after the latest end so far, or, for an
    overlapping turn, its overlap before the previous turn's end."""
    starts: list[int] = []
    latest = 0
    for index, length in enumerate(lengths):
        if index in overlaps:
            previous = lengths[index - 1]
            back = round(overlaps[index] * SAMPLE_RATE)
            if back >= previous:
                raise ValueError(f"turn {index} cannot start {overlaps[index]} s before the previous turn ends: "
                                 f"that turn lasts only {previous / SAMPLE_RATE:.2f} s")
            start = starts[-1] + previous - back
        else:
            start = latest + pause
        starts.append(start)
        latest = max(latest, start + length)
    return starts


def _utterances(turns: Sequence[tuple[str, str]], rate: int) -> list[np.ndarray]:
    """Each turn spoken, trimmed to its speech and set to :data:`LEVEL_DB`; the
    espeak-ng processes run side by side (they are most of the time taken)."""
    with tempfile.TemporaryDirectory(prefix="malsori-voices-") as scratch, ThreadPoolExecutor(os.cpu_count()) as pool:
        paths = [Path(scratch) / f"{index}.wav" for index in range(len(turns))]
        list(pool.map(_speak, [voice for voice, _ in turns], [text for _, text in turns], paths,
                      itertools.repeat(rate)))
        return [_levelled(trim(_read(path))) for path in paths]


def _speak(voice: str, text: str, path: Path, rate: int) -> None:
    done = subprocess.run(["espeak-ng", "-v", VOICES[voice], "-s", str(rate), "-w", str(path), text],
                          capture_output=True, text=True)  # MBROLA warns of phonemes it lacks on stderr
    if done.returncode != 0 or not path.is_file():
        raise RuntimeError(f"espeak-ng could not speak with {VOICES[voice]} (is its package installed? "
                           f"scripts/bootstrap.sh installs it): {done.stderr.strip()}")


def _read(path: Path) -> np.ndarray:
    """A spoken WAV as 16 kHz float32: read directly when MBROLA wrote it at 16 kHz,
    resampled by Malsori's decoder otherwise (espeak-ng's own voice is 22,050 Hz)."""
    samples, sample_rate = soundfile.read(str(path), dtype="float32")
    return samples if sample_rate == SAMPLE_RATE and samples.ndim == 1 else audio.decode(path)


def trim(samples: np.ndarray) -> np.ndarray:
    """``samples`` from the first to the last sample within :data:`TRIM_DB` of their peak."""
    loud = np.flatnonzero(np.abs(samples) >= np.abs(samples).max() * 10 ** (-TRIM_DB / 20))
    if not len(loud) or not samples.any():
        raise RuntimeError("espeak-ng wrote only silence")
    return samples[loud[0]:loud[-1] + 1]


def speech_rms_db(samples: np.ndarray) -> float:
    """The RMS in dBFS of the 10 ms frames of ``samples`` within 40 dB of the loudest:
    the level of the speech, not of the pauses inside it."""
    frame = SAMPLE_RATE // 100
    count = max(1, len(samples) // frame)
    power = (np.resize(samples.astype(np.float64), count * frame).reshape(count, frame) ** 2).mean(axis=1)
    return float(10 * np.log10(power[power >= power.max() * 1e-4].mean()))


def _levelled(samples: np.ndarray) -> np.ndarray:
    return samples * 10 ** ((LEVEL_DB - speech_rms_db(samples)) / 20)


def _cached(wav: Path, reference: Path, described: Path, spec: dict[str, Any]) -> Conversation | None:
    """The conversation already in the folder, if it was made from ``spec``."""
    if not (wav.is_file() and reference.is_file() and described.is_file()):
        return None
    try:
        saved = json.loads(described.read_text())
    except ValueError:
        return None
    if saved.get("spec") != json.loads(json.dumps(spec)):  # through JSON: tuples read back as lists
        return None
    turns = tuple(SpokenTurn(**t) for t in saved["turns"])
    return Conversation(wav, reference, turns, saved["duration"], tuple(saved["channels"]))


@lru_cache(maxsize=1)
def _espeak_version() -> str:
    return subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout.strip()


@lru_cache(maxsize=1)
def _source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


INTERVIEW: tuple[tuple[str, str], ...] = (
    ("us1", "Thank you for joining us this morning. Your bakery has been open for almost ten years now. "
            "How did it all begin?"),
    ("us2", "It began in my grandmother's kitchen, to be honest. I baked bread for the neighbours at the weekend, "
            "and after a while people asked whether they could pay for it."),
    ("us1", "So the customers came before the shop did."),
    ("us2", "Exactly. By the time we signed the lease, we had a list of about forty families "
            "who wanted a loaf every Saturday."),
    ("us1", "What was the hardest part of the first year?"),
    ("us2", "Sleep, mostly. Bread keeps its own hours, and it does not care whether you are tired. "
            "We started at three in the morning, six days a week."),
    ("us1", "And today?"),
    ("us2", "Today there are seven of us, so I can sleep until five. That feels like a holiday."),
    ("us1", "Many small shops on this street have closed. Why do you think yours is still here?"),
    ("us2", "People want to know who makes their food. They can see the ovens from the counter, "
            "and they can ask us anything about the flour."),
    ("us1", "Thank you very much for your time."),
    ("us2", "Thank you for having me."),
)

MEETING: tuple[tuple[str, str], ...] = (
    ("en1", "Right, let's get started. The main item today is the move to the new office at the end of next month."),
    ("us3", "Before we begin, do we have a final date from the landlord yet?"),
    ("en1", "Not a final one. They have promised the keys by the twenty eighth, "
            "but the electricians need another week after that."),
    ("us1", "Then we should plan for the first week of the following month, "
            "and ask everyone to keep their old desks until then."),
    ("us3", "Agreed. I can also ask the removal company whether they could move the servers on a Saturday, "
            "so that nobody loses a working day."),
    ("en1", "Good idea. What about parking? Several people have asked me about it."),
    ("us1", "There are twenty spaces in the garage under the building. We are forty people, "
            "so we will need some kind of rota."),
    ("us3", "Or we could pay for bicycle racks instead. The new office is right beside the river path."),
    ("en1", "Let's do both. Can you find out what the racks would cost?"),
    ("us3", "Sure. I will have a number for you by Thursday."),
    ("us1", "One more thing. The kitchen in the new place is much smaller, "
            "so we have to decide which appliances come with us."),
    ("en1", "The coffee machine comes with us. That is not up for discussion."),
    ("us1", "Fair enough. I will make a list of the rest and share it this afternoon."),
    ("us3", "What about the meeting rooms? Will we have enough of them?"),
    ("en1", "Three small rooms and one large one. The large one can be split in two with a folding wall."),
    ("us1", "We should set up a booking calendar before the move, otherwise the first week will be chaos."),
    ("us3", "I can do that. I set one up at my last job."),
    ("en1", "Perfect. And please remember to label every box with your name and your new desk number."),
    ("en1", "Thank you both. Let's meet again next Tuesday at the same time."),
    ("us3", "Sounds good. See you then."),
)

PLANNING: tuple[tuple[str, str], ...] = (
    ("us2", "So, where are we going on Saturday?"),
    ("us1", "I vote for the lake."),
    ("us3", "The lake again? We went there in May."),
    ("en1", "What about the hills north of town?"),
    ("us2", "How long is that walk?"),
    ("en1", "About three hours, with a break for lunch."),
    ("us1", "That sounds fine, if the weather holds."),
    ("us3", "The forecast says light rain in the morning."),
    ("us2", "Then we could start after eleven."),
    ("us1", "Who is driving?"),
    ("en1", "I can take four people in my car."),
    ("us3", "And I will take the rest in the van."),
    ("us2", "Great. Should we bring food, or buy it up there?"),
    ("us1", "There is a small cafe at the top, but it closes early."),
    ("en1", "Let's bring sandwiches, just in case."),
    ("us3", "I can make a big flask of tea."),
    ("us2", "Perfect. I will bring fruit and some chocolate."),
    ("us1", "Does anyone need boots? I have a spare pair."),
    ("en1", "What size are they?"),
    ("us1", "Size nine, I think."),
    ("en1", "That might fit me. Thanks."),
    ("us3", "Should we invite the new people from the design team?"),
    ("us2", "Yes, definitely. It is a good way to get to know them."),
    ("us1", "I will send everyone a message tonight."),
    ("en1", "Tell them we meet at the station at half past ten."),
    ("us3", "Not too early, then. Good."),
    ("us2", "And if it really pours, we go to the museum instead."),
    ("us3", "Which museum? The one with the old trains?"),
    ("us2", "That one, yes. The children loved it last year."),
    ("en1", "Are we bringing the children this time?"),
    ("us1", "Only if they promise to walk the whole way."),
    ("us3", "Mine will complain after ten minutes."),
    ("us2", "Then we carry them for the last mile."),
    ("en1", "Should I book a table somewhere for dinner afterwards?"),
    ("us1", "Yes please, somewhere near the station."),
    ("us3", "The pizza place on the corner is good."),
    ("en1", "I will call them tomorrow."),
    ("us2", "How many of us will there be?"),
    ("us1", "Twelve, if everyone comes."),
    ("us3", "Deal. See you all on Saturday."),
)

MONOLOGUE: tuple[tuple[str, str], ...] = (
    ("us3", "Welcome, everyone, to this short introduction to keeping bees in the city."),
    ("us3", "A healthy hive in summer holds around forty thousand bees. Almost all of them are female workers, "
            "and each of them changes jobs as she grows older."),
    ("us3", "The youngest bees clean the cells and feed the larvae. Later they build wax and guard the entrance, "
            "and in the last weeks of their lives they fly out to collect nectar and pollen."),
    ("us3", "City gardens are surprisingly good places for bees, "
            "because people plant flowers that bloom at different times of the year."),
    ("us3", "If you would like a hive of your own, talk to a local club first, "
            "and spend a season helping someone who already keeps bees."),
)


def test_set(folder: Path) -> list[Conversation]:
    """The fixed set diarization is measured on, easiest first (durations as generated):

    * ``interview``: 2 speakers, us1 (female) asks and us2 (male) answers; 12
      turns of 0.6-7.6 s, 0.6 s pauses; 57 s; clean.
    * ``meeting``: 3 speakers, en1 chairs, us3 and us1; 20 turns of 1.6-6.1 s,
      0.4 s pauses; 90 s; quiet room noise at -55 dBFS.
    * ``planning``: 4 speakers, all four MBROLA voices (with the similar pair us2
      and us3), 40 short turns of 0.7-3.0 s, 0.3 s pauses; 86 s; noise at -55 dBFS.
    * ``monologue``: 1 speaker, us3; 5 turns of 4.0-9.2 s, 0.8 s pauses; 37 s:
      a speaker count of more than one is a split voice.

    No turn overlaps another: the reference is unambiguous, and overlap is its own
    case (``overlaps=``). The exact figures are in each ``<name>.json``.
    """
    return [
        conversation(folder, INTERVIEW, pause=0.6, name="interview"),
        conversation(folder, MEETING, pause=0.4, name="meeting", noise_db=-55),
        conversation(folder, PLANNING, pause=0.3, name="planning", noise_db=-55),
        conversation(folder, MONOLOGUE, pause=0.8, name="monologue"),
    ]


test_set.__test__ = False  # type: ignore[attr-defined]  # a test module that imports it must not collect it
