"""Window sizes that fit the person's screen.

A window asked for 1280×800 on a 1280×800 laptop screen is taller than what is
left after the title bar and the desktop's panels, so its status bar and bottom
buttons end up off-screen. A first-time window therefore takes its preferred
size only where the screen's available area (panels excluded) has room for it
and its frame, and is centred there. A remembered geometry is restored by Qt, which moves it
onto a screen that is there now; one that still does not fit (saved on a bigger
monitor) is shrunk to fit the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the window manager's frame before it can be measured (the frame
#: is known only once the window is shown): a title bar and the borders.
FRAME_ALLOWANCE = QSize(16, 48)

#: The smallest main window that still works: every control reachable at 800×600.
MINIMUM_SIZE = QSize(640, 480)


def first_geometry(available: QRect, preferred: QSize, frame: QSize = FRAME_ALLOWANCE) -> QRect:
    """The client area for a first open: ``preferred``, shrunk so that it and its
    frame fit ``available``, centred in it (the position is the frame's top-left)."""
    room = QSize(max(1, available.width() - frame.width()), max(1, available.height() - frame.height()))
    size = preferred.boundedTo(room)
    left = available.x() + (available.width() - size.width() - frame.width()) // 2
    top = available.y() + (available.height() - size.height() - frame.height()) // 2
    return QRect(QPoint(max(available.x(), left), max(available.y(), top)), size)


def _available(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def keep_on_screen(window: QWidget) -> None:
    """After a remembered geometry is restored: Qt puts it back on a screen that
    exists, but can leave its frame a little outside, or keep a size from a bigger
    monitor. If the window and its frame do not fit the free area, shrink and centre it."""
    available = _available(window)
    if available is None:
        return
    if available.contains(QRect(window.pos(), window.size() + FRAME_ALLOWANCE)):
        return
    geometry = first_geometry(available, window.size())
    window.resize(geometry.size())
    window.move(geometry.topLeft())


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """Size and place a window that has no remembered geometry on its screen."""
    available = _available(window)
    if available is None:  # no screen at all (should not happen with a display): keep Qt's choice
        window.resize(preferred)
        return
    geometry = first_geometry(available, preferred)
    window.resize(geometry.size())
    window.move(geometry.topLeft())
