"""The editor's waveform: the whole file's audio with the transcript's segments as regions.

A three-hour file is 173 million samples; drawing from them on every paint would
take seconds. :class:`PeakPyramid` reduces the samples once to min/max peaks of
256 samples and then halves that resolution level by level (about 11 MB for three
hours), so a paint reads only the level whose buckets are just finer than a
pixel: O(visible pixels) at any zoom. Zoomed in past 256 samples a pixel, the
visible slice of the samples themselves is read, still O(visible samples) and
bounded by :data:`MAX_PIXELS_PER_SECOND`.

The editor builds its pyramid with :meth:`PeakPyramid.from_chunks` from the
decoded stream, so the samples never sit in memory all at once (690 MB as
float32 for three hours): they are written to an unlinked file in the cache
folder and memory-mapped, and only the pages of the slices painted at the
closest zooms are read back. What stays in memory is the peaks.

The view knows nothing of the Transcript: the editor gives it spans, selection,
region colours (one per speaker) and the playback position, and turns its
signals (seek, click, edge drags) into selection changes, player seeks and
undoable commands.
"""

from __future__ import annotations

import bisect
import math
import tempfile
import time
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QFrame, QWidget

from ..core.audio import SAMPLE_RATE, waveform_peaks

#: Samples per bucket of the pyramid's finest level: 16 ms at 16 kHz, so the
#: pyramid is 1/128 of the audio's size, and zoomed in further than this the raw
#: samples are few enough per pixel to read directly.
PYRAMID_BASE = 256

#: The closest zoom: 0.25 ms a pixel, finer than anyone places a subtitle edge,
#: and still only 4 samples a pixel (and 43 M pixels of timeline for three hours,
#: far inside the scroll bar's int range).
MAX_PIXELS_PER_SECOND = 4000.0

#: One zoom step (a key press or one wheel notch) multiplies the zoom by this.
ZOOM_FACTOR = 1.25

#: The shortest a segment can be made by dragging an edge.
MIN_SEGMENT_S = 0.05

#: How close (px) the mouse must be to a region edge to grab it.
EDGE_GRAB_PX = 5

#: Regions narrower than this (px) have no grabbable edges: at a zoom where a
#: segment is a sliver, a click means "select", and an edge drag would be a
#: blind edit. Zoom in to retime it.
MIN_GRAB_WIDTH_PX = 4

#: The mouse must move this far (px) with the button down before an edge moves,
#: so a click on an edge never retimes a segment by a jitter.
DRAG_THRESHOLD_PX = 3

#: A dragged edge snaps to another segment's edge or the playhead within this (px).
SNAP_PX = 6

#: After the person scrolls or zooms, playback stops pulling the view along for
#: this long (s), so the view does not jump away from what they are looking at.
FOLLOW_PAUSE_S = 3.0

#: When the playhead leaves the view, the view jumps so the playhead sits this
#: fraction of the width from the left (a page flip, easier to read than a crawl).
FOLLOW_LEAD = 0.1

#: The playhead's colour: red reads on light and dark themes, and no palette
#: role means "current position".
PLAYHEAD_COLOR = QColor(229, 72, 77)

#: The tint of a segment with a quality warning (amber, on light and dark themes).
WARNING_COLOR = QColor(230, 145, 0)

#: How strongly a region shows its own colour (a speaker's) over the base, unselected
#: and selected; regions without one take the palette's highlight, more faintly.
REGION_ALPHA = (0.3, 0.6)
HIGHLIGHT_ALPHA = (0.16, 0.42)

#: Ruler tick steps (s) and how many minor ticks divide each.
_TICK_STEPS: tuple[tuple[float, int], ...] = (
    (0.01, 5), (0.02, 4), (0.05, 5), (0.1, 5), (0.2, 4), (0.5, 5),
    (1, 5), (2, 4), (5, 5), (10, 5), (15, 3), (30, 3),
    (60, 6), (120, 4), (300, 5), (600, 5), (900, 3), (1800, 3), (3600, 4),
)  # fmt: skip


class PeakPyramid:
    """Min/max peaks of audio at halving resolutions, for drawing any zoom quickly.

    Level 0 holds the min and max of every :data:`PYRAMID_BASE` samples; level k
    of every ``PYRAMID_BASE * 2**k`` (the last bucket of a level may be shorter).
    The raw samples stand in as a level of bucket size 1. No Qt here, so the
    editor may build one in a worker thread.
    """

    def __init__(self, samples: np.ndarray, base: int = PYRAMID_BASE):
        samples = np.asarray(samples, dtype=np.float32)
        if samples.ndim != 1:
            raise ValueError(f"samples must be one-dimensional, not of shape {samples.shape}")
        full = samples.size // base * base
        parts = [waveform_peaks(samples[:full], full // base)] if full else []
        if full < samples.size:
            parts.append(waveform_peaks(samples[full:], 1))
        self._stack(samples, parts, base)

    @classmethod
    def from_chunks(cls, chunks: Iterable[np.ndarray], folder: Path | None = None,
                    base: int = PYRAMID_BASE) -> "PeakPyramid":
        """The pyramid of consecutive chunks of samples, without holding them all.

        Equal to ``PeakPyramid(np.concatenate(chunks))``, but the samples go to an
        unlinked temporary file in ``folder`` (on disk: a tmpfs /tmp would hold
        them in memory again) and are memory-mapped back, so memory holds the
        peaks, one chunk, and the pages the closest zooms read.
        """
        pyramid = cls.__new__(cls)
        parts: list[np.ndarray] = []
        carry = np.zeros(0, dtype=np.float32)
        with tempfile.TemporaryFile(dir=folder, prefix="malsori-waveform-") as spool:
            for chunk in chunks:
                chunk = np.asarray(chunk, dtype=np.float32)
                spool.write(chunk.tobytes())
                data = np.concatenate((carry, chunk))
                full = data.size // base * base
                if full:
                    parts.append(waveform_peaks(data[:full], full // base))
                carry = data[full:]
            if carry.size:
                parts.append(waveform_peaks(carry, 1))
            spool.flush()
            count = spool.tell() // 4
            # The map keeps the unlinked file alive after the file object closes.
            samples = np.memmap(spool, dtype=np.float32, mode="r", shape=(count,)) if count else carry
        pyramid._stack(samples, parts, base)
        return pyramid

    def __len__(self) -> int:
        return self._samples.size

    def _stack(self, samples: np.ndarray, parts: list[np.ndarray], base: int) -> None:
        """Level 0 from the peaks of ``base`` samples in ``parts``, then halvings to one bucket."""
        self._samples = samples
        self.sizes: list[int] = [1]
        self._levels: list[tuple[np.ndarray, np.ndarray]] = [(samples, samples)]
        if not parts:
            return
        peaks = np.concatenate(parts)
        mins, maxs = np.ascontiguousarray(peaks[:, 0]), np.ascontiguousarray(peaks[:, 1])
        size = base
        while True:
            self.sizes.append(size)
            self._levels.append((mins, maxs))
            if mins.size <= 1:
                break
            mins, maxs = self._halve(mins, np.minimum), self._halve(maxs, np.maximum)
            size *= 2

    @staticmethod
    def _halve(values: np.ndarray, combine: np.ufunc) -> np.ndarray:
        """Combine neighbouring buckets in pairs; an odd last bucket pairs with itself."""
        if values.size % 2:
            values = np.append(values, values[-1])
        return combine(values[0::2], values[1::2])

    def columns(self, first: float, step: float, count: int) -> np.ndarray:
        """(n, 2) min/max of ``count`` columns of ``step`` samples from sample ``first``.

        Reads the coarsest level whose buckets are no wider than a column, so
        each column combines one or two buckets (or, zoomed in, fewer than
        ``base`` samples): O(count) whatever the zoom. A column's range is rounded
        down to that level's bucket edges: off by less than one column. Columns
        past the end of the audio are left out, so n <= count.
        """
        level = max(0, bisect.bisect_right(self.sizes, step) - 1)
        size = self.sizes[level]
        mins, maxs = self._levels[level]
        edges = np.floor((first + np.arange(count + 1) * step) / size).astype(np.int64)
        edges = np.clip(edges, 0, mins.size)
        starts = edges[:-1][edges[:-1] < mins.size]
        if starts.size == 0:
            return np.zeros((0, 2), dtype=np.float32)
        # reduceat combines values[starts[i]:starts[i+1]] (one value where they are
        # equal, as when columns are narrower than a sample); the slice ends the last.
        stop = max(int(edges[starts.size]), int(starts[-1]) + 1)
        base = int(starts[0])
        out = np.empty((starts.size, 2), dtype=np.float32)
        out[:, 0] = np.minimum.reduceat(mins[base:stop], starts - base)
        out[:, 1] = np.maximum.reduceat(maxs[base:stop], starts - base)
        return out


@dataclass
class _EdgeDrag:
    """A press on a region edge, and the drag it becomes once the mouse moves."""

    index: int
    edge: str  # "start" or "end"
    press_x: float
    grab_offset: float  # seconds between the press and the edge, so the edge does not jump
    original: tuple[float, float]
    moving: bool = False


def clock_label(seconds: float, step: float, hours: bool) -> str:
    """A ruler label: m:ss (h:mm:ss for long files), with tenths or hundredths
    when the ticks are that close."""
    decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    scale = 10**decimals
    total = round(seconds * scale)
    whole, fraction = divmod(total, scale)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    text = f"{h}:{m:02d}:{s:02d}" if hours else f"{h * 60 + m:02d}:{s:02d}"
    return f"{text}.{fraction:0{decimals}d}" if decimals else text


class WaveformView(QAbstractScrollArea):
    """The whole file's waveform with segments as tinted regions.

    Time maps to viewport x by :meth:`x_at` and back by :meth:`time_at`, through
    the zoom (:meth:`pixels_per_second`) and the horizontal scroll bar's value
    (the timeline pixel at the viewport's left edge).
    """

    #: The person clicked the timeline: play from here (seconds).
    seek_requested = Signal(float)
    #: The person clicked inside segment ``index`` with these modifiers (Ctrl/Shift
    #: extend the selection). Emitted before the matching seek_requested.
    segment_clicked = Signal(int, Qt.KeyboardModifier)
    #: An edge is being dragged: (index, "start" or "end", seconds), on every move.
    edge_dragging = Signal(int, str, float)
    #: An edge drag ended with a change: (index, new start, new end), once.
    edge_dragged = Signal(int, float, float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pyramid: PeakPyramid | None = None
        self._sample_rate = SAMPLE_RATE
        self._media_duration = 0.0
        self._starts = np.zeros(0)
        self._ends = np.zeros(0)
        self._selected: frozenset[int] = frozenset()
        self._warnings: frozenset[int] = frozenset()
        self._colours: list[QColor] = []  # the distinct region colours; _colour_keys[i] is segment i's (-1: none)
        self._colour_keys = np.zeros(0, dtype=np.int64)
        self._position: float | None = None
        self._pps = 100.0
        self._fit = True
        self._drag: _EdgeDrag | None = None
        self._hover_edge: tuple[int, str] | None = None
        self._follow_paused_until = 0.0
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.horizontalScrollBar().actionTriggered.connect(self._on_scroll_action)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Waveform"))
        self.setAccessibleDescription(
            self.tr(
                "The audio's waveform with the subtitle segments as regions. Click to play from a point; "
                "drag a region's edge to change its time; Ctrl+wheel or + and - to zoom."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 140)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 80)

    # --- content ----------------------------------------------------------------------

    def set_audio(self, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
        """Show ``samples`` (mono float) and fit the whole file in view.

        Builds the peak pyramid: a few hundred milliseconds for three hours. For a
        long file the editor may build a :class:`PeakPyramid` in a worker and pass
        it to :meth:`set_pyramid` instead.
        """
        self.set_pyramid(PeakPyramid(samples), sample_rate)

    def set_pyramid(self, pyramid: PeakPyramid, sample_rate: int = SAMPLE_RATE) -> None:
        """Show audio whose peaks are already computed, and fit it in view."""
        self._pyramid = pyramid
        self._sample_rate = sample_rate
        self._media_duration = len(pyramid) / sample_rate
        self._fit = True
        self._relayout()

    def set_duration(self, seconds: float) -> None:
        """A timeline without audio (a subtitle file opened without its media): the
        segments are drawn on a time axis of this length."""
        self._pyramid = None
        self._media_duration = max(0.0, float(seconds))
        self._fit = True
        self._relayout()

    def set_segments(self, spans: Sequence[tuple[float, float]]) -> None:
        """The segments' (start, end) times in seconds, in the transcript's order.

        An edge drag in progress goes on while its segment still exists, so the
        editor may mirror edge_dragging into its model and send the spans back;
        a drag whose segment is gone is dropped.
        """
        data = np.asarray(spans, dtype=np.float64).reshape(-1, 2)
        self._starts, self._ends = data[:, 0].copy(), data[:, 1].copy()
        if self._colour_keys.size != len(self._starts):  # other segments: the editor sends their colours again
            self._colour_keys = np.full(len(self._starts), -1, dtype=np.int64)
        if self._drag is not None and self._drag.index >= len(self._starts):
            self._drag = None
        self._hover_edge = None
        self._selected = frozenset(i for i in self._selected if i < len(self._starts))
        self._relayout()

    def set_selected(self, indices: set[int] | frozenset[int]) -> None:
        self._selected = frozenset(indices)
        self.viewport().update()

    def set_region_colours(self, colours: Sequence[QColor | None]) -> None:
        """Each segment's own colour (its speaker's), in the transcript's order; None,
        or no list at all, for the palette's highlight."""
        distinct: dict[int, int] = {}
        keys = np.full(len(self._starts), -1, dtype=np.int64)
        for index, colour in enumerate(colours[:len(keys)]):
            if colour is not None:
                keys[index] = distinct.setdefault(colour.rgba(), len(distinct))
        self._colours = [QColor.fromRgba(rgba) for rgba in distinct]
        self._colour_keys = keys
        self.viewport().update()

    def region_colour(self, index: int, selected: bool = False) -> QColor:
        """The fill of segment ``index``'s region, as painted."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        key = int(self._colour_keys[index]) if index < self._colour_keys.size else -1
        if key < 0:
            return _blend(palette.color(QPalette.ColorRole.Highlight), base, HIGHLIGHT_ALPHA[selected])
        return _blend(self._colours[key], base, REGION_ALPHA[selected])

    def set_warning_indices(self, indices: set[int] | frozenset[int]) -> None:
        """Segments to mark with an amber bar (subtitle quality warnings)."""
        self._warnings = frozenset(indices)
        self.viewport().update()

    def set_position(self, seconds: float | None) -> None:
        """Move the playhead (None hides it). The view follows it out of sight,
        unless the person is dragging, or scrolled or zoomed in the last
        :data:`FOLLOW_PAUSE_S` seconds."""
        self._position = seconds
        if seconds is not None and self._drag is None and time.monotonic() >= self._follow_paused_until:
            x = self.x_at(seconds)
            if not 0 <= x < self.viewport().width():
                self._scroll_to(seconds * self._pps - FOLLOW_LEAD * self.viewport().width())
        self.viewport().update()

    def ensure_visible(self, start: float, end: float | None = None) -> None:
        """Scroll so ``start`` (and ``end``, if it fits) is in view: for a segment
        chosen in the table."""
        end = start if end is None else end
        width = self.viewport().width()
        if self.x_at(start) < 0 or self.x_at(end) > width:
            span = (end - start) * self._pps
            lead = (width - span) / 2 if span < width else FOLLOW_LEAD * width
            self._scroll_to(start * self._pps - lead)

    # --- mapping ----------------------------------------------------------------------

    def duration(self) -> float:
        """The timeline's length: the media's, or the last segment's end if later."""
        last_end = float(self._ends.max()) if self._ends.size else 0.0
        return max(self._media_duration, last_end)

    def pixels_per_second(self) -> float:
        return self._pps

    def x_at(self, seconds: float) -> float:
        """Viewport x of a time."""
        return seconds * self._pps - self.horizontalScrollBar().value()

    def time_at(self, x: float) -> float:
        """The time at viewport x (not clamped to the timeline)."""
        return (x + self.horizontalScrollBar().value()) / self._pps

    def visible_range(self) -> tuple[float, float]:
        """(first, last) seconds in view."""
        return self.time_at(0), self.time_at(self.viewport().width())

    # --- zoom -------------------------------------------------------------------------

    def set_zoom(self, pixels_per_second: float, anchor_x: float | None = None) -> None:
        """Zoom so the time at viewport x ``anchor_x`` (default: the centre) stays there.

        Clamped between the whole file in view and :data:`MAX_PIXELS_PER_SECOND`.
        """
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        anchor_t = self.time_at(anchor_x)
        low = self._fit_pps()
        self._pps = min(max(pixels_per_second, low), max(MAX_PIXELS_PER_SECOND, low))
        self._fit = self._pps <= low * (1 + 1e-9)
        self._update_scroll_range()
        self.horizontalScrollBar().setValue(round(anchor_t * self._pps - anchor_x))
        self.viewport().update()

    def zoom_in(self, anchor_x: float | None = None) -> None:
        self._zoom_by(ZOOM_FACTOR, anchor_x)

    def zoom_out(self, anchor_x: float | None = None) -> None:
        self._zoom_by(1 / ZOOM_FACTOR, anchor_x)

    def zoom_to_fit(self) -> None:
        self.set_zoom(0)

    def _zoom_by(self, factor: float, anchor_x: float | None) -> None:
        """Zoom around ``anchor_x``, else the playhead when in view, else the centre."""
        if anchor_x is None and self._position is not None:
            x = self.x_at(self._position)
            anchor_x = x if 0 <= x <= self.viewport().width() else None
        self._pause_follow()
        self.set_zoom(self._pps * factor, anchor_x)

    def _fit_pps(self) -> float:
        duration = self.duration()
        return self.viewport().width() / duration if duration > 0 else 100.0

    def _relayout(self) -> None:
        """Re-derive the zoom (when fitting) and the scroll range from size and content."""
        if self._fit or self._pps < self._fit_pps():
            self._pps = self._fit_pps()
            self._fit = True
        self._update_scroll_range()
        self.viewport().update()

    def _update_scroll_range(self) -> None:
        bar = self.horizontalScrollBar()
        width = self.viewport().width()
        bar.setRange(0, max(0, math.ceil(self.duration() * self._pps) - width))
        bar.setPageStep(max(1, width))
        bar.setSingleStep(max(1, width // 20))

    def _scroll_to(self, content_x: float) -> None:
        self.horizontalScrollBar().setValue(round(content_x))

    def _pause_follow(self) -> None:
        self._follow_paused_until = time.monotonic() + FOLLOW_PAUSE_S

    def _on_scroll_action(self, action: int) -> None:
        """The person moved the scroll bar (programmatic moves do not come here)."""
        if action != QAbstractSlider.SliderAction.SliderNoAction.value:
            self._pause_follow()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    # --- input ------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Ctrl+wheel zooms at the mouse; the wheel (or Shift+wheel, or a
        sideways swipe) scrolls the timeline."""
        angle = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = (angle.y() or angle.x()) / 120
            if notches:
                self._pause_follow()
                self.set_zoom(self._pps * ZOOM_FACTOR**notches, event.position().x())
            event.accept()
            return
        pixels = event.pixelDelta()
        if not pixels.isNull():
            delta = pixels.x() if abs(pixels.x()) > abs(pixels.y()) else pixels.y()
        else:
            steps = (angle.x() if abs(angle.x()) > abs(angle.y()) else angle.y()) / 120
            delta = steps * 3 * self.horizontalScrollBar().singleStep()
        if delta:
            self._pause_follow()
            bar = self.horizontalScrollBar()
            bar.setValue(round(bar.value() - delta))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.zoom_to_fit()
        elif key == Qt.Key.Key_Escape and self._drag is not None:
            self._cancel_drag()
        else:
            super().keyPressEvent(event)  # arrows, Page Up/Down, Home/End scroll

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        edge = self._edge_at(x)
        if edge is None:
            self._click(x, event.modifiers())
            return
        index, side = edge
        edge_time = self._starts[index] if side == "start" else self._ends[index]
        original = (float(self._starts[index]), float(self._ends[index]))
        self._drag = _EdgeDrag(index, side, x, self.time_at(x) - edge_time, original)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        drag = self._drag
        if drag is None:
            self._set_hover(self._edge_at(x))
            return
        if not drag.moving and abs(x - drag.press_x) < DRAG_THRESHOLD_PX:
            return
        drag.moving = True
        snap = not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        self._move_edge(self._edge_time(x, snap))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if not drag.moving:
            self._click(drag.press_x, event.modifiers())
            return
        new = (float(self._starts[drag.index]), float(self._ends[drag.index]))
        if new != drag.original:
            self.edge_dragged.emit(drag.index, *new)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        if self._drag is None:
            self._set_hover(None)
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.viewport().update()

    def _click(self, x: float, modifiers: Qt.KeyboardModifier) -> None:
        """Select the segment under ``x`` (if any) and seek there."""
        seconds = min(max(self.time_at(x), 0.0), self.duration())
        index = self._segment_at(seconds)
        if index is not None:
            self.segment_clicked.emit(index, modifiers)
        self.seek_requested.emit(seconds)

    def _segment_at(self, seconds: float) -> int | None:
        """The segment containing ``seconds``; of overlapping ones, the latest
        starting (drawn on top)."""
        inside = np.flatnonzero((self._starts <= seconds) & (seconds <= self._ends))
        if inside.size == 0:
            return None
        return int(inside[np.argmax(self._starts[inside])])

    def _edge_at(self, x: float) -> tuple[int, str] | None:
        """The grabbable edge nearest viewport ``x``, as (index, "start"/"end").

        Where two segments touch, the one on the mouse's side of the edge wins.
        """
        tolerance = EDGE_GRAB_PX / self._pps
        t = self.time_at(x)
        wide = (self._ends - self._starts) * self._pps >= MIN_GRAB_WIDTH_PX
        near = wide & ((np.abs(self._starts - t) <= tolerance) | (np.abs(self._ends - t) <= tolerance))
        best: tuple[tuple[bool, float], tuple[int, str]] | None = None
        for index in np.flatnonzero(near):
            for side, edge_t in (("start", self._starts[index]), ("end", self._ends[index])):
                distance = abs(t - edge_t)
                if distance > tolerance:
                    continue
                inside = t >= edge_t if side == "start" else t <= edge_t
                key = (not inside, distance)
                if best is None or key < best[0]:
                    best = (key, (int(index), side))
        return None if best is None else best[1]

    def _set_hover(self, edge: tuple[int, str] | None) -> None:
        if edge == self._hover_edge:
            return
        self._hover_edge = edge
        if edge is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        self.viewport().update()

    def _edge_time(self, x: float, snap: bool) -> float:
        """Where the dragged edge goes for mouse ``x``: snapped, then clamped so
        the segment keeps :data:`MIN_SEGMENT_S` and stays on the timeline."""
        drag = self._drag
        t = self.time_at(x) - drag.grab_offset
        if snap:
            t = self._snapped(t, drag.index)
        start, end = self._starts[drag.index], self._ends[drag.index]
        if drag.edge == "start":
            return float(min(max(t, 0.0), end - MIN_SEGMENT_S))
        return float(max(min(t, self.duration()), start + MIN_SEGMENT_S))

    def _snapped(self, t: float, index: int) -> float:
        """``t`` moved onto another segment's edge or the playhead when within :data:`SNAP_PX`."""
        others = np.delete(np.concatenate((self._starts, self._ends)), (index, index + len(self._starts)))
        if self._position is not None:
            others = np.append(others, self._position)
        if others.size == 0:
            return t
        nearest = others[np.argmin(np.abs(others - t))]
        return float(nearest) if abs(nearest - t) * self._pps <= SNAP_PX else t

    def _move_edge(self, seconds: float) -> None:
        drag = self._drag
        times = self._starts if drag.edge == "start" else self._ends
        if times[drag.index] != seconds:
            times[drag.index] = seconds
            self.edge_dragging.emit(drag.index, drag.edge, seconds)
            self.viewport().update()

    def _cancel_drag(self) -> None:
        """Escape: put the edge back where it was; the live preview hears the old time."""
        drag = self._drag
        if drag.moving:
            self._move_edge(drag.original[0] if drag.edge == "start" else drag.original[1])
        self._drag = None

    # --- painting ---------------------------------------------------------------------

    def _ruler_height(self) -> int:
        return self.fontMetrics().height() + 8

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        palette = self.palette()
        rect = self.viewport().rect()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        if self.duration() <= 0:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("No audio"))
            return
        wave = QRectF(rect).adjusted(0, self._ruler_height(), 0, 0)
        spans = self._visible_spans()
        self._paint_regions(painter, wave, spans)
        self._paint_ruler(painter, wave)
        self._paint_waveform(painter, wave)
        self._paint_edges(painter, wave, spans)
        self._paint_playhead(painter)
        if self.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1))
            painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))

    def _visible_spans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indices, left x, right x) of the segments in view, in whole pixels so
        edges are crisp; every region is at least a pixel wide."""
        first, last = self.visible_range()
        index = np.flatnonzero((self._ends >= first) & (self._starts <= last))
        offset = self.horizontalScrollBar().value()
        left = np.floor(self._starts[index] * self._pps - offset)
        right = np.maximum(left + 1, np.round(self._ends[index] * self._pps - offset))
        return index, left, right

    def _tick_step(self, metrics: QFontMetrics, hours: bool) -> tuple[float, int]:
        """The finest tick step whose labels do not crowd each other."""
        for step, minor in _TICK_STEPS:
            label = clock_label(self.duration(), step, hours)
            if step * self._pps >= metrics.horizontalAdvance(label) + 16:
                return step, minor
        return _TICK_STEPS[-1]

    def _paint_ruler(self, painter: QPainter, wave: QRectF) -> None:
        """Time labels and ticks, and faint grid lines through the waveform at each label."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        height = self._ruler_height()
        width = self.viewport().width()
        painter.fillRect(QRectF(0, 0, width, height), palette.color(QPalette.ColorRole.Window))
        metrics = self.fontMetrics()
        hours = self.duration() >= 3600
        step, minor = self._tick_step(metrics, hours)
        first, last = self.visible_range()
        grid = QColor(text)
        grid.setAlpha(28)
        faint = QColor(text)
        faint.setAlpha(110)
        minor_step = step / minor
        for k in range(math.floor(first / minor_step), math.ceil(last / minor_step) + 1):
            x = round(self.x_at(k * minor_step)) + 0.5
            if k % minor:
                painter.setPen(faint)
                painter.drawLine(QPointF(x, height - 4), QPointF(x, height))
                continue
            painter.setPen(grid)
            painter.drawLine(QPointF(x, wave.top()), QPointF(x, wave.bottom()))
            painter.setPen(text)
            painter.drawLine(QPointF(x, height - 8), QPointF(x, height))
            painter.drawText(QPointF(x + 3, metrics.ascent() + 2), clock_label(k * minor_step, step, hours))
        painter.setPen(faint)
        painter.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5))

    def _paint_regions(self, painter: QPainter, wave: QRectF, spans: tuple[np.ndarray, ...]) -> None:
        """Region fills in their own colours (stronger when selected) and an amber bar
        under warned segments; one batch of rectangles per colour."""
        index, left, right = spans
        selected = np.isin(index, tuple(self._selected))
        warned = np.isin(index, tuple(self._warnings))
        keys = self._colour_keys[index]
        fills = []
        for chosen in (False, True):  # the selected on top
            for key in np.unique(keys).tolist():
                first = int(index[np.argmax(keys == key)])  # a segment of that colour, to ask its fill
                mask = (keys == key) & (selected == chosen)
                fills.append((mask, self.region_colour(first, chosen), wave.top(), wave.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        for mask, color, top, height in (*fills, (warned, WARNING_COLOR, wave.bottom() - 4, 4.0)):
            if mask.any():
                painter.setBrush(color)
                pairs = zip(*_runs(left[mask], right[mask]))
                painter.drawRects([QRectF(a, top, b - a, height) for a, b in pairs])
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_waveform(self, painter: QPainter, wave: QRectF) -> None:
        """The min/max of each pixel column as a one-pixel-wide bar: crisp at any
        zoom, and opaque because that is ~10x cheaper to fill than translucent."""
        if self._pyramid is None:
            return
        spp = self._sample_rate / self._pps
        first_column = self.horizontalScrollBar().value()
        peaks = self._pyramid.columns(first_column * spp, spp, self.viewport().width())
        if peaks.size == 0:
            return
        middle, half = wave.center().y(), wave.height() / 2 - 2
        tops = np.floor(middle - np.clip(peaks[:, 1], -1, 1) * half)
        bottoms = np.ceil(middle - np.clip(peaks[:, 0], -1, 1) * half)
        heights = np.maximum(bottoms - tops, 1)  # silence still shows as a 1 px line
        palette = self.palette()
        color = _blend(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRects([QRectF(x, y, 1, h) for x, y, h in zip(range(len(peaks)), tops.tolist(), heights.tolist())])
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_edges(self, painter: QPainter, wave: QRectF, spans: tuple[np.ndarray, ...]) -> None:
        """Region edges (selected ones strong, the hovered or dragged one thick) and
        segment numbers where a region is wide enough to hold one."""
        index, left, right = spans
        palette = self.palette()
        highlight, base = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Base)
        selected = np.isin(index, tuple(self._selected))
        top, bottom = wave.top(), wave.bottom()
        for mask, color in ((~selected, _blend(highlight, base, 0.6)), (selected, highlight)):
            # once per pixel column: zoomed out on hours, thousands of edges share a few hundred
            xs = np.unique(np.concatenate((left[mask] + 0.5, right[mask] - 0.5))).tolist()
            if xs:
                painter.setPen(QPen(color, 1))
                painter.drawLines([QLineF(x, top, x, bottom) for x in xs])
        active = (self._drag.index, self._drag.edge) if self._drag else self._hover_edge
        if active is not None:
            seconds = self._starts[active[0]] if active[1] == "start" else self._ends[active[0]]
            x = round(self.x_at(seconds)) + 0.5
            painter.setPen(QPen(highlight, 3))
            painter.drawLine(QLineF(x, top, x, bottom))
        metrics = self.fontMetrics()
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        room = (right - left) >= min(map(metrics.horizontalAdvance, "0123456789")) + 8  # a one-digit label fits
        for i, a, b in zip(index[room].tolist(), left[room].tolist(), right[room].tolist()):
            label = str(i + 1)
            if b - a >= metrics.horizontalAdvance(label) + 8:
                painter.drawText(QPointF(a + 4, top + metrics.ascent() + 2), label)

    def _paint_playhead(self, painter: QPainter) -> None:
        if self._position is None:
            return
        x = round(self.x_at(self._position)) + 0.5
        if not -6 <= x <= self.viewport().width() + 6:
            return
        painter.setPen(QPen(PLAYHEAD_COLOR, 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.viewport().height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLAYHEAD_COLOR)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 6)]))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)


def _runs(left: np.ndarray, right: np.ndarray) -> tuple[list[float], list[float]]:
    """Spans [left, right), sorted by left, merged where they overlap or touch: for an
    opaque fill the same pixels in far fewer rectangles (zoomed out on hours,
    thousands of regions share a few hundred pixel columns)."""
    if left.size == 0:
        return [], []
    reach = np.maximum.accumulate(right)
    first = np.flatnonzero(np.r_[True, left[1:] > reach[:-1]])
    return left[first].tolist(), np.maximum.reduceat(right, first).tolist()


def _blend(top: QColor, bottom: QColor, alpha: float) -> QColor:
    """``top`` laid over ``bottom`` at ``alpha``, as an opaque colour.

    Qt's raster engine blends a translucent shape scanline by scanline: a 1 px
    wide, 130 px tall translucent region or edge costs ~60 us against ~3 us
    opaque, so thousands of regions in view would cost a tenth of a second.
    """
    a, b = top.getRgbF()[:3], bottom.getRgbF()[:3]
    return QColor.fromRgbF(*(x * alpha + y * (1 - alpha) for x, y in zip(a, b)))
