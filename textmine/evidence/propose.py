"""`propose_evidence`: for every city and yes/no leaf a proposed value with its confidence and evidence.

- **1** — at least one accepted adoption sentence. Confidence 1 − Π(1 − cᵢ) over the best sentence of
  each document (capped at 0.99); the evidence shown is the most confident one.
- **0** — searched, nothing accepted: the city has parsed documents of the kinds the leaf reads, or a
  complete `crawl policy` search of the leaf's queries on its portal. Confidence ``searched`` after such
  a search, ``documents`` otherwise, times ``near_miss`` when candidates were rejected (the first
  rejected sentence is shown with the exclusion that fired). Its basis says what was searched: how many
  documents of which genres and years were read, and the stances of the candidates set aside.
- **blank** — not searchable yet: no such document and no such search (or a leaf no document can
  answer, listed under ``not_searched`` in common.toml).

A city's answer combines all its documents. Each proposal carries ``flags``: why a reviewer should look
at it before accepting (a 1 resting on a sentence whose government is unknown, or in a part of a report
whose kind is unknown; a 0 where a sentence worded as done was set aside by an exclusion or by a
county acting, was planned only because of the part of the document it is in, or where a regulation
makes the thing a duty: its other articles may put it in force).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..dates import find_dates
from ..registry import City, load_registry, resolve_city
from ..progress import Progress, progress_or_none
from ..store import Store
from ..store import evidence as store_evidence
from ..store import pages as store_pages
from .rules import RuleSet, load_rules, yesno_leaves
from .scan import CityScan, Finding, Scanner

_DATE_LABEL = re.compile(r"(?:发布|印发|成文|公布|发文)(?:日期|时间)\s*[:：]?\s*")
BASIS_TEXT = {
    "named": "the city is named in the sentence",
    "own_city": "我市/本市 in the city's own document",
    "county": "a county of the city is named (the leaf counts counties)",
    "issuer": "no government in the sentence; the document's title or head names the city",
    "unknown": "no government in the sentence or the document's head; found in the city's corpus",
    "higher_also": "the city is named, but a province or ministry is the subject",
}


@dataclass
class Proposal:
    city: City
    leaf: str
    leaf_name: str
    value: float | None
    confidence: float | None
    basis: str
    evidence: Finding | None = None
    accepted: list[Finding] = field(default_factory=list)
    rejected: list[Finding] = field(default_factory=list)
    documents: int = 0
    searched: bool = False
    read: list = field(default_factory=list)          # the Documents read for this leaf (genre, year)
    flags: list[str] = field(default_factory=list)    # why a reviewer should look at it first

    @property
    def status(self) -> str:
        if self.evidence is None:
            return ""
        return "accepted" if self.evidence.accepted else "rejected"


@dataclass
class EvidenceReport:
    proposals: list[Proposal]
    rules_version: str
    dates: dict[int, str] = field(default_factory=dict)     # document id -> date shown
    chars: int = 0

    def summary(self) -> dict:
        vals = [p.value for p in self.proposals]
        return {"proposals": len(vals), "yes": vals.count(1.0), "no": vals.count(0.0),
                "blank": sum(v is None for v in vals), "rules": self.rules_version, "chars": self.chars}


def _searches(store: Store, rules: RuleSet) -> dict[tuple[str, str], tuple[bool, int]]:
    """(city, leaf) -> (a complete search of every current query exists, queries searched)."""
    by_job: dict[tuple[str, str, int], dict[str, int]] = {}
    for r in store_evidence.searches(store.conn):
        by_job.setdefault((r["city_code"], r["leaf"], r["job_id"]), {})[r["query"]] = r["complete"]
    out: dict[tuple[str, str], tuple[bool, int]] = {}
    for (city, leaf, _), queries in by_job.items():
        rule = rules.leaves.get(leaf)
        need = set(rule.queries) if rule else set()
        complete = bool(need) and (need <= set(queries) or "" in queries) and all(queries.values())
        old = out.get((city, leaf), (False, 0))
        out[(city, leaf)] = (old[0] or complete, max(old[1], len(queries)))
    return out


def document_date(store: Store, doc_id: int, year: int | None) -> str | None:
    """The date a document carries: the portal's listing date, a labelled date (发布日期：…), the last
    full Chinese date (a notice's signature), the first numeric date of its head, else its year."""
    listed = store_evidence.first_listing_date(store.conn, doc_id)
    if listed:
        return listed
    text = "\n".join(store_pages.page_texts(store.conn, doc_id))
    dates = [d for d in find_dates(text) if d.iso]      # textmine.dates: calendar dates only
    labelled = {m.end() for m in _DATE_LABEL.finditer(text)}
    signed = [d for d in dates if d.form == "ymd" and d.text.endswith("日")]
    for found in ([d for d in dates if d.start in labelled], signed[-1:],
                  [d for d in dates if d.form == "numeric" and d.end <= 300]):
        if found:
            return found[0].iso
    return str(year) if year else None


def propose_evidence(store: Store, cities: list[str] | None = None, leaves: list[str] | None = None, *,
                     rules: RuleSet | str | None = None,
                     progress: Progress | None = None) -> EvidenceReport:
    """Proposed values for the given cities (all 339 by default) and leaves (all yes/no leaves)."""
    rules = rules if isinstance(rules, RuleSet) else load_rules(rules)
    names = yesno_leaves()
    wanted = [code.strip().upper() for code in leaves] if leaves else list(names)
    selected = rules.select([c for c in wanted if c not in rules.common.not_searched])
    reg = load_registry()
    chosen = list(dict.fromkeys(resolve_city(c) for c in cities)) if cities else list(reg)
    scanner = Scanner(rules, selected)
    searches = _searches(store, rules)
    conf = rules.common.confidence
    report = EvidenceReport([], rules.version)
    tell = progress_or_none(progress)
    for n, city in enumerate(chosen, 1):
        scan = scanner.scan(store, city.code)
        report.chars += scan.chars
        for code in wanted:
            if code in rules.common.not_searched:
                report.proposals.append(Proposal(city, code, names.get(code, ""), None, None,
                                                 f"not searchable: {rules.common.not_searched[code]}"))
                continue
            report.proposals.append(_proposal(city, rules.leaves[code], scan, searches, conf))
        tell(f"evidence: {city.name}", n, len(chosen))
    for p in report.proposals:
        for f in ([p.evidence] if p.evidence else []) + p.accepted + p.rejected:
            if f.document.id not in report.dates:
                report.dates[f.document.id] = document_date(store, f.document.id, f.document.year)
    return report


def searched_text(read: list, kinds: tuple[str, ...] = ()) -> str:
    """What was read, by genre and year: "3 policy document(s) — 政府工作报告 2021–2024 (2); 统计公报 2025"."""
    by: dict[str, list[int | None]] = {}
    for d in read:
        by.setdefault(d.genre.label, []).append(d.plan_year or d.year)
    parts = []
    for label, years in sorted(by.items(), key=lambda kv: -len(kv[1])):
        ys = sorted({y for y in years if y})
        span = "" if not ys else f" {ys[0]}" if len(ys) == 1 else f" {ys[0]}–{ys[-1]}"
        parts.append(f"{label}{span}" + (f" ({len(years)})" if len(years) > 1 else ""))
    kind = "/".join(kinds) + " " if kinds else ""
    return f"{len(read)} {kind}document(s) — " + "; ".join(parts) if read else f"no {kind}document"


def _stances(found: list[Finding]) -> str:
    counts: dict[str, int] = {}
    for f in found:
        counts[f.verdict.stance] = counts.get(f.verdict.stance, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))


_PARTED = ("work_report", "budget", "outline", "proposal")


def _flags(p: Proposal) -> list[str]:
    """Why a reviewer should look at this proposal before accepting it."""
    out = []
    if p.value == 1.0:
        v = p.evidence.verdict
        if v.basis in ("unknown", "higher_also"):
            out.append(f"who acts is not clear ({v.basis})")
        if p.evidence.document.genre.name in _PARTED and p.evidence.part == "none":
            out.append("the part of the report it is in (review or plan) is not known")
        if p.confidence is not None and p.confidence < 0.7:
            out.append("confidence below 0.7")
    elif p.value == 0.0:
        done = [f for f in p.rejected if f.verdict.stance == "done"]
        if done:
            out.append(f"a sentence worded as done was set aside ({done[0].verdict.exclusion})")
        if any(f.verdict.exclusion == "county" for f in p.rejected):
            out.append("a county of the city did it")
        if any(f.verdict.stance_rule == "plan_part" and f.verdict.stance == "planned" for f in p.rejected):
            out.append("planned only because of the part of the document it is in")
        if any(f.verdict.stance == "obligation" and f.document.genre.name == "regulation" for f in p.rejected):
            out.append("a regulation makes it a duty: its other articles may put it in force")
    return out


def _proposal(city: City, rule, scan: CityScan, searches: dict, conf: dict) -> Proposal:
    found = scan.findings.get(rule.leaf, [])
    accepted = [f for f in found if f.accepted]
    rejected = [f for f in found if not f.accepted]
    docs = sum(scan.documents.get(k, 0) for k in rule.kinds)
    searched, queries = searches.get((city.code, rule.leaf), (False, 0))
    p = Proposal(city, rule.leaf, rule.name_zh, None, None, "", accepted=accepted, rejected=rejected,
                 documents=docs, searched=searched)
    p.read = [d for d in scan.read.values() if d.kind in rule.kinds]
    what = searched_text(p.read, rule.kinds)
    if accepted:
        best: dict[int, Finding] = {}
        for f in accepted:
            if f.document.id not in best or f.verdict.confidence > best[f.document.id].verdict.confidence:
                best[f.document.id] = f
        p.value = 1.0
        p.confidence = round(min(0.99, 1 - math.prod(1 - f.verdict.confidence for f in best.values())), 3)
        p.evidence = min(accepted, key=lambda f: (-f.verdict.confidence, f.document.id, f.page, f.offset))
        extra = f"; {len(best)} documents agree" if len(best) > 1 else ""
        p.basis = f"{BASIS_TEXT[p.evidence.verdict.basis]}{extra}; read {what}"
    elif docs or searched:
        p.value = 0.0
        c = conf["searched"] if searched else conf["documents"]
        how = (f"searched on the portal ({queries} queries) and " if searched else "not searched on the portal; ")
        p.basis = f"{how}read {what}: no sentence states it as done or in force for {city.name}"
        if rejected:
            c *= conf["near_miss"]
            p.evidence = min(rejected, key=lambda f: (-f.verdict.pattern.confidence, -len(f.sentence), f.document.id,
                                                      f.page, f.offset))   # the one with the most context
            p.basis += f"; {len(rejected)} candidate(s) set aside: {_stances(rejected)}"
        p.confidence = round(c, 3)
    else:
        p.basis = (f"not searchable yet: no parsed document of kinds {'/'.join(rule.kinds)} for this city and no "
                   f"policy search of its portal")
    p.flags = _flags(p)
    return p
