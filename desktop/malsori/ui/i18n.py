"""The interface language: Korean or English, following the system unless chosen.

Translations are Qt .qm files compiled from resources/translations/*.ts (English
has one too, with only the plural forms of the "%n segment(s)" texts). Installing
a translator sends every widget a LanguageChange event; widgets re-set their texts
in retranslate_ui(), so switching needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import resources
from ..core import languages

CHOICES = ("system", "en", "ko")
_installed: list[QTranslator] = []
_shown = "en"  # the language the interface is in now (English until a translation is applied)


def resolve(choice: str) -> str:
    """The language code a choice means: the system's language when it is Korean, else English."""
    if choice in ("en", "ko"):
        return choice
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def apply_language(choice: str) -> str:
    """Install the translators for ``choice``; returns the language now shown."""
    global _shown
    code = resolve(choice)
    _shown = code  # set before the translators change: LanguageChange handlers read it
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = QTranslator(app)  # for English only the plural forms: "1 segment", "2 segments"
    if ours.load(f"malsori_{code}", str(resources.translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    if code == "en":  # Qt's own texts are English already
        return code
    # Qt's own texts: standard dialogs and buttons (OK, Cancel, file dialogs), from
    # PySide6's qtbase_ko.qm; then ours for the few it lacks (searched first).
    for name, folder in ((f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                         (f"qt_extra_{code}", str(resources.translations_dir()))):
        qt_own = QTranslator(app)
        if qt_own.load(name, folder):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    return code


def shown_language() -> str:
    """The interface language now on screen: "en" or "ko"."""
    return _shown


def language_name(code: str | None) -> str:
    """A spoken language's name in the interface language ("영어" in the Korean interface)."""
    return languages.name(code, _shown)
