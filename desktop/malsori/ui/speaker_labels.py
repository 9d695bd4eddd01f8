"""The "Name speakers in exported subtitles" switch: one setting that the window's and
the editor's exports both follow, so a file says who speaks the same way from either.
JSON and RTTM carry the speakers whatever it says (they are the data, not a label)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .settings import Settings

KEY = "export/speaker_labels"


def speaker_labels(settings: Settings) -> bool:
    """Whether exports write "Name: " before SRT cues and TXT lines, WebVTT voices and ASS actors."""
    return settings.get(KEY, True)


def speaker_labels_action(settings: Settings, menu: QMenu) -> QAction:
    """A checkable action in ``menu`` for the setting; it shows the setting's current
    value each time the menu opens, since another window may have changed it."""
    action = QAction(menu, checkable=True)
    action.setChecked(speaker_labels(settings))
    action.toggled.connect(lambda on: settings.set(KEY, on))
    menu.aboutToShow.connect(lambda: action.setChecked(speaker_labels(settings)))
    menu.addAction(action)
    return action


def retranslate(action: QAction) -> None:
    """The switch's text in the interface language (one string for both menus)."""
    action.setText(QCoreApplication.translate("SpeakerLabels", "Name speakers in &exported subtitles"))
