"""The summary panel: ask the person's LLM server about the selected text, and keep the answer.

The editor hands the panel its selection with :meth:`SummaryPanel.set_source`;
the person picks an action (summary, action items, key points, translation,
or their own prompt) and presses Run. The answer streams into the panel from a
worker thread (:mod:`malsori.ui.llm_worker`), with progress when a long text
needs several requests; Stop ends it at once and keeps what arrived. A failure
is explained in the panel, and the transcript and any partial answer stay as
they are. The answer can be copied, exported as Markdown or text, or saved into
the project: the panel emits ``save_requested``, the editor writes the project
file and reports back through :meth:`SummaryPanel.show_saved`.

Nothing is sent before Run is pressed, and only to the server in the settings.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core import atomic, prompts, summarize, tokens
from ..core.llm import Kind, LlmClient, LlmError, Reply
from ..core.summarize import Step
from . import i18n
from .llm_settings import (
    LlmSettingsDialog,
    action_names,
    error_title,
    load_config,
    template,
)
from .llm_worker import LlmWorker
from .settings import Settings

#: Translation targets in their own names, so the list reads the same in any interface language.
NATIVE_NAMES = {
    "ko": "한국어", "en": "English", "ja": "日本語", "zh": "中文", "es": "Español", "fr": "Français",
    "de": "Deutsch", "vi": "Tiếng Việt", "ru": "Русский", "th": "ไทย", "id": "Bahasa Indonesia", "pt": "Português",
}


class SummaryPanel(QWidget):
    """Actions on the editor's selection, answered by the person's vLLM server."""

    #: {"prompt", "action", "model", "created" (seconds since the epoch), "text"}: for Project.extra["summaries"].
    save_requested = Signal(dict)
    #: True when a request starts, False when it has ended (done, failed or stopped).
    running_changed = Signal(bool)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or Settings()
        self.worker = LlmWorker()
        self.worker.text.connect(self._text)
        self.worker.step.connect(self._step)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self._source = ""
        self._speakers = False
        self._segments: int | None = None
        self._language: str | None = None
        self._running = False
        self._final_shown: bool | None = None  # whether the text shown belongs to the final answer
        self._last: dict[str, str] = {}  # prompt, action and model of the answer on show
        self._error = ""

        self.action_combo = QComboBox()
        for action in prompts.ACTIONS:
            self.action_combo.addItem("", action)
        self.target_combo = QComboBox()
        for code, name in NATIVE_NAMES.items():
            self.target_combo.addItem(name, code)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.run_button.setDefault(True)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.open_settings)
        self.custom_edit = QPlainTextEdit()
        self.custom_edit.setMaximumHeight(72)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.answer = QPlainTextEdit()
        self.answer.setReadOnly(True)
        self.answer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_to_project)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)

        top = QHBoxLayout()
        top.addWidget(self.action_combo, 1)
        top.addWidget(self.target_combo)
        top.addWidget(self.run_button)
        top.addWidget(self.stop_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.custom_edit)
        layout.addWidget(self.source_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.answer, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

        for keys, slot in ((QKeySequence("Ctrl+Shift+Return"), self.run), (QKeySequence("Esc"), self.stop)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._restore_choices()
        self.action_combo.currentIndexChanged.connect(self._action_changed)
        self.target_combo.currentIndexChanged.connect(lambda: self.settings.set("llm/target", self.target_code()))
        self.retranslate_ui()
        self._action_changed()
        self._set_running(False)

    # --- texts ---

    def retranslate_ui(self) -> None:
        for index, name in enumerate(action_names().values()):
            self.action_combo.setItemText(index, name)
        self.target_combo.setToolTip(self.tr("Language to translate into"))
        self.run_button.setText(self.tr("Run"))
        self.run_button.setToolTip(self.tr("Send the selected text to the LLM server (Ctrl+Shift+Enter)"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer and keep what has arrived (Esc)"))
        self.settings_button.setText(self.tr("LLM settings…"))
        self.custom_edit.setPlaceholderText(self.tr("Your instruction, e.g. “List every date and deadline mentioned.”"))
        self.answer.setPlaceholderText(self.tr("The answer appears here as it is written."))
        self.copy_button.setText(self.tr("Copy"))
        self.save_button.setText(self.tr("Save to project"))
        self.export_button.setText(self.tr("Export…"))
        self._show_source()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- what to ask ---

    def set_source(self, text: str, language: str | None, speakers: bool = False, segments: int | None = None) -> None:
        """The text to work on (the editor's selected segments as dialogue lines), its
        language, whether its lines start with speaker names, and how many segments it
        holds (a speaker's consecutive segments share a line; by default, one a line)."""
        self._source = text
        self._language = language
        self._speakers = speakers
        self._segments = segments
        self._show_source()

    def _show_source(self) -> None:
        lines = [line for line in self._source.splitlines() if line.strip()]
        if not lines:
            self.source_label.setText(self.tr("Select segments in the editor to work on them."))
            return
        language = i18n.language_name(self._language)
        about = self.tr("%n segment(s)", "", self._segments if self._segments is not None else len(lines))
        if language:
            about += " · " + language
        about += " · " + self.tr("about {n} tokens").format(n=f"{tokens.estimate(self._source):,}")
        self.source_label.setText(about)

    def action(self) -> str:
        return self.action_combo.currentData()

    def target_code(self) -> str:
        return self.target_combo.currentData()

    def _restore_choices(self) -> None:
        action = self.settings.get("llm/action", prompts.SUMMARIZE)
        self.action_combo.setCurrentIndex(prompts.ACTIONS.index(action) if action in prompts.ACTIONS else 0)
        target = self.settings.get("llm/target", "en")
        self.target_combo.setCurrentIndex(max(0, self.target_combo.findData(target)))
        self.custom_edit.setPlainText(self.settings.get("llm/custom_prompt", ""))

    def _action_changed(self) -> None:
        action = self.action()
        self.settings.set("llm/action", action)
        self.target_combo.setVisible(action == prompts.TRANSLATE)
        self.custom_edit.setVisible(action == prompts.CUSTOM)

    def _prompt(self) -> str:
        action = self.action()
        if action == prompts.CUSTOM:
            text = self.custom_edit.toPlainText()
            self.settings.set("llm/custom_prompt", text)
            return text
        return template(self.settings, action, prompts.template_language(self._language))

    # --- running ---

    def is_running(self) -> bool:
        return self._running

    def run(self) -> None:
        """Send the source with the chosen action; the answer streams into the panel."""
        if self._running:
            return
        self._clear_error()
        lines = [line for line in self._source.splitlines() if line.strip()]
        if not lines:
            self._show_error(self.tr("Nothing to send"), self.tr("Select the segments to work on in the editor first."))
            return
        try:
            config = load_config(self.settings)
            if not config.model:
                raise LlmError(Kind.CONFIG, "No model is chosen: pick one in the LLM settings.")
            task = prompts.task_for(self.action(), self._prompt(), self._language, self.target_code(),
                                    self._speakers)
        except LlmError as exc:
            self._show_error(error_title(exc.kind), str(exc))
            return
        except ValueError:
            self._show_error(self.tr("The prompt is empty"), self.tr("Write an instruction for the custom prompt."))
            return
        client = LlmClient(config)
        self._last = {"prompt": task.instruction, "action": self.action(), "model": config.model}
        self.answer.clear()
        self._final_shown = None
        self.status_label.setText(self.tr("Waiting for {server}…").format(server=config.base_url))
        self.progress.setRange(0, 0)  # busy until the first step says how many requests
        self._set_running(True)

        def job(on_text, on_step, cancel) -> Reply:
            context = client.model_info(cancel).context
            return summarize.run(client, lines, task, context, on_text, on_step, cancel)

        self.worker.start(job)

    def stop(self) -> None:
        """Stop the answer; what arrived is kept. Answers within a twentieth of a second."""
        if self._running:
            self.stop_button.setEnabled(False)
            self.status_label.setText(self.tr("Stopping…"))
            self.worker.cancel()

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.action_combo.setEnabled(not running)
        self.target_combo.setEnabled(not running)
        self.custom_edit.setReadOnly(running)
        self.progress.setVisible(running)
        has_text = bool(self.text())
        for button in (self.copy_button, self.save_button, self.export_button):
            button.setEnabled(has_text and not running)
        self.running_changed.emit(running)

    def _step(self, step: Step) -> None:
        if step.final != self._final_shown:
            self.answer.clear()  # the final answer replaces the parts' answers shown meanwhile
            self._final_shown = step.final
        if not step.final:
            label = (self.tr("Part {i} of {n}").format(i=step.part, n=step.parts) if step.phase == "part"
                     else self.tr("Combining"))
            self._append(("\n\n" if self.answer.toPlainText() else "") + f"[{label}]\n")
        self.progress.setRange(0, step.total)
        self.progress.setValue(step.index - 1)
        if step.total > 1:
            what = {
                "part": self.tr("part {i} of {n}").format(i=step.part, n=step.parts),
                "combine": self.tr("combining the parts' answers"),
            }.get(step.phase, "")
            self.status_label.setText(self.tr("Request {i} of {n}: {what}").format(i=step.index, n=step.total, what=what))
        else:
            self.status_label.setText(self.tr("Writing…"))

    def _text(self, piece: str) -> None:
        self._append(piece)

    def _append(self, piece: str) -> None:
        bar = self.answer.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = self.answer.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(piece)
        if at_end:  # follow the answer unless the person scrolled up to read
            bar.setValue(bar.maximum())

    def _finished(self, reply: Reply) -> None:
        if not self._final_shown:
            self.answer.setPlainText(reply.text)
        self.status_label.setText(
            self.tr("Done. The answer reached the “max output tokens” limit and may be cut short.")
            if reply.truncated else self.tr("Done."))
        self._set_running(False)

    def _failed(self, error: LlmError) -> None:
        if error.kind is Kind.CANCELLED:
            self.status_label.setText(self.tr("Stopped. What arrived is kept."))
        else:
            self.status_label.clear()
            self._show_error(error_title(error.kind), str(error))
        self._set_running(False)

    def _show_error(self, title: str, detail: str) -> None:
        self._error = f"{title}\n{detail}"
        self.error_label.setText(f"<b>{html.escape(title)}</b><br>{html.escape(detail)}")

    def _clear_error(self) -> None:
        self._error = ""
        self.error_label.clear()

    def error_text(self) -> str:
        """The failure on show as plain text: its headline, a line break, the details ("" when none)."""
        return self._error

    # --- keeping the answer ---

    def text(self) -> str:
        """The answer on show (a partial one after Stop or a failure)."""
        return self.answer.toPlainText().strip()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.status_label.setText(self.tr("Copied."))

    def result(self) -> dict[str, object]:
        """The answer with what produced it, as saved into the project."""
        return {**self._last, "created": time.time(), "text": self.text()}

    def save_to_project(self) -> None:
        """Hand the answer to the editor, which writes it into the project file and
        then calls :meth:`show_saved` with the outcome (the panel claims nothing itself)."""
        if self.text():
            self.save_requested.emit(self.result())

    def show_saved(self, path: Path | None) -> None:
        """Say where the answer went: into the project file at ``path``, or (None) only
        into the open, unsaved project, so the person knows it still needs saving."""
        if path is not None:
            self.status_label.setText(self.tr("Saved into the project file {path}.").format(path=path))
        else:
            self.status_label.setText(self.tr(
                "Not written to disk yet: the answer is kept with the open project (and its autosave); "
                "save the project to keep it."))

    def export(self) -> None:
        """Write the answer to a Markdown or text file the person picks."""
        markdown, plain = self.tr("Markdown (*.md)"), self.tr("Plain text (*.txt)")
        folder = self.settings.get("dialogs/export_dir", str(Path.home()))
        name, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the answer"), str(Path(folder) / "summary.md"),
                                                   f"{markdown};;{plain}")
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".txt" if chosen == plain else ".md")
        try:
            self.write(path)
        except OSError as exc:
            self._show_error(self.tr("Export failed"), f"{path}: {exc.strerror or exc}")
            return
        self.settings.set("dialogs/export_dir", str(path.parent))
        self.status_label.setText(self.tr("Exported to {path}.").format(path=path))

    def write(self, path: Path) -> None:
        """Save the answer atomically: Markdown (.md) with a heading, else plain text."""
        text = self.text()
        if path.suffix.lower() in (".md", ".markdown"):
            title = action_names().get(self._last.get("action", ""), self.tr("Answer"))
            text = f"# {title}\n\n{text}\n\n---\n*{self._last.get('model', '')}, {time.strftime('%Y-%m-%d %H:%M')}*"
        atomic.write_text(path, text + "\n")

    # --- settings and shutdown ---

    def open_settings(self) -> None:
        dialog = LlmSettingsDialog(self.settings, self)
        dialog.exec()

    def shutdown(self) -> None:
        """Stop any request and let its thread end (call when the editor closes)."""
        self.worker.shutdown()
