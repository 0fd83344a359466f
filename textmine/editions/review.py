"""The review of outline choices: the state every command that uses the planning counts reports on.

    outline_state(store, period=None) -> Selection   per city: counted document, confidence, reasons, review
                                                     status, why no outline (`Selection.cities`)
    review_warning(sel) -> str | None                the one line count/score/run/report print while choices
                                                     are unreviewed
    require_reviewed(sel)                            raises UnreviewedChoices (what `--strict` does)
    missing_summary(sel, cities) -> str              why the cities without a counted outline have none
    review_rows(store, period=None, …) -> rows       the review queue (`textmine documents review`)
    accept_choice(store, city, period, …)            record a person's decision (`textmine documents accept`)
"""
from __future__ import annotations

import datetime as dt
import getpass
from collections import Counter

from ..errors import TextmineError
from ..i18n import _
from ..registry import load_registry, resolve_city
from ..store import Store
from ..store import documents as store_documents
from ..store import editions as store_editions
from .decisions import SHORT, ReviewDecision, record_decision
from ..edition_rules import load_rules
from .select import NEEDED, Selection, select_outlines
from ..reference import reference
from .corpus import refresh_editions

SHOWN = 5       # cities named in a one-line warning


class UnreviewedChoices(TextmineError):
    """`--strict`: some city's outline choice needs review and has none."""


def _period(period: str | None) -> str:
    if period:
        return load_rules().check_period(period)

    return reference().period


def outline_state(store: Store, period: str | None = None) -> Selection:
    """The choice of every city holding a plan document of `period` (default: the model's), documents classified
    first (cheap when nothing changed), review decisions of the workspace applied."""
    rules = load_rules()
    refresh_editions(store, rules)
    return select_outlines(store, _period(period), rules)


def _name(code: str) -> str:
    return load_registry().by_code(code).name


def review_warning(sel: Selection) -> str | None:
    """'2 outline choice(s) for 十五五 need review: 湖州市 (…), 衢州市 (…); `textmine documents review`', or None."""
    todo = sel.unreviewed
    if not todo:
        return None
    shown = _("; ").join(_("{city} ({reason})").format(city=_name(c.city_code), reason=c.review_reasons[0]
                                                         if c.review_reasons else _("uncertain"))
                         for c in todo[:SHOWN])
    more = _("; and {n} more").format(n=len(todo) - SHOWN) if len(todo) > SHOWN else ""
    return _("{n} outline choice(s) for {period} need review and have none: {shown}{more} — see `textmine documents "
             "review --period {period}`, decide with `textmine documents accept`").format(
        n=len(todo), period=sel.period, shown=shown, more=more)


def require_reviewed(sel: Selection) -> None:
    """Refuse (`--strict`) while any city's choice needs review."""
    line = review_warning(sel)
    if line:
        raise UnreviewedChoices(_("strict: ") + line)


def missing_summary(sel: Selection) -> str:
    """'4 without an outline: 2 no plan document of 十五五, 1 only a 建议 found, …' (every city of the registry;
    '337 without an outline (no plan document of 十五五)' when there is one reason)."""
    codes = [c.code for c in load_registry()]
    counted = set(sel.counted)
    why = Counter()
    for code in codes:
        if code in counted:
            continue
        c = sel.cities.get(code)
        reason = c.why_none if c and c.why_none else _("no plan document of {period}").format(period=sel.period)
        why[_generic(reason)] += 1
    total = sum(why.values())
    if not total:
        return ""
    if len(why) == 1:
        return _("{n} without an outline ({why})").format(n=total, why=next(iter(why)))
    return _("{n} without an outline: {reasons}").format(n=total, reasons=_(", ").join(
        _("{n} {reason}").format(n=n, reason=w) for w, n in why.most_common()))


def _generic(reason: str) -> str:
    """'only a 建议 (#12) found' → 'only a 建议 found' (so cities add up by reason)."""
    import re

    return re.sub(r"\s*\((?:#\d+(?:, )?)+\)", "", reason)


def review_rows(store: Store, period: str | None = None, *, city: str | None = None, everything: bool = False
                ) -> list[dict]:
    """The review queue: one row per city × period that needs review (with `everything`, every city holding a
    plan document of the period). Without `period`, every period the corpus holds plan documents of."""
    rules = load_rules()
    if period:
        periods = [rules.check_period(period)]
    else:
        periods = store_editions.plan_periods(store.conn)
        periods = [p for p in rules.period_names if p in periods]
    code = resolve_city(city).code if city else None
    out = []
    for p in periods:
        sel = outline_state(store, p)
        by_id = {d.document_id: d for d in sel.decisions}
        for c in sorted(sel.cities.values(), key=lambda c: c.city_code):
            if code and c.city_code != code or not everything and c.review != NEEDED:
                continue
            out.append({"city": _name(c.city_code), "code": c.city_code, "period": p, "review": c.review,
                        "counted": f"#{c.counted_id}" if c.counted_id else "", "confidence": c.confidence,
                        "why": _("; ").join(c.review_reasons) or _("; ").join(c.reasons) or c.why_none,
                        "candidates": " ".join(f"#{i}({by_id[i].status})" for i in c.candidates if i in by_id),
                        "title": c.title,
                        "decided": (f"{c.decision.decision} {c.decision.date} {c.decision.by}".strip()
                                    if c.decision else "")})
    return out


def accept_choice(store: Store, city: str, period: str | None = None, *, document_id: int | None = None,
                  none: bool = False, note: str = "", by: str | None = None) -> ReviewDecision:
    """Record a person's decision for `city` and `period` in the workspace (corpora/editions-decisions.csv):
    count `document_id` (default: the document counted now), or `none` (the city has no outline for the period).
    The candidates seen are recorded, so a later one puts the city back in the queue."""
    period = _period(period)
    c = resolve_city(city)
    if none and document_id is not None:
        raise TextmineError("give either a document to count (`document_id`) or `none`, not both")
    sel = outline_state(store, period)
    choice = sel.cities.get(c.code)
    if choice is None and not none:
        raise TextmineError(f"{c.name} has no plan document of {period} in the corpus: nothing to choose "
                            f"(record that it has none with `none`)")
    docs = {d.document_id: d for d in sel.decisions if d.city_code == c.code}
    if document_id is None and not none:
        if choice.counted_id is None:
            raise TextmineError(f"nothing is counted for {c.name} {period} now ({choice.why_none}); give the document "
                                f"to count (`document_id`) or record that it has none (`none`)")
        document_id = choice.counted_id
    sha = title = ""
    if document_id is not None:
        row = store_documents.document(store.conn, int(document_id))
        if row is None:
            raise TextmineError(f"no document with id {document_id}; see `textmine documents list --city {c.name}`")
        if row["city_code"] != c.code or row["kind"] != "plan":
            raise TextmineError(f"document #{document_id} is not a plan document of {c.name} (it is filed under "
                                f"{_name(row['city_code'])} as {row['kind']}); re-ingest it under the right city")
        sha, title = row["sha256"], row["title"] or row["source"]
    seen = frozenset(d.sha256[:SHORT] for i, d in docs.items() if choice and i in choice.candidates) | \
        ({sha[:SHORT]} if sha else frozenset())
    decision = ReviewDecision(c.name, c.code, period, "none" if none else "count", sha, title, seen,
                              by or getpass.getuser(), dt.date.today().isoformat(), note)
    record_decision(decision)
    return decision

