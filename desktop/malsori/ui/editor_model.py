"""The editor's table: one row per segment, with editable times and text.

Edits typed into the table become undoable commands on the TranscriptDocument;
the model only reads the document's current transcript, so the table can never
show something other than what undo would restore.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ..core import quality
from ..core.reference_diff import Mark
from ..core.review import UNCERTAIN_BELOW, uncertain_words
from ..core.speakers import assign
from ..core.timecode import format_timestamp, parse_timestamp
from ..core.transcript import Segment, Transcript, TranscriptError, edit_text, set_times, word_offsets
from .document import TranscriptDocument
from .speaker_colours import speaker_colour
from .table_model import ListTableModel

SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 1
RICH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
WARNING_TINT = QColor(230, 150, 30, 60)  # amber, readable on light and dark palettes
REVIEWED_TINT = QColor(60, 170, 90, 45)
PLAYING_TINT = QColor(70, 130, 230, 70)  # blue: not the selection's colour, not a warning's
PLAYING_MARK = "▶ "
#: More changed rows than this in one edit: check the whole transcript again at once.
INCREMENTAL_LIMIT = 200
UNCERTAIN_MARK = "rgba(240, 170, 0, 110)"
#: Compare with reference: red is what the reference does not say, green what it says instead.
NOT_IN_REFERENCE = "rgba(220, 50, 50, 90)"
REFERENCE_SAYS = "#1a7f37"


class Column(enum.IntEnum):
    INDEX = 0
    START = 1
    END = 2
    DURATION = 3
    CPS = 4
    SPEAKER = 5  # hidden by the window while the transcript has no speakers
    TEXT = 6


def needs_review(segment: Segment, threshold: float = UNCERTAIN_BELOW) -> bool:
    return not segment.reviewed and bool(uncertain_words(segment, threshold))


def rich_text(segment: Segment, threshold: float = UNCERTAIN_BELOW) -> str:
    """The segment's text as HTML with its uncertain words marked."""
    offsets = word_offsets(segment)
    if offsets is None or not uncertain_words(segment, threshold):
        return html.escape(segment.text)
    text, parts, position = segment.text, [], 0
    for word, start in zip(segment.words, offsets):
        end = start + len(word.text.lstrip())
        marked = html.escape(text[start:end])
        if word.probability < threshold:
            marked = f'<span style="background-color:{UNCERTAIN_MARK}">{marked}</span>'
        parts.append(html.escape(text[position:start]) + marked)
        position = end
    return "".join(parts) + html.escape(text[position:])


def diff_html(marks: tuple[Mark, ...]) -> str:
    """A segment's words against the reference, as HTML: a word the reference does not have is
    struck through on red; one it has otherwise is struck through and followed by the reference's
    word in green; reference words missing here are shown in green, underlined."""
    parts = []
    for mark in marks:
        text = html.escape(mark.text)
        struck = f'<s style="background-color:{NOT_IN_REFERENCE}">{text}</s>'
        if mark.kind == "equal":
            parts.append(text)
        elif mark.kind == "insert":
            parts.append(struck)
        elif mark.kind == "substitute":
            parts.append(f'{struck}&nbsp;<b style="color:{REFERENCE_SAYS}">{html.escape(mark.reference)}</b>')
        else:
            parts.append(f'<u style="color:{REFERENCE_SAYS}">{text}</u>')
    return " ".join(parts)


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, RICH_TEXT_ROLE, SEGMENT_ROLE,
                    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole,
                    Qt.ItemDataRole.DecorationRole})


def speaker_tooltip(transcript: Transcript, segment: Segment) -> str | None:
    """Why a segment's speaker has its name: recognized as a known voice (and how
    alike), or saved as one; None for a speaker nobody has named from a voice."""
    speaker = transcript.speaker(segment.speaker)
    if speaker is None or speaker.voice is None:
        return None
    if speaker.similarity is None:
        return QCoreApplication.translate("Editor", "Saved as the known voice %1").replace("%1", speaker.name)
    return (QCoreApplication.translate("Editor", "Recognized as %1 (similarity %2)")
            .replace("%1", speaker.name).replace("%2", f"{speaker.similarity:.2f}"))


class SegmentEditModel(ListTableModel):
    """The document's segments as an editable table with quality warnings."""

    columns = Column

    #: a typed value was refused: the message says why
    edit_refused = Signal(str)

    def __init__(self, document: TranscriptDocument, parent: Any = None):
        super().__init__(parent)
        self.document = document
        self.limits = quality.limits_for(document.transcript.language)
        self.warnings: dict[int, list[quality.Warning]] = {}
        self._shown = document.transcript
        self._review_left = 0
        self._starts: list[float] | None = None  # segment starts, for finding the playing row
        self.playing_row: int | None = None
        #: Compare with reference: the segments the marks were made for, and each one's marks
        self._reference: tuple[tuple[Segment, ...], tuple[tuple[Mark, ...], ...]] | None = None
        #: the last edit's run of rows: the segments before it, where the run starts, the
        #: segments it replaced and those it put there (None after a whole-transcript check)
        self.last_run: tuple[tuple[Segment, ...], int, tuple[Segment, ...], tuple[Segment, ...]] | None = None
        self._recheck()
        document.changed.connect(self._document_changed)

    # --- reading ------------------------------------------------------------------------

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._shown.segments

    def items(self) -> tuple[Segment, ...]:
        return self._shown.segments

    def header(self, column: Column) -> str:
        return {
            Column.INDEX: "#",
            Column.START: QCoreApplication.translate("Editor", "Start"),
            Column.END: QCoreApplication.translate("Editor", "End"),
            Column.DURATION: QCoreApplication.translate("Editor", "Duration"),
            Column.CPS: QCoreApplication.translate("Editor", "CPS"),
            Column.SPEAKER: QCoreApplication.translate("Editor", "Speaker"),
            Column.TEXT: QCoreApplication.translate("Editor", "Text"),
        }[column]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and Column(index.column()) in (Column.START, Column.END, Column.TEXT):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.isValid() and index.column() == Column.SPEAKER and self._shown.speakers:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks a dozen roles per cell on every repaint; most are none of ours
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), Column(index.column())
        seg = self._shown.segments[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, seg, column)
        if role == Qt.ItemDataRole.EditRole:
            return {Column.START: format_timestamp(seg.start), Column.END: format_timestamp(seg.end),
                    Column.SPEAKER: seg.speaker, Column.TEXT: seg.text}.get(column, self._display(row, seg, column))
        if role == Qt.ItemDataRole.DecorationRole:
            return speaker_colour(seg.speaker) if column == Column.SPEAKER and seg.speaker else None
        if role == RICH_TEXT_ROLE:
            if self._reference is not None and self._reference[0] is self._shown.segments:
                return diff_html(self._reference[1][row])
            return rich_text(seg)
        if role == SEGMENT_ROLE:
            return seg
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = [w.message for w in self.warnings.get(row, [])]
            if column == Column.SPEAKER:
                notes.insert(0, speaker_tooltip(self._shown, seg) or "")
            return "\n".join(n for n in notes if n) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row == self.playing_row and column < Column.SPEAKER:
                return PLAYING_TINT
            if self.warnings.get(row) and column in (Column.INDEX, Column.CPS, Column.DURATION):
                return WARNING_TINT
            if seg.reviewed and column == Column.INDEX:
                return REVIEWED_TINT
        if role == Qt.ItemDataRole.TextAlignmentRole and column < Column.SPEAKER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: int, seg: Segment, column: Column) -> str:
        if column == Column.INDEX:
            return (PLAYING_MARK if row == self.playing_row else "") + ("✓ " if seg.reviewed else "") + str(row + 1)
        if column == Column.START:
            return format_timestamp(seg.start)
        if column == Column.END:
            return format_timestamp(seg.end)
        if column == Column.DURATION:
            return f"{seg.duration:.2f}"
        if column == Column.CPS:
            return f"{quality.cps(seg):.1f}"
        if column == Column.SPEAKER:
            return self._shown.speaker_name(seg) or ""
        return seg.text

    # --- editing ----------------------------------------------------------------------------

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), Column(index.column())
        seg = self._shown.segments[row]
        try:
            if column == Column.TEXT:
                return self.document.apply(QCoreApplication.translate("Editor", "Edit text"),
                                           lambda t: edit_text(t, row, str(value)), [row])
            if column == Column.SPEAKER:  # the whole selection when the row is one of it, as a menu would
                rows = self.document.selection if row in self.document.selection else [row]
                return self.document.apply(QCoreApplication.translate("Editor", "Assign speaker"),
                                           lambda t: assign(t, rows, str(value)))
            seconds = parse_timestamp(str(value))
            start, end = (seconds, seg.end) if column == Column.START else (seg.start, seconds)
            if start > end:
                raise ValueError(QCoreApplication.translate("Editor", "A segment cannot end before it starts."))
            name = (QCoreApplication.translate("Editor", "Set start") if column == Column.START
                    else QCoreApplication.translate("Editor", "Set end"))
            return self.document.apply(name, lambda t: set_times(t, row, start, end))
        except (ValueError, TranscriptError) as exc:
            self.edit_refused.emit(str(exc))
            return False

    # --- following the document ----------------------------------------------------------------

    def show_reference_marks(self, marks: tuple[tuple[Mark, ...], ...] | None) -> None:
        """Show each segment's words against a reference (None: the uncertain words again).

        The marks hold for the segments shown now; after an edit they are not used until
        new ones come (the window compares again on every change)."""
        if marks is not None and len(marks) != len(self._shown.segments):
            raise ValueError("one mark list per segment")
        self._reference = None if marks is None else (self._shown.segments, marks)
        if self._shown.segments:
            self.dataChanged.emit(self.index(0, Column.TEXT), self.index(len(self._shown.segments) - 1, Column.TEXT),
                                  [RICH_TEXT_ROLE])

    def _document_changed(self, transcript: Transcript, _selection: list[int]) -> None:
        """Check again only the rows an edit changed (and the row before them, whose
        overlap and gap warnings look at the first), and tell the view only about
        those: an edit on a 3-hour transcript must not cost a pass over its 3,000
        segments. An edit changes one run of rows: the segments before it and after
        it are the very same values (edits share them)."""
        old, new = self._shown.segments, transcript.segments
        language_changed = transcript.language != self._shown.language
        speakers_changed = transcript.speakers != self._shown.speakers
        common = min(len(old), len(new))
        head = next((i for i in range(common) if old[i] is not new[i]), common)
        tail = next((k for k in range(common - head) if old[-1 - k] is not new[-1 - k]), common - head)
        gone, came = old[head:len(old) - tail], new[head:len(new) - tail]
        self.last_run = (old, head, gone, came)
        if language_changed or max(len(gone), len(came)) > INCREMENTAL_LIMIT:
            self.last_run = None
            self._shown = transcript
            self._starts = None
            self._recheck()
            self.beginResetModel()
            self.endResetModel()
            return
        shift = len(came) - len(gone)
        self._review_left += sum(map(needs_review, came)) - sum(map(needs_review, gone))
        if shift:  # the rows after the run move: their warnings go with them
            self.warnings = {(row if row < head else row + shift): [dataclasses.replace(w, index=row + shift)
                                                                   for w in found] if row >= head else found
                             for row, found in self.warnings.items() if not head <= row < len(old) - tail}
        if self.playing_row is not None and self.playing_row >= head:
            self.playing_row = self.playing_row + shift if self.playing_row >= len(old) - tail else None
        common = min(len(gone), len(came))
        if shift > 0:
            self.beginInsertRows(QModelIndex(), head + common, head + len(came) - 1)
        elif shift < 0:
            self.beginRemoveRows(QModelIndex(), head + common, head + len(gone) - 1)
        self._shown = transcript
        self._starts = None
        if shift > 0:
            self.endInsertRows()
        elif shift < 0:
            self.endRemoveRows()
        self._recheck_rows([r for r in range(head - 1, head + len(came)) if 0 <= r < len(new)])
        if common:
            self.dataChanged.emit(self.index(head, 0), self.index(head + common - 1, len(Column) - 1))
        if head:  # warnings only: its text cell (maybe being edited) stays
            self.dataChanged.emit(self.index(head - 1, 0), self.index(head - 1, Column.CPS))
        if shift and head < len(new):  # the numbers in the # column of every row after
            self.dataChanged.emit(self.index(head, Column.INDEX), self.index(len(new) - 1, Column.INDEX))
        if speakers_changed and new:  # a rename shows on every row of that speaker, changed or not
            self.dataChanged.emit(self.index(0, Column.SPEAKER), self.index(len(new) - 1, Column.SPEAKER))

    def _recheck(self) -> None:
        self.limits = quality.limits_for(self._shown.language)
        self.warnings = quality.warnings_by_segment(quality.check(self._shown, self.limits))
        self._review_left = sum(needs_review(s) for s in self._shown.segments)

    def _recheck_rows(self, rows: list[int]) -> None:
        """The warnings of ``rows`` (sorted), checked on runs of consecutive rows
        with the segment after each run, which the last row's gap warning needs."""
        segments = self._shown.segments
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        for run in runs:
            first, last = run[0], run[-1]
            for row in run:
                self.warnings.pop(row, None)
            part = dataclasses.replace(self._shown, segments=segments[first:last + 2])
            for warning in quality.check(part, self.limits):
                if warning.index <= last - first:
                    row = first + warning.index
                    self.warnings.setdefault(row, []).append(dataclasses.replace(warning, index=row))

    def review_left(self) -> int:
        """Segments with uncertain words that nobody has marked reviewed yet."""
        return self._review_left

    # --- playback -------------------------------------------------------------------------------

    def row_at(self, seconds: float) -> int | None:
        """The segment being heard at ``seconds``: the latest-starting one that covers
        it (one of the last few starting before it, where segments overlap)."""
        if self._starts is None:
            self._starts = [s.start for s in self._shown.segments]
        last = bisect.bisect_right(self._starts, seconds) - 1
        segments = self._shown.segments
        return next((r for r in range(last, max(-1, last - 3), -1) if segments[r].start <= seconds < segments[r].end),
                    None)

    def set_playing_row(self, row: int | None) -> None:
        """Mark the row being played (▶ and a tint on every cell but the speaker and the
        text, whose editors a repaint of their cells would reset while the person works)."""
        if row == self.playing_row:
            return
        previous, self.playing_row = self.playing_row, row
        for r in (previous, row):
            if r is not None and r < len(self._shown.segments):
                self.dataChanged.emit(self.index(r, 0), self.index(r, Column.CPS))
