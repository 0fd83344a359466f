"""The facts review sheet: proposed values a researcher accepts row by row before any of them reaches the index.

``write_review`` writes an xlsx with a ``review`` sheet (one row per city × leaf × data year: the value, its unit,
how it was stated or computed, the sentence or table cell, the document, and an empty ``accept`` column), a
``figures`` sheet (every figure read, accepted or refused with the reason) and an ``about`` sheet. ``read_review``
reads it back checking every accepted cell; ``accepted_facts`` is what `score --facts` takes: the accepted values
with their source (document, page, sentence or cell).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import atomic_path
from ..errors import TextmineError, UnknownCityError
from ..names import city_label, indicator_label
from ..registry import load_registry
from .output import FIGURE_COLUMNS, PROPOSAL_COLUMNS, figure_rows, proposal_rows, summary_line
from .propose import FactReport
from .rules import FactRules, load_rules

SHEET = "review"
REVIEW_COLUMNS = ["city", "code", "leaf", "name", "year", "proposed", "unit", "accept", "stated", "note", "conflicts",
                  "kind", "document_id", "title", "page", "where", "sentence", "url", "sources", "rules_version"]
REQUIRED = ("city", "leaf", "year", "proposed", "unit", "accept")
YES = {"是", "yes", "y", "1", "true", "接受", "accept", "✓", "x"}
NO = {"否", "no", "n", "0", "false", "不接受", "reject"}
INSTRUCTIONS = (
    "Read each row's sentence or table cell (and its document), then write 是 (or yes / 1) in its `accept` column to "
    "accept the proposed value; 否 or an empty cell leaves it out. A city's leaf can be accepted for one data year only "
    "(a workbook cell holds one value). Then `textmine score --data WORKBOOK --facts THIS_FILE` fills only the EMPTY "
    "cells of those leaves (origin 'document'); a workbook value always wins and one that differs beyond the "
    "tolerance of scoring/facts.toml is listed. Do not edit the other columns: the value, unit, sentence and source "
    "you accepted are stored with the score run. The `figures` sheet lists every figure read, with why it was "
    "accepted or refused.")


@dataclass
class AcceptedFact:
    """One accepted value and where it is printed: what `score --facts` fills a cell with."""
    row: int
    city_code: str
    leaf: str
    year: int
    value: float
    unit: str
    stated: str                    # as the document states it, or the formula of a computed leaf
    evidence: str                  # the sentence, or caption · row · column of a table cell
    document_id: int | None
    page: int | None
    title: str
    url: str
    sources: list[dict] = field(default_factory=list)   # every document behind a computed value
    rules_version: str = ""


@dataclass
class FactReview:
    path: Path
    sha256: str
    accepted: list[AcceptedFact] = field(default_factory=list)
    rows: int = 0


def write_review(report: FactReport, path: str | Path) -> Path:
    """The review workbook for ``report`` (atomically)."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(REVIEW_COLUMNS)
    for r in proposal_rows(report):
        r = {**r, "proposed": r["value"], "accept": None}
        ws.append([r.get(c) for c in REVIEW_COLUMNS])
    col = get_column_letter(REVIEW_COLUMNS.index("accept") + 1)
    dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True, error="是 (accept) or 否 (leave out)",
                        errorTitle="accept")
    ws.add_data_validation(dv)
    dv.add(f"{col}2:{col}{max(ws.max_row, 2)}")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws[f"{col}1"].fill = PatternFill("solid", fgColor="FFF59D")
    ws.freeze_panes = "A2"
    widths = {"city": 12, "name": 24, "stated": 60, "note": 30, "conflicts": 30, "title": 36, "where": 30,
              "sentence": 80, "url": 36, "sources": 30}
    for i, c in enumerate(REVIEW_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(c, 10)
    figs = wb.create_sheet("figures")
    figs.append(FIGURE_COLUMNS)
    for r in figure_rows(report):
        figs.append([r.get(c) for c in FIGURE_COLUMNS])
    figs.freeze_panes = "A2"
    about = wb.create_sheet("about")
    for k, v in (("what", "textmine facts review sheet: yearbook leaves proposed from the documents of the corpus"),
                 ("rules_version", report.rules_version), ("generated", datetime.now(timezone.utc).isoformat()),
                 ("summary", summary_line(report)), ("how to review", INSTRUCTIONS)):
        about.append([k, v])
    for u in report.unread:
        about.append(["not read", f"#{u['document_id']} {u.get('city', '')} {u['kind']} {u['title']}: {u['why']}"])
    about.column_dimensions["B"].width = 120
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def read_review(path: str | Path, rules: FactRules | None = None) -> FactReview:
    """The accepted rows of a facts review sheet; every problem (sheet, cell) raises one TextmineError."""
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"{path}: no such review sheet (write one with `textmine facts --format xlsx --out FILE`)")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TextmineError(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        if SHEET not in wb.sheetnames:
            raise TextmineError(f"{path}: no sheet {SHEET!r} (sheets: {', '.join(wb.sheetnames)}); write the review "
                                "sheet with `textmine facts --format xlsx --out FILE`")
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    heads = [_text(h).lower() for h in (rows[0] if rows else [])]
    missing = [c for c in REQUIRED if c not in heads]
    if missing:
        raise TextmineError(f"{path}: sheet {SHEET} row 1: missing column(s) {', '.join(missing)} — is this a "
                            "`textmine facts` review sheet (not an evidence one)?")
    col = {h: i for i, h in enumerate(heads) if h}
    letter = {h: get_column_letter(i + 1) for h, i in col.items()}
    rules = rules or load_rules()
    reg = load_registry()
    review = FactReview(path, hashlib.sha256(path.read_bytes()).hexdigest())
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for n, row in enumerate(rows[1:], start=2):
        cell = lambda name: row[col[name]] if name in col and col[name] < len(row) else None  # noqa: E731
        if all(_text(v) == "" for v in row):
            continue
        review.rows += 1
        at = lambda name: f"{SHEET}!{letter.get(name, '?')}{n}"  # noqa: E731
        decision = _text(cell("accept")).lower()
        if decision and decision not in YES | NO:
            problems.append(f"{at('accept')}: {cell('accept')!r} is not 是/否 (yes/no, 1/0); leave it empty to skip")
            continue
        if decision not in YES:
            continue
        fact, problem = _accepted(n, cell, at, reg, rules)
        if problem:
            problems.append(problem)
            continue
        if (fact.city_code, fact.leaf) in seen:
            problems.append(f"{at('leaf')}: {city_label(fact.city_code)} {indicator_label(fact.leaf)} is accepted "
                            f"twice (also row {seen[(fact.city_code, fact.leaf)]}); a workbook cell holds one value: "
                            "accept one data year")
            continue
        seen[(fact.city_code, fact.leaf)] = n
        review.accepted.append(fact)
    if problems:
        raise TextmineError(f"{path}: {len(problems)} problem(s) in the review sheet; nothing was scored:\n  "
                            + "\n  ".join(problems))
    return review


def _accepted(n, cell, at, reg, rules: FactRules) -> tuple[AcceptedFact | None, str | None]:
    try:
        city = reg.resolve(_text(cell("city")) or _text(cell("code")))
    except UnknownCityError as exc:
        return None, f"{at('city')}: {exc}"
    leaf = _text(cell("leaf")).upper()
    if leaf not in rules.leaves:
        return None, f"{at('leaf')}: {leaf!r} is not a leaf scoring/facts.toml declares ({', '.join(rules.leaves)})"
    year = cell("year")
    if not isinstance(year, (int, float)) or not 1949 <= int(year) <= 2100:
        return None, f"{at('year')}: {year!r} is not a data year (1949-2100)"
    value = cell("proposed")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None, f"{at('proposed')}: only a proposed number can be accepted, the row has {value!r}"
    unit = _text(cell("unit"))
    if unit != rules.leaves[leaf].unit:
        return None, (f"{at('unit')}: {leaf}'s values are in {rules.leaves[leaf].unit!r} (scoring/facts.toml), the row "
                      f"says {unit!r}; do not edit the proposed value or its unit — leave the row out instead")
    doc, page = cell("document_id"), cell("page")
    try:
        sources = json.loads(_text(cell("sources")) or "[]")
    except json.JSONDecodeError:
        sources = []
    return AcceptedFact(n, city.code, leaf, int(year), float(value), unit, _text(cell("stated")),
                        _text(cell("sentence")), int(doc) if isinstance(doc, (int, float)) else None,
                        int(page) if isinstance(page, (int, float)) else None, _text(cell("title")), _text(cell("url")),
                        sources if isinstance(sources, list) else [], _text(cell("rules_version"))), None


def accepted_facts(path: str | Path) -> list[AcceptedFact]:
    """The accepted values of a facts review sheet with their source: what the scoring inputs take."""
    return read_review(path).accepted
