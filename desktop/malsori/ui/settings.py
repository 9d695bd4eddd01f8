"""Persistent settings: QSettings in an INI file under the user config folder.

An INI file (rather than the registry or a plist) behaves the same on every
platform, can be read by a person, and moves with MALSORI_HOME, which keeps
tests out of the real profile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSettings

from ..core import paths
from ..core.engine import TranscribeOptions
from ..core.models import DEFAULT_MODEL

T = TypeVar("T")

RECENT_LIMIT = 10
ENGINES = ("local", "remote")
#: Chunks in flight at once, all remote servers together (RemoteConfig's default).
DEFAULT_CONCURRENCY = 4
CONCURRENCY_RANGE = (1, 32)


class Settings:
    """Typed access to the settings file; every read falls back to a default."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.config_dir() / "malsori.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str, default: T) -> T:
        """The stored value converted to the type of ``default`` (INI files store text)."""
        raw = self.qsettings.value(key, default)
        if raw is None:
            return default
        try:
            if isinstance(default, bool):
                return (raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes"))  # type: ignore[return-value]
            if isinstance(default, (int, float, str)):
                return type(default)(raw)  # type: ignore[return-value]
            if isinstance(default, list):
                return ([] if raw in ("", None) else [str(v) for v in (raw if isinstance(raw, list) else [raw])])  # type: ignore[return-value]
        except (TypeError, ValueError):
            return default
        return raw  # type: ignore[no-any-return]

    def set(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    # --- transcription choices ----------------------------------------------------

    def model_name(self) -> str:
        return self.get("model/name", DEFAULT_MODEL)

    def device(self) -> str:
        return self.get("transcribe/device", "auto")

    def transcribe_options(self) -> TranscribeOptions:
        defaults = TranscribeOptions()
        language = self.get("transcribe/language", "auto")
        try:
            return TranscribeOptions(
                language=None if language == "auto" else language,
                task=self.get("transcribe/task", defaults.task),
                vad_filter=self.get("transcribe/vad", defaults.vad_filter),
                word_timestamps=self.get("transcribe/word_timestamps", defaults.word_timestamps),
                beam_size=self.get("transcribe/beam_size", defaults.beam_size),
                patience=self.get("transcribe/patience", defaults.patience),
                initial_prompt=self.get("transcribe/initial_prompt", "") or None,
                hotwords=self.get("transcribe/hotwords", "") or None,
                speakers=self.get("transcribe/speakers", "") or None,
            )
        except ValueError:  # a hand-edited file with an impossible value
            return defaults

    def set_transcription(self, model: str, device: str, options: TranscribeOptions) -> None:
        self.set("model/name", model)
        self.set("transcribe/device", device)
        self.set("transcribe/language", options.language or "auto")
        self.set("transcribe/task", options.task)
        self.set("transcribe/vad", options.vad_filter)
        self.set("transcribe/word_timestamps", options.word_timestamps)
        self.set("transcribe/beam_size", options.beam_size)
        self.set("transcribe/patience", options.patience)
        self.set("transcribe/initial_prompt", options.initial_prompt or "")
        self.set("transcribe/hotwords", options.hotwords or "")
        self.set("transcribe/speakers", options.speakers or "")

    # --- the engine: this computer or remote servers ----------------------------------
    # The API key is not here: it lives in the keyring (core.api_keys), keyed by server.

    def engine(self) -> str:
        """"local" (faster-whisper here) or "remote" (audio is sent to the servers)."""
        value = self.get("engine/kind", "local")
        return value if value in ENGINES else "local"

    def remote_servers(self) -> str:
        """The server addresses as the person typed them (comma-separated)."""
        return self.get("engine/remote_servers", "")

    def remote_model(self) -> str:
        return self.get("engine/remote_model", "")

    def remote_concurrency(self) -> int:
        low, high = CONCURRENCY_RANGE
        return min(high, max(low, self.get("engine/remote_concurrency", DEFAULT_CONCURRENCY)))

    def set_engine(self, kind: str, servers: str, model: str, concurrency: int) -> None:
        self.set("engine/kind", kind if kind in ENGINES else "local")
        self.set("engine/remote_servers", servers)
        self.set("engine/remote_model", model)
        self.set("engine/remote_concurrency", concurrency)

    # --- recent files ---------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self.get("recent/files", [])

    def add_recent_file(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.set("recent/files", recent[:RECENT_LIMIT])

    # --- interface language -----------------------------------------------------------

    def ui_language(self) -> str:
        """"system", "en" or "ko"."""
        return self.get("ui/language", "system")
