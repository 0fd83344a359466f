"""Detect a document's plan period and plan type from its title and the head of its text.

    classify(title, text, rules) -> Edition(period, plan_type, period_source, type_source, note)

The title decides first; where it says nothing (a file name, an empty title), the heading of the
text (its first lines, where a plan names itself) and then, for the period only, the first
`head_chars` characters, where only a period that names a plan counts (第十四个五年规划, “十四五”规划):
a review of the previous period (“十三五”时期取得的成就) is not the document's own period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import EditionRules

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTES = "“”\"'‘’「」『』《》〈〉"
HEADING_LINES = 3
HEADING_CHARS = 200


@dataclass(frozen=True)
class Edition:
    period: str | None
    plan_type: str
    period_source: str          # given | source | title | heading | text | year | none
    type_source: str            # given | title | heading | none
    note: str                   # the words the decision rests on


def _period_patterns(rules: EditionRules):
    """(period name, regex of a mention, regex of a mention that names a plan) per period."""
    out = []
    for p in rules.periods:
        years = rf"{p.years[0]}\s*(?:年)?\s*[-—–~～至到]\s*{p.years[1]}"
        mention = rf"第{p.number}个五年|[{_QUOTES}]?{p.number}五[{_QUOTES}]?|{years}"
        # naming a plan: the period, then (within one phrase, not 时期/期间) 规划, 纲要 or 计划
        names = rf"(?:{mention})(?!\s*(?:时期|期间))[^\s\n。；，、：]{{0,12}}?(?:规划|纲要|计划)"
        out.append((p.name, re.compile(mention), re.compile(names)))
    return out


def _first(patterns, text: str, which: int) -> tuple[str, str] | None:
    """The period mentioned first in `text` (which=1: any mention, 2: a mention naming a plan)."""
    best = None
    for name, *regexes in patterns:
        m = regexes[which - 1].search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, m.group())
    return (best[1], best[2]) if best else None


def _plan_type(rules: EditionRules, text: str, city_names: tuple[str, ...]) -> tuple[str, str] | None:
    for t in rules.plan_types:
        for word in t.any:
            if word in text:
                if t.name == "sectoral" and _bare_period_plan(rules, text, city_names):
                    return "outline", f"{text.strip()[:40]} (a period plan named after the city alone)"
                return t.name, word
    return None


def _bare_period_plan(rules: EditionRules, title: str, city_names: tuple[str, ...]) -> bool:
    """丽水市“十四五”规划: nothing but the city (and an issuing formula) before the period plan."""
    for name, mention, _ in _period_patterns(rules):
        m = re.search(rf"(?:{mention.pattern})\s*(?:规划|计划)", title)
        if not m:
            continue
        before = title[:m.start()]
        for word in ("关于印发", "关于", "人民政府", "的通知", *sorted(city_names, key=len, reverse=True)):
            before = before.replace(word, "")
        return not _CJK.search(before)
    return False


def heading(text: str) -> str:
    """The first lines of a text (a cover or a first page names the document there)."""
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    return " ".join(lines[:HEADING_LINES])[:HEADING_CHARS]


def classify(title: str | None, text: str | None, rules: EditionRules, *, city_names: tuple[str, ...] = (),
             period: str | None = None, plan_type: str | None = None, period_source: str = "given",
             year: int | None = None) -> Edition:
    """Decide period and plan type; `period`/`plan_type` given by hand (or by the crawl source) win. The
    document's `year`, when nothing else names a period, is the last resort: the period holding it."""
    pats = _period_patterns(rules)
    title = title if title and _CJK.search(title) else ""
    head = heading(text or "")
    notes = []
    p_src = period_source if period else "none"
    if not period:
        for src, part, which in (("title", title, 1), ("heading", head, 2),
                                 ("text", (text or "")[:rules.head_chars], 2)):
            found = _first(pats, part, which) if part else None
            if found:
                period, p_src = found[0], src
                notes.append(f"period from {src}: “{found[1].strip(_QUOTES)}”")
                break
    if not period and year:
        for p in rules.periods:
            if p.years[0] <= int(year) <= p.years[1]:
                period, p_src = p.name, "year"
                notes.append(f"period from the document's year {year} (nothing in title or text names one)")
    t_src = "given" if plan_type else "none"
    if not plan_type:
        for src, part in (("title", title), ("heading", head)):
            found = _plan_type(rules, part, city_names) if part else None
            if found:
                plan_type, t_src = found[0], src
                notes.append(f"type from {src}: “{found[1]}”")
                break
    return Edition(period, plan_type or "other", p_src, t_src, "; ".join(notes))
