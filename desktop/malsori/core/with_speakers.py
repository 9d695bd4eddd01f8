"""Transcription with speakers: the words first, then who said them.

Two modes, both behind ``TranscribeOptions.speakers`` so that the window, the
CLI and the server get the same result from the same call:

* diarization (``auto``, ``N``, ``MIN-MAX``): the file is transcribed as usual,
  then diarized (:mod:`malsori.core.diarization`) and the turns laid over the
  words (:mod:`malsori.core.speaker_turns`);
* ``channels``: a call or podcast recorded with one person per track; each
  channel is transcribed on its own and its segments belong to its speaker,
  merged by time. Exact, and nothing to guess.

Known voices (:mod:`malsori.core.voices`) name the speakers they recognize.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

import numpy as np

from malsori.core import audio, speaker_embedding
from malsori.core.diarization import CHANNELS, Cancelled, SpeakerCount, diarize, diarize_file
from malsori.core.eta import time_left
from malsori.core.speaker_turns import label
from malsori.core.speakers import default_name
from malsori.core.transcript import Segment, Speaker, Transcript
from malsori.core.voices import VoiceError, VoiceLibrary

if TYPE_CHECKING:
    from malsori.core.engine import Progress, Transcriber, TranscribeOptions

#: The share of the progress bar the transcription takes; diarization the rest
#: (measured in bench/diarization_bench.py on 2 CPU cores: diarization takes 8 % of base's
#: transcription time, 12 % of tiny.en's; a GPU transcribes faster, which this leaves out).
TRANSCRIPTION_SHARE = 0.9


def _scaled(on_progress: Callable[["Progress"], None] | None, low: float, high: float
            ) -> Callable[["Progress"], None] | None:
    """A progress callback that maps 0..1 onto ``low``..``high`` of the whole job."""
    if on_progress is None:
        return None

    def report(progress: "Progress") -> None:
        fraction = low + (high - low) * progress.fraction
        on_progress(replace(progress, fraction=fraction, remaining=time_left(progress.elapsed, fraction)))

    return report


def transcribe(transcriber: "Transcriber", source: audio.Source | np.ndarray, options: "TranscribeOptions",
               on_segment: Callable[[Segment], None] | None, on_progress: Callable[["Progress"], None] | None,
               cancel: threading.Event, on_language: Callable[[str | None], None] | None) -> Transcript:
    """What :meth:`Transcriber.transcribe` returns, with speakers as ``options.speakers`` asks.

    The speaker model is looked for before any work, so a missing one fails at once
    rather than after an hour of transcription. A cancel while speakers are being
    found returns the transcript without them (``cancel`` is set: it is partial).
    """
    from malsori.core.diarization import parse_speakers

    speaker_embedding.model_path()  # SpeakerModelMissing now, not after the transcription
    count = parse_speakers(options.speakers or "auto")
    plain = replace(options, speakers=None)
    if count == CHANNELS:
        result = _channels(transcriber, source, plain, on_segment, on_progress, cancel, on_language)
    else:
        assert isinstance(count, SpeakerCount)
        result = transcriber.transcribe(source, plain, on_segment, _scaled(on_progress, 0.0, TRANSCRIPTION_SHARE),
                                        cancel, on_language)
        if not cancel.is_set():
            result = _diarized(result, source, count, on_progress, cancel)
    return replace(result, options={**result.options, "speakers": options.speakers})


def _diarized(result: Transcript, source: audio.Source | np.ndarray, count: SpeakerCount,
              on_progress: Callable[["Progress"], None] | None, cancel: threading.Event) -> Transcript:
    from malsori.core.engine import FINDING_SPEAKERS, Progress

    started = time.perf_counter()

    def progress(value: float) -> None:
        if on_progress is not None:
            fraction = TRANSCRIPTION_SHARE + (1 - TRANSCRIPTION_SHARE) * value
            elapsed = time.perf_counter() - started
            on_progress(Progress(fraction, elapsed, time_left(elapsed, value), len(result.segments), FINDING_SPEAKERS))

    try:
        if isinstance(source, np.ndarray):
            found = diarize(source, count, progress, cancel.is_set)
        else:
            found = diarize_file(source, count, progress, cancel.is_set)
    except (Cancelled, audio.DecodeCancelled):
        return result
    return label(result, found, VoiceLibrary())


def _channels(transcriber: "Transcriber", source: audio.Source | np.ndarray, options: "TranscribeOptions",
              on_segment: Callable[[Segment], None] | None, on_progress: Callable[["Progress"], None] | None,
              cancel: threading.Event, on_language: Callable[[str | None], None] | None) -> Transcript:
    """Each channel transcribed on its own, its segments its speaker's, merged by time."""
    if isinstance(source, np.ndarray):
        tracks = source if source.ndim == 2 else source.reshape(1, -1)
    else:
        tracks = audio.decode_channels(source, cancel=cancel.is_set)
    if tracks.shape[0] < 2:
        name = "This audio" if isinstance(source, np.ndarray) else audio.display_name(source)
        raise audio.AudioError(
            f"{name} has one channel: "
            "--speakers channels needs a recording with a track per speaker (use --speakers auto for one track)"
        )
    parts: list[Transcript] = []
    for number, samples in enumerate(tracks):
        share = 1 / len(tracks)
        part = transcriber.transcribe(np.ascontiguousarray(samples), options, on_segment,
                                      _scaled(on_progress, number * share, (number + 1) * share), cancel, on_language)
        parts.append(part)
        if cancel.is_set():
            break
    speakers, segments = [], []
    library = VoiceLibrary()
    for number, (part, samples) in enumerate(zip(parts, tracks), start=1):
        if not part.segments:
            continue
        speaker = _channel_speaker(number, samples, library, cancel)
        speakers.append(speaker)
        segments.extend(replace(s, speaker=speaker.id) for s in part.segments)
    first = parts[0]
    return replace(first, speakers=tuple(speakers), duration=max(p.duration for p in parts)).with_segments(segments)


def _channel_speaker(number: int, samples: np.ndarray, library: VoiceLibrary | None,
                     cancel: threading.Event) -> Speaker:
    """Channel ``number``'s speaker: its voice's centroid, named when the library knows it."""
    try:
        found = diarize(samples, SpeakerCount(exact=1), cancel=cancel.is_set)
    except Cancelled:
        found = None
    if found is None or not found.speakers:
        return Speaker(f"S{number}", default_name(number))
    embedding = tuple(float(x) for x in found.centroids[0])
    match = None
    if library is not None:
        try:
            match = library.match(embedding)
        except VoiceError:
            match = None
    if match:
        voice, similarity = match
        return Speaker(f"S{number}", voice.name, voice.id, round(similarity, 3), embedding)
    return Speaker(f"S{number}", default_name(number), embedding=embedding)
