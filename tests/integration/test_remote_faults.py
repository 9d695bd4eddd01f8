"""The remote engine against a stand-in for vLLM that fails the ways servers do.

Every test sends real speech (cut into chunks of about ten seconds, so a short
file is several requests) to tests/vllm_transcription_standin.py, which
transcribes for real with tiny.en and can answer 413, 429 with Retry-After,
500, drop a connection half-way, be slow, answer segments or text only, want a
key, or die. What must hold: the job succeeds where a retry can save it, fails
with the server's reason (and what to fix) where it cannot, never waits on a
dead server longer than its retries, cancels within a second, and resumes with
only the chunks not done.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from malsori.core.engine import TranscribeOptions
from malsori.core.remote_cache import ChunkCache
from malsori.core.remote_engine import RemoteConfig, RemoteError, RemoteTranscriber
from tests.speech import ENGLISH_TEXT, JFK_TEXT, joined, speak, wer
from tests.vllm_transcription_standin import vllm_standin

pytestmark = pytest.mark.slow
MODEL = "openai/whisper-large-v3-turbo"
ENGLISH = TranscribeOptions(language="en")


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """About 45 seconds of speech with pauses: four or five chunks of about ten seconds."""
    folder = tmp_path_factory.mktemp("faults")
    english, jfk = speak(ENGLISH_TEXT, folder / "e.wav"), speak(JFK_TEXT, folder / "j.wav")
    return joined(folder / "speech.wav", english, 1.0, jfk, 0.8, jfk), " ".join([ENGLISH_TEXT, JFK_TEXT, JFK_TEXT])


def remote(tmp_path: Path, *urls: str, **config) -> RemoteTranscriber:
    fields = {"chunk_s": 10.0, "backoff_s": 0.2, **config}
    return RemoteTranscriber(RemoteConfig(urls, MODEL, **fields), cache=ChunkCache(tmp_path / "cache"))


def chunk_count(control) -> int:
    return len({r.size for r in control.received})  # each chunk's upload has its own size


def test_a_vllm_answer_becomes_a_timed_transcript_with_segment_confidence(speech, tmp_path):
    path, said = speech
    with vllm_standin() as server:
        result = remote(tmp_path, server.url).transcribe(path, ENGLISH)
    assert len(server.control.received) >= 4
    assert wer(said, result.text) < 0.15
    assert result.options["timing"] == "word" and result.options["confidence"] == "segment"
    words = [w for s in result.segments for w in s.words]
    assert words and all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert len({w.probability for w in words}) < len(words)  # a segment's words share its confidence


def test_429_is_retried_after_the_servers_retry_after(speech, tmp_path):
    path, said = speech
    with vllm_standin(busy=1, retry_after=1.5) as server:
        result = remote(tmp_path, server.url, concurrency=1).transcribe(path, ENGLISH)
    first, second = server.control.received[:2]
    assert second.at - first.at >= 1.4
    assert wer(said, result.text) < 0.15


def test_500_is_retried_with_backoff_then_succeeds(speech, tmp_path):
    path, said = speech
    with vllm_standin(failures=2) as server:
        result = remote(tmp_path, server.url, concurrency=1).transcribe(path, ENGLISH)
    assert len(server.control.received) == chunk_count(server.control) + 2
    assert wer(said, result.text) < 0.15


def test_a_server_that_keeps_failing_fails_the_job_with_its_reason_after_bounded_tries(speech, tmp_path):
    path, _said = speech
    with vllm_standin(failures=-1) as server:
        begun = time.monotonic()
        with pytest.raises(RemoteError) as failed:
            remote(tmp_path, server.url, concurrency=1, retries=2).transcribe(path, ENGLISH)
    assert "500" in str(failed.value) and "CUDA out of memory" in str(failed.value)
    assert len(server.control.received) == 3  # the first try and two retries, then no more
    assert time.monotonic() - begun < 10


def test_a_connection_dropped_half_way_sends_the_chunk_again(speech, tmp_path):
    path, said = speech
    with vllm_standin(drops=1) as server:
        result = remote(tmp_path, server.url, concurrency=1).transcribe(path, ENGLISH)
    assert len(server.control.received) == chunk_count(server.control) + 1
    assert wer(said, result.text) < 0.15


def test_413_says_to_lower_the_chunk_size_limit(speech, tmp_path):
    path, _said = speech
    with vllm_standin(max_upload_bytes=100_000) as server:
        with pytest.raises(RemoteError, match=r"413.*Lower the chunk size limit"):
            remote(tmp_path, server.url).transcribe(path, ENGLISH)


def test_a_wrong_key_says_so_and_the_right_one_is_sent_to_that_server(speech, tmp_path):
    path, _said = speech
    with vllm_standin(api_key="right-key") as server:
        with pytest.raises(RemoteError, match="API key"):
            remote(tmp_path, server.url, api_key="wrong-key", concurrency=1).transcribe(path, ENGLISH)
        server.control.received.clear()
        result = remote(tmp_path, server.url, api_key="right-key").transcribe(path, ENGLISH)
    assert result.segments
    assert {r.authorization for r in server.control.received} == {"Bearer right-key"}


def test_an_unknown_model_is_named(speech, tmp_path):
    path, _said = speech
    with vllm_standin() as server:
        with pytest.raises(RemoteError, match="no model named “whisper-9”"):
            RemoteTranscriber(RemoteConfig((server.url,), "whisper-9", chunk_s=10.0),
                              cache=ChunkCache(tmp_path)).transcribe(path, ENGLISH)


def test_segment_only_answers_give_one_word_per_segment_and_say_so(speech, tmp_path):
    path, said = speech
    with vllm_standin(shape="segments") as server:
        result = remote(tmp_path, server.url).transcribe(path, ENGLISH)
    assert result.options["timing"] == "segment" and result.options["confidence"] == "segment"
    assert all(len(s.words) == 1 and (s.words[0].start, s.words[0].end) == (s.start, s.end) for s in result.segments)
    assert all(a.end <= b.start + 1e-6 for a, b in zip(result.segments, result.segments[1:]))
    assert wer(said, result.text) < 0.15


def test_text_only_answers_are_timed_over_the_speech_and_say_so(speech, tmp_path):
    path, said = speech
    with vllm_standin(shape="text") as server:
        result = remote(tmp_path, server.url).transcribe(path, ENGLISH)
    assert result.options["timing"] == "text" and result.options["confidence"] == "none"
    assert all(a.end <= b.start + 1e-6 for a, b in zip(result.segments, result.segments[1:]))
    assert 0 <= result.segments[0].start and result.segments[-1].end <= result.duration
    assert wer(said, result.text) < 0.15


def test_cancel_returns_within_a_second_and_nothing_more_is_sent(speech, tmp_path):
    path, _said = speech
    cancel = threading.Event()
    with vllm_standin(slow_s=3.0) as server:
        threading.Timer(1.0, cancel.set).start()
        begun = time.monotonic()
        remote(tmp_path, server.url, concurrency=2).transcribe(path, ENGLISH, cancel=cancel)
        took = time.monotonic() - begun
        sent = len(server.control.received)
        time.sleep(2.0)
        assert len(server.control.received) == sent
    assert took < 1.0 + 1.0
    assert sent == 2  # the two in flight, no more


def test_after_a_server_died_mid_file_retry_sends_only_the_chunks_not_done(speech, tmp_path):
    path, _said = speech
    with vllm_standin(die_after=2) as dying:
        with pytest.raises(RemoteError, match="2 chunks of the file were transcribed and kept"):
            remote(tmp_path, dying.url, concurrency=1, retries=1).transcribe(path, ENGLISH)
    with vllm_standin() as fresh:
        resumed = remote(tmp_path, fresh.url, concurrency=1).transcribe(path, ENGLISH)
        resumed_requests = len(fresh.control.received)
        whole = RemoteTranscriber(RemoteConfig((fresh.url,), MODEL, chunk_s=10.0),
                                  cache=ChunkCache(tmp_path / "other")).transcribe(path, ENGLISH)
    chunks = len(fresh.control.received) - resumed_requests
    assert resumed_requests == chunks - 2
    assert resumed.text == whole.text


def test_two_servers_share_the_chunks_and_one_dying_leaves_the_rest_to_the_other(speech, tmp_path):
    path, said = speech
    with vllm_standin() as a, vllm_standin() as b:
        result = remote(tmp_path, a.url, b.url, concurrency=2).transcribe(path, ENGLISH)
        assert a.control.received and b.control.received
        assert wer(said, result.text) < 0.15
        assert all(x.end <= y.start + 1e-6 for x, y in zip(result.segments, result.segments[1:]))
    with vllm_standin(die_after=1) as dying, vllm_standin() as staying:
        result = remote(tmp_path / "second", dying.url, staying.url, concurrency=2).transcribe(path, ENGLISH)
        assert dying.control.answered() == 1
        assert staying.control.answered() >= 2
    assert wer(said, result.text) < 0.15
