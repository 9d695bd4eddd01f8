"""The results of ``malsori eval`` and the reports written from them: JSON, CSV and one HTML page.

The runner (:mod:`malsori.core.evaluation`) fills the plain frozen dataclasses below, one
:class:`FileResult` per system and file; every figure a report shows is computed here from
them, so the JSON for scripts, the CSV for spreadsheets and the page for people always agree.
Corpus figures are sums over the files (edits over reference length, transcription time over
audio time), never means of per-file figures.

The HTML page is self-contained (inline CSS and a few lines of script, nothing fetched), so it
can be mailed or opened offline, and every transcript's text is escaped. It is built by joining
a list of strings in one pass over the results, so a thousand files cost a thousand times one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from dataclasses import dataclass, field
from typing import Any

from . import atomic
from .metrics import Comparison, ErrorCounts, Tally, Unit
from .timecode import format_duration

FORMAT_NAME = "malsori-evaluation"
FORMAT_VERSION = 1


def metric_name(unit: Unit) -> str:
    """"WER" for words, "CER" for characters."""
    return "WER" if unit == "word" else "CER"


@dataclass(frozen=True)
class ReviewFigure(Tally):
    """Whether the review aid works: of all errors, how many sit on a word the editor marks
    (below its probability threshold), and how many words a person reads to check the marks."""

    errors: int = 0
    errors_found: int = 0  # errors touching a marked word
    words: int = 0  # the hypothesis's words
    words_flagged: int = 0  # of them, marked for review

    @property
    def share_found(self) -> float:
        """Share of the errors a reader of the marked words meets; 1.0 when there are no errors."""
        return self.errors_found / self.errors if self.errors else 1.0

    @property
    def share_read(self) -> float:
        """Share of the words that had to be read; 0.0 when there are no words."""
        return self.words_flagged / self.words if self.words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "errors_found": self.errors_found,
            "words": self.words,
            "words_flagged": self.words_flagged,
            "share_found": self.share_found,
            "share_read": self.share_read,
        }


def _counts_dict(counts: ErrorCounts) -> dict[str, Any]:
    return {
        "hits": counts.hits,
        "substitutions": counts.substitutions,
        "deletions": counts.deletions,
        "insertions": counts.insertions,
        "reference_length": counts.reference_length,
        "errors": counts.errors,
        "rate": counts.rate,
    }


@dataclass(frozen=True)
class FileResult:
    """One system on one file. A file that could not be transcribed or compared has ``error``
    (said in words) and no comparison: it is reported and left out of the totals."""

    audio: str  # the file as the input named it
    reference: str
    hypothesis: str
    comparison: Comparison | None = None
    error: str | None = None
    duration_s: float = 0.0  # audio length
    seconds: float = 0.0  # transcription time (0 when cached)
    cached: bool = False
    review: ReviewFigure | None = None

    @property
    def ok(self) -> bool:
        """Whether the file counts in the totals."""
        return self.error is None and self.comparison is not None

    @property
    def real_time_factor(self) -> float | None:
        """Transcription time over audio time, for a file transcribed in this run."""
        if self.cached or not self.ok or self.duration_s <= 0:
            return None
        return self.seconds / self.duration_s

    def to_dict(self) -> dict[str, Any]:
        c = self.comparison
        return {
            "audio": self.audio,
            "reference": self.reference,
            "hypothesis": self.hypothesis,
            "error": self.error,
            "duration_s": self.duration_s,
            "seconds": self.seconds,
            "cached": self.cached,
            "real_time_factor": self.real_time_factor,
            "counts": None if c is None else _counts_dict(c.counts),
            "comparison": None if c is None else {
                "unit": c.unit,
                "reference_tokens": list(c.reference_tokens),
                "hypothesis_tokens": list(c.hypothesis_tokens),
                "edits": [[e.op, e.ref_start, e.ref_end, e.hyp_start, e.hyp_end] for e in c.edits],
            },
            "review": None if self.review is None else self.review.to_dict(),
        }


@dataclass(frozen=True)
class SystemResult:
    """One model with one set of decoding options, over all files."""

    label: str  # "tiny.en", "base beam 5 patience 2"
    model: str
    options: dict[str, Any] = field(default_factory=dict)
    files: tuple[FileResult, ...] = ()

    @property
    def good_files(self) -> tuple[FileResult, ...]:
        return tuple(f for f in self.files if f.ok)

    @property
    def failures(self) -> int:
        return len(self.files) - len(self.good_files)

    @property
    def counts(self) -> ErrorCounts:
        """Corpus counts over the files that were compared."""
        return ErrorCounts.total(f.comparison.counts for f in self.good_files if f.comparison)

    @property
    def rate(self) -> float:
        """The corpus WER or CER: all edits over all reference tokens."""
        return self.counts.rate

    @property
    def real_time_factor(self) -> float | None:
        """Transcription time over audio time, summed over the files transcribed in this run
        (cached ones took no time); None when every file came from the cache."""
        fresh = [f for f in self.good_files if f.real_time_factor is not None]
        if not fresh:
            return None
        return sum(f.seconds for f in fresh) / sum(f.duration_s for f in fresh)

    @property
    def review(self) -> ReviewFigure | None:
        """The review figure summed over the files that have one; None when none has."""
        figures = [f.review for f in self.good_files if f.review is not None]
        return ReviewFigure.total(figures) if figures else None

    def to_dict(self) -> dict[str, Any]:
        review = self.review
        return {
            "label": self.label,
            "model": self.model,
            "options": self.options,
            "counts": _counts_dict(self.counts),
            "rate": self.rate,
            "real_time_factor": self.real_time_factor,
            "review": None if review is None else review.to_dict(),
            "failures": self.failures,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True)
class Evaluation:
    """One run of ``malsori eval``: the systems compared, measured in one unit."""

    unit: Unit
    normalization: dict[str, Any]  # style, spell_numbers, language
    systems: tuple[SystemResult, ...]
    created: str  # when, as ISO 8601

    @property
    def metric(self) -> str:
        return metric_name(self.unit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "created": self.created,
            "unit": self.unit,
            "metric": self.metric,
            "normalization": self.normalization,
            "systems": [s.to_dict() for s in self.systems],
        }


# --- JSON and CSV -----------------------------------------------------------------------------

TOTAL_ROW = "(total)"


def write_json(evaluation: Evaluation, path: str | os.PathLike[str]) -> None:
    """Everything, for scripts (UTF-8, written atomically; OSError if the folder cannot be written).

    Compact, without indentation: indenting makes ``json`` use its pure-Python encoder, several
    times slower on a thousand files' tokens; ``jq .`` or ``python -m json.tool`` show it indented.
    """
    atomic.write_text(path, json.dumps(evaluation.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")


def _csv_number(value: float | None) -> str:
    return "" if value is None else repr(value)


def write_csv(evaluation: Evaluation, path: str | os.PathLike[str]) -> None:
    """One row per system and file, then each system's total (file ``(total)``), for spreadsheets.

    A failed file has its error and no counts; rates and real-time factors are plain numbers
    (0.25, not 25 %); a cached file has no real-time factor.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    length = "reference_words" if evaluation.unit == "word" else "reference_chars"
    writer.writerow(["system", "file", length, "substitutions", "deletions", "insertions", "rate", "rtf", "error"])
    for system in evaluation.systems:
        for f in system.files:
            if f.ok and f.comparison is not None:
                c = f.comparison.counts
                writer.writerow([system.label, f.audio, c.reference_length, c.substitutions, c.deletions,
                                 c.insertions, repr(c.rate), _csv_number(f.real_time_factor), ""])
            else:
                writer.writerow([system.label, f.audio, "", "", "", "", "", "", f.error or "not compared"])
        c = system.counts
        writer.writerow([system.label, TOTAL_ROW, c.reference_length, c.substitutions, c.deletions, c.insertions,
                         repr(c.rate), _csv_number(system.real_time_factor), f"{system.failures} failed" if
                         system.failures else ""])
    atomic.write_text(path, out.getvalue())


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}table.sortable th:after{content:" \\2195";color:#999}
th[aria-sort=ascending]:after{content:" \\2191"}th[aria-sort=descending]:after{content:" \\2193"}
.meta{color:#555}.file{border-top:1px solid #ddd;padding:.4em 0}.file h3{font-size:1em;margin:.6em 0 .3em}
.line{margin:.2em 0 .2em 1em}.who{color:#555;display:inline-block;min-width:12em}
.fail{color:#a00}.tokens{white-space:pre-wrap}
mark.sub{background:#ffe08a}del{background:#f8c8c8;color:#700}ins{background:#c8efc8;text-decoration:none}
.legend span{margin-right:1em}
"""

# Sorts a table.sortable by the clicked column: numbers by data-v, text otherwise; cells
# without a value (failed files) stay last both ways.
_SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var num = th.dataset.type === "num", body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
        if (x === y) return 0;
        if (x === "") return 1;
        if (y === "") return -1;
        var d = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _rtf(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _systems_table(evaluation: Evaluation) -> list[str]:
    metric = evaluation.metric
    length = "Reference words" if evaluation.unit == "word" else "Reference characters"
    out = [
        '<table id="systems"><thead><tr><th>System</th><th>Model</th>',
        f"<th>{metric}</th><th>Substitutions</th><th>Deletions</th><th>Insertions</th><th>{length}</th>",
        '<th title="transcription time over audio time, for files not taken from the cache">Real-time factor</th>'
        '<th title="share of all errors on a word the editor marks for review">Errors found by review</th>'
        '<th title="share of all words the editor marks for review">Words read in review</th>'
        "<th>Failed files</th></tr></thead><tbody>",
    ]
    for s in evaluation.systems:
        c, review = s.counts, s.review
        out.append(
            f'<tr><td>{_e(s.label)}</td><td>{_e(s.model)}</td><td class="n">{_percent(c.rate)}</td>'
            f'<td class="n">{c.substitutions}</td><td class="n">{c.deletions}</td><td class="n">{c.insertions}</td>'
            f'<td class="n">{c.reference_length}</td><td class="n">{_rtf(s.real_time_factor)}</td>'
            f'<td class="n">{_percent(review.share_found if review else None)}</td>'
            f'<td class="n">{_percent(review.share_read if review else None)}</td>'
            f'<td class="n">{s.failures}</td></tr>'
        )
    out.append('</tbody></table><p class="meta">Totals are sums over the files a system could transcribe: '
               "all edits over all reference tokens. A failed file counts in none of them.</p>")
    return out


def _file_keys(evaluation: Evaluation) -> tuple[list[str], list[dict[str, FileResult]]]:
    """The files in the order first met, and each system's result by file."""
    order: dict[str, None] = {}
    by_system = []
    for s in evaluation.systems:
        results = {}
        for f in s.files:
            order.setdefault(f.audio, None)
            results[f.audio] = f
        by_system.append(results)
    return list(order), by_system


def _files_table(evaluation: Evaluation, files: list[str], by_system: list[dict[str, FileResult]]) -> list[str]:
    metric = evaluation.metric
    out = ['<table id="files" class="sortable"><thead><tr><th data-type="text">File</th>'
           '<th data-type="num">Duration</th>']
    out.extend(f'<th data-type="num">{_e(s.label)} {metric}</th>' for s in evaluation.systems)
    out.append("</tr></thead><tbody>")
    for number, audio in enumerate(files):
        results = [r.get(audio) for r in by_system]
        duration = max((r.duration_s for r in results if r is not None), default=0.0)
        out.append(f'<tr><td data-v="{_e(audio)}"><a href="#file-{number}">{_e(audio)}</a></td>'
                   f'<td class="n" data-v="{duration!r}">{format_duration(duration)}</td>')
        for r in results:
            if r is not None and r.ok and r.comparison is not None:
                c = r.comparison.counts
                out.append(f'<td class="n" data-v="{c.rate!r}" title="S {c.substitutions} · D {c.deletions} · '
                           f'I {c.insertions} of {c.reference_length}">{_percent(c.rate)}</td>')
            else:
                out.append('<td class="n fail" data-v="">failed</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return out


def _highlighted(comparison: Comparison) -> str:
    """The hypothesis with the edits marked: substitutions (the reference in the tooltip),
    deleted reference tokens struck through where they were missed, insertions. Characters
    are joined without spaces (Korean is measured without them)."""
    gap = " " if comparison.unit == "word" else ""
    ref, hyp = comparison.reference_tokens, comparison.hypothesis_tokens
    parts = []
    for e in comparison.edits:
        heard = _e(gap.join(hyp[e.hyp_start:e.hyp_end]))
        said = _e(gap.join(ref[e.ref_start:e.ref_end]))
        if e.op == "equal":
            parts.append(heard)
        elif e.op == "substitute":
            parts.append(f'<mark class="sub" title="reference: {said}">{heard}</mark>')
        elif e.op == "delete":
            parts.append(f'<del title="missed">{said}</del>')
        else:
            parts.append(f'<ins title="inserted">{heard}</ins>')
    return gap.join(parts)


def _file_details(evaluation: Evaluation, files: list[str], by_system: list[dict[str, FileResult]],
                  lang: str) -> list[str]:
    out = []
    for number, audio in enumerate(files):
        results = [(s, r.get(audio)) for s, r in zip(evaluation.systems, by_system)]
        reference = next((r.reference for _s, r in results if r is not None), "")
        out.append(f'<section class="file" id="file-{number}"><h3>{_e(audio)}</h3>'
                   f'<div class="line"><span class="who">Reference</span> <span class="tokens" lang="{lang}">'
                   f"{_e(reference)}</span></div>")
        for s, r in results:
            out.append(f'<div class="line"><span class="who">{_e(s.label)}</span> ')
            if r is None:
                out.append('<span class="fail">not run</span></div>')
            elif r.ok and r.comparison is not None:
                out.append(f'<span class="tokens" lang="{lang}">{_highlighted(r.comparison)}</span> '
                           f"({_percent(r.comparison.counts.rate)})</div>")
            else:
                out.append(f'<span class="fail">failed: {_e(r.error or "not compared")}</span></div>')
        out.append("</section>")
    return out


def render_html(evaluation: Evaluation) -> str:
    """The report page as text (see :func:`write_html`)."""
    norm = evaluation.normalization
    lang = _e(norm.get("language") or "und")
    files, by_system = _file_keys(evaluation)
    out = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Malsori evaluation {_e(evaluation.created)}</title><style>{_CSS}</style></head><body>",
        "<h1>Malsori evaluation</h1>",
        f'<p class="meta">{_e(evaluation.created)} · {len(files)} files · {evaluation.metric} '
        f"({'words' if evaluation.unit == 'word' else 'characters'}) · normalization "
        f"{_e(norm.get('style', ''))}, numbers {'spelled out' if norm.get('spell_numbers') else 'as written'}, "
        f"language {_e(norm.get('language') or 'auto')}</p>",
        "<h2>Systems</h2>",
        *_systems_table(evaluation),
        "<h2>Files</h2><p class=\"meta\">Click a column's header to sort by it.</p>",
        *_files_table(evaluation, files, by_system),
        '<h2>Transcripts</h2><p class="meta legend"><span><mark class="sub">substituted</mark></span>'
        '<span><del>missed</del></span><span><ins>inserted</ins></span>'
        "(after normalization; hover a substitution for the reference)</p>",
        *_file_details(evaluation, files, by_system, lang),
        f"<script>{_SORT_JS}</script></body></html>\n",
    ]
    return "".join(out)


def write_html(evaluation: Evaluation, path: str | os.PathLike[str]) -> None:
    """One self-contained HTML page (UTF-8, written atomically): the systems' table, the files
    sortable by error rate, and each file's transcripts with the edits highlighted."""
    atomic.write_text(path, render_html(evaluation))
