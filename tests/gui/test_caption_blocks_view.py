"""Live captions on screen: one paragraph per caption block (utterance), in the
recording panel and in the big captions window, offscreen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QTextDocument

from malsori.core import audio
from malsori.core.audio_sources import FileSource
from malsori.core.caption_blocks import CaptionBlocks
from malsori.core.live import Captions
from malsori.core.transcript import Word
from malsori.ui.recording_panel import RecordingPanel
from malsori.ui.settings import Settings
from tests.speech import speak, wer


def said(text: str, start: float) -> list[Word]:
    return [Word(start + i * 0.4, start + i * 0.4 + 0.3, f" {t}") for i, t in enumerate(text.split())]


def paragraphs(document: QTextDocument) -> list[str]:
    block, found = document.begin(), []
    while block.isValid():
        found.append(block.text())
        block = block.next()
    return found


def italic_text(document: QTextDocument) -> str:
    """The text shown in italics: the tentative tail."""
    found, block = [], document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().fontItalic():
                found.append(fragment.text())
            it += 1
        block = block.next()
    return "".join(found).strip()


@pytest.fixture
def panel(qtbot, tmp_path):
    widget = RecordingPanel(Settings(tmp_path / "malsori.ini"), model_name=lambda: "tiny.en")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


def test_each_block_is_a_paragraph_and_the_tentative_tail_follows_a_pause_on_its_own_line(panel):
    blocks = CaptionBlocks()
    blocks.add(said("Ask what you can do for your country.", 0.0))
    blocks.add(said("And so my fellow", 5.0))  # after a 2.2 s pause
    panel.detach_captions()
    views = (panel.captions_view.document(), panel.caption_window.view.document())

    tentative_there = Captions(blocks.blocks, "Americans, ask", 6.5, new_block=False)
    panel.bridge.captions.emit(tentative_there)
    for document in views:
        assert paragraphs(document) == ["Ask what you can do for your country.", "And so my fellow Americans, ask"]
        assert italic_text(document) == "Americans, ask"

    after_a_pause = Captions(blocks.blocks, "Thank you all", 12.0, new_block=True)
    panel.bridge.captions.emit(after_a_pause)
    for document in views:
        assert paragraphs(document) == ["Ask what you can do for your country.", "And so my fellow", "Thank you all"]
        assert italic_text(document) == "Thank you all"


def test_nothing_yet_but_a_tentative_word_shows_it_greyed(panel):
    panel.bridge.captions.emit(Captions((), "Good", 0.0))
    assert paragraphs(panel.captions_view.document()) == ["Good"]
    assert italic_text(panel.captions_view.document()) == "Good"


FIRST = "Good morning everyone, the weekly meeting starts now."
SECOND = "Please send your questions before Friday."


@pytest.mark.slow
def test_a_session_with_a_pause_shows_its_two_utterances_as_two_paragraphs(qtbot, panel, tmp_path):
    first = audio.decode(speak(FIRST, tmp_path / "first.wav"))
    second = audio.decode(speak(SECOND, tmp_path / "second.wav"))
    pause = np.zeros(3 * audio.SAMPLE_RATE, dtype=np.float32)
    source = FileSource(np.concatenate([first, pause, second, pause[: audio.SAMPLE_RATE]]))
    panel.make_source = lambda: source
    panel.live_check.setChecked(True)
    panel.start()
    qtbot.waitUntil(source.finished.is_set, timeout=30_000)
    panel.stop()  # the last captions arrive from the caption thread through the event loop
    document = panel.captions_view.document()
    qtbot.waitUntil(lambda: not italic_text(document) and len([p for p in paragraphs(document) if p]) >= 2,
                    timeout=10_000)
    shown = [p for p in paragraphs(document) if p]
    assert len(shown) == 2, shown
    # each paragraph is its own utterance, in order; live decoding under a loaded machine varies by a
    # few words (measured: 0.0-0.375 on the first sentence), which is not what this test is about
    assert wer(FIRST, shown[0]) < min(0.5, wer(SECOND, shown[0]))
    assert wer(SECOND, shown[1]) < min(0.5, wer(FIRST, shown[1]))
