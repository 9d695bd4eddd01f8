"""One colour per speaker, the same in the table, its lists and on the waveform, every time.

The colour follows the speaker's id, not its place in the list or its name, so
renaming, merging away another speaker or reopening the project never repaints
the people who stay. Ids the diarizer makes ("S1", "S2"…) take the palette in
order, so the first speakers differ as much as the palette allows; any other id
takes a slot by a checksum that does not change between runs (``hash()`` does).
"""

from __future__ import annotations

import re
import zlib

from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QComboBox

from ..core.transcript import Speaker

#: Mid-tone hues that read on a white and on a near-black base, and that stay apart
#: from the playhead's red and the warning amber of the waveform and the table.
PALETTE: tuple[QColor, ...] = tuple(QColor(c) for c in (
    "#4e79a7", "#59a14f", "#b07aa1", "#76b7b2", "#f28e2b", "#ff9da7", "#9c755f", "#8cd17d",
))

_NUMBERED = re.compile(r"S(\d+)")


def speaker_colour(speaker_id: str) -> QColor:
    """The colour of the speaker with this id."""
    numbered = _NUMBERED.fullmatch(speaker_id)
    slot = int(numbered.group(1)) - 1 if numbered and int(numbered.group(1)) > 0 else zlib.crc32(speaker_id.encode())
    return QColor(PALETTE[slot % len(PALETTE)])


def fill_speaker_combo(combo: QComboBox, speakers: tuple[Speaker, ...]) -> None:
    """The speakers as combo items (their colour, their name, their id as data)."""
    size = combo.iconSize()
    for speaker in speakers:
        swatch = QPixmap(size)
        swatch.fill(speaker_colour(speaker.id))
        combo.addItem(swatch, speaker.name, speaker.id)
