"""The model panel's "Import fine-tuned model…" without the convert extra (this environment has
no transformers): the checkpoint dialog, the messages, and imported models in the menu.

The import itself, with the extra, is tested in tests/convert (``make test-convert``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from malsori.core.models import IMPORTED_MARKER, ModelStore
from malsori.ui.options_panel import IMPORT_ITEM, OptionsPanel
from malsori.ui.settings import Settings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.model_folders import checkpoint, imported_model, needs_no_convert_extra


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache")


@pytest.fixture
def panel(qtbot, tmp_path: Path, store: ModelStore) -> OptionsPanel:
    made = OptionsPanel(Settings(tmp_path / "malsori.ini"), store)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.shutdown()


def choose_import(panel: OptionsPanel, folder: Path) -> QMessageBox:
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(IMPORT_ITEM))
    dialog = panel.findChild(QFileDialog, "checkpointDialog")
    assert dialog is not None and dialog.isVisible()
    assert panel.model_name() == "base"  # the menu stays on the chosen model meanwhile
    dialog.fileSelected.emit(str(folder))
    return panel.findChild(QMessageBox, "invalidModelFolderMessage")


def test_a_folder_that_is_no_checkpoint_is_explained(panel: OptionsPanel, tmp_path: Path) -> None:
    assert panel.model_combo.itemText(panel.model_combo.findData(IMPORT_ITEM)) == "Import fine-tuned model…"
    (tmp_path / "photos").mkdir()
    box = choose_import(panel, tmp_path / "photos")
    assert box.isVisible() and box.windowTitle() == "Not a fine-tuned Whisper checkpoint"
    assert "has no config.json" in box.text() and "tokenizer.json" in box.informativeText()
    assert panel.model_name() == "base" and not panel.is_importing()


@needs_no_convert_extra
def test_without_the_extra_the_message_says_how_to_install_it(
    panel: OptionsPanel, tmp_path: Path, store: ModelStore
) -> None:
    folder = checkpoint(tmp_path / "whisper-ko", ModelStore().resolve("tiny.en") / "tokenizer.json")
    box = choose_import(panel, folder)
    assert box.isVisible() and box.windowTitle() == "The convert extra is missing"
    assert "convert extra" in box.text() and 'pip install "malsori[convert]"' in box.informativeText()
    assert not panel.is_importing() and not panel.download_box.isVisibleTo(panel)
    assert not (store.data_dir / "models").exists()


def test_imported_models_are_in_the_menu_and_remembered(qtbot, tmp_path: Path, store: ModelStore) -> None:
    imported_model(store, "whisper-ko", quantization="int8", multilingual=True)
    imported_model(store, "meetings-en", quantization="float16", multilingual=False)
    settings = tmp_path / "malsori.ini"
    first = OptionsPanel(Settings(settings), store)
    qtbot.addWidget(first)
    combo = first.model_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[-3:] == ["", "Local folder…", "Import fine-tuned model…"]  # separator, then the two actions
    assert "meetings-en — imported · English only" in texts and "whisper-ko — imported · 99 languages" in texts
    combo.setCurrentIndex(combo.findData("meetings-en"))
    assert first.model_ready() and first.model_name() == "meetings-en"
    first.language_combo.setCurrentIndex(first.language_combo.findData("ko"))
    assert "English only" in first.model_hint.text()  # an imported English model warns as tiny.en does
    first.shutdown()

    second = OptionsPanel(Settings(settings), store)
    qtbot.addWidget(second)
    assert second.model_name() == "meetings-en"
    second.shutdown()
    (store.download_dir("meetings-en") / IMPORTED_MARKER).unlink()  # removed by hand: gone from the list
    third = OptionsPanel(Settings(settings), store)
    qtbot.addWidget(third)
    assert third.model_name() == "base" and "meetings-en" in third.model_hint.text()
    third.shutdown()
