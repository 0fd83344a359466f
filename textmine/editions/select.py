"""Which document is counted for each city and plan period, how sure that is, and why every other one is not.

For a period, a city's plan documents of that period are decided in this order:
- not parsed (or failed): cannot count;
- documents that are not an outline (a 建议, 决议, 说明, evaluation, sectoral plan, interpretation, report …:
  corpora/editions.toml [[doc_type]]): never counted (audit still searches them);
- an outline that is not the city's own (a county's or district's, another city's, the province's, the
  nation's: its title or cover names that issuer): never counted, with that reason;
- final outlines: the surest one (confidence high before medium before low), then the most complete (most
  body characters; then PDF before DOCX before HTML, then the older document) is counted. Another outline
  whose text is contained in it (containment ≥ `copy_containment`) is a copy; one that is not is a
  *conflict*: two different texts both look like the outline, only one is counted;
- drafts (征求意见稿, 草案): counted only when the city has no final outline for the period, and marked.
A person's decision in the workspace (corpora/editions-decisions.csv, `textmine documents accept`) comes
before all of this. A city whose choice is uncertain — a conflict, a low-confidence outline, a draft, a
decision made before a new candidate arrived, or no outline but look-alikes (only a 建议, only a county
outline) — needs review (`CityChoice.review`). Nothing is ever summed across documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import formats
from ..errors import TextmineError
from ..store import Store
from ..store import editions as store_editions
from ..i18n import _, language
from ..nametable import lookup, shown
from ..stored_messages import shown_message
from .classifier import CONFIDENCE_ORDER, HIGH, LOW
from .corpus import stored_fingerprints
from .decisions import SHORT, ReviewDecision, load_decisions
from .fingerprints import similarity
from .quality import Quality, density_flags, page_quality
from .reasons import Reason
from ..edition_rules import EditionRules, load_rules
from .titles import NOT_THE_CITY

COUNTED, COPY, CONFLICT, SUPERSEDED, NOT_OUTLINE, NOT_PARSED, NOT_CITY, NOT_CHOSEN = (
    "counted", "copy", "conflict", "superseded draft", "not an outline", "not parsed", "not the city's",
    "not chosen in review")
NEEDED, REVIEWED, NOT_NEEDED = "needed", "reviewed", "not needed"


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
    doc_type: str = ""
    owner: str = "unknown"
    owner_name: str = ""
    confidence: str = HIGH
    doubts: str = ""
    sha256: str = ""
    parse_state: str = ""                  # for NOT_PARSED: "failed", "not yet" or "no text" (reason says it in words)
    needs_ocr: bool = False                # for a failed parse: its stored (English) reason names a scan

    @property
    def draft(self) -> bool:
        return self.status == COUNTED and self.plan_type == "draft"


@dataclass
class CityChoice:
    """One city × period: what is counted, how sure it is, and whether a person must look."""
    city_code: str
    period: str
    counted_id: int | None = None
    title: str = ""
    confidence: str = ""                   # of the counted document ("" when none is)
    reasons: list[str] = field(default_factory=list)       # what the choice rests on, and its doubts
    review: str = NOT_NEEDED               # needed | reviewed | not needed
    review_reasons: list[str] = field(default_factory=list)  # why a person must look
    why_none: str = ""                     # when nothing is counted: why
    candidates: list[int] = field(default_factory=list)    # outline-like documents considered
    decision: ReviewDecision | None = None
    quality: Quality | None = None         # parse quality of the counted document (pages without text, size,
                                           # density); its flags are among review_reasons (quality.py)
    not_parsed: list[str] = field(default_factory=list)     # documents of the period whose parse failed, and why

    @property
    def unreviewed(self) -> bool:
        return self.review == NEEDED


@dataclass
class Selection:
    period: str
    decisions: list[Decision] = field(default_factory=list)
    cities: dict[str, CityChoice] = field(default_factory=dict)

    @property
    def counted(self) -> dict[str, Decision]:
        """city code → the decision of the one document counted for it."""
        return {d.city_code: d for d in self.decisions if d.status == COUNTED}

    @property
    def conflicts(self) -> list[Decision]:
        return [d for d in self.decisions if d.status == CONFLICT]

    @property
    def unreviewed(self) -> list[CityChoice]:
        """The cities whose choice needs a person's review and has none in force."""
        return [c for c in self.cities.values() if c.unreviewed]


def _rank(d: Decision) -> tuple:
    return (CONFIDENCE_ORDER.get(d.confidence, 2), -(d.body_chars or 0), formats.preference(d.format), d.document_id)


def _label(rules: EditionRules, d: Decision) -> str:
    if d.doc_type:
        try:
            return rules.doc_type(d.doc_type).label
        except TextmineError:   # a type the rules no longer have: the document is classified again on use
            pass
    return rules.plan_type_of(d.plan_type).label if d.plan_type else "document"


def select_outlines(store: Store, period: str, rules: EditionRules | None = None,
                    decisions: dict | None = None) -> Selection:
    """Decide, for every plan document of `period`, whether it is the one counted for its city, and for every
    city holding one whether a person must review the choice. `decisions`: (code, period) → ReviewDecision
    (default: the workspace's corpora/editions-decisions.csv)."""
    rules = rules or load_rules()
    period = rules.check_period(period)
    decisions = load_decisions(rules=rules) if decisions is None else decisions
    rows = store_editions.period_candidates(store.conn, period)
    chosen = {d.sha256: key for key, d in decisions.items() if key[1] == period and d.decision == "count"}
    if chosen:   # a document chosen in review counts for the period even if its own period reads otherwise
        extra = store_editions.plans_by_hash(store.conn, list(chosen))
        have = {r["id"] for r in rows}
        rows += [r for r in extra if r["id"] not in have and chosen[r["sha256"]][0] == r["city_code"]]
    fps = stored_fingerprints(store, [r["id"] for r in rows])
    sel = Selection(period)
    by_city: dict[str, list[Decision]] = {}
    for r in rows:
        d = Decision(r["id"], r["city_code"], r["period"], r["plan_type"] or "other", r["title"] or r["source"],
                     r["format"], r["body_chars"], "", doc_type=r["doc_type"] or "", owner=r["owner"] or "unknown",
                     owner_name=r["owner_name"] or "", confidence=r["confidence"] or HIGH,
                     doubts=r["edition_doubts"] or "", sha256=r["sha256"])
        sel.decisions.append(d)
        by_city.setdefault(d.city_code, []).append(d)
        if r["status"] not in ("ok", "warning") or r["id"] not in fps:
            d.status, d.parse_state = NOT_PARSED, ("failed" if r["status"] == "failed" else "not yet")
            d.needs_ocr = d.parse_state == "failed" and _names_a_scan(_failure(r["warnings"]))
            d.reason = (_("parse failed: {why}").format(why=_failure(r["warnings"], shown_message))
                        if d.parse_state == "failed" else _("not parsed yet: run `textmine parse`"))
        elif not r["body_chars"]:       # parsed, but no text at all (a whitespace-only file, an empty page)
            d.status, d.parse_state = NOT_PARSED, "no text"
            d.reason = _("no text to count: the parse found none (an empty or whitespace-only file?)")
        elif d.plan_type not in ("outline", "draft"):
            t = rules.doc_type(d.doc_type) if d.doc_type in {x.name for x in rules.doc_types} else None
            d.status, d.reason = NOT_OUTLINE, _("a {label}: {why}").format(
                label=_label(rules, d), why=t.why if t else rules.plan_type_of(d.plan_type).why)
        elif d.owner not in ("city", "unknown"):
            d.status = NOT_CITY
            d.reason = _("the {label} of {owner} ({name}), not the city's own: its title or cover names that "
                         "issuer").format(label=_label(rules, d), owner=_owner(d.owner), name=d.owner_name)
    decided = {city: _decide_city(city, period, docs, decisions.get((city, period)), fps, rules)
               for city, docs in by_city.items()}
    # parse quality of each counted document (pages without text, size; density against the other cities')
    parse = {r["id"]: r for r in rows}
    quality = {}
    for city, (choice, pick, *_rest) in decided.items():
        if pick is not None:
            r = parse[pick.document_id]
            quality[pick.document_id] = choice.quality = page_quality(
                pick.document_id, r["warnings"], r["pages"], pick.body_chars, rules.min_body_chars)
    density_flags(store, quality, rules.density_ratio, rules.density_min_cities)
    for city, (choice, pick, in_period, undated, decision, forced) in decided.items():
        unparsed = [d for d in in_period + undated if d.status == NOT_PARSED and d.parse_state != "not yet"]
        choice.not_parsed = [f"#{d.document_id} 《{d.title}》: {d.reason}" for d in unparsed]
        choice.review_reasons = _review_reasons(choice, in_period, pick) + \
            (choice.quality.flags if choice.quality else []) + \
            [Reason(_("not parsed: {what}").format(what=n) + (_(" — read it with `textmine parse --ocr`")
                                                              if d.needs_ocr else ""), "not parsed")
             for d, n in zip(unparsed, choice.not_parsed)]
        _settle_review(choice, in_period + undated, decision, forced)
        sel.cities[city] = choice
    return sel


def _failure(warnings_json: str | None, say=str) -> str:
    """The stored reasons of a failed parse, each through `say` (textmine.stored_messages.shown_message: in the user's
    language; `str`: as stored, in English)."""
    import json

    try:
        return "; ".join(map(say, json.loads(warnings_json or "[]"))) or _("see `textmine status`")
    except json.JSONDecodeError:
        return _("see `textmine status`")


def _names_a_scan(reason: str) -> bool:
    """A stored (English) parse failure that OCR would mend."""
    return "OCR" in reason or "scan" in reason or "text layer" in reason


def _decide_city(city: str, period: str, docs: list[Decision], decision: ReviewDecision | None, fps,
                 rules: EditionRules) -> tuple:
    """(choice, the document picked or None, documents of the period, outline-like ones without a period, the
    decision, the document the decision forces): the review is settled once the parse quality is known."""
    choice = CityChoice(city, period, decision=decision)
    in_period = [d for d in docs if d.period == period or (decision and d.sha256 == decision.sha256)]
    undated = [d for d in docs if d not in in_period]          # outline-like documents with no period
    for d in undated:
        d.status = d.status or NOT_OUTLINE
        d.reason = d.reason or _("an outline whose period is not named: set it with `textmine documents set`")
    pool = [d for d in in_period if not d.status]
    finals = [d for d in pool if d.plan_type == "outline"] or pool
    choice.candidates = [d.document_id for d in in_period if d.status in ("", NOT_CITY) or d.status == NOT_OUTLINE
                         and _alone_review(rules, d) and d.owner in ("city", "unknown")] + [d.document_id for d in undated]
    forced = None
    if decision is not None and decision.decision == "count":
        forced = next((d for d in docs if d.sha256 == decision.sha256), None)
        if forced is not None and forced.status == NOT_PARSED:
            forced = None
    if decision is not None and decision.decision == "none":
        pick = None
    elif forced is not None:
        pick = forced
    else:
        pick = min(finals, key=_rank) if finals else None
    if pick is not None:
        pick.status, pick.counted_id = COUNTED, pick.document_id
        pick.reason = (_("the city's outline for {period}") if pick.plan_type == "outline" else
                       _("a DRAFT: the city has no final outline for {period}")).format(period=period)
        if pick is forced:
            pick.reason = _("chosen in review ({who}): ").format(who=_who(decision)) + pick.reason
        choice.counted_id, choice.title, choice.confidence = pick.document_id, pick.title, pick.confidence
        choice.reasons = [pick.reason] + ([pick.doubts] if pick.doubts else [])
        for d in pool + ([f for f in in_period if f.status == NOT_CITY and forced is not None]):
            if d is pick or d.status == COUNTED:
                continue
            sim = similarity(fps[d.document_id][0], fps[pick.document_id][0]) if d.document_id in fps and \
                pick.document_id in fps else None
            d.counted_id = pick.document_id
            d.containment = round(sim.containment, 3) if sim else None
            if d.plan_type == "draft" and pick.plan_type == "outline":
                d.status, d.reason = SUPERSEDED, _("a draft; the final outline #{id} is counted").format(
                    id=pick.document_id)
            elif sim and sim.containment >= rules.copy_containment:
                d.status = COPY
                d.reason = _("a copy of #{id} (containment {containment:.2f}), which is more complete ({chars:,} vs "
                             "{own:,} characters) or preferred").format(id=pick.document_id, containment=sim.containment,
                                                                       chars=pick.body_chars or 0,
                                                                       own=d.body_chars or 0)
            elif pick is forced:
                d.status, d.reason = NOT_CHOSEN, _("the review chose #{id} ({who})").format(id=pick.document_id,
                                                                                           who=_who(decision))
            elif d.status != NOT_CITY:
                d.status = CONFLICT
                d.reason = _("another {plan_type} text for {period} that differs from the counted #{id} (containment "
                             "{containment:.2f}); only one is counted: choose with `textmine documents accept`").format(
                    plan_type=shown("plan_type", d.plan_type), period=period, id=pick.document_id,
                    containment=sim.containment if sim else 0)
    else:
        for d in pool:
            d.status, d.reason = NOT_CHOSEN, _("the review found no outline for {period} ({who})").format(
                period=period, who=_who(decision))
        choice.why_none = _why_none(in_period + undated, period, rules, decision)
    return choice, pick, in_period, undated, decision, forced


def _owner(owner: str) -> str:
    """An issuer that is not the city, in the user's language ('the province' / 省级)."""
    n = lookup("owner", owner)
    return n.zh if n and language() == "zh" else NOT_THE_CITY.get(owner, owner)


def _who(d: ReviewDecision | None) -> str:
    """Who decided, when and why (for reasons); the file when the row says nothing more."""
    if d is None:
        return ""
    return ", ".join(x for x in (d.by, d.date, d.note) if x) or "corpora/editions-decisions.csv"


def _alone_review(rules: EditionRules, d: Decision) -> bool:
    return any(t.name == d.doc_type and t.alone == "review" for t in rules.doc_types)


def _why_none(docs: list[Decision], period: str, rules: EditionRules, decision) -> str:
    if decision is not None and decision.decision == "none":
        return _("the review found no outline for {period} ({who})").format(period=period, who=_who(decision))
    if not docs:
        return _("no plan document of {period}").format(period=period)
    parts: dict[str, list[str]] = {}
    for d in docs:
        if d.status == NOT_CITY:
            what = _("the outline of {owner} ({name})").format(owner=_owner(d.owner), name=d.owner_name)
        elif d.status == NOT_PARSED:
            what = (_("a document without text") if d.parse_state == "no text" else _("a document not parsed"))
        elif d.period is None:
            what = _("an outline without a period")
        elif d.owner not in ("city", "unknown"):
            what = _("a {label} of {owner} ({name})").format(label=_label(rules, d), owner=_owner(d.owner),
                                                             name=d.owner_name)
        else:
            what = _("a {label}").format(label=_label(rules, d))
        parts.setdefault(what, []).append(f"#{d.document_id}")
    return _("only {what} found").format(what="; ".join(f"{w} ({', '.join(ids)})" for w, ids in parts.items()))


def _review_reasons(choice: CityChoice, docs: list[Decision], pick: Decision | None) -> list[str]:
    out = []
    if pick is not None:
        if pick.confidence == LOW:
            out.append(Reason(_("the counted #{id} is uncertain: {doubts}").format(id=pick.document_id,
                                                                                   doubts=pick.doubts),
                              "uncertain outline"))
        if pick.plan_type == "draft":
            out.append(Reason(_("only a draft (#{id}) is counted: the city has no final outline for {period}").format(
                id=pick.document_id, period=choice.period), "draft"))
        conflicts = [d for d in docs if d.status == CONFLICT]
        if conflicts:
            out.append(Reason(_("{n} different outline texts: #{id} counted, {others} not").format(
                n=len(conflicts) + 1, id=pick.document_id, others=", ".join(f"#{d.document_id}" for d in conflicts)),
                "two outline texts"))
    elif choice.candidates:
        out.append(Reason(_("no outline counted: {why}").format(why=choice.why_none), "no outline counted"))
    return out


def _settle_review(choice: CityChoice, docs: list[Decision], decision: ReviewDecision | None,
                   forced: Decision | None) -> None:
    """needed / reviewed / not needed, given the reasons and a decision in force."""
    if decision is not None:
        if decision.decision == "count" and forced is None:
            choice.review = NEEDED
            choice.review_reasons.insert(0, Reason(_("the document chosen in review ({what}) is not in the corpus or "
                                                     "not parsed").format(what=decision.title or decision.sha256[:SHORT]),
                                                   "review choice missing"))
            return
        new = [d for d in docs if d.document_id in choice.candidates and d.sha256[:SHORT] not in decision.seen]
        if new:
            choice.review = NEEDED
            choice.review_reasons.insert(0, Reason(_("new since the review: {ids}").format(
                ids=", ".join(f"#{d.document_id}" for d in new)), "new since review"))
            return
        choice.review = REVIEWED
        return
    choice.review = NEEDED if choice.review_reasons else NOT_NEEDED
