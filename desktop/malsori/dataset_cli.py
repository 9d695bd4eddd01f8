"""``malsori dataset PROJECT... --out DIR``: corrected projects as fine-tuning data (core.dataset).

A thin front end: the options become :func:`malsori.core.dataset.export_dataset` arguments, its
summary is printed (hours and clips per split, what was skipped and why). Exit status as for the
other commands: 0 written, 1 nothing could be written (the message says why), 2 a bad option.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Callable, TextIO

from .cli import EXIT_FAILED, EXIT_OK, ProgressLine
from .core.dataset import MAX_CLIP_S, DatasetError, DatasetSummary, export_dataset


def _number(check: Callable[[float], bool], rule: str) -> Callable[[str], float]:
    """An argparse type: a finite number that passes ``check``."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
        if not math.isfinite(number) or not check(number):
            raise argparse.ArgumentTypeError(f"must be {rule}, not {value}")
        return number

    return parse


def add_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser(
        "dataset", help="turn corrected projects into training data (Hugging Face audiofolder, train/test)",
        description="Cut the media of Malsori projects into 16 kHz clips of at most 30 s at segment boundaries, "
                    "with their corrected text, as a Hugging Face audiofolder dataset: OUT/train and OUT/test, "
                    "each with metadata.csv (file_name,transcription), and OUT/summary.json.")
    d.add_argument("projects", nargs="+", type=Path, metavar="PROJECT", help=".malsori project files")
    d.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="an empty folder, or one a previous `malsori dataset` wrote (it is replaced)")
    d.add_argument("--reviewed-only", action="store_true", help="only segments marked reviewed")
    d.add_argument("--max-clip", type=_number(lambda x: 0 < x <= MAX_CLIP_S, f"above 0 and at most {MAX_CLIP_S:g}"),
                   default=MAX_CLIP_S, metavar="S", help="longest clip in seconds (default %(default)g)")
    d.add_argument("--test-share", type=_number(lambda x: 0 <= x < 1, "at least 0 and below 1"), default=0.2,
                   metavar="F", help="share of clips in the test split (default %(default)g)")
    d.add_argument("--spell-numbers", action="store_true",
                   help="write numbers out as spoken in the transcript's language (100 -> one hundred, 백)")


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Export, then print the summary to ``out`` and what was left out to ``err``."""
    bar = ProgressLine(err, "dataset")
    try:
        summary = export_dataset(args.projects, args.out, reviewed_only=args.reviewed_only,
                                 max_clip_s=args.max_clip, test_share=args.test_share,
                                 spell_numbers=args.spell_numbers, progress=bar.update)
    except DatasetError as exc:
        bar.finish()
        print(f"malsori: {exc}", file=err)
        return EXIT_FAILED
    bar.finish()
    print_summary(summary, out, err)
    return EXIT_OK


def _clips(count: int) -> str:
    return f"{count} clip{'' if count == 1 else 's'}"


def print_summary(summary: DatasetSummary, out: TextIO, err: TextIO) -> None:
    print(f"wrote {_clips(summary.clips)}, {summary.hours:.2f} hours ({summary.seconds:.1f} s), to {summary.folder}",
          file=out)
    for name, split in summary.splits.items():
        print(f"  {name:<5} {_clips(split.clips):>12}  {split.seconds / 3600:6.2f} hours  ({split.seconds:.1f} s)",
              file=out)
    for item in summary.skipped:
        print(f"malsori: skipped {item.describe()}", file=err)
    for note in summary.notes:
        print(f"malsori: {note}", file=err)
