"""The LocalAgreement-n policy of live captions, on scripted hypotheses (no model)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from malsori.core.agreement import AgreementPolicy, normalize
from malsori.core.transcript import Word


def hyp(text: str, start: float = 0.0, step: float = 0.5) -> list[Word]:
    """Words of ``text`` as a model writes them (leading spaces), each ``step`` s
    long from ``start`` (buffer time), with a 0.1 s gap before the next."""
    return [Word(start + i * step, start + i * step + step - 0.1, f" {t}") for i, t in enumerate(text.split())]


def texts(words: list[Word]) -> list[str]:
    return [w.text.strip() for w in words]


def test_one_pass_commits_nothing_and_shows_all_as_tentative():
    committed, tentative = AgreementPolicy(2).update(hyp("good morning everyone"), 0.0)
    assert committed == [] and texts(tentative) == ["good", "morning", "everyone"]


def test_two_passes_commit_their_common_prefix():
    policy = AgreementPolicy(2)
    policy.update(hyp("today we will renew"), 0.0)
    committed, tentative = policy.update(hyp("today we will review the"), 0.0)
    assert texts(committed) == ["today", "we", "will"]
    assert texts(tentative) == ["review", "the"]
    assert policy.committed_until == pytest.approx(1.4)


def test_a_revised_tail_commits_only_once_passes_agree_on_it():
    policy = AgreementPolicy(2)
    policy.update(hyp("we will renew"), 0.0)
    policy.update(hyp("we will review the"), 0.0)  # commits "we will"
    committed, tentative = policy.update(hyp("we will review the budget"), 0.0)
    assert texts(committed) == ["review", "the"] and texts(tentative) == ["budget"]


def test_case_and_punctuation_do_not_break_agreement_and_the_newest_form_is_kept():
    policy = AgreementPolicy(2)
    policy.update(hyp("good morning everyone"), 0.0)
    committed, _ = policy.update(hyp("Good morning, everyone."), 0.0)
    assert texts(committed) == ["Good", "morning,", "everyone."]


def test_normalize_folds_case_punctuation_and_width():
    assert normalize(" Friday,") == normalize("friday") == normalize("ＦＲＩＤＡＹ!") == "friday"
    assert normalize(" 안녕하세요.") == "안녕하세요"
    assert normalize(" ...") == ""


def test_words_without_letters_or_digits_are_ignored():
    policy = AgreementPolicy(2)
    policy.update(hyp("so - that"), 0.0)
    committed, _ = policy.update(hyp("so that we"), 0.0)
    assert texts(committed) == ["so", "that"]


def test_disagreeing_passes_commit_nothing():
    policy = AgreementPolicy(2)
    policy.update(hyp("so now we"), 0.0)
    committed, tentative = policy.update(hyp("sue that we"), 0.0)
    assert committed == [] and texts(tentative) == ["sue", "that", "we"]


def test_three_way_agreement_needs_three_passes():
    policy = AgreementPolicy(3)
    assert policy.update(hyp("the river runs"), 0.0)[0] == []
    assert policy.update(hyp("the river runs through"), 0.0)[0] == []
    committed, tentative = policy.update(hyp("the river ran through the"), 0.0)
    assert texts(committed) == ["the", "river"] and texts(tentative) == ["ran", "through", "the"]
    committed, _ = policy.update(hyp("the river ran through the middle"), 0.0)
    assert committed == []  # "ran" agrees with two passes only, "runs" was the third
    committed, _ = policy.update(hyp("the river ran through the middle"), 0.0)
    assert texts(committed) == ["ran", "through", "the"]


def test_agreement_of_one_commits_every_pass_at_once():
    committed, tentative = AgreementPolicy(1).update(hyp("one two"), 0.0)
    assert texts(committed) == ["one", "two"] and tentative == []


def test_agreement_needs_at_least_one_pass():
    with pytest.raises(ValueError):
        AgreementPolicy(0)


def test_times_are_session_times_after_the_buffer_is_trimmed():
    policy = AgreementPolicy(2)
    policy.update(hyp("good morning everyone today"), 0.0)
    committed, _ = policy.update(hyp("good morning everyone today we"), 0.0)
    assert texts(committed) == ["good", "morning", "everyone", "today"]
    # the caller cut the buffer after "everyone" (1.4 s); "today" is committed yet still inside it
    trimmed = hyp("today we will", start=0.1)
    committed, tentative = policy.update(trimmed, 1.4)  # "we" agrees with the pass before the trim
    assert texts(committed) == ["we"] and texts(tentative) == ["will"]
    assert committed[0].start == pytest.approx(1.4 + 0.1 + 0.5)
    committed, _ = policy.update(hyp("today we will review", start=0.1), 1.4)
    assert texts(committed) == ["will"]
    assert committed[0].start == pytest.approx(2.5)


def test_a_committed_word_said_again_with_shifted_times_is_not_committed_twice():
    policy = AgreementPolicy(2)
    policy.update(hyp("before friday so"), 0.0)
    policy.update(hyp("before friday so that"), 0.0)  # commits up to "so" (ends 1.4)
    late = [Word(0.0, 0.4, " before"), Word(0.5, 1.0, " friday"), Word(1.35, 1.6, " so"), Word(1.7, 1.9, " that")]
    committed, tentative = policy.update(late, 0.0)  # "so" now starts just before the committed end
    assert texts(committed) == ["that"] and tentative == []


def test_a_new_word_stamped_a_little_early_is_not_lost():
    policy = AgreementPolicy(2)
    policy.update(hyp("we can answer"), 0.0)
    policy.update(hyp("we can answer them"), 0.0)  # commits "we can answer" (ends 1.4)
    early = [Word(0.0, 0.4, " we"), Word(0.5, 0.9, " can"), Word(1.0, 1.3, " answer"), Word(1.3, 1.45, " them")]
    committed, _ = policy.update(early, 0.0)  # "them" ends mostly before the committed end
    assert texts(committed) == ["them"]


def test_a_common_word_earlier_in_the_buffer_is_not_taken_for_the_last_committed_one():
    """The newest pass rewrites the last committed word ("the" as "a"); the "the"
    before "budget" must not be taken for it, or "budget" would be committed again."""
    policy = AgreementPolicy(2, overdue_s=2.0)
    said = [Word(0.0, 0.4, " the"), Word(0.6, 1.0, " budget"), Word(1.2, 1.6, " the")]
    policy.update(said, 0.0, heard_until=1.8)
    assert texts(policy.update(said, 0.0, heard_until=1.8)[0]) == ["the", "budget", "the"]
    rewritten = [*said[:2], Word(1.2, 1.6, " a"), Word(1.8, 2.2, " report")]
    committed, tentative = policy.update(rewritten, 0.0, heard_until=3.7)
    assert committed == [] and texts(tentative) == ["report"]


def test_committed_times_never_go_backwards():
    policy = AgreementPolicy(2)
    policy.update(hyp("one two"), 0.0)
    first, _ = policy.update(hyp("one two three"), 0.0)
    assert texts(first) == ["one", "two"] and first[-1].end == pytest.approx(0.9)
    shifted = [Word(0.0, 0.4, " one"), Word(0.5, 0.8, " two"), Word(0.82, 1.2, " three")]
    second, _ = policy.update(shifted, 0.0)  # "three" now starts before "two" ended
    assert texts(second) == ["three"]
    assert second[0].start == pytest.approx(0.9) and second[0].end == pytest.approx(1.2)


def test_flush_commits_the_tentative_tail_up_to_a_time_and_restarts_agreement():
    policy = AgreementPolicy(2)
    policy.update(hyp("a b c d"), 0.0)
    assert texts(policy.flush(until=1.0)) == ["a", "b"]
    assert texts(policy.tentative) == ["c", "d"]
    assert policy.update(hyp("a b c d"), 0.0)[0] == []  # the earlier pass is forgotten
    assert texts(policy.flush()) == ["c", "d"] and policy.tentative == ()


def test_words_heard_well_before_the_end_of_the_audio_commit_from_one_pass():
    policy = AgreementPolicy(2, settled_s=0.5)
    committed, tentative = policy.update(hyp("today we will review"), 0.0, heard_until=1.8)
    assert texts(committed) == ["today", "we"]  # "will" ends at 1.4, less than 0.5 s before 1.8
    assert texts(tentative) == ["will", "review"]
    committed, tentative = policy.update(hyp("today we will review the"), 0.0, heard_until=2.5)
    assert texts(committed) == ["will", "review"] and texts(tentative) == ["the"]


def test_an_unsure_word_waits_for_agreement_and_so_do_the_words_after_it():
    policy = AgreementPolicy(2, settled_s=0.5)
    words = hyp("so that we can")
    words[1] = Word(words[1].start, words[1].end, " that", probability=0.4)
    committed, tentative = policy.update(words, 0.0, heard_until=5.0)
    assert texts(committed) == ["so"] and texts(tentative) == ["that", "we", "can"]
    committed, _ = policy.update(hyp("so that we can answer"), 0.0, heard_until=5.5)
    assert texts(committed) == ["that", "we", "can", "answer"]


def test_without_a_settled_margin_the_end_of_the_audio_changes_nothing():
    policy = AgreementPolicy(2)
    assert policy.update(hyp("good morning everyone"), 0.0, heard_until=30.0)[0] == []


def test_the_settled_margin_cannot_be_negative():
    with pytest.raises(ValueError):
        AgreementPolicy(2, settled_s=-0.1)


def test_a_word_heard_long_ago_commits_unsure_and_no_longer_holds_back_the_words_after_it():
    """Passes that change their mind about one word heard long ago ("brass beside",
    "brass misside") would hold back the rest of the sentence until it ends."""

    def unsure(text: str, index: int) -> list[Word]:
        words = hyp(text)
        words[index] = Word(words[index].start, words[index].end, words[index].text, probability=0.4)
        return words

    for overdue_s, expected in ((None, []), (2.0, ["beside", "the", "water", "in"])):
        policy = AgreementPolicy(2, settled_s=0.5, overdue_s=overdue_s)
        assert texts(policy.update(unsure("on the brass beside the water", 3), 0.0, heard_until=2.5)[0]) == [
            "on", "the", "brass"]
        assert policy.update(unsure("on the brass misside the water in", 3), 0.0, heard_until=3.0)[0] == []
        # "beside" ended at 1.9 s: by 4.0 s it is overdue, and the sure words after it follow
        committed, tentative = policy.update(unsure("on the brass beside the water in the", 3), 0.0, heard_until=4.0)
        assert texts(committed) == expected


def test_the_overdue_margin_cannot_be_shorter_than_the_settled_one():
    with pytest.raises(ValueError):
        AgreementPolicy(2, settled_s=1.0, overdue_s=0.5)


VOCABULARY = ("the", "budget", "we", "will", "review", "next", "quarter", "sales", "team", "the")


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    n=st.integers(2, 3),
    settled_s=st.sampled_from([None, 0.5]),
    overdue_s=st.sampled_from([None, 2.0]),
    truth=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30),
)
def test_committed_words_only_grow_and_are_a_prefix_of_what_was_said(data, n, settled_s, overdue_s, truth):
    """Hypotheses that hear the truth so far, with a garbled tail no two passes share
    (and the model is unsure of: at most two words, heard less than 1.5 s ago), casing and punctuation that change, jittered times
    and a buffer trimmed at committed words: the committed text is always a prefix
    of the truth, never repeated or taken back, in time order; after a last full
    pass and a flush, all of it."""
    spoken = [(i * 0.6, i * 0.6 + 0.4, word) for i, word in enumerate(truth)]  # 0.2 s gaps
    policy = AgreementPolicy(n, settled_s=settled_s, overdue_s=overdue_s)
    committed: list[Word] = []
    offset = audio_end = 0.0
    passes = data.draw(st.integers(0, 3 * len(truth)))
    for pass_number in range(passes + 1):
        last = pass_number == passes
        audio_end = spoken[-1][1] if last else audio_end + data.draw(st.sampled_from([0.0, 0.3, 0.6, 1.2]))
        offset = data.draw(st.sampled_from([offset, *[w.end for w in committed if w.end >= offset]]))
        heard = [(s, e, t) for s, e, t in spoken if s >= offset - 1e-9 and e <= audio_end]
        garbled = 0 if last else data.draw(st.integers(0, min(2, len(heard))))
        words = []
        for i, (s, e, t) in enumerate(heard):
            jitter = data.draw(st.floats(-0.03, 0.03))
            garbles = i >= len(heard) - garbled and audio_end - e < 1.5  # only words heard least of
            text = f"zz{pass_number}x{i}" if garbles else t
            text = data.draw(st.sampled_from([text, text.capitalize(), text + ",", text + "."]))
            probability = 0.3 if garbles else data.draw(st.sampled_from([0.5, 0.95]))
            words.append(Word(max(0.0, s + jitter - offset), e + jitter - offset, " " + text, probability))
        new, _ = policy.update(words, offset, heard_until=audio_end)
        committed += new
        assert [normalize(w.text) for w in committed] == list(truth[: len(committed)])
        assert all(a.end <= b.start for a, b in zip(committed, committed[1:]))
    committed += policy.flush()
    assert [normalize(w.text) for w in committed] == list(truth)


def test_flush_until_a_time_stops_at_the_first_word_that_ends_after_it():
    """A word stretched past the time holds back the words after it, even one that
    ends earlier: committed words stay in the order they were said."""
    policy = AgreementPolicy(2)
    said = [Word(0.0, 0.4, " ask"), Word(0.5, 2.5, " what"), Word(0.6, 0.9, " you")]
    policy.update(said, 0.0)
    assert texts(policy.flush(until=1.0)) == ["ask"]
    assert texts(policy.tentative) == ["what", "you"]
