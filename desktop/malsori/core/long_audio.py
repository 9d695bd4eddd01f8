"""Transcribing a file in bounded windows, so memory does not grow with its length.

faster-whisper decodes a whole file into memory (230 MB an hour), runs VAD over
a padded copy of all of it and computes the log-mel spectrogram of all the
speech at once (its STFT alone takes about 0.6 MB a second of speech): a 3-hour
lecture needed about 7 GB. Here the file is decoded as a stream
(:func:`audio.stream`) and cut into windows of :data:`WINDOW_S`, each handed to
the model as an array, so at most one window and one decoded chunk are held
whatever the file's length.

The rules at the cuts:

* A window ends in the middle of the longest quiet stretch in its last
  :data:`SEARCH_S` seconds (:func:`quiet_cut`), the next starts there: windows
  neither overlap nor leave a gap, so no sample is heard twice or never. Speech
  pauses for breath every few seconds, so a cut falls between words, not inside
  one; where nothing is quiet (music under speech), it falls at the quietest
  20 ms.
* The language is detected in the first window that has speech and reused for
  the rest, as faster-whisper detects it once for the whole file.
* A file cut short (a broken download) is refused before the first window,
  from its packets (:func:`audio.check_complete`), not after the last one.
* Only the first window gets the person's ``initial_prompt``; each later one
  starts without a prompt, as faster-whisper's own 30 s windows do after a
  prompt reset. ``condition_on_previous_text`` still holds within a window.
  Within a file faster-whisper prompts with the previous tokens *including
  their timestamp tokens*; prompted with the previous window's plain text
  instead, Whisper was measured to stop writing timestamps (tiny.en, espeak
  speech: one 30 s segment per decode window, and "Thank you very much."
  invented at the window's end), while without a prompt the words came out as
  in the whole-file decode. A pause is where a prompt matters least.

A file no longer than a window (plus :data:`SEARCH_S`) is one window: exactly
the whole-file decode. Nothing here imports Qt.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import numpy as np

from . import audio
from .eta import time_left
from .transcript import Segment, Transcript, shift

if TYPE_CHECKING:
    from .engine import Progress, TranscribeOptions, Transcriber

#: A window's nominal length. Five minutes of speech make a log-mel spectrogram
#: of about 200 MB at its peak (the STFT); a window much shorter would cut more
#: often and prompt the model from the previous window more often.
WINDOW_S = 300.0

#: The cut is sought in the last this many seconds of a window: room enough to
#: find a pause even in fast speech.
SEARCH_S = 60.0

#: The frame over which loudness is measured when looking for a quiet point.
FRAME_S = 0.02

#: Frames this quiet (RMS, full scale 1.0; about -80 dBFS) count as silent
#: whatever the rest is; otherwise "quiet" is within twice the quietest frame's
#: RMS (6 dB), the noise floor of that stretch of recording.
QUIET_RMS = 1e-4


def quiet_cut(samples: np.ndarray, lo: int, hi: int) -> int:
    """The sample in [``lo``, ``hi``] at the middle of the longest quiet stretch there.

    Loudness is the RMS of :data:`FRAME_S` frames; a frame is quiet when its RMS
    is at most max(:data:`QUIET_RMS`, twice the quietest frame's). The middle of
    the longest run of quiet frames is the point farthest from speech on both
    sides; ties go to the earliest run.
    """
    frame = round(FRAME_S * audio.SAMPLE_RATE)
    count = (hi - lo) // frame
    if count < 1:
        return hi
    frames = samples[lo : lo + count * frame].reshape(count, frame).astype(np.float64)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    quiet = np.concatenate(([False], rms <= max(QUIET_RMS, 2 * rms.min()), [False]))
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]  # runs of quiet frames: [start, end)
    longest = int(np.argmax(ends - starts))
    return lo + (int(starts[longest]) * frame + int(ends[longest]) * frame) // 2


def windows(
    chunks: Iterable[np.ndarray], window_s: float = WINDOW_S, search_s: float = SEARCH_S,
    cut_at: Callable[[np.ndarray, int, int], int] = quiet_cut,
) -> Iterator[tuple[int, np.ndarray]]:
    """Cut consecutive chunks of samples into (first sample, samples) windows.

    Each window but the last ends where ``cut_at`` (:func:`quiet_cut` unless a caller
    has a better judge of pauses) chooses within its last
    ``search_s`` seconds of ``window_s``, and the next begins at that sample. A
    cut is made only once ``window_s + search_s`` are held, so the last window is
    at least ``search_s`` long (no stub of a second to hallucinate on) and an
    input of up to that length is one window. Holds at most one window plus a
    chunk.
    """
    size = round(window_s * audio.SAMPLE_RATE)
    search = min(round(search_s * audio.SAMPLE_RATE), size // 2)
    if size < 1:
        raise ValueError(f"window must be longer than a sample, not {window_s} s")
    pending: list[np.ndarray] = []
    held = offset = 0
    for chunk in chunks:
        pending.append(chunk)
        held += chunk.size
        while held >= size + search:
            buffer = np.concatenate(pending)
            cut = cut_at(buffer, size - search, size)
            yield offset, buffer[:cut]
            rest = buffer[cut:].copy()  # a view would keep the whole buffer alive
            pending, held, offset = [rest], rest.size, offset + cut
    if held:
        yield offset, np.concatenate(pending)


def transcribe_file(
    transcriber: "Transcriber",
    source: audio.Source,
    options: "TranscribeOptions",
    on_segment: Callable[[Segment], None] | None,
    on_progress: Callable[["Progress"], None] | None,
    cancel: threading.Event,
    on_language: Callable[[str | None], None] | None = None,
    window_s: float = WINDOW_S,
) -> Transcript:
    """Transcribe the file ``source`` window by window with ``transcriber``.

    The same contract as :meth:`Transcriber.transcribe`: segments (in the file's
    time) reach ``on_segment`` as they are decoded, ``on_progress`` gets a
    monotonic fraction of the whole file's duration that ends at 1.0,
    ``on_language`` hears the language when it is first known (and again only if
    the first window with speech finds another than a silent window before it),
    and ``cancel`` returns what was transcribed so far, whether it is set while a
    window is decoded or between windows. ``window_s`` is :data:`WINDOW_S` but
    for tests, which cut short files into several windows.
    """
    started = time.perf_counter()
    expected = audio.probe_duration(source)  # the progress bar's length; refined as audio is decoded
    if expected > window_s + min(SEARCH_S, window_s / 2):  # more than one window (see windows())
        # A short file is decoded whole before its one window; a long one is
        # checked now, so that a cut-off file is not found out hours later.
        audio.check_complete(source)
    kept: list[Segment] = []
    first: Transcript | None = None
    language, probability = options.language, None
    fraction = 0.0
    last: "Progress | None" = None
    heard: list[str | None] = []  # languages told to on_language
    decoded = 0

    def tell_language(code: str | None) -> None:
        if on_language is not None and (not heard or (language is None and code != heard[-1])):
            heard.append(code)
            on_language(code)

    def report(window_start: float, window_len: float, progress: "Progress") -> None:
        total = max(expected, window_start + window_len)
        emit(min(max(fraction, (window_start + progress.fraction * window_len) / total), 1.0), progress)

    def emit(value: float, progress: "Progress") -> None:
        nonlocal fraction, last
        fraction, last = value, progress
        if on_progress is not None:
            elapsed = time.perf_counter() - started
            on_progress(replace(progress, fraction=fraction, elapsed=elapsed, remaining=time_left(elapsed, fraction),
                                segments=len(kept) + progress.segments))

    try:
        for offset, samples in windows(audio.stream(source, cancel=cancel.is_set), window_s):
            start, length = offset / audio.SAMPLE_RATE, samples.size / audio.SAMPLE_RATE
            decoded = offset + samples.size
            prompt = None if offset else options.initial_prompt
            window_options = replace(options, language=language, initial_prompt=prompt)
            result = transcriber.transcribe(
                samples,
                window_options,
                on_segment=None if on_segment is None else lambda s, d=start: on_segment(_shifted(s, d)),
                on_progress=lambda p, s=start, n=length: report(s, n, p),
                cancel=cancel,
                on_language=tell_language,
            )
            first = first or result
            kept.extend(shift(result, start).segments if result.segments and start else result.segments)
            if language is None and result.segments:
                language, probability = result.language, result.language_probability
            if cancel.is_set():
                break
    except audio.DecodeCancelled:
        pass
    if first is None:  # cancelled before the first window was decoded
        return Transcript(model=transcriber.model_name, options=options.to_dict(), source=str(source))
    if not cancel.is_set() and last is not None and fraction < 1.0:
        emit(1.0, replace(last, segments=0))  # the file was shorter than its header said
    return replace(
        first,
        segments=tuple(kept),
        language=language if language is not None else first.language,
        language_probability=probability if probability is not None else first.language_probability,
        duration=decoded / audio.SAMPLE_RATE,
        options={**first.options, **options.to_dict()},
        source=str(source),
    )


def _shifted(segment: Segment, delta: float) -> Segment:
    """``segment`` (and its words) moved ``delta`` seconds later: a window's time to the file's."""
    return shift(Transcript(segments=(segment,)), delta).segments[0] if delta else segment
