"""The Korean translation is complete: every string the code passes to tr() has a
finished translation in the committed .ts, and the compiled .qm loads."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from malsori import resources

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(str(p) for p in (ROOT / "desktop" / "malsori" / "ui").glob("*.py")) + [
    str(ROOT / "desktop" / "malsori" / "app.py")
]


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name"), m.findtext("source")): m.find("translation")
        for ctx in root.iter("context")
        for m in ctx.iter("message")
        if m.find("translation").get("type") not in ("obsolete", "vanished")
    }


def test_every_interface_string_has_a_korean_translation(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *SOURCES, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(messages(fresh))
    committed = messages(resources.translations_dir() / "malsori_ko.ts")
    assert wanted - set(committed) == set(), "run `make translations` and translate the new strings"
    unfinished = [key for key in wanted if committed[key].get("type") == "unfinished"
                  or not "".join(committed[key].itertext()).strip()]
    assert unfinished == []


def test_the_compiled_translation_loads(qapp):
    translator = QTranslator()
    assert translator.load("malsori_ko", str(resources.translations_dir()))
    assert translator.translate("MainWindow", "&File") == "파일(&F)"


def _calls_to_translate(source: Path) -> list[tuple[int, str | None, object]]:
    """(line, context, source text or the call's code) of every tr()/translate() call.

    lupdate finds only calls whose text is a plain literal: a tr() inside an
    f-string, or a translate() of a conditional, never reaches the .ts file and
    stays English in the Korean interface. This reads the code as Python does.
    """
    found: list[tuple[int, str | None, object]] = []

    class Visitor(ast.NodeVisitor):
        def __init__(self) -> None:
            self.classes: list[str] = []

        def visit_ClassDef(self, node: ast.ClassDef) -> None:
            self.classes.append(node.name)
            self.generic_visit(node)
            self.classes.pop()

        def visit_Call(self, node: ast.Call) -> None:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "tr" and node.args:
                context, text = (self.classes[-1] if self.classes else None), node.args[0]
            elif (isinstance(func, ast.Attribute) and func.attr == "translate" and len(node.args) >= 2
                  and isinstance(func.value, ast.Name) and func.value.id in ("QCoreApplication", "QApplication")):
                context_node, text = node.args[0], node.args[1]
                context = context_node.value if isinstance(context_node, ast.Constant) else ast.unparse(context_node)
            else:
                self.generic_visit(node)
                return
            literal = isinstance(text, ast.Constant) and isinstance(text.value, str)
            found.append((node.lineno, context, text.value if literal else ast.unparse(text)))
            self.generic_visit(node)

    Visitor().visit(ast.parse(source.read_text(encoding="utf-8")))
    return found


def test_every_tr_call_in_the_code_reaches_the_korean_translation():
    committed = messages(resources.translations_dir() / "malsori_ko.ts")
    missing = [
        f"{Path(source).name}:{line} {context}: {text!r}"
        for source in SOURCES
        for line, context, text in _calls_to_translate(Path(source))
        if (context, text) not in committed
    ]
    assert missing == [], "strings lupdate cannot see (write them as plain literals in tr()), or untranslated"


def test_every_plural_has_english_forms(tmp_path):
    """English is the source language, but "%n segment(s)" needs its own forms to
    read "1 segment" and "2 segments": malsori_en.ts holds only those."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    fresh = tmp_path / "fresh_en.ts"
    subprocess.run([lupdate, *SOURCES, "-pluralonly", "-target-language", "en", "-ts", str(fresh)],
                   check=True, capture_output=True)
    wanted = set(messages(fresh))
    assert wanted, "no plural texts found: the check would prove nothing"
    committed = messages(resources.translations_dir() / "malsori_en.ts")
    assert wanted - set(committed) == set(), "run `make translations` and write the English plural forms"
    unfilled = [key for key in wanted if committed[key].get("type") == "unfinished"
                or len([f for f in committed[key].iter("numerusform") if (f.text or "").strip()]) != 2]
    assert unfilled == []
    translator = QTranslator()
    assert translator.load("malsori_en", str(resources.translations_dir()))
    assert translator.translate("SummaryPanel", "%n segment(s)", "", 1) == "%n segment"
    assert translator.translate("SummaryPanel", "%n segment(s)", "", 2) == "%n segments"
