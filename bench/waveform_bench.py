"""The editor's waveform on long files: building the peaks and painting one view."""

from __future__ import annotations

import os
import time

import numpy as np

from . import report

RATE = 16_000


def _paint_ms(view, repeats: int = 5) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        view.viewport().grab()
    return (time.perf_counter() - started) / repeats * 1000


def run() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from malsori.ui.waveform import MAX_PIXELS_PER_SECOND, WaveformView

    app = QApplication.instance() or QApplication([])  # noqa: F841 (the widgets need it)
    view = WaveformView()
    view.resize(1000, 160)
    view.show()
    hours = 3
    second = np.random.default_rng(3).standard_normal(RATE).astype(np.float32) * 0.3
    samples = np.tile(second, hours * 3600)  # 690 MB, like a decoded 3-hour recording
    started = time.perf_counter()
    view.set_audio(samples)
    report.figure("waveform_3h_peaks_seconds", time.perf_counter() - started, "s")
    view.set_segments([(i * 3.6, i * 3.6 + 3.0) for i in range(3000)])
    report.figure("waveform_3h_paint_whole_ms", _paint_ms(view), "ms", digits=1)
    view.set_zoom(100)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 2)
    report.figure("waveform_3h_paint_100pps_ms", _paint_ms(view), "ms", digits=1)
    view.set_zoom(MAX_PIXELS_PER_SECOND)
    report.figure("waveform_3h_paint_max_zoom_ms", _paint_ms(view), "ms", digits=1)
    view.close()
