"""The pattern language of the evidence rules: plain text, ``…`` for a gap inside one sentence, and
``{act}`` (exclusions only) for any act of the leaf."""
from __future__ import annotations

import re

GAP_CHARS = r"[^。！？!?；;\n]"
GAP = re.compile(r"…+|\.\.\.")


def text_regex(pattern: str, gap: int, acts: tuple[str, ...] = ()) -> str:
    """Regex source of a rule pattern: literal text, ``…`` = up to ``gap`` characters, ``{act}`` = an act."""
    out = []
    for k, piece in enumerate(GAP.split(pattern)):
        if k:
            out.append(f"{GAP_CHARS}{{0,{gap}}}?")
        parts = piece.split("{act}")
        for j, lit in enumerate(parts):
            if j:
                out.append("(?:" + "|".join(re.escape(a) for a in sorted(acts, key=len, reverse=True)) + ")")
            out.append(re.escape(lit))
    return "".join(out)


def anchor_of(pattern: str) -> str:
    """The literal a pattern starts with (what the scanner looks for first)."""
    return GAP.split(pattern)[0]


def check_text_pattern(p: str, where: str, what: str, problems: list[str], allow_act: bool = False) -> None:
    if not p:
        problems.append(f"{where}: empty {what}")
    elif len(anchor_of(p)) < 2:
        problems.append(f"{where}: {what} {p!r} must start with at least two characters of text before a gap (…)")
    elif p.endswith(("…", "...")):
        problems.append(f"{where}: {what} {p!r} ends with a gap (…); a gap joins two pieces of text")
    elif "{act}" in p and not allow_act:
        problems.append(f"{where}: {what} {p!r}: {{act}} is only allowed in exclusion patterns")
    elif re.search(r"[{}]", p.replace("{act}", "")):
        problems.append(f"{where}: {what} {p!r} has a brace; only {{act}} is a placeholder")
