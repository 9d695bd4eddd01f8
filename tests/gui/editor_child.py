"""A separate Malsori process for the crash test: opens a project in the editor,
makes one edit, says so on stdout, and keeps running until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from malsori.core.project import load
from malsori.ui.editor_model import Column
from malsori.ui.editor_window import EditorWindow
from malsori.ui.settings import Settings


def main() -> None:
    project_path, new_text = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    editor = EditorWindow(load(project_path), project_path, Settings())
    editor.show()

    def edit() -> None:
        assert editor.model.setData(editor.model.index(0, Column.TEXT), new_text)
        print("EDITED", flush=True)

    QTimer.singleShot(100, edit)
    app.exec()


if __name__ == "__main__":
    main()
