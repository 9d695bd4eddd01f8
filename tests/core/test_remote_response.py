"""core/remote_response: every shape of answer becomes valid segments in the file's time."""

from __future__ import annotations

import math

import pytest

from malsori.core.remote_response import MalformedAnswer, parse


def test_words_with_probabilities_keep_them_and_the_segments_text():
    body = {"language": "english", "text": "Hello, world.",
            "segments": [{"start": 0.0, "end": 1.0, "text": " Hello, world.", "avg_logprob": -0.1}],
            "words": [{"word": "Hello", "start": 0.1, "end": 0.4, "probability": 0.9},
                      {"word": "world", "start": 0.5, "end": 0.9, "probability": 0.3}]}
    parsed = parse(body, 100.0, 110.0)
    assert parsed.language == "en" and parsed.timing == "word" and parsed.confidence == "word"
    (segment,) = parsed.segments
    assert segment.text == "Hello, world."  # the segment's punctuation, not the words' bare text
    assert (segment.start, segment.end) == (100.0, 101.0)
    assert [(w.text, w.start, w.probability) for w in segment.words] == [(" Hello", 100.1, 0.9), (" world", 100.5, 0.3)]


def test_words_without_probabilities_carry_their_segments_confidence():
    body = {"text": "a b", "segments": [{"start": 0, "end": 1, "text": "a", "avg_logprob": -0.5},
                                        {"start": 2, "end": 3, "text": "b", "avg_logprob": -2.0}],
            "words": [{"word": "a", "start": 0.2, "end": 0.5}, {"word": "b", "start": 2.1, "end": 2.6}]}
    parsed = parse(body, 0.0, 10.0)
    assert parsed.confidence == "segment"
    assert [s.words[0].probability for s in parsed.segments] == pytest.approx([math.exp(-0.5), math.exp(-2.0)])


def test_words_without_any_confidence_say_so():
    parsed = parse({"text": "a", "words": [{"word": "a", "start": 0.0, "end": 0.3}]}, 5.0, 6.0)
    assert parsed.timing == "word" and parsed.confidence == "none"
    assert parsed.segments[0].start == 5.0


def test_a_segment_the_server_gave_no_words_for_is_kept():
    body = {"text": "a b", "segments": [{"start": 0, "end": 1, "text": "a"}, {"start": 2, "end": 3, "text": "b"}],
            "words": [{"word": "a", "start": 0.2, "end": 0.5}]}
    parsed = parse(body, 0.0, 10.0)
    assert [s.text for s in parsed.segments] == ["a", "b"]
    assert len(parsed.segments[1].words) == 1 and parsed.segments[1].words[0].text == " b"


def test_times_past_the_chunk_are_clamped_into_it():
    body = {"text": "x", "segments": [{"start": -1.0, "end": 30.0, "text": "x"}]}
    (segment,) = parse(body, 10.0, 20.0).segments
    assert (segment.start, segment.end) == (10.0, 20.0)


def test_segments_only_give_one_word_spanning_each_segment_with_its_confidence():
    body = {"text": "one two", "segments": [{"start": 1.0, "end": 2.0, "text": " one", "avg_logprob": -0.2},
                                            {"start": 0.0, "end": 0.5, "text": "two"}]}
    parsed = parse(body, 0.0, 5.0)
    assert parsed.timing == "segment" and parsed.confidence == "segment"
    assert [s.text for s in parsed.segments] == ["two", "one"]  # in time order
    assert parsed.segments[1].words[0].probability == pytest.approx(math.exp(-0.2))
    assert parsed.segments[0].words[0].probability == 1.0  # no avg_logprob: nothing to mark


def test_text_only_is_spread_over_the_speech_in_proportion_to_the_sentences():
    parsed = parse("Short one. A much longer second sentence!", 0.0, 60.0, speech=(10.0, 20.0))
    assert parsed.timing == "text" and parsed.confidence == "none"
    first, second = parsed.segments
    assert first.start == 10.0 and second.end == 20.0 and first.end == second.start
    assert first.end - first.start < second.end - second.start
    assert parse({"text": "  "}, 0.0, 5.0).segments == ()


@pytest.mark.parametrize("body", [[1, 2], {"text": 5}, {"text": "x", "segments": [{"start": "soon", "end": 1}]}])
def test_answers_that_are_not_transcriptions_are_refused(body):
    with pytest.raises(MalformedAnswer):
        parse(body, 0.0, 1.0)
