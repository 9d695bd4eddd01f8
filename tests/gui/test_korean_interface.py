"""The Korean interface has no English leftovers, and English reads its plurals right.

Real widgets offscreen with the app's real translations (resources/translations)
and Qt's own (qtbase_ko.qm from PySide6), installed the way the app installs them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from malsori.core.languages import LANGUAGES, KOREAN_NAMES, parse_language
from malsori.core.project import ProjectStore
from malsori.core.recovery import RecoveryStore
from malsori.ui import i18n
from malsori.ui.editor_window import EditorWindow
from malsori.ui.history_panel import HistoryPanel
from malsori.ui.jobs import Column, Job, JobQueueModel
from malsori.ui.options_panel import OptionsPanel
from malsori.ui.recording_panel import RecordingPanel
from malsori.ui.settings import Settings
from malsori.ui.summary_panel import SummaryPanel
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QTreeView

from tests.gui.editor_fixtures import meeting_transcript, project_of


@pytest.fixture
def korean(qapp):
    """Switch to Korean as Settings ▸ Interface language does; back to English after."""
    assert i18n.apply_language("ko") == "ko"
    yield
    i18n.apply_language("en")


def _deliver_language_change() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    QApplication.processEvents()


def test_qts_own_buttons_and_dialogs_speak_korean(korean, qtbot, tmp_path):
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["확인", "취소"])
    (tmp_path / "recordings").mkdir()
    dialog = QFileDialog(None, "열기", str(tmp_path))  # Qt's own file dialog, as on a desktop without a portal
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    english = [label.text() for label in dialog.findChildren(QLabel) if re.search("[A-Za-z]{2}", label.text())]
    assert english == []  # "Look in:" and "Files of type:" too (qt_extra_ko fills qtbase_ko's gaps)
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 1, timeout=3000)
    assert view.model().index(0, 2, view.rootIndex()).data() == "폴더"  # the Type column


def test_language_names_are_korean_in_the_korean_interface(korean, qtbot, tmp_path):
    panel = OptionsPanel(Settings(tmp_path / "malsori.ini"))
    qtbot.addWidget(panel)
    combo = panel.language_combo
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert codes[:3] == [None, "ko", "en"]
    assert [combo.itemText(i) for i in (1, 2)] == ["한국어 (ko)", "영어 (en)"]
    assert combo.itemText(codes.index("ja")) == "일본어 (ja)"
    rest = [KOREAN_NAMES[c] for c in codes[3:]]
    assert rest == sorted(rest)  # 가나다 order in Korean
    assert not any(LANGUAGES[c] in combo.itemText(i) for i, c in enumerate(codes) if c and c != "ko")

    queue = JobQueueModel()
    queue.add(Job(Path("talk.wav"), language="en"))
    assert queue.data(queue.index(0, Column.LANGUAGE)) == "영어"

    summary = SummaryPanel(Settings(tmp_path / "malsori.ini"))
    qtbot.addWidget(summary)
    summary.set_source("하나\n둘\n셋", "en")
    assert summary.source_label.text().startswith("구간 3개 · 영어 · ")
    summary.shutdown()

    store = ProjectStore(tmp_path / "projects")
    store.create(meeting_transcript(), media=str(tmp_path / "meeting.wav"))
    history = HistoryPanel(store)
    qtbot.addWidget(history)
    history.refresh()
    assert history.list.item(0).text().endswith(" · 영어")

    assert parse_language("영어") == "en" and parse_language("한국어") == "ko"


def test_switching_language_at_runtime_renames_the_default_input_and_the_languages(qtbot, tmp_path):
    settings = Settings(tmp_path / "malsori.ini")
    recording = RecordingPanel(settings)
    options = OptionsPanel(settings)
    for widget in (recording, options):
        qtbot.addWidget(widget)
    options.language_combo.setCurrentIndex(options.language_combo.findData("de"))
    assert recording.device_combo.itemText(0) == "Default input"
    try:
        i18n.apply_language("ko")
        _deliver_language_change()
        qtbot.waitUntil(lambda: recording.device_combo.itemText(0) == "기본 입력", timeout=3000)
        qtbot.waitUntil(lambda: options.language_combo.currentText() == "독일어 (de)", timeout=3000)
        assert options.options().language == "de"  # re-sorting kept the choice
    finally:
        i18n.apply_language("en")
    qtbot.waitUntil(lambda: recording.device_combo.itemText(0) == "Default input", timeout=3000)
    qtbot.waitUntil(lambda: options.language_combo.currentText() == "German (de)", timeout=3000)
    recording.shutdown()


def test_the_editor_title_is_korean(korean, qtbot, tmp_path):
    editor = EditorWindow(project_of(meeting_transcript()), None, Settings(tmp_path / "malsori.ini"),
                          RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "meeting — 말소리 편집기"
    editor.close()


def test_english_plurals_read_as_english(qapp, qtbot, tmp_path):
    i18n.apply_language("en")
    summary = SummaryPanel(Settings(tmp_path / "malsori.ini"))
    qtbot.addWidget(summary)
    summary.set_source("one", None)
    assert summary.source_label.text().startswith("1 segment · ")
    summary.set_source("one\ntwo", None)
    assert summary.source_label.text().startswith("2 segments · ")
    assert "(s)" not in summary.source_label.text()
    summary.shutdown()
