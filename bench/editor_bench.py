"""The editor on a long transcript: opening 3 hours (~3,000 segments) and one edit
(jumping to a far row and editing it; editing the row in view); then how soon
Play sounds (bench/playback_bench.py).

The transcript is synthetic but shaped like faster-whisper output (segments of
2-5 s with timed words), so the table, warnings and waveform regions do the
same work they do for a real recording.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path

from . import playback_bench, report

HOURS = 3.0
WORDS = ("we", "will", "review", "the", "budget", "for", "next", "quarter", "and", "then", "send", "questions")


def _transcript():
    from malsori.core.transcript import Segment, Transcript, Word

    rng = random.Random(7)
    segments, at = [], 0.0
    while at < HOURS * 3600:
        length = rng.uniform(2.0, 5.0)
        count = rng.randint(4, 12)
        step = length / count
        words = tuple(Word(round(at + i * step, 3), round(at + (i + 1) * step - 0.02, 3), " " + rng.choice(WORDS),
                           rng.uniform(0.3, 1.0)) for i in range(count))
        segments.append(Segment(round(at, 3), words[-1].end, "".join(w.text for w in words).strip(), words))
        at += length + rng.uniform(0.1, 0.8)
    return Transcript(tuple(segments), language="en", duration=at)


def run(home: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from malsori.core.project import Project
    from malsori.core.recovery import RecoveryStore
    from malsori.ui.editor_model import Column
    from malsori.ui.editor_window import EditorWindow
    from malsori.ui.settings import Settings

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive while the widgets live)
    transcript = _transcript()
    project = Project(transcript, None, "bench", time.time(), time.time())
    started = time.perf_counter()
    editor = EditorWindow(project, None, Settings(home / "editor-bench.ini"), RecoveryStore(home / "editor-recovery"))
    editor.show()
    QCoreApplication.processEvents()  # the first paint
    opened = time.perf_counter() - started
    report.note(f"editor: {len(transcript.segments)} segments, {transcript.duration / 3600:.1f} h")
    report.figure("editor_open_3h_seconds", opened, "s")

    latencies = []
    for i in range(30):
        row = (i * 97) % len(transcript.segments)
        editor.table.scrollTo(editor.model.index(row, 0))
        begin = time.perf_counter()
        editor.model.setData(editor.model.index(row, Column.TEXT), f"edited line {i}")
        QCoreApplication.processEvents()
        latencies.append((time.perf_counter() - begin) * 1000)
    report.figure("editor_edit_latency_p50", statistics.median(latencies), "ms", digits=1)
    report.figure("editor_edit_latency_max", max(latencies), "ms", digits=1)
    # the same edits on a row already selected and in view, as when a person clicks a
    # line, reads it and types: without the scroll and the new selection's repaint
    latencies = []
    for i in range(30):
        row = (i * 89) % len(transcript.segments)
        editor.select_rows([row])
        QCoreApplication.processEvents()
        begin = time.perf_counter()
        editor.model.setData(editor.model.index(row, Column.TEXT), f"edited in place {i}")
        QCoreApplication.processEvents()
        latencies.append((time.perf_counter() - begin) * 1000)
    report.figure("editor_edit_in_place_latency_p50", statistics.median(latencies), "ms", digits=1)
    begin = time.perf_counter()
    editor.document.undo_stack.undo()
    QCoreApplication.processEvents()
    report.figure("editor_undo_latency", (time.perf_counter() - begin) * 1000, "ms", digits=1)
    begin = time.perf_counter()
    written = editor.write_recovery()
    report.figure("editor_autosave_gui_ms", (time.perf_counter() - begin) * 1000, "ms", digits=1)
    written.result()
    report.figure("editor_autosave_seconds", time.perf_counter() - begin, "s")
    editor.document.undo_stack.setClean()
    editor.close()
    playback_bench.run(home)
