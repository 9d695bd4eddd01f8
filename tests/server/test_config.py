"""``malsori serve``'s flags and ServerConfig's checks: fast, no model, no server."""

from __future__ import annotations

import argparse

import pytest

from malsori.cli import build_parser
from malsori.core.llm import LlmConfig
from malsori.server.config import ConfigError, ServerConfig, is_loopback, web_origin
from malsori.server.serve import config_from


def parse(*flags: str) -> argparse.Namespace:
    return build_parser().parse_args(["serve", *flags])


def serve_help() -> str:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices["serve"].format_help()


def test_help_says_what_each_flag_is_for_in_groups():
    text = serve_help()
    for heading in ("where and with what:", "who may call it:", "limits:", "examples:"):
        assert heading in text, text
    for flag in ("--host", "--port", "--model", "--cpu-threads", "--api-key-env", "--cors-origin", "--max-upload-mb", "--max-minutes",
                 "--max-queue", "--shutdown-grace", "--llm-server", "--log-level"):
        assert flag in text
    assert "/docs" in text and "/health" in text and "503" in text and "Authorization: Bearer" in text
    assert "(default 8)" in text and "default 1024" in text  # defaults come from ServerConfig


@pytest.mark.parametrize("flags, says", [
    (["--port", "0"], "at least 1"),
    (["--port", "65536"], "at most 65535"),
    (["--port", "http"], "not a whole number"),
    (["--max-queue", "-1"], "at least 0"),
    (["--cpu-threads", "-1"], "at least 0"),
    (["--cpu-threads", "two"], "not a whole number"),
    (["--max-upload-mb", "0"], "at least 1"),
    (["--max-minutes", "1.5"], "not a whole number"),
    (["--shutdown-grace", "-3"], "above 0"),
    (["--shutdown-grace", "nan"], "above 0"),
    (["--cors-origin", "app.example.com"], "not a web origin"),
    (["--cors-origin", "https://app.example.com/page"], "not a web origin"),
    (["--device", "tpu"], "invalid choice"),
    (["--log-level", "loud"], "invalid choice"),
])
def test_a_bad_flag_value_is_a_usage_error_that_names_it(capsys, flags, says):
    with pytest.raises(SystemExit) as exit:
        parse(*flags)
    assert exit.value.code == 2
    error = capsys.readouterr().err
    assert flags[0] in error and says in error, error


def test_flags_become_the_config():
    config = config_from(parse("--port", "9000", "--max-upload-mb", "5", "--max-minutes", "0", "--max-queue", "0",
                               "--shutdown-grace", "2.5", "--cors-origin", "https://App.Example:8443",
                               "--cors-origin", "*", "--model", "tiny.en"))
    assert (config.port, config.max_upload_bytes, config.max_duration_s, config.max_queue) == (9000, 5 << 20, None, 0)
    assert config.shutdown_grace_s == 2.5 and config.model == "tiny.en"
    assert config.cors_origins == ("https://app.example:8443", "*")
    assert config.api_key is None and config.llm is None
    assert config_from(parse()).max_duration_s == 240 * 60


def test_cpu_threads_reach_the_runners_transcriber():
    from malsori.server.runner import Runner

    assert config_from(parse()).cpu_threads == 0  # CTranslate2's own default
    runner = Runner(config_from(parse("--cpu-threads", "1", "--model", "tiny.en", "--device", "cpu")))
    assert (runner._transcriber.cpu_threads, runner._transcriber.model_name) == (1, "tiny.en")


def test_the_api_key_comes_from_the_variable_it_names(monkeypatch):
    monkeypatch.setenv("MALSORI_KEY", "  s3cret-key \n")
    config = config_from(parse("--host", "0.0.0.0", "--api-key-env", "MALSORI_KEY"))
    assert config.api_key == "s3cret-key"
    monkeypatch.setenv("MALSORI_KEY", "   ")
    with pytest.raises(ConfigError, match="MALSORI_KEY: that environment variable is not set or empty"):
        config_from(parse("--api-key-env", "MALSORI_KEY"))
    monkeypatch.delenv("MALSORI_KEY")
    with pytest.raises(ConfigError, match="not set"):
        config_from(parse("--api-key-env", "MALSORI_KEY"))


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "my-host.example", "[::]"])
def test_a_host_others_can_reach_needs_a_key(host):
    assert not is_loopback(host)
    with pytest.raises(ConfigError, match="--api-key-env"):
        ServerConfig(host=host).check()
    ServerConfig(host=host, api_key="k").check()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1", "[::1]"])
def test_loopback_needs_no_key(host):
    assert is_loopback(host)
    ServerConfig(host=host).check()


@pytest.mark.parametrize("fields, says", [
    ({"port": 0}, "--port"),
    ({"max_upload_bytes": 0}, "--max-upload-mb"),
    ({"max_queue": -1}, "--max-queue"),
    ({"cpu_threads": -1}, "--cpu-threads"),
    ({"max_duration_s": 0.0}, "--max-minutes"),
    ({"max_duration_s": float("nan")}, "--max-minutes"),
    ({"shutdown_grace_s": -1.0}, "--shutdown-grace"),
    ({"shutdown_grace_s": float("inf")}, "--shutdown-grace"),
    ({"cors_origins": ("ftp://files.example",)}, "--cors-origin"),
])
def test_config_check_refuses_what_cannot_work(fields, says):
    with pytest.raises(ConfigError, match=says):
        ServerConfig(**fields).check()


def test_web_origins():
    assert web_origin("http://localhost:3000") == "http://localhost:3000"
    assert web_origin("HTTPS://App.Example.com/") == "https://app.example.com"
    assert web_origin("*") == "*"
    for bad in ("localhost:3000", "https://", "https://a.example/x", "https://u:p@a.example", "https://a.example?q"):
        with pytest.raises(ValueError, match="not a web origin"):
            web_origin(bad)


def test_repr_leaves_out_both_keys():
    llm = LlmConfig("http://127.0.0.1:9/v1", "m", api_key="llm-key-4567")
    config = ServerConfig(api_key="server-key-0123", llm=llm)
    assert "server-key-0123" not in repr(config) and "llm-key-4567" not in repr(config)
    assert "host='127.0.0.1'" in repr(config)  # the rest is there


def test_the_llm_flags_become_its_config_and_its_messages_name_them():
    from malsori.core import prompts
    from malsori.core.llm import LlmClient, LlmError
    from malsori.core.summarize import text_budget

    config = config_from(parse("--llm-server", "gpu-box:8000", "--llm-model", "qwen", "--llm-timeout", "30",
                               "--llm-max-tokens", "4000"))
    assert config.llm.base_url == "http://gpu-box:8000/v1" and config.llm.model == "qwen"
    assert config.llm.max_tokens == 4000 and config.llm.first_token_timeout == 30
    task = prompts.task_for(prompts.CUSTOM, "Summarize the following text.", "en", "en")
    with pytest.raises(LlmError, match="Lower malsori serve's --llm-max-tokens"):  # 4000 of a 4096 context
        text_budget(prompts.messages(task, "", (999, 999)), 4096, LlmClient(config.llm).config)
    with pytest.raises(ConfigError, match="--llm-model"):
        config_from(parse("--llm-server", "gpu-box:8000"))
