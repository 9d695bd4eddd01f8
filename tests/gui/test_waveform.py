"""Tests for the editor's waveform view: peak pyramid, time mapping, clicks, edge drags, zoom, follow.

Real widgets offscreen, driven with QTest mouse events and real wheel events.
Paint times of long files are measured in bench/waveform_bench.py, never asserted here.
"""

from __future__ import annotations


import numpy as np
import pytest
from malsori.ui import waveform
from malsori.ui.waveform import MAX_PIXELS_PER_SECOND, MIN_SEGMENT_S, PeakPyramid, WaveformView, clock_label
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

RATE = 16000
LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def view(qtbot) -> WaveformView:
    view = WaveformView()
    qtbot.addWidget(view)
    view.resize(1000, 160)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def events(view: WaveformView) -> dict[str, list[tuple]]:
    """Every signal the view emitted, with its arguments, in order."""
    seen: dict[str, list[tuple]] = {"seek": [], "clicked": [], "dragging": [], "dragged": []}
    view.seek_requested.connect(lambda *a: seen["seek"].append(a))
    view.segment_clicked.connect(lambda *a: seen["clicked"].append(a))
    view.edge_dragging.connect(lambda *a: seen["dragging"].append(a))
    view.edge_dragged.connect(lambda *a: seen["dragged"].append(a))
    return seen


def wave_y(view: WaveformView) -> int:
    """A y inside the waveform area, below the ruler."""
    return view.viewport().height() // 2 + 10


def at(view: WaveformView, x: float) -> QPoint:
    return QPoint(round(x), wave_y(view))


def wheel(view: WaveformView, x: float, angle_y: int, modifiers=NO_MODIFIER) -> None:
    pos = QPointF(x, wave_y(view))
    event = QWheelEvent(
        pos, view.viewport().mapToGlobal(pos), QPoint(), QPoint(0, angle_y),
        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


# --- the peak pyramid -------------------------------------------------------------------


def test_pyramid_columns_equal_a_direct_min_max_at_bucket_aligned_zooms() -> None:
    samples = np.random.default_rng(1).standard_normal(1_000_003).astype(np.float32)
    pyramid = PeakPyramid(samples)
    for step in (1, 4, 256, 512, 4096, 65536):
        first = 3 * step
        count = min(3000, (len(samples) - first) // step)
        got = pyramid.columns(first, step, count)
        direct = samples[first : first + count * step].reshape(count, step)
        assert np.array_equal(got[:, 0], direct.min(axis=1)), step
        assert np.array_equal(got[:, 1], direct.max(axis=1)), step


def test_pyramid_last_column_holds_the_tail_and_columns_past_the_end_are_left_out() -> None:
    samples = np.random.default_rng(2).standard_normal(1_000_003).astype(np.float32)
    got = PeakPyramid(samples).columns(0, 4096, 10_000)
    assert len(got) == -(-len(samples) // 4096)
    tail = samples[(len(got) - 1) * 4096 :]
    assert (got[-1, 0], got[-1, 1]) == (tail.min(), tail.max())


def test_pyramid_columns_at_any_zoom_cover_their_samples_to_within_one_column() -> None:
    """On a ramp a column's min and max are the first and last sample it read."""
    ramp = np.arange(1_000_000, dtype=np.float32)
    pyramid = PeakPyramid(ramp)
    for step in (3.3, 300.7, 1234.5, 77777.7):
        first = 12345.6
        got = pyramid.columns(first, step, 200)
        begins = first + np.arange(len(got)) * step
        ends = np.minimum(begins + step, len(ramp))
        assert np.all(got[:, 0] <= begins) and np.all(got[:, 0] > begins - step), step
        assert np.all(got[:, 1] <= ends - 1) and np.all(got[:, 1] > ends - step - 1), step


def test_pyramid_of_nothing_has_no_columns() -> None:
    assert PeakPyramid(np.zeros(0, dtype=np.float32)).columns(0, 256, 100).shape == (0, 2)


def test_clock_labels_adapt_to_the_tick_step_and_length() -> None:
    assert clock_label(65, 5, hours=False) == "01:05"
    assert clock_label(65.25, 0.05, hours=False) == "01:05.25"
    assert clock_label(62.5, 0.5, hours=False) == "01:02.5"
    assert clock_label(3725, 60, hours=True) == "1:02:05"


# --- painting long files ----------------------------------------------------------------


def test_thirty_minutes_paints_at_every_zoom(view: WaveformView) -> None:
    second = np.random.default_rng(3).standard_normal(RATE).astype(np.float32) * 0.3
    view.set_audio(np.tile(second, 30 * 60))
    view.set_segments([(i * 3.0, i * 3.0 + 2.5) for i in range(600)])
    view.set_selected({300})
    for pps in (0, 1, 10, 100, 1000, MAX_PIXELS_PER_SECOND):
        view.set_zoom(pps)
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 2)
        image = view.viewport().grab().toImage()
        column = [QColor(image.pixel(500, y)) for y in range(image.height())]
        assert len({c.rgb() for c in column}) > 2, f"nothing drawn at {pps} px/s"


def test_three_hours_of_audio_map_to_the_full_zoom_range(view: WaveformView) -> None:
    hours = 3 * 3600
    view.set_audio(np.broadcast_to(np.float32(0), (hours * RATE,)))  # 690 MB of zeros in 4 bytes
    assert view.duration() == hours
    assert view.pixels_per_second() == pytest.approx(view.viewport().width() / hours)
    view.set_zoom(MAX_PIXELS_PER_SECOND)
    bar = view.horizontalScrollBar()
    assert bar.maximum() == hours * MAX_PIXELS_PER_SECOND - view.viewport().width()
    bar.setValue(bar.maximum())
    assert view.visible_range()[1] == pytest.approx(hours)


# --- mapping and clicks -------------------------------------------------------------------


def zoomed(view: WaveformView, seconds: float = 120, pps: float = 50, scroll: int = 0) -> WaveformView:
    view.set_duration(seconds)
    view.set_zoom(pps)
    view.horizontalScrollBar().setValue(scroll)
    return view


def test_time_at_and_x_at_follow_zoom_and_scroll(view: WaveformView) -> None:
    zoomed(view, pps=200, scroll=1234)
    assert view.time_at(66) == pytest.approx(1300 / 200)
    assert view.x_at(view.time_at(321.5)) == pytest.approx(321.5)
    assert view.visible_range() == pytest.approx((1234 / 200, (1234 + view.viewport().width()) / 200))


def test_click_on_empty_space_seeks_there(view: WaveformView, events) -> None:
    zoomed(view, pps=200, scroll=1234)
    view.set_segments([(1.0, 2.0)])
    QTest.mouseClick(view.viewport(), LEFT, NO_MODIFIER, at(view, 400))
    assert events["seek"] == [(pytest.approx((400 + 1234) / 200),)]
    assert events["clicked"] == []


def test_click_inside_a_region_selects_it_and_seeks(view: WaveformView, events) -> None:
    zoomed(view)
    view.set_segments([(2.0, 4.0), (4.5, 7.0), (12.0, 15.0)])
    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.mouseClick(view.viewport(), LEFT, ctrl, at(view, 300))  # 6 s, inside segment 1
    assert events["clicked"] == [(1, ctrl)]
    assert events["seek"] == [(pytest.approx(6.0),)]


def test_overlapping_regions_click_the_one_on_top(view: WaveformView, events) -> None:
    zoomed(view)
    view.set_segments([(2.0, 8.0), (5.0, 9.0)])
    QTest.mouseClick(view.viewport(), LEFT, NO_MODIFIER, at(view, 300))
    assert events["clicked"] == [(1, NO_MODIFIER)]


def test_regions_show_without_audio_on_a_time_axis(view: WaveformView, events) -> None:
    view.set_duration(0)
    view.set_segments([(0.0, 10.0), (30.0, 40.0)])
    assert view.duration() == 40.0  # the last segment's end
    assert view.pixels_per_second() == pytest.approx(view.viewport().width() / 40)
    QTest.mouseClick(view.viewport(), LEFT, NO_MODIFIER, at(view, view.x_at(35.0)))
    assert events["clicked"] == [(1, NO_MODIFIER)]


# --- edge drags ---------------------------------------------------------------------------


def drag(view: WaveformView, path: list[float]) -> None:
    QTest.mousePress(view.viewport(), LEFT, NO_MODIFIER, at(view, path[0]))
    for x in path[1:]:
        QTest.mouseMove(view.viewport(), at(view, x))
    QTest.mouseRelease(view.viewport(), LEFT, NO_MODIFIER, at(view, path[-1]))


@pytest.fixture
def three(view: WaveformView) -> WaveformView:
    """Segments at x 100-200, 225-350 and 600-750 (50 px a second, no scroll)."""
    zoomed(view, seconds=30)
    view.set_segments([(2.0, 4.0), (4.5, 7.0), (12.0, 15.0)])
    return view


def test_hovering_near_an_edge_shows_the_resize_cursor(three: WaveformView) -> None:
    QTest.mouseMove(three.viewport(), at(three, 203))
    assert three.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor
    QTest.mouseMove(three.viewport(), at(three, 150))
    assert three.viewport().cursor().shape() != Qt.CursorShape.SizeHorCursor


def test_dragging_an_end_reports_while_moving_and_once_on_release(three: WaveformView, events) -> None:
    drag(three, [202, 208, 214, 218])  # grabbed 2 px right of the edge at 4.0 s
    assert [d[:2] for d in events["dragging"]] == [(0, "end")] * 3
    assert [d[2] for d in events["dragging"]] == pytest.approx([4.12, 4.24, 4.32])
    assert events["dragged"] == [(0, 2.0, pytest.approx(4.32))]
    assert events["seek"] == [] and events["clicked"] == []


def test_a_dragged_start_stops_short_of_the_end(three: WaveformView, events) -> None:
    drag(three, [600, 700, 900])
    assert events["dragging"][-1] == (2, "start", pytest.approx(15.0 - MIN_SEGMENT_S))
    assert events["dragged"] == [(2, pytest.approx(15.0 - MIN_SEGMENT_S), 15.0)]


def test_a_dragged_end_stops_at_the_end_of_the_timeline(three: WaveformView, events) -> None:
    bar = three.horizontalScrollBar()
    bar.setValue(bar.maximum())  # 10-30 s in view; segment 2 ends at x 250
    drag(three, [250, 600, 1200])
    assert events["dragged"] == [(2, 12.0, 30.0)]


def test_a_dragged_start_stops_at_zero(three: WaveformView, events) -> None:
    drag(three, [100, 50, -80])
    assert events["dragged"] == [(0, 0.0, 4.0)]


def test_a_dragged_edge_snaps_to_a_neighbouring_edge(three: WaveformView, events) -> None:
    drag(three, [200, 210, 221])  # 4.42 s is 4 px from segment 1's start at 4.5 s
    assert events["dragged"] == [(0, 2.0, 4.5)]


def test_touching_segments_give_the_edge_on_the_mouse_side(three: WaveformView, events) -> None:
    for path in ([198, 180], [202, 240]):
        three.set_segments([(2.0, 4.0), (4.0, 7.0)])
        drag(three, path)
    assert events["dragged"] == [(0, 2.0, pytest.approx(3.64)), (1, pytest.approx(4.76), 7.0)]


def test_a_click_on_an_edge_without_moving_is_a_click(three: WaveformView, events) -> None:
    drag(three, [199, 200])  # under the drag threshold
    assert events["dragging"] == [] and events["dragged"] == []
    assert events["clicked"] == [(0, NO_MODIFIER)]
    assert events["seek"] == [(pytest.approx(199 / 50),)]


def test_escape_puts_a_dragged_edge_back(three: WaveformView, events) -> None:
    QTest.mousePress(three.viewport(), LEFT, NO_MODIFIER, at(three, 200))
    QTest.mouseMove(three.viewport(), at(three, 260))
    QTest.keyClick(three, Qt.Key.Key_Escape)
    QTest.mouseRelease(three.viewport(), LEFT, NO_MODIFIER, at(three, 260))
    assert events["dragging"][-1] == (0, "end", 4.0)
    assert events["dragged"] == []


def test_edges_of_slivers_cannot_be_grabbed(view: WaveformView, events) -> None:
    view.set_duration(3 * 3600)  # whole file in view: a 2 s segment is a fraction of a pixel
    view.set_segments([(600.0, 602.0)])
    x = view.x_at(601.0)
    drag(view, [x, x + 40])
    assert events["dragged"] == []


# --- zoom and scroll ----------------------------------------------------------------------


def test_ctrl_wheel_zooms_keeping_the_time_under_the_mouse(view: WaveformView) -> None:
    zoomed(view, pps=50, scroll=1000)
    under = view.time_at(300)
    ctrl = Qt.KeyboardModifier.ControlModifier
    wheel(view, 300, 120, ctrl)
    assert view.pixels_per_second() == pytest.approx(50 * waveform.ZOOM_FACTOR)
    assert view.time_at(300) == pytest.approx(under, abs=1 / view.pixels_per_second())
    wheel(view, 300, -360, ctrl)
    assert view.pixels_per_second() == pytest.approx(50 / waveform.ZOOM_FACTOR**2)
    assert view.time_at(300) == pytest.approx(under, abs=1 / view.pixels_per_second())


def test_zoom_stays_between_the_whole_file_and_the_closest_zoom(view: WaveformView) -> None:
    zoomed(view)
    view.zoom_to_fit()
    assert view.visible_range() == pytest.approx((0, 120))
    view.zoom_out()
    assert view.pixels_per_second() == pytest.approx(view.viewport().width() / 120)
    view.set_zoom(1e9)
    assert view.pixels_per_second() == MAX_PIXELS_PER_SECOND


def test_plus_and_minus_keys_zoom_around_the_playhead(view: WaveformView) -> None:
    zoomed(view, pps=50, scroll=500)
    view.set_position(20.0)  # x 500
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.pixels_per_second() == pytest.approx(50 * waveform.ZOOM_FACTOR)
    assert view.x_at(20.0) == pytest.approx(500, abs=1)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.pixels_per_second() == pytest.approx(50)
    QTest.keyClick(view, Qt.Key.Key_0)
    assert view.visible_range() == pytest.approx((0, 120))


def test_the_wheel_scrolls_the_timeline(view: WaveformView) -> None:
    zoomed(view, pps=50, scroll=1000)
    wheel(view, 300, -120)
    assert view.horizontalScrollBar().value() > 1000
    wheel(view, 300, 240)
    assert view.horizontalScrollBar().value() < 1000


def test_resizing_keeps_the_whole_file_in_view_when_fitted(view: WaveformView, qtbot) -> None:
    view.set_duration(120)
    view.resize(600, 160)
    qtbot.waitUntil(lambda: view.viewport().width() == 600)
    assert view.visible_range() == pytest.approx((0, 120))


# --- following playback -------------------------------------------------------------------


def test_set_position_follows_the_playhead_out_of_view(view: WaveformView) -> None:
    zoomed(view, pps=50)
    view.set_position(10.0)  # in view: nothing moves
    assert view.horizontalScrollBar().value() == 0
    view.set_position(60.0)
    lead = waveform.FOLLOW_LEAD * view.viewport().width()
    assert view.x_at(60.0) == pytest.approx(lead, abs=1)
    view.set_position(5.0)  # a seek back
    assert 0 <= view.x_at(5.0) < view.viewport().width()


def test_following_pauses_while_the_person_scrolls(view: WaveformView, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(waveform, "FOLLOW_PAUSE_S", 0.2)
    zoomed(view, pps=50)
    wheel(view, 300, -120)
    scrolled = view.horizontalScrollBar().value()
    view.set_position(90.0)
    assert view.horizontalScrollBar().value() == scrolled
    qtbot.wait(250)
    view.set_position(90.0)
    assert 0 <= view.x_at(90.0) < view.viewport().width()


def test_following_waits_for_an_edge_drag_to_end(three: WaveformView) -> None:
    QTest.mousePress(three.viewport(), LEFT, NO_MODIFIER, at(three, 200))
    three.set_position(25.0)
    assert three.horizontalScrollBar().value() == 0
    QTest.mouseRelease(three.viewport(), LEFT, NO_MODIFIER, at(three, 200))


def test_ensure_visible_centres_a_segment_chosen_elsewhere(view: WaveformView) -> None:
    zoomed(view, pps=50)
    view.ensure_visible(80.0, 84.0)
    first, last = view.visible_range()
    assert first < 80.0 and 84.0 < last
    assert (80.0 - first) == pytest.approx(last - 84.0, abs=0.05)


# --- look and access ----------------------------------------------------------------------


def test_selected_regions_are_drawn_stronger_in_light_and_dark_palettes(view: WaveformView) -> None:
    zoomed(view, seconds=30)
    view.set_segments([(2.0, 4.0), (6.0, 8.0)])
    dark = QPalette()
    for role, color in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e0e0e0"),
                        (QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Highlight, "#3d8ee8")):
        dark.setColor(role, QColor(color))  # fmt: skip
    for palette in (view.palette(), dark):
        view.setPalette(palette)
        view.set_selected({1})
        image = view.viewport().grab().toImage()
        y = view.viewport().height() - 10
        base = QColor(image.pixel(500, y)).lightness()
        normal = QColor(image.pixel(150, y)).lightness()
        selected = QColor(image.pixel(350, y)).lightness()
        assert abs(selected - base) > abs(normal - base) > 0


def test_the_view_is_focusable_and_named_for_assistive_technology(view: WaveformView) -> None:
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert view.accessibleName() == "Waveform"
    assert "zoom" in view.accessibleDescription()
