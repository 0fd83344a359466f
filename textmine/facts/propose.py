"""`propose_facts`: for every city, leaf and data year a proposed value with the sentence or cell behind it.

Every figure a city's documents state is read (``Reader`` for sentences, ``read_table`` for table cells) and
accepted or refused with its reason. Per figure and year the accepted statement of the best document kind
wins (the figure's ``kinds`` order: a 决算 before a budget report's 快报 before a communiqué), an exact phrase
before a near one; others that differ by more than the tolerance are listed as conflicts. A leaf is that
figure in the leaf's unit, or a ratio of figures of the same city and year (per person, share of spending),
computed with exact decimals and said as a formula with every input's source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..names import indicator_label
from ..progress import Progress, progress_or_none
from ..registry import City, load_registry, resolve_city
from ..store import Store
from ..store import facts as store_facts
from .cells import read_table
from .documents import city_documents
from .model import Candidate
from .reading import Reader
from .rules import KINDS, FactRules, Leaf, load_rules
from .tables import document_tables

DERIVED_PLACES = Decimal("0.0001")


@dataclass
class FactProposal:
    city: City
    leaf: str
    name: str
    year: int
    value: Decimal
    unit: str
    inputs: list[Candidate]
    formula: str
    note: str = ""
    conflicts: list[str] = field(default_factory=list)

    @property
    def main(self) -> Candidate:
        """The input whose document and sentence stand for the value (the numerator for a ratio)."""
        return self.inputs[0]


@dataclass
class FactReport:
    proposals: list[FactProposal]
    candidates: list[tuple[City, Candidate]]
    rules_version: str
    unread: list[dict] = field(default_factory=list)        # documents not read, with why
    documents: dict[str, int] = field(default_factory=dict)  # city code -> documents read

    def summary(self) -> dict:
        accepted = sum(c.accepted for _, c in self.candidates)
        return {"proposals": len(self.proposals), "cities": len({p.city.code for p in self.proposals}),
                "documents": sum(self.documents.values()), "figures": len(self.candidates), "accepted": accepted,
                "refused": len(self.candidates) - accepted, "unread": len(self.unread), "rules": self.rules_version}


def _fmt(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def stated(c: Candidate) -> str:
    return f"{c.phrase} {c.stated}".strip()


def _choose(rules: FactRules, cands: list[Candidate]) -> tuple[Candidate, list[str]]:
    fig = rules.figures[cands[0].figure]
    order = {k: i for i, k in enumerate(fig.kinds)}
    ranked = sorted(cands, key=lambda c: (order.get(c.document.kind, 99), bool(c.note), c.source != "text",
                                          c.document.id, c.page, c.offset))
    best = ranked[0]
    conflicts, seen = [], set()
    for c in ranked[1:]:
        if best.base and abs(c.base - best.base) > abs(best.base) * Decimal(repr(rules.tolerance)):
            key = (c.document.id, c.base)
            if key not in seen:
                seen.add(key)
                conflicts.append(f"#{c.document.id} {c.document.kind} p.{c.page}: {stated(c)}")
    return best, conflicts


def derive(rules: FactRules, leaf: Leaf, chosen: dict[str, Candidate]) -> tuple[Decimal, str]:
    """(value in the leaf's unit, formula) from the chosen figures (base units)."""
    if leaf.figure:
        c = chosen[leaf.figure]
        value = c.base / rules.unit_factor(leaf.unit, rules.figures[leaf.figure].quantity)
        same = c.unit == leaf.unit and c.value == value
        return value.normalize(), stated(c) if same else f"{stated(c)} = {_fmt(value)}{leaf.unit}"
    num = Decimal(0)
    parts = []
    for k in leaf.numerator:
        sign, key = (-1, k[1:]) if k.startswith("-") else (1, k)
        num += sign * chosen[key].base
        parts.append(("− " if sign < 0 else ("+ " if parts else "")) + stated(chosen[key]))
    den = chosen[leaf.denominator]
    if leaf.unit == "%":
        value = num / den.base * 100
    else:
        value = num / den.base / rules.unit_factor(leaf.unit)
    value = value.quantize(DERIVED_PLACES)
    top = " ".join(parts)
    top = f"({top})" if len(leaf.numerator) > 1 else top
    return value, f"{top} ÷ {stated(den)}{' × 100' if leaf.unit == '%' else ''} = {_fmt(value)}{leaf.unit}"


def city_candidates(store: Store, rules: FactRules, reader: Reader, city: City, figures: set[str]):
    docs, unread = city_documents(store, rules, city.code, reader.marks.gaz)
    out: list[Candidate] = []
    for d in docs:
        for para in d.paragraphs():
            out.extend(reader.read(para, d.info, city.code, figures))
        tables, problem = document_tables(store, d.sha256, d.format)
        if problem:
            unread.append({"document_id": d.info.id, "kind": d.info.kind, "title": d.info.title, "why": problem})
        for t in tables:
            out.extend(read_table(reader, t, d.info, city.code, figures))
    return docs, unread, out


def propose_facts(store: Store, cities: list[str] | None = None, leaves: list[str] | None = None, *,
                  years: list[int] | None = None, rules: FactRules | str | None = None,
                  progress: Progress | None = None) -> FactReport:
    """Proposed values for the given cities (every city with facts documents by default) and leaves (all
    declared in scoring/facts.toml), for the given data years (all found by default)."""
    rules = load_rules(rules)
    chosen_leaves = rules.select(leaves)
    figures = {k for lf in chosen_leaves for k in lf.inputs}
    if cities:
        selected = list(dict.fromkeys(resolve_city(c) for c in cities))
    else:
        with_docs = store_facts.cities_with_kinds(store.conn, KINDS)
        selected = [c for c in load_registry() if c.code in with_docs]
    reader = Reader(rules)
    report = FactReport([], [], rules.version)
    tell = progress_or_none(progress)
    for n, city in enumerate(selected):
        tell(f"facts: {city.name}", n, len(selected))
        docs, unread, cands = city_candidates(store, rules, reader, city, figures)
        report.documents[city.code] = len(docs)
        report.unread += [{**u, "city": city.name} for u in unread]
        report.candidates += [(city, c) for c in cands]
        by_key: dict[tuple[str, int], list[Candidate]] = {}
        for c in cands:
            if c.accepted and (not years or c.year in years):
                by_key.setdefault((c.figure, c.year), []).append(c)
        best = {k: _choose(rules, v) for k, v in by_key.items()}
        for leaf in chosen_leaves:
            for year in sorted({y for (f, y) in best if f in leaf.inputs}):
                if not all((k, year) in best for k in leaf.inputs):
                    continue
                chosen = {k: best[(k, year)][0] for k in leaf.inputs}
                value, formula = derive(rules, leaf, chosen)
                conflicts = [f"{rules.figures[k].name}: {x}" for k in leaf.inputs for x in best[(k, year)][1]]
                report.proposals.append(FactProposal(
                    city, leaf.code, indicator_label(leaf.code).split(" ", 1)[-1], year, value, leaf.unit,
                    [chosen[k] for k in leaf.inputs], formula,
                    "; ".join(x for x in [leaf.note] + [c.note for c in chosen.values() if c.note] if x), conflicts))
    tell("facts", len(selected), len(selected))
    return report
