"""Decoding the editor's media and building its waveform peaks off the GUI thread.

An hour of audio takes seconds to decode; the editor stays usable meanwhile
(text and timing edits need no audio) and the waveform appears when ready.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ..core import audio
from .waveform import PeakPyramid


class MediaLoader(QObject):
    loaded = Signal(object)  # PeakPyramid
    failed = Signal(str)

    @Slot(str)
    def load(self, path: str) -> None:
        try:
            samples = audio.decode(Path(path), allow_truncated=True)
        except audio.AudioError as exc:
            self.failed.emit(str(exc))
            return
        self.loaded.emit(PeakPyramid(samples))
