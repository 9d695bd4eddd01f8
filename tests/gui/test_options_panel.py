"""Tests for the "Model and options" panel and the model download worker.

Real widgets (offscreen), a real settings file, and downloads against a real
HTTP server on 127.0.0.1 that speaks the Hugging Face hub protocol
(tests/fake_hub.py); a guard refuses any other connection.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from malsori.core import engine, models
from malsori.core.languages import LANGUAGES
from malsori.core.models import ModelStore, State
from malsori.ui.download_worker import ModelDownloadWorker
from malsori.ui.options_panel import LOCAL_FOLDER_ITEM, OptionsPanel
from malsori.ui.settings import Settings
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.fake_hub import FakeHub, block_external_network, free_port, model_repo_files

REPO = "Systran/faster-whisper-tiny"  # the catalog's repository for "tiny"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real profile, no real HF cache, no network beyond 127.0.0.1."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for var in ("HF_ENDPOINT", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    from huggingface_hub import constants as hf_constants

    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", False)  # conftest turns it on; the fake hub is local
    monkeypatch.setattr(models, "_RETRY_DELAY", 0.01)
    attempts = block_external_network(monkeypatch)
    yield
    assert not attempts, f"a test tried to reach the network outside 127.0.0.1: {attempts!r}"


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "malsori.ini"


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache")


@pytest.fixture
def make_panel(qtbot, settings_path: Path, store: ModelStore):
    panels: list[OptionsPanel] = []

    def make(store_: ModelStore | None = None, path: Path | None = None) -> OptionsPanel:
        panel = OptionsPanel(Settings(path or settings_path), store_ or store)
        qtbot.addWidget(panel)
        panel.resize(300, 500)
        panel.show()
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        fake.add_repo(REPO, model_repo_files(model_size=3 << 20))
        yield fake


def select(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def assert_readable(message: str) -> None:
    assert message
    assert "\n" not in message and "Traceback" not in message and "object at 0x" not in message, message


# --- options ----------------------------------------------------------------------


def test_options_follow_the_widgets_and_every_change_is_signalled(make_panel) -> None:
    panel = make_panel()
    assert panel.options() == engine.TranscribeOptions()  # a first launch: the defaults
    assert panel.model_name() == "base" and panel.device() == "auto"
    assert panel.options().language is None and panel.options().task == "transcribe"

    count = []
    panel.changed.connect(lambda: count.append(1))
    select(panel.language_combo, "ko")
    select(panel.task_combo, "translate")
    select(panel.device_combo, "cpu")
    select(panel.model_combo, "tiny.en")
    assert len(count) == 4

    options = panel.options()
    assert options.language == "ko" and options.task == "translate"
    assert panel.device() == "cpu" and panel.model_name() == "tiny.en"
    # tiny.en cannot do Korean: the panel says so instead of failing later
    assert panel.model_hint.isVisibleTo(panel) and "English only" in panel.model_hint.text()
    select(panel.language_combo, "en")
    assert not panel.model_hint.isVisibleTo(panel)


def test_advanced_fields_map_to_transcribe_options(make_panel, qtbot) -> None:
    panel = make_panel()
    assert not panel.advanced_widget.isVisibleTo(panel)
    qtbot.mouseClick(panel.advanced_button, Qt.MouseButton.LeftButton)
    assert panel.advanced_widget.isVisibleTo(panel)

    panel.beam_spin.setValue(3)
    panel.vad_check.setChecked(False)
    panel.words_check.setChecked(False)
    qtbot.keyClicks(panel.prompt_edit, "  Malsori, Seoul, SRT  ")
    qtbot.keyClicks(panel.hotwords_edit, "whisper vLLM")
    options = panel.options()
    assert options.beam_size == 3
    assert options.vad_filter is False and options.word_timestamps is False
    assert options.initial_prompt == "Malsori, Seoul, SRT"
    assert options.hotwords == "whisper vLLM"
    assert options.temperature == engine.TranscribeOptions().temperature  # untouched options keep their defaults

    panel.beam_spin.setValue(99)
    assert panel.options().beam_size == 10
    panel.beam_spin.setValue(0)
    assert panel.options().beam_size == 1
    panel.prompt_edit.setText("   ")
    panel.hotwords_edit.clear()
    assert panel.options().initial_prompt is None and panel.options().hotwords is None


def test_choices_persist_into_a_new_panel_on_a_new_settings_object(make_panel, settings_path: Path, qtbot) -> None:
    first = make_panel()
    select(first.model_combo, "tiny.en")
    select(first.language_combo, "en")
    select(first.task_combo, "translate")
    select(first.device_combo, "cpu")
    first.advanced_button.setChecked(True)
    first.beam_spin.setValue(2)
    first.vad_check.setChecked(False)
    first.prompt_edit.setText("Meeting of the board")
    first.hotwords_edit.setText("Malsori")
    expected = first.options()
    first.close()

    assert "Meeting of the board" in settings_path.read_text()  # on disk, not only in memory
    second = make_panel()
    assert second is not first and second.settings is not first.settings
    assert second.model_name() == "tiny.en"
    assert second.device() == "cpu"
    assert second.options() == expected
    assert second.language_combo.currentText() == "English (en)"
    assert second.advanced_widget.isVisibleTo(second)


def test_language_menu_puts_auto_korean_and_english_first(make_panel) -> None:
    combo = make_panel().language_combo
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert codes[:3] == [None, "ko", "en"]
    assert [combo.itemText(i) for i in range(3)] == ["Auto-detect", "Korean (ko)", "English (en)"]
    assert sorted(codes[1:]) == sorted(LANGUAGES) and len(codes) == len(LANGUAGES) + 1
    rest = [LANGUAGES[c] for c in codes[3:]]
    assert rest == sorted(rest)
    assert combo.itemText(codes.index("ja")) == "Japanese (ja)"


@pytest.mark.parametrize(
    "gpus, text",
    [(0, "Detected: CPU only"), (1, "Detected: 1 CUDA GPU"), (2, "Detected: 2 CUDA GPUs")],
)
def test_device_label_says_what_was_detected(make_panel, monkeypatch, gpus: int, text: str) -> None:
    monkeypatch.setattr(engine, "cuda_device_count", lambda: gpus)
    panel = make_panel()
    assert panel.detected_label.text() == text
    assert [panel.device_combo.itemData(i) for i in range(3)] == ["auto", "cpu", "cuda"]
    select(panel.device_combo, "cuda")
    assert panel.device() == "cuda"
    assert ("falls back to the CPU" in panel.detected_label.text()) == (gpus == 0)


def test_real_detection_matches_ctranslate2(make_panel) -> None:
    panel = make_panel()
    n = engine.cuda_device_count()
    assert panel.detected_label.text().startswith("Detected: CPU only" if n == 0 else f"Detected: {n} CUDA GPU")


# --- models ------------------------------------------------------------------------


def test_model_menu_shows_each_model_state(make_panel) -> None:
    panel = make_panel()
    combo = panel.model_combo
    texts = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert texts["base"] == "base — bundled · 99 languages"
    assert texts["tiny.en"] == "tiny.en — bundled · English only"
    assert texts["small"] == "small — download 484 MB"
    assert texts["large-v3"] == "large-v3 — download 3.1 GB"
    assert texts[LOCAL_FOLDER_ITEM] == "Local folder…"
    assert panel.model_ready()
    assert not panel.download_box.isVisibleTo(panel)

    select(combo, "small")
    assert not panel.model_ready()
    assert panel.download_box.isVisibleTo(panel)
    assert panel.download_button.isVisibleTo(panel) and panel.download_button.text() == "Download"
    assert not panel.download_progress.isVisibleTo(panel)
    assert "484 MB" in panel.download_label.text()
    select(combo, "base")
    assert not panel.download_box.isVisibleTo(panel)


def _model_dir(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "model.bin").write_bytes(b"\0" * 16)
    (path / "config.json").write_text("{}")
    return path


def test_local_folder_is_chosen_validated_and_remembered(make_panel, tmp_path: Path, qtbot) -> None:
    panel = make_panel()
    combo = panel.model_combo
    select(combo, LOCAL_FOLDER_ITEM)
    dialog = panel.findChild(QFileDialog, "localModelDialog")
    assert dialog is not None and dialog.isVisible()
    assert panel.model_name() == "base"  # nothing changes until a folder is picked
    dialog.reject()

    # a folder that is not a model: a clear message, and the choice stays
    not_a_model = tmp_path / "photos"
    not_a_model.mkdir()
    select(combo, LOCAL_FOLDER_ITEM)
    dialog.fileSelected.emit(str(not_a_model))
    box = panel.findChild(QMessageBox, "invalidModelFolderMessage")
    assert box is not None and box.isVisible()
    assert "not a faster-whisper model folder" in box.text() and str(not_a_model) in box.text()
    assert "model.bin" in box.informativeText()
    assert panel.model_name() == "base"
    box.accept()

    good = _model_dir(tmp_path / "my-finetune")
    changed = []
    panel.changed.connect(lambda: changed.append(1))
    select(combo, LOCAL_FOLDER_ITEM)
    dialog.fileSelected.emit(str(good))
    assert panel.model_name() == str(good)
    assert combo.currentText() == "my-finetune — local folder"
    assert panel.model_ready() and changed

    other = _model_dir(tmp_path / "other-finetune")
    select(combo, LOCAL_FOLDER_ITEM)
    dialog.fileSelected.emit(str(other))  # a second folder replaces the first in the same entry
    assert panel.model_name() == str(other) and combo.currentText() == "other-finetune — local folder"
    assert sum(1 for i in range(combo.count()) if "local folder" in combo.itemText(i)) == 1
    assert Settings(panel.settings.path).model_name() == str(other)
    dialog.fileSelected.emit(str(good))

    again = make_panel()
    assert again.model_name() == str(good)

    # the folder disappears between launches: fall back to the default and say so
    for f in good.iterdir():
        f.unlink()
    good.rmdir()
    third = make_panel()
    assert third.model_name() == "base"
    assert third.model_hint.isVisibleTo(third) and "my-finetune" in third.model_hint.text()


# --- downloads -------------------------------------------------------------------------


def test_download_end_to_end_from_a_local_hub(make_panel, hub: FakeHub, tmp_path: Path, qtbot) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=hub.endpoint)
    panel = make_panel(store)
    hub.throttle = 0.01  # ~50 pieces: several progress reports while the GUI keeps running
    select(panel.model_combo, "tiny")
    assert panel.model_combo.currentText() == "tiny — download 75 MB"

    ticks = []
    timer = QTimer(panel)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    values = []
    panel.download_progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
        assert panel.is_downloading()
        assert panel.download_progress.isVisibleTo(panel) and panel.cancel_button.isVisibleTo(panel)
        assert not panel.download_button.isVisibleTo(panel)
    timer.stop()

    assert not panel.is_downloading()
    assert store.state("tiny") is State.INSTALLED
    assert panel.model_ready()
    assert panel.model_combo.currentText() == "tiny — installed · 99 languages"
    assert not panel.download_box.isVisibleTo(panel)
    assert values and values == sorted(values) and values[-1] == 1000 and any(0 < v < 1000 for v in values)
    assert len(ticks) >= 5  # the event loop kept running during the download
    assert (store.download_dir("tiny") / "model.bin").stat().st_size == 3 << 20


def test_cancel_stops_the_download_and_it_resumes_later(make_panel, hub: FakeHub, tmp_path: Path, qtbot) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=hub.endpoint)
    panel = make_panel(store)
    hub.throttle = 0.05
    select(panel.model_combo, "tiny")
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: 0 < panel.download_progress.value() < 1000, timeout=5_000)
    assert "Downloading tiny" in panel.download_label.text()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_downloading(), timeout=2_000)  # cancel answers within a chunk

    assert "cancelled" in panel.download_label.text().lower()
    assert panel.download_button.isVisibleTo(panel) and not panel.cancel_button.isVisibleTo(panel)
    assert store.state("tiny") is State.DOWNLOADABLE
    assert not panel.model_ready()
    fetched_before = hub.body_bytes("model.bin")
    assert 0 < fetched_before < 3 << 20

    hub.throttle = 0.0
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    assert store.state("tiny") is State.INSTALLED
    ranged = [r.range for r in hub.file_requests("model.bin") if r.range]
    assert any(r.startswith("bytes=") and int(r[6:].split("-")[0]) > 0 for r in ranged), ranged  # resumed
    assert hub.body_bytes("model.bin") < 1.25 * (3 << 20)


def test_a_server_that_is_down_gives_a_clear_message_in_the_panel(make_panel, tmp_path: Path, qtbot) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=f"http://127.0.0.1:{free_port()}")
    panel = make_panel(store)
    select(panel.model_combo, "small")
    ticks = []
    timer = QTimer(panel)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_downloading(), timeout=10_000)
    timer.stop()

    message = panel.download_label.text()
    assert message.startswith("Downloading small failed: no connection to the model server"), message
    assert_readable(message)
    assert panel.download_button.isVisibleTo(panel) and panel.download_button.text() == "Try again"
    assert not panel.download_progress.isVisibleTo(panel)
    assert ticks  # the window was not frozen while it tried
    # another model does not show small's error
    select(panel.model_combo, "medium")
    assert "failed" not in panel.download_label.text()
    select(panel.model_combo, "small")
    assert "failed" in panel.download_label.text()


def test_worker_reports_failure_and_its_thread_ends(qtbot, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=f"http://127.0.0.1:{free_port()}")
    worker = ModelDownloadWorker(store)
    gui_thread = threading.get_ident()
    seen = {}
    worker.failed.connect(lambda m: seen.update(thread=threading.get_ident()))
    with qtbot.waitSignal(worker.failed, timeout=10_000) as blocker:
        worker.start("tiny")
        with pytest.raises(RuntimeError):
            worker.start("tiny")  # one at a time
    assert_readable(blocker.args[0])
    assert "no connection" in blocker.args[0]
    assert worker.shutdown(2000)
    assert not worker._thread.isRunning()
    assert seen["thread"] != gui_thread  # a plain callable runs where it is emitted; widgets get it queued


def test_worker_cancel_and_restart(qtbot, hub: FakeHub, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=hub.endpoint)
    worker = ModelDownloadWorker(store)
    hub.throttle = 0.05
    progress: list[tuple[int, int]] = []
    worker.progress.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(worker.cancelled, timeout=5_000):
        worker.start("tiny")
        qtbot.waitUntil(lambda: any(d > 0 for d, _ in progress), timeout=5_000)
        worker.cancel()
    hub.throttle = 0.0
    with qtbot.waitSignal(worker.finished, timeout=10_000) as blocker:
        worker.start("tiny")  # the same worker and thread run again
    assert blocker.args == [str(store.download_dir("tiny"))]
    assert progress[-1][0] == progress[-1][1] > 0
    assert worker.shutdown(2000)


def test_progress_over_2_gib_reaches_the_panel_intact(make_panel) -> None:
    panel = make_panel()
    worker = ModelDownloadWorker(ModelStore())
    worker.progress.connect(panel._download_progress)
    panel._worker, panel._downloading = worker, "large-v3"  # as start_download() leaves them
    worker.progress.emit(3_000_000_000, 3_090_000_000)
    QCoreApplication.processEvents()
    assert panel.download_progress.value() == 970
    assert "3.00 GB of 3.09 GB" in panel.download_label.text()
    panel._downloading = None


def test_shutdown_during_a_download_leaves_no_running_thread(make_panel, hub: FakeHub, tmp_path: Path, qtbot) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=hub.endpoint)
    panel = make_panel(store)
    hub.throttle = 0.05
    select(panel.model_combo, "tiny")
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.download_progress.value() > 0, timeout=5_000)
    thread = panel._worker._thread
    panel.shutdown(2000)
    assert thread.isFinished()


# --- translation ---------------------------------------------------------------------


class _MarkingTranslator(QTranslator):
    """Prefixes every OptionsPanel string, so a test can see which texts went through tr()."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"KO:{source}" if context == "OptionsPanel" else None

    def isEmpty(self) -> bool:
        return False


def test_switching_language_at_runtime_retranslates_everything(make_panel, qtbot) -> None:
    panel = make_panel()
    select(panel.model_combo, "small")
    translator = _MarkingTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: panel.language_combo.itemText(0) == "KO:Auto-detect", timeout=2_000)
        assert panel.model_label.text() == "KO:&Model"
        assert panel.language_combo.itemText(1) == "KO:Korean (ko)"
        assert panel.task_combo.itemText(1) == "KO:Translate to English"
        assert panel.device_combo.itemText(0) == "KO:Auto"
        assert panel.detected_label.text().startswith("KO:Detected")
        assert panel.advanced_button.text() == "KO:Advanced"
        assert panel.vad_check.text().startswith("KO:")
        assert panel.download_button.text() == "KO:Download"
        assert panel.model_combo.currentText().startswith("KO:small")
        assert panel.model_combo.itemText(panel.model_combo.findData(LOCAL_FOLDER_ITEM)) == "KO:Local folder…"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: panel.language_combo.itemText(0) == "Auto-detect", timeout=2_000)
    assert panel.model_label.text() == "&Model"


def test_every_widget_has_an_object_name(make_panel) -> None:
    from PySide6.QtWidgets import QWidget

    panel = make_panel()
    unnamed = [
        type(w).__name__
        for w in panel.findChildren(QWidget)
        if w.parent() is panel or w.parent() in (panel.download_box, panel.advanced_widget)
        if not w.objectName()
    ]
    assert unnamed == [], unnamed


def test_fits_a_narrow_side_column(make_panel) -> None:
    panel = make_panel()
    panel.advanced_button.setChecked(True)
    select(panel.model_combo, "large-v3-turbo")
    assert panel.minimumSizeHint().width() <= 300


def test_beam_patience_is_set_in_advanced_persisted_and_only_offered_with_beam_search(
        make_panel, settings_path: Path) -> None:
    panel = make_panel()
    panel.advanced_button.setChecked(True)
    assert panel.patience_spin.isVisibleTo(panel) and panel.patience_spin.value() == 1.0
    assert panel.options().patience == 1.0 and panel.patience_spin.isEnabled()  # default beam size 5
    panel.patience_spin.setValue(2.0)
    assert panel.options().patience == 2.0
    assert engine.TranscribeOptions(**{**panel.options().to_dict(), "temperature": (0.0,)}).whisper_kwargs()[
        "patience"] == 2.0  # what reaches faster-whisper
    panel.beam_spin.setValue(1)
    assert not panel.patience_spin.isEnabled() and not panel.patience_label.isEnabled()  # greedy ignores it
    panel.beam_spin.setValue(4)
    assert panel.patience_spin.isEnabled()
    panel.close()

    assert "patience=2" in settings_path.read_text()
    again = make_panel()
    assert again.options().patience == 2.0 and again.patience_spin.value() == 2.0
    again.beam_spin.setValue(1)
    again.close()
    greedy = make_panel()
    assert not greedy.patience_spin.isEnabled() and greedy.options().patience == 2.0  # kept for the next beam search


def test_the_speakers_choice_spells_what_the_command_line_takes_and_is_kept(make_panel, settings_path: Path) -> None:
    panel = make_panel()
    choice = panel.speakers_choice
    assert panel.options().speakers is None and not choice.first_spin.isVisible()  # off by default
    select(choice.mode_combo, "auto")
    assert panel.options().speakers == "auto" and not choice.first_spin.isVisible()
    select(choice.mode_combo, "exact")
    choice.first_spin.setValue(3)
    assert panel.options().speakers == "3" and choice.first_spin.isVisible() and not choice.second_spin.isVisible()
    select(choice.mode_combo, "range")
    choice.first_spin.setValue(5)  # above the maximum (4): the maximum follows
    assert panel.options().speakers == "5-5"
    choice.second_spin.setValue(7)
    assert panel.options().speakers == "5-7"
    again = make_panel(path=settings_path)  # the next launch shows the same choice
    assert again.options().speakers == "5-7" and again.speakers_choice.mode_combo.currentData() == "range"
    select(choice.mode_combo, "channels")
    assert make_panel(path=settings_path).options().speakers == "channels"
    select(choice.mode_combo, "off")
    assert make_panel(path=settings_path).options().speakers is None
