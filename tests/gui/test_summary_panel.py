"""The summary panel and the LLM settings dialog, offscreen, against the fake vLLM server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from malsori.core import api_keys
from malsori.core.llm import normalize_base_url
from malsori.ui.llm_settings import LlmSettingsDialog
from malsori.ui.settings import Settings
from malsori.ui.summary_panel import SummaryPanel
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from tests.fake_vllm import FakeVllm, fake_vllm  # noqa: F401 - fixture
from tests.memory_keyring import MemoryKeyring, memory_keyring  # noqa: F401 - fixture

TEXT = "We reviewed the budget.\nThe launch moves to Friday.\nMina writes the release notes."


@pytest.fixture
def settings(tmp_path: Path, fake_vllm: FakeVllm, memory_keyring: MemoryKeyring) -> Settings:
    settings = Settings(tmp_path / "config" / "malsori.ini")
    settings.set("llm/base_url", fake_vllm.base_url)
    settings.set("llm/model", "test-model")
    return settings


@pytest.fixture
def panel(qtbot, settings: Settings) -> SummaryPanel:
    panel = SummaryPanel(settings)
    qtbot.addWidget(panel)
    panel.resize(520, 560)
    panel.show()
    panel.set_source(TEXT, "en")
    yield panel
    panel.shutdown()


def test_the_answer_streams_into_the_panel_and_can_be_kept(qtbot, panel, fake_vllm, tmp_path, monkeypatch):
    fake_vllm.reply = lambda body: "Budget reviewed, launch on Friday, Mina writes the notes."
    fake_vllm.token_delay = 0.08
    assert panel.source_label.text().startswith("3 segment") and not fake_vllm.requests  # nothing sent before Run
    panel.run_button.click()
    assert panel.is_running() and not panel.run_button.isEnabled() and panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: panel.text().startswith("Budget reviewed,"), timeout=3000)
    assert panel.is_running()  # shown while it is still being written
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=5000)
    assert panel.text() == "Budget reviewed, launch on Friday, Mina writes the notes."
    assert panel.status_label.text() == "Done." and panel.error_text() == ""
    user = fake_vllm.chat_requests[0].body["messages"][-1]["content"]
    assert "Summarize" in user and "Mina writes the release notes." in user

    with qtbot.waitSignal(panel.save_requested) as saved:
        panel.save_button.click()
    result = saved.args[0]
    assert result["text"] == panel.text() and result["action"] == "summarize" and result["model"] == "test-model"
    assert result["prompt"].startswith("Summarize") and abs(result["created"] - time.time()) < 60

    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == panel.text()

    target = tmp_path / "answer"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    panel.export_button.click()
    written = (tmp_path / "answer.md").read_text(encoding="utf-8")
    assert written.startswith("# Summarize\n\nBudget reviewed,") and "test-model" in written
    assert list(tmp_path.glob(".*.tmp")) == []


def test_stop_mid_stream_keeps_the_text_and_answers_at_once(qtbot, panel, fake_vllm):
    fake_vllm.stall_after = 3  # the server goes silent after three words
    panel.run()
    qtbot.waitUntil(lambda: panel.text() == "The meeting agreed", timeout=3000)
    started = time.monotonic()
    panel.stop_button.click()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=1000)
    assert time.monotonic() - started < 1.0
    assert panel.text() == "The meeting agreed" and panel.status_label.text().startswith("Stopped")
    assert panel.error_text() == "" and panel.run_button.isEnabled() and panel.save_button.isEnabled()


def test_a_disconnect_shows_a_clear_error_and_keeps_the_partial_answer(qtbot, panel, fake_vllm):
    fake_vllm.drop_after = 2
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert panel.text() == "The meeting"
    assert panel.error_text().startswith("Answer cut off\nThe connection closed in the middle of the answer")


def test_an_unknown_model_is_explained_in_the_panel(qtbot, panel, settings, message_boxes):
    settings.set("llm/model", "llama-99b")
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert panel.error_text().startswith("Unknown model") and "llama-99b" in panel.error_text()
    assert "test-model" in panel.error_text() and message_boxes == []  # in the panel, not a modal box


def test_a_missing_server_address_sends_nothing(qtbot, panel, settings, fake_vllm):
    settings.set("llm/base_url", "")
    panel.run()
    assert not panel.is_running() and panel.error_text().startswith("Check the LLM settings")
    assert fake_vllm.requests == []


def test_the_key_from_the_keyring_is_sent(qtbot, panel, fake_vllm):
    fake_vllm.api_key = "sk-panel"
    api_keys.store(normalize_base_url(fake_vllm.base_url), "sk-panel")
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert panel.error_text() == "" and fake_vllm.chat_requests[0].headers["authorization"] == "Bearer sk-panel"


def test_a_long_selection_shows_progress_and_ends_with_the_combined_answer(qtbot, panel, fake_vllm, settings):
    fake_vllm.models = {"test-model": 700}
    settings.set("llm/max_tokens", 100)
    panel.set_source("\n".join(f"Point {i}: the budget, the schedule and the owners were discussed." for i in range(60)),
                     "en")
    totals: list[int] = []
    panel.worker.step.connect(lambda step: totals.append(step.total))
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=5000)
    n = len(fake_vllm.chat_requests)
    assert n >= 3 and all(r.status == 200 for r in fake_vllm.chat_requests) and totals[-1] == n
    assert panel.text() == "Combined summary of the parts." and panel.error_text() == ""


def test_translate_and_custom_prompts(qtbot, panel, fake_vllm):
    panel.action_combo.setCurrentIndex(panel.action_combo.findData("translate"))
    assert panel.target_combo.isVisibleTo(panel) and not panel.custom_edit.isVisibleTo(panel)
    panel.target_combo.setCurrentIndex(panel.target_combo.findData("ko"))
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert "Translate this transcript into Korean." in fake_vllm.chat_requests[-1].body["messages"][-1]["content"]

    panel.action_combo.setCurrentIndex(panel.action_combo.findData("custom"))
    assert panel.custom_edit.isVisibleTo(panel)
    panel.custom_edit.setPlainText("")
    panel.run()
    assert not panel.is_running() and panel.error_text().startswith("The prompt is empty")
    panel.custom_edit.setPlainText("List every date mentioned.")
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert "List every date mentioned." in fake_vllm.chat_requests[-1].body["messages"][-1]["content"]


# --- the settings dialog ----------------------------------------------------------------


def test_the_dialog_lists_models_tests_the_connection_and_keeps_the_key_out_of_the_file(
        qtbot, settings, fake_vllm, memory_keyring):
    fake_vllm.models = {"qwen2.5-7b": 32768, "test-model": 4096}
    fake_vllm.api_key = "sk-dialog-key"
    dialog = LlmSettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.key_edit.setText("sk-dialog-key")
    dialog.refresh_button.click()
    qtbot.waitUntil(lambda: dialog.model_combo.count() == 2, timeout=3000)
    dialog.model_combo.setCurrentText("qwen2.5-7b")
    assert dialog.context_label.text() == "Context: 32,768 tokens"
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✓ Connected: qwen2.5-7b"), timeout=3000)
    assert fake_vllm.chat_requests[-1].body["max_tokens"] == 1

    dialog.template_action.setCurrentIndex(dialog.template_action.findData("summarize"))
    dialog.template_edit.setPlainText("Summarize in three bullet points.")
    dialog.accept()
    url = normalize_base_url(fake_vllm.base_url)
    assert memory_keyring.passwords[("malsori", url)] == "sk-dialog-key"
    assert settings.get("llm/model", "") == "qwen2.5-7b"
    assert "sk-dialog-key" not in settings.path.read_text(encoding="utf-8")

    panel = SummaryPanel(settings)
    qtbot.addWidget(panel)
    panel.set_source(TEXT, "en")
    panel.run()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=3000)
    assert "Summarize in three bullet points." in fake_vllm.chat_requests[-1].body["messages"][-1]["content"]
    panel.shutdown()


def test_the_dialog_explains_a_failed_connection(qtbot, settings, fake_vllm):
    fake_vllm.stop()
    dialog = LlmSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Cannot reach the server" in dialog.result_label.text(), timeout=3000)
    assert "refused the connection" in dialog.result_label.text() and dialog.test_button.isEnabled()
    dialog.url_edit.setText("ftp://nowhere")
    dialog.accept()
    assert dialog.isVisible() is False and dialog.result() == 0  # not accepted
    assert "Check the LLM settings" in dialog.result_label.text()


def test_test_connection_with_no_model_chosen_picks_the_servers_only_model(qtbot, settings, fake_vllm):
    settings.set("llm/model", "")
    fake_vllm.models = {"only-model": 8192}
    dialog = LlmSettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.model_combo.currentText() == ""
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and "Asking" not in dialog.result_label.text(), timeout=3000)
    assert dialog.result_label.text().startswith("✓ Connected: only-model answered in")
    assert "only model, so it is now chosen" in dialog.result_label.text()
    assert "“”" not in dialog.result_label.text()
    assert dialog.model_combo.currentText() == "only-model"
    assert fake_vllm.chat_requests[-1].body["model"] == "only-model"
    dialog.accept()
    assert settings.get("llm/model", "") == "only-model"


def test_test_connection_with_no_model_chosen_among_several_asks_which(qtbot, settings, fake_vllm):
    settings.set("llm/model", "")
    fake_vllm.models = {"qwen2.5-7b": 32768, "llama-3-8b": 8192}
    dialog = LlmSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled() and "Asking" not in dialog.result_label.text(), timeout=3000)
    text = dialog.result_label.text()
    assert "No model is chosen and the server has 2: qwen2.5-7b, llama-3-8b" in text and "“”" not in text
    assert dialog.model_combo.count() == 2 and dialog.model_combo.currentText() == ""  # listed, left to choose
    assert dialog.context_label.text().startswith("Choose one of the server's 2 model")
    assert fake_vllm.chat_requests == []  # nothing asked of a model nobody chose
