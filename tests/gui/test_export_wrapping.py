"""One export path: the window's Export (Ctrl+E), its Export all, the editor's Export
and the command line write the same subtitles for the same transcript."""

from __future__ import annotations

import pysubs2

from malsori import cli
from malsori.core import subtitles
from malsori.core.project import ProjectStore
from malsori.core.recovery import RecoveryStore
from malsori.core.transcript import Segment, Transcript
from malsori.ui.editor_window import EditorWindow
from malsori.ui.jobs import Job, Status
from malsori.ui.main_window import MainWindow
from malsori.ui.settings import Settings
from tests.gui.editor_fixtures import project_of, words_of

LONG = ("Good morning everyone, today we will review the budget for the next quarter and the plans "
        "for the new office that opens in June.")  # 123 characters: three lines of 42 at most


def long_transcript() -> Transcript:
    segments = (Segment(0.0, 2.0, "Hello."), Segment(2.5, 11.0, LONG, words_of(LONG, 2.5, 11.0)))
    return Transcript(segments, language="en", duration=12.0, model="tiny.en")


def cli_render(transcript: Transcript) -> str:
    """What ``malsori transcribe --format srt`` writes for this transcript, with its default options."""
    args = cli.build_parser().parse_args(["transcribe", "talk.wav"])
    return subtitles.render(transcript, "srt", cli.wrap_options(args))


def test_window_editor_and_command_line_write_the_same_wrapped_srt(qtbot, tmp_path):
    transcript = long_transcript()
    expected = cli_render(transcript)
    cues = pysubs2.SSAFile.from_string(expected, format_="srt")
    assert len(cues) > 2 and all(len(line) <= 42 for e in cues for line in e.plaintext.split("\n"))

    window = MainWindow(Settings(tmp_path / "malsori.ini"), ProjectStore(tmp_path / "projects"))
    qtbot.addWidget(window)
    job = Job(tmp_path / "talk.wav", duration=12.0, status=Status.DONE, transcript=transcript)
    window.queue.add(job)
    assert window.export_job(job, tmp_path / "one.srt", "srt")
    assert (tmp_path / "one.srt").read_text(encoding="utf-8") == expected
    written = window.export_all(tmp_path / "all", ["srt"])
    assert [p.read_text(encoding="utf-8") for p in written] == [expected]

    editor = EditorWindow(project_of(transcript), None, Settings(tmp_path / "editor.ini"),
                          RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(editor)
    assert editor.export_to(tmp_path / "editor.srt", "srt")
    assert (tmp_path / "editor.srt").read_text(encoding="utf-8") == expected
    editor.document.undo_stack.setClean()
    editor.close()
    window.close()
