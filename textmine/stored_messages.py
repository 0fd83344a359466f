"""Messages made in English and kept (a score run's notes and warnings, stored with the run and part of its key;
the reasons the corpus readers give under `speaking("en")`), shown in the user's language when read.

A kept message was rendered from a catalogue message id (`_("{n} workbook value(s) …").format(n=3)` under
`speaking("en")`). `shown_message` finds the message id whose template the text fills — its literal parts exactly,
its fields anything — and renders the Chinese msgstr with the same field values, each of them shown the same way
(a reason inside a reason); clauses joined by '; ' or ' — ' are shown one by one. A text no template fills is
shown as it is, in English: nothing is guessed.

    shown_message("3 workbook value(s) fill text-mined leaves of cities the corpus has no value for")
        -> "3 个工作簿值填补了语料中没有数值的城市的文本挖掘指标"   (in Chinese; the English text in English)
"""
from __future__ import annotations

import re
from functools import lru_cache
from string import Formatter

from .i18n import catalogue, language

_FORMATTER = Formatter()


def shown_message(text: str) -> str:
    """A kept English message in the user's language (itself when no catalogue message renders it)."""
    if not text or language() != "zh":
        return text
    return _render(str(text), 0)


def shown_messages(texts) -> list[str]:
    return [shown_message(t) for t in texts]


def _render(text: str, depth: int) -> str:
    cat = catalogue()
    found = cat.get(text)
    if isinstance(found, str):
        return found
    for template, msgstr in _templates(id(cat), len(cat)):
        m = template.fullmatch(text)
        if m:
            values = {k: (_render(v, depth + 1) if depth < 3 else v) for k, v in m.groupdict().items()}
            return "".join(lit + (values.get(field, "{" + field + "}") if field is not None else "")
                           for lit, field, _spec, _conv in _FORMATTER.parse(msgstr))
    for sep, joined in (("; ", "；"), (" — ", " —— ")):     # clauses joined, each a message of its own
        if sep in text:
            return joined.join(_render(part, depth) for part in text.split(sep))
    return text


@lru_cache(maxsize=4)
def _templates(_cat_id: int, _n: int) -> list[tuple[re.Pattern, str]]:
    """(regex of a message id with fields, its msgstr), the most literal text first: of two templates a text
    fills, the one that pins more of it down is the right one."""
    out = []
    for msgid, msgstr in catalogue().items():
        if not isinstance(msgid, str) or "{" not in msgid:
            continue
        try:
            parts = list(_FORMATTER.parse(msgid))
        except ValueError:
            continue
        fields = [f for _lit, f, _s, _c in parts if f is not None]
        if not fields or any(not f.isidentifier() for f in fields):
            continue
        if not any(re.search(r"[A-Za-z]{3}", lit) for lit, *_rest in parts):
            continue        # '{n} {reason}', '{kind}: {cities}': would fill any text; only a part of a message
        pattern, seen = [], set()
        for lit, field, _spec, _conv in parts:
            pattern.append(re.escape(lit))
            if field is None:
                continue
            pattern.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
        literal = sum(len(lit) for lit, *_rest in parts)
        out.append((literal, re.compile("".join(pattern), re.S), msgstr))
    out.sort(key=lambda t: -t[0])
    return [(p, s) for _n, p, s in out]


def format_each(template: str, **values):
    """`template` (a translated message) filled with values that may be pandas Series or frames of strings: each
    cell gets the message with its own values, e.g. the provenance detail of 339 × 76 cells in one expression."""
    out = ""
    for lit, field, _spec, _conv in _FORMATTER.parse(template):
        out = out + lit
        if field is not None:
            value = values[field]
            out = out + (value if not isinstance(value, (int, float)) else str(value))
    return out
