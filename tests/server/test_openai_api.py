"""OpenAI's audio API on ``malsori serve``, called by the official ``openai`` client and by curl.

The real app runs under uvicorn on 127.0.0.1 with tiny.en (the ``server``
fixture); the speech is espeak-ng's, about 8 s of it where a short clip will do.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.speech import JFK_TEXT, joined, speak, wer

openai = pytest.importorskip("openai")

MAX_WER = 0.3


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 8 seconds of speech (the words are JFK_TEXT)."""
    return speak(JFK_TEXT, tmp_path_factory.mktemp("openai") / "jfk.wav")


@pytest.fixture(scope="module")
def client(server) -> Any:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=120)


@pytest.fixture(scope="module")
def json_text(client, clip: Path) -> str:
    """The clip's text as the default (json) answer gives it; the other answers must agree with it."""
    with clip.open("rb") as f:
        return client.audio.transcriptions.create(file=f, model="whisper-1").text


def transcribe(client: Any, clip: Path, **fields: Any) -> Any:
    with clip.open("rb") as f:
        return client.audio.transcriptions.create(file=f, model="whisper-1", **fields)


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "--silent", "--show-error", "--max-time", "120", *args],
                          capture_output=True, text=True, timeout=150, check=True)


def sse_payloads(raw: str) -> list[str]:
    """The ``data:`` payloads of a server-sent event stream, in order."""
    return [line[len("data: "):] for line in raw.splitlines() if line.startswith("data: ")]


# --- answers -----------------------------------------------------------------------------


@pytest.mark.slow
def test_json_answer_is_the_text_with_openais_usage(server, clip: Path, json_text: str):
    assert wer(JFK_TEXT, json_text) < MAX_WER, json_text
    answer = subprocess.run(["curl", "-s", "-F", f"file=@{clip}", "-F", "model=whisper-1",
                             f"{server.url}/v1/audio/transcriptions"], capture_output=True, text=True, check=True)
    body = json.loads(answer.stdout)
    assert body["text"] == json_text
    assert body["usage"] == {"type": "duration", "seconds": 8}  # the clip's 7.8 s, rounded up as OpenAI does


@pytest.mark.slow
def test_text_answer_is_plain_text(client, clip: Path, json_text: str):
    answer = transcribe(client, clip, response_format="text")
    assert isinstance(answer, str)
    assert answer == json_text + "\n"


@pytest.mark.slow
def test_srt_by_curl_is_the_file_the_cli_writes(server, clip: Path):
    answer = curl("-D", "-", "-F", f"file=@{clip}", "-F", "model=whisper-1", "-F", "response_format=srt",
                  f"{server.url}/v1/audio/transcriptions")
    head, _, srt = answer.stdout.replace("\r\n", "\n").partition("\n\n")
    assert head.startswith("HTTP/1.1 200"), head
    assert "content-type: text/plain; charset=utf-8" in head.lower()
    cli = subprocess.run([sys.executable, "-m", "malsori.cli", "transcribe", str(clip), "--model", "tiny.en",
                          "--device", "cpu", "--format", "srt", "--stdout"],
                         capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert cli.returncode == 0, cli.stderr
    assert srt == cli.stdout
    assert srt.startswith("1\n00:00:00,000 --> ")


@pytest.mark.slow
def test_vtt_answer_is_webvtt(client, clip: Path, json_text: str):
    vtt = transcribe(client, clip, response_format="vtt")
    assert vtt.startswith("WEBVTT\n\n")
    cues = [line for line in vtt.splitlines() if " --> " in line]
    assert cues and cues[0].startswith("00:00:00.000 --> ")
    text = " ".join(line for line in vtt.splitlines()[1:] if line and " --> " not in line and not line.isdigit())
    assert text.split() == json_text.split()


@pytest.mark.slow
@pytest.mark.parametrize("granularities", [None, ["segment"], ["word"], ["word", "segment"]])
def test_verbose_json_has_segments_and_words_as_asked(client, clip: Path, json_text: str,
                                                      granularities: list[str] | None):
    extra = {} if granularities is None else {"timestamp_granularities": granularities}
    answer = transcribe(client, clip, response_format="verbose_json", **extra).model_dump()
    assert answer["task"] == "transcribe"
    assert answer["language"] == "english"
    assert 7.0 < answer["duration"] < 9.0
    assert answer["text"] == json_text
    assert answer["usage"] == {"type": "duration", "seconds": math.ceil(answer["duration"])}
    wants_segments = granularities is None or "segment" in granularities
    wants_words = granularities is not None and "word" in granularities
    assert (answer["segments"] is not None) == wants_segments
    assert (answer["words"] is not None) == wants_words
    if wants_segments:
        segments = answer["segments"]
        assert [s["id"] for s in segments] == list(range(len(segments)))
        assert " ".join(s["text"] for s in segments) == json_text
        for s in segments:
            assert 0 <= s["start"] < s["end"] <= answer["duration"]
            assert s["tokens"] == [] and s["no_speech_prob"] == 0.0 and s["temperature"] == 0.0
            assert -1.0 < s["avg_logprob"] <= 0.0  # clear speech: the words are likely
            assert 0.5 < s["compression_ratio"] < 2.4
            assert s["seek"] == round(s["start"] * 100)
    if wants_words:
        words = answer["words"]
        assert wer(JFK_TEXT, " ".join(w["word"] for w in words)) < MAX_WER
        assert all(w["word"] == w["word"].strip() and w["word"] for w in words)
        assert all(0 <= w["start"] <= w["end"] <= answer["duration"] for w in words)
        assert [w["start"] for w in words] == sorted(w["start"] for w in words)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")  # the client's translations.create
def test_translation_answers_english_text(client, clip: Path):
    with clip.open("rb") as f:
        answer = client.audio.translations.create(file=f, model="whisper-1", response_format="verbose_json")
    body = answer.model_dump()
    assert body["task"] == "translate"
    assert body["language"] == "english"  # the output's language, as OpenAI has it
    assert wer(JFK_TEXT, body["text"]) < MAX_WER, body["text"]
    assert body["segments"] and "usage" not in body  # OpenAI bills translations by no duration field
    with clip.open("rb") as f:
        plain = client.audio.translations.create(file=f, model="whisper-1")
    assert plain.text == body["text"]


# --- streaming ---------------------------------------------------------------------------


@pytest.mark.slow
def test_stream_with_the_openai_client_gives_deltas_then_the_whole_text(client, clip: Path, json_text: str):
    with clip.open("rb") as f:
        events = list(client.audio.transcriptions.create(file=f, model="whisper-1", stream=True))
    kinds = [event.type for event in events]
    assert kinds[-1] == "transcript.text.done" and set(kinds[:-1]) == {"transcript.text.delta"}, kinds
    assert events[-1].text == json_text
    assert "".join(event.delta for event in events[:-1]) == json_text
    # vLLM's chunk shape rides along, for clients written against vLLM
    assert "".join(event.choices[0]["delta"]["content"] for event in events) == json_text
    assert events[-1].choices[0]["finish_reason"] == "stop"


@pytest.mark.slow
def test_stream_with_curl_is_server_sent_events_ending_in_done(server, clip: Path, json_text: str):
    answer = curl("-N", "-D", "-", "-F", f"file=@{clip}", "-F", "model=whisper-1", "-F", "stream=true",
                  f"{server.url}/v1/audio/transcriptions")
    head = answer.stdout.split("\r\n\r\n", 1)[0].lower()
    assert "content-type: text/event-stream" in head
    payloads = sse_payloads(answer.stdout)
    assert payloads[-1] == "[DONE]"
    chunks = [json.loads(p) for p in payloads[:-1]]
    assert all(c["object"] == "transcription.chunk" and c["model"] == "tiny.en" for c in chunks)
    assert "".join(c["choices"][0]["delta"]["content"] for c in chunks) == json_text
    assert chunks[-1]["type"] == "transcript.text.done" and chunks[-1]["text"] == json_text


@pytest.fixture(scope="module")
def long_speech(tmp_path_factory: pytest.TempPathFactory, english_speech: tuple[Path, str]) -> Path:
    """About 100 s of speech: long enough to be still decoding when its client leaves."""
    speech = english_speech[0]
    return joined(tmp_path_factory.mktemp("openai-long") / "long.wav", speech, speech, speech, speech)


@pytest.mark.slow
def test_a_client_leaving_mid_stream_cancels_its_job(server, client, long_speech: Path):
    runner = server.runner
    cancelled, done = runner.counts.cancelled, runner.counts.done
    with long_speech.open("rb") as f:
        stream = client.audio.transcriptions.create(file=f, model="whisper-1", stream=True)
        first = next(iter(stream))
        assert first.type == "transcript.text.delta" and first.delta
        assert runner.queue_length == 1
        stream.close()
    deadline = time.monotonic() + 20
    while (runner.counts.cancelled == cancelled or runner.queue_length) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runner.counts.cancelled == cancelled + 1
    assert runner.queue_length == 0
    assert runner.counts.done == done


@pytest.fixture(scope="module")
def cut_speech(tmp_path_factory: pytest.TempPathFactory, english_speech: tuple[Path, str]) -> Path:
    """A WAV file cut half-way (a download that stopped): its header promises twice the audio it
    holds, so it passes the check before the job and the decoder finds it out only once the
    stream (200, text/event-stream) has begun."""
    whole = english_speech[0].read_bytes()
    cut = tmp_path_factory.mktemp("openai-cut") / "cut-speech.wav"
    cut.write_bytes(whole[: len(whole) // 2])
    return cut


@pytest.mark.slow
def test_a_failure_after_the_stream_started_is_an_error_event_then_done(server, client, cut_speech: Path):
    failed = server.runner.counts.failed
    with cut_speech.open("rb") as f, pytest.raises(openai.APIError) as caught:
        list(client.audio.transcriptions.create(file=f, model="whisper-1", stream=True))
    assert "cut-speech.wav is truncated" in caught.value.message  # the client's name, not the server's temp file
    assert server.runner.counts.failed == failed + 1
    raw = curl("-N", "-i", "-F", f"file=@{cut_speech}", "-F", "stream=true", f"{server.url}/v1/audio/transcriptions")
    assert raw.stdout.startswith("HTTP/1.1 200") and "text/event-stream" in raw.stdout
    payloads = sse_payloads(raw.stdout)
    assert payloads[-1] == "[DONE]"
    event = json.loads(payloads[-2])
    assert event["type"] == "error" and event["error"]["code"] == "invalid_audio"


def test_a_language_the_model_cannot_hear_is_400_before_any_work(server, client, clip: Path):
    done, failed = server.runner.counts.done, server.runner.counts.failed
    for stream in (False, True):
        with clip.open("rb") as f, pytest.raises(openai.BadRequestError) as caught:
            result = client.audio.transcriptions.create(file=f, model="whisper-1", language="ko", stream=stream)
            list(result) if stream else None
        assert "tiny.en understands English only" in caught.value.message
        assert caught.value.body["code"] == "unsupported_language" and caught.value.body["param"] == "language"
    assert (server.runner.counts.done, server.runner.counts.failed) == (done, failed)  # never queued


@pytest.mark.slow
def test_a_stream_the_queue_cannot_take_is_503_before_it_starts(long_speech: Path, clip: Path):
    from tests.server.conftest import running_server

    with running_server(max_queue=0) as small:
        busy_client = openai.OpenAI(base_url=f"{small.url}/v1", api_key="unused", max_retries=0, timeout=120)
        with long_speech.open("rb") as f:
            running = busy_client.audio.transcriptions.create(file=f, model="whisper-1", stream=True)
            assert next(iter(running)).type == "transcript.text.delta"
            with pytest.raises(openai.InternalServerError) as caught:
                transcribe(busy_client, clip, stream=True)
            running.close()
        assert caught.value.status_code == 503 and caught.value.code == "server_busy"
        assert int(caught.value.response.headers["retry-after"]) >= 1


def test_stream_refuses_formats_that_need_the_whole_transcript_before_it_starts(client, clip: Path):
    with pytest.raises(openai.BadRequestError) as caught:
        transcribe(client, clip, response_format="srt", stream=True)
    assert caught.value.param == "stream"


# --- errors and listings -----------------------------------------------------------------


def test_unknown_model_is_404_model_not_found(client, clip: Path):
    with clip.open("rb") as f, pytest.raises(openai.NotFoundError) as caught:
        client.audio.transcriptions.create(file=f, model="whisper-9")
    assert caught.value.code == "model_not_found"
    assert "'whisper-9' is not served here" in caught.value.message


def test_unknown_response_format_is_400_naming_the_parameter(server, clip: Path):
    answer = curl("-w", "\n%{http_code}", "-F", f"file=@{clip}", "-F", "response_format=xml",
                  f"{server.url}/v1/audio/transcriptions")
    body, _, status = answer.stdout.rpartition("\n")
    assert status == "400"
    error = json.loads(body)["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == "response_format"
    assert "verbose_json" in error["message"]


def test_an_upload_that_is_not_media_is_400_with_the_reason(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.audio.transcriptions.create(file=("notes.wav", b"these are not the sounds you are looking for"),
                                           model="whisper-1", stream=True)
    assert caught.value.code == "invalid_audio" and caught.value.param == "file"
    assert "notes.wav is not a readable audio or video file" in caught.value.message


def test_models_are_listed_for_the_openai_client(client):
    models = [model.id for model in client.models.list()]
    assert models[0] == "tiny.en"


def test_a_wrong_key_is_an_authentication_error_for_the_openai_client():
    from tests.server.conftest import running_server

    with running_server(api_key="right-key") as keyed:
        wrong = openai.OpenAI(base_url=f"{keyed.url}/v1", api_key="wrong-key", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as caught:
            wrong.models.list()
        assert caught.value.code == "invalid_api_key"
        right = openai.OpenAI(base_url=f"{keyed.url}/v1", api_key="right-key", max_retries=0)
        assert [model.id for model in right.models.list()][0] == "tiny.en"


def test_docs_and_openapi_list_the_audio_endpoints_and_their_fields(server):
    import requests

    assert "swagger" in requests.get(f"{server.url}/docs", timeout=10).text.lower()
    spec = requests.get(f"{server.url}/openapi.json", timeout=10).json()

    def fields(path: str) -> set[str]:
        body = spec["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
        schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
        return set(schema["properties"])

    common = {"file", "model", "language", "prompt", "response_format", "temperature", "stream"}
    assert fields("/v1/audio/transcriptions") == common | {"timestamp_granularities[]", "speakers"}
    assert fields("/v1/audio/translations") == common


@pytest.mark.slow
def test_speakers_label_verbose_json_segments_and_name_srt_cues(client, tmp_path: Path):
    """Malsori's own ``speakers`` field (the openai client sends it with extra_body)."""
    from malsori.core.der import der
    from malsori.core.rttm import Turn
    from tests.conversations import INTERVIEW, conversation

    talk = conversation(tmp_path, INTERVIEW[:6], pause=0.6, name="interview")
    answer = transcribe(client, talk.wav, response_format="verbose_json",
                        extra_body={"speakers": "auto"}).model_dump()
    segments = answer["segments"]
    assert {seg["speaker"] for seg in segments} == {"Speaker 1", "Speaker 2"}
    found = [Turn(seg["start"], seg["end"], seg["speaker"]) for seg in segments]
    assert der(talk.reference(), found).rate < 0.2
    srt = transcribe(client, talk.wav, response_format="srt", extra_body={"speakers": "2"})
    assert "Speaker 1: " in srt and "Speaker 2: " in srt
    refused = curl("-s", "-w", "\n%{http_code}", "-F", f"file=@{talk.wav}", "-F", "model=whisper-1",
                   "-F", "speakers=channels", f"{client.base_url}audio/transcriptions")
    body, status = refused.stdout.rsplit("\n", 1)
    assert status == "400" and "one channel" in json.loads(body)["error"]["message"], refused.stdout
