"""Which document is counted for each city and plan period, and why every other one is not.

For a period, a city's plan documents of that period are decided in this order:
- not parsed (or failed): cannot count;
- sectoral plans, interpretations and documents not recognised as plans: never counted (audit still
  searches them);
- final outlines: the most complete one (most body characters; then PDF before DOCX before HTML,
  then the older document) is counted. Another outline whose text is contained in it (containment ≥
  `copy_containment` in corpora/editions.toml) is a copy; one that is not is a *conflict*: two
  different texts both look like the outline, only one is counted and the listing says so;
- drafts (征求意见稿, 草案): counted only when the city has no final outline for the period (the
  same rule among drafts), and marked as a draft wherever the count is shown; otherwise superseded.
Nothing is ever summed across documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..store import Store
from .corpus import stored_fingerprints
from .fingerprint import similarity
from .rules import EditionRules, load_rules

FORMAT_PREFERENCE = ("pdf", "docx", "ofd", "doc", "wps", "html", "txt")

COUNTED, COPY, CONFLICT, SUPERSEDED, NOT_OUTLINE, NOT_PARSED = (
    "counted", "copy", "conflict", "superseded draft", "not an outline", "not parsed")


@dataclass
class Decision:
    document_id: int
    city_code: str
    period: str | None
    plan_type: str
    title: str
    format: str
    body_chars: int | None
    status: str
    counted_id: int | None = None          # the document counted for this city and period
    containment: float | None = None       # of this document's text in the counted one (or the reverse)
    reason: str = ""

    @property
    def draft(self) -> bool:
        return self.status == COUNTED and self.plan_type == "draft"


@dataclass
class Selection:
    period: str
    decisions: list[Decision] = field(default_factory=list)

    @property
    def counted(self) -> dict[str, Decision]:
        """city code → the decision of the one document counted for it."""
        return {d.city_code: d for d in self.decisions if d.status == COUNTED}

    @property
    def conflicts(self) -> list[Decision]:
        return [d for d in self.decisions if d.status == CONFLICT]


def _rank(d: Decision) -> tuple:
    fmt = FORMAT_PREFERENCE.index(d.format) if d.format in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
    return (-(d.body_chars or 0), fmt, d.document_id)


def select_outlines(store: Store, period: str, rules: EditionRules | None = None) -> Selection:
    """Decide, for every plan document of `period`, whether it is the one counted for its city."""
    rules = rules or load_rules()
    period = rules.check_period(period)
    rows = store.conn.execute(
        "SELECT d.id, d.city_code, d.period, d.plan_type, d.title, d.format, d.source, p.status, f.body_chars "
        "FROM documents d LEFT JOIN parses p ON p.document_id = d.id "
        "LEFT JOIN fingerprints f ON f.document_id = d.id AND f.parsed_at = p.parsed_at "
        "WHERE d.kind = 'plan' AND d.period = ? ORDER BY d.city_code, d.id", (period,)).fetchall()
    fps = stored_fingerprints(store, [r["id"] for r in rows])
    sel = Selection(period)
    by_city: dict[str, list[Decision]] = {}
    why = {t.name: t.why for t in rules.plan_types}
    for r in rows:
        d = Decision(r["id"], r["city_code"], r["period"], r["plan_type"] or "other", r["title"] or r["source"],
                     r["format"], r["body_chars"], "")
        sel.decisions.append(d)
        if r["status"] not in ("ok", "warning") or r["id"] not in fps:
            d.status, d.reason = NOT_PARSED, ("parse failed: see `textmine status`" if r["status"] == "failed"
                                              else "not parsed yet: run `textmine parse`")
        elif d.plan_type not in ("outline", "draft"):
            d.status, d.reason = NOT_OUTLINE, f"plan type {d.plan_type}: {why.get(d.plan_type, '')}"
        else:
            by_city.setdefault(d.city_code, []).append(d)
    for city, docs in by_city.items():
        finals = [d for d in docs if d.plan_type == "outline"]
        pool = finals or docs
        pick = min(pool, key=_rank)
        pick.status, pick.counted_id = COUNTED, pick.document_id
        pick.reason = ("the city's outline for " + period if pick.plan_type == "outline" else
                       f"a DRAFT: the city has no final outline for {period}")
        for d in pool:
            if d is pick:
                continue
            sim = similarity(fps[d.document_id][0], fps[pick.document_id][0])
            d.counted_id, d.containment = pick.document_id, round(sim.containment, 3)
            if sim.containment >= rules.copy_containment:
                d.status = COPY
                d.reason = (f"a copy of #{pick.document_id} (containment {sim.containment:.2f}), which is more "
                            f"complete ({pick.body_chars:,} vs {d.body_chars:,} characters) or preferred")
            else:
                d.status = CONFLICT
                d.reason = (f"another {d.plan_type} text for {period} that differs from the counted #{pick.document_id}"
                            f" (containment {sim.containment:.2f}); only one is counted: set the right types with "
                            f"`textmine documents set`")
        for d in docs:
            if not d.status:
                d.status, d.counted_id = SUPERSEDED, pick.document_id
                d.reason = f"a draft; the final outline #{pick.document_id} is counted"
    return sel
