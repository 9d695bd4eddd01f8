"""The memory bench's long recording: hours of silence with short bursts of speech.

Peak memory of a long file is set by its length (decoded samples, VAD over all of
them, the waveform), not by how much of it is speech, so a 3-hour file that is
mostly digital silence measures the same growth as a 3-hour lecture while VAD
skips the silence and the bench transcribes under two minutes of speech. The
bursts are the bench's espeak-ng paragraphs, one every :data:`SPACING_S`. FLAC
compresses the silence to almost nothing: the cached file is a few megabytes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from malsori.core import audio

from tests.speech import speak

from .speech import PARAGRAPHS

#: Seconds from the start of one burst of speech to the next.
SPACING_S = 1800.0

#: Silence before the first burst, which then lies across the end of the
#: transcriber's first 5-minute window (long_audio.WINDOW_S).
LEAD_S = 290.0


def make_long_file(folder: Path, hours: float = 3.0) -> Path:
    """A FLAC file in ``folder`` with a burst of speech every :data:`SPACING_S`, reused when there."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"long-{hours:g}h-every-{SPACING_S:g}s.flac"
    if target.is_file():
        return target
    total = hours * 3600
    bursts = int((total - LEAD_S) // SPACING_S)
    parts = [_silence(folder / "long-lead.wav", LEAD_S)]
    for i in range(bursts):
        spoken = speak(PARAGRAPHS[i % len(PARAGRAPHS)], folder / f"long-spoken{i}.wav")
        burst = folder / f"long-burst{i}.wav"  # at the silence's rate: sox joins only equal rates
        subprocess.run(["sox", str(spoken), "-r", str(audio.SAMPLE_RATE), "-c", "1", str(burst)], check=True)
        spoken.unlink()
        # The last burst's silence ends the file at exactly ``hours``.
        end = LEAD_S + (i + 1) * SPACING_S if i < bursts - 1 else total
        rest = end - (LEAD_S + i * SPACING_S) - audio.probe_duration(burst)
        parts += [burst, _silence(folder / f"long-gap{i}.wav", rest)]
    partial = target.with_suffix(".part.flac")
    subprocess.run(["sox", *map(str, parts), "-r", str(audio.SAMPLE_RATE), "-c", "1", str(partial)], check=True)
    partial.rename(target)
    for part in parts:
        part.unlink()
    return target


def _silence(path: Path, seconds: float) -> Path:
    subprocess.run(["sox", "-n", "-r", str(audio.SAMPLE_RATE), "-c", "1", str(path), "trim", "0", f"{seconds:.3f}"],
                   check=True)
    return path
