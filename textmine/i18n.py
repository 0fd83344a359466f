"""Messages in the user's language (gettext): Chinese or English, chosen by TEXTMINE_LANG or the locale.

    from textmine.i18n import _
    click.echo(_("wrote {path}").format(path=path))

The message ids are the English messages; the Chinese catalogue is textmine/locale/zh_CN/LC_MESSAGES/textmine.po
(a standard gettext catalogue, edited as text and read with Babel: nothing is compiled by hand). Help texts of
the commands and options are message ids as they are written (textmine.cli.app translates them when help is
shown), and so are click's own messages ("Usage:", "Show this message and exit.", "No such option").
`python tools/messages.py` lists the ids of the code in textmine/locale/textmine.pot and adds the new ones to the
catalogue; a test fails while one has no translation.

The language, first of:
1. TEXTMINE_LANG: `zh` (or zh_CN, zh-Hans …) for Chinese, `en` (or any other language) for English;
2. the locale, as gettext reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): zh_* is Chinese, any other language
   English;
3. Chinese, when the locale names no language (unset, C or POSIX: Windows, containers): textmine's users are
   Chinese research teams.
Keys in CSV and JSON output (column names, status words, category keys) are the same in both languages.
"""
from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path

from .datacsv import file_stamp

LANGUAGES = ("zh", "en")
_speaking: list[str] = []          # languages forced by `speaking`, innermost last
CATALOGUE = Path(__file__).resolve().parent / "locale" / "zh_CN" / "LC_MESSAGES" / "textmine.po"
_NO_LANGUAGE = ("", "C", "POSIX")


def _language_of(value: str) -> str | None:
    v = value.strip().split(":")[0].split(".")[0].split("@")[0]
    if v in _NO_LANGUAGE:
        return None
    return "zh" if v.lower().replace("-", "_").startswith("zh") else "en"


def language() -> str:
    """'zh' or 'en' (see the module's doc); read at every call, so a test or a caller may change it."""
    if _speaking:
        return _speaking[-1]
    given = os.environ.get("TEXTMINE_LANG", "")
    if given.strip():
        return _language_of(given) or "zh"
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        found = _language_of(os.environ.get(var, ""))
        if found:
            return found
    return "zh"


@contextlib.contextmanager
def speaking(lang: str):
    """Messages made inside are in `lang` whatever the user's language: English for what is stored and compared
    (the provenance of a score run's cells is part of its inputs key, so a run made in Chinese must equal one
    made in English), Chinese for what the report shows (it is Chinese for every reader)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    _speaking.append(lang)
    try:
        yield
    finally:
        _speaking.pop()


@lru_cache(maxsize=2)
def _read(path: str, _mtime: int, _size: int) -> dict:
    """msgid → msgstr of a .po file (plural ids as tuples); untranslated and fuzzy entries left out."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        catalog = read_po(fh, ignore_obsolete=True)
    out = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, (list, tuple)):
            strings = tuple(m.string or ())
            if strings and all(strings):
                out[tuple(m.id)] = strings
        elif m.string:
            out[m.id] = m.string
    return out


def catalogue(path: Path | None = None) -> dict:
    """The Chinese catalogue (empty when the file is missing: the English ids are shown)."""
    stamp = file_stamp(path or CATALOGUE)
    return _read(*stamp) if stamp else {}


def gettext(message: str) -> str:
    """`message` in the user's language (the message itself in English, or when it has no translation)."""
    if not message or language() != "zh":
        return message
    return catalogue().get(message, message)


_ = gettext


def N_(message: str) -> str:
    """Marks a message id that is translated later, where it is shown (tools/messages.py collects it)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    if language() == "zh":
        found = catalogue().get((singular, plural))
        if found:
            return found[0]
    return singular if n == 1 else plural


def install_click() -> None:
    """Translate click's own messages (usage lines, option errors, "Show this message and exit."): click's
    modules call the gettext functions they imported by name, so those names are pointed at this module's.
    click.decorators is left alone: it translates when a command is defined (the --version option's help), which
    would fix the language at import; those help texts are translated when shown (textmine.cli.help)."""
    import importlib

    for name in ("core", "exceptions", "formatting", "types", "parser", "termui", "utils",
                 "shell_completion"):
        mod = importlib.import_module(f"click.{name}")
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
