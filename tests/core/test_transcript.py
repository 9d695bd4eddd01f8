"""Tests for the transcript data model and its pure edit operations."""

from __future__ import annotations

import copy
import json
import math
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from malsori.core.transcript import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Segment,
    Transcript,
    TranscriptError,
    Word,
    delete,
    display_width,
    edit_text,
    insert,
    merge,
    set_reviewed,
    set_times,
    shift,
    split,
    split_at_word,
    word_offsets,
)

# --- strategies ---------------------------------------------------------------------

SPACED_LANGUAGES = [None, "en", "ko", "de"]
UNSPACED = ["ja", "zh"]

latin_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZéüß'0123456789", min_size=1, max_size=8)
hangul_token = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=5)
cjk_token = st.text(
    alphabet=st.sampled_from("你好世界再见日本語です東京ありがとう。"), min_size=1, max_size=3
)
# times as the model gives them, and awkward floats too
seconds = st.one_of(
    st.integers(0, 36_000).map(lambda ms: ms / 100),
    st.floats(0, 1e5, allow_nan=False, allow_infinity=False),
)
bad_seconds = st.one_of(
    st.just(math.nan), st.just(math.inf), st.just(-math.inf), st.floats(-1e5, -1e-9), st.just(-1)
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
options_strategy = st.dictionaries(st.text(max_size=10), json_values, max_size=5)


@st.composite
def segments(draw, unspaced: bool | None = None, start=None) -> Segment:
    """A segment as faster-whisper makes it (words spelling the text, each with a
    leading space, or none in ja/zh), or one without words and any text."""
    if start is None:
        start = draw(seconds)
    end = start + draw(st.one_of(st.just(0.0), st.floats(0, 30, allow_nan=False)))
    assume(math.isfinite(end))
    reviewed = draw(st.booleans())
    kind = draw(st.sampled_from(["words", "words", "plain"]))
    if kind == "plain":
        text = draw(st.text(max_size=30))
        return Segment(start, end, text, (), reviewed)
    if unspaced is None:
        unspaced = draw(st.booleans())
    token = cjk_token if unspaced else st.one_of(latin_token, hangul_token)
    tokens = draw(st.lists(token, min_size=1, max_size=6))
    texts = tokens if unspaced else [" " + t for t in tokens]
    fractions = sorted(draw(st.lists(st.floats(0, 1), min_size=2 * len(texts), max_size=2 * len(texts))))
    times = [min(start + f * (end - start), end) for f in fractions]
    words = tuple(
        Word(times[2 * i], times[2 * i + 1], t, draw(st.floats(0, 1))) for i, t in enumerate(texts)
    )
    return Segment(start, end, "".join(texts).strip(), words, reviewed)


@st.composite
def transcripts(draw, max_segments: int = 8) -> Transcript:
    language = draw(st.sampled_from(SPACED_LANGUAGES + UNSPACED))
    unspaced = language in UNSPACED
    segs = draw(st.lists(segments(unspaced=unspaced), max_size=max_segments))
    segs.sort(key=lambda s: (s.start, s.end))
    return Transcript(
        segments=tuple(segs),
        language=language,
        language_probability=draw(st.none() | st.floats(0, 1)),
        duration=draw(seconds),
        model=draw(st.none() | st.sampled_from(["base", "large-v3", "작은-모델"])),
        options=draw(options_strategy),
        source=draw(st.none() | st.text(max_size=20)),
    )


# --- helpers ------------------------------------------------------------------------


def words_text(words) -> str:
    return "".join(w.text for w in words).strip()


def assert_invariants(t: Transcript) -> None:
    assert isinstance(t.segments, tuple)
    for seg in t.segments:
        assert isinstance(seg, Segment)
        assert isinstance(seg.words, tuple)
        for a, b in ((seg.start, seg.end), *((w.start, w.end) for w in seg.words)):
            assert math.isfinite(a) and math.isfinite(b)
            assert 0 <= a <= b
        for w in seg.words:
            assert seg.start <= w.start <= w.end <= seg.end
            assert 0 <= w.probability <= 1
    keys = [(s.start, s.end) for s in t.segments]
    assert keys == sorted(keys)


def roundtrip(t: Transcript) -> Transcript:
    return Transcript.from_dict(json.loads(json.dumps(t.to_dict())))


def no_space(text: str) -> str:
    return "".join(text.split())


W = Word  # brevity in the examples below


def hello_big_world() -> Segment:
    return Segment(
        0.0, 1.6, "Hello big world",
        (W(0.0, 0.5, " Hello", 0.9), W(0.6, 0.9, " big", 0.8), W(1.2, 1.5, " world", 0.7)),
    )


# --- property tests -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(transcripts())
def test_generated_transcripts_hold_invariants_and_roundtrip_json(t):
    assert_invariants(t)
    back = roundtrip(t)
    assert back == t
    assert back.to_dict() == t.to_dict()
    # a second trip is stable too
    assert roundtrip(back) == t


@settings(max_examples=60, deadline=None)
@given(st.text(), options_strategy, st.none() | st.text(), st.none() | st.sampled_from(["ko", "en", "ja"]))
def test_roundtrip_unicode_texts_options_and_none_fields(text, options, source, language):
    t = Transcript(
        segments=(Segment(0.5, 2.25, text, (W(0.5, 1.0, text, 0.25),), reviewed=True), Segment(3, 4, "안녕하세요")),
        language=language,
        language_probability=None,
        duration=10,
        model=None,
        options=options,
        source=source,
    )
    assert roundtrip(t) == t


def test_roundtrip_korean_example_keeps_every_field():
    t = Transcript(
        segments=(
            Segment(0.0, 1.2, "안녕하세요 여러분", (W(0.0, 0.6, " 안녕하세요", 0.98), W(0.7, 1.2, " 여러분", 0.41))),
            Segment(1.5, 2.0, "반갑습니다", reviewed=True),
        ),
        language="ko",
        language_probability=0.97,
        duration=2.5,
        model="base",
        options={"beam_size": 5, "vad_filter": True, "temperature": [0.0, 0.2], "prompt": "회의록", "x": None},
        source="/녹음/회의.wav",
    )
    data = json.loads(json.dumps(t.to_dict(), ensure_ascii=False))
    assert data["format"] == FORMAT_NAME and data["version"] == FORMAT_VERSION
    back = Transcript.from_dict(data)
    assert back == t
    assert back.segments[0].words[1].probability == 0.41
    assert back.segments[1].reviewed is True
    assert back.options["temperature"] == [0.0, 0.2]


class TranscriptEditing(RuleBasedStateMachine):
    """Random edit sequences, valid and invalid: invariants always hold, an invalid
    edit raises TranscriptError and changes nothing, and no earlier value (the
    editor's undo history) is ever mutated."""

    @initialize(t=transcripts(max_segments=6))
    def start(self, t):
        self.t = t
        self.history: list[tuple[Transcript, dict]] = []

    # -- machinery --

    def apply(self, op, *args, valid=None, **kwargs):
        before = self.t
        snapshot = copy.deepcopy(before.to_dict())
        try:
            after = op(before, *args, **kwargs)
        except TranscriptError:
            assert valid is not True, f"{op.__name__}{args} should have worked"
            assert before.to_dict() == snapshot
            assert Transcript.from_dict(snapshot) == before
            return None
        assert valid is not False, f"{op.__name__}{args} should have raised TranscriptError"
        assert before.to_dict() == snapshot, f"{op.__name__} mutated its input"
        assert_invariants(after)
        self.history.append((before, snapshot))
        self.t = after
        return after

    def index_ok(self, i) -> bool:
        return 0 <= i < len(self.t.segments)

    indices = st.integers(-2, 9)

    # -- rules --

    @rule(i=indices, data=st.data())
    def do_edit_text(self, i, data):
        if self.index_ok(i) and data.draw(st.booleans()):
            seg = self.t.segments[i]
            text = data.draw(st.sampled_from([seg.text, "  " + seg.text + " ", words_text(seg.words)]))
        else:
            text = data.draw(st.text(max_size=20))
        old = self.t.segments[i] if self.index_ok(i) else None
        after = self.apply(edit_text, i, text, valid=self.index_ok(i))
        if after is not None:
            assert len(after) == len(self.history[-1][0])
            new = after.segments[i]  # times unchanged, so the place is too
            assert new.text == text.strip()
            assert (new.start, new.end, new.reviewed) == (old.start, old.end, old.reviewed)
            if text.strip() == old.text:
                assert new == old  # nothing typed, nothing changed
            elif old.words and words_text(old.words) == text.strip():
                assert new.words == old.words
            elif word_offsets(old) is None:
                assert new.words == ()
            else:  # the words still spell the text: old words kept, typed ones reviewed
                assert not new.text or word_offsets(new) is not None
                assert all(w in old.words or w.probability == 1.0 for w in new.words)

    @rule(i=indices, start=st.one_of(seconds, bad_seconds), end=st.one_of(seconds, bad_seconds))
    def do_set_times(self, i, start, end):
        good = self.index_ok(i) and all(math.isfinite(x) and x >= 0 for x in (start, end)) and start <= end
        old = self.t.segments[i] if self.index_ok(i) else None
        after = self.apply(set_times, i, start, end, valid=good)
        if after is not None:
            matches = [s for s in after.segments if (s.start, s.end, s.text) == (start, end, old.text)]
            assert matches and all(len(m.words) == len(old.words) for m in matches)

    @rule(i=indices, reviewed=st.booleans())
    def do_set_reviewed(self, i, reviewed):
        after = self.apply(set_reviewed, i, reviewed, valid=self.index_ok(i))
        if after is not None:
            assert after.segments[i].reviewed is reviewed

    def _split_pair(self, after: Transcript, old: Segment, words_first: int | None = None) -> tuple[Segment, Segment]:
        """The two segments that replaced ``old``, first part first.

        Generated segments can share zero-length times and texts, so the order is not read from
        the times alone: where they tie, either order is tried and ``words_first`` (the first
        part's word count, when known) picks it.
        """
        before = self.history[-1][0]
        rest = Counter(before.segments)
        rest[old] -= 1
        added = list((Counter(after.segments) - rest).elements())
        assert len(added) == 2
        pairs = [
            (a, b) for a, b in (added, added[::-1])
            if (a.start, a.end) <= (b.start, b.end) and (words_first is None or len(a.words) == words_first)
        ]
        assert pairs, f"no order of the two parts is in time order with {words_first} words first"
        return pairs[0]

    def _check_split(self, old: Segment, after: Transcript, words_first: int | None = None) -> tuple[Segment, Segment]:
        before = self.history[-1][0]
        assert len(after) == len(before) + 1
        first, second = self._split_pair(after, old, words_first)
        assert first.start == old.start and second.end == old.end
        assert first.end == second.start
        assert first.text.strip() and second.text.strip()
        assert no_space(first.text + second.text) == no_space(old.text)
        assert first.reviewed == second.reviewed == old.reviewed
        return first, second

    @rule(i=indices, position=st.integers(-1, 40))
    def do_split(self, i, position):
        if not self.index_ok(i):
            self.apply(split, i, position, valid=False)
            return
        old = self.t.segments[i]
        in_range = 0 < position < len(old.text)
        after = self.apply(split, i, position, valid=None if in_range else False)
        if after is not None:
            self._check_split(old, after)

    @rule(i=indices, k=st.integers(-1, 7))
    def do_split_at_word(self, i, k):
        if not self.index_ok(i):
            self.apply(split_at_word, i, k, valid=False)
            return
        old = self.t.segments[i]
        spelled = bool(old.words) and words_text(old.words) == old.text
        good = spelled and 0 < k < len(old.words)
        after = self.apply(split_at_word, i, k, valid=None if good else False)
        if after is not None:
            first, second = self._check_split(old, after, words_first=k)
            assert len(second.words) == len(old.words) - k
            assert words_text(first.words) == first.text and words_text(second.words) == second.text

    @rule(i=indices)
    def do_merge(self, i):
        good = 0 <= i and i + 1 < len(self.t.segments)
        a = self.t.segments[i] if good else None
        b = self.t.segments[i + 1] if good else None
        after = self.apply(merge, i, valid=good)
        if after is not None:
            assert len(after) == len(self.history[-1][0]) - 1
            merged = [s for s in after.segments if s.start == min(a.start, b.start) and s.end == max(a.end, b.end)]
            sep = "" if self.t.language in UNSPACED else " "
            assert any(m.text == sep.join(x for x in (a.text, b.text) if x) for m in merged)
            if word_offsets(a) is not None and word_offsets(b) is not None:
                assert any(word_offsets(m) is not None for m in merged)  # the words still spell it

    @rule(seg=segments())
    def do_insert(self, seg):
        after = self.apply(insert, seg, valid=True)
        assert Counter(after.segments) == Counter(self.history[-1][0].segments) + Counter([seg])

    @rule(junk=st.sampled_from([None, "text", (0, 1, "x"), {"start": 0}]))
    def do_insert_junk(self, junk):
        self.apply(insert, junk, valid=False)

    @rule(idx=st.lists(st.integers(-1, 8), max_size=3))
    def do_delete(self, idx):
        good = all(self.index_ok(i) for i in idx)
        n = len(self.t)
        after = self.apply(delete, idx, valid=good)
        if after is not None:
            assert len(after) == n - len(set(idx))

    @rule(
        delta=st.one_of(st.floats(-100, 100), st.sampled_from([math.nan, math.inf, -math.inf])),
        idx=st.none() | st.lists(st.integers(-1, 8), max_size=3),
    )
    def do_shift(self, delta, idx):
        good = math.isfinite(delta) and (idx is None or all(self.index_ok(i) for i in idx))
        after = self.apply(shift, delta, idx, valid=good)
        if after is not None:
            assert len(after) == len(self.history[-1][0])

    # -- invariants --

    @invariant()
    def holds_invariants_and_roundtrips(self):
        assert_invariants(self.t)
        assert roundtrip(self.t) == self.t

    @precondition(lambda self: bool(self.history))
    @invariant()
    def history_is_untouched(self):
        for value, snapshot in self.history:
            assert value.to_dict() == snapshot


TestTranscriptEditing = TranscriptEditing.TestCase
TestTranscriptEditing.settings = settings(
    max_examples=120, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# --- split ------------------------------------------------------------------------------


def test_split_snaps_to_nearest_word_start_and_cuts_between_words():
    t = Transcript((hello_big_world(),), language="en")
    # inside "big" (offsets: Hello 0, big 6, world 10): the nearest word start is "big"
    a = split(t, 0, 7)
    assert [s.text for s in a.segments] == ["Hello", "big world"]
    assert a.segments[0].end == a.segments[1].start == pytest.approx(0.55)  # midpoint of 0.5..0.6
    assert a.segments[0].start == 0.0 and a.segments[1].end == 1.6
    assert [w.text for w in a.segments[1].words] == [" big", " world"]
    # "bi|g": "world" (offset 10) is nearer than "big" (6)
    b = split(t, 0, 9)
    assert [s.text for s in b.segments] == ["Hello big", "world"]
    assert b.segments[0].end == pytest.approx(1.05)
    assert [w.probability for w in b.segments[0].words] == [0.9, 0.8]
    # never before the first word: position 1 cuts after "Hello"
    assert [s.text for s in split(t, 0, 1).segments] == ["Hello", "big world"]
    assert t.segments == (hello_big_world(),)  # unchanged


def test_split_korean_words():
    seg = Segment(
        2.0, 5.0, "오늘 회의를 시작하겠습니다",
        (W(2.0, 2.4, " 오늘", 0.9), W(2.6, 3.2, " 회의를", 0.8), W(3.4, 4.8, " 시작하겠습니다", 0.7)),
    )
    t = Transcript((seg,), language="ko")
    out = split(t, 0, 4)  # just before "회의를" (offset 3): snaps there
    assert [s.text for s in out.segments] == ["오늘", "회의를 시작하겠습니다"]
    assert out.segments[0].end == pytest.approx(2.5)


def test_split_without_words_is_proportional_to_characters():
    t = Transcript((Segment(1.0, 10.0, "abcd efgh"),))
    out = split(t, 0, 4)
    assert [s.text for s in out.segments] == ["abcd", "efgh"]
    assert out.segments[0].end == out.segments[1].start == pytest.approx(5.5)
    out = split(t, 0, 2)
    assert [s.text for s in out.segments] == ["ab", "cd efgh"]
    assert out.segments[0].end == pytest.approx(1.0 + 9 * 2 / 9)
    assert all(s.words == () for s in out.segments)


def test_split_with_words_that_no_longer_spell_text_is_proportional():
    seg = replace_text(hello_big_world(), "Hello big worlds")
    out = split(Transcript((seg,)), 0, 6)
    assert [s.text for s in out.segments] == ["Hello", "big worlds"]
    assert out.segments[0].end == pytest.approx(1.6 * 5 / 15)
    assert all(s.words == () for s in out.segments)


def replace_text(seg: Segment, text: str) -> Segment:
    return Segment(seg.start, seg.end, text, seg.words, seg.reviewed)


@pytest.mark.parametrize("position", [0, -1, 15, 100])
def test_split_out_of_range_raises(position):
    t = Transcript((hello_big_world(),))
    with pytest.raises(TranscriptError, match="cannot split"):
        split(t, 0, position)


def test_split_needs_text_on_both_sides():
    t = Transcript((Segment(0, 1, "   x"),))
    with pytest.raises(TranscriptError, match="both sides"):
        split(t, 0, 2)
    # words that are only whitespace never make an empty segment
    seg = Segment(0, 3, "Hello world", (W(0, 0.5, " "), W(0.5, 1, " Hello"), W(1.5, 2, " world")))
    out = split(Transcript((seg,)), 0, 1)
    assert [s.text for s in out.segments] == ["Hello", "world"]
    with pytest.raises(TranscriptError, match="both sides"):
        split_at_word(Transcript((seg,)), 0, 1)


def test_split_bad_index_raises():
    with pytest.raises(TranscriptError, match="no segment 1"):
        split(Transcript((hello_big_world(),)), 1, 3)


def test_split_at_word():
    t = Transcript((hello_big_world(),))
    out = split_at_word(t, 0, 2)
    first, second = out.segments
    assert (first.text, second.text) == ("Hello big", "world")
    assert first.end == second.start == pytest.approx(1.05)
    assert first.words == hello_big_world().words[:2]
    assert second.words == hello_big_world().words[2:]
    for k in (0, 3, -1):
        with pytest.raises(TranscriptError, match="cannot split before word"):
            split_at_word(t, 0, k)
    with pytest.raises(TranscriptError, match="no word timings"):
        split_at_word(Transcript((Segment(0, 1, "a b"),)), 0, 1)
    with pytest.raises(TranscriptError, match="no word timings"):
        split_at_word(Transcript((replace_text(hello_big_world(), "Hi big world"),)), 0, 1)


def test_split_at_word_with_overlapping_word_times_stays_inside():
    seg = Segment(0, 2, "a b", (W(0.0, 1.5, " a"), W(1.0, 2.0, " b")))
    first, second = split_at_word(Transcript((seg,)), 0, 1).segments
    assert first.end == second.start == 1.25
    assert first.words[0].end == 1.25 and second.words[0].start == 1.25


# --- merge ----------------------------------------------------------------------------------


def test_merge_joins_with_a_space_and_spans_the_union():
    a = Segment(1.0, 2.0, "Hello", (W(1.0, 1.5, " Hello"),), reviewed=True)
    b = Segment(1.5, 3.0, "world", (W(2.0, 2.5, " world"),), reviewed=True)
    c = Segment(4.0, 5.0, "next")
    t = Transcript((a, b, c), language="en")
    out = merge(t, 0)
    assert len(out) == 2
    m = out.segments[0]
    assert (m.start, m.end, m.text, m.reviewed) == (1.0, 3.0, "Hello world", True)
    assert m.words == a.words + b.words
    assert out.segments[1] == c
    # the merged words still spell the text, so it can be split again
    resplit = split_at_word(out, 0, 1).segments
    assert [s.text for s in resplit] == ["Hello", "world", "next"]
    assert merge(Transcript((a, replace(b, reviewed=False))), 0).segments[0].reviewed is False


def replace(seg: Segment, **kw) -> Segment:
    import dataclasses

    return dataclasses.replace(seg, **kw)


@pytest.mark.parametrize("language,expected", [("ja", "東京です"), ("zh", "東京です"), ("ko", "東京 です"), (None, "東京 です")])
def test_merge_joiner_depends_on_language(language, expected):
    t = Transcript((Segment(0, 1, "東京"), Segment(1, 2, "です")), language=language)
    assert merge(t, 0).segments[0].text == expected


def test_merge_drops_words_unless_both_have_them_and_skips_empty_text():
    a = Segment(0, 1, "a", (W(0, 1, " a"),))
    b = Segment(1, 2, "")
    m = merge(Transcript((a, b)), 0).segments[0]
    assert m.text == "a" and m.words == ()


@pytest.mark.parametrize("language,b_word,spelled", [(None, "。", "0 。"), ("ja", " 。", "0。"), (None, " b", "0 b")])
def test_merged_words_spell_the_joined_text_so_later_edits_keep_word_times(language, b_word, spelled):
    # hypothesis found this: b's first word had no leading space, so the merged words spelled "0。"
    # while the text read "0 。", and the next edit threw the word times away
    a = Segment(0, 1, "0", (W(0, 1, " 0"),))
    b = Segment(1, 2, b_word.strip(), (W(1, 2, b_word),))
    m = merge(Transcript((a, b), language=language), 0).segments[0]
    assert m.text == spelled and word_offsets(m) is not None
    assert [(w.start, w.end) for w in m.words] == [(0, 1), (1, 2)]


def test_merge_contained_segment_keeps_the_outer_span():
    t = Transcript((Segment(0, 10, "outer"), Segment(2, 3, "inner")))
    m = merge(t, 0).segments[0]
    assert (m.start, m.end, m.text) == (0, 10, "outer inner")


@pytest.mark.parametrize("index", [-1, 2, 5])
def test_merge_needs_a_next_segment(index):
    t = Transcript((Segment(0, 1, "a"), Segment(1, 2, "b")))
    with pytest.raises(TranscriptError, match="no segment"):
        merge(t, index)


# --- edit_text, set_times, set_reviewed ----------------------------------------------------


def test_edit_text_keeps_the_words_it_did_not_change_with_their_marks():
    t = Transcript((hello_big_world(),), language="en")
    hello, big, world = hello_big_world().words
    same = edit_text(t, 0, "  Hello big world \n")
    assert same.segments[0].text == "Hello big world" and same.segments[0].words == (hello, big, world)
    changed = edit_text(t, 0, "Hello big World").segments[0]
    assert changed.text == "Hello big World"
    assert changed.words == (hello, big, W(1.2, 1.5, " World", 1.0))  # typed: reviewed, in the old word's time
    # a correction back is another typed word: its mark stays gone, the others stay
    assert edit_text(Transcript((changed,)), 0, "Hello big world").segments[0].words[2].probability == 1.0
    inserted = edit_text(t, 0, "Hello very big world").segments[0]
    assert inserted.words == (hello, W(0.5, 0.6, " very", 1.0), big, world)  # timed in the gap it was typed into
    assert edit_text(t, 0, "Hello world").segments[0].words == (hello, world)
    # a word that grew is a changed word, not the old one with letters glued on
    assert [w.probability for w in edit_text(t, 0, "Hello bigger world").segments[0].words] == [0.9, 1.0, 0.7]
    for text in ("Hello big World", "Hello very big world", "Hello, big world!", "x", "Big Hello"):
        edited = edit_text(t, 0, text).segments[0]
        assert "".join(w.text for w in edited.words).strip() == text  # the words still spell the text
        assert word_offsets(edited) is not None
    assert t.segments[0].words == hello_big_world().words
    with pytest.raises(TranscriptError):
        edit_text(t, 1, "x")
    with pytest.raises(TranscriptError, match="string"):
        edit_text(t, 0, None)


def test_edit_text_in_an_unspaced_script_keeps_words_whatever_now_touches_them():
    seg = Segment(0.0, 1.5, "今日は晴れ", (W(0.0, 0.5, "今日", 0.3), W(0.5, 0.8, "は", 0.9), W(0.8, 1.5, "晴れ", 0.4)))
    edited = edit_text(Transcript((seg,), language="ja"), 0, "今日も晴れ").segments[0]
    assert edited.words == (seg.words[0], W(0.5, 0.8, "も", 1.0), seg.words[2])
    korean = Segment(0.0, 1.0, "안녕하세요 여러분", (W(0.0, 0.5, " 안녕하세요", 0.3), W(0.5, 1.0, " 여러분", 0.9)))
    fixed = edit_text(Transcript((korean,), language="ko"), 0, "안녕하세요 모두").segments[0]
    assert fixed.words == (korean.words[0], W(0.5, 1.0, " 모두", 1.0))


def test_edit_text_without_words_that_spell_the_text_has_none_to_keep():
    seg = Segment(0.0, 1.6, "Hello big world", (W(0.0, 0.5, " Hullo", 0.9),))
    assert edit_text(Transcript((seg,)), 0, "Hello big World").segments[0].words == ()


def test_set_times_resorts_and_clamps_words():
    a, b = hello_big_world(), Segment(2.0, 3.0, "second")
    t = Transcript((a, b))
    out = set_times(t, 0, 2.5, 3.0)
    assert [s.text for s in out.segments] == ["second", "Hello big world"]
    moved = out.segments[1]
    assert (moved.start, moved.end) == (2.5, 3.0)
    assert all(2.5 <= w.start <= w.end <= 3.0 for w in moved.words)
    assert [w.text for w in moved.words] == [" Hello", " big", " world"]
    # narrowing: words overhanging the new span are pulled inside
    narrow = set_times(t, 0, 0.55, 1.3).segments[0]
    assert [(w.start, w.end) for w in narrow.words] == [(0.55, 0.55), (0.6, 0.9), (1.2, 1.3)]


@pytest.mark.parametrize("start,end", [(2, 1), (-1, 1), (math.nan, 1), (0, math.inf), ("0", 1), (True, 2)])
def test_set_times_rejects_bad_spans(start, end):
    t = Transcript((Segment(0, 1, "a"),))
    with pytest.raises(TranscriptError):
        set_times(t, 0, start, end)
    assert t.segments[0] == Segment(0, 1, "a")


def test_set_reviewed():
    t = Transcript((Segment(0, 1, "a"), Segment(1, 2, "b")))
    out = set_reviewed(t, 1)
    assert [s.reviewed for s in out.segments] == [False, True]
    assert [s.reviewed for s in set_reviewed(out, 1, False).segments] == [False, False]
    assert [s.reviewed for s in t.segments] == [False, False]
    with pytest.raises(TranscriptError):
        set_reviewed(t, 2)


# --- shift, delete, insert --------------------------------------------------------------------


def test_shift_all_segments_and_words():
    t = Transcript((hello_big_world(), Segment(3.0, 4.0, "b")))
    out = shift(t, 1.5)
    assert [(s.start, s.end) for s in out.segments] == [(1.5, 3.1), (4.5, 5.5)]
    assert [t for w in out.segments[0].words for t in (w.start, w.end)] == pytest.approx(
        [1.5, 2.0, 2.1, 2.4, 2.7, 3.0]
    )
    assert [w.text for w in out.segments[0].words] == [" Hello", " big", " world"]


def test_shift_some_segments_resorts():
    t = Transcript((Segment(0, 1, "a"), Segment(2, 3, "b"), Segment(4, 5, "c")))
    out = shift(t, 3.5, [0])
    assert [(s.text, s.start) for s in out.segments] == [("b", 2), ("a", 3.5), ("c", 4)]
    assert shift(t, 1, []) == t


def test_shift_earlier_stops_at_zero_keeping_durations_and_spacing():
    t = Transcript((Segment(0.5, 1.5, "a"), Segment(2.0, 2.5, "b"), Segment(10, 11, "c")))
    out = shift(t, -5)
    assert [(s.start, s.end) for s in out.segments] == [(0.0, 1.0), (1.5, 2.0), (9.5, 10.5)]
    # only some: the earliest of those moved reaches 0
    some = shift(t, -5, [1, 2])
    assert [(s.text, s.start, s.end) for s in some.segments] == [("b", 0.0, 0.5), ("a", 0.5, 1.5), ("c", 8.0, 9.0)]


@pytest.mark.parametrize("delta,indices", [(math.nan, None), (math.inf, None), (1, [3]), (1, [-1]), ("1", None)])
def test_shift_rejects_bad_arguments(delta, indices):
    t = Transcript((Segment(0, 1, "a"),))
    with pytest.raises(TranscriptError):
        shift(t, delta, indices)


def test_delete():
    t = Transcript(tuple(Segment(i, i + 1, str(i)) for i in range(5)))
    assert [s.text for s in delete(t, [1, 3]).segments] == ["0", "2", "4"]
    assert [s.text for s in delete(t, (4, 4)).segments] == ["0", "1", "2", "3"]
    assert delete(t, []) == t
    assert len(delete(t, range(5))) == 0
    for bad in ([5], [0, -1], ["1"]):
        with pytest.raises(TranscriptError):
            delete(t, bad)
    assert len(t) == 5


def test_insert_keeps_time_order():
    t = Transcript((Segment(0, 1, "a"), Segment(2, 3, "c")))
    out = insert(t, Segment(1, 2, "b"))
    assert [s.text for s in out.segments] == ["a", "b", "c"]
    out = insert(out, Segment(5, 6, "z"))
    assert [s.text for s in out.segments][-1] == "z"
    # equal times: the new one goes after the existing one
    out = insert(out, Segment(0, 1, "a2"))
    assert [s.text for s in out.segments][:2] == ["a", "a2"]
    assert insert(Transcript(), Segment(0, 0, "")).segments == (Segment(0, 0, ""),)
    with pytest.raises(TranscriptError):
        insert(t, "not a segment")


# --- construction and immutability -----------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: Word(1, 0, "x"),
        lambda: Word(-0.1, 1, "x"),
        lambda: Word(0, math.nan, "x"),
        lambda: Word(0, 1, "x", 1.5),
        lambda: Word(0, 1, "x", math.nan),
        lambda: Word(0, 1, "x", None),
        lambda: Segment(0, 1, "x", (Word(0.5, 1.5, "x"),)),
        lambda: Segment(0, 10**400, "x"),
        lambda: Segment(0, 1, None),
        lambda: Transcript((Segment(2, 3, "b"), Segment(0, 1, "a"))),
        lambda: Transcript((Segment(0, 2, "b"), Segment(0, 1, "a"))),
        lambda: Transcript(duration=-1),
        lambda: Transcript(options=[1, 2]),
    ],
)
def test_invalid_values_are_refused(make):
    with pytest.raises(TranscriptError):
        make()


def test_overlapping_segments_are_allowed():
    t = Transcript((Segment(0, 2, "a"), Segment(1, 3, "b")))
    assert len(t) == 2 and t.text == "a\nb"


def test_values_are_frozen_and_options_are_owned():
    t = Transcript((Segment(0, 1, "a"),), options={"beam_size": 5, "nested": {"x": [1]}})
    with pytest.raises(AttributeError):
        t.segments = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        t.segments[0].text = "b"  # type: ignore[misc]
    opts = {"beam_size": 5, "nested": {"x": [1]}}
    t = Transcript(options=opts)
    opts["beam_size"] = 1
    opts["nested"]["x"].append(2)
    assert t.options == {"beam_size": 5, "nested": {"x": [1]}}
    t.to_dict()["options"]["nested"]["x"].append(3)
    assert t.options["nested"]["x"] == [1]
    # an edit's result does not share a mutable options dict with the value it came from
    t2 = insert(t, Segment(0, 1, "a"))
    t2.options["nested"]["x"].append(9)
    assert t.options["nested"]["x"] == [1]


# --- from_dict on garbage -----------------------------------------------------------------------


def good_dict() -> dict:
    return Transcript((hello_big_world(),), language="en").to_dict()


def with_(**changes) -> dict:
    d = good_dict()
    d.update(changes)
    return d


def with_segment(**changes) -> dict:
    d = good_dict()
    d["segments"][0].update(changes)
    return d


@pytest.mark.parametrize(
    "data,message",
    [
        ([], "not a Malsori transcript"),
        ("text", "not a Malsori transcript"),
        ({"format": "srt"}, "not a Malsori transcript"),
        ({}, "not a Malsori transcript"),
        (with_(version=FORMAT_VERSION + 1), "newer than this Malsori reads"),
        (with_(version=None), "not a valid version"),
        (with_(version="1"), "not a valid version"),
        (with_(version=0), "not a valid version"),
        (with_(segments="abc"), "'segments' must be a list"),
        (with_(segments=[1]), "segment 0 is malformed"),
        (with_(segments=[{"start": 0, "text": "x"}]), "segment 0 is malformed.*end"),
        (with_segment(start=2.0), "segment 0 is malformed.*starts after it ends"),
        (with_segment(start="0"), "segment 0 is malformed"),
        (with_segment(end=10**400), "segment 0 is malformed"),
        (with_segment(text=None), "segment 0 is malformed.*string"),
        (with_segment(words=[[0, 1, " x"]]), "segment 0 is malformed"),
        (with_segment(words=[{"start": 0}]), "segment 0 is malformed"),
        (with_segment(words=[[0, 9, " x", 1]]), "segment 0 is malformed.*outside"),
        (with_segment(words=[[0, 1, " x", "high"]]), "segment 0 is malformed"),
        (with_(options="beam=5"), "'options' must be an object"),
        (with_(options=[["a", 1]]), "'options' must be an object"),
        (with_(language=["ko"]), "'language' must be a string"),
        (with_(language_probability=2.0), "'language_probability'"),
        (with_(duration=-3), "duration"),
        (with_(segments=[{"start": 2, "end": 3, "text": "b"}, {"start": 0, "end": 1, "text": "a"}]), "not sorted"),
    ],
)
def test_from_dict_on_garbage_raises_a_clear_transcript_error(data, message):
    with pytest.raises(TranscriptError, match=message):
        Transcript.from_dict(data)


def test_from_dict_accepts_missing_optional_fields():
    t = Transcript.from_dict({"format": FORMAT_NAME, "version": 1, "segments": [{"start": 0, "end": 1, "text": "a"}]})
    assert t == Transcript((Segment(0, 1, "a"),))


# --- display_width --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,width",
    [
        ("", 0),
        ("Hello, world!", 13),
        ("안녕하세요", 10),
        ("안녕 world", 10),
        ("日本語", 6),
        ("ＡＢ", 4),  # full-width Latin
        ("e\u0301", 1),  # e + combining acute
        ("cafe\u0301 ok", 7),
        ("กิน", 2),  # Thai vowel sign above (combining, class 0)
        (unicodedata.normalize("NFD", "한국어"), 6),  # decomposed Hangul: still two columns a syllable
    ],
)
def test_display_width(text, width):
    assert display_width(text) == width


@given(st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=20))
def test_display_width_hangul_is_two_per_syllable_in_any_normal_form(text):
    assert display_width(text) == 2 * len(text)
    assert display_width(unicodedata.normalize("NFD", text)) == 2 * len(text)


@settings(max_examples=100, deadline=None)
@given(segments(), st.data())
def test_split_with_the_cursor_at_a_word_start_splits_before_that_word(seg, data):
    assume(len(seg.words) > 1)
    k = data.draw(st.integers(1, len(seg.words) - 1))
    # where word k starts in the text, found independently of the implementation
    position = len("".join(w.text for w in seg.words[:k]).lstrip()) + (
        len(seg.words[k].text) - len(seg.words[k].text.lstrip())
    )
    assert seg.text[position:].startswith(seg.words[k].text.strip())
    t = Transcript((seg,))
    out = split(t, 0, position)
    assert out == split_at_word(t, 0, k)
    first, second = out.segments
    assert first.text == words_text(seg.words[:k]) and second.text == words_text(seg.words[k:])
    assert seg.words[k - 1].end <= first.end == second.start <= max(seg.words[k].start, seg.words[k - 1].end)
