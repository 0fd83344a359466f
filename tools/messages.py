"""The message catalogue: every message textmine shows a user, and its Chinese translation.

    python tools/messages.py            # add the new message ids to the zh_CN catalogue, drop the unused ones
    python tools/messages.py --check    # list the ids the catalogue lacks or leaves untranslated (exit 1)
    python tools/messages.py --pot F    # also write the template (.pot) for a translation tool (Poedit …)

The message ids are collected (with Babel, the maintained gettext toolkit) from:
- every `_("…")`, `gettext("…")`, `ngettext("…", "…", n)` and `N_("…")` call in textmine/;
- every help text of the command tree: the commands' docstrings and the options' help= (textmine.cli.help);
- click's own messages ("Usage:", "Options:", "Missing argument …"), from the installed click.
After adding a message to the code, run the first command and write its translation in
textmine/locale/zh_CN/LC_MESSAGES/textmine.po (msgstr); tests/test_i18n.py fails while one is missing.
Ids no longer in the code are removed from the catalogue.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["TEXTMINE_LANG"] = "en"      # the ids are the English texts, whatever this machine's locale
LOCALE = ROOT / "textmine" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "textmine.po"
CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser", "termui", "utils",
                 "shell_completion")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "only_with": (2,)}


def collect() -> dict:
    """msgid (a string, or (singular, plural)) → list of (file, line) it comes from, in a stable order."""
    import click
    from babel.messages.extract import extract_from_file

    found: dict = {}

    def add(msgid, where):
        found.setdefault(msgid, []).append(where)

    for path in sorted((ROOT / "textmine").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for line, msg, _c, _ctx in extract_from_file("python", str(path), keywords=KEYWORDS):
            add(msg, (rel, line))
    from textmine.cli import main
    from textmine.cli.help import help_ids

    for msg in help_ids(main):
        add(msg, ("textmine/cli (help)", 0))
    folder = Path(click.__file__).parent
    for name in CLICK_MODULES:
        path = folder / f"{name}.py"
        if path.is_file():
            for line, msg, _c, _ctx in extract_from_file("python", str(path)):
                add(msg, (f"click/{name}.py", line))
    return found


def template(found: dict):
    from babel.messages.catalog import Catalog

    cat = Catalog(project="textmine", fuzzy=False, header_comment="# Messages of textmine (tools/messages.py).")
    for msgid, where in found.items():
        cat.add(msgid, locations=[(f, n) for f, n in where[:3]])
    return cat


def read(path: Path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        return read_po(fh, locale="zh_CN")


def write(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=120, omit_header=False, sort_output=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, path)


def missing(found: dict, catalog) -> list:
    """The ids the catalogue has no (non-fuzzy) translation of."""
    out = []
    for msgid in found:
        m = catalog.get(msgid)
        strings = (m.string if isinstance(m.string, (list, tuple)) else [m.string]) if m else [""]
        if m is None or m.fuzzy or not all(strings):
            out.append(msgid)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only list what is missing")
    ap.add_argument("--pot", type=Path, help="also write the template here")
    args = ap.parse_args(argv)
    found = collect()
    if args.check:
        lacking = missing(found, read(PO))
        for m in lacking:
            print(f"untranslated: {m!r}")
        print(f"{len(found)} message ids, {len(lacking)} untranslated")
        return 1 if lacking else 0
    pot = template(found)
    if args.pot:
        write(args.pot, pot)
    if PO.is_file():
        po = read(PO)
        po.update(pot, no_fuzzy_matching=True)
    else:
        from babel.messages.catalog import Catalog

        po = Catalog(locale="zh_CN", project="textmine", fuzzy=False)
        for m in pot:
            if m.id:
                po.add(m.id, locations=m.locations)
    write(PO, po)
    lacking = missing(found, po)
    print(f"{len(found)} message ids; {PO.relative_to(ROOT)}: {len(lacking)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
