"""Guards against a broken Qt binding build.

PySide6 6.12.0 under Python 3.11 drops a reference to None on every call of a
Qt method returning void; after a few thousand calls the interpreter aborts
("deallocating None"). pyproject.toml excludes that release; this test fails
if an installed PySide6 brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication


def test_void_qt_calls_keep_the_reference_count_of_none(qapp):
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
    assert abs(sys.getrefcount(None) - before) < 100
