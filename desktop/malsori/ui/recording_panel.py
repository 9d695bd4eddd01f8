"""The recording panel: pick an input, record with a level meter, see live captions.

The recorder (core/recorder.py) writes to disk from its own threads; live
captions (core/live.py) run their model in a Python thread of their own, so the
transcription queue's model is never disturbed. Their callbacks arrive on those
threads and are re-emitted here as Qt signals, which Qt queues to the GUI thread.
When a session stops, the file goes through the same queue as a dropped file for
a full-quality transcript.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core import paths
from ..core.engine import Transcriber
from ..core.live import Captions, LiveTranscriber
from ..core.models import ModelError
from ..core.recorder import AudioSource, Recorder, RecorderError, SoundDeviceSource, list_input_devices
from .jobs import clock
from .settings import Settings

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Signals emitted from recorder and caption threads, delivered in the GUI thread."""

    level = Signal(float)
    failed = Signal(str)
    captions = Signal(object)
    live_failed = Signal(str)


def captions_html(captions: Captions) -> str:
    """One paragraph per caption block (utterance) in the normal colour, the
    tentative tail greyed at the end of the last one, or in a paragraph of its own
    when it follows a pause."""
    paragraphs = [html.escape(block.text) for block in captions.blocks]
    if captions.tentative:
        greyed = 'style="color: palette(placeholder-text); font-style: italic"'
        tail = f"<span {greyed}>{html.escape(captions.tentative)}</span>"
        if captions.new_block or not paragraphs:
            paragraphs.append(tail)
        else:
            paragraphs[-1] += " " + tail
    return "".join(f"<p>{p}</p>" for p in paragraphs) or "<p></p>"


class CaptionWindow(QWidget):
    """Large captions for a second screen or a projector."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("captionWindow")
        self.view = QTextBrowser()
        font = QFont(self.view.font())
        font.setPointSizeF(font.pointSizeF() * 2.4)
        self.view.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.view)
        self.resize(900, 300)
        self.setWindowTitle(self.tr("Live captions"))

    def show_captions(self, captions: Captions) -> None:
        self.view.setHtml(captions_html(captions))
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())


class RecordingPanel(QWidget):
    """Record / pause / stop with a level meter and live captions."""

    #: the finished (or interrupted) recording, ready for a full transcription
    recording_finished = Signal(Path)

    def __init__(self, settings: Settings, model_name: Callable[[], str] = lambda: "base",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordingPanel")
        self.settings = settings
        self.model_name = model_name
        self.recorder: Recorder | None = None
        self.live: LiveTranscriber | None = None
        self._live_stop = threading.Event()
        self._live_thread: threading.Thread | None = None
        self._live_transcriber: Transcriber | None = None
        self.caption_window: CaptionWindow | None = None
        self.bridge = _Bridge()
        self.bridge.level.connect(self._level)
        self.bridge.failed.connect(self._failed)
        self.bridge.captions.connect(self._captions)
        self.bridge.live_failed.connect(lambda message: self.status.setText(message))

        self.device_combo = QComboBox(objectName="deviceCombo")
        self.refresh_button = QPushButton(objectName="refreshDevicesButton")
        self.refresh_button.clicked.connect(self.refresh_devices)
        self.meter = QProgressBar(objectName="levelMeter")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(12)
        self.record_button = QPushButton(objectName="recordButton")
        self.pause_button = QPushButton(objectName="pauseButton")
        self.stop_button = QPushButton(objectName="stopButton")
        self.elapsed_label = QLabel("0:00", objectName="elapsedLabel")
        self.live_check = QCheckBox(objectName="liveCheck")
        self.live_check.setChecked(self.settings.get("recording/live_captions", True))
        self.live_check.toggled.connect(lambda on: self.settings.set("recording/live_captions", on))
        self.detach_button = QPushButton(objectName="detachButton")
        self.captions_view = QTextBrowser(objectName="captionsView")
        self.status = QLabel(objectName="recordingStatus")
        self.status.setWordWrap(True)
        self.record_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.detach_button.clicked.connect(self.detach_captions)

        devices = QHBoxLayout()
        devices.addWidget(self.device_combo, 1)
        devices.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        for widget in (self.record_button, self.pause_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addStretch()
        buttons.addWidget(self.elapsed_label)
        options = QHBoxLayout()
        options.addWidget(self.live_check)
        options.addStretch()
        options.addWidget(self.detach_button)
        layout = QVBoxLayout(self)
        layout.addLayout(devices)
        layout.addWidget(self.meter)
        layout.addLayout(buttons)
        layout.addLayout(options)
        layout.addWidget(self.captions_view, 1)
        layout.addWidget(self.status)

        self._clock = QTimer(self, interval=250)
        self._clock.timeout.connect(self._tick)
        self.retranslate_ui()
        self.refresh_devices()
        self._update_buttons()

    # --- texts and devices -------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.device_combo.setToolTip(self.tr("The microphone, or a system-sound (monitor) source to record a call or a video"))
        self.record_button.setText(self.tr("● Record"))
        self.pause_button.setText(self.tr("Resume") if self._paused() else self.tr("Pause"))
        self.stop_button.setText(self.tr("■ Stop"))
        self.live_check.setText(self.tr("Live captions"))
        self.detach_button.setText(self.tr("Captions window…"))
        self.meter.setToolTip(self.tr("Input level"))
        self._label_devices()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh_devices(self) -> None:
        self.device_combo.clear()
        self.device_combo.addItem("", None)  # the default input
        # PulseAudio sources share one PortAudio index: keep the whole InputDevice
        for device in list_input_devices(rescan=not self.recording()):
            self.device_combo.addItem("", device)
        self._label_devices()
        saved = self.settings.get("recording/device", "")  # a device's name: the same in every language
        found = next((i for i in range(1, self.device_combo.count()) if self.device_combo.itemData(i).name == saved), 0)
        self.device_combo.setCurrentIndex(found if saved else 0)

    def _label_devices(self) -> None:
        """The inputs' names in the interface language (re-set when it changes)."""
        system_sound = self.tr("system sound")
        for i in range(self.device_combo.count()):
            device = self.device_combo.itemData(i)
            label = (self.tr("Default input") if device is None
                     else f"{device.name} ({system_sound})" if device.is_monitor else device.name)
            self.device_combo.setItemText(i, label)

    def make_source(self) -> AudioSource:
        """The audio source to record from (tests replace this with a file played in real time)."""
        device = self.device_combo.currentData()
        self.settings.set("recording/device", device.name if device is not None else "")
        return SoundDeviceSource(self.device_combo.currentData())

    # --- session ------------------------------------------------------------------------------

    def _paused(self) -> bool:
        return self.recorder is not None and self.recorder.state == "paused"

    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.state in ("recording", "paused")

    def start(self) -> None:
        if self.recording():
            return
        self.status.setText("")
        self.captions_view.clear()
        if self.live_check.isChecked():
            self._start_live()  # before the recorder, so its first audio reaches the captions
        try:
            self.recorder = Recorder(
                self.make_source(), paths.data_dir() / "recordings",
                on_level=self.bridge.level.emit, on_error=lambda exc: self.bridge.failed.emit(str(exc)),
                on_audio=self._to_live,
            )
            path = self.recorder.start()
        except RecorderError as exc:
            self.recorder = None
            self._live_stop.set()
            self.live = None
            self.status.setText(str(exc))
            self._update_buttons()
            return
        self.status.setText(self.tr("Recording to %1").replace("%1", str(path)))
        self._clock.start()
        self._update_buttons()

    def _to_live(self, samples) -> None:
        if self.live is not None:
            self.live.feed(samples)

    def _start_live(self) -> None:
        """Live captions on their own model and thread. The captioner exists before the
        first audio block arrives (none is dropped); its model loads on the thread."""
        self._live_stop = threading.Event()
        name = self.model_name()
        if self._live_transcriber is None or self._live_transcriber.model_name != name:
            self._live_transcriber = Transcriber(name, device="auto")  # loads lazily, off this thread
        self.live = live = LiveTranscriber(self._live_transcriber, on_update=self.bridge.captions.emit)

        def run() -> None:
            try:
                live.run(self._live_stop)
                live.finish()  # its on_update delivers the final captions
            except (ModelError, RuntimeError) as exc:
                log.warning("live captions stopped: %s", exc)
                self.bridge.live_failed.emit(str(exc))

        self._live_thread = threading.Thread(target=run, name="live captions", daemon=True)
        self._live_thread.start()

    def toggle_pause(self) -> None:
        if self.recorder is None:
            return
        if self._paused():
            self.recorder.resume()
        elif self.recorder.state == "recording":
            self.recorder.pause()
        self.retranslate_ui()
        self._update_buttons()

    def stop(self) -> Path | None:
        """Stop, keep the file, and hand it on for a full-quality transcript."""
        if self.recorder is None:
            return None
        path = self.recorder.stop()
        self._finish(path)
        return path

    def _finish(self, path: Path) -> None:
        self._clock.stop()
        self._tick()
        self._live_stop.set()
        if self._live_thread is not None:
            self._live_thread.join(timeout=30)
            self._live_thread = None
        self.live = None
        self.recorder = None
        self.meter.setValue(0)
        self._update_buttons()
        self.recording_finished.emit(path)

    def _failed(self, message: str) -> None:
        """The device vanished or the disk filled: what was recorded is kept and transcribed."""
        self.status.setText(self.tr("Recording stopped: %1 What was recorded is kept.").replace("%1", message))
        if self.recorder is not None:
            self._finish(self.recorder.path)

    # --- display --------------------------------------------------------------------------------

    def _level(self, value: float) -> None:
        self.meter.setValue(int(round(min(1.0, value) * 100)))

    def _tick(self) -> None:
        if self.recorder is not None:
            self.elapsed_label.setText(clock(self.recorder.elapsed))

    def _captions(self, captions: Captions) -> None:
        self.captions_view.setHtml(captions_html(captions))
        bar = self.captions_view.verticalScrollBar()
        bar.setValue(bar.maximum())
        if self.caption_window is not None and self.caption_window.isVisible():
            self.caption_window.show_captions(captions)

    def detach_captions(self) -> None:
        if self.caption_window is None:
            self.caption_window = CaptionWindow()
        self.caption_window.show()
        self.caption_window.raise_()

    def _update_buttons(self) -> None:
        active = self.recording()
        self.record_button.setEnabled(not active)
        self.pause_button.setEnabled(active)
        self.stop_button.setEnabled(active)
        self.device_combo.setEnabled(not active)
        self.live_check.setEnabled(not active)

    def shutdown(self) -> None:
        """On closing the window: stop a running session so its file is complete."""
        if self.recording():
            self.stop()
        if self.caption_window is not None:
            self.caption_window.close()
