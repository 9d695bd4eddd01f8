"""The Remote engine in the window: the model panel's rows, the privacy badge, and jobs sent to a real server.

The server is the real ``malsori serve`` app (tiny.en on the CPU) under uvicorn
on 127.0.0.1, with an API key, so the key typed in the panel (kept in an
in-memory keyring) is what lets the requests in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from malsori.core.project import ProjectStore
from malsori.core.queue_store import QueueStore
from malsori.core.remote_engine import RemoteTranscriber
from malsori.ui.jobs import Status
from malsori.ui.main_window import MainWindow
from malsori.ui.options_panel import OptionsPanel
from malsori.ui.settings import Settings

from tests.fake_hub import free_port
from tests.gui.editor_fixtures import meeting_transcript
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 - fixture
from tests.server.conftest import RunningServer, running_server
from tests.speech import JFK_TEXT, speak, wer

KEY = "sk-remote-test"
TIMEOUT_MS = 90_000


@pytest.fixture(autouse=True)
def _keyring(memory_keyring: MemoryKeyring) -> MemoryKeyring:  # noqa: F811 - the imported fixture
    """No test reads or writes the machine's keyring."""
    return memory_keyring


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with running_server(api_key=KEY) as running:
        yield running


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(tmp_path / "malsori.ini")
    settings.set("model/name", "tiny.en")
    settings.set("transcribe/device", "cpu")
    return settings


@pytest.fixture
def make_panel(qtbot, settings: Settings):
    panels: list[OptionsPanel] = []

    def make(from_settings: Settings | None = None) -> OptionsPanel:
        panel = OptionsPanel(from_settings or settings)
        qtbot.addWidget(panel)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


@pytest.fixture
def window(qtbot, settings: Settings, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(settings, ProjectStore(tmp_path / "projects"), queue_store=QueueStore(tmp_path / "queue"))
    qtbot.addWidget(win, before_close_func=lambda w: _stop(qtbot, w))
    win.show()
    yield win
    win.close()


def _stop(qtbot, window: MainWindow) -> None:
    if window.isVisible():
        window.cancel_all()
        qtbot.waitUntil(lambda: all(j.status.finished for j in window.queue.jobs), timeout=TIMEOUT_MS)


def choose_remote(panel: OptionsPanel, servers: str, model: str = "", key: str = "") -> None:
    """What a person does: choose Remote, type the address (Enter), the model and the key."""
    panel.engine_combo.setCurrentIndex(panel.engine_combo.findData("remote"))
    rows = panel.remote
    rows.servers_edit.setText(servers)
    rows.servers_edit.editingFinished.emit()
    rows.model_combo.setCurrentText(model)
    rows.model_combo.lineEdit().editingFinished.emit()
    rows.key_edit.setText(key)
    rows.key_edit.editingFinished.emit()


def test_the_engine_choice_persists_and_the_key_goes_to_the_keyring_only(make_panel, settings, _keyring):
    panel = make_panel()
    assert panel.engine() == "local" and panel.remote.badge.isHidden()
    choose_remote(panel, "gpu-box:8001, gpu-box-2:8001/v1/audio/transcriptions", "large-v3", "sk-secret")
    panel.remote.concurrency_spin.setValue(6)
    assert panel.engine_problem() is None
    assert not panel.model_combo.isVisibleTo(panel) and not panel.device_combo.isVisibleTo(panel)
    assert not panel.beam_spin.isEnabled() and panel.language_combo.isEnabled()

    again = make_panel(Settings(settings.path))  # the next launch
    assert again.engine() == "remote"
    config = again.remote.config()
    assert config.servers == ("http://gpu-box:8001/v1", "http://gpu-box-2:8001/v1")
    assert (config.model, config.concurrency, config.api_key) == ("large-v3", 6, "sk-secret")
    assert again.remote.key_edit.text() == "sk-secret"
    assert _keyring.passwords[("malsori", "http://gpu-box:8001/v1")] == "sk-secret"
    assert "sk-secret" not in settings.path.read_text()

    again.engine_combo.setCurrentIndex(again.engine_combo.findData("local"))
    assert make_panel(Settings(settings.path)).engine() == "local"


def test_another_server_never_gets_the_last_ones_key(make_panel, _keyring):
    panel = make_panel()
    choose_remote(panel, "gpu-a:8001", "base", "sk-for-a")
    panel.remote.servers_edit.setText("gpu-b:8001")
    assert panel.remote.key_edit.text() == ""
    panel.remote.servers_edit.editingFinished.emit()
    assert panel.remote.config().api_key is None
    panel.remote.servers_edit.setText("gpu-a:8001")
    assert panel.remote.key_edit.text() == "sk-for-a"


def test_an_invalid_address_is_shown_inline_and_the_jobs_wait_for_a_valid_one(qtbot, window, tmp_path):
    panel = window.options_panel
    choose_remote(panel, "ftp://gpu-box", "base")
    assert panel.remote.servers_error.isVisibleTo(panel)
    assert "ftp://gpu-box" in panel.remote.servers_error.text()
    speech = speak("Hello there.", tmp_path / "hello.wav")
    job = window.add_paths([speech])[0]
    qtbot.wait(300)
    assert job.status is Status.QUEUED
    assert window.worker._transcriber is None  # nothing was sent anywhere, nothing was loaded
    message = window.statusBar().currentMessage()
    assert "ftp://gpu-box" in message and "waiting" in message

    panel.remote.servers_edit.setText("gpu-box:8001")  # typed, not yet committed: still waiting
    assert panel.remote.servers_error.isHidden()
    qtbot.wait(100)
    assert job.status is Status.QUEUED and "ftp://gpu-box" in window.statusBar().currentMessage()
    window.cancel_all()


def test_the_badge_names_the_hosts_while_remote_is_chosen(window):
    panel = window.options_panel
    assert window.engine_badge.isHidden()
    choose_remote(panel, "gpu-box:8001, 10.1.2.3:9000", "base")
    for badge in (window.engine_badge, panel.remote.badge):
        assert badge.isVisibleTo(window)
        assert badge.text() == "Remote: audio is sent to gpu-box:8001, 10.1.2.3:9000"
    assert window.model_label.text() == "Model: base (on the server)" and window.device_label.isHidden()
    assert "gpu-box:8001" in window.drop_zone.hint.text()
    choose_remote(panel, "ftp://gpu-box", "base")  # no longer names the hosts it would not send to
    assert window.engine_badge.text() == panel.remote.badge.text() == "Remote: no valid server address yet"
    choose_remote(panel, "gpu-box:8001", "base")
    panel.engine_combo.setCurrentIndex(panel.engine_combo.findData("local"))
    assert window.engine_badge.isHidden() and panel.remote.badge.isHidden()
    assert window.model_label.text() == "Model: tiny.en" and not window.device_label.isHidden()
    assert "stays on this computer" in window.drop_zone.hint.text()


def test_test_connection_lists_the_servers_models(qtbot, make_panel, server):
    panel = make_panel()
    choose_remote(panel, server.url + "/v1", key=KEY)
    rows = panel.remote
    rows.test_button.click()
    assert not rows.test_button.isEnabled()  # asked on a worker thread: the panel answers meanwhile
    qtbot.waitUntil(lambda: rows.test_button.isEnabled(), timeout=20_000)
    listed = [rows.model_combo.itemText(i) for i in range(rows.model_combo.count())]
    assert listed[0] == "tiny.en"  # the model the server runs, then the others it can load
    assert rows.model() == "tiny.en"  # none was chosen: the first one is now
    assert "Connected" in rows.test_result.text() and rows.test_result.isVisibleTo(panel)
    assert rows.config().model == "tiny.en"


def test_test_connection_says_what_is_wrong(qtbot, make_panel, server):
    panel = make_panel()
    rows = panel.remote
    choose_remote(panel, server.url, "tiny.en", key="sk-wrong")
    rows.test_button.click()
    qtbot.waitUntil(lambda: rows.test_button.isEnabled(), timeout=20_000)
    assert "API key" in rows.test_result.text()

    port = free_port()
    choose_remote(panel, f"127.0.0.1:{port}", "tiny.en")
    rows.test_button.click()
    qtbot.waitUntil(lambda: rows.test_button.isEnabled(), timeout=20_000)
    text = rows.test_result.text()
    assert f"127.0.0.1:{port}" in text and "refused" in text and "✓" not in text


def test_closing_during_a_test_connection_stops_it(qtbot, make_panel, server):
    panel = make_panel()
    choose_remote(panel, server.url, "tiny.en", key=KEY)
    panel.remote.test_button.click()
    panel.shutdown()
    assert not panel.remote.worker.is_busy()


@pytest.mark.slow
def test_a_job_through_the_window_runs_on_the_server_and_never_falls_back(qtbot, window, server, tmp_path):
    speech = speak(JFK_TEXT, tmp_path / "jfk.wav")
    panel = window.options_panel
    choose_remote(panel, server.url, "tiny.en", KEY)
    job = window.add_paths([speech])[0]
    qtbot.waitUntil(lambda: job.status.finished, timeout=TIMEOUT_MS)
    assert job.status is Status.DONE, job.error
    transcript = job.transcript
    host = server.url.removeprefix("http://")
    assert transcript.options["engine"] == "remote" and transcript.options["servers"] == [host]
    assert wer(JFK_TEXT, transcript.text) < 0.3
    assert isinstance(window.worker._transcriber, RemoteTranscriber)
    first = window.worker._transcriber

    editor = window.edit_selected()  # malsori serve gives word timings: no note
    qtbot.addWidget(editor)
    assert editor.timing_note.isHidden()
    editor.close()

    window.retry_selected()  # the same configuration: the same transcriber
    qtbot.waitUntil(lambda: job.status.finished, timeout=TIMEOUT_MS)
    assert job.status is Status.DONE and window.worker._transcriber is first

    choose_remote(panel, f"127.0.0.1:{free_port()}", "tiny.en")  # nothing listens there
    window.retry_selected()
    qtbot.waitUntil(lambda: job.status.finished, timeout=TIMEOUT_MS)
    assert job.status is Status.FAILED and "refused" in job.error
    assert isinstance(window.worker._transcriber, RemoteTranscriber)  # no local model was loaded instead


@pytest.mark.parametrize("options, shown", [
    ({"engine": "remote", "timing": "segment", "confidence": "segment"}, "per segment"),
    ({"engine": "remote", "timing": "text", "confidence": "none"}, "no review marks"),
    ({"engine": "remote", "timing": "word", "confidence": "segment"}, "each segment's confidence"),
    ({"engine": "remote", "timing": "word", "confidence": "word"}, None),
    ({}, None),
])
def test_the_editor_says_when_review_marks_cannot_point_at_words(make_editor, options, shown):
    editor = make_editor(dataclasses.replace(meeting_transcript(), options=options))
    if shown is None:
        assert editor.timing_note.isHidden()
    else:
        assert editor.timing_note.isVisibleTo(editor) and shown in editor.timing_note.text()

