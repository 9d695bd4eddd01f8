"""A separate recording process for the SIGKILL test.

Records a speech file played in real time (FileSource) into a folder, prints
"RECORDING <path>" once capture has started, and keeps recording until it is
killed. Usage: python -m tests.recorder_child SPEECH_FILE FOLDER FORMAT
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from malsori.core.recorder import FileSource, Recorder


def main() -> None:
    speech, folder, fmt = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    recorder = Recorder(FileSource(speech), folder, fmt=fmt)
    print("RECORDING", recorder.start(), flush=True)
    threading.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    main()
