"""Transcriber: load a faster-whisper model once, transcribe many sources.

The model runs in a background thread that hands decoded segments over a
queue. The calling thread (the CLI's main thread, or the UI's QThread worker)
only waits on that queue, so it can honour a cancel within a tenth of a second
even while CTranslate2 is busy with a 30-second window: the call returns the
partial transcript at once, and the model thread stops at its next segment
boundary before the model is used again.
"""

from __future__ import annotations

import functools
import logging
import os
import queue
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Union

import numpy as np

from . import audio, cuda_libs, long_audio
from .eta import time_left
from .models import DEFAULT_MODEL, ModelError, ModelStore
from .repair import Decode, Repair
from .segmentation import MAX_PAUSE_S
from .diarization import parse_speakers
from .transcript import Segment, Transcript, Word, clamp_words

log = logging.getLogger(__name__)

Source = Union[str, os.PathLike, np.ndarray]

TASKS = ("transcribe", "translate")
DEVICES = ("auto", "cpu", "cuda")
#: The most tokens a window may be asked for: Whisper writes at most 448 a window,
#: prompt included, and faster-whisper gives the prompt up to half of them (and
#: a few tokens of task and language).
MAX_NEW_TOKENS = 200
_POLL_S = 0.1


@dataclass(frozen=True)
class TranscribeOptions:
    """What the person can choose for one transcription; all JSON-compatible so a
    transcript records exactly how it was made."""

    language: str | None = None  # None: detect
    task: str = "transcribe"  # or "translate" (to English)
    vad_filter: bool = True  # skip silence (Silero VAD); fewer hallucinations on pauses
    word_timestamps: bool = True  # per-word times and probabilities: the editor's review needs them
    beam_size: int = 5
    patience: float = 1.0
    temperature: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # fallback ladder
    initial_prompt: str | None = None
    hotwords: str | None = None
    condition_on_previous_text: bool = True
    batch_size: int = 0  # 0: sequential; > 0: BatchedInferencePipeline (always VAD-chunked)
    #: None: Whisper's 30 s encoder window, padded with silence after the audio.
    #: Seconds: audio shorter than a window is padded only this much (see
    #: _windowed_model_class); live captions' passes over a few seconds of buffer
    #: encode several times faster. Sequential decoding only.
    window_padding_s: float | None = None
    #: Tokens one decoding window may write (None: Whisper's limit, 448 with the
    #: prompt). Live passes over a second or two of audio set it from the audio's
    #: length: a repetition loop there otherwise runs to the limit, seconds per pass.
    max_new_tokens: int | None = None
    #: Segments are split at pauses between words longer than this (seconds) and
    #: timed by their words (see core/segmentation); None keeps Whisper's segments.
    max_pause_s: float | None = MAX_PAUSE_S
    #: Repairs where the decoding went wrong (see core/repair): repetition loops decoded
    #: again, text on silence dropped, speech VAD found but no segment covers decoded
    #: again or marked. Live passes turn it off: they cut loops themselves and must stay fast.
    repair: bool = True
    #: Seed of the temperature fallback's sampling: the same input, options and seed
    #: give the same transcript (see Transcriber._reseed).
    seed: int = 0
    #: Who speaks: None (nobody asked), "auto", "N", "MIN-MAX" or "channels" (see core/with_speakers).
    speakers: str | None = None

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}, not {self.task!r}")
        if self.beam_size < 1:
            raise ValueError("beam size must be at least 1")
        if self.batch_size < 0:
            raise ValueError("batch size cannot be negative")
        if self.window_padding_s is not None and self.window_padding_s < 0:
            raise ValueError("window padding cannot be negative")
        if self.max_new_tokens is not None and not 1 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise ValueError(f"max new tokens must be between 1 and {MAX_NEW_TOKENS}")
        if self.max_pause_s is not None and not self.max_pause_s > 0:
            raise ValueError("the longest pause in a segment must be above 0 seconds")
        if not 0 <= self.seed < 2**32:
            raise ValueError("the sampling seed must be between 0 and 2**32 - 1")
        if self.speakers is not None:
            parse_speakers(self.speakers)  # DiarizationError (a ValueError) says what is wrong
        object.__setattr__(self, "temperature", tuple(float(t) for t in self.temperature))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["temperature"] = list(self.temperature)
        return data

    def whisper_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for faster-whisper's transcribe()."""
        kwargs: dict[str, Any] = dict(
            language=self.language,
            task=self.task,
            vad_filter=self.vad_filter or self.batch_size > 0,
            word_timestamps=self.word_timestamps,
            beam_size=self.beam_size,
            patience=self.patience,
            temperature=list(self.temperature),
            initial_prompt=self.initial_prompt or None,
            hotwords=self.hotwords or None,
            condition_on_previous_text=self.condition_on_previous_text,
        )
        if self.batch_size:
            kwargs["batch_size"] = self.batch_size
        if self.max_new_tokens is not None:
            kwargs["max_new_tokens"] = self.max_new_tokens
        return kwargs


#: What a job is doing, for its status: the words, then (where asked) who says them.
TRANSCRIBING, FINDING_SPEAKERS = "transcribing", "speakers"


@dataclass(frozen=True)
class Progress:
    """How far a transcription is: fraction of the audio's duration decoded (or, for
    the whole job, of the work: with speakers, the last part is finding them)."""

    fraction: float
    elapsed: float  # seconds since transcription started
    remaining: float | None  # estimated seconds left; None until there is a basis
    segments: int
    stage: str = TRANSCRIBING


@dataclass
class _Run:
    """State shared between a transcribe() call and its model thread."""

    items: "queue.Queue[tuple[str, Any]]" = field(default_factory=queue.Queue)
    stop: threading.Event = field(default_factory=threading.Event)


class UnsupportedLanguage(ModelError):
    """The model cannot hear the language asked for (an English-only model and another language)."""


def resolve_device(device: str) -> tuple[str, str]:
    """(device, compute_type) for a device choice: auto is CUDA + float16 when
    CTranslate2 sees a GPU, else CPU + int8."""
    if device != "cpu":
        cuda_libs.preload()  # every model load passes here before CTranslate2 opens cuBLAS by name
    import ctranslate2

    if device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    if device == "auto":
        device = "cuda" if cuda_device_count() > 0 else "cpu"
    supported = ctranslate2.get_supported_compute_types(device) if device == "cpu" else {"float16"}
    compute = "float16" if device == "cuda" else ("int8" if "int8" in supported else "float32")
    return device, compute


def cuda_device_count() -> int:
    """GPUs CTranslate2 can use (0 when its CUDA runtime or a driver is missing)."""
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # a broken CUDA install must not stop the CPU path
        return 0


def _is_cuda_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(k in text for k in ("cuda", "cublas", "cudnn", "gpu", "libcu"))


class Transcriber:
    """One loaded model, used for many transcriptions (one at a time).

    ``notice`` receives plain-language messages worth showing the person, such
    as a fall back from the GPU to the CPU.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "auto",
        compute_type: str | None = None,
        cpu_threads: int = 0,
        store: ModelStore | None = None,
        notice: Callable[[str], None] | None = None,
    ):
        self.model_name = model
        self.requested_device = device
        self._compute_override = compute_type
        self.cpu_threads = cpu_threads
        self.store = store or ModelStore()
        self.notice = notice or (lambda message: log.warning("%s", message))
        self.device: str | None = None
        self.compute_type: str | None = None
        self.load_seconds: float | None = None
        self._model: Any = None
        self._batched: Any = None
        self._model_lock = threading.Lock()  # one decode at a time per model
        self._threads: set[threading.Thread] = set()  # model threads still running

    # --- loading ---------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def multilingual(self) -> bool:
        """Whether the loaded model knows more than English (loads it if needed)."""
        self.load()
        return self._multilingual

    def check_language(self, language: str | None) -> None:
        """Raise UnsupportedLanguage if the model cannot hear ``language`` (loads it if needed)."""
        self.load()
        if not self.multilingual and language not in (None, "en"):
            raise UnsupportedLanguage(
                f"{self.model_name} understands English only; choose a multilingual model such as base.")

    def load(self) -> None:
        """Load the model now (otherwise the first transcribe() does). Raises ModelError."""
        if self._model is not None:
            return
        path = self.store.resolve(self.model_name)
        device, compute = resolve_device(self.requested_device)
        compute = self._compute_override or compute
        started = time.perf_counter()
        try:
            self._load(path, device, compute)
        except (RuntimeError, OSError, ValueError) as exc:
            if device != "cuda":
                raise ModelError(f"Cannot load model {self.model_name} from {path}: {exc}") from exc
            self.notice(f"The GPU could not be used ({str(exc).splitlines()[0]}); transcribing on the CPU instead.")
            self._load(path, "cpu", resolve_device("cpu")[1])
        self.load_seconds = time.perf_counter() - started

    def _load(self, path: Path, device: str, compute: str) -> None:
        import ctranslate2
        from faster_whisper import BatchedInferencePipeline

        seed = TranscribeOptions().seed
        ctranslate2.set_random_seed(seed)  # read by the model's new worker thread at its first sampling
        self._model = _windowed_model_class()(str(path), device=device, compute_type=compute, cpu_threads=self.cpu_threads)
        self._model.seed = seed
        # kept here: _reseed swaps the CTranslate2 model while another call may ask
        self._multilingual = bool(self._model.model.is_multilingual)
        self._batched = BatchedInferencePipeline(self._model)
        self.device, self.compute_type = device, compute
        self._path = path

    def _reseed(self, seed: int) -> None:
        """Give the temperature fallback's sampling a fresh generator seeded with ``seed``.

        CTranslate2 samples with a random generator that belongs to the model's
        worker thread: it is seeded (``ctranslate2.set_random_seed``) when that
        thread first samples and then runs on, so setting the seed again changes
        nothing, and two runs of one file differed wherever the fallback sampled
        (measured: tiny.en, WER 0.008 one run, 0.086 the next). A fresh worker
        thread needs a fresh CTranslate2 model: it is loaded again (about a
        second from the page cache), only when the last transcription sampled or
        asked for another seed. Called under the model lock.
        """
        import ctranslate2

        model = self._model
        # Also when nothing is reloaded: a worker thread that has not sampled yet
        # reads the seed then, and another Transcriber may have set its own.
        ctranslate2.set_random_seed(seed)
        if not model.sampled and model.seed == seed:
            return
        index = model.model.device_index
        model.model = None  # free the old weights before loading them again: no peak of two models
        model.model = ctranslate2.models.Whisper(
            str(self._path),
            device=self.device,
            device_index=index,
            compute_type=self.compute_type,
            intra_threads=self.cpu_threads,
        )
        model.sampled, model.seed = False, seed

    def _fall_back_to_cpu(self, exc: BaseException) -> None:
        self.notice(f"The GPU failed while transcribing ({str(exc).splitlines()[0]}); continuing on the CPU.")
        self._model = self._batched = None
        self.requested_device, self._compute_override = "cpu", None
        self.load()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no model thread runs; True if none is left.

        A cancelled transcribe() returns at once while its model thread finishes
        the window it is decoding (up to a few seconds on a CPU). A process must
        not exit, nor the model be freed, while that thread is inside CTranslate2:
        the interpreter's shutdown then kills it mid-call (SIGSEGV or SIGABRT).
        Front ends call this after cancelling, before they exit.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in list(self._threads):
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(left)
        return not any(t.is_alive() for t in self._threads)

    # --- transcription -------------------------------------------------------------

    def transcribe(
        self,
        source: Source,
        options: TranscribeOptions = TranscribeOptions(),
        on_segment: Callable[[Segment], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        on_language: Callable[[str | None], None] | None = None,
    ) -> Transcript:
        """Transcribe a file (any format audio.decode reads) or 16 kHz mono samples.

        ``on_language`` gets the spoken language (given or detected) as soon as it
        is known, before the first segment. Segments reach ``on_segment`` as they
        are decoded; ``on_progress`` gets a monotonic fraction that ends at
        exactly 1.0 on completion. Setting ``cancel`` returns within a tenth of a
        second with what was decoded so far (check ``cancel.is_set()`` to know
        the result is partial).
        Raises audio.AudioError for bad input and ModelError for model trouble.
        """
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        if options.speakers is not None:
            from . import with_speakers

            return with_speakers.transcribe(self, source, options, on_segment, on_progress, cancel, on_language)
        if not isinstance(source, np.ndarray):
            # A file is decoded as a stream and transcribed in windows of a few
            # minutes, each one an array passed back here: memory stays flat in its length.
            return long_audio.transcribe_file(self, source, options, on_segment, on_progress, cancel, on_language)
        samples = source
        duration = len(samples) / audio.SAMPLE_RATE
        self.check_language(options.language)
        segments: list[Segment] = []
        info: Any = None
        fraction = 0.0

        def report(value: float) -> None:
            nonlocal fraction
            fraction = min(1.0, max(fraction, value))
            if on_progress is not None:
                elapsed = time.perf_counter() - started
                on_progress(Progress(fraction, elapsed, time_left(elapsed, fraction), len(segments)))

        report(0.0)
        for kind, value in self._decode(samples, options, cancel):
            if kind == "info":
                info = value
                if on_language is not None:
                    on_language(getattr(info, "language", options.language))
            else:
                segments.append(value)
                if on_segment is not None:
                    on_segment(value)
                report(value.end / duration if duration else 1.0)
        if not cancel.is_set():
            report(1.0)
        return Transcript(
            segments=tuple(sorted(segments, key=lambda s: (s.start, s.end))),
            language=getattr(info, "language", options.language),
            language_probability=getattr(info, "language_probability", None),
            duration=duration,
            model=self.model_name,
            options={**options.to_dict(), "device": self.device, "compute_type": self.compute_type},
        )

    def _decode(
        self, samples: np.ndarray, options: TranscribeOptions, cancel: threading.Event
    ) -> Iterator[tuple[str, Any]]:
        """Yield ("info", TranscriptionInfo) then ("segment", Segment)... from the model thread."""
        run = _Run()
        thread = threading.Thread(target=self._model_thread, args=(run, samples, options), daemon=True)
        self._threads.add(thread)
        thread.start()
        try:
            while True:
                try:
                    kind, value = run.items.get(timeout=_POLL_S)
                except queue.Empty:
                    if cancel.is_set():
                        return
                    continue
                if kind == "done":
                    return
                if kind == "error":
                    raise value
                yield kind, value
                if cancel.is_set():
                    return
        finally:
            run.stop.set()

    def _model_thread(self, run: _Run, samples: np.ndarray, options: TranscribeOptions) -> None:
        with self._model_lock:
            produced = False
            try:
                self._reseed(options.seed)
                for item in self._segments(samples, options, run.stop):
                    produced = produced or item[0] == "segment"
                    run.items.put(item)
            except Exception as exc:
                if self.device == "cuda" and not produced and _is_cuda_failure(exc):
                    try:
                        self._fall_back_to_cpu(exc)
                        self._reseed(options.seed)
                        for item in self._segments(samples, options, run.stop):
                            run.items.put(item)
                    except Exception as retry_exc:
                        run.items.put(("error", _as_model_error(retry_exc)))
                else:
                    run.items.put(("error", _as_model_error(exc)))
            finally:
                run.items.put(("done", None))
                self._threads.discard(threading.current_thread())

    def _segments(self, samples: np.ndarray, options: TranscribeOptions, stop: threading.Event) -> Iterator[tuple[str, Any]]:
        pipeline = self._batched if options.batch_size else self._model
        self._model.window_padding_s = options.window_padding_s
        kwargs = options.whisper_kwargs()
        speech: list[dict[str, int]] | None = None
        heard = samples
        if options.repair and kwargs["vad_filter"]:
            # Where the VAD found speech, for Repair.recover. Sequentially this is
            # faster-whisper's own VAD filter (the same calls, default options), done
            # here; the batched pipeline runs its own with other options, so there it
            # is a second pass (Silero: about 0.5 s for 2 minutes on two cores).
            from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

            speech = get_speech_timestamps(samples, VadOptions())
            if pipeline is self._model:
                heard = np.concatenate(collect_chunks(samples, speech)[0])
                kwargs["vad_filter"] = False
        raw_segments, info = pipeline.transcribe(heard, **kwargs)
        if speech and heard is not samples:
            from faster_whisper.transcribe import restore_speech_timestamps

            raw_segments = restore_speech_timestamps(raw_segments, speech, audio.SAMPLE_RATE)
        yield "info", info
        repair = Repair(samples, options.max_pause_s, options.repair, self._decoder(options, info.language))
        kept: list[Segment] = []
        try:
            for raw in raw_segments:
                for segment in repair.segment(to_segment(raw), raw.no_speech_prob):
                    kept.append(segment)
                    yield "segment", segment
                if stop.is_set():
                    return
        finally:
            close = getattr(raw_segments, "close", None)
            if close is not None:
                close()
        if stop.is_set():
            return
        rate = audio.SAMPLE_RATE
        for segment in repair.recover([(c["start"] / rate, c["end"] / rate) for c in speech or ()], kept):
            yield "segment", segment
            if stop.is_set():
                return
        if any(repair.counts.values()):
            log.info("repairs: %s", repair.counts)

    def _decoder(self, options: TranscribeOptions, language: str | None) -> Decode:
        """Decodes a clip on its own for Repair: the person's options, the language
        already known, no VAD (the clip is known speech) and no previous text."""
        alone = replace(options, language=language, condition_on_previous_text=False, vad_filter=False, batch_size=0)
        kwargs = alone.whisper_kwargs()

        def decode(clip: np.ndarray) -> Iterator[tuple[Segment, float]]:
            raw_segments, _info = self._model.transcribe(clip, **kwargs)
            for raw in raw_segments:
                yield to_segment(raw), float(raw.no_speech_prob)

        return decode


@functools.cache
def _windowed_model_class() -> type:
    """faster-whisper's WhisperModel, with an encoder window that can end soon after the audio.

    faster-whisper pads every window to Whisper's 30 s (3000 mel frames) before the
    encoder, whose cost grows with its input: on two cores, base encodes 30 s in
    0.36 s and 10 s in 0.05 s. CTranslate2 (4.x) takes shorter inputs too, so when
    ``window_padding_s`` is set and the audio fits one window, only the audio and
    that much padding (rounded up to whole seconds) reach the encoder; the decoder
    and word alignment then attend to fewer frames as well. Defined on first use,
    as faster-whisper is imported only to load a model.
    """
    from faster_whisper import WhisperModel

    class WindowedWhisperModel(WhisperModel):
        window_padding_s: float | None = None  # set per transcription, under the model lock
        _encoder_frames: int | None = None  # while generate_segments runs
        #: Whether the fallback sampled since the model was loaded, and the seed it was
        #: loaded with (see Transcriber._reseed).
        sampled: bool = False
        seed: int = 0

        def generate_with_fallback(self, encoder_output: Any, prompt: Any, tokenizer: Any, options: Any) -> Any:
            result = super().generate_with_fallback(encoder_output, prompt, tokenizer, options)
            # The ladder samples at every temperature above 0; it returns the last one it tried.
            if result[2] > 0 or options.temperatures[0] > 0:
                self.sampled = True
            return result

        def generate_segments(self, features: np.ndarray, *args: Any, **kwargs: Any) -> Iterator[Any]:
            frames = None
            if self.window_padding_s is not None:
                second = self.frames_per_second
                padded = features.shape[-1] + self.window_padding_s * second
                frames = int(-(-padded // second) * second)
                if frames >= self.feature_extractor.nb_max_frames:
                    frames = None
            outer, self._encoder_frames = self._encoder_frames, frames
            try:
                yield from super().generate_segments(features, *args, **kwargs)
            finally:
                self._encoder_frames = outer  # a repair decodes a clip while a whole decode is paused

        def encode(self, features: np.ndarray) -> Any:
            if self._encoder_frames is not None:
                features = features[..., : self._encoder_frames]
            return super().encode(features)

    return WindowedWhisperModel


def _as_model_error(exc: Exception) -> Exception:
    if isinstance(exc, (ModelError, audio.AudioError)):
        return exc
    return ModelError(f"Transcription failed: {exc}")


def to_segment(raw: Any) -> Segment:
    """A Segment from a faster-whisper segment (numpy floats made plain, words kept inside)."""
    start = max(0.0, float(raw.start))
    end = max(start, float(raw.end))
    words = tuple(
        Word(
            max(0.0, float(w.start)),
            max(0.0, float(w.start), float(w.end)),
            w.word,
            min(1.0, max(0.0, float(w.probability))),
        )
        for w in (raw.words or ())
    )
    return Segment(start, end, raw.text.strip(), clamp_words(words, start, end))
