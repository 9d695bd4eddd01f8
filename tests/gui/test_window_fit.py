"""The main window fits the screen it opens on, remembers its geometry within the
screen, and still works at 800×600. Real widgets on the offscreen platform (which
draws a frame and title bar); small screens in a child process of their own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QScrollArea

from malsori.core.project import ProjectStore
from malsori.core.recovery import RecoveryStore
from malsori.ui.main_window import MainWindow
from malsori.ui.screen_fit import FRAME_ALLOWANCE, first_geometry
from malsori.ui.settings import Settings


def _window(qtbot, tmp_path) -> MainWindow:
    window = MainWindow(Settings(tmp_path / "malsori.ini"), ProjectStore(tmp_path / "projects"),
                        recovery=RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(window)
    return window


def test_a_first_open_keeps_the_frame_inside_a_laptop_screens_free_area():
    laptop = QRect(0, 32, 1280, 768)  # 1280×800 with a 32 px top panel
    geometry = first_geometry(laptop, QSize(1280, 800))
    with_frame = QRect(geometry.topLeft(), geometry.size() + FRAME_ALLOWANCE)
    assert laptop.contains(with_frame), (geometry, laptop)
    assert geometry.height() == 768 - FRAME_ALLOWANCE.height()  # as tall as it can be, no taller
    big = QRect(0, 0, 2560, 1440)
    assert first_geometry(big, QSize(1280, 800)).size() == QSize(1280, 800)  # room: the preferred size, centred
    assert big.center().x() - 20 < first_geometry(big, QSize(1280, 800)).center().x() < big.center().x() + 20


@pytest.mark.parametrize("width, height", [(1280, 800), (800, 600)])
def test_a_first_window_opens_inside_a_small_screen_with_its_status_bar_visible(tmp_path, width, height):
    child = subprocess.run([sys.executable, str(Path(__file__).with_name("window_fit_child.py")),
                            str(width), str(height), str(tmp_path)],
                           capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert child.returncode == 0, child.stderr[-2000:]
    seen = json.loads(child.stdout.strip().splitlines()[-1])
    available, frame, bar = (QRect(*seen[k]) for k in ("available", "frame", "status_bar"))
    assert available.size() == QSize(width, height)
    assert available.contains(frame), seen  # the title bar and the frame too
    assert available.contains(bar) and bar.height() > 0, seen
    assert frame.height() > height * 0.8  # uses the screen, not a timid little window


@pytest.mark.parametrize("recording_open", [False, True])
def test_the_window_works_at_800_by_600(qtbot, tmp_path, recording_open):
    window = _window(qtbot, tmp_path)
    assert window.minimumSize().width() <= 800 and window.minimumSize().height() <= 600
    window.options_panel.advanced_button.setChecked(True)
    window.recording_dock.setVisible(recording_open)
    window.show()
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.size() == QSize(800, 600), timeout=2000)
    qtbot.wait(100)  # the layouts settle (the button row may switch to two rows)
    assert window.minimumSizeHint().width() <= 800 and window.minimumSizeHint().height() <= 600
    # Every button of the queue is whole (not squeezed below its text), inside the window, and
    # none covers another: the two groups stack when the middle is too narrow for one row.
    buttons = (window.cancel_button, window.cancel_all_button, window.retry_button, window.remove_button,
               window.edit_button, window.export_button, window.export_all_button)
    rects = [QRect(b.mapTo(window, b.rect().topLeft()), b.size()) for b in buttons]
    for button, rect in zip(buttons, rects):
        assert window.rect().contains(rect) and rect.width() >= button.sizeHint().width(), button.objectName()
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    if recording_open:  # the middle is far too narrow for one row of seven buttons
        assert window.queue_buttons.stacked()
    # The options that do not fit the side column are reached by scrolling, not cut off.
    scroll = next(a for a in window.findChildren(QScrollArea) if a.widget() is window.options_panel)
    assert scroll.verticalScrollBar().maximum() >= 0 and scroll.widgetResizable()
    scroll.ensureWidgetVisible(window.options_panel.hotwords_edit)
    field = window.options_panel.hotwords_edit
    assert scroll.viewport().rect().intersects(QRect(field.mapTo(scroll.viewport(), field.rect().topLeft()), field.size()))
    assert window.rect().contains(window.statusBar().geometry())
    window.close()


def test_a_remembered_geometry_is_restored_and_kept_inside_the_screen(qtbot, tmp_path):
    first = _window(qtbot, tmp_path)
    first.show()
    first.setGeometry(QRect(40, 60, 700, 520))
    qtbot.waitUntil(lambda: first.geometry().size() == QSize(700, 520), timeout=2000)
    first.close()  # saves it
    again = _window(qtbot, tmp_path)
    again.show()
    qtbot.waitExposed(again)
    assert again.geometry().size() == QSize(700, 520)

    huge = _window(qtbot, tmp_path)  # saved on a bigger screen (or another monitor), then reopened here
    huge.show()
    huge.setGeometry(QRect(3000, 2000, 2400, 1600))
    huge.close()
    back = _window(qtbot, tmp_path)
    back.show()
    qtbot.waitExposed(back)
    available = back.screen().availableGeometry()
    assert available.contains(back.frameGeometry()), (back.frameGeometry(), available)
    back.close()


def test_a_wide_window_keeps_the_queue_buttons_on_one_row(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    window.show()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.size() == QSize(1280, 800), timeout=2000)
    qtbot.wait(100)
    assert not window.queue_buttons.stacked()
    assert window.cancel_button.mapTo(window, window.cancel_button.rect().topLeft()).y() == \
        window.export_all_button.mapTo(window, window.export_all_button.rect().topLeft()).y()
    window.close()


def test_longer_button_texts_restack_the_row_without_a_resize(qtbot):
    from PySide6.QtWidgets import QPushButton

    from malsori.ui.button_row import ButtonRow

    left = [QPushButton("A") for _ in range(3)]
    right = [QPushButton("B") for _ in range(3)]
    row = ButtonRow(left, right)
    qtbot.addWidget(row)
    row.show()
    row.resize(row.sizeHint().width() + 40, row.sizeHint().height())
    qtbot.waitUntil(lambda: not row.stacked(), timeout=2000)
    for button in left:  # as when the interface switches to a language with longer words
        button.setText("A much longer label")
    qtbot.waitUntil(row.stacked, timeout=2000)
    assert row.width() < row.sizeHint().width()
