"""The engine on real speech with the real bundled models (slow: seconds each).

Measured on espeak-ng English (tests/speech.py, 53 words, ~21 s) on this 2-core
CPU with int8: tiny.en WER 0.019, base WER 0.019 (one word each). The bound of
0.10 leaves room for other CPUs' int8 kernels without letting a real regression
(a wrong language, lost segments) through.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from malsori.core import audio
from malsori.core.engine import Progress, TranscribeOptions, Transcriber
from malsori.core.models import ModelError
from malsori.core.transcript import Segment
from tests.speech import speak, wer

pytestmark = pytest.mark.slow

WER_BOUND = 0.10


@pytest.mark.parametrize("model", ["tiny_en", "base"])
def test_english_accuracy(model, english_speech, request):
    transcriber: Transcriber = request.getfixturevalue(model)
    path, text = english_speech
    result = transcriber.transcribe(path, TranscribeOptions(language="en"))
    measured = wer(text, " ".join(s.text for s in result.segments))
    print(f"{transcriber.model_name}: WER {measured:.3f}")
    assert measured < WER_BOUND
    assert result.model == transcriber.model_name
    assert result.options["beam_size"] == 5 and result.options["device"] == "cpu"
    assert result.duration == pytest.approx(20.7, abs=1.0)


def test_language_detection(base, english_speech, speech_dir):
    english = base.transcribe(english_speech[0])
    assert english.language == "en" and english.language_probability > 0.5
    spanish_path = speak(
        "Buenos días. Hoy vamos a hablar del tiempo y de la reunión de mañana por la tarde.",
        speech_dir / "spanish.wav",
        voice="es",
    )
    spanish = base.transcribe(spanish_path)
    assert spanish.language == "es"
    assert "buenos" in spanish.text.lower()


def test_progress_is_monotonic_and_ends_at_one(tiny_en, english_speech):
    seen: list[Progress] = []
    streamed: list[Segment] = []
    result = tiny_en.transcribe(english_speech[0], on_progress=seen.append, on_segment=streamed.append)
    fractions = [p.fraction for p in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(a <= b for a, b in zip(fractions, fractions[1:]))
    assert len(set(fractions)) > 2  # it moved in steps, not only 0 then 1
    assert all(p.remaining is not None for p in seen if p.fraction > 0)
    assert seen[-1].remaining == pytest.approx(0.0)
    assert [s.text for s in streamed] == [s.text for s in result.segments]


def test_word_timestamps_lie_inside_their_segment(base, english_speech):
    result = base.transcribe(english_speech[0], TranscribeOptions(word_timestamps=True))
    words = [w for s in result.segments for w in s.words]
    assert len(words) >= 45
    for seg in result.segments:
        assert seg.words, "every segment carries its words"
        for w in seg.words:
            assert seg.start <= w.start <= w.end <= seg.end
            assert 0.0 <= w.probability <= 1.0
        assert "".join(w.text for w in seg.words).strip() == seg.text


def test_cancel_mid_file_returns_within_a_second_with_the_partial_transcript(tiny_en, english_speech):
    speech = audio.decode(english_speech[0])
    long_audio = np.concatenate([speech] * 5)  # ~100 s: many windows
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def on_segment(_segment: Segment) -> None:
        if not cancel.is_set():
            cancelled_at.append(time.perf_counter())
            cancel.set()

    result = tiny_en.transcribe(long_audio, TranscribeOptions(vad_filter=False), on_segment=on_segment, cancel=cancel)
    returned = time.perf_counter()
    assert cancel.is_set()
    assert returned - cancelled_at[0] < 1.0
    assert 1 <= len(result.segments) < 10
    assert result.segments[-1].end < result.duration / 2
    # the model is usable again right after a cancel
    again = tiny_en.transcribe(english_speech[0])
    assert wer(english_speech[1], again.text) < WER_BOUND


def test_batched_pipeline_gives_the_same_words(tiny_en, english_speech):
    path, text = english_speech
    result = tiny_en.transcribe(path, TranscribeOptions(batch_size=4))
    assert wer(text, result.text) < WER_BOUND
    assert result.options["batch_size"] == 4


def test_a_short_encoder_window_hears_a_short_clip_as_the_full_window_does(base, english_speech):
    """Live captions' window_padding_s: the encoder sees the clip and 1 s of padding
    instead of 30 s, and the words come out the same."""
    clip = audio.decode(english_speech[0])[: 6 * audio.SAMPLE_RATE]  # "Good morning everyone. Today we will ..."
    full = base.transcribe(clip, TranscribeOptions(language="en", beam_size=1))
    short = base.transcribe(clip, TranscribeOptions(language="en", beam_size=1, window_padding_s=1.0))
    assert short.text.lower().startswith("good morning everyone")
    assert wer(full.text, short.text) <= 0.2  # a word of six may differ


def test_max_new_tokens_bounds_what_a_window_writes(tiny_en, english_speech):
    clip = audio.decode(english_speech[0])[: 10 * audio.SAMPLE_RATE]
    capped = tiny_en.transcribe(clip, TranscribeOptions(language="en", max_new_tokens=4, word_timestamps=False))
    assert 1 <= len(capped.text.split()) <= 4
    assert len(tiny_en.transcribe(clip, TranscribeOptions(language="en")).text.split()) > 10
    for wrong in (0, 201):
        with pytest.raises(ValueError):
            TranscribeOptions(max_new_tokens=wrong)


def test_corrupt_input_raises_a_clear_audio_error(tiny_en, tmp_path):
    bad = tmp_path / "notes.mp3"
    bad.write_text("this is not audio at all\n" * 50)
    with pytest.raises(audio.AudioError, match="notes.mp3"):
        tiny_en.transcribe(bad)


def test_english_only_model_refuses_another_language(tiny_en, english_speech):
    with pytest.raises(ModelError, match="English only"):
        tiny_en.transcribe(english_speech[0], TranscribeOptions(language="ko"))


def test_missing_model_raises_model_error():
    with pytest.raises(ModelError, match="not downloaded"):
        Transcriber("large-v3", device="cpu").load()


def test_gpu_request_without_a_gpu_falls_back_to_the_cpu_with_a_notice(english_speech):
    from malsori.core.engine import cuda_device_count

    if cuda_device_count() > 0:
        pytest.skip("this machine has a GPU: the CUDA path is exercised instead of the fallback")
    notices: list[str] = []
    transcriber = Transcriber("tiny.en", device="cuda", notice=notices.append)
    result = transcriber.transcribe(english_speech[0])
    assert transcriber.device == "cpu"
    assert notices and "CPU" in notices[0]
    assert wer(english_speech[1], result.text) < WER_BOUND
