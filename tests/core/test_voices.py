"""The known-voices library: one JSON file, changed atomically, matched by cosine similarity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from malsori.core import voices
from malsori.core.voices import VoiceError, VoiceLibrary


def direction(*weights: float) -> np.ndarray:
    return np.array(list(weights) + [0.0] * (8 - len(weights)))


def test_voices_are_kept_renamed_and_forgotten(tmp_path: Path) -> None:
    library = VoiceLibrary(tmp_path)
    assert library.voices() == []
    kim = library.remember(" Kim ", direction(3, 4))
    assert kim.name == "Kim" and np.isclose(np.linalg.norm(kim.embedding), 1)
    assert VoiceLibrary(tmp_path).voices() == [kim]  # on disk: another library object reads it
    again = library.remember("Kim", direction(0, 1))  # the same name again replaces the voice
    assert [v.id for v in library.voices()] == [again.id]
    lee = library.remember("Lee", direction(1))
    renamed = library.rename(lee.id, "Lee Jiwoo")
    assert [v.name for v in library.voices()] == ["Kim", "Lee Jiwoo"] and renamed.id == lee.id
    library.forget(again.id)
    assert [v.name for v in library.voices()] == ["Lee Jiwoo"]
    data = json.loads((tmp_path / voices.FILE_NAME).read_text(encoding="utf-8"))
    assert set(data["voices"][0]) == {"id", "name", "embedding", "created"}  # a name and numbers, nothing else
    with pytest.raises(VoiceError, match="no known voice"):
        library.forget("nobody")


def test_a_match_needs_the_threshold(tmp_path: Path) -> None:
    library = VoiceLibrary(tmp_path)
    assert library.match(direction(1)) is None  # nobody known
    kim = library.remember("Kim", direction(1, 0))
    library.remember("Lee", direction(0, 1))
    voice, similarity = library.match(direction(1, 0.2))
    assert voice.id == kim.id and similarity == pytest.approx(1 / np.sqrt(1.04))
    halfway = direction(1, 1)  # 0.71 to both: below the threshold, a stranger
    assert library.match(halfway) is None and library.match(halfway, threshold=0.7) is not None


def test_a_speaker_without_an_embedding_or_name_cannot_be_remembered(tmp_path: Path) -> None:
    library = VoiceLibrary(tmp_path)
    with pytest.raises(VoiceError, match="embedding"):
        library.remember("Kim", ())
    with pytest.raises(VoiceError, match="name"):
        library.remember("  ", direction(1))


def test_a_damaged_or_unwritable_library_says_so_and_keeps_its_file(tmp_path: Path) -> None:
    path = tmp_path / voices.FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(VoiceError, match="damaged"):
        VoiceLibrary(tmp_path).voices()
    with pytest.raises(VoiceError, match="damaged"):
        VoiceLibrary(tmp_path).remember("Kim", direction(1))
    assert path.read_text(encoding="utf-8") == "{not json"  # nothing overwritten
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")  # root can write anywhere, but not into a file
    with pytest.raises(VoiceError, match="Cannot save"):
        VoiceLibrary(not_a_folder).remember("Kim", direction(1))


def test_the_library_lives_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALSORI_HOME", str(tmp_path))
    VoiceLibrary().remember("Kim", direction(1))
    assert (tmp_path / "data" / voices.FILE_NAME).is_file()
