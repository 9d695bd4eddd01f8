"""The remote engine against the real `malsori serve`: long files split, sent at once, stitched.

A ten-minute file of generated speech with pauses is cut into chunks at pauses,
sent with concurrency to a real server on 127.0.0.1 (tiny.en), and stitched:
its text must match the local engine's within a word error rate measured here,
with words and segments in order across the chunk borders. The command line's
``--server`` must write the subtitles a local run writes.
"""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from malsori.core.engine import TranscribeOptions, Transcriber
from malsori.core.remote_cache import ChunkCache
from malsori.core.remote_engine import RemoteConfig, RemoteError, RemoteTranscriber, list_models, normalize_servers
from tests.server.conftest import running_server
from tests.speech import ENGLISH_TEXT, JFK_TEXT, joined, speak, wer

pytest.importorskip("fastapi", reason="server mode needs the 'server' extra")

#: Paragraphs the ten-minute talk is made of, each said with its own pause after it.
_PARAGRAPHS = (
    ENGLISH_TEXT,
    JFK_TEXT,
    "The library will close early on Thursday because the heating system is being repaired.",
    "Our next speaker has studied rivers for twenty years, and she will tell us how floods are predicted.",
    "Coffee and tea are served in the hall, and lunch starts at noon in the main room.",
)
#: Seconds of silence after each paragraph, in turn: breaths, pauses, a long break.
_PAUSES = (0.5, 1.2, 0.3, 2.5, 0.8, 6.0)
#: The remote text's word error rate against the local engine's, at most. Measured on this
#: ten-minute talk with 120 s chunks: 0.0-0.01 (the cuts fall in pauses; a word at a border
#: can come out differently as Whisper hears a chunk from its own start).
MAX_WER_VS_LOCAL = 0.03


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """About ten minutes of speech with pauses of several lengths, and its text."""
    folder = tmp_path_factory.mktemp("talk")
    spoken = [speak(text, folder / f"p{i}.wav") for i, text in enumerate(_PARAGRAPHS)]
    parts: list[Path | float] = []
    said: list[str] = []
    i = 0
    while len(parts) < 2 * 54:  # 54 paragraphs of 5-21 s and their pauses: 10.1 minutes
        parts += [spoken[i % len(spoken)], _PAUSES[i % len(_PAUSES)]]
        said.append(_PARAGRAPHS[i % len(_PARAGRAPHS)])
        i += 1
    return joined(folder / "talk.wav", *parts), " ".join(said)


@pytest.fixture(scope="module")
def serve():
    with running_server(max_queue=8) as running:
        yield running


@pytest.mark.slow
def test_a_ten_minute_file_is_split_sent_at_once_and_stitched_like_the_local_transcript(talk, serve, tmp_path):
    path, said = talk
    config = RemoteConfig((serve.url,), "tiny.en", concurrency=4)
    segments, progress, languages = [], [], []
    # The local transcript is made meanwhile: one decode does not keep both cores busy.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        local_run = pool.submit(Transcriber("tiny.en", device="cpu").transcribe, path)
        remote = RemoteTranscriber(config, cache=ChunkCache(tmp_path / "cache")).transcribe(
            path, on_segment=segments.append, on_progress=lambda p: progress.append(p.fraction),
            on_language=languages.append)
        local = local_run.result()

    assert 540 < remote.duration < 720
    assert serve.runner.counts.done >= 5  # 120 s chunks: the file went as several requests
    assert wer(local.text, remote.text) <= MAX_WER_VS_LOCAL
    assert wer(said, remote.text) <= wer(said, local.text) + MAX_WER_VS_LOCAL
    assert languages == ["en"]
    assert remote.options["engine"] == "remote" and remote.options["timing"] == "word"
    assert remote.options["confidence"] == "word"  # malsori serve sends its words' probabilities
    assert [s.text for s in segments] == [s.text for s in remote.segments]  # shown in order as they came
    assert progress == sorted(progress) and progress[-1] == 1.0
    words = [w for s in remote.segments for w in s.words]
    assert all(a.start <= b.start and a.end <= b.start + 1e-6 for a, b in zip(words, words[1:]))
    assert all(a.end <= b.start + 1e-6 for a, b in zip(remote.segments, remote.segments[1:]))
    assert any(w.probability < 0.99 for w in words)  # real probabilities, not a stand-in 1.0
    assert not list((tmp_path / "cache").glob("*.json"))  # a finished job keeps no chunks


@pytest.mark.slow
def test_the_command_line_writes_through_a_server_the_subtitles_a_local_run_writes(english_speech, serve, tmp_path):
    path, _text = english_speech
    malsori = [sys.executable, "-m", "malsori.cli"]
    remote = subprocess.run([*malsori, "transcribe", str(path), "--server", f"{serve.url}/v1",
                             "--server-model", "tiny.en", "--format", "srt", "--stdout"],
                            capture_output=True, text=True, timeout=300)
    local = subprocess.run([*malsori, "transcribe", str(path), "--model", "tiny.en", "--device", "cpu",
                            "--format", "srt", "--stdout"], capture_output=True, text=True, timeout=300)
    assert remote.returncode == 0, remote.stderr
    # Byte for byte: the server hears exactly the samples (24-bit FLAC made tiny.en hear "end" for
    # "send" in this very speech; see core/remote_chunks.py).
    assert remote.stdout == local.stdout and remote.stdout.count("-->") > 3
    assert f"sending the audio to 127.0.0.1:{serve.config.port}" in remote.stderr


@pytest.mark.parametrize(("argv", "message"), [
    (["--server", "http://127.0.0.1:9/v1"], "--server needs --server-model"),
    (["--server-model", "base"], "give its address with --server"),
    (["--server", "http://127.0.0.1:9/v1", "--server-model", "base", "--model", "tiny.en"],
     "with --server the server decides"),
    (["--server", "ftp://x", "--server-model", "base"], "is not a server address"),
])
def test_the_command_line_refuses_remote_options_that_do_not_fit(argv, message, english_speech):
    path, _text = english_speech
    done = subprocess.run([sys.executable, "-m", "malsori.cli", "transcribe", str(path), "--stdout", *argv],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (1, 2) and message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_server_that_is_not_there_fails_the_command_with_what_to_check(english_speech, tmp_path):
    path, _text = english_speech
    done = subprocess.run([sys.executable, "-m", "malsori.cli", "transcribe", str(path), "--stdout",
                           "--server", "http://127.0.0.1:9/v1", "--server-model", "base"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "127.0.0.1:9 refused the connection" in done.stderr and "Traceback" not in done.stderr


def test_test_connection_lists_the_served_models_and_addresses_are_normalized(serve):
    host = serve.url.removeprefix("http://")
    assert normalize_servers(f" {host} , {serve.url}/v1/audio/transcriptions ,") == (f"{serve.url}/v1",)
    assert "tiny.en" in list_models(RemoteConfig((host,), "tiny.en"))
    with pytest.raises(RemoteError, match="No server address"):
        normalize_servers(" , ")


@pytest.mark.slow
def test_a_cancelled_remote_job_returns_at_once_and_the_server_stops_its_work(talk, serve, tmp_path):
    path, _said = talk
    cancel = threading.Event()
    transcriber = RemoteTranscriber(RemoteConfig((serve.url,), "tiny.en", concurrency=2),
                                    cache=ChunkCache(tmp_path))
    threading.Timer(3.0, cancel.set).start()  # while the first chunks are being transcribed
    begun = time.monotonic()
    result = transcriber.transcribe(path, TranscribeOptions(language="en"), cancel=cancel)
    took = time.monotonic() - begun
    assert cancel.is_set() and took < 3.0 + 1.0
    assert result.duration > 0
    deadline = time.monotonic() + 20
    while serve.runner.queue_length and time.monotonic() < deadline:  # its jobs were cancelled, not run out
        time.sleep(0.1)
    assert serve.runner.queue_length == 0
    assert serve.runner.counts.cancelled >= 1
