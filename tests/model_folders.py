"""Model folders as fine-tuning and importing leave them, without torch (nothing here loads the weights)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from malsori.core.models import IMPORTED_MARKER, ModelStore

#: For tests of what happens without the convert extra (as in .venv, where transformers and torch are not).
needs_no_convert_extra = pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None and importlib.util.find_spec("torch") is not None,
    reason="the convert extra is installed here; its absence is what this test is about",
)


def checkpoint(folder: Path, tokenizer_json: Path, model_type: str = "whisper") -> Path:
    """A folder laid out as transformers' save_pretrained leaves a Whisper fine-tune (the weights
    file is not real: nothing here loads it)."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": model_type, "vocab_size": 51864}))
    (folder / "model.safetensors").write_bytes(b"\0" * 64)
    shutil.copyfile(tokenizer_json, folder / "tokenizer.json")
    (folder / "preprocessor_config.json").write_text(json.dumps({"feature_size": 80}))
    return folder


def imported_model(store: ModelStore, name: str, **meta: object) -> Path:
    """A model folder as an import leaves it: CTranslate2 files and the import marker."""
    folder = store.download_dir(name)
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"\0" * 2_000_000)
    (folder / "config.json").write_text("{}")
    (folder / IMPORTED_MARKER).write_text(json.dumps(meta))
    return folder
