"""The pattern language of the evidence rules: plain text, ``…`` for a gap inside one sentence, and three
placeholders:

- ``{act}`` (stance rules and exclusions) — any act of the leaf: ``将{act}`` is future intent, a bare 将 is not;
- ``{n}`` — a count: Arabic digits (with , or .) or Chinese numerals, e.g. 绿色食品228个 is 绿色食品 + ``{n}个``;
- ``{amount}`` — a sum of money: a number and 亿元/万元/元, e.g. 安排…生态补偿资金1.6亿元;
- ``{digits}`` — Arabic digits only (a cell of a table row: 生态补偿资金 15,999).
"""
from __future__ import annotations

import re

GAP_CHARS = r"[^。！？!?；;\n]"
GAP = re.compile(r"…+|\.\.\.")
PLACEHOLDER = re.compile(r"\{(act|n|amount|digits)\}")
NUMBER = r"(?:\d[\d,，]*(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)"
PLACEHOLDER_RE = {"n": rf"{NUMBER}\s*", "amount": rf"{NUMBER}\s*(?:亿|万|千万)?元", "digits": r"\d[\d,，]*(?:\.\d+)?"}


def text_regex(pattern: str, gap: int, acts: tuple[str, ...] = ()) -> str:
    """Regex source of a rule pattern: literal text, ``…`` = up to ``gap`` characters, placeholders."""
    out = []
    for k, piece in enumerate(GAP.split(pattern)):
        if k:
            out.append(f"{GAP_CHARS}{{0,{gap}}}?")
        pos = 0
        for m in PLACEHOLDER.finditer(piece):
            out.append(re.escape(piece[pos:m.start()]))
            if m.group(1) == "act":
                out.append("(?:" + "|".join(re.escape(a) for a in sorted(acts, key=len, reverse=True)) + ")")
            else:
                out.append(f"(?:{PLACEHOLDER_RE[m.group(1)]})")
            pos = m.end()
        out.append(re.escape(piece[pos:]))
    return "".join(out)


def anchor_of(pattern: str) -> str:
    """The literal a pattern starts with (what the scanner looks for first)."""
    return PLACEHOLDER.split(GAP.split(pattern)[0])[0]


def check_text_pattern(p: str, where: str, what: str, problems: list[str], allowed: tuple[str, ...] = ()) -> None:
    """Problems of a pattern: empty, too short a leading text (objects are what the scanner looks for),
    a trailing gap, a placeholder that is not ``allowed`` here, a stray brace."""
    if not p:
        problems.append(f"{where}: empty {what}")
        return
    used = set(PLACEHOLDER.findall(p))
    if what == "object" and len(anchor_of(p)) < 2:
        problems.append(f"{where}: {what} {p!r} must start with at least two characters of text before a gap (…)")
    elif p.endswith(("…", "...")) or GAP.match(p):
        problems.append(f"{where}: {what} {p!r} begins or ends with a gap (…); a gap joins two pieces of text")
    elif used - set(allowed):
        bad = ", ".join("{" + u + "}" for u in sorted(used - set(allowed)))
        ok = ", ".join("{" + a + "}" for a in allowed) or "none"
        problems.append(f"{where}: {what} {p!r} uses {bad}; allowed in a {what}: {ok}")
    elif re.search(r"[{}]", PLACEHOLDER.sub("", p)):
        problems.append(f"{where}: {what} {p!r} has a brace; placeholders are {{act}}, {{n}}, {{amount}} and {{digits}}")
