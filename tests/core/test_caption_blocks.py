"""Live caption blocks (malsori.core.caption_blocks): committed words split into
utterances at pauses longer than MAX_PAUSE_S, on scripted words (no model)."""

from __future__ import annotations

import pytest
from malsori.core.caption_blocks import CaptionBlocks
from malsori.core.segmentation import MAX_PAUSE_S
from malsori.core.transcript import Word


def said(text: str, start: float, step: float = 0.4) -> list[Word]:
    """Words of ``text`` from ``start`` (session time), each ``step`` s long with a 0.1 s gap."""
    return [Word(start + i * step, start + i * step + step - 0.1, f" {t}") for i, t in enumerate(text.split())]


def texts(blocks: CaptionBlocks) -> list[str]:
    return [b.text for b in blocks.blocks]


def test_the_bound_is_the_file_transcriptions_pause_rule():
    assert CaptionBlocks().max_pause == MAX_PAUSE_S == 1.5


def test_words_with_short_pauses_between_them_stay_in_one_block():
    blocks = CaptionBlocks()
    blocks.add(said("good morning everyone.", 0.0))  # ends at 1.1
    blocks.add(said("today we meet", 2.5))  # a 1.4 s pause: a breath between sentences
    assert texts(blocks) == ["good morning everyone. today we meet"]
    assert (blocks.blocks[0].start, blocks.blocks[0].end) == pytest.approx((0.0, 3.6))


def test_a_pause_longer_than_the_bound_between_the_words_starts_a_new_block():
    blocks = CaptionBlocks()
    blocks.add(said("ask what you can do for your country.", 0.0))  # ends at 3.1
    blocks.add(said("and so my fellow americans", 4.7))  # a 1.6 s gap
    assert texts(blocks) == ["ask what you can do for your country.", "and so my fellow americans"]
    first, second = blocks.blocks
    assert first.end == pytest.approx(3.1) and second.start == pytest.approx(4.7)
    assert [w.text for w in first.words + second.words] == [w.text for w in said(
        "ask what you can do for your country. and so my fellow americans", 0.0)]


def test_a_silence_the_vad_heard_splits_words_whose_times_stretch_into_it():
    """Whisper stretched the last word into the pause and started the next one early:
    1.0 s from word to word, but the VAD heard 2.4 s of silence."""
    blocks = CaptionBlocks()
    blocks.add([Word(0.0, 0.5, " your"), Word(0.6, 1.8, " country.")])  # speech ended at 1.2
    blocks.pause(1.2, 3.6)
    blocks.add([Word(2.8, 3.9, " And"), Word(4.0, 4.3, " so")])
    assert texts(blocks) == ["your country.", "And so"]


def test_a_silence_shorter_than_the_bound_splits_nothing():
    blocks = CaptionBlocks()
    blocks.add(said("one two", 0.0))
    blocks.pause(0.7, 2.0)  # 1.3 s: the gap between the words
    blocks.add(said("three", 2.0))
    assert texts(blocks) == ["one two three"]


def test_a_silence_heard_before_the_words_around_it_are_committed_still_splits_them():
    """The VAD hears the pause while the words before it are still tentative."""
    blocks = CaptionBlocks()
    blocks.add(said("one", 0.0))
    blocks.pause(1.0, 3.0)
    blocks.add(said("two", 0.5))  # committed later, still before the pause
    blocks.add(said("three four", 3.0))
    assert texts(blocks) == ["one two", "three four"]


def test_a_silence_reported_again_as_it_grows_makes_one_break_and_is_forgotten_once_passed():
    blocks = CaptionBlocks()
    blocks.add(said("before", 0.0))
    for end in (2.0, 3.0, 4.0, 5.0):  # the same silence, heard longer at each step
        blocks.pause(0.3, end)
    assert blocks.starts_block(said("after", 5.0)[0])
    blocks.add(said("after and more", 5.0))
    assert texts(blocks) == ["before", "after and more"]
    assert not blocks.starts_block(said("still", 6.5)[0])


def test_a_silence_between_words_already_committed_changes_nothing():
    blocks = CaptionBlocks()
    blocks.add(said("one two three", 0.0))
    blocks.pause(-3.0, 0.0)  # before the first word
    blocks.add(said("four", 1.2))
    assert texts(blocks) == ["one two three four"]


def test_the_first_words_start_no_new_block_and_closed_blocks_never_change():
    blocks = CaptionBlocks()
    assert blocks.blocks == () and not blocks.starts_block(said("hello", 10.0)[0])
    blocks.add(said("hello", 10.0))
    blocks.add(said("again", 20.0))
    closed = blocks.blocks[0]
    blocks.add(said("and again", 20.5))
    assert blocks.blocks[0] is closed and texts(blocks) == ["hello", "again and again"]


def test_the_bound_must_be_positive():
    with pytest.raises(ValueError):
        CaptionBlocks(0.0)
