"""The names table in docs/names.md and docs/zh/names.md, made by the program (textmine.nametable), so the
documented names cannot drift from the ones commands accept.

    python tools/names_docs.py            # rewrite the block between the markers in both guides
    python tools/names_docs.py --check    # report a block that differs (exit 1); tests/test_names_table.py does this

The block is the lines between `<!-- names-table -->` and `<!-- /names-table -->`. Leaves and nodes of the
indicator tree are counted, not listed (scoring/indicators.csv and nodes.csv list them; `textmine names leaf`).
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDES = (ROOT / "docs" / "names.md", ROOT / "docs" / "zh" / "names.md")
BEGIN, END = "<!-- names-table -->", "<!-- /names-table -->"
LISTED_ELSEWHERE = ("node", "leaf")
FOLDED = ("column", "format")            # long lists, in a <details> block


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


@contextlib.contextmanager
def program_defaults(who: str = "tools/names_docs.py", unset: tuple[str, ...] = ()):
    """The repository's own data and English messages while the block is made (and the variables `unset` unset);
    the caller's settings after. tools/doc_figures.py uses it too."""
    from textmine.resources import set_root

    cleared = ("TEXTMINE_LEXICONS", "TEXTMINE_ROOT", *unset)
    saved = {k: os.environ.get(k) for k in ("TEXTMINE_LANG", *cleared)}
    os.environ["TEXTMINE_LANG"] = "en"
    for k in cleared:
        os.environ.pop(k, None)
    set_root(ROOT, who)
    try:
        yield
    finally:
        set_root(None)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def block() -> str:
    with program_defaults():
        return _block()


def _block() -> str:
    from textmine.nametable import GROUPS, entries

    out = []
    for group, (en, zh) in GROUPS.items():
        names = entries(group)
        if group in LISTED_ELSEWHERE:
            out.append(f"- **{group}**（{zh}, {en}）: {len(names)} names, from {names[0].source if names else '-'} "
                       f"(`textmine names {group}`)")
            out.append("")
            continue
        rows = ["| key | 中文名 | other names 其他写法 | " + ("unit 单位 | " if group in FOLDED else "") + "defined in |",
                "|---|---|---|" + ("---|" if group in FOLDED else "") + "---|"]
        for n in names:
            rows.append(f"| `{_cell(n.key)}` | {_cell(n.zh)} | {_cell(' · '.join(n.forms))} | "
                        + (f"{n.unit} | " if group in FOLDED else "") + f"{n.source} |")
        head = f"**{group}**（{zh}, {en}）: {len(names)}"
        if group in FOLDED:
            out += ["<details>", f"<summary>{head}</summary>", "", *rows, "", "</details>"]
        else:
            out += [head, "", *rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def regenerate(text: str, made: str) -> str:
    a, b = text.index(BEGIN), text.index(END)
    return text[: a + len(BEGIN)] + "\n" + made + text[b:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    made = block()
    bad = 0
    for path in GUIDES:
        text = path.read_text("utf-8")
        new = regenerate(text, made)
        if new == text:
            continue
        if args.check:
            bad += 1
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True), str(path),
                                                       f"{path} (program)", n=1))
        else:
            path.write_text(new, "utf-8")
            print(f"rewrote the names table of {path.relative_to(ROOT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
