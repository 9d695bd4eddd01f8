"""Live captions of generated speech with the real bundled models (slow).

Audio is fed as the recorder would feed it and stepped as the run() loop would,
without sleeping: what matters here is what the passes see, not the wall clock
(latency is measured in bench/live_bench.py).

Measured on this 2-core CPU (int8, the live defaults: greedy, agreement of 2,
an encoder window ending 1 s after the buffer, words heard 0.5 s before the
end of a pass committed from that pass when the model was sure of them, and
words heard 2 s before it by two passes committed sure or not; a token budget
by buffer length and repetition loops cut; only the audio up to 0.3 s after the
VAD's last speech decoded, and words with no speech under them dropped):

* ENGLISH_TEXT (~21 s), base, a pass every 1 s of audio: offline WER 0.019,
  live WER 0.056 (0.037 when first measured, before later engine changes; 0.056
  with and without the speech-only rule). Live passes hear short buffers trimmed at
  sentence ends and decode greedily, so a word or two of difference is normal on
  other CPUs' int8 kernels; the bound is offline + 0.06 (three words of 54).
* Two paragraphs (~37 s, 103 words), tiny.en, a pass every 3 s of audio (a
  machine whose pass takes 3 s), buffer capped at 8 s so the cap actually bites:
  offline WER 0.049, live 0.097 (0.068 without the 2 s rule, which with a pass
  only every 3 s commits some words after two passes instead of three); measured
  again with the speech-only rule 0.146 (offline 0.029), 0.136 without it: one
  word of the last sentence decoded differently from a shorter tail. tiny.en
  decoding greedily on a short buffer mishears a few words a paragraph ("family needs lunch on the brass"); the
  bound offline + 0.15 (15 words) allows for that on other CPUs yet catches a
  lost sentence or duplicated text, which is what a policy bug produces.
"""

from __future__ import annotations

import numpy as np
import pytest
from malsori.core import audio
from malsori.core.engine import TranscribeOptions, Transcriber
from malsori.core.live import Captions, LiveTranscriber

from tests.speech import ENGLISH_TEXT, speak, wer, words

pytestmark = pytest.mark.slow

PARAGRAPHS = (
    ENGLISH_TEXT,
    (
        "The river runs through the middle of the old town. In the summer, children swim near the bridge, "
        "and families eat lunch on the grass beside the water. In the winter the river is quiet, "
        "and only a few people walk along its banks in the cold morning air."
    ),
)


def play(live: LiveTranscriber, samples: np.ndarray, step_s: float) -> tuple[list[Captions], float]:
    """Feed ``samples`` in blocks of ``step_s`` seconds, stepping after each, then
    finish. Returns every Captions seen and the longest buffer a pass was given."""
    block = int(step_s * audio.SAMPLE_RATE)
    seen, longest = [], 0.0
    for start in range(0, len(samples), block):
        live.feed(samples[start : start + block])
        longest = max(longest, live.buffer_seconds)
        seen.append(live.step())
    seen.append(live.finish())
    return seen, longest


def assert_append_only(seen: list[Captions]) -> None:
    """Committed words only ever append, never change, and run in time order; a
    block once followed by another never changes again."""
    for before, after in zip(seen, seen[1:]):
        assert after.words[: len(before.words)] == before.words
        assert after.blocks[: len(before.blocks) - 1] == before.blocks[:-1]
        assert after.committed_until >= before.committed_until
    words = seen[-1].words
    assert all(a.end <= b.start for a, b in zip(words, words[1:]))
    assert all(b.text and b.words for b in seen[-1].blocks)


def counting(monkeypatch: pytest.MonkeyPatch, transcriber: Transcriber) -> list[int]:
    """Count the transcriber's model calls from now on."""
    calls = [0]
    original = transcriber.transcribe

    def transcribe(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(transcriber, "transcribe", transcribe)
    return calls


def test_live_captions_come_close_to_the_offline_word_error_rate(base, english_speech):
    path, text = english_speech
    samples = audio.decode(path)
    offline = wer(text, base.transcribe(samples, TranscribeOptions(language="en")).text)
    updates: list[Captions] = []
    live = LiveTranscriber(base, on_update=updates.append)
    seen, longest = play(live, samples, step_s=1.0)
    measured = wer(text, seen[-1].text)
    print(f"base: offline WER {offline:.3f}, live WER {measured:.3f}, longest buffer {longest:.1f} s")
    assert measured <= offline + 0.06
    assert updates == seen
    assert_append_only(seen)
    assert seen[-1].tentative == "" and seen[-1].committed_until == pytest.approx(len(samples) / audio.SAMPLE_RATE)
    assert seen[-1].blocks[-1].end <= len(samples) / audio.SAMPLE_RATE + 0.1


def test_a_long_session_keeps_the_buffer_bounded(tiny_en, speech_dir):
    text = " ".join(PARAGRAPHS)
    samples = audio.decode(speak(text, speech_dir / "paragraphs.wav"))
    offline = wer(text, tiny_en.transcribe(samples, TranscribeOptions(language="en")).text)
    live = LiveTranscriber(tiny_en, max_buffer_s=8.0)
    seen, longest = play(live, samples, step_s=3.0)
    measured = wer(text, seen[-1].text)
    print(f"tiny.en: offline WER {offline:.3f}, live WER {measured:.3f}, longest buffer {longest:.1f} s")
    assert longest <= 8.0 + 3.0
    assert measured <= offline + 0.15
    assert_append_only(seen)


def test_silence_makes_no_captions_and_no_model_calls(tiny_en, monkeypatch):
    calls = counting(monkeypatch, tiny_en)
    live = LiveTranscriber(tiny_en)
    seen, longest = play(live, np.zeros(60 * audio.SAMPLE_RATE, dtype=np.float32), step_s=1.0)
    assert calls == [0]
    assert all(c.blocks == () and c.tentative == "" for c in seen)
    assert longest <= 2.0  # the silence is dropped as it comes
    assert seen[-1].committed_until == pytest.approx(60.0)


def test_speech_after_silence_is_captioned_in_session_time(tiny_en, english_speech, monkeypatch):
    calls = counting(monkeypatch, tiny_en)
    speech = audio.decode(english_speech[0])[: 5 * audio.SAMPLE_RATE]  # "Good morning everyone. Today we will ..."
    silence = np.zeros(10 * audio.SAMPLE_RATE, dtype=np.float32)
    live = LiveTranscriber(tiny_en)
    seen, _ = play(live, np.concatenate([silence, speech, silence]), step_s=1.0)
    assert seen[-1].text.lower().startswith("good morning everyone")
    assert 9.5 <= seen[-1].blocks[0].start <= 11.0
    assert calls[0] <= 5 + 4  # a pass a second of speech, and a few to settle its end
    assert_append_only(seen)


JFK = "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country."


def spoken_span(samples: np.ndarray) -> tuple[float, float]:
    """Where a generated clip's speech starts and ends (s): its first and last sample
    above 1 % of its peak (espeak-ng pads its speech with silence)."""
    loud = np.flatnonzero(np.abs(samples) > 0.01 * np.abs(samples).max())
    return loud[0] / audio.SAMPLE_RATE, (loud[-1] + 1) / audio.SAMPLE_RATE


def test_no_word_is_committed_over_the_silence_after_speech_and_each_utterance_is_a_block(tiny_en, speech_dir):
    """Regression (issue 11): with the speech said twice, 3 s apart, tiny.en wrote
    "Thank" over the silence after "…your country." (the committed text as prompt,
    nothing to hear), two passes over that silence agreed, and "Thank" was
    committed, after each repetition; and both repetitions ran on in one text."""
    clip = audio.decode(speak(JFK, speech_dir / "jfk.wav"))
    start, end = spoken_span(clip)
    gap = np.zeros(3 * audio.SAMPLE_RATE, dtype=np.float32)
    samples = np.concatenate([clip, gap, clip, gap])
    spans = [(start, end), (start + (len(clip) + len(gap)) / audio.SAMPLE_RATE,
                            end + (len(clip) + len(gap)) / audio.SAMPLE_RATE)]
    seen, _ = play(LiveTranscriber(tiny_en), samples, step_s=1.0)
    blocks = seen[-1].blocks
    print("\n".join(f"{b.start:6.2f} {b.end:6.2f} {b.text}" for b in blocks))
    assert len(blocks) == 2
    for block, (said_from, said_until) in zip(blocks, spans):
        assert words(block.text)[-3:] == ["for", "your", "country"]  # the last word said is the last one written
        assert wer(JFK, block.text) <= 0.15  # tiny.en, greedy on short buffers, may miss a word ("not")
        assert all(said_from - 0.5 <= w.start and w.end <= said_until + 0.3 for w in block.words)
    assert_append_only(seen)


def test_samples_must_be_mono(tiny_en):
    live = LiveTranscriber(tiny_en)
    live.feed(np.zeros((1600, 1), dtype=np.float32))  # one column is fine
    assert live.received_seconds == pytest.approx(0.1)
    with pytest.raises(ValueError):
        live.feed(np.zeros((1600, 2), dtype=np.float32))
