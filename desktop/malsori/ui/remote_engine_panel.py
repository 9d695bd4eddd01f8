"""The remote engine's rows in the "Model and options" panel: where the audio goes, and the badge that says so.

A remote engine sends the audio to OpenAI-compatible transcription servers
(``malsori serve``, vLLM, or a router in front of a fleet). The rows here take
the server addresses, the model name on them, the API key (kept in the keyring
by server address, never in the settings file) and how many chunks are in
flight; "Test connection" lists the servers' models on a worker thread.

The rows live in the options panel's own form, so their labels line up with
the local engine's; the panel shows either these or the local rows.

What jobs use is what the person *committed* (Enter, or leaving a field), never
each keystroke: a half-typed address ("http://gp") must not receive a file's
audio because a job happened to start while it was being typed. The badge names
the committed hosts; the inline error follows the text as it is typed.
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from ..core import api_keys
from ..core.llm import Kind, LlmError
from ..core.remote_engine import (
    RemoteConfig,
    RemoteError,
    list_models,
    normalize_servers,
)
from .llm_worker import LlmWorker
from .settings import CONCURRENCY_RANGE, Settings

#: Stands out on light and dark palettes alike: the person must see that audio leaves the computer.
BADGE_STYLE = ("QLabel { background: #ffe08a; color: #4a3000; border: 1px solid #c99400; border-radius: 3px;"
               " padding: 1px 6px; font-weight: bold; }")
_ERROR_STYLE = "color: #d9412b;"
_NO_MODEL_YET = "-"  # see RemoteEngineRows._listing_config
_OK_STYLE = "color: #1b7f3b;"


class RemoteEngineRows(QObject):
    """The remote engine's widgets, added as rows to a form; ``changed`` follows every
    committed edit. ``problem()`` says why no job can start, ``config()`` gives the
    configuration to transcribe with."""

    changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget):
        super().__init__(parent)
        self.settings = settings
        self._key_servers: tuple[str, ...] = ()  # the servers the key field's key belongs to
        self._form: QFormLayout | None = None
        self._fields: list[QWidget] = []
        self._shown = False
        self._config: RemoteConfig | None = None  # committed: what jobs use
        self._problem: str | None = None  # why there is no committed config
        self._hosts: list[str] = []  # where the committed addresses send audio
        self._model = ""  # the committed model name
        self.worker = LlmWorker()  # runs the model list off the GUI thread
        self.worker.finished.connect(self._test_done)
        self.worker.failed.connect(self._test_failed)

        self.servers_label = QLabel(objectName="remoteServersLabel")
        self.servers_edit = QLineEdit(objectName="remoteServersEdit")
        self.servers_edit.setPlaceholderText("http://gpu-box:8001/v1")
        self.servers_edit.setClearButtonEnabled(True)
        self.servers_label.setBuddy(self.servers_edit)
        self.servers_error = _wrapping_label("remoteServersError", _ERROR_STYLE)
        self.model_label = QLabel(objectName="remoteModelLabel")
        self.model_combo = QComboBox(objectName="remoteModelCombo")
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(8)
        self.model_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.model_label.setBuddy(self.model_combo)
        self.key_label = QLabel(objectName="remoteKeyLabel")
        self.key_edit = QLineEdit(objectName="remoteKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_label.setBuddy(self.key_edit)
        self.key_note = _wrapping_label("remoteKeyNote", "color: palette(placeholder-text);")
        self.concurrency_label = QLabel(objectName="remoteConcurrencyLabel")
        self.concurrency_spin = QSpinBox(objectName="remoteConcurrencySpin")
        self.concurrency_spin.setRange(*CONCURRENCY_RANGE)
        self.concurrency_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.concurrency_label.setBuddy(self.concurrency_spin)
        self.test_button = QPushButton(objectName="testConnectionButton")
        self.test_result = _wrapping_label("testConnectionResult", "")
        self.test_result.setTextFormat(Qt.TextFormat.RichText)
        self.badge = _wrapping_label("remoteBadge", BADGE_STYLE)
        self.badge.setTextFormat(Qt.TextFormat.PlainText)

        self.servers_edit.setText(settings.remote_servers())
        saved_model = settings.remote_model()
        if saved_model:
            self.model_combo.addItem(saved_model)
        self.model_combo.setCurrentText(saved_model)
        self.concurrency_spin.setValue(settings.remote_concurrency())
        self._load_key()
        self._take()

        self.servers_edit.textChanged.connect(self._servers_edited)
        self.servers_edit.editingFinished.connect(self.commit)
        self.model_combo.lineEdit().editingFinished.connect(self.commit)
        self.model_combo.activated.connect(lambda _index: self.commit())
        self.concurrency_spin.valueChanged.connect(lambda _value: self.commit())
        self.key_edit.editingFinished.connect(self.commit)
        self.test_button.clicked.connect(self.test_connection)

    def add_rows(self, form: QFormLayout) -> None:
        """Add the rows to ``form`` (hidden until ``set_shown(True)``)."""
        test_row = QWidget(objectName="testConnectionRow")
        row = QHBoxLayout(test_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(self.badge)
        form.addRow(self.servers_label, self.servers_edit)
        form.addRow(self.servers_error)
        form.addRow(self.model_label, self.model_combo)
        form.addRow(self.key_label, self.key_edit)
        form.addRow(self.key_note)
        form.addRow(self.concurrency_label, self.concurrency_spin)
        form.addRow(test_row)
        form.addRow(self.test_result)
        self._form = form
        self._fields = [self.badge, self.servers_edit, self.servers_error, self.model_combo, self.key_edit,
                        self.key_note, self.concurrency_spin, test_row, self.test_result]
        self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        """Show the rows (the Remote engine is chosen) or hide them."""
        self._shown = shown
        self.refresh()

    # --- the configuration --------------------------------------------------------------

    def servers_text(self) -> str:
        return self.servers_edit.text().strip()

    def model(self) -> str:
        return self.model_combo.currentText().strip()

    def servers(self) -> tuple[str, ...]:
        """The normalized API roots; RemoteError says what is wrong with the addresses."""
        return normalize_servers(self.servers_text())

    def config(self) -> RemoteConfig:
        """The committed configuration; RemoteError when it cannot be used."""
        if self._config is None:
            raise RemoteError(self._problem or "")
        return self._config

    def committed_model(self) -> str:
        return self._model

    def problem(self) -> str | None:
        """Why no job can start with the committed settings, or None."""
        return self._problem

    def hosts(self) -> list[str]:
        """The hosts the committed addresses send audio to ([] while they are not valid)."""
        return list(self._hosts)

    def commit(self) -> None:
        """Take what is shown as what jobs use (and save it); ``changed`` follows when it differs."""
        before = (self._config, self._problem, self._hosts, self._model)
        self.store_key()
        self._take()
        if (self._config, self._problem, self._hosts, self._model) != before:
            self.changed.emit()

    def _take(self) -> None:
        self._model, self._hosts = self.model(), []
        try:
            self._hosts = self._listing_config().hosts()
            self._config, self._problem = RemoteConfig(
                self.servers(), self.model(), api_key=self.key_edit.text().strip() or None,
                concurrency=self.concurrency_spin.value()), None
        except RemoteError as exc:
            self._config, self._problem = None, str(exc)
        self.refresh()

    def _listing_config(self) -> RemoteConfig:
        """The configuration for asking which models there are, which needs none chosen
        (RemoteConfig insists on a model name, which only transcription requests use)."""
        return RemoteConfig(self.servers(), self.model() or _NO_MODEL_YET,
                            api_key=self.key_edit.text().strip() or None)

    def badge_text(self) -> str:
        hosts = self.hosts()
        if not hosts:
            return self.tr("Remote: no valid server address yet")
        return self.tr("Remote: audio is sent to {hosts}").format(hosts=", ".join(hosts))

    # --- the API key ------------------------------------------------------------------------

    def _valid_servers(self) -> tuple[str, ...]:
        try:
            return self.servers()
        except RemoteError:
            return ()

    def _load_key(self) -> None:
        """Show the key kept for these servers (the first one that has one)."""
        self._key_servers = self._valid_servers()
        key = next((k for k in map(api_keys.get, self._key_servers) if k), "")
        self.key_edit.setText(key)

    def store_key(self) -> None:
        """Keep the key typed for each of the servers it belongs to (an empty field forgets it)."""
        key = self.key_edit.text().strip()
        notice = None
        for server in self._key_servers:
            if key != (api_keys.get(server) or ""):
                notice = api_keys.store(server, key or None) or notice
        if notice:
            self.key_note.setText(self.tr("No system keyring was found: the key is kept only until Malsori closes."))

    # --- editing ---------------------------------------------------------------------------

    def _servers_edited(self, _text: str) -> None:
        if self._valid_servers() != self._key_servers:
            self._load_key()  # another server: its own key, never the last one's
        self.test_result.clear()  # it was about the address before
        self.refresh()

    def refresh(self) -> None:
        """The inline error of the addresses as typed and the badge of the committed ones;
        the error and result rows take no room while they are empty."""
        try:
            self.servers()
        except RemoteError as exc:
            self.servers_error.setText(str(exc))
        else:
            self.servers_error.clear()
        self.badge.setText(self.badge_text())
        if self._form is not None:
            for field in self._fields:
                empty = field in (self.servers_error, self.test_result) and not field.text()
                self._form.setRowVisible(field, self._shown and not empty)

    def save(self, kind: str) -> None:
        self.settings.set_engine(kind, self.servers_text(), self.model(), self.concurrency_spin.value())

    # --- Test connection --------------------------------------------------------------------

    def test_connection(self) -> None:
        """List the servers' models on the worker thread; the result shows below the button."""
        if self.worker.is_busy():
            return
        try:
            config = self._listing_config()
        except RemoteError as exc:
            self._show_result(False, str(exc))
            return
        self.commit()
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(html.escape(self.tr("Asking {hosts}…").format(hosts=", ".join(config.hosts()))))
        self.refresh()
        self.worker.start(lambda _text, _step, cancel: _models_of(config, cancel))

    def _test_done(self, names: list[str]) -> None:
        self.test_button.setEnabled(True)
        chosen = self.model()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(names)
        self.model_combo.setCurrentText(chosen)
        self.model_combo.blockSignals(False)
        text = self.tr("Connected. The server has %n model(s).", "", len(names))
        if not chosen and names:
            self.model_combo.setCurrentText(names[0])  # nothing was chosen: the first one is now
            self.commit()
            text += " " + self.tr("{model} is now chosen.").format(model=names[0])
        elif chosen and chosen not in names:
            missing = self.tr("It has no model named “{model}”; it has: {names}.")
            self._show_result(False, text + " " + missing.format(model=chosen, names=", ".join(names) or "—"))
            return
        self._show_result(True, text)

    def _test_failed(self, error: LlmError) -> None:
        self.test_button.setEnabled(True)
        if error.kind is not Kind.CANCELLED:
            self._show_result(False, str(error))

    def _show_result(self, ok: bool, text: str) -> None:
        self.test_result.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        self.test_result.setText(("✓ " if ok else "") + html.escape(text))
        self.refresh()

    def shutdown(self) -> None:
        """Stop a running test (the window is closing); its answer is never shown."""
        self.worker.shutdown()

    def retranslate_ui(self) -> None:
        self.servers_label.setText(self.tr("&Server"))
        self.servers_edit.setToolTip(self.tr(
            "The address of an OpenAI-compatible transcription server (malsori serve, vLLM). Several servers: "
            "separate them with commas; each chunk goes to the least busy one. A router is one address."))
        self.model_label.setText(self.tr("M&odel"))
        self.model_combo.setToolTip(self.tr("The model's name on the server; Test connection lists them"))
        self.model_combo.lineEdit().setPlaceholderText(self.tr("e.g. base"))
        self.key_label.setText(self.tr("API &key"))
        self.key_edit.setPlaceholderText(self.tr("optional"))
        self.key_note.setText(self.tr("Kept in the system keyring, never in the settings file.")
                              if api_keys.keyring_available() else
                              self.tr("No system keyring was found: the key is kept only until Malsori closes."))
        self.concurrency_label.setText(self.tr("&Concurrency"))
        self.concurrency_spin.setToolTip(self.tr(
            "How many pieces of a file are sent at once, all servers together. More servers take more."))
        self.test_button.setText(self.tr("Test connection"))
        self.test_button.setToolTip(self.tr("Ask the servers for their models"))
        self.badge.setToolTip(self.tr("With the Remote engine, the audio of every file you transcribe is sent "
                                      "to these servers. Choose Local to keep it on this computer."))
        self.refresh()


def _models_of(config: RemoteConfig, cancel: threading.Event) -> list[str]:
    """The servers' models (for LlmWorker, whose failures are LlmErrors with the core's message)."""
    try:
        return list_models(config, cancel)
    except RemoteError as exc:
        raise LlmError(Kind.CANCELLED if cancel.is_set() else Kind.REQUEST, str(exc)) from exc


def _wrapping_label(name: str, style: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
