"""The command line: ``malsori transcribe``, ``models``, ``summarize`` and ``serve``.

Headless, on the same core as the window. One model load serves all files; a
bad file gets a one-line reason and a non-zero exit while the others carry on.
Where results go is planned and checked before any work (core.output_plan):
nothing is overwritten unless asked, and an unwritable folder is found first.
Ctrl+C stops the model cleanly (exit 130): finished files are kept and the
interrupted file's text so far is written as ``<name>.partial<suffix>``.
``summarize`` sends a transcript to the person's own vLLM server and streams
the answer to standard output, progress and errors to standard error.
``serve`` runs the HTTP API of the server package (the optional ``server`` extra).

Exit status: 0 done; 1 something failed (the message says what); 2 a usage
error found by argparse (a bad option); 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import math
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Callable, Mapping, Sequence, TextIO

from . import __version__, resources
from .core import api_keys, audio, output_plan, prompts, subtitles, summarize as summarizer
from .core.diarization import DiarizationError, parse_speakers
from .core.engine import DEVICES, TASKS, Progress, TranscribeOptions, Transcriber
from .core.languages import parse_language
from .core.llm import Hints, LlmClient, LlmConfig, LlmError, normalize_base_url
from .core.models import DEFAULT_MODEL, ModelError, ModelStore, State
from .core.output_plan import OutputError, OutputsExist, Planned
from .core.remote_engine import RemoteConfig, RemoteError, RemoteHints, RemoteTranscriber
from .core.subtitles import DEFAULT_WRAP, SubtitleError, WrapOptions
from .core.timecode import format_duration
from .core.transcript import Transcript

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130  # argparse exits 2 for usage errors

#: Where a summarize failure is fixed, in this front end's words (core.llm's
#: messages name the window's LLM settings by default).
#: Where a remote transcription's failure is fixed, in this front end's words.
REMOTE_CLI_HINTS = RemoteHints(
    address="--server",
    key="the API key (give it with --api-key-env VAR)",
    model="--server-model",
    timeout="the server's timeout",
    upload="--max-upload-mb",
)

CLI_HINTS = Hints(
    address="the address given with --server",
    key="the API key (give it with --api-key-env VAR, naming an environment variable that holds it)",
    model="--model",
    timeout="--timeout",
    max_tokens="--max-tokens",
)


def _formats(value: str) -> tuple[str, ...]:
    try:
        return subtitles.parse_format_list(value)
    except SubtitleError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _speakers(value: str) -> str:
    try:
        parse_speakers(value)
    except DiarizationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value.strip().lower()


def _language(value: str) -> str | None:
    try:
        return parse_language(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _whole(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {number}")
        return number

    return parse


def _above_zero(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {value}")
    return number


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
    t.add_argument("--overwrite", action="store_true",
                   help="replace output files that exist already (without it, the run stops before any work)")
    t.add_argument("--stdout", action="store_true", help="print the result (one format) instead of writing files")
    t.add_argument("--device", choices=DEVICES, default="auto")
    t.add_argument("--beam-size", type=_whole(1), default=TranscribeOptions.beam_size)
    t.add_argument("--patience", type=_above_zero, default=TranscribeOptions.patience,
                   help="beam search patience: above 1 searches longer (default 1)")
    t.add_argument("--batch-size", type=_whole(0), default=0, help="batched inference with this batch size (0: sequential)")
    t.add_argument("--vad", action=argparse.BooleanOptionalAction, default=True, help="skip silence (default on)")
    t.add_argument("--word-timestamps", action=argparse.BooleanOptionalAction, default=True)
    t.add_argument("--initial-prompt", default=None, help="text that sets vocabulary and style")
    t.add_argument("--hotwords", default=None, help="words to favour, such as names")
    t.add_argument("--speakers", type=_speakers, default=None, metavar="auto|N|MIN-MAX|channels",
                   help="label who speaks: found automatically, exactly N, between MIN and MAX, or one per channel "
                        "of a multichannel recording (default: no speakers)")
    t.add_argument("--speaker-labels", action=argparse.BooleanOptionalAction, default=True,
                   help="say who speaks in subtitles where speakers are known: \"Name: \" before SRT cues and text "
                        "lines, WebVTT voices, the ASS actor (default on; JSON and RTTM always keep the speakers)")
    t.add_argument("--max-line-width", type=_whole(2), default=DEFAULT_WRAP.max_chars_per_line,
                   help="subtitle columns per line, Hangul counts 2 (default by language: 42; Korean and Chinese 32; Japanese 26)")
    t.add_argument("--max-lines", type=_whole(1), default=DEFAULT_WRAP.max_lines,
                   help="lines per subtitle cue (default 2)")
    remote = t.add_argument_group(
        "remote engine (the audio is sent to these servers instead of being transcribed here)")
    remote.add_argument("--server", action="append", metavar="URL",
                        help="an OpenAI-compatible transcription API such as http://gpu-box:8001/v1 (malsori serve, "
                             "vLLM, a router); repeat it or separate URLs with commas to use several together")
    remote.add_argument("--server-model", metavar="M", help="the model to use there (see its /v1/models)")
    remote.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the servers' API key "
                        "(default: the key kept in the keyring for the first server, if any)")
    remote.add_argument("--concurrency", type=_whole(1), default=RemoteConfig.concurrency, metavar="N",
                        help="chunks in flight at once, all servers together (default %(default)s)")
    remote.add_argument("--max-upload-mb", type=_above_zero, default=RemoteConfig.max_upload_mb, metavar="MB",
                        help="the largest chunk sent, under the servers' upload limit (default %(default)s; "
                             "vLLM accepts 25)")

    m = sub.add_parser("models", help="list models, or download one")
    m.add_argument("--download", metavar="NAME", help="download a catalog model (needs a network)")
    from .model_import_cli import add_parser as add_model_import

    add_model_import(m)

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
    s.add_argument("--max-tokens", type=_whole(1), default=LlmConfig.max_tokens, help="longest answer, in tokens")
    s.add_argument("--temperature", type=float, default=LlmConfig.temperature)
    s.add_argument("--timeout", type=_above_zero, default=LlmConfig.first_token_timeout,
                   help="seconds to wait for the answer to start (and at most between its pieces)")
    _add_serve(sub)
    from .dataset_cli import add_parser as add_dataset

    add_dataset(sub)
    from .eval_cli import add_parser as add_eval

    add_eval(sub)
    return parser


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from .server.config import DEFAULT_PORT, ServerConfig, web_origin

    def port(value: str) -> int:
        number = _whole(1)(value)
        if number > 65535:
            raise argparse.ArgumentTypeError(f"must be at most 65535, not {number}")
        return number

    def origin(value: str) -> str:
        try:
            return web_origin(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    defaults = ServerConfig()
    v = sub.add_parser(
        "serve", help="serve transcription over HTTP: Malsori's API and OpenAI's /v1/audio API",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The speech-to-text API of this machine for a team: one loaded model, a bounded queue,\n"
                    "OpenAI-compatible endpoints (/v1/audio/transcriptions), Malsori's own (/transcribe).\n"
                    "Documentation at http://HOST:PORT/docs; /health for monitors.",
        epilog="examples:\n"
               "  malsori serve --model tiny.en          this machine only, no key\n"
               "  MALSORI_KEY=$(openssl rand -hex 32) malsori serve --host 0.0.0.0 --api-key-env MALSORI_KEY\n"
               "                                         the whole network; clients send 'Authorization: Bearer KEY'\n"
               "\n"
               "SIGTERM or Ctrl+C stops it: jobs get --shutdown-grace seconds, then are cancelled (503).")
    where = v.add_argument_group("where and with what")
    where.add_argument("--host", default=defaults.host,
                       help="address to listen on (default %(default)s: this machine only; any other needs --api-key-env)")
    where.add_argument("--port", type=port, default=DEFAULT_PORT, help="default %(default)s")
    where.add_argument("--model", default=DEFAULT_MODEL,
                       help="catalog name or model folder (default %(default)s); requests may name other catalog "
                            "models this machine has, never a folder")
    where.add_argument("--device", choices=DEVICES, default="auto", help="default %(default)s")
    where.add_argument("--cpu-threads", type=_whole(0), default=defaults.cpu_threads, metavar="N",
                       help="threads the model may use on the CPU (default %(default)s: CTranslate2's choice); "
                            "1 each lets several servers share a machine's cores")
    access = v.add_argument_group("who may call it")
    access.add_argument("--api-key-env", metavar="VAR",
                        help="environment variable holding the API key every request but /health and /docs must "
                             "send as 'Authorization: Bearer KEY' (the key itself never goes on the command line)")
    access.add_argument("--cors-origin", action="append", type=origin, metavar="ORIGIN",
                        help="a web page origin such as https://app.example.com allowed to call the API from a "
                             "browser (repeatable; default: none, CORS off)")
    limits = v.add_argument_group("limits")
    limits.add_argument("--max-upload-mb", type=_whole(1), default=defaults.max_upload_bytes // (1024 * 1024),
                        metavar="MB", help="largest upload accepted (413 beyond it; default %(default)s)")
    limits.add_argument("--max-minutes", type=_whole(0), default=int(defaults.max_duration_s // 60), metavar="MIN",
                        help="longest audio accepted (413 beyond it; 0: no limit; default %(default)s)")
    limits.add_argument("--max-queue", type=_whole(0), default=defaults.max_queue, metavar="N",
                        help="jobs that may wait while one runs; more get 503 with Retry-After (default %(default)s)")
    limits.add_argument("--shutdown-grace", type=_above_zero, default=defaults.shutdown_grace_s, metavar="S",
                        help="on SIGTERM or Ctrl+C, seconds jobs may take to finish before they are cancelled "
                             "(default %(default)g)")
    llm = v.add_argument_group("the LLM server /transcribe-and-process sends text to (vLLM or any OpenAI-compatible)")
    llm.add_argument("--llm-server", metavar="URL", help="its address, such as http://gpu-box:8000/v1")
    llm.add_argument("--llm-model", metavar="M", help="the model it serves (see its /v1/models)")
    llm.add_argument("--llm-api-key-env", metavar="VAR", help="environment variable holding its API key")
    llm.add_argument("--llm-timeout", type=_above_zero, default=LlmConfig.first_token_timeout, metavar="S",
                     help="seconds to wait for its answer to start (default %(default)g)")
    llm.add_argument("--llm-max-tokens", type=_whole(1), default=LlmConfig.max_tokens, metavar="N",
                     help="longest answer, in tokens (default %(default)s)")
    v.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info",
                   help="default %(default)s")


COMMANDS = ("transcribe", "models", "summarize", "serve", "dataset", "eval")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        return open_window(argv)  # `malsori` or `malsori FILE...` (a file manager's "open with")
    logging.basicConfig(level=logging.WARNING, format="malsori: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "transcribe":
            return transcribe(args, parser)
        if args.command == "summarize":
            return summarize(args)
        if args.command == "serve":
            from .server.serve import main as serve

            return serve(args)
        if args.command == "dataset":
            from .dataset_cli import run as dataset

            return dataset(args)
        if args.command == "eval":
            from .eval_cli import run as evaluate

            return evaluate(args, parser)
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
    if getattr(args, "models_command", None) == "import":
        from .model_import_cli import run as import_model

        return import_model(args)
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
    try:
        state = store.state(name)
    except ModelError as exc:
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if state is State.BUNDLED:
        print(f"{name} is bundled with Malsori and works offline: there is nothing to download.", file=sys.stderr)
        return EXIT_OK
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


def transcribe_options(args: argparse.Namespace) -> TranscribeOptions:
    """The engine options a ``transcribe`` command line asks for."""
    return TranscribeOptions(
        language=args.language,
        task=args.task,
        vad_filter=args.vad,
        word_timestamps=args.word_timestamps,
        beam_size=args.beam_size,
        patience=args.patience,
        batch_size=args.batch_size,
        initial_prompt=args.initial_prompt,
        hotwords=args.hotwords,
        speakers=args.speakers,
    )


def wrap_options(args: argparse.Namespace) -> WrapOptions:
    """The subtitle wrapping a ``transcribe`` command line asks for (by default the
    window's and the editor's: subtitles.DEFAULT_WRAP)."""
    return WrapOptions(max_chars_per_line=args.max_line_width, max_lines=args.max_lines)


class _Interrupt:
    """Ctrl+C while transcribing, as an event instead of KeyboardInterrupt.

    A KeyboardInterrupt would unwind the main thread while the model thread is
    inside CTranslate2, and the interpreter's exit would then kill it mid-call
    (SIGSEGV or SIGABRT). Instead the first Ctrl+C sets the event the
    transcription watches: it returns what it has within a tenth of a second,
    the files are written, and the model thread is waited for. A second Ctrl+C
    quits at once, without running the interpreter's shutdown.
    """

    def __init__(self) -> None:
        self.event = threading.Event()
        self._previous: object = None

    def __enter__(self) -> threading.Event:
        in_main = threading.current_thread() is threading.main_thread()
        if in_main and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self.event

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        # os.write: a signal handler must not print through a buffer the main
        # thread may be in the middle of writing.
        if self.event.is_set():
            os.write(2, b"\nmalsori: interrupted again: quitting at once\n")
            os._exit(EXIT_INTERRUPTED)
        self.event.set()
        os.write(2, b"\nmalsori: interrupted: stopping (Ctrl+C again quits at once)\n")


def transcribe(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.stdout and len(args.format) > 1:
        parser.error(f"--stdout prints one format, not {len(args.format)} ({','.join(args.format)}): "
                     "choose one, or write files instead")
    if args.stdout and args.output_dir is not None:
        parser.error("--stdout writes no files: leave out --output-dir, or --stdout")
    if not args.server and (args.server_model or args.api_key_env):
        parser.error("--server-model and --api-key-env are for a remote engine: give its address with --server")
    if "rttm" in args.format and args.speakers is None:
        parser.error("--format rttm says who speaks when: ask for speakers too, for example --speakers auto")
    try:
        options, wrap = transcribe_options(args), wrap_options(args)
    except (ValueError, SubtitleError) as exc:
        parser.error(str(exc))
    sources = [Path(name) for name in args.files]
    if args.stdout:
        planned = [Planned(source, {}) for source in sources]
    else:
        try:
            planned = output_plan.plan(sources, args.format, args.output_dir, args.overwrite)
            output_plan.check_folders(planned)
        except OutputsExist as exc:
            them = "it" if len(exc.paths) == 1 else "them"
            print(f"malsori: {exc} Nothing was transcribed: move {them} away, choose another --output-dir, "
                  f"or add --overwrite to replace {them}.", file=sys.stderr)
            return EXIT_FAILED
        except OutputError as exc:
            print(f"malsori: {exc}", file=sys.stderr)
            return EXIT_FAILED
    notice = lambda m: print(f"malsori: {m}", file=sys.stderr)  # noqa: E731
    try:
        transcriber = _remote(args, parser, notice) if args.server else Transcriber(args.model, device=args.device,
                                                                                     notice=notice)
    except RemoteError as exc:
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    with _Interrupt() as stop:
        try:
            transcriber.load()
        except ModelError as exc:
            print(f"malsori: {exc}", file=sys.stderr)
            return EXIT_FAILED
        failures = 0
        taken = [target for item in planned for target in item.files.values()]
        for item in planned:
            if stop.is_set():
                break
            failures += not _transcribe_one(transcriber, item, options, args, wrap, stop, taken)
        if stop.is_set() and not transcriber.wait_idle(0):
            print("malsori: waiting for the model to stop…", file=sys.stderr)
        transcriber.wait_idle()
    if stop.is_set():
        return EXIT_INTERRUPTED
    return EXIT_FAILED if failures else EXIT_OK


def _remote(args: argparse.Namespace, parser: argparse.ArgumentParser,
            notice: Callable[[str], None]) -> RemoteTranscriber:
    """The remote engine a ``transcribe --server`` command line asks for. Raises RemoteError."""
    if not args.server_model:
        parser.error("--server needs --server-model: the name of the model on that server (see its /v1/models)")
    local_only = [flag for flag, given in (("--model", args.model != DEFAULT_MODEL), ("--device", args.device != "auto"),
                                           ("--batch-size", args.batch_size != 0)) if given]
    if local_only:
        parser.error(f"{', '.join(local_only)} choose{'s' if len(local_only) == 1 else ''} how this computer "
                     "transcribes; with --server the server decides (use --server-model for its model)")
    config = RemoteConfig(tuple(url for value in args.server for url in value.split(",")), args.server_model,
                          concurrency=args.concurrency, max_upload_mb=args.max_upload_mb, hints=REMOTE_CLI_HINTS)
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise RemoteError(f"the environment variable {args.api_key_env} is not set")
    else:
        key = api_keys.get(config.servers[0])
    config = dataclasses.replace(config, api_key=key)
    print(f"malsori: sending the audio to {', '.join(config.hosts())} (remote engine, model {config.model})",
          file=sys.stderr)
    return RemoteTranscriber(config, notice=notice)


def _transcribe_one(
    transcriber: Transcriber | RemoteTranscriber,
    item: Planned,
    options: TranscribeOptions,
    args: argparse.Namespace,
    wrap: WrapOptions,
    stop: threading.Event,
    taken: Sequence[Path],
) -> bool:
    """Transcribe one source and write its planned files; False if it failed.
    Interrupted (``stop`` set), what was transcribed goes to the partial files."""
    path = item.source
    bar = ProgressLine(sys.stderr, path.name)
    try:
        result = transcriber.transcribe(path, options, on_progress=lambda p: bar.update(p.fraction, p), cancel=stop)
    except (audio.AudioError, ModelError) as exc:
        bar.finish()
        print(f"malsori: {path}: {exc}", file=sys.stderr)
        return False
    finally:
        bar.finish()
    if stop.is_set():
        return _keep_partial(item, result, args, wrap, taken)
    spoken = any(segment.text.strip() for segment in result.segments)
    if args.stdout:
        sys.stdout.write(subtitles.render(result, args.format[0], wrap, speaker_labels=args.speaker_labels))
        sys.stdout.flush()
    elif not _write(result, item.files, wrap, path.name, "wrote", args.speaker_labels):
        return False
    if not spoken:
        written = "" if args.stdout else "; the files written hold no text"
        print(f"malsori: {path}: no speech found{written}", file=sys.stderr)
    language = f"{result.language} ({result.language_probability:.0%})" if result.language_probability else result.language
    count = len(result.segments)
    print(f"{path.name}: {count} segment{'' if count == 1 else 's'}, language {language}, {result.duration:.1f} s of audio",
          file=sys.stderr)
    return True


def _write(result: Transcript, files: Mapping[str, Path], wrap: WrapOptions, label: str, verb: str,
           speaker_labels: bool) -> bool:
    for fmt, target in files.items():
        try:
            subtitles.export(result, target, fmt, wrap, speaker_labels=speaker_labels)
        except SubtitleError as exc:
            print(f"malsori: {label}: {exc}", file=sys.stderr)
            return False
        print(f"{label}: {verb} {target}", file=sys.stderr)
    return True


def _keep_partial(item: Planned, result: Transcript, args: argparse.Namespace, wrap: WrapOptions,
                  taken: Sequence[Path]) -> bool:
    """An interrupted source: its text so far goes to ``<name>.partial<suffix>``
    files, never under the finished name (and not to standard output)."""
    name = item.source.name
    if not any(segment.text.strip() for segment in result.segments):
        print(f"malsori: {name}: interrupted before any speech was transcribed; nothing written for it",
              file=sys.stderr)
        return True
    reached = format_duration(max(segment.end for segment in result.segments))
    if args.stdout:
        print(f"malsori: {name}: interrupted at {reached}; nothing printed for it", file=sys.stderr)
        return True
    return _write(result, item.partial_files(taken), wrap, name, f"interrupted at {reached}: wrote the part so far to",
                  args.speaker_labels)


def _transcript_lines(path: Path) -> tuple[list[str], str | None, bool]:
    """The segments' texts (a .txt file: its lines), the transcript's language if it says,
    and whether the lines start with speaker names."""
    if path.suffix.lower() == ".txt":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SubtitleError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        return subtitles.decode_text(data, path.name).splitlines(), None, False
    transcript = subtitles.load(path)
    return subtitles.dialogue_lines(transcript), transcript.language, bool(transcript.speakers)


def summarize(args: argparse.Namespace) -> int:
    def fail(message: str) -> int:
        print(f"malsori: {message}", file=sys.stderr)
        return EXIT_FAILED

    try:
        lines, language, speakers = _transcript_lines(args.file)
        server = normalize_base_url(args.server)
    except (SubtitleError, LlmError) as exc:
        return fail(str(exc))
    language = args.language or language
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            return fail(f"the environment variable {args.api_key_env} is not set")
    else:
        key = api_keys.get(server)
    if args.prompt is not None:
        action, template = prompts.CUSTOM, args.prompt
    else:
        action = args.template.replace("-", "_")
        template = prompts.default_template(action, language)
    try:
        task = prompts.task_for(action, template, language, args.target, speakers)
        config = LlmConfig(server, args.model, api_key=key, first_token_timeout=args.timeout,
                           read_timeout=args.timeout, temperature=args.temperature, max_tokens=args.max_tokens,
                           hints=CLI_HINTS)
    except ValueError as exc:
        return fail(str(exc))
    client = LlmClient(config)
    shown = {"answer": False}

    def on_step(step: summarizer.Step) -> None:
        if step.total > 1:
            what = f"part {step.part} of {step.parts}" if step.phase == "part" else "combining the parts"
            print(f"malsori: request {step.index} of {step.total}: {what}", file=sys.stderr, flush=True)

    def on_answer(text: str) -> None:
        shown["answer"] = True
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        reply = summarizer.answer(client, lines, task, on_answer, on_step)
    except LlmError as exc:
        if shown["answer"]:
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
