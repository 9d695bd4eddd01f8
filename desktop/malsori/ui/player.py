"""Playback of the transcript's audio or video for the editor (QtMultimedia).

Positions are in seconds everywhere in Malsori; QMediaPlayer speaks
milliseconds, so the conversion lives here and nowhere else. Playing one
segment stops at its end, which is how a person checks a line by ear.

Play must sound at once, and in the editor nearly every play starts with a
seek (a segment, an uncertain word, a replay). Qt's FFmpeg backend opens a new
audio stream after each seek, and a sound server whose sink is idle answers a
new stream only when the sink next wakes: measured on PulseAudio, 1 to 2 s
after Play. So while media is loaded the player keeps a silent stream of its
own open on the same output (:class:`_Silence`): the sink stays running and a
new stream starts within about 0.1 s.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Q_ARG, QEventLoop, QIODevice, QMetaObject, QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioFormat, QAudioOutput, QAudioSink, QMediaPlayer, QtAudio

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
REPLAY_SECONDS = 3.0


class _Silence(QIODevice):
    """An endless source of silence (16-bit samples of zero) for the kept-open stream."""

    CHUNK = 3200  # 0.1 s at 16 kHz, mono, 16-bit

    def readData(self, maxlen: int) -> bytes:  # noqa: N802
        return bytes(min(maxlen, self.CHUNK))

    def writeData(self, data: bytes) -> int:  # noqa: N802
        return -1

    def bytesAvailable(self) -> int:  # noqa: N802
        return self.CHUNK + super().bytesAvailable()

    def isSequential(self) -> bool:  # noqa: N802
        return True


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
        self._keep_open: tuple[QAudioSink, _Silence] | None = None
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
        """Load (and start decoding) the media now, so Play needs nothing more."""
        self.media.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())
        self._keep_output_open(path is not None)

    @property
    def output_kept_open(self) -> bool:
        """Whether the silent stream that keeps the sound output awake is running."""
        if self._keep_open is None:
            return False
        sink = self._keep_open[0]
        return sink.state() != QtAudio.State.StoppedState and sink.error() == QtAudio.Error.NoError

    def _keep_output_open(self, keep: bool) -> None:
        """Open (or close) the silent stream on the output device (see the module doc)."""
        if self._keep_open is not None:
            sink, silence = self._keep_open
            sink.stop()
            silence.close()
            self._keep_open = None
        device = self.output.device()
        if not keep or device.isNull():  # no sound output at all: nothing to keep awake
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(16_000)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        silence = _Silence(self)
        silence.open(QIODevice.OpenModeFlag.ReadOnly)
        sink.start(silence)
        self._keep_open = (sink, silence)

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
        backend's destructor otherwise can wait forever on its decoding thread.

        The stop runs from an event loop rather than from this Python call. Called
        here, it holds Python's lock while it waits for a lock of the backend's
        thread, and that thread, destroying an object connected to our audio
        output, may be waiting for Python's lock: a deadlock, seen once in the
        suite as an editor that never closed. An event loop runs the stop in C++
        with Python's lock released.
        """
        if self.media.playbackState() != QMediaPlayer.PlaybackState.StoppedState or self.has_media:
            loop = QEventLoop()
            queued = Qt.ConnectionType.QueuedConnection
            QMetaObject.invokeMethod(self.media, "stop", queued)
            QMetaObject.invokeMethod(self.media, "setSource", queued, Q_ARG(QUrl, QUrl()))
            QMetaObject.invokeMethod(loop, "quit", queued)  # posted last: runs after both
            loop.exec()
        self._keep_output_open(False)

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
