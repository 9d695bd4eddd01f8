"""``malsori models import FOLDER``: a fine-tuned Transformers Whisper checkpoint becomes a model in the list.

A thin front end on core.model_import: the conversion's stages go to standard
error as they begin, with the time so far (the converter itself reports
nothing, and a large model takes minutes); the new model's name is what
``--model`` takes afterwards.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .cli import EXIT_FAILED, EXIT_OK
from .core.model_import import QUANTIZATIONS, Stage, convert_checkpoint
from .core.models import ModelError

_STAGE_TEXT = {
    Stage.LOADING: "loading the checkpoint with transformers and torch",
    Stage.CONVERTING: "converting it to CTranslate2 ({quantization})",
    Stage.COPYING: "copying the tokenizer and feature-extractor files",
}


def add_parser(models_parser: argparse.ArgumentParser) -> None:
    """``import`` under ``malsori models``, which keeps listing models when it is not given."""
    sub = models_parser.add_subparsers(dest="models_command", metavar="import")
    p = sub.add_parser(
        "import", help="convert a fine-tuned Transformers Whisper checkpoint into a model (needs the convert extra)",
        description="Convert a Hugging Face Transformers Whisper checkpoint (what fine-tuning writes: config.json, "
                    "model.safetensors or pytorch_model.bin, tokenizer.json, preprocessor_config.json) to "
                    'CTranslate2 with its own converter. Needs the convert extra: pip install "malsori[convert]".',
    )
    p.add_argument("folder", type=Path, metavar="FOLDER", help="the checkpoint folder")
    p.add_argument("--name", help="the model's name in the list and for --model (default: the folder's name)")
    p.add_argument("--quantization", choices=QUANTIZATIONS, default="int8",
                   help="int8: a quarter of the size, fast on a CPU (default); float16: half the size, for a GPU")


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()

    def stage(step: Stage) -> None:
        number = list(Stage).index(step) + 1
        text = _STAGE_TEXT[step].format(quantization=args.quantization)
        elapsed = time.monotonic() - started
        print(f"malsori: [{number}/{len(Stage)}] {text}… ({elapsed:.0f} s)", file=sys.stderr, flush=True)

    try:
        path = convert_checkpoint(args.folder, name=args.name, quantization=args.quantization, progress=stage)
    except ModelError as exc:
        print(f"malsori: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{path.name}: imported in {time.monotonic() - started:.0f} s into {path}; "
          f"transcribe with it: malsori transcribe --model {path.name} FILE", file=sys.stderr)
    return EXIT_OK
