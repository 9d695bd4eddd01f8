"""The Speakers choice of the options panel: off, automatic, exactly N, a range, one per channel.

It edits the same spelling the command line takes (``TranscribeOptions.speakers``:
None, "auto", "3", "2-4", "channels"), so the window and ``--speakers`` cannot
mean different things.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QWidget

from ..core.diarization import CHANNELS, DEFAULT_MAX_SPEAKERS, SpeakerCount, parse_speakers

OFF, AUTO, EXACT, RANGE = "off", "auto", "exact", "range"
MODES = (OFF, AUTO, EXACT, RANGE, CHANNELS)
MAX_SPIN = 20


class SpeakersChoice(QWidget):
    """A mode combo with the spin boxes its mode needs beside it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="speakersChoice")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.mode_combo = QComboBox(objectName="speakersCombo")
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo.setMinimumContentsLength(6)
        self.mode_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for mode in MODES:
            self.mode_combo.addItem("", mode)
        self.first_spin = QSpinBox(objectName="speakersFirstSpin")
        self.dash = QLabel("–")
        self.second_spin = QSpinBox(objectName="speakersSecondSpin")
        for spin in (self.first_spin, self.second_spin):
            spin.setRange(1, MAX_SPIN)
        self.first_spin.setValue(2)
        self.second_spin.setValue(4)
        row.addWidget(self.mode_combo, 1)
        row.addWidget(self.first_spin)
        row.addWidget(self.dash)
        row.addWidget(self.second_spin)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.first_spin.valueChanged.connect(self._first_changed)
        self.second_spin.valueChanged.connect(self._second_changed)
        self._show_spins()
        self.retranslate_ui()

    def value(self) -> str | None:
        """The choice as ``TranscribeOptions.speakers`` spells it."""
        mode = self.mode_combo.currentData()
        if mode == OFF:
            return None
        if mode == EXACT:
            return str(self.first_spin.value())
        if mode == RANGE:
            return SpeakerCount(minimum=self.first_spin.value(), maximum=self.second_spin.value()).spec()
        return mode  # "auto" or "channels"

    def set_value(self, spec: str | None) -> None:
        found = parse_speakers(spec) if spec else None
        signals = self.blockSignals(True)
        if found is None:
            mode = OFF
        elif found == CHANNELS:
            mode = CHANNELS
        elif isinstance(found, SpeakerCount) and found.exact:
            mode = EXACT
            self.first_spin.setValue(found.exact)
        elif isinstance(found, SpeakerCount) and (found.minimum, found.maximum) != (1, DEFAULT_MAX_SPEAKERS):
            mode = RANGE
            self.first_spin.setValue(found.minimum)
            self.second_spin.setValue(found.maximum)
        else:
            mode = AUTO
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(mode), 0))
        self._show_spins()
        self.blockSignals(signals)

    def _mode_changed(self, _index: int) -> None:
        self._show_spins()
        self.changed.emit()

    def _first_changed(self, value: int) -> None:
        if self.mode_combo.currentData() == RANGE and self.second_spin.value() < value:
            self.second_spin.setValue(value)
        self.changed.emit()

    def _second_changed(self, value: int) -> None:
        if self.first_spin.value() > value:
            self.first_spin.setValue(value)
        self.changed.emit()

    def _show_spins(self) -> None:
        mode = self.mode_combo.currentData()
        self.first_spin.setVisible(mode in (EXACT, RANGE))
        self.dash.setVisible(mode == RANGE)
        self.second_spin.setVisible(mode == RANGE)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        texts = {
            OFF: (self.tr("Off"), self.tr("No speaker labels")),
            AUTO: (self.tr("Automatic"), self.tr("Find how many people speak and who says what")),
            EXACT: (self.tr("Exactly"), self.tr("You know how many people speak")),
            RANGE: (self.tr("Between"), self.tr("At least and at most this many people speak")),
            CHANNELS: (self.tr("One per channel"),
                       self.tr("A call or podcast recorded with a track per person: each channel is one speaker")),
        }
        for i in range(self.mode_combo.count()):
            text, tip = texts[self.mode_combo.itemData(i)]
            self.mode_combo.setItemText(i, text)
            self.mode_combo.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.setToolTip(self.tr("Label who speaks, on this computer (nothing is sent anywhere)"))
        self.first_spin.setToolTip(self.tr("Number of speakers"))
        self.second_spin.setToolTip(self.tr("At most this many speakers"))
