"""The command line: ``malsori transcribe``, ``malsori models``.

Headless, on the same core as the window. One model load serves all files; a
bad file gets a one-line reason and a non-zero exit while the others carry on.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__, resources
from .core import audio, subtitles
from .core.engine import DEVICES, TASKS, Progress, TranscribeOptions, Transcriber
from .core.languages import parse_language
from .core.models import DEFAULT_MODEL, ModelError, ModelStore, State
from .core.subtitles import SubtitleError, WrapOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _formats(value: str) -> tuple[str, ...]:
    try:
        return subtitles.parse_format_list(value)
    except SubtitleError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language(value: str) -> str | None:
    try:
        return parse_language(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="malsori",
        description="Transcribe speech on your own computer. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"malsori {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    t = sub.add_parser("transcribe", help="transcribe audio or video files to subtitles and text")
    t.add_argument("files", nargs="+", metavar="FILE", help="audio or video files")
    t.add_argument("--model", default=DEFAULT_MODEL, help=f"catalog name or model folder (default {DEFAULT_MODEL})")
    t.add_argument("--language", type=_language, default=None, metavar="auto|ko|en|…", help="spoken language (default auto)")
    t.add_argument("--task", choices=TASKS, default="transcribe", help="translate: to English")
    t.add_argument("--format", type=_formats, default=("srt",), metavar="srt,vtt,txt,…",
                   help=f"comma-separated output formats: {', '.join(subtitles.FORMATS)} (default srt)")
    t.add_argument("--output-dir", type=Path, default=None, help="where to write (default: beside each input)")
    t.add_argument("--stdout", action="store_true", help="print the first format to standard output instead of writing files")
    t.add_argument("--device", choices=DEVICES, default="auto")
    t.add_argument("--beam-size", type=int, default=5)
    t.add_argument("--batch-size", type=int, default=0, help="batched inference with this batch size (0: sequential)")
    t.add_argument("--vad", action=argparse.BooleanOptionalAction, default=True, help="skip silence (default on)")
    t.add_argument("--word-timestamps", action=argparse.BooleanOptionalAction, default=True)
    t.add_argument("--initial-prompt", default=None, help="text that sets vocabulary and style")
    t.add_argument("--hotwords", default=None, help="words to favour, such as names")
    t.add_argument("--max-line-width", type=int, default=42, help="subtitle columns per line (Hangul counts 2)")
    t.add_argument("--max-lines", type=int, default=2, help="lines per subtitle cue")

    m = sub.add_parser("models", help="list models, or download one")
    m.add_argument("--download", metavar="NAME", help="download a catalog model (needs a network)")
    return parser


COMMANDS = ("transcribe", "models")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return open_window(argv)  # `malsori` or `malsori FILE...` (a file manager's "open with")
    logging.basicConfig(level=logging.WARNING, format="malsori: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "transcribe":
            return transcribe(args)
        return models(args)
    except KeyboardInterrupt:
        print("\nmalsori: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def open_window(files: Sequence[str]) -> int:
    """The window; on a machine without a display, the bundled sample on the command line."""
    from .app import display_available, run_window

    if display_available():
        return run_window(files)
    sample = resources.sample_audio()
    print(
        "malsori: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window cannot open.\n"
        f"malsori: transcribing the bundled sample {sample.name} on the command line instead:",
        file=sys.stderr,
    )
    return main(["transcribe", str(sample), "--format", "srt", "--stdout", *files])


def models(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    store = ModelStore()
    if args.download:
        return _download(store, args.download)
    print(f"{'model':<16} {'state':<13} {'size':>8}  languages", file=out)
    for info, state in store.listing():
        offline = "" if state is State.DOWNLOADABLE else "  (offline)"
        note = f"  {info.note}" if info.note else ""
        print(f"{info.name:<16} {state.value:<13} {info.size_mb:>5} MB  {info.languages}{offline}{note}", file=out)
    return EXIT_OK


def _download(store: ModelStore, name: str) -> int:
    bar = ProgressLine(sys.stderr, name)
    try:
        path = store.download(name, progress=lambda p: bar.update(p.fraction))
    except ModelError as exc:
        bar.finish()
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    bar.finish()
    print(f"{name}: ready in {path}", file=sys.stderr)
    return EXIT_OK


def transcribe(args: argparse.Namespace) -> int:
    try:
        options = TranscribeOptions(
            language=args.language,
            task=args.task,
            vad_filter=args.vad,
            word_timestamps=args.word_timestamps,
            beam_size=args.beam_size,
            batch_size=args.batch_size,
            initial_prompt=args.initial_prompt,
            hotwords=args.hotwords,
        )
        wrap = WrapOptions(max_chars_per_line=args.max_line_width, max_lines=args.max_lines)
    except (ValueError, SubtitleError) as exc:
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_USAGE
    transcriber = Transcriber(args.model, device=args.device, notice=lambda m: print(f"malsori: {m}", file=sys.stderr))
    try:
        transcriber.load()
    except ModelError as exc:
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    failures = 0
    for name in args.files:
        failures += not _transcribe_one(transcriber, Path(name), options, args, wrap)
    return EXIT_FAILED if failures else EXIT_OK


def _transcribe_one(
    transcriber: Transcriber, path: Path, options: TranscribeOptions, args: argparse.Namespace, wrap: WrapOptions
) -> bool:
    bar = ProgressLine(sys.stderr, path.name)
    cancel = threading.Event()
    try:
        result = transcriber.transcribe(path, options, on_progress=lambda p: bar.update(p.fraction, p), cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise
    except (audio.AudioError, ModelError) as exc:
        bar.finish()
        print(f"malsori: {path}: {exc}", file=sys.stderr)
        return False
    finally:
        bar.finish()
    if args.stdout:
        sys.stdout.write(subtitles.render(result, args.format[0], wrap))
        sys.stdout.flush()
    else:
        folder = args.output_dir or path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for fmt in args.format:
                target = folder / (path.stem + subtitles.FORMATS[fmt].suffix)
                subtitles.export(result, target, fmt, wrap)
                print(f"{path.name}: wrote {target}", file=sys.stderr)
        except (SubtitleError, OSError) as exc:
            print(f"malsori: {path}: {exc}", file=sys.stderr)
            return False
    language = f"{result.language} ({result.language_probability:.0%})" if result.language_probability else result.language
    print(f"{path.name}: {len(result.segments)} segments, language {language}, {result.duration:.1f} s of audio",
          file=sys.stderr)
    return True


class ProgressLine:
    """A one-line progress bar on a terminal; silent when the stream is not a terminal
    (a log file full of carriage returns helps no one)."""

    WIDTH = 28

    def __init__(self, stream: TextIO, label: str):
        self.stream = stream
        self.label = label[:40]
        self.active = stream.isatty()
        self._last = 0.0
        self._shown = False

    def update(self, fraction: float, progress: Progress | None = None) -> None:
        now = time.monotonic()
        if not self.active or (now - self._last < 0.1 and fraction < 1.0):
            return
        self._last = now
        filled = int(self.WIDTH * fraction)
        eta = ""
        if progress is not None and progress.remaining is not None:
            eta = f"  {_clock(progress.remaining)} left"
        self.stream.write(f"\r{self.label}  [{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%}{eta}\x1b[K")
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


if __name__ == "__main__":
    sys.exit(main())
