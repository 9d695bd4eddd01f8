"""File ▸ Export training data: the dialog exports the projects picked in History on its worker
thread and shows what it wrote; Cancel stops it and leaves the folder as it was. Real widgets
offscreen, real projects over generated audio, the real export."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from malsori.core import audio
from malsori.core.project import Project, ProjectStore
from malsori.core.transcript import Segment, Transcript
from malsori.ui.dataset_dialog import DatasetDialog
from malsori.ui.jobs import clock
from malsori.ui.settings import Settings
from tests.gui.test_main_window import make_window
from tests.speech import joined, speak

TIMEOUT_MS = 30_000


def noise(path: Path, seconds: float) -> Path:
    samples = np.random.default_rng(1).normal(0, 0.01, round(seconds * audio.SAMPLE_RATE)).astype(np.float32)
    soundfile.write(str(path), samples, audio.SAMPLE_RATE, subtype="PCM_16")
    return path


def test_the_dialog_exports_the_project_selected_in_history_and_shows_the_summary(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    first = speak("Good morning.", tmp_path / "a.wav")
    media = joined(tmp_path / "talk.wav", first, 3.0, speak("The meeting starts at ten.", tmp_path / "b.wav"))
    gap, length = soundfile.info(str(first)).duration, soundfile.info(str(media)).duration
    picked = window.projects.create(Transcript((Segment(0.0, gap, "Good morning."),
                                                Segment(gap + 3.0, length, "The meeting starts at 10.")),
                                               language="en", duration=length), media, title="picked")
    window.projects.create(Transcript((Segment(0.0, 1.0, "not this one"),), language="en", duration=length), media,
                           title="other")
    window.history.refresh()
    listing = window.history.list
    for i in range(listing.count()):
        listing.item(i).setSelected(listing.item(i).data(Qt.ItemDataRole.UserRole) == str(picked))

    window.dataset_action.trigger()
    dialog = window.findChild(DatasetDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.selected_projects() == [picked] and dialog.projects.count() == 2
    out = tmp_path / "training data"
    dialog.folder_edit.setText(str(out))
    dialog.spell_numbers.setChecked(True)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=TIMEOUT_MS)

    assert dialog.summary is not None and dialog.summary.clips == 2
    assert dialog.result.text().startswith(
        f"Wrote 2 clip(s), {clock(dialog.summary.seconds)} of audio (0.00 hours), to {out}: 1 for training, "
        "1 for testing.")
    texts = []
    for split in ("train", "test"):
        with open(out / split / "metadata.csv", newline="", encoding="utf-8") as f:
            texts += [row["transcription"] for row in csv.DictReader(f)]
    assert sorted(texts) == ["Good morning.", "The meeting starts at ten."]
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isVisible()
    assert window.settings.get("dialogs/dataset_dir", "") == str(out)
    assert window.settings.get("dataset/spell_numbers", False) is True
    dialog.close()
    assert not dialog.isVisible()


def test_cancel_stops_the_export_and_leaves_the_folder_empty(qtbot, tmp_path):
    minutes = 10
    media = noise(tmp_path / "long.wav", minutes * 60)
    segments = tuple(Segment(i * 2.0, i * 2.0 + 1.0, f"line {i}") for i in range(minutes * 30))
    store = ProjectStore(tmp_path / "projects")
    path = store.create(Transcript(segments, language="en", duration=minutes * 60.0), media, title="long")
    dialog = DatasetDialog(store, [path], Settings(tmp_path / "malsori.ini"))
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "out"
    dialog.folder_edit.setText(str(out))
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=TIMEOUT_MS)
    assert dialog.running() and dialog.cancel_button.isVisible() and not dialog.projects.isEnabled()
    thread = dialog.worker.thread_
    started = time.monotonic()
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=TIMEOUT_MS)
    assert time.monotonic() - started < 2 and not thread.isRunning()
    assert dialog.isVisible() and dialog.summary is None
    assert dialog.result.text() == "Cancelled; the folder was left as it was."
    assert not out.exists() or list(out.iterdir()) == []
    assert dialog.export_button.isEnabled() and dialog.projects.isEnabled()

    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # again, then closed midway
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=TIMEOUT_MS)
    thread = dialog.worker.thread_
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not thread.isRunning() and not dialog.running()
    assert not out.exists() or list(out.iterdir()) == []
