"""The evaluation report: two systems on three files (one failed) in HTML, JSON and CSV."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from malsori.core.eval_report import (
    TOTAL_ROW,
    Evaluation,
    FileResult,
    ReviewFigure,
    SystemResult,
    render_html,
    write_csv,
    write_html,
    write_json,
)
from malsori.core.metrics import ErrorCounts, compare

SCRIPT_REF = "<script>alert(1)</script> red green blue"


def result(audio: str, reference: str, hypothesis: str, **kwargs) -> FileResult:
    return FileResult(audio, reference, hypothesis, compare(reference, hypothesis, language="en"), **kwargs)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    tiny = SystemResult("tiny.en", "tiny.en", {"beam_size": 1}, (
        # "the" -> "a": S 1 of 4
        result("a.wav", "The cat is black", "a cat is black", duration_s=4.0, seconds=2.0,
               review=ReviewFigure(errors=1, errors_found=1, words=4, words_flagged=1)),
        # "very" inserted: I 1 of 4; from the cache, so it does not count in the real-time factor
        result("b.wav", "We went home early.", "we went home very early", duration_s=6.0, seconds=0.0,
               cached=True, review=ReviewFigure(errors=1, errors_found=0, words=5, words_flagged=0)),
        FileResult("c.wav", SCRIPT_REF, "", None, error="cannot decode c.wav: not an audio file"),
    ))
    base = SystemResult("base beam 5", "base", {"beam_size": 5}, (
        result("a.wav", "The cat is black", "the cat is black", duration_s=4.0, seconds=1.0),  # 0 of 4
        result("b.wav", "We went home early.", "we went early", duration_s=6.0, seconds=3.0),  # D 1 of 4
        # the normalizer drops the tags and "(1)": "alert red green blue" against "alert red green glue", S 1 of 4
        result("c.wav", SCRIPT_REF, "alert red green glue", duration_s=2.0, seconds=1.0),
    ))
    return Evaluation("word", {"style": "whisper", "spell_numbers": False, "language": "en"}, (tiny, base),
                      "2025-01-02T03:04:05")


def test_system_totals_are_corpus_sums(evaluation: Evaluation):
    tiny, base = evaluation.systems
    assert tiny.counts == ErrorCounts(hits=7, substitutions=1, insertions=1)
    assert tiny.rate == 0.25
    assert tiny.failures == 1
    assert tiny.real_time_factor == 0.5  # 2 s for 4 s: b.wav came from the cache
    assert tiny.review == ReviewFigure(errors=2, errors_found=1, words=9, words_flagged=1)
    assert tiny.review.share_found == 0.5
    assert tiny.review.share_read == pytest.approx(1 / 9)
    assert base.counts == ErrorCounts(hits=10, substitutions=1, deletions=1)
    assert base.rate == pytest.approx(2 / 12)
    assert base.real_time_factor == pytest.approx(5 / 12)
    assert base.review is None
    assert base.failures == 0


def test_review_shares_without_errors_or_words():
    assert ReviewFigure().share_found == 1.0  # nothing to find, nothing missed
    assert ReviewFigure().share_read == 0.0
    assert ReviewFigure.total([]) == ReviewFigure()


def test_a_system_served_from_the_cache_has_no_real_time_factor():
    cached = result("a.wav", "x", "x", duration_s=3.0, cached=True)
    assert SystemResult("tiny.en", "tiny.en", {}, (cached,)).real_time_factor is None


class Page(HTMLParser):
    """The parts of the report a test looks at: tables by id, marked edits by file section, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[tuple[str, dict[str, str | None]]]]] = {}
        self.edits: dict[str, list[tuple[str, str]]] = {}  # section id -> (tag, text)
        self.scripts: list[str] = []
        self.html_lang: str | None = None
        self.charset: str | None = None
        self.token_langs: set[str | None] = set()
        self.reference_texts: list[str] = []
        self._table: str | None = None
        self._cell: tuple[list[str], dict[str, str | None]] | None = None
        self._section: str | None = None
        self._mark: tuple[str, list[str]] | None = None
        self._in_script = False
        self._after_reference = False
        self._in_tokens = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        elif tag == "table":
            self._table = a.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = ([], a)
        elif tag == "section":
            self._section = a.get("id")
            self.edits[self._section] = []
        elif tag in ("mark", "del", "ins") and self._section:
            self._mark = (tag, [])
        elif tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag == "span" and a.get("class") == "tokens":
            self.token_langs.add(a.get("lang"))
            self._in_tokens = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(("".join(self._cell[0]).strip(), self._cell[1]))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag in ("mark", "del", "ins") and self._mark is not None:
            self.edits[self._section].append((self._mark[0], "".join(self._mark[1])))
            self._mark = None
        elif tag == "script":
            self._in_script = False
        elif tag == "span" and self._in_tokens:
            self._in_tokens = False
            self._after_reference = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0].append(data)
        if self._mark is not None:
            self._mark[1].append(data)
        if self._in_script:
            self.scripts[-1] += data
        if data == "Reference":
            self._after_reference = True
        elif self._after_reference and self._in_tokens:
            self.reference_texts.append(data)


@pytest.fixture(scope="module")
def page(evaluation: Evaluation, tmp_path_factory: pytest.TempPathFactory) -> Page:
    path = tmp_path_factory.mktemp("report") / "out.html"
    write_html(evaluation, path)
    parsed = Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    parsed.close()
    return parsed


def test_the_page_is_utf8_self_contained_and_says_the_transcripts_language(page: Page, evaluation, tmp_path):
    assert page.charset == "utf-8"
    assert page.html_lang == "en"
    assert page.token_langs == {"en"}
    path = tmp_path / "r.html"
    write_html(evaluation, path)
    text = path.read_text(encoding="utf-8")
    for fetch in ("http:", "https:", "src=", "<link"):
        assert fetch not in text


def test_the_systems_table_shows_the_corpus_numbers(page: Page):
    header, tiny, base = page.tables["systems"]
    assert [h for h, _ in header][:8] == ["System", "Model", "WER", "Substitutions", "Deletions", "Insertions",
                                          "Reference words", "Real-time factor"]
    assert [c for c, _ in tiny] == ["tiny.en", "tiny.en", "25.0 %", "1", "0", "1", "8", "0.500", "50.0 %",
                                    "11.1 %", "1"]
    assert [c for c, _ in base] == ["base beam 5", "base", "16.7 %", "1", "1", "0", "12", "0.417", "—", "—", "0"]


def test_the_file_rows_carry_sortable_rates(page: Page):
    header, *rows = page.tables["files"]
    assert [(h, a.get("data-type")) for h, a in header] == [
        ("File", "text"), ("Duration", "num"), ("tiny.en WER", "num"), ("base beam 5 WER", "num")]
    assert [[c for c, _ in row] for row in rows] == [
        ["a.wav", "0:04", "25.0 %", "0.0 %"],
        ["b.wav", "0:06", "25.0 %", "25.0 %"],
        ["c.wav", "0:02", "failed", "25.0 %"],
    ]
    assert [[a.get("data-v") for _, a in row[2:]] for row in rows] == [
        ["0.25", "0.0"], ["0.25", "0.25"], ["", "0.25"]]
    (script,) = page.scripts
    assert "table.sortable" in script and "rows.sort" in script and "dataset.v" in script


def test_each_file_shows_the_edits_highlighted(page: Page):
    assert page.edits["file-0"] == [("mark", "a")]  # tiny: "the" heard as "a"; base: no edits
    assert page.edits["file-1"] == [("ins", "very"), ("del", "home")]  # tiny inserted, base missed
    assert page.edits["file-2"] == [("mark", "glue")]  # tiny failed on it


def test_transcript_text_is_escaped_not_run(page: Page, evaluation, tmp_path):
    assert len(page.scripts) == 1  # the sort script only: the transcript's <script> is text
    assert SCRIPT_REF in page.reference_texts
    path = tmp_path / "r.html"
    write_html(evaluation, path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in path.read_text(encoding="utf-8")


def test_json_carries_the_same_numbers(evaluation: Evaluation, tmp_path: Path):
    path = tmp_path / "out.json"
    write_json(evaluation, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "malsori-evaluation" and data["metric"] == "WER"
    assert data["normalization"] == {"style": "whisper", "spell_numbers": False, "language": "en"}
    for system, saved in zip(evaluation.systems, data["systems"]):
        assert saved["label"] == system.label
        assert saved["rate"] == system.rate
        assert saved["counts"]["substitutions"] == system.counts.substitutions
        assert saved["counts"]["reference_length"] == system.counts.reference_length
        assert saved["real_time_factor"] == system.real_time_factor
        assert saved["failures"] == system.failures
        for f, saved_file in zip(system.files, saved["files"]):
            assert saved_file["audio"] == f.audio
            assert saved_file["error"] == f.error
            if f.comparison is None:
                assert saved_file["counts"] is None
            else:
                assert ErrorCounts(*(saved_file["counts"][k] for k in ("hits", "substitutions", "deletions",
                                                                      "insertions"))) == f.comparison.counts
                assert [tuple(e) for e in saved_file["comparison"]["edits"]] == [
                    (e.op, e.ref_start, e.ref_end, e.hyp_start, e.hyp_end) for e in f.comparison.edits]
    assert data["systems"][0]["review"]["share_found"] == 0.5


def test_csv_carries_the_same_numbers(evaluation: Evaluation, tmp_path: Path):
    path = tmp_path / "out.csv"
    write_csv(evaluation, path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["system", "file", "reference_words", "substitutions", "deletions", "insertions",
                             "rate", "rtf", "error"]
    by_key = {(r["system"], r["file"]): r for r in rows}
    assert len(rows) == 2 * (3 + 1)
    for system in evaluation.systems:
        total = by_key[(system.label, TOTAL_ROW)]
        assert int(total["reference_words"]) == system.counts.reference_length
        assert float(total["rate"]) == system.rate
        assert (float(total["rtf"]) if total["rtf"] else None) == system.real_time_factor
        for f in system.files:
            row = by_key[(system.label, f.audio)]
            if f.comparison is None:
                assert row["error"] == f.error and row["rate"] == ""
            else:
                c = f.comparison.counts
                assert (int(row["substitutions"]), int(row["deletions"]), int(row["insertions"])) == (
                    c.substitutions, c.deletions, c.insertions)
                assert float(row["rate"]) == c.rate
    assert by_key[("tiny.en", "b.wav")]["rtf"] == ""  # cached
    assert by_key[("tiny.en", TOTAL_ROW)]["error"] == "1 failed"


def test_korean_characters_are_highlighted_inside_their_words():
    # 안녕하세요 heard as 안녕하세오: 요 -> 오, CER 1/5.
    comparison = compare("안녕하세요.", "안녕하세오", language="ko")
    ko = Evaluation("char", {"style": "whisper", "spell_numbers": False, "language": "ko"}, (
        SystemResult("base", "base", {}, (FileResult("k.wav", "안녕하세요.", "안녕하세오", comparison),)),), "now")
    page = render_html(ko)
    assert '안녕하세<mark class="sub" title="reference: 요">오</mark>' in page
    assert "<th>CER</th>" in page and 'lang="ko"' in page and "20.0 %" in page
