"""Playback of the transcript's audio or video for the editor (QtMultimedia).

Positions are in seconds everywhere in Malsori; QMediaPlayer speaks
milliseconds, so the conversion lives here and nowhere else. Playing one
segment stops at its end, which is how a person checks a line by ear.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
REPLAY_SECONDS = 3.0


class Player(QObject):
    position_changed = Signal(float)  # seconds
    playing_changed = Signal(bool)
    error = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.media = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        self.media.setAudioOutput(self.output)
        self._stop_at: float | None = None
        self._pending_seek: float | None = None  # a seek asked for before the media finished loading
        self.media.positionChanged.connect(self._position)
        self.media.mediaStatusChanged.connect(self._status)
        self.media.playbackStateChanged.connect(
            lambda state: self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState))
        self.media.errorOccurred.connect(lambda _code, message: self.error.emit(message))

    @property
    def has_media(self) -> bool:
        return not self.media.source().isEmpty()

    def set_source(self, path: Path | None) -> None:
        self.media.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())

    def set_video_output(self, widget: QObject | None) -> None:
        self.media.setVideoOutput(widget)

    @property
    def position(self) -> float:
        if self._pending_seek is not None:
            return self._pending_seek
        return self.media.position() / 1000

    @property
    def playing(self) -> bool:
        return self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def seek(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        if self.media.mediaStatus() == QMediaPlayer.MediaStatus.LoadingMedia:
            self._pending_seek = seconds
        self.media.setPosition(int(round(seconds * 1000)))

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_seek is not None:
            self.media.setPosition(int(round(self._pending_seek * 1000)))
            self._pending_seek = None

    def toggle(self) -> None:
        if self.playing:
            self.media.pause()
        else:
            self._stop_at = None
            self.media.play()

    def pause(self) -> None:
        self.media.pause()

    def replay(self, seconds: float = REPLAY_SECONDS) -> None:
        """Jump back a few seconds and play: hear again what was just said."""
        self.seek(self.position - seconds)
        self._stop_at = None
        self.media.play()

    def play_span(self, start: float, end: float) -> None:
        """Play one segment and stop at its end."""
        self.seek(start)
        self._stop_at = end
        self.media.play()

    def release(self) -> None:
        """Stop and let go of the media before the player is destroyed: the FFmpeg
        backend's destructor otherwise can wait forever on its decoding thread."""
        self.media.stop()
        self.media.setSource(QUrl())

    def set_speed(self, rate: float) -> None:
        self.media.setPlaybackRate(rate)

    @property
    def speed(self) -> float:
        return self.media.playbackRate()

    def _position(self, ms: int) -> None:
        seconds = ms / 1000
        if self._stop_at is not None and seconds >= self._stop_at:
            self._stop_at = None
            self.media.pause()
        self.position_changed.emit(seconds)
