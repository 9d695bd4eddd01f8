"""The "Model and options" panel: which engine and model, language, task and device, and the advanced knobs.

Every choice is saved to Settings the moment it changes, so the next launch
starts where this one left off. A catalog model that is not on this machine yet
can be downloaded from here, in a background thread with progress and cancel;
a person's own CTranslate2 model folder can be picked with "Local folder…", and
a fine-tuned Transformers checkpoint converted into the list with "Import
fine-tuned model…" (core.model_import, in a background thread with its stages).
The engine is Local (faster-whisper on this computer) or Remote (servers, see
remote_engine_panel); only the chosen engine's rows are shown, and the options
a remote server does not take are disabled.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import engine, model_import, models
from ..core.engine import TranscribeOptions
from ..core.languages import LANGUAGES, ordered_codes
from ..core.models import CATALOG, DEFAULT_MODEL, ModelInfo, ModelStore, Source, State
from . import i18n
from .download_worker import ModelDownloadWorker
from .import_worker import ModelImportWorker
from .remote_engine_panel import RemoteEngineRows
from .settings import ENGINES, Settings
from .speakers_option import SpeakersChoice

#: Item data of the "Local folder…" entry (never a model name or a path).
LOCAL_FOLDER_ITEM = "\x00local-folder"
#: Item data of the "Import fine-tuned model…" entry.
IMPORT_ITEM = "\x00import-checkpoint"
ADVANCED_OPEN_KEY = "ui/options_advanced_open"
TASKS = ("transcribe", "translate")
#: Beam-search patience the panel offers: 1.0 is Whisper's own; above it the search
#: keeps more finished candidates before it stops (slower, sometimes better).
PATIENCE_RANGE = (0.5, 5.0)
_ERROR_STYLE = "color: #d9412b;"  # readable on light and dark palettes
_HINT_STYLE = "color: palette(placeholder-text);"


def _size_text(mb: int) -> str:
    return f"{mb / 1000:.1f} GB" if mb >= 1000 else f"{mb} MB"


def _bytes_text(n: int) -> str:
    mb = n / 1_000_000
    return f"{mb / 1000:.2f} GB" if mb >= 1000 else f"{mb:.0f} MB"


class OptionsPanel(QWidget):
    """Model, language, task, device and advanced transcription options.

    ``options()``, ``model_name()`` and ``device()`` give the current choice;
    ``changed`` is emitted after every change the person makes (already saved).
    """

    changed = Signal()

    def __init__(self, settings: Settings, store: ModelStore | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("optionsPanel")
        self.settings = settings
        self.store = store or ModelStore()
        self._loading = True
        self._base_options = settings.transcribe_options()  # keeps the options this panel does not show
        self._cuda_count = engine.cuda_device_count()
        self._states: dict[str, State] = {}
        self._infos: dict[str, ModelInfo] = {}  # catalog and imported models, by name
        self._local_path: str | None = None
        self._previous_model_index = 0
        self._worker: ModelDownloadWorker | None = None
        self._downloading: str | None = None  # name of the model in flight
        self._download_note: tuple[str, str, bool] | None = None  # (model, text, is_error) of the last attempt
        self._download_started = 0.0
        self._download_base = 0  # bytes on disk when this download started (resumed bytes do not count for speed)
        self._progress_bytes = (0, 0)
        self._folder_dialog: QFileDialog | None = None
        self._checkpoint_dialog: QFileDialog | None = None
        self._import_worker: ModelImportWorker | None = None
        self._importing: str | None = None  # name of the model being imported
        self._import_stage: model_import.Stage | None = None
        self._message_box: QMessageBox | None = None
        self._model_note = ""  # e.g. a saved local folder that has gone

        self._build()
        self._load(settings)
        self._connect()
        self._loading = False
        self.retranslate_ui()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)  # never leave a download thread running at exit

    # --- construction ---------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.setSpacing(6)

        form = QFormLayout()
        form.setObjectName("optionsForm")
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form = form

        self.engine_label = QLabel(objectName="engineLabel")
        self.engine_combo = self._combo("engineCombo")
        self.engine_label.setBuddy(self.engine_combo)
        form.addRow(self.engine_label, self.engine_combo)
        self.remote = RemoteEngineRows(self.settings, self)
        self.remote.add_rows(form)

        self.model_label = QLabel(objectName="modelLabel")
        self.model_combo = self._combo("modelCombo")
        self.model_label.setBuddy(self.model_combo)
        form.addRow(self.model_label, self.model_combo)

        self.download_box = QWidget(objectName="downloadBox")
        box = QVBoxLayout(self.download_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.download_label = QLabel(objectName="downloadLabel")
        self.download_label.setWordWrap(True)
        self.download_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.download_label)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.download_progress = QProgressBar(objectName="downloadProgress")
        self.download_progress.setRange(0, 1000)
        self.download_progress.setTextVisible(False)
        self.download_progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.download_button = QPushButton(objectName="downloadButton")
        self.cancel_button = QPushButton(objectName="cancelDownloadButton")
        row.addWidget(self.download_button)
        row.addWidget(self.download_progress, 1)
        row.addWidget(self.cancel_button)
        # Keeps a lone Download button at the left; takes no room while the progress bar shows.
        self._download_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        row.addItem(self._download_spacer)
        self._download_row = row
        box.addLayout(row)
        form.addRow(self.download_box)

        self.model_hint = QLabel(objectName="modelHint")
        self.model_hint.setWordWrap(True)
        self.model_hint.setStyleSheet(_ERROR_STYLE)
        form.addRow(self.model_hint)

        self.language_label = QLabel(objectName="languageLabel")
        self.language_combo = self._combo("languageCombo")
        self.language_label.setBuddy(self.language_combo)
        form.addRow(self.language_label, self.language_combo)

        self.task_label = QLabel(objectName="taskLabel")
        self.task_combo = self._combo("taskCombo")
        self.task_label.setBuddy(self.task_combo)
        form.addRow(self.task_label, self.task_combo)

        self.speakers_label = QLabel(objectName="speakersLabel")
        self.speakers_choice = SpeakersChoice(self)
        self.speakers_label.setBuddy(self.speakers_choice.mode_combo)
        form.addRow(self.speakers_label, self.speakers_choice)

        self.device_label = QLabel(objectName="deviceLabel")
        self.device_combo = self._combo("deviceCombo")
        self.device_label.setBuddy(self.device_combo)
        form.addRow(self.device_label, self.device_combo)

        self.detected_label = QLabel(objectName="detectedLabel")
        self.detected_label.setWordWrap(True)
        self.detected_label.setStyleSheet(_HINT_STYLE)
        form.addRow(QLabel(objectName="detectedSpacer"), self.detected_label)
        root.addLayout(form)

        self.advanced_button = QToolButton(objectName="advancedButton")
        self.advanced_button.setCheckable(True)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        root.addWidget(self.advanced_button)

        self.advanced_widget = QWidget(objectName="advancedWidget")
        adv = QFormLayout(self.advanced_widget)
        adv.setObjectName("advancedForm")
        adv.setContentsMargins(12, 0, 0, 0)
        adv.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        adv.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.beam_label = QLabel(objectName="beamLabel")
        self.beam_spin = QSpinBox(objectName="beamSpin")
        self.beam_spin.setRange(1, 10)
        self.beam_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.beam_label.setBuddy(self.beam_spin)
        adv.addRow(self.beam_label, self.beam_spin)
        self.patience_label = QLabel(objectName="patienceLabel")
        self.patience_spin = QDoubleSpinBox(objectName="patienceSpin")
        self.patience_spin.setRange(PATIENCE_RANGE[0], PATIENCE_RANGE[1])
        self.patience_spin.setSingleStep(0.1)
        self.patience_spin.setDecimals(1)
        self.patience_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.patience_label.setBuddy(self.patience_spin)
        adv.addRow(self.patience_label, self.patience_spin)
        self.vad_check = QCheckBox(objectName="vadCheck")
        adv.addRow(self.vad_check)
        self.words_check = QCheckBox(objectName="wordTimestampsCheck")
        adv.addRow(self.words_check)
        self.prompt_label = QLabel(objectName="promptLabel")
        self.prompt_edit = QLineEdit(objectName="promptEdit")
        self.prompt_edit.setClearButtonEnabled(True)
        self.prompt_label.setBuddy(self.prompt_edit)
        adv.addRow(self.prompt_label, self.prompt_edit)
        self.hotwords_label = QLabel(objectName="hotwordsLabel")
        self.hotwords_edit = QLineEdit(objectName="hotwordsEdit")
        self.hotwords_edit.setClearButtonEnabled(True)
        self.hotwords_label.setBuddy(self.hotwords_edit)
        adv.addRow(self.hotwords_label, self.hotwords_edit)
        root.addWidget(self.advanced_widget)
        root.addStretch(1)

        for code in ordered_codes():
            self.language_combo.addItem("", code)
        self.language_combo.insertItem(0, "", None)
        for task in TASKS:
            self.task_combo.addItem("", task)
        for device in engine.DEVICES:
            self.device_combo.addItem("", device)
        for kind in ENGINES:
            self.engine_combo.addItem("", kind)

    @staticmethod
    def _combo(name: str) -> QComboBox:
        combo = QComboBox(objectName=name)
        # A narrow side column: the combo may shrink, its popup shows whole entries.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def _load(self, settings: Settings) -> None:
        self._fill_models()
        name = settings.model_name()
        if name not in self._infos:
            if models.is_model_dir(Path(name).expanduser()):
                self._set_local_item(str(Path(name).expanduser()))
            else:
                self._model_note = name  # shown as a hint: the saved folder is gone
                name = DEFAULT_MODEL
        index = self.model_combo.findData(self._local_path if self._local_path else name)
        self.model_combo.setCurrentIndex(max(index, 0))
        self._previous_model_index = self.model_combo.currentIndex()

        options = self._base_options
        language = options.language if options.language in LANGUAGES else None
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))
        self.task_combo.setCurrentIndex(max(self.task_combo.findData(options.task), 0))
        self.speakers_choice.set_value(options.speakers)
        device = settings.device()
        self.device_combo.setCurrentIndex(max(self.device_combo.findData(device), 0))
        self.engine_combo.setCurrentIndex(max(self.engine_combo.findData(settings.engine()), 0))
        self.beam_spin.setValue(min(10, max(1, options.beam_size)))
        self.patience_spin.setValue(min(PATIENCE_RANGE[1], max(PATIENCE_RANGE[0], options.patience)))
        self._update_patience_enabled()
        self.vad_check.setChecked(options.vad_filter)
        self.words_check.setChecked(options.word_timestamps)
        self.prompt_edit.setText(options.initial_prompt or "")
        self.hotwords_edit.setText(options.hotwords or "")
        open_ = settings.get(ADVANCED_OPEN_KEY, False)
        self.advanced_button.setChecked(open_)
        self._show_advanced(open_)
        self._show_engine()

    def _fill_models(self) -> None:
        self._read_models()
        for name in self._infos:
            self.model_combo.addItem("", name)
        self.model_combo.insertSeparator(self.model_combo.count())
        self.model_combo.addItem("", LOCAL_FOLDER_ITEM)
        self.model_combo.addItem("", IMPORT_ITEM)

    def _read_models(self) -> None:
        listing = self.store.listing()
        self._states = {info.name: state for info, state in listing}
        self._infos = {info.name: info for info, _state in listing}

    def _connect(self) -> None:
        self.engine_combo.currentIndexChanged.connect(self._engine_changed)
        self.remote.changed.connect(self._option_changed)
        self.model_combo.currentIndexChanged.connect(self._model_changed)
        for combo in (self.language_combo, self.task_combo, self.device_combo):
            combo.currentIndexChanged.connect(self._option_changed)
        self.speakers_choice.changed.connect(self._option_changed)
        self.beam_spin.valueChanged.connect(self._option_changed)
        self.beam_spin.valueChanged.connect(self._update_patience_enabled)
        self.patience_spin.valueChanged.connect(self._option_changed)
        self.vad_check.toggled.connect(self._option_changed)
        self.words_check.toggled.connect(self._option_changed)
        self.prompt_edit.textChanged.connect(self._option_changed)
        self.hotwords_edit.textChanged.connect(self._option_changed)
        self.advanced_button.toggled.connect(self._advanced_toggled)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)

    # --- public API ---------------------------------------------------------------------

    def options(self) -> TranscribeOptions:
        return dataclasses.replace(
            self._base_options,
            language=self.language_combo.currentData(),
            task=self.task_combo.currentData() or "transcribe",
            beam_size=self.beam_spin.value(),
            patience=round(self.patience_spin.value(), 1),
            vad_filter=self.vad_check.isChecked(),
            word_timestamps=self.words_check.isChecked(),
            initial_prompt=self.prompt_edit.text().strip() or None,
            hotwords=self.hotwords_edit.text().strip() or None,
            speakers=self.speakers_choice.value(),
        )

    def engine(self) -> str:
        """"local" or "remote"."""
        return self.engine_combo.currentData() or "local"

    def engine_problem(self) -> str | None:
        """Why no job can start with the chosen engine (e.g. a bad server address), or None."""
        return self.remote.problem() if self.engine() == "remote" else None

    def model_name(self) -> str:
        """The local engine's model (live captions use it whichever engine the queue uses):
        a catalog name, or the path of a local model folder."""
        data = self.model_combo.currentData()
        if not data or data == LOCAL_FOLDER_ITEM:
            return DEFAULT_MODEL
        return str(data)

    def device(self) -> str:
        return self.device_combo.currentData() or "auto"

    def model_ready(self) -> bool:
        """Whether the chosen model can be used now, without a download."""
        name = self.model_name()
        if name == self._local_path:
            return True
        return self._states.get(name) in (State.BUNDLED, State.INSTALLED)

    def is_downloading(self) -> bool:
        return self._downloading is not None

    def use_local_folder(self, path: str) -> bool:
        """Choose a local CTranslate2 model folder; an unusable folder is explained and refused."""
        folder = Path(path).expanduser()
        if not models.is_model_dir(folder):
            self._show_invalid_folder(str(folder))
            return False
        self._set_local_item(str(folder))
        index = self.model_combo.findData(str(folder))
        if index == self.model_combo.currentIndex():  # another folder in the same entry: no index change
            self._model_changed(index)
        else:
            self.model_combo.setCurrentIndex(index)
        return True

    def refresh_models(self) -> None:
        """Re-read which models are installed (e.g. after a download elsewhere)."""
        self._read_models()
        self._retranslate_models()
        self._update_model_status()

    def start_download(self) -> None:
        """Download the chosen catalog model in the background."""
        name = self.model_name()
        busy = self._downloading is not None or self._importing is not None
        if busy or self._states.get(name) is not State.DOWNLOADABLE:
            return
        if self._worker is None:
            self._worker = ModelDownloadWorker(self.store)
            self._worker.progress.connect(self._download_progress)
            self._worker.finished.connect(self._download_finished)
            self._worker.failed.connect(self._download_failed)
            self._worker.cancelled.connect(self._download_cancelled)
        self._downloading = name
        self._download_note = None
        self._download_started = time.monotonic()
        self._download_base = -1
        self._progress_bytes = (0, 0)
        self.download_progress.setRange(0, 0)  # busy until the size is known
        self._worker.start(name)
        self._update_model_status()

    def cancel_download(self) -> None:
        if self._worker is not None and self._downloading is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.download_label.setText(self.tr("Cancelling…"))

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop a running download or connection test and their threads (call when the window closes)."""
        self.remote.shutdown()
        if self._worker is not None:
            self._worker.shutdown(timeout_ms)
        if self._import_worker is not None:
            self._import_worker.shutdown()

    def import_checkpoint(self, path: str) -> bool:
        """Convert a fine-tuned Transformers checkpoint folder in the background, then choose the
        model it becomes; a folder that cannot be converted here is explained and refused."""
        if self._importing is not None or self._downloading is not None:
            self._warn(self.tr("Please wait"), self.tr("Wait for the model being downloaded or imported first."))
            return False
        folder = Path(path).expanduser()
        try:
            model_import.check_checkpoint(folder)
            model_import.check_extra()
        except model_import.ConvertExtraMissing as exc:
            self._warn(self.tr("The convert extra is missing"),
                       self.tr("Importing a fine-tuned checkpoint needs the optional convert extra "
                               "(transformers and torch), which is not installed."), str(exc))
            return False
        except model_import.ImportFailed as exc:
            self._warn(self.tr("Not a fine-tuned Whisper checkpoint"), str(exc),
                       self.tr("Choose the folder fine-tuning wrote: config.json, model.safetensors or "
                               "pytorch_model.bin, tokenizer.json and preprocessor_config.json."))
            return False
        if self._import_worker is None:
            self._import_worker = ModelImportWorker(self.store)
            self._import_worker.stage.connect(self._import_stage_changed)
            self._import_worker.finished.connect(self._import_finished)
            self._import_worker.failed.connect(self._import_failed)
        self._importing = model_import.suggest_name(self.store, folder)
        self._import_stage = None
        self._import_worker.start(str(folder), self._importing)
        self._update_model_status()
        return True

    def is_importing(self) -> bool:
        return self._importing is not None

    # --- model choice ---------------------------------------------------------------

    def _set_local_item(self, path: str) -> None:
        index = self.model_combo.findData(self._local_path) if self._local_path else -1
        self._local_path = path
        if index < 0:
            index = len(CATALOG)
            self.model_combo.insertItem(index, "", path)
        else:
            self.model_combo.setItemData(index, path)
        self._retranslate_models()

    def _model_changed(self, index: int) -> None:
        if self._loading:
            return
        data = self.model_combo.itemData(index)
        if data in (LOCAL_FOLDER_ITEM, IMPORT_ITEM):
            # Stay on the previous model until a usable folder is picked (or converted).
            ask = self._ask_local_folder if data == LOCAL_FOLDER_ITEM else self._ask_checkpoint
            self.model_combo.blockSignals(True)
            self.model_combo.setCurrentIndex(self._previous_model_index)
            self.model_combo.blockSignals(False)
            ask()
            return
        self._previous_model_index = index
        self._model_note = ""
        self._option_changed()

    def _new_folder_dialog(self, name: str, chosen: Callable[[str], object]) -> QFileDialog:
        """A folder picker kept for the next time (it remembers where it was)."""
        dialog = QFileDialog(self, objectName=name)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(chosen)
        return dialog

    def _ask_local_folder(self) -> None:
        if self._folder_dialog is None:
            self._folder_dialog = self._new_folder_dialog("localModelDialog", self.use_local_folder)
        self._folder_dialog.setWindowTitle(self.tr("Choose a CTranslate2 model folder"))
        if self._local_path:
            self._folder_dialog.setDirectory(str(Path(self._local_path).parent))
        self._folder_dialog.open()  # not exec(): the window keeps running underneath

    def _ask_checkpoint(self) -> None:
        if self._checkpoint_dialog is None:
            self._checkpoint_dialog = self._new_folder_dialog("checkpointDialog", self.import_checkpoint)
        self._checkpoint_dialog.setWindowTitle(self.tr("Choose a fine-tuned Whisper checkpoint folder"))
        self._checkpoint_dialog.open()

    def _show_invalid_folder(self, folder: str) -> None:
        self._warn(
            self.tr("Not a model folder"),
            self.tr("{folder} is not a faster-whisper model folder.").format(folder=folder),
            self.tr("Choose a folder that holds a CTranslate2 Whisper model: it contains model.bin and config.json."),
        )

    def _warn(self, title: str, text: str, details: str = "") -> None:
        if self._message_box is None:
            self._message_box = QMessageBox(self, objectName="invalidModelFolderMessage")
            self._message_box.setIcon(QMessageBox.Icon.Warning)
            self._message_box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self._message_box.setWindowTitle(title)
        self._message_box.setText(text)
        self._message_box.setInformativeText(details)
        self._message_box.open()

    # --- import ------------------------------------------------------------------

    def _import_stage_changed(self, stage: model_import.Stage) -> None:
        self._import_stage = stage
        self._update_model_status()

    def _import_finished(self, name: str) -> None:
        self._importing = None
        self._read_models()
        self.model_combo.insertItem(self.model_combo.findData(LOCAL_FOLDER_ITEM) - 1, "", name)  # above the separator
        self._retranslate_models()
        self.model_combo.setCurrentIndex(self.model_combo.findData(name))  # saved and announced as any choice

    def _import_failed(self, message: str) -> None:
        self._importing = None
        self._update_model_status()
        self._warn(self.tr("Import failed"), message)

    def _import_text(self) -> str:
        stages = {
            model_import.Stage.LOADING: self.tr("loading the checkpoint"),
            model_import.Stage.CONVERTING: self.tr("converting it to CTranslate2"),
            model_import.Stage.COPYING: self.tr("copying the tokenizer files"),
        }
        if self._import_stage is None:
            return self.tr("Importing {model}…").format(model=self._importing)
        return self.tr("Importing {model}: {stage}… (step {n} of {total})").format(
            model=self._importing, stage=stages[self._import_stage], n=list(stages).index(self._import_stage) + 1,
            total=len(stages))

    # --- engine ------------------------------------------------------------------

    def _engine_changed(self, _index: int) -> None:
        self._show_engine()
        self._option_changed()

    def _show_engine(self) -> None:
        """Only the chosen engine's rows; the options remote servers do not take are disabled."""
        local = self.engine() == "local"
        self.remote.set_shown(not local)
        for field in (self.model_combo, self.device_combo, self.detected_label):
            self.form.setRowVisible(field, local)
        for widget in (self.beam_label, self.beam_spin, self.vad_check, self.hotwords_label, self.hotwords_edit):
            widget.setEnabled(local)
        self._update_patience_enabled()
        self._update_model_status()

    # --- options -----------------------------------------------------------------

    def _option_changed(self, *_: object) -> None:
        if self._loading:
            return
        self._save()
        self._update_model_status()
        self._update_device_text()
        self.changed.emit()

    def _save(self) -> None:
        self.settings.set_transcription(self.model_name(), self.device(), self.options())
        self.remote.save(self.engine())
        self.settings.sync()

    def _update_patience_enabled(self, *_: object) -> None:
        """Patience only means something to beam search: greedy decoding (one beam) ignores it,
        and so do remote servers."""
        beams = self.beam_spin.value() > 1 and self.engine() == "local"
        self.patience_spin.setEnabled(beams)
        self.patience_label.setEnabled(beams)

    def _advanced_toggled(self, open_: bool) -> None:
        self._show_advanced(open_)
        if not self._loading:
            self.settings.set(ADVANCED_OPEN_KEY, open_)

    def _show_advanced(self, open_: bool) -> None:
        self.advanced_widget.setVisible(open_)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)

    # --- download ------------------------------------------------------------------

    def _download_progress(self, done: int, total: int) -> None:
        if self._download_base < 0:
            self._download_base = done
            self._download_started = time.monotonic()
        self._progress_bytes = (done, total)
        if total > 0:
            self.download_progress.setRange(0, 1000)
            self.download_progress.setValue(min(1000, done * 1000 // total))
        self._update_model_status()

    def _download_finished(self, path: str) -> None:
        name, self._downloading = self._downloading, None
        self.refresh_models()
        if name == self.model_name():
            self.changed.emit()  # the chosen model became usable

    def _download_failed(self, message: str) -> None:
        name, self._downloading = self._downloading, None
        self._download_note = (name or "", message, True)
        self._update_model_status()

    def _download_cancelled(self) -> None:
        name, self._downloading = self._downloading, None
        self._download_note = (name or "", self.tr("Download cancelled. It resumes where it stopped next time."), False)
        self._update_model_status()

    def _download_text(self) -> str:
        done, total = self._progress_bytes
        text = self.tr("Downloading {model}…").format(model=self._downloading)
        if total <= 0:
            return text
        text += " " + self.tr("{done} of {total}").format(done=_bytes_text(done), total=_bytes_text(total))
        elapsed = time.monotonic() - self._download_started
        fetched = done - max(self._download_base, 0)
        if elapsed >= 1.0 and fetched > 0:
            left = (total - done) * elapsed / fetched
            if left >= 90:
                text += " · " + self.tr("about {n} min left").format(n=round(left / 60))
            else:
                text += " · " + self.tr("about {n} s left").format(n=max(1, round(left)))
        return text

    # --- status lines ------------------------------------------------------------------

    def _update_model_status(self) -> None:
        if self.engine() == "remote":  # the local model's download and hints do not apply
            self.download_box.hide()
            self.model_hint.hide()
            return
        name = self.model_name()
        label = self.download_label
        label.setStyleSheet("")
        if self._importing is not None:  # no cancel: CTranslate2's converter cannot be interrupted
            label.setText(self._import_text())
            self.download_progress.setRange(0, 0)
            self.download_progress.show()
            self.cancel_button.hide()
            self.download_button.hide()
            self._set_spacer(False)
            self.download_box.show()
        elif self._downloading is not None:
            label.setText(self._download_text())
            self.download_progress.show()
            self.cancel_button.show()
            if self._worker is not None and not self._worker.cancel_requested():
                self.cancel_button.setEnabled(True)
            else:
                label.setText(self.tr("Cancelling…"))
            self.download_button.hide()
            self._set_spacer(False)
            self.download_box.show()
        elif self._states.get(name) is State.DOWNLOADABLE:
            info = models.get(name)
            note = self._download_note if self._download_note and self._download_note[0] == name else None
            if note is not None:
                label.setText(note[1])
                if note[2]:
                    label.setStyleSheet(_ERROR_STYLE)
            else:
                label.setText(
                    self.tr("{model} is not on this computer yet ({size}).").format(
                        model=name, size=_size_text(info.size_mb)
                    )
                )
            self.download_button.setText(self.tr("Try again") if note and note[2] else self.tr("Download"))
            self.download_button.show()
            self.download_progress.hide()
            self.cancel_button.hide()
            self._set_spacer(True)
            self.download_box.show()
        else:
            self.download_box.hide()

        hint = ""
        info = self._infos.get(name)
        language = self.language_combo.currentData()
        if self._model_note:
            hint = self.tr("The model folder {folder} is gone; using {model}.").format(
                folder=self._model_note, model=name
            )
        elif info is not None and not info.multilingual and language not in (None, "en"):
            hint = self.tr("{model} understands English only: choose a multilingual model such as base.").format(
                model=name
            )
        self.model_hint.setText(hint)
        self.model_hint.setVisible(bool(hint))

    def _set_spacer(self, expanding: bool) -> None:
        policy = QSizePolicy.Policy.Expanding if expanding else QSizePolicy.Policy.Fixed
        self._download_spacer.changeSize(0, 0, policy, QSizePolicy.Policy.Minimum)
        self._download_row.invalidate()

    def _update_device_text(self) -> None:
        n = self._cuda_count
        if n <= 0:
            text = self.tr("Detected: CPU only")
            if self.device() == "cuda":
                text += " — " + self.tr("transcription falls back to the CPU")
        elif n == 1:
            text = self.tr("Detected: 1 CUDA GPU")
        else:
            text = self.tr("Detected: {n} CUDA GPUs").format(n=n)
        self.detected_label.setText(text)

    # --- translation ------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.engine_label.setText(self.tr("&Engine"))
        self.engine_combo.setItemText(0, self.tr("Local (this computer)"))
        self.engine_combo.setItemText(1, self.tr("Remote server"))
        self.engine_combo.setItemData(0, self.tr("faster-whisper on this computer: the audio stays here"),
                                      Qt.ItemDataRole.ToolTipRole)
        self.engine_combo.setItemData(1, self.tr("A transcription server (malsori serve, vLLM): the audio is sent "
                                                 "to it"), Qt.ItemDataRole.ToolTipRole)
        self.engine_combo.setToolTip(self.tr("Where the speech is recognized"))
        self.remote.retranslate_ui()
        self.model_label.setText(self.tr("&Model"))
        self.language_label.setText(self.tr("&Language"))
        self.task_label.setText(self.tr("&Task"))
        self.speakers_label.setText(self.tr("Spea&kers"))
        self.device_label.setText(self.tr("&Device"))
        self.model_combo.setToolTip(self.tr("The speech recognition model. Larger models are more accurate and slower."))
        self._retranslate_models()

        self.language_combo.setItemText(0, self.tr("Auto-detect"))
        self.language_combo.setItemData(0, self.tr("Detect the spoken language from the first 30 seconds"),
                                        Qt.ItemDataRole.ToolTipRole)
        # Names in the interface language, and sorted by them: the choice stays as it is.
        chosen = self.language_combo.currentData()
        self.language_combo.blockSignals(True)
        for i, code in enumerate(ordered_codes(i18n.shown_language()), start=1):
            self.language_combo.setItemData(i, code)
            self.language_combo.setItemText(
                i, self.tr("{language} ({code})").format(language=i18n.language_name(code), code=code))
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(chosen), 0))
        self.language_combo.blockSignals(False)
        self.language_combo.setToolTip(self.tr("The language spoken in the recording"))

        self.task_combo.setItemText(0, self.tr("Transcribe"))
        self.task_combo.setItemText(1, self.tr("Translate to English"))
        self.task_combo.setToolTip(self.tr("Write down what is said, or translate it into English"))

        device_texts = {"auto": self.tr("Auto"), "cpu": self.tr("CPU"), "cuda": self.tr("GPU (CUDA)")}
        for i in range(self.device_combo.count()):
            self.device_combo.setItemText(i, device_texts[self.device_combo.itemData(i)])
        self.device_combo.setToolTip(self.tr("Auto uses the GPU when one is found, otherwise the CPU"))
        self._update_device_text()

        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setToolTip(self.tr("Show or hide the advanced options"))
        self.beam_label.setText(self.tr("&Beam size"))
        self.beam_spin.setToolTip(self.tr("More beams can be slightly more accurate and are slower (default 5)"))
        self.patience_label.setText(self.tr("Beam &patience"))
        self.patience_spin.setToolTip(
            self.tr("How long beam search keeps looking for better candidates (default 1.0; "
                    "higher is slower and sometimes more accurate). Used only with a beam size above 1.")
        )
        self.vad_check.setText(self.tr("Skip silence (VAD)"))
        self.vad_check.setToolTip(self.tr("Leave out silent parts; fewer invented words during pauses"))
        self.words_check.setText(self.tr("Word timestamps"))
        self.words_check.setToolTip(
            self.tr("Time and confidence for every word; the editor uses them to point at doubtful words")
        )
        self.prompt_label.setText(self.tr("&Initial prompt"))
        self.prompt_edit.setPlaceholderText(self.tr("Names, terms, spelling style…"))
        self.prompt_edit.setToolTip(self.tr("Text that sets the vocabulary and style of the transcript"))
        self.hotwords_label.setText(self.tr("&Hotwords"))
        self.hotwords_edit.setPlaceholderText(self.tr("Words to favour"))
        self.hotwords_edit.setToolTip(self.tr("Words the model should prefer when it hesitates"))

        self.download_button.setToolTip(self.tr("Download the model from the Hugging Face hub"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the download; it resumes where it stopped next time"))
        self._update_model_status()

    def _model_text(self, info: ModelInfo, state: State | None) -> str:
        languages = self.tr("99 languages") if info.multilingual else self.tr("English only")
        if state is State.BUNDLED:
            return self.tr("{model} — bundled · {languages}").format(model=info.name, languages=languages)
        if info.source is Source.LOCAL:
            return self.tr("{model} — imported · {languages}").format(model=info.name, languages=languages)
        if state is State.INSTALLED:
            return self.tr("{model} — installed · {languages}").format(model=info.name, languages=languages)
        text = self.tr("{model} — download {size}").format(model=info.name, size=_size_text(info.size_mb))
        return text if info.multilingual else f"{text} · {languages}"

    def _retranslate_models(self) -> None:
        combo = self.model_combo
        for i in range(combo.count()):
            data = combo.itemData(i)
            if data == LOCAL_FOLDER_ITEM:
                combo.setItemText(i, self.tr("Local folder…"))
                combo.setItemData(i, self.tr("Use your own CTranslate2 Whisper model folder"),
                                  Qt.ItemDataRole.ToolTipRole)
            elif data == IMPORT_ITEM:
                combo.setItemText(i, self.tr("Import fine-tuned model…"))
                combo.setItemData(i, self.tr("Convert a fine-tuned Hugging Face Transformers Whisper checkpoint "
                                             "into a model of this list (needs the convert extra)"),
                                  Qt.ItemDataRole.ToolTipRole)
            elif data and data == self._local_path:
                combo.setItemText(i, self.tr("{folder} — local folder").format(folder=Path(data).name))
                combo.setItemData(i, data, Qt.ItemDataRole.ToolTipRole)
            elif data in self._infos:
                info = self._infos[data]
                combo.setItemText(i, self._model_text(info, self._states.get(data)))
                tip = f"{info.repo_id} · {_size_text(info.size_mb)}" + (f" · {info.note}" if info.note else "")
                combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
