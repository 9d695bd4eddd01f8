"""Live captions: a rolling audio buffer transcribed again and again while a person speaks.

Whisper transcribes finished audio, not a stream. To caption a recording as it
happens, :class:`LiveTranscriber` keeps the audio not yet settled in a buffer and
re-transcribes all of it every second or so (each pass hears more of the last
words); :class:`~malsori.core.agreement.AgreementPolicy` commits the words on
which consecutive passes agree, or that a pass was sure of and heard half a
second of audio after, and leaves the rest as a tentative tail.

Three things keep a two-hour session as cheap at its end as at its start:

* **Trimming.** Once a sentence or an utterance is committed its audio leaves the
  buffer, so the buffer holds about one sentence. A sentence that never ends is
  cut at its last committed word once the buffer passes ``max_buffer_s``; if
  nothing at all could be committed by then, the oldest tentative words are committed as they stand
  rather than dropped. The committed text before the buffer goes to the model as
  ``initial_prompt``, so a cut loses no context of style or vocabulary.
* **Skipping silence.** Silero VAD (the one faster-whisper ships) looks at the
  uncommitted audio first; without speech there is no model call, and the silence
  is dropped from the buffer.
* **Bounded state.** Only the committed caption blocks grow, a few hundred bytes
  a sentence; the model sees at most ``max_buffer_s + min_step_s`` of audio.

Only speech is captioned. Given silence after the last word, and the committed
text as prompt, Whisper writes on: "Thank you", or the first word of what was
said before ("…your country. Ask"). So a pass hears the buffer only up to
``_TAIL_S`` after the last speech the VAD found, a word is kept only where the
VAD heard speech under it, and once the silence after an utterance is longer
than :data:`~malsori.core.segmentation.MAX_PAUSE_S` its tentative words are
committed as the last pass has them and the next words start a new caption
block (:class:`~malsori.core.caption_blocks.CaptionBlocks`).

The model itself is the app's :class:`~malsori.core.engine.Transcriber`, shared
with file transcription (its lock serializes the two). Nothing here imports Qt:
the UI runs :meth:`LiveTranscriber.run` in a worker thread and turns
``on_update`` into a signal.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from .agreement import AgreementPolicy, normalize
from .audio import SAMPLE_RATE
from .caption_blocks import CaptionBlocks
from .engine import MAX_NEW_TOKENS, TranscribeOptions, Transcriber
from .hallucination import repeated_run
from .segmentation import MAX_PAUSE_S
from .transcript import Segment, Word, words_text

#: Options of a live pass unless the caller gives others. Greedy decoding and a
#: single temperature: a pass repeats every second, so its cost is caption latency,
#: and a wrong word from greedy search is revised by the next pass anyway. The
#: encoder window ends a second after the buffer instead of at 30 s: measured on
#: 2 cores over four paragraphs (222 words), a base pass drops from 0.80 s to
#: 0.27 s at the same live WER (0.072); tiny.en from 0.72 s to 0.24 s, WER 0.144
#: to 0.087 (offline, with the full window, 0.051 and 0.046). No engine repairs
#: (core/repair): a pass cuts its own loops and the next pass revises it.
LIVE_OPTIONS = TranscribeOptions(beam_size=1, temperature=(0.0,), window_padding_s=1.0, repair=False)

#: Text that ends a sentence: the buffer is trimmed after such a committed word.
SENTENCE_ENDS = (".", "?", "!", "。", "？", "！", "…")

#: Audio kept at the end of the buffer when a silence is dropped: speech that is
#: just starting may be too short yet for the VAD to call it speech.
_SILENCE_KEEP_S = 1.0

#: After a pass that found no word beyond the committed ones, the audio it heard
#: is settled but for this last moment, where a word may just be starting: the
#: VAD then looks only at that moment and what arrives after it. Looking again at
#: the whole uncommitted tail would find the fading end of the last committed
#: word (its timestamp often ends early) and run a pass on it, in which Whisper,
#: given a fragment and the prompt, repeats the prompt.
_HEARD_MARGIN_S = 0.2

#: A word the pass heard this much audio after, and was sure of, is committed
#: without waiting for the next pass to agree (see AgreementPolicy): measured on
#: 2 cores, base, one bench run each: caption latency p50 1.98 -> 1.75 s, p95
#: 3.5 -> 2.8 s; live WER over four paragraphs 0.072 -> 0.077 (one word of 222).
_SETTLED_S = 0.5

#: A word an earlier pass heard too, and this pass heard this much audio after, is
#: committed as the newest pass has it, sure or not (see AgreementPolicy): one
#: flip-flopping word otherwise holds back the rest of its sentence until the
#: sentence ends. Measured with the token budget below, base, 2 cores, two quiet
#: bench runs: p95 5.5 -> 2.7-2.8 s, p50 1.75 -> 1.64-1.66 s, live WER 0.085 ->
#: 0.074; with a pass every 1 s of audio the WER of the tests is unchanged, with
#: one every 3 s it costs a word (base) to three (tiny.en) in a hundred.
_OVERDUE_S = 2.0

#: Tokens a pass may write: a fixed allowance plus so many a second of buffer,
#: about twice what speech needs (Korean at a fast 7 syllables a second is about
#: 6.5 tokens with Whisper's tokenizer, English at 3 words a second 4.5). A pass
#: over 1.5 s may then write 28 tokens, where a repetition loop writes on to the
#: 448-token limit and takes seconds (measured: 4.0 s, base, 1.7 s of buffer).
_TOKENS_BASE = 10
_TOKENS_PER_S = 12

#: Repetition loops (see without_loops): rounds, by phrase length in words, that
#: no speaker makes; phrases of up to _LOOP_MAX_WORDS words are checked.
_LOOP_ROUNDS = {1: 4, 2: 3}
_LOOP_MAX_WORDS = 8

#: Where the VAD hears speech: a stretch ends after 0.1 s below its threshold, so
#: the end of speech is known to within a VAD window (32 ms); nothing is padded
#: (faster-whisper's default pads every chunk by 0.4 s and bridges 2 s silences).
_SPEECH = VadOptions(min_silence_duration_ms=100, speech_pad_ms=0)

#: Silences shorter than this between stretches of speech are the gaps between
#: words and breaths: inside speech, so a word whose timestamps slip into one
#: is not taken for a word said over silence.
_WORD_GAP_S = 0.3

#: What the VAD must find to call for a pass: a quarter second of speech.
_MIN_SPEECH_S = 0.25

#: How much of a word (s) must lie in speech for the word to be kept: this much,
#: or half of a shorter word. Whisper's word times are off by tens of milliseconds;
#: a word it writes over silence touches speech only at its edge.
_WORD_SPEECH_S = 0.1

#: The VAD calls speech late where it starts (it needs a rise in probability
#: above its threshold, and falls back below a lower one at the end): for the
#: words, speech starts this much before the VAD says, and ends where it says.
_ONSET_S = 0.2

#: Audio after the end of speech that a pass hears: the fading end of the last
#: word, not the silence after it, where Whisper invents words.
_TAIL_S = 0.3

#: The VAD starts this long before the committed end: it hears the speech the
#: last committed word belongs to, and has warmed up (from its first window it
#: is slow to call speech) by the time the uncommitted words come.
_LOOKBACK_S = 1.0

#: Characters of committed text given to the model as context (Whisper reads at
#: most 224 prompt tokens; 200 characters is about 50).
_PROMPT_CHARS = 200

#: A language detected on a pass with at least this probability is kept for the
#: rest of the session: detecting it again on every short buffer costs time and
#: can flip the language in mid-sentence.
_PIN_LANGUAGE_PROBABILITY = 0.5

#: How long run() sleeps at most before it looks for new audio again.
_WAIT_S = 0.1


@dataclass(frozen=True)
class Captions:
    """What a caption view shows: settled blocks, then the greyed tentative tail.

    ``blocks`` are the committed words, one Segment per utterance (split where
    the speaker paused longer than MAX_PAUSE_S). Committed words only ever
    append: every block but the last is final, and the last one only grows.
    ``new_block`` says the tentative tail follows such a pause (a view shows it
    on a line of its own). Times are session times. ``committed_until`` is how
    far the session audio is settled: the end of the last committed word, or of
    a silence checked empty.
    """

    blocks: tuple[Segment, ...] = ()
    tentative: str = ""
    committed_until: float = 0.0
    new_block: bool = False

    @property
    def words(self) -> tuple[Word, ...]:
        """Every committed word, in order."""
        return tuple(w for b in self.blocks for w in b.words)

    @property
    def text(self) -> str:
        """The committed text, one line per block."""
        return "\n".join(b.text for b in self.blocks)


class LiveTranscriber:
    """Captions for one recording session, from samples fed as they are captured.

    ``feed`` from the recorder's thread; ``run`` (or ``step`` by hand) in a worker
    thread; ``finish`` once the recording stops. ``on_update`` is called from the
    thread that runs a pass, after every ``step`` and ``finish``.
    Raises whatever the Transcriber raises (ModelError).
    """

    def __init__(
        self,
        transcriber: Transcriber,
        options: TranscribeOptions | None = None,
        max_buffer_s: float = 20.0,
        min_step_s: float = 1.0,
        agreement: int = 2,
        on_update: Callable[[Captions], None] | None = None,
    ):
        if max_buffer_s <= 2 * _SILENCE_KEEP_S or min_step_s <= 0:
            raise ValueError("the buffer must hold more than two seconds and the step must be positive")
        self.transcriber = transcriber
        self.options = options or LIVE_OPTIONS
        self.max_buffer_s = max_buffer_s
        self.min_step_s = min_step_s
        self.on_update = on_update
        self._policy = AgreementPolicy(agreement, settled_s=_SETTLED_S, overdue_s=_OVERDUE_S)
        self._language = self.options.language
        self._incoming: list[np.ndarray] = []  # fed, not yet in the buffer
        self._received = 0  # samples fed in the whole session
        self._feed_lock = threading.Lock()
        self._arrived = threading.Event()
        self._pass_lock = threading.Lock()  # step() and finish() one at a time
        self._buffer = np.zeros(0, dtype=np.float32)
        self._offset = 0.0  # session time of the buffer's first sample
        self._blocks = CaptionBlocks()
        self._recent: deque[Word] = deque(maxlen=_PROMPT_CHARS // 2)  # committed words, for the prompt
        self._settled = 0.0
        self._speech_end = 0.0  # session time where the last speech the VAD heard ends
        self._listened_from = 0.0  # session time from which the VAD last looked

    # --- input (any thread) ------------------------------------------------------

    def feed(self, samples: np.ndarray) -> None:
        """Append 16 kHz mono float32 samples (1-D, or one column) to the session."""
        block = np.array(samples, dtype=np.float32, copy=True)
        if block.ndim == 2 and block.shape[1] == 1:
            block = block[:, 0]
        if block.ndim != 1:
            raise ValueError(f"live captions take mono samples, not an array of shape {block.shape}")
        with self._feed_lock:
            self._incoming.append(block)
            self._received += len(block)
        self._arrived.set()

    @property
    def received_seconds(self) -> float:
        """Session audio fed so far."""
        with self._feed_lock:
            return self._received / SAMPLE_RATE

    @property
    def buffer_seconds(self) -> float:
        """Audio the next pass will transcribe (what the buffer holds, plus what is fed)."""
        return self.received_seconds - self._offset

    # --- passes ------------------------------------------------------------------

    def step(self) -> Captions:
        """One pass over the buffer: transcribe its speech unless it holds no new
        speech, commit what the last passes agree on and the words before a pause,
        trim the buffer."""
        with self._pass_lock:
            self._take_incoming()
            speech, pauses = self._listen()
            if self._policy.tentative or _longest_after(speech, self._settled) >= _MIN_SPEECH_S:
                if speech:  # the silence after the speech counts as heard: the VAD heard it
                    committed, _ = self._policy.update(self._transcribe(speech), self._offset, self._buffer_end())
                    self._add(committed)
                self._end_utterances(pauses)
                if not self._policy.tentative:
                    self._settle(self._buffer_end() - _HEARD_MARGIN_S)
                self._trim(pauses)
            else:
                self._drop_silence()
            return self._publish()

    def finish(self) -> Captions:
        """End of the session: one last pass over the speech that is left, and all
        of its words committed."""
        with self._pass_lock:
            self._take_incoming()
            speech, _ = self._listen()
            if speech and (self._policy.tentative or _longest_after(speech, self._settled) >= _MIN_SPEECH_S):
                self._add(self._policy.update(self._transcribe(speech), self._offset)[0])
            self._add(self._policy.flush())
            self._settle(self._buffer_end())
            return self._publish()

    def run(self, stop: threading.Event) -> None:
        """Step whenever ``min_step_s`` of new audio has arrived, until ``stop`` is set.
        Does not finish: call :meth:`finish` after the recording stopped."""
        while not stop.is_set():
            if self._unprocessed_seconds() >= self.min_step_s:
                self.step()
            else:
                self._arrived.wait(_WAIT_S)
                self._arrived.clear()

    # --- internals ----------------------------------------------------------------

    def _unprocessed_seconds(self) -> float:
        with self._feed_lock:
            return sum(len(b) for b in self._incoming) / SAMPLE_RATE

    def _take_incoming(self) -> None:
        with self._feed_lock:
            blocks, self._incoming = self._incoming, []
        if blocks:
            self._buffer = np.concatenate([self._buffer, *blocks])

    def _buffer_end(self) -> float:
        return self._offset + len(self._buffer) / SAMPLE_RATE

    def _listen(self) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """Where the VAD hears speech in the uncommitted audio, and the pauses longer
        than MAX_PAUSE_S between that speech and the speech before it (the last
        one may still be going on at the buffer's end), in session time. The
        pauses are told to the caption blocks at once, so the words committed
        next fall on the right side of them."""
        start = max(self._offset, self._policy.committed_until - _LOOKBACK_S)
        first = round((start - self._offset) * SAMPLE_RATE)
        start = self._listened_from = self._offset + first / SAMPLE_RATE
        speech: list[tuple[float, float]] = []
        for found in get_speech_timestamps(self._buffer[first:], _SPEECH):
            begin, end = start + found["start"] / SAMPLE_RATE, start + found["end"] / SAMPLE_RATE
            if speech and begin - speech[-1][1] < _WORD_GAP_S:
                speech[-1] = (speech[-1][0], end)
            else:
                speech.append((begin, end))
        pauses = []
        before = self._speech_end
        for begin, end in [*speech, (self._buffer_end(), self._buffer_end())]:
            if begin - before > MAX_PAUSE_S:
                pauses.append((before, begin))
            before = max(before, end)
        self._speech_end = max(self._speech_end, speech[-1][1]) if speech else self._speech_end
        for pause in pauses:
            self._blocks.pause(*pause)
        return speech, pauses

    def _transcribe(self, speech: Sequence[tuple[float, float]]) -> list[Word]:
        """The words of the buffer up to just after its last ``speech``, from the
        shared Transcriber, times relative to the buffer; a repetition loop cut
        after its first round, and the words the VAD heard no speech under dropped."""
        heard = self._buffer[: round((min(speech[-1][1] + _TAIL_S, self._buffer_end()) - self._offset) * SAMPLE_RATE)]
        seconds = len(heard) / SAMPLE_RATE
        options = replace(
            self.options, language=self._language, word_timestamps=True, initial_prompt=self._prompt(),
            max_new_tokens=min(MAX_NEW_TOKENS, math.ceil(_TOKENS_BASE + _TOKENS_PER_S * seconds)),
        )
        result = self.transcriber.transcribe(heard, options)
        if self._language is None and (result.language_probability or 0.0) >= _PIN_LANGUAGE_PROBABILITY:
            self._language = result.language
        words = without_loops([w for s in result.segments for w in s.words if w.end > w.start])
        return [w for w in words if _spoken(w, self._offset, speech, self._listened_from)]

    def _end_utterances(self, pauses: Sequence[tuple[float, float]]) -> None:
        """The tentative words before a pause longer than MAX_PAUSE_S are final:
        no later pass hears more of them than silence, so they are committed as
        the newest pass has them."""
        for _, end in pauses:
            if any(w.end <= end for w in self._policy.tentative):
                self._add(self._policy.flush(until=end))

    def _prompt(self) -> str | None:
        """The caller's prompt, then the committed text that has left the buffer."""
        before = words_text([w for w in self._recent if w.end <= self._offset])
        if len(before) > _PROMPT_CHARS:
            before = before[-_PROMPT_CHARS:].partition(" ")[2]  # whole words only
        return " ".join(p for p in (self.options.initial_prompt, before) if p) or None

    def _add(self, words: Sequence[Word]) -> None:
        """Committed words join the caption blocks."""
        self._blocks.add(words)
        self._recent.extend(words)
        self._settle(self._policy.committed_until)

    def _trim(self, pauses: Sequence[tuple[float, float]]) -> None:
        """Cut the buffer after the last committed sentence or utterance in it (an
        utterance ends at one of ``pauses`` with no tentative word before its end;
        a second of the pause is kept, as where silence is dropped); when it has
        grown past max_buffer_s, after the last committed word, committing the
        oldest tentative words first if there is none."""
        ends = [w.end for w in self._recent if w.end > self._offset and _ends_sentence(w)]
        ends += [max(start, end - _SILENCE_KEEP_S) for start, end in pauses
                 if not any(w.end <= end for w in self._policy.tentative)]
        cut = max(ends) if ends else None
        oldest = self._buffer_end() - self.max_buffer_s  # the buffer must not start before this
        if (self._offset if cut is None else cut) < oldest:
            if self._policy.committed_until <= oldest:
                self._add(self._policy.flush(until=self._buffer_end() - self.max_buffer_s / 2))
            cut = max(self._policy.committed_until, oldest)
        if cut is not None:
            self._cut(self._gap_after(cut))

    def _gap_after(self, time: float) -> float:
        """The middle of the pause after a committed word ending at ``time``, so the
        next pass does not hear the tail of that word."""
        following = [w.start for w in (*self._recent, *self._policy.tentative) if w.start >= time]
        return (time + min(following)) / 2 if following else time

    def _drop_silence(self) -> None:
        """Nothing to transcribe: forget the silence but its last moment."""
        self._settle(self._buffer_end() - _SILENCE_KEEP_S)
        self._cut(self._buffer_end() - _SILENCE_KEEP_S)

    def _settle(self, time: float) -> None:
        """Audio before ``time`` needs no more passes: it is committed, or silence,
        or noise a pass found no word in. The VAD looks only after it."""
        self._settled = max(self._settled, time)

    def _cut(self, time: float) -> None:
        """Drop the buffer's audio before session time ``time``."""
        drop = round((time - self._offset) * SAMPLE_RATE)
        if drop > 0:
            drop = min(drop, len(self._buffer))
            self._buffer = self._buffer[drop:].copy()
            self._offset += drop / SAMPLE_RATE

    def _publish(self) -> Captions:
        tentative = self._policy.tentative
        captions = Captions(
            self._blocks.blocks,
            words_text(tentative),
            self._settled,
            bool(tentative) and self._blocks.starts_block(tentative[0]),
        )
        if self.on_update is not None:
            self.on_update(captions)
        return captions


def without_loops(words: Sequence[Word]) -> list[Word]:
    """The words up to the end of the first round of a repetition loop.

    Given a second or two of audio, Whisper sometimes writes one phrase over and
    over ("Go to morning average. Go to morning average. …"). People do repeat
    themselves, but not a phrase of three or more words twice in a row, two words
    three times, or one word four times: such a run is cut after its first round.
    """
    found = repeated_run([normalize(w.text) for w in words], _LOOP_ROUNDS, 2, _LOOP_MAX_WORDS)
    return list(words if found is None else words[: found[0] + found[1]])


def _ends_sentence(word: Word) -> bool:
    return word.text.rstrip().endswith(SENTENCE_ENDS)


def _longest_after(speech: Sequence[tuple[float, float]], time: float) -> float:
    """The longest stretch of ``speech`` after ``time`` (s)."""
    return max((end - max(begin, time) for begin, end in speech), default=0.0)


def _spoken(word: Word, offset: float, speech: Sequence[tuple[float, float]], since: float) -> bool:
    """Whether the VAD, listening from ``since``, heard ``speech`` under ``word``
    (times relative to a buffer at ``offset``): at least _WORD_SPEECH_S of it, or
    half of a shorter word, with each stretch of speech starting _ONSET_S early.
    What lies before ``since`` (committed audio, which the VAD did not look at
    again) counts as heard: such words are left to the policy."""
    start, end = word.start + offset, word.end + offset
    heard = max(0.0, min(end, since) - start)
    heard += sum(max(0.0, min(end, e) - max(start, since, b - _ONSET_S)) for b, e in speech)
    return heard >= min(_WORD_SPEECH_S, (end - start) / 2) - 1e-9
