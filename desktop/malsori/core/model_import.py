"""Importing a fine-tuned Whisper model: a Hugging Face Transformers checkpoint becomes a CTranslate2 model.

Fine-tuning with Hugging Face leaves a folder with config.json (model_type
"whisper"), the weights (model.safetensors or pytorch_model.bin) and the
tokenizer and feature-extractor files. faster-whisper reads CTranslate2's format,
so the checkpoint goes through CTranslate2's own converter, which needs
transformers and torch: the optional ``convert`` extra, kept out of the app and
its installers because torch alone is over a gigabyte. The converted model goes
into the models folder under its own name, where ModelStore lists and resolves
it like a downloaded model.

The conversion writes into a hidden sibling folder that is renamed into place
only once it is whole, so a damaged checkpoint, a full disk or a crash never
leaves a half model in the list. The converter reports nothing while it works,
so progress is given as stages; the caller runs this in a worker thread.
"""

from __future__ import annotations

import enum
import errno
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import atomic
from .models import CATALOG, IMPORTED_MARKER, ModelError, ModelStore, is_model_dir

CONVERT_EXTRA = 'pip install "malsori[convert]"'
QUANTIZATIONS = ("int8", "float16")
#: What transformers' save_pretrained writes for the weights, whole or in shards.
_WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
#: faster-whisper reads these beside model.bin: the tokenizer, and the number of mel bins (80, or 128 for large-v3).
_SUPPORT_FILES = ("tokenizer.json", "preprocessor_config.json")
#: Vocabulary size of Whisper's multilingual models; the English-only ones have one token fewer.
_MULTILINGUAL_VOCAB = 51865
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_PARTIAL_PREFIX = ".importing-"
_UNSAFE_NAME_CHARACTERS = set('/\\:*?"<>|')


class ImportFailed(ModelError):
    """A checkpoint cannot be imported; the message says why and what to do."""


class ConvertExtraMissing(ImportFailed):
    """transformers or torch is not installed, so nothing can be converted here."""


class Stage(enum.Enum):
    """The steps of a conversion, in order."""

    LOADING = "loading"  # transformers and torch start, and read the checkpoint's weights
    CONVERTING = "converting"  # CTranslate2 quantizes the weights and writes model.bin
    COPYING = "copying"  # the tokenizer and feature-extractor files go beside it; the folder is put in place


StageCallback = Callable[[Stage], None]


def check_checkpoint(folder: Path) -> dict[str, Any]:
    """The checkpoint's config.json, once ``folder`` is known to hold a Transformers Whisper
    checkpoint; ImportFailed saying what is wrong with it otherwise."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportFailed(f"{folder} is not a folder.")
    if is_model_dir(folder):
        raise ImportFailed(
            f"{folder} is already a CTranslate2 model: use it as a local model folder, it needs no conversion."
        )
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(f"{folder} is not a Transformers checkpoint: it has no config.json.") from None
    except (OSError, ValueError) as exc:
        raise ImportFailed(f"The config.json in {folder} cannot be read ({exc}).") from exc
    kind = config.get("model_type") if isinstance(config, dict) else None
    if kind != "whisper":
        raise ImportFailed(f"{folder} is not a Whisper checkpoint: its config.json says model_type {kind!r}.")
    if not any((folder / name).is_file() for name in _WEIGHTS):
        raise ImportFailed(f"{folder} has no weights: neither model.safetensors nor pytorch_model.bin is there.")
    if not (folder / "tokenizer.json").is_file():
        raise ImportFailed(
            f"{folder} has no tokenizer.json, which faster-whisper needs: save the fast tokenizer into it "
            "(WhisperTokenizerFast.from_pretrained(folder).save_pretrained(folder)) and import it again."
        )
    return config


def is_transformers_checkpoint(folder: Path) -> bool:
    """True when ``folder`` holds a Transformers Whisper checkpoint that can be converted."""
    try:
        check_checkpoint(folder)
    except ImportFailed:
        return False
    return True


def check_name(store: ModelStore, name: str) -> Path:
    """The folder an imported model called ``name`` would get; ImportFailed when the name is
    taken or cannot be a folder name."""
    if not name.strip() or name != name.strip() or name.startswith(".") or set(name) & _UNSAFE_NAME_CHARACTERS:
        raise ImportFailed(
            f"{name!r} cannot be a model name: use letters, digits, '-', '_' or '.', not starting with '.'."
        )
    if any(info.name == name for info in CATALOG):
        raise ImportFailed(f"{name} is the name of a catalog model; choose another name.")
    target = store.download_dir(name)
    if target.exists():
        raise ImportFailed(f"A model named {name} already exists ({target}); choose another name.")
    return target


def suggest_name(store: ModelStore, folder: Path) -> str:
    """The checkpoint folder's own name, or with -2, -3, … after it when that is taken."""
    base = Path(folder).expanduser().resolve().name.lstrip(".") or "fine-tuned"
    for n in range(1, 1000):
        name = base if n == 1 else f"{base}-{n}"
        try:
            check_name(store, name)
        except ImportFailed:
            continue
        return name
    return base


def convert_checkpoint(
    folder: Path,
    *,
    name: str | None = None,
    quantization: str = "int8",
    progress: StageCallback | None = None,
    store: ModelStore | None = None,
) -> Path:
    """Convert a Transformers Whisper checkpoint into the models folder; return the new model's folder.

    ``name`` defaults to the checkpoint folder's name. Every check that needs no
    torch (the checkpoint, the name, the extra) is done before anything is written.
    """
    folder = Path(folder).expanduser()
    if quantization not in QUANTIZATIONS:
        raise ImportFailed(f"Unknown quantization {quantization!r}: choose {' or '.join(QUANTIZATIONS)}.")
    config = check_checkpoint(folder)
    store = store or ModelStore()
    name = folder.resolve().name if name is None else name
    target = check_name(store, name)
    check_extra()
    report = progress or (lambda _stage: None)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL_PREFIX}{name}-", dir=target.parent))
    except OSError as exc:
        raise _write_failed(exc, target.parent) from exc
    try:
        report(Stage.LOADING)
        converter = _staged_converter(folder, report)
        try:
            converter.convert(str(partial), quantization=quantization, force=True)
        except OSError as exc:
            if exc.errno in _DISK_FULL:
                raise _write_failed(exc, target.parent) from exc
            raise _damaged(folder, exc) from exc
        except Exception as exc:  # the converter and transformers raise anything on a bad checkpoint
            raise _damaged(folder, exc) from exc
        report(Stage.COPYING)
        try:
            _finish(folder, partial, config, quantization)
            if target.exists():  # another import took the name meanwhile
                raise ImportFailed(f"A model named {name} already exists ({target}); choose another name.")
            os.rename(partial, target)
        except OSError as exc:
            raise _write_failed(exc, target.parent) from exc
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone already when it was renamed into place
    return target


def check_extra() -> None:
    """ConvertExtraMissing, naming the extra and the way round it, unless transformers and torch are installed."""
    missing = [module for module in ("transformers", "torch") if importlib.util.find_spec(module) is None]
    if missing:
        raise ConvertExtraMissing(
            f"Converting a Transformers checkpoint needs the optional convert extra ({', '.join(missing)} "
            f"not installed): {CONVERT_EXTRA}. Or convert it elsewhere with CTranslate2's ct2-transformers-converter "
            "(--quantization int8 --copy_files tokenizer.json preprocessor_config.json) and use the result as a "
            "local model folder."
        )


def _staged_converter(folder: Path, report: StageCallback) -> Any:
    """CTranslate2's converter for ``folder``, reporting when the weights are loaded and converting begins."""
    try:  # CTranslate2's converters module would hide this failure and fail later with a NameError
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:  # installed but broken, or versions that do not fit together
        raise ConvertExtraMissing(f"The convert extra cannot be loaded ({exc}); reinstall it: {CONVERT_EXTRA}") from exc
    from ctranslate2.converters import TransformersConverter

    class StagedConverter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            report(Stage.CONVERTING)  # the converter loads the weights, then the tokenizer, then converts
            return tokenizer

    return StagedConverter(str(folder), low_cpu_mem_usage=True)


def _finish(folder: Path, partial: Path, config: dict[str, Any], quantization: str) -> None:
    """What faster-whisper reads beside model.bin, and the marker that makes the folder an imported model."""
    for filename in _SUPPORT_FILES:
        source = folder / filename
        if source.is_file():
            shutil.copyfile(source, partial / filename)
        elif filename == "preprocessor_config.json":  # without it faster-whisper assumes 80 mel bins
            atomic.write_text(partial / filename, json.dumps({"feature_size": int(config.get("num_mel_bins", 80))}))
    meta = {
        "source": str(folder.resolve()),
        "quantization": quantization,
        "multilingual": int(config.get("vocab_size", _MULTILINGUAL_VOCAB)) >= _MULTILINGUAL_VOCAB,
    }
    atomic.write_text(partial / IMPORTED_MARKER, json.dumps(meta))


def _damaged(folder: Path, exc: BaseException) -> ImportFailed:
    detail = (str(exc).strip().splitlines() or [""])[0][:300]
    return ImportFailed(
        f"{folder} cannot be converted: its weights or files are damaged or do not fit its config.json "
        f"({type(exc).__name__}: {detail})."
    )


def _write_failed(exc: OSError, models_dir: Path) -> ImportFailed:
    if exc.errno in _DISK_FULL:
        return ImportFailed(f"Not enough disk space in {models_dir} for the converted model; free some space and "
                            "try again.")
    return ImportFailed(f"Cannot write the converted model in {models_dir}: {exc.strerror or exc}.")
