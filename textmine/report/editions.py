"""The report's account of plan editions: which outline each city's planning indicators count, which
cities have none for the period, and — when the corpus holds outlines of the next (or previous) period —
the refresh view: the change per city, the biggest movers and the terms gained.

Reads the store (`textmine.count`, `textmine.editions`); `analysis.analyse` turns the section into
tables and a map.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..count.indicators import counted_documents, planning_indicators
from ..count.periods import compare_periods
from ..count.state import version_text
from ..editions import load_rules, review_warning
from ..i18n import language, speaking
from ..registry import load_registry

MOVERS = 15
TERMS_GAINED = 20


@dataclass
class EditionsSection:
    period: str
    counted: pd.DataFrame                 # per city with a counted outline: document, draft, other documents
    missing: pd.DataFrame                 # cities without a counted outline for the period, and why
    review: pd.DataFrame | None = None    # outline choices that need review and have none (textmine.editions)
    review_warning: str | None = None
    compare: tuple[str, str] | None = None
    change: pd.Series | None = None       # per city: change in all-category terms per 10,000 characters
    movers: pd.DataFrame | None = None
    gained: pd.DataFrame | None = None
    lexicon: str | None = None            # the one lexicon version both periods were counted with


def _total_density(ind: pd.DataFrame) -> pd.Series:
    total = ind[[c for c in ind.columns if f"{c}_distinct" in ind.columns]].sum(axis=1, min_count=1)
    return (1e4 * total / ind["plan_chars"]).where(ind["has_plan"])


def editions_section(store, period: str | None = None, mode: str | None = None,
                     warning_language: str | None = None) -> EditionsSection:
    """The report's section on the outlines counted; `review_warning` in `warning_language` (the user's, for the
    command line, while the section itself is made in Chinese), by default the language in force."""
    period, sel = counted_documents(store, period)
    ind = planning_indicators(store, mode, period, selection=sel)         # the outlines chosen once
    reg = load_registry()
    others: dict[str, list[str]] = {}
    for d in sel.decisions:
        if d.status != "counted":
            others.setdefault(d.city_code, []).append(f"#{d.document_id} {d.status}")
    counted = []
    review = {"needed": "待复核", "reviewed": "已复核", "not needed": ""}
    for code, d in sel.counted.items():
        c, choice = reg.by_code(code), sel.cities.get(code)
        counted.append({"city_code": code, "name": c.name, "province": c.province, "document": f"#{d.document_id}",
                        "title": d.title, "draft": "草案/征求意见稿" if d.draft else "",
                        "confidence": d.confidence, "review": review.get(choice.review, "") if choice else "",
                        "not_counted": "；".join(others.get(code, []))})
    missing = []
    for c in reg:
        if c.code in sel.counted:
            continue
        choice = sel.cities.get(c.code)
        why = ind.at[c.code, "missing_reason"] or (choice.why_none if choice and choice.why_none else "") or \
            "；".join(others.get(c.code, [])) or f"语料中没有{period}规划纲要"
        missing.append({"city_code": c.code, "name": c.name, "province": c.province, "reason": why,
                        "review": review.get(choice.review, "") if choice else ""})
    todo = pd.DataFrame([{"city_code": ch.city_code, "name": reg.by_code(ch.city_code).name,
                          "document": f"#{ch.counted_id}" if ch.counted_id else "",
                          "why": "；".join(ch.review_reasons)} for ch in sel.unreviewed])
    with speaking(warning_language or language()):
        warning = review_warning(sel)
    sec = EditionsSection(period, pd.DataFrame(counted), pd.DataFrame(missing), todo if len(todo) else None, warning)

    names = load_rules().period_names
    i = names.index(period)
    pair = None
    for other in ([names[i + 1]] if i + 1 < len(names) else []) + ([names[i - 1]] if i > 0 else []):
        if counted_documents(store, other)[1].counted:
            pair = (period, other) if names.index(other) > i else (other, period)
            break
    if pair is None:
        return sec
    old, new = pair
    a, b = planning_indicators(store, mode, old), planning_indicators(store, mode, new)
    change = (_total_density(b) - _total_density(a)).dropna()
    if not len(change):
        return sec
    sec.compare, sec.change = pair, change.rename(f"{old}→{new}")
    rows = compare_periods(store, old, new, mode)     # refuses counts of two lexicon versions side by side
    sec.lexicon = version_text({r["category"]: r["lexicon_version"] for r in rows})
    movers = change.abs().sort_values(ascending=False).index[:MOVERS]
    sec.movers = pd.DataFrame([{"city_code": c, "name": reg.by_code(c).name, "province": reg.by_code(c).province,
                                f"{old}每万字": round(float(_total_density(a)[c]), 2),
                                f"{new}每万字": round(float(_total_density(b)[c]), 2),
                                "change": round(float(change[c]), 2)} for c in movers])
    gained: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        for t in filter(None, (r["terms_gained"] or "").split("、")):
            gained.setdefault((r["category"], t), []).append(r["city"])
    top = sorted(gained.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TERMS_GAINED]
    sec.gained = pd.DataFrame([{"category": c, "term": t, "cities": len(v), "examples": "、".join(v[:5])}
                               for (c, t), v in top])
    return sec
