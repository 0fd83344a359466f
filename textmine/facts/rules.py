"""The facts rules (scoring/facts.toml): how each yearbook leaf is stated in the documents, checked as a whole.

``load_rules()`` returns a ``FactRules`` or raises ``FactRulesError`` listing every problem as file:line (the
same for `textmine facts rules`, which lists them). What a rule means is in docs/facts.md.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..datacsv import read_dicts
from ..datatoml import read_toml_text
from ..errors import TextmineError
from ..evidence.tomlpos import Locator
from ..resources import data_path

KINDS = ("communique", "budget", "final_accounts", "water_bulletin")
STAGES = ("outcome", "plan", "")
SCOPES = ("city", "")
MARKER_LISTS = ("city", "own_level", "sub_area", "province", "outcome", "estimate", "plan", "budget_ratio", "plan_gap", "part_year",
                "multi_year", "change", "share", "gap", "approx_before", "approx_after", "comparison", "unit_breakers")


class FactRulesError(TextmineError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the facts rules:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Kind:
    key: str
    name: str
    year_before: tuple[str, ...]
    stage: str
    scope: str
    queries: tuple[str, ...]


@dataclass(frozen=True)
class Quantity:
    key: str
    base: str
    forms: dict[str, Decimal]          # unit as written -> factor to the base unit
    refuse: tuple[str, ...] = ()       # units that look like this quantity's but are not readable as it


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    quantity: str
    kinds: tuple[str, ...]
    phrases: tuple[str, ...]
    near: dict[str, str]
    confusables: tuple[str, ...]
    table_rows: tuple[str, ...]
    table_caption: tuple[str, ...] = ()   # a table's caption or header must hold one of these (when given)
    budget: str = ""                       # 一般公共预算: refused under a heading of another budget


@dataclass(frozen=True)
class ElidedForm:
    words: tuple[str, ...]
    figure: str                        # "" = the figure named last before it in the sentence
    budget: str


@dataclass(frozen=True)
class Leaf:
    code: str
    unit: str                          # as documents write it: 亿元, 元/人, %
    figure: str | None = None          # the leaf is this figure
    numerator: tuple[str, ...] = ()    # or a ratio: "-key" subtracts
    denominator: str | None = None
    note: str = ""

    @property
    def inputs(self) -> tuple[str, ...]:
        if self.figure:
            return (self.figure,)
        return tuple(k.lstrip("-") for k in self.numerator) + ((self.denominator,) if self.denominator else ())


@dataclass
class FactRules:
    path: Path
    version: str
    tolerance: float
    kinds: dict[str, Kind]
    markers: dict[str, tuple[str, ...]]
    quantities: dict[str, Quantity]
    leaf_units: dict[str, str]
    figures: dict[str, Figure]
    leaves: dict[str, Leaf]
    not_stated: dict[str, str] = field(default_factory=dict)
    elided: list[ElidedForm] = field(default_factory=list)
    budgets: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()

    def unit_factor(self, unit: str, quantity: str | None = None) -> Decimal | None:
        """Factor of a unit as written (万元, 元/人, %) to its base; None when not a known form."""
        if "/" in unit:
            top, bottom = unit.split("/", 1)
            a, b = self.unit_factor(top), self.unit_factor(bottom)
            return None if a is None or b is None else a / b
        for q in self.quantities.values():
            if (quantity is None or q.key == quantity) and unit in q.forms:
                return q.forms[unit]
        return None

    def quantity_of(self, unit: str) -> str | None:
        return next((q.key for q in self.quantities.values() if unit in q.forms), None)

    def select(self, leaves: list[str] | None) -> list[Leaf]:
        if not leaves:
            return list(self.leaves.values())
        out = []
        for code in leaves:
            code = code.strip().upper()
            if code in self.not_stated:
                raise TextmineError(f"{code} is not read from documents: {self.not_stated[code]} ({self.path})")
            if code not in self.leaves:
                raise TextmineError(f"{code} is not a leaf the facts rules declare; one of {', '.join(self.leaves)}"
                                    f" ({self.path})")
            out.append(self.leaves[code])
        return out


def _strs(value, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def rules_path(path: str | Path | None = None) -> Path:
    return Path(path) if path else data_path("scoring", "facts.toml")


def check_rules(path: str | Path | None = None) -> tuple[FactRules | None, list[str]]:
    """(rules or None, problems as 'file:line: message')."""
    path = rules_path(path)
    if not path.is_file():
        return None, [f"{path}: no facts rules file (scoring/facts.toml; `textmine init --force` puts back the default)"]
    try:
        raw, text = read_toml_text(path)
    except TextmineError as exc:
        return None, [str(exc)]
    loc, problems = Locator(text), []

    def at(table, index, key=None) -> str:
        return f"{path}:{loc.key(table, index, key) if key else loc.table(table, index)}"

    kinds: dict[str, Kind] = {}
    for key, k in (raw.get("kinds") or {}).items():
        where = f"{path}:{loc.table(f'kinds.{key}', 0)}"
        if key not in KINDS:
            problems.append(f"{where}: kind {key!r} is not a document kind textmine ingests ({', '.join(KINDS)})")
            continue
        if k.get("stage", "") not in STAGES or k.get("scope", "") not in SCOPES:
            problems.append(f"{where}: stage must be outcome, plan or empty; scope city or empty")
        kinds[key] = Kind(key, str(k.get("name", key)), _strs(k.get("year_before"), f"{where} year_before", problems),
                          k.get("stage", ""), k.get("scope", ""), _strs(k.get("queries"), f"{where} queries", problems))
    for key in KINDS:
        if key not in kinds:
            problems.append(f"{path}: no [kinds.{key}] table")
    mk = raw.get("markers") or {}
    markers = {name: _strs(mk.get(name), f"{at('markers', 0, name)} {name}", problems) for name in MARKER_LISTS}
    quantities: dict[str, Quantity] = {}
    for key, q in (raw.get("units") or {}).items():
        where = f"{path}:{loc.table(f'units.{key}', 0)}"
        forms = q.get("forms") or {}
        bad = [u for u, f in forms.items() if not isinstance(f, (int, float)) or f <= 0]
        if not forms or bad or q.get("base") not in forms:
            problems.append(f"{where}: units.{key} needs forms (unit = positive factor) including its base unit"
                            + (f"; bad factor of {', '.join(bad)}" if bad else ""))
            continue
        quantities[key] = Quantity(key, q["base"], {u: Decimal(repr(float(f))) for u, f in forms.items()},
                                   _strs(q.get("refuse"), f"{where} refuse", problems))
    leaf_units = {str(k): str(v) for k, v in (raw.get("leaf_units") or {}).items()}
    figures: dict[str, Figure] = {}
    seen_phrase: dict[str, str] = {}
    for i, f in enumerate(raw.get("figure") or []):
        where = at("figure", i)
        key = f.get("key")
        if not isinstance(key, str) or not key or key in figures:
            problems.append(f"{where}: every [[figure]] needs a unique key")
            continue
        if f.get("quantity") not in quantities:
            problems.append(f"{at('figure', i, 'quantity')}: quantity {f.get('quantity')!r} is not one of "
                            f"{', '.join(quantities)} ([units.*])")
        fk = _strs(f.get("kinds"), f"{at('figure', i, 'kinds')} kinds", problems)
        for k in fk:
            if k not in KINDS:
                problems.append(f"{at('figure', i, 'kinds')}: {k!r} is not a document kind ({', '.join(KINDS)})")
        phrases = _strs(f.get("phrases"), f"{at('figure', i, 'phrases')} phrases", problems)
        near = f.get("near") or {}
        if not isinstance(near, dict) or not all(isinstance(v, str) for v in near.values()):
            problems.append(f"{at('figure', i, 'near')}: near must map a phrase to its note")
            near = {}
        if not phrases:
            problems.append(f"{where}: figure {key} needs phrases")
        for p in phrases + tuple(near):
            if p in seen_phrase:
                problems.append(f"{path}:{loc.value('figure', i, 'phrases', p)}: {p!r} is also a phrase of "
                                f"{seen_phrase[p]}")
            seen_phrase[p] = key
        conf = _strs(f.get("confusables"), f"{at('figure', i, 'confusables')} confusables", problems)
        for c in conf:
            if c in phrases or c in near:
                problems.append(f"{path}:{loc.value('figure', i, 'confusables', c)}: {c!r} is both a phrase and a "
                                "confusable")
        figures[key] = Figure(key, str(f.get("name", key)), f.get("quantity", ""), fk, phrases,
                              {str(k): str(v) for k, v in near.items()}, conf,
                              _strs(f.get("table_rows"), f"{at('figure', i, 'table_rows')} table_rows", problems)
                              or phrases,
                              _strs(f.get("table_caption"), f"{at('figure', i, 'table_caption')} table_caption",
                                    problems), str(f.get("budget", "")))
    leaves: dict[str, Leaf] = {}
    yearbook = _yearbook_leaves()
    not_stated = {str(k).upper(): str(v) for k, v in (raw.get("not_stated") or {}).items()}
    for i, lf in enumerate(raw.get("leaf") or []):
        where = at("leaf", i)
        code = str(lf.get("code", "")).upper()
        if code not in yearbook:
            problems.append(f"{where}: {code or '(no code)'} is not a leaf with source = yearbook in "
                            "scoring/indicators.csv")
            continue
        if code in leaves or code in not_stated:
            problems.append(f"{where}: {code} is declared twice (or also under [not_stated])")
            continue
        leaf = Leaf(code, str(lf.get("unit", "")), lf.get("figure"),
                    tuple(lf.get("numerator") or ()), lf.get("denominator"), str(lf.get("note", "")))
        if bool(leaf.figure) == bool(leaf.numerator):
            problems.append(f"{where}: {code} needs either figure = KEY or numerator = [KEYS] (with a denominator)")
            continue
        if leaf.numerator and not leaf.denominator:
            problems.append(f"{where}: {code} has a numerator but no denominator")
        for k in leaf.inputs:
            if k not in figures:
                problems.append(f"{where}: {code} uses {k!r}, which is no [[figure]] key ({', '.join(figures)})")
        if leaf_units.get(yearbook[code]) != leaf.unit:
            problems.append(f"{at('leaf', i, 'unit')}: {code} unit {leaf.unit!r} is not the leaf's unit "
                            f"{yearbook[code]!r} of scoring/indicators.csv as [leaf_units] writes it "
                            f"({leaf_units.get(yearbook[code], 'not listed')!r})")
        leaves[code] = leaf
        if leaf.figure in figures and leaf.unit not in quantities.get(figures[leaf.figure].quantity,
                                                                      Quantity("", "", {})).forms:
            problems.append(f"{at('leaf', i, 'unit')}: {code} unit {leaf.unit!r} is not a unit of "
                            f"{figures[leaf.figure].quantity}")
    for f in figures.values():
        if f.budget and f.budget not in (raw.get("elided") or {}).get("budgets", []):
            problems.append(f"{path}: figure {f.key} budget {f.budget!r} is not one of [elided] budgets")
    for code in sorted(set(yearbook) - set(leaves) - set(not_stated)):
        problems.append(f"{path}: yearbook leaf {code} is neither a [[leaf]] nor listed under [not_stated] (say why)")
    el = raw.get("elided") or {}
    forms = []
    for i, f in enumerate(el.get("form") or []):
        where = f"{path}:{loc.table('elided.form', i)}"
        words = _strs(f.get("words"), f"{where} words", problems)
        if f.get("figure", "") and f.get("figure") not in figures:
            problems.append(f"{where}: figure {f.get('figure')!r} is no [[figure]] key")
        if f.get("budget") not in el.get("budgets", []):
            problems.append(f"{where}: budget {f.get('budget')!r} is not one of [elided] budgets")
        forms.append(ElidedForm(words, str(f.get("figure", "")), str(f.get("budget", ""))))
    rules = FactRules(path, f"{raw.get('version', '?')}+{hashlib.sha256(text.encode()).hexdigest()[:8]}",
                      float((raw.get("review") or {}).get("tolerance", 0.005)), kinds, markers, quantities,
                      leaf_units, figures, leaves, not_stated, forms,
                      _strs(el.get("budgets"), f"{path} [elided] budgets", problems),
                      _strs(el.get("openers"), f"{path} [elided] openers", problems))
    return (None if problems else rules), problems


def load_rules(path: str | Path | None = None) -> FactRules:
    if isinstance(path, FactRules):
        return path
    rules, problems = check_rules(path)
    if problems:
        raise FactRulesError(problems)
    return rules


def _yearbook_leaves() -> dict[str, str]:
    """code -> unit of the leaves scoring/indicators.csv reads from the yearbook."""
    rows = read_dicts(data_path("scoring", "indicators.csv"))
    return {r["code"].strip(): r["unit"].strip() for r in rows if (r.get("source") or "").strip() == "yearbook"}
