"""The interface language: Korean or English, following the system unless chosen.

Translations are Qt .qm files compiled from resources/translations/*.ts. Installing
a translator sends every widget a LanguageChange event; widgets re-set their texts
in retranslate_ui(), so switching needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .. import resources

CHOICES = ("system", "en", "ko")
_installed: list[QTranslator] = []


def resolve(choice: str) -> str:
    """The language code a choice means: the system's language when it is Korean, else English."""
    if choice in ("en", "ko"):
        return choice
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def apply_language(choice: str) -> str:
    """Install the translators for ``choice``; returns the language now shown."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    code = resolve(choice)
    if code == "en":
        # removing translators already sent LanguageChange; English is the source text
        return code
    ours = QTranslator(app)
    if ours.load(f"malsori_{code}", str(resources.translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_own = QTranslator(app)  # standard dialogs and buttons (OK, Cancel, file dialogs)
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return code
