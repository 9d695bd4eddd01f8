"""The LLM server's settings: where it is, which model, how to ask, and the prompt templates.

Everything but the API key lives in the settings file (QSettings INI); the key
goes only to the system keyring (:mod:`malsori.core.api_keys`), never to the
file or the log. The dialog talks to the server only when the person presses
"Refresh" or "Test connection", on a worker thread, so it never freezes.
"""

from __future__ import annotations

import dataclasses
import html
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core import api_keys, prompts
from ..core.llm import (
    Kind,
    LlmClient,
    LlmConfig,
    LlmError,
    ModelInfo,
    normalize_base_url,
)
from .llm_worker import LlmWorker
from .settings import Settings

DEFAULTS = LlmConfig("")


# --- stored values ---------------------------------------------------------------------------


def base_url(settings: Settings) -> str:
    return settings.get("llm/base_url", "")


def load_config(settings: Settings) -> LlmConfig:
    """The configuration to send requests with; the key comes from the keyring.
    Raises LlmError (CONFIG) when no valid server address is set."""
    url = normalize_base_url(base_url(settings))
    timeout = settings.get("llm/timeout", DEFAULTS.first_token_timeout)
    return LlmConfig(
        url,
        settings.get("llm/model", ""),
        api_key=api_keys.get(url),
        first_token_timeout=timeout,
        read_timeout=timeout,
        temperature=settings.get("llm/temperature", DEFAULTS.temperature),
        max_tokens=settings.get("llm/max_tokens", DEFAULTS.max_tokens),
    )


def _template_key(action: str, language: str) -> str:
    return f"llm/templates/{action}/{language}"


def template(settings: Settings, action: str, language: str) -> str:
    """The person's template for ``action`` in ``language`` ("en"/"ko"), else the default."""
    return settings.get(_template_key(action, language), "") or prompts.DEFAULTS[action][language]


def store_template(settings: Settings, action: str, language: str, text: str) -> None:
    """Keep an edited template; one equal to the default is stored as "use the default"."""
    settings.set(_template_key(action, language), "" if text.strip() == prompts.DEFAULTS[action][language] else text)


def pick_model(models: list[ModelInfo], wanted: str) -> ModelInfo:
    """The model to talk to: the one chosen or, when none is chosen, the server's
    only model (there is nothing else it could mean). Raises LlmError that names
    the server's models when the choice is wrong (MODEL) or missing among several (CONFIG)."""
    names = ", ".join(m.id for m in models)
    if wanted:
        info = next((m for m in models if m.id == wanted), None)
        if info is None:
            raise LlmError(Kind.MODEL, QCoreApplication.translate(
                "LlmError", "The server has no model named “{model}” (it has: {names}).").format(
                    model=wanted, names=names or QCoreApplication.translate("LlmError", "none")))
        return info
    if len(models) == 1:
        return models[0]
    if not models:
        raise LlmError(Kind.MODEL, QCoreApplication.translate("LlmError", "The server lists no models."))
    raise LlmError(Kind.CONFIG, QCoreApplication.translate(
        "LlmError", "No model is chosen and the server has {n}: {names}. Choose one in the Model list.").format(
            n=len(models), names=names))


def error_title(kind: Kind) -> str:
    """A short headline for a failure, in the interface language (the core's
    message below it says what happened and what to do)."""
    titles = {
        Kind.CONFIG: QCoreApplication.translate("LlmError", "Check the LLM settings"),
        Kind.CONNECT: QCoreApplication.translate("LlmError", "Cannot reach the server"),
        Kind.DNS: QCoreApplication.translate("LlmError", "Server name not found"),
        Kind.TLS: QCoreApplication.translate("LlmError", "Secure connection failed"),
        Kind.AUTH: QCoreApplication.translate("LlmError", "API key refused"),
        Kind.MODEL: QCoreApplication.translate("LlmError", "Unknown model"),
        Kind.NOT_FOUND: QCoreApplication.translate("LlmError", "Wrong server address"),
        Kind.CONTEXT: QCoreApplication.translate("LlmError", "Text too long for the model"),
        Kind.REQUEST: QCoreApplication.translate("LlmError", "Request rejected"),
        Kind.REDIRECT: QCoreApplication.translate("LlmError", "Redirect refused"),
        Kind.BUSY: QCoreApplication.translate("LlmError", "Server busy"),
        Kind.SERVER: QCoreApplication.translate("LlmError", "Server error"),
        Kind.TIMEOUT: QCoreApplication.translate("LlmError", "No answer in time"),
        Kind.STREAM: QCoreApplication.translate("LlmError", "Answer cut off"),
        Kind.MALFORMED: QCoreApplication.translate("LlmError", "Unexpected answer from the server"),
        Kind.CANCELLED: QCoreApplication.translate("LlmError", "Stopped"),
    }
    return titles[kind]


def action_names() -> dict[str, str]:
    """The actions' names in the interface language."""
    return {
        prompts.SUMMARIZE: QCoreApplication.translate("LlmAction", "Summarize"),
        prompts.ACTION_ITEMS: QCoreApplication.translate("LlmAction", "Action items"),
        prompts.KEY_POINTS: QCoreApplication.translate("LlmAction", "Key points"),
        prompts.TRANSLATE: QCoreApplication.translate("LlmAction", "Translate to…"),
        prompts.CUSTOM: QCoreApplication.translate("LlmAction", "Custom prompt"),
    }


# --- the dialog ------------------------------------------------------------------------------


class LlmSettingsDialog(QDialog):
    """Server address, API key, model (from GET /models, with its context length),
    timeout, temperature, answer length, the editable templates, and a connection test."""

    TEMPLATE_ACTIONS = tuple(a for a in prompts.ACTIONS if a != prompts.CUSTOM)

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.worker = LlmWorker()
        self.worker.finished.connect(self._request_done)
        self.worker.failed.connect(self._request_failed)
        self._pending = ""  # "models" or "test"
        self._contexts: dict[str, int | None] = {}
        self._templates = {(a, lang): template(settings, a, lang)
                           for a in self.TEMPLATE_ACTIONS for lang in prompts.TEMPLATE_LANGUAGES}
        self._shown_template: tuple[str, str] | None = None

        self.url_edit = QLineEdit(base_url(settings))
        self.url_edit.setPlaceholderText("http://gpu-box:8000/v1")
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setText(self._key_for(self.url_edit.text()) or "")
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.setMinimumContentsLength(24)
        saved_model = settings.get("llm/model", "")
        if saved_model:
            self.model_combo.addItem(saved_model)
        self.model_combo.setCurrentText(saved_model)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_models)
        self.context_label = QLabel()
        self.timeout_spin = QSpinBox()
        self.timeout_spin.setRange(5, 3600)
        self.timeout_spin.setValue(int(settings.get("llm/timeout", DEFAULTS.first_token_timeout)))
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.0, 2.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setValue(settings.get("llm/temperature", DEFAULTS.temperature))
        self.max_tokens_spin = QSpinBox()
        self.max_tokens_spin.setRange(16, 131072)
        self.max_tokens_spin.setSingleStep(256)
        self.max_tokens_spin.setValue(settings.get("llm/max_tokens", DEFAULTS.max_tokens))
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.template_action = QComboBox()
        self.template_language = QComboBox()
        for lang in prompts.TEMPLATE_LANGUAGES:
            self.template_language.addItem("", lang)
        self.template_edit = QPlainTextEdit()
        self.template_edit.setMinimumHeight(90)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self._restore_template)
        self.template_hint = QLabel()
        self.template_hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.refresh_button)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]  # texts set in retranslate_ui
        url_label, key_label, model_label, timeout_label, temperature_label, max_tokens_label = self.form_labels
        self.form.addRow(url_label, self.url_edit)
        self.form.addRow(key_label, self.key_edit)
        self.form.addRow("", self.key_note)
        self.form.addRow(model_label, model_row)
        self.form.addRow("", self.context_label)
        self.form.addRow(timeout_label, self.timeout_spin)
        self.form.addRow(temperature_label, self.temperature_spin)
        self.form.addRow(max_tokens_label, self.max_tokens_spin)
        self.server_box = QGroupBox()
        server_layout = QVBoxLayout(self.server_box)
        server_layout.addLayout(self.form)
        server_layout.addLayout(test_row)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_action, 1)
        template_row.addWidget(self.template_language)
        template_row.addWidget(self.restore_button)
        self.template_box = QGroupBox()
        template_layout = QVBoxLayout(self.template_box)
        template_layout.addLayout(template_row)
        template_layout.addWidget(self.template_edit)
        template_layout.addWidget(self.template_hint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_box)
        layout.addWidget(self.template_box, 1)
        layout.addWidget(self.buttons)

        self.retranslate_ui()
        self.template_action.currentIndexChanged.connect(self._show_template)
        self.template_language.currentIndexChanged.connect(self._show_template)
        self.model_combo.currentTextChanged.connect(self._show_context)
        self._show_template()
        self._show_context()
        self.resize(620, 640)

    # --- texts ---

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("LLM server"))
        self.server_box.setTitle(self.tr("Your vLLM server (OpenAI-compatible)"))
        texts = (self.tr("Server address:"), self.tr("API key:"), self.tr("Model:"), self.tr("Timeout:"),
                 self.tr("Temperature:"), self.tr("Max output tokens:"))
        for label, text in zip(self.form_labels, texts):
            label.setText(text)
        self.key_edit.setPlaceholderText(self.tr("optional"))
        self.key_note.setText(self.tr("Kept in the system keyring, never in the settings file.")
                              if api_keys.keyring_available() else
                              self.tr("No system keyring was found: the key is kept only until Malsori closes."))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Ask the server for its models"))
        self.timeout_spin.setSuffix(self.tr(" s"))
        self.timeout_spin.setToolTip(self.tr("How long to wait for the answer to start, and for each next piece"))
        self.max_tokens_spin.setToolTip(self.tr("The longest answer; this much of the model's context is kept free for it"))
        self.test_button.setText(self.tr("Test connection"))
        self.template_box.setTitle(self.tr("Prompt templates"))
        names = action_names()
        current = self.template_action.currentData()
        self.template_action.blockSignals(True)
        self.template_action.clear()
        for action in self.TEMPLATE_ACTIONS:
            self.template_action.addItem(names[action], action)
        if current:
            self.template_action.setCurrentIndex(self.TEMPLATE_ACTIONS.index(current))
        self.template_action.blockSignals(False)
        self.template_language.setItemText(0, self.tr("English"))
        self.template_language.setItemText(1, self.tr("Korean"))
        self.restore_button.setText(self.tr("Restore default"))
        self.template_hint.setText(self.tr("The Korean template is used for Korean transcripts, the English one for "
                                           "all others. {target} stands for the language to translate into."))
        self._show_context()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- templates ---

    def _template_id(self) -> tuple[str, str]:
        return self.template_action.currentData(), self.template_language.currentData()

    def _show_template(self) -> None:
        if self._shown_template is not None:
            self._templates[self._shown_template] = self.template_edit.toPlainText()
        self._shown_template = self._template_id()
        self.template_edit.setPlainText(self._templates[self._shown_template])

    def _restore_template(self) -> None:
        action, lang = self._template_id()
        self.template_edit.setPlainText(prompts.DEFAULTS[action][lang])

    # --- the server ---

    @staticmethod
    def _key_for(url: str) -> str | None:
        try:
            return api_keys.get(normalize_base_url(url))
        except LlmError:
            return None

    def _config(self) -> LlmConfig:
        """The configuration as typed (not yet saved); LlmError for a bad address."""
        return LlmConfig(normalize_base_url(self.url_edit.text()), self.model_combo.currentText().strip(),
                         api_key=self.key_edit.text().strip() or None,
                         first_token_timeout=self.timeout_spin.value(), read_timeout=self.timeout_spin.value(),
                         temperature=self.temperature_spin.value(), max_tokens=self.max_tokens_spin.value())

    def _start(self, kind: str, job: Any) -> None:
        try:
            client = LlmClient(self._config())
        except LlmError as exc:
            self._request_failed(exc)
            return
        self._pending = kind
        self.refresh_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Asking the server…"))
        self.worker.start(lambda _text, _step, cancel: job(client, cancel))

    def refresh_models(self) -> None:
        """Fill the model list from the server (on a worker thread)."""
        self._start("models", lambda client, cancel: client.list_models(cancel))

    def test_connection(self) -> None:
        """List the models, check the chosen one is there, and ask it for one token."""

        def job(client: LlmClient, cancel: Any) -> tuple[list[ModelInfo], ModelInfo | LlmError, float]:
            models = client.list_models(cancel)
            try:
                info = pick_model(models, client.config.model)
            except LlmError as exc:  # the list still arrives, so the person can choose from it
                return models, exc, 0.0
            if info.id != client.config.model:
                client = LlmClient(dataclasses.replace(client.config, model=info.id))
            start = time.monotonic()
            client.complete([{"role": "user", "content": "Reply with OK."}], cancel, max_tokens=1)
            return models, info, time.monotonic() - start

        self._start("test", job)

    def _request_done(self, result: Any) -> None:
        models = result if self._pending == "models" else result[0]
        if self._pending == "models":
            self._fill_models(models)
            self._show_result(True, self.tr("The server has %n model(s).", "", len(models)))
            self._idle()
            return
        _, info, seconds = result
        chosen = self.model_combo.currentText().strip()
        self._fill_models(models)
        if isinstance(info, LlmError):
            if not chosen:  # leave the choice to the person rather than showing the first model as chosen
                self.model_combo.setCurrentIndex(-1)
            self._request_failed(info)
            return
        self.model_combo.setCurrentText(info.id)
        text = self.tr("Connected: {model} answered in {seconds} s.").format(model=info.id, seconds=f"{seconds:.1f}")
        if info.id != chosen:
            text += " " + self.tr("It is the server's only model, so it is now chosen.")
        self._show_result(True, text)
        self._idle()

    def _request_failed(self, error: LlmError) -> None:
        self._show_result(False, f"<b>{html.escape(error_title(error.kind))}</b><br>{html.escape(str(error))}")
        self._idle()

    def _idle(self) -> None:
        self._pending = ""
        self.refresh_button.setEnabled(True)
        self.test_button.setEnabled(True)

    def _show_result(self, ok: bool, text: str) -> None:
        self.result_label.setStyleSheet("color: #1b7f3b;" if ok else "color: #b3261e;")
        self.result_label.setText(("✓ " if ok else "") + text)

    def _fill_models(self, models: list[ModelInfo]) -> None:
        current = self.model_combo.currentText().strip()
        self._contexts = {m.id: m.max_model_len for m in models}
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for m in models:
            self.model_combo.addItem(m.id)
        self.model_combo.setCurrentText(current if current in self._contexts or not models else models[0].id)
        self.model_combo.blockSignals(False)
        self._show_context()

    def _show_context(self) -> None:
        model = self.model_combo.currentText().strip()
        if model in self._contexts:
            length = self._contexts[model]
            self.context_label.setText(
                self.tr("Context: {n} tokens").format(n=f"{length:,}") if length else
                self.tr("Context: not reported (4,096 tokens assumed)"))
        elif self._contexts:  # listed, none chosen yet
            self.context_label.setText(self.tr("Choose one of the server's %n model(s).", "", len(self._contexts)))
        else:
            self.context_label.setText(self.tr("Press Refresh to list the server's models."))

    # --- saving ---

    def accept(self) -> None:
        text = self.url_edit.text().strip()
        try:
            url = normalize_base_url(text) if text else ""
        except LlmError as exc:
            self._request_failed(exc)
            self.url_edit.setFocus()
            return
        self.settings.set("llm/base_url", url)
        self.settings.set("llm/model", self.model_combo.currentText().strip())
        self.settings.set("llm/timeout", self.timeout_spin.value())
        self.settings.set("llm/temperature", round(self.temperature_spin.value(), 2))
        self.settings.set("llm/max_tokens", self.max_tokens_spin.value())
        self._show_template()  # keep the edit on screen
        for (action, lang), body in self._templates.items():
            store_template(self.settings, action, lang, body)
        self.settings.sync()
        key = self.key_edit.text().strip()
        if url and key != (api_keys.get(url) or ""):
            api_keys.store(url, key or None)
        self.worker.shutdown()
        super().accept()

    def reject(self) -> None:
        self.worker.shutdown()
        super().reject()

