"""How late the window's event loop runs while a file is transcribed.

A 10 ms QTimer records when it actually fires; lateness beyond 10 ms is time the
GUI thread could not answer the person (a click, a repaint). The transcription
runs through the real MainWindow, queue and worker thread, offscreen.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from . import report

TICK_MS = 10


def run(model: str, audio: Path, home: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from malsori.core.project import ProjectStore
    from malsori.ui.main_window import MainWindow
    from malsori.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    settings = Settings(home / "ui-bench.ini")
    settings.set("model/name", model)
    window = MainWindow(settings, ProjectStore(home / "ui-bench-projects"))
    window.resize(1280, 800)
    window.show()

    clock = QElapsedTimer()
    lateness: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        lateness.append(max(0.0, now - last[0] - TICK_MS))
        last[0] = now
        if all(job.status.finished for job in window.queue.jobs):
            app.quit()

    timer = QTimer()
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.timeout.connect(tick)
    started = time.perf_counter()
    window.add_paths([audio])
    clock.start()
    timer.start(TICK_MS)
    app.exec()
    timer.stop()
    seconds = time.perf_counter() - started
    job = window.queue.jobs[0]
    window.close()
    lateness.sort()
    p99 = lateness[min(len(lateness) - 1, int(len(lateness) * 0.99))]
    report.note(f"{model} in the window: {job.status.value} in {seconds:.1f} s, {len(lateness)} ticks of {TICK_MS} ms")
    report.figure("ui_event_loop_lag_p50", statistics.median(lateness), "ms", digits=2)
    report.figure("ui_event_loop_lag_p99", p99, "ms", digits=2)
    report.figure("ui_event_loop_lag_max", lateness[-1], "ms", digits=2)
