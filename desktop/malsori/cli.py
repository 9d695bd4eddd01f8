"""The command line: ``malsori transcribe``, ``malsori models``, ``malsori summarize``.

Headless, on the same core as the window. One model load serves all files; a
bad file gets a one-line reason and a non-zero exit while the others carry on.
``summarize`` sends a transcript to the person's own vLLM server and streams
the answer to standard output, progress and errors to standard error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__, resources
from .core import api_keys, audio, prompts, subtitles, summarize as summarizer
from .core.engine import DEVICES, TASKS, Progress, TranscribeOptions, Transcriber
from .core.languages import parse_language
from .core.llm import LlmClient, LlmConfig, LlmError, normalize_base_url
from .core.models import DEFAULT_MODEL, ModelError, ModelStore, State
from .core.subtitles import SubtitleError, WrapOptions
from .core.timecode import format_duration

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

    templates = [a.replace("_", "-") for a in prompts.ACTIONS if a != prompts.CUSTOM]
    s = sub.add_parser("summarize", help="send a transcript to your own vLLM server: summary, action items, …")
    s.add_argument("file", type=Path, metavar="FILE", help="a transcript: .json, .srt, .vtt or .txt")
    s.add_argument("--server", required=True, help="the server's OpenAI-compatible API, e.g. http://gpu-box:8000/v1")
    s.add_argument("--model", required=True, help="a model the server serves (see GET /v1/models)")
    what = s.add_mutually_exclusive_group()
    what.add_argument("--prompt", help="your own instruction instead of a template")
    what.add_argument("--template", choices=templates, default="summarize", help="a built-in prompt (default summarize)")
    s.add_argument("--target", type=_language, default="en", metavar="ko|en|…", help="target language for --template translate")
    s.add_argument("--language", type=_language, default=None, metavar="ko|en|…",
                   help="the transcript's language (default: from a .json file; the answer is in this language)")
    s.add_argument("--api-key-env", metavar="VAR", help="read the API key from this environment variable "
                   "(default: the key stored for this server in the system keyring, if any)")
    s.add_argument("--max-tokens", type=int, default=LlmConfig.max_tokens, help="longest answer, in tokens")
    s.add_argument("--temperature", type=float, default=LlmConfig.temperature)
    s.add_argument("--timeout", type=float, default=LlmConfig.first_token_timeout,
                   help="seconds to wait for the answer to start (and at most between its pieces)")
    return parser


COMMANDS = ("transcribe", "models", "summarize")


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
        if args.command == "summarize":
            return summarize(args)
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


def _transcript_lines(path: Path) -> tuple[list[str], str | None]:
    """The segments' texts (a .txt file: its lines) and the transcript's language if it says."""
    if path.suffix.lower() == ".txt":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SubtitleError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        return subtitles._decode(data, path.name).splitlines(), None
    transcript = subtitles.load(path)
    return [segment.text for segment in transcript.segments], transcript.language


def summarize(args: argparse.Namespace) -> int:
    def fail(message: str, code: int = EXIT_FAILED) -> int:
        print(f"malsori: {message}", file=sys.stderr)
        return code

    try:
        lines, language = _transcript_lines(args.file)
        server = normalize_base_url(args.server)
    except (SubtitleError, LlmError) as exc:
        return fail(str(exc), EXIT_USAGE)
    language = args.language or language
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            return fail(f"the environment variable {args.api_key_env} is not set", EXIT_USAGE)
    else:
        key = api_keys.get(server)
    if args.prompt is not None:
        action, template = prompts.CUSTOM, args.prompt
    else:
        action = args.template.replace("-", "_")
        template = prompts.default_template(action, language)
    try:
        task = prompts.task_for(action, template, language, args.target)
        config = LlmConfig(server, args.model, api_key=key, first_token_timeout=args.timeout,
                           read_timeout=args.timeout, temperature=args.temperature, max_tokens=args.max_tokens)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    client = LlmClient(config)
    shown = {"final": False}

    def on_step(step: summarizer.Step) -> None:
        shown["final"] = step.final
        if step.total > 1:
            what = f"part {step.part} of {step.parts}" if step.phase == "part" else "combining the parts"
            print(f"malsori: request {step.index} of {step.total}: {what}", file=sys.stderr, flush=True)

    def on_text(text: str) -> None:
        if shown["final"]:
            sys.stdout.write(text)
            sys.stdout.flush()

    try:
        context = client.model_info().context
        reply = summarizer.run(client, lines, task, context, on_text, on_step)
    except LlmError as exc:
        if shown["final"] and exc.partial:
            sys.stdout.write("\n")
        return fail(str(exc))
    sys.stdout.write("\n")
    if reply.truncated:
        print(f"malsori: the answer reached --max-tokens ({args.max_tokens}) and may be cut short", file=sys.stderr)
    return EXIT_OK


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
            eta = f"  {format_duration(progress.remaining)} left"
        self.stream.write(f"\r{self.label}  [{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%}{eta}\x1b[K")
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


if __name__ == "__main__":
    sys.exit(main())
