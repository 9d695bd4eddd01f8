"""``malsori summarize`` as a person runs it: a real process against the fake vLLM server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from malsori.core.transcript import Segment, Transcript

from tests.fake_vllm import fake_vllm  # noqa: F401 - fixture


def malsori(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "malsori.cli", "summarize", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


def srt(path: Path, lines: list[str]) -> Path:
    cues = [f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{text}\n" for i, text in enumerate(lines)]
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def test_a_korean_json_transcript_is_summarized_in_korean_and_streamed_to_stdout(fake_vllm, tmp_path):
    transcript = Transcript(language="ko").with_segments(
        [Segment(0, 2, "오늘 회의를 시작하겠습니다."), Segment(2, 4, "금요일에 출시하기로 했습니다.")])
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(transcript.to_dict(), ensure_ascii=False), encoding="utf-8")
    done = malsori(str(path), "--server", fake_vllm.base_url, "--model", "test-model")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "The meeting agreed to ship on Friday.\n"
    system, user = fake_vllm.chat_requests[0].body["messages"]
    assert "요약" in user["content"] and "금요일에 출시하기로 했습니다." in user["content"]
    assert "in Korean" in system["content"]


def test_a_long_srt_prints_only_the_combined_answer_and_progress_to_stderr(fake_vllm, tmp_path):
    fake_vllm.models = {"test-model": 700}
    lines = [f"Line {i}: we talked about the budget, the schedule and who does what next." for i in range(60)]
    done = malsori(str(srt(tmp_path / "long.srt", lines)), "--server", fake_vllm.base_url, "--model", "test-model",
                   "--max-tokens", "100")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Combined summary of the parts.\n"
    n = len(fake_vllm.chat_requests)
    assert n >= 3 and f"request {n} of {n}: combining the parts" in done.stderr
    assert all(r.status == 200 for r in fake_vllm.chat_requests)


def test_a_text_file_with_a_custom_prompt_and_a_key_from_the_environment(fake_vllm, tmp_path):
    fake_vllm.api_key = "sk-from-env"
    notes = tmp_path / "notes.txt"
    notes.write_text("first line\nsecond line\n", encoding="utf-8")
    done = malsori(str(notes), "--server", fake_vllm.base_url, "--model", "test-model", "--prompt",
                   "Write a haiku about it.", "--api-key-env", "LLM_KEY", env={"LLM_KEY": "sk-from-env"})
    assert done.returncode == 0, done.stderr
    request = fake_vllm.chat_requests[0]
    assert request.headers["authorization"] == "Bearer sk-from-env"
    assert "Write a haiku about it." in request.body["messages"][-1]["content"]
    assert "first line\nsecond line" in request.body["messages"][-1]["content"]


def test_failures_are_one_line_and_a_nonzero_exit(fake_vllm, tmp_path):
    path = srt(tmp_path / "a.srt", ["Hello there."])
    done = malsori(str(path), "--server", fake_vllm.base_url, "--model", "no-such-model")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("malsori: ") and "no-such-model" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr

    done = malsori(str(tmp_path / "missing.srt"), "--server", fake_vllm.base_url, "--model", "test-model")
    assert done.returncode == 1 and "missing.srt" in done.stderr and "Traceback" not in done.stderr


def test_a_refused_key_names_the_command_line_option_not_the_window(fake_vllm, tmp_path):
    fake_vllm.api_key = "the-right-key"
    path = srt(tmp_path / "a.srt", ["Hello there."])
    for extra, env in (([], {}), (["--api-key-env", "LLM_KEY"], {"LLM_KEY": "a-wrong-key"})):
        done = malsori(str(path), "--server", fake_vllm.base_url, "--model", "test-model", *extra, env=env)
        assert done.returncode == 1 and done.stdout == ""
        assert "401" in done.stderr and "API key" in done.stderr and "--api-key-env" in done.stderr
        assert "LLM settings" not in done.stderr


def test_failures_exit_1_and_only_argparse_usage_errors_exit_2(fake_vllm, tmp_path):
    """README: usage errors (found by argparse) exit 2, every other failure 1."""
    path = srt(tmp_path / "a.srt", ["Hello there."])
    unset = malsori(str(path), "--server", fake_vllm.base_url, "--model", "test-model", "--api-key-env", "NO_SUCH_VAR")
    assert unset.returncode == 1 and "NO_SUCH_VAR" in unset.stderr
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04\x00\x00binary")
    unreadable = malsori(str(notes), "--server", fake_vllm.base_url, "--model", "test-model")
    assert unreadable.returncode == 1 and "notes.docx" in unreadable.stderr and "Traceback" not in unreadable.stderr
    usage = malsori(str(path), "--server", fake_vllm.base_url)  # --model is required
    assert usage.returncode == 2 and "--model" in usage.stderr
    bad_timeout = malsori(str(path), "--server", fake_vllm.base_url, "--model", "test-model", "--timeout", "0")
    assert bad_timeout.returncode == 2 and "--timeout" in bad_timeout.stderr


def test_a_cut_off_stream_keeps_what_was_printed(fake_vllm, tmp_path):
    fake_vllm.drop_after = 3
    done = malsori(str(srt(tmp_path / "a.srt", ["Hello there."])), "--server", fake_vllm.base_url, "--model",
                   "test-model")
    assert done.returncode == 1
    assert done.stdout == "The meeting agreed\n" and "closed in the middle" in done.stderr
