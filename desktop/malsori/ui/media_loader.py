"""Decoding the editor's media and building its waveform peaks off the GUI thread.

An hour of audio takes seconds to decode; the editor stays usable meanwhile
(text and timing edits need no audio) and the waveform appears when ready. The
media is decoded as a stream into :meth:`PeakPyramid.from_chunks`, so a
three-hour file never sits in memory whole (see ui/waveform.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ..core import audio, paths
from .waveform import PeakPyramid


class MediaLoader(QObject):
    loaded = Signal(object)  # PeakPyramid
    failed = Signal(str)

    @Slot(str)
    def load(self, path: str) -> None:
        try:
            spool = paths.cache_dir()
            spool.mkdir(parents=True, exist_ok=True)
            pyramid = PeakPyramid.from_chunks(audio.stream(Path(path), allow_truncated=True), spool)
        except audio.AudioError as exc:
            self.failed.emit(str(exc))
            return
        except OSError as exc:  # the cache folder is full or read-only
            self.failed.emit(self.tr("The waveform could not be drawn: %1").replace("%1", str(exc)))
            return
        self.loaded.emit(pyramid)
