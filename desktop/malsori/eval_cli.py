"""``malsori eval INPUT... --model M [--model M2 ...]``: how many errors models make on your own recordings.

A thin front end on core.evaluation: the inputs become items (core.eval_inputs), the
repeated options become systems compared side by side, the results a table on standard
output and the reports asked for (core.eval_report). Progress and skipped inputs go to
standard error. Exit status: 0 done (skipped files are reported, not fatal); 1 nothing
could be evaluated; 2 a usage error; 130 interrupted (Ctrl+C: the model stops within a
second; transcripts finished so far stay cached for the next run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence, TextIO

from .cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, ProgressLine, _above_zero, _Interrupt, _language, _whole
from .core import eval_report, metrics
from .core.engine import DEVICES, TranscribeOptions
from .core.eval_cache import TranscriptCache
from .core.eval_inputs import load_inputs
from .core.evaluation import EvalProgress, System, score, transcribe_items
from .core.models import DEFAULT_MODEL

METRICS = {"wer": ("word",), "cer": ("char",), "both": ("word", "char")}
#: Options that may be given once per system: (flag, TranscribeOptions field and argparse dest, label word).
PER_SYSTEM = (("--beam-size", "beam_size", "beam"), ("--patience", "patience", "patience"))

EPILOG = """\
systems compared side by side:
  Each --model is one system. --beam-size and --patience may be repeated too: the i-th value
  goes with the i-th --model, and a value given once applies to every system. An option given
  more than once but not as often as the systems it pairs with is a usage error. A single
  --model with several --beam-size values compares that model with each of them.

  malsori eval data.csv --model tiny.en --model base
        two models, default options
  malsori eval data.csv --model base --model base --beam-size 1 --beam-size 5
        base with beam size 1 against base with beam size 5
  malsori eval data.csv --model base --beam-size 1 --beam-size 5 --patience 2
        the same, both with patience 2

inputs:
  a manifest (.csv, .tsv or .jsonl with columns audio_path and text, optionally language;
  audio paths relative to the manifest), a folder of media with a reference beside each file
  (same name, .txt, .srt, .vtt or .json), or Malsori projects (.malsori: the corrected text is
  the reference). Bad rows, missing files and media without a reference are listed and skipped.

Transcripts are cached by the file's content, the model and the options (in the cache folder
of Malsori's profile): a second run with one more --model transcribes only for that one.
With --metric both, the reports are written twice, NAME-wer.EXT and NAME-cer.EXT."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "eval", help="measure models on your own recordings: WER/CER, speed, and how well the review marks work",
        description="Transcribe recordings whose true text is known with one or more models and option sets, "
                    "and compare: word or character error rate (substitutions, deletions, insertions), "
                    "real-time factor, and the share of errors found by checking only the words the editor "
                    "marks as uncertain.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="manifests, folders or .malsori projects")
    e.add_argument("--model", action="append", metavar="M",
                   help=f"catalog name or model folder; repeat to compare (default {DEFAULT_MODEL})")
    e.add_argument("--beam-size", action="append", type=_whole(1), metavar="N",
                   help=f"beam size, once for all systems or once per --model (default {TranscribeOptions.beam_size})")
    e.add_argument("--patience", action="append", type=_above_zero, metavar="P",
                   help=f"beam search patience, once or once per --model (default {TranscribeOptions.patience:g})")
    e.add_argument("--language", type=_language, default=None, metavar="auto|ko|en|…",
                   help="spoken language, for transcription and normalization (default: a manifest's language "
                        "column, else detected)")
    e.add_argument("--vad", action=argparse.BooleanOptionalAction, default=True, help="skip silence (default on)")
    e.add_argument("--device", choices=DEVICES, default="auto")
    e.add_argument("--metric", choices=tuple(METRICS), default=None,
                   help="word or character error rate, or both (default: by language; CER for Korean, "
                        "Japanese, Chinese, Thai, …)")
    e.add_argument("--normalize", choices=("whisper", "basic", "none"), default="whisper",
                   help="text normalization before counting: whisper (Whisper's English normalizer for English, "
                        "its basic one otherwise; the default), basic (the basic one for all), none (as written)")
    e.add_argument("--spell-numbers", action="store_true",
                   help="write numbers out as spoken first (100 -> 백 in Korean), so digits match spoken words")
    e.add_argument("--report", type=Path, metavar="OUT.html", help="write a self-contained HTML report")
    e.add_argument("--json", type=Path, metavar="OUT.json", help="write every figure as JSON")
    e.add_argument("--csv", type=Path, metavar="OUT.csv", help="write the per-file figures as CSV")
    e.add_argument("--no-cache", action="store_true", help="transcribe everything again and keep nothing")


def systems(args: argparse.Namespace, parser: argparse.ArgumentParser) -> list[System]:
    """The systems the command line asks for, by the pairing rule of the --help epilog."""
    given: dict[str, list] = {"--model": args.model or [DEFAULT_MODEL]}
    for flag, name, _word in PER_SYSTEM:
        given[flag] = getattr(args, name) or [getattr(TranscribeOptions, name)]
    count = max(len(values) for values in given.values())
    for flag, values in given.items():
        if len(values) not in (1, count):
            parser.error(f"{flag} is given {len(values)} times for {count} systems: give it once (for all) or "
                         f"{count} times (the i-th goes with the i-th system)")
    column = {flag: values * count if len(values) == 1 else values for flag, values in given.items()}
    varying = [(flag, word) for flag, _name, word in PER_SYSTEM if len(set(column[flag])) > 1]
    result: list[System] = []
    for i in range(count):
        try:
            options = TranscribeOptions(language=args.language, vad_filter=args.vad,
                                        **{name: column[flag][i] for flag, name, _w in PER_SYSTEM})
        except ValueError as exc:
            parser.error(str(exc))
        label = " ".join([column["--model"][i], *(f"{word} {column[flag][i]:g}" for flag, word in varying)])
        result.append(System(label, column["--model"][i], options))
    labels = [s.label for s in result]
    return [s._replace(label=f"{s.label} #{i + 1}") if labels.count(s.label) > 1 else s for i, s in enumerate(result)]


def report_paths(path: Path | None, unit: metrics.Unit, both: bool) -> Path | None:
    """Where one metric's report goes: the path asked for, or NAME-wer.EXT / NAME-cer.EXT with both."""
    if path is None or not both:
        return path
    return path.with_name(f"{path.stem}-{eval_report.metric_name(unit).lower()}{path.suffix}")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO = sys.stdout,
        err: TextIO = sys.stderr) -> int:
    chosen = systems(args, parser)
    for path in (args.report, args.json, args.csv):
        if path is not None and not path.parent.is_dir():
            print(f"malsori: cannot write {path}: the folder {path.parent} does not exist (nothing was done)",
                  file=err)
            return EXIT_FAILED
    items, problems = load_inputs(args.inputs)
    for problem in problems:
        print(f"malsori: skipped {problem}", file=err)
    if not items:
        print("malsori: nothing to evaluate: no input gave a recording with a reference", file=err)
        return EXIT_FAILED
    cache = None if args.no_cache else TranscriptCache()
    with _Interrupt() as stop:
        runs = transcribe_items(items, chosen, cache=cache, device=args.device, progress=_bar(err),
                                cancel=stop, notice=lambda m: print(f"malsori: {m}", file=err))
    if stop.is_set():
        kept = "" if cache is None else "; the transcripts finished so far are cached for the next run"
        print(f"malsori: interrupted{kept}", file=err)
        return EXIT_INTERRUPTED
    units = METRICS[args.metric] if args.metric else (None,)
    evaluations = [score(items, runs, unit=unit, style=args.normalize, spell_numbers=args.spell_numbers,
                         language=args.language) for unit in units]
    _print_failures(evaluations[0], err)
    print_table(evaluations, out)
    if not any(f.ok for system in evaluations[0].systems for f in system.files):
        print("malsori: no file could be evaluated", file=err)
        return EXIT_FAILED
    return _write_reports(evaluations, args, err)


def _bar(err: TextIO) -> Callable[[EvalProgress], None]:
    """The transcribe command's progress line, over all files and systems."""
    current: dict[str, ProgressLine] = {}

    def update(p: EvalProgress) -> None:
        label = f"{min(p.done + 1, p.total)}/{p.total} {p.label}: {p.name}"
        bar = current.get("bar")
        if bar is None or bar.label != label[:40]:
            if bar is not None:
                bar.finish()
            bar = current["bar"] = ProgressLine(err, label)
        bar.update(p.overall)
        if p.done == p.total:
            bar.finish()

    return update


def _print_failures(evaluation: eval_report.Evaluation, err: TextIO) -> None:
    """Each failed file, or one line for a system whose every file failed for one reason (its model)."""
    for system in evaluation.systems:
        reasons = {f.error for f in system.files}
        if len(system.files) > 1 and len(reasons) == 1 and None not in reasons:
            print(f"malsori: {system.label}: all {len(system.files)} files: {reasons.pop()}", file=err)
            continue
        for f in system.files:
            if f.error is not None:
                print(f"malsori: {system.label}: {f.audio}: {f.error}", file=err)


def print_table(evaluations: Sequence[eval_report.Evaluation], out: TextIO) -> None:
    """One row per system: each metric with its edits, the real-time factor and the review figure."""
    width = max(12, *(len(s.label) for s in evaluations[0].systems))
    head = f"{'system':<{width}}"
    for e in evaluations:
        head += f"  {e.metric:>7}  {'S':>5} {'D':>5} {'I':>5} {'of':>6}"
    head += f"  {'RTF':>6}  {'files':>5}  review: errors on marked words, words marked"
    print(head, file=out)
    for row in zip(*(e.systems for e in evaluations)):
        line = f"{row[0].label:<{width}}"
        first = row[0]
        for system in row:
            c = system.counts
            rate = f"{system.rate:.2%}" if first.good_files else "-"
            line += f"  {rate:>7}  {c.substitutions:>5} {c.deletions:>5} {c.insertions:>5} {c.reference_length:>6}"
        rtf = first.real_time_factor
        shown = f"{rtf:.3f}" if rtf is not None else "cached" if first.good_files else "-"
        line += f"  {shown:>6}  {len(first.good_files):>5}"
        review = first.review
        if review is not None:
            read = f"{review.share_read:.0%} ({review.words_flagged}/{review.words}) of words marked"
            if review.errors:
                line += f"  {review.share_found:.0%} ({review.errors_found}/{review.errors}) of errors found, {read}"
            else:
                line += f"  no errors; {read}"
        if first.failures:
            line += f"  ({first.failures} failed)"
        print(line, file=out)


def _write_reports(evaluations: Sequence[eval_report.Evaluation], args: argparse.Namespace, err: TextIO) -> int:
    writers = ((args.report, eval_report.write_html), (args.json, eval_report.write_json),
               (args.csv, eval_report.write_csv))
    status = EXIT_OK
    for evaluation in evaluations:
        for path, write in writers:
            target = report_paths(path, evaluation.unit, len(evaluations) > 1)
            if target is None:
                continue
            try:
                write(evaluation, target)
            except OSError as exc:
                print(f"malsori: cannot write {target}: {exc.strerror or exc}", file=err)
                status = EXIT_FAILED
                continue
            print(f"malsori: wrote {target}", file=err)
    return status

