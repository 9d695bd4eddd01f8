"""Malsori's own /health and /transcribe, on the real server, with requests and curl."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import soundfile

from tests.speech import wer


@pytest.fixture(scope="module")
def clips(english_speech, tmp_path_factory) -> dict[str, Path]:
    """Real files for the upload tests: the speech as WAV and FLAC, a minute of it, and broken files."""
    speech, _ = english_speech
    folder = tmp_path_factory.mktemp("seed-clips")
    files = {"speech": folder / "speech.wav", "minute": folder / "minute.wav", "flac": folder / "speech.flac",
             "six_minutes": folder / "six-minutes.wav"}
    shutil.copy(speech, files["speech"])
    subprocess.run(["sox", str(speech), str(files["minute"]), "repeat", "2"], check=True)
    subprocess.run(["sox", str(speech), str(files["flac"])], check=True)
    subprocess.run(["sox", str(speech), str(files["six_minutes"]), "pad", "0", "340"], check=True)
    for name in ("speech", "flac", "six_minutes"):
        whole = files[name].read_bytes()
        cut = folder / f"cut-{files[name].name}"
        cut.write_bytes(whole[: len(whole) // 2])  # a download that stopped half-way: real bytes, a whole header
        files[f"cut_{name}"] = cut
    files["text"] = folder / "notes.txt"
    files["text"].write_text("Minutes of the meeting: nothing to hear here.\n")
    files["noise"] = folder / "noise.mp3"
    files["noise"].write_bytes(bytes(range(256)) * 64)
    files["empty"] = folder / "empty.wav"
    files["empty"].write_bytes(b"")
    return files


def transcribe(url: str, path: Path, **fields) -> requests.Response:
    with path.open("rb") as handle:
        return requests.post(f"{url}/transcribe", files={"file": (path.name, handle)}, data=fields, timeout=300)


def assert_timed_inside(answer: dict, duration: float) -> None:
    assert answer["segments"], answer
    for segment in answer["segments"]:
        assert 0 <= segment["start"] < segment["end"] <= duration + 0.05, segment
        assert segment["words"], segment
        for word in segment["words"]:
            assert segment["start"] - 0.05 <= word["start"] <= word["end"] <= segment["end"] + 0.05, (word, segment)


# --- /transcribe --------------------------------------------------------------------


@pytest.mark.slow
def test_transcribe_answers_the_speech_timed_inside_the_audio(server, clips, english_speech):
    _, reference = english_speech
    duration = soundfile.info(str(clips["speech"])).duration
    response = transcribe(server.url, clips["speech"])
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["success"] is True and answer["language"] == "en" and answer["model"] == "tiny.en"
    assert answer["duration"] == pytest.approx(duration, abs=0.05)
    assert wer(reference, answer["text"]) < 0.3, answer["text"]
    assert answer["text"] == " ".join(segment["text"] for segment in answer["segments"])
    assert [segment["id"] for segment in answer["segments"]] == list(range(len(answer["segments"])))
    assert_timed_inside(answer, duration)


@pytest.mark.slow
def test_curl_upload_as_the_readme_shows_it(server, clips, english_speech):
    _, reference = english_speech
    done = subprocess.run(["curl", "-F", "file=@speech.wav", f"{server.url}/transcribe"],
                          cwd=clips["speech"].parent, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["success"] is True
    assert wer(reference, answer["text"]) < 0.3, answer["text"]
    # The same file and options give the same transcript whichever client sent it.
    assert answer["segments"] == transcribe(server.url, clips["speech"]).json()["segments"]


@pytest.mark.slow
def test_decoding_options_are_form_fields(server, clips, english_speech):
    _, reference = english_speech
    response = transcribe(server.url, clips["flac"], language="en", task="transcribe", prompt="A budget meeting.",
                          temperature="0", beam_size="1", vad_filter="false", word_timestamps="false",
                          hotwords="budget quarter")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["language"] == "en" and answer["language_probability"] == 1
    assert wer(reference, answer["text"]) < 0.3, answer["text"]
    assert answer["segments"] and all(segment["words"] == [] for segment in answer["segments"])


@pytest.mark.parametrize("fields, param", [
    ({"temperature": "2"}, "temperature"),
    ({"beam_size": "0"}, "beam_size"),
    ({"task": "summarize"}, "task"),
    ({"vad_filter": "perhaps"}, "vad_filter"),
])
def test_a_decoding_option_out_of_range_is_a_400_that_names_it(server, clips, fields, param):
    done_before = server.runner.counts.done
    response = transcribe(server.url, clips["speech"], **fields)
    assert response.status_code == 400, response.text
    assert response.json()["success"] is False and param in response.json()["error"]
    assert server.runner.counts.done == done_before  # refused before any transcription


@pytest.mark.parametrize("clip, fields, status, words", [
    ("text", {}, 400, ["notes.txt", "not an audio or video file"]),
    ("noise", {}, 400, ["noise.mp3"]),
    ("empty", {}, 400, ["empty"]),
    ("cut_speech", {}, 400, ["cut-speech.wav", "truncated", "should last"]),
    ("cut_flac", {}, 400, ["cut-speech.flac", "truncated"]),
    ("cut_six_minutes", {}, 400, ["cut-six-minutes.wav", "truncated", "should last 6:"]),
    ("speech", {"language": "klingon"}, 400, ["unknown language 'klingon'"]),
    ("speech", {"model": "large-v9"}, 404, ["large-v9", "/v1/models"]),
])
def test_bad_uploads_and_fields_get_their_status_and_a_clear_message(server, clips, clip, fields, status, words):
    response = transcribe(server.url, clips[clip], **fields)
    assert response.status_code == status, response.text
    answer = response.json()
    assert answer["success"] is False
    for word in words:
        assert word in answer["error"], answer["error"]
    assert "upload-" not in answer["error"] and "malsori-serve" not in answer["error"]  # the server's own names


def test_a_request_without_a_file_is_a_400(server):
    response = requests.post(f"{server.url}/transcribe", data={"language": "en"}, timeout=30)
    assert response.status_code == 400
    assert response.json() == {"success": False, "error": "file: Field required"}


# --- /health ------------------------------------------------------------------------


@pytest.mark.slow
def test_health_answers_at_once_while_a_long_file_is_transcribed(server, clips):
    assert requests.get(f"{server.url}/health", timeout=5).json()["queue_length"] == 0
    finished: dict[str, requests.Response] = {}
    job = threading.Thread(target=lambda: finished.setdefault("answer", transcribe(server.url, clips["minute"])))
    job.start()
    polls: list[tuple[float, dict]] = []
    while job.is_alive():
        started = time.monotonic()
        health = requests.get(f"{server.url}/health", timeout=5)
        polls.append((time.monotonic() - started, health.json()))
        time.sleep(0.05)
    job.join()
    assert finished["answer"].status_code == 200
    busy = [(seconds, health) for seconds, health in polls if health["queue_length"] == 1]
    assert len(busy) >= 5, polls  # the job ran for a while and /health saw it the whole time
    assert max(seconds for seconds, _ in busy) < 0.5, busy
    assert all(health["status"] == "ok" and health["model"] == "tiny.en" for _, health in busy)
    assert requests.get(f"{server.url}/health", timeout=5).json()["queue_length"] == 0
