"""`score --facts`: accepted facts fill only the EMPTY cells of an indicator workbook, with their source.

A workbook value always wins; an accepted value that differs from it by more than the tolerance of
scoring/facts.toml is listed. The filled cells get origin ``document`` and every accepted row is stored with the
score run (``leaf_facts``), so `explain` and the report show the sentence or table cell behind the cell. The
accepted values come from ``accepted_facts`` (textmine.facts.review): a list of values with their source, the one
hook between this stage and the scoring inputs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..facts.review import FactReview
from ..names import city_label, indicator_label
from .workbook import WorkbookData, with_filled
from ..store import facts as store_facts

RECORD_COLUMNS = ("city_code", "leaf", "value", "unit", "year", "status", "workbook_value", "stated", "evidence",
                  "document_id", "page", "title", "url", "sources", "rules_version", "review", "review_sha256",
                  "review_row")


@dataclass
class AppliedFacts:
    review: FactReview
    workbook: WorkbookData                 # values with the filled cells, 'missing' findings recounted
    filled: pd.DataFrame                   # bool, cities × leaves: True where the cell took a document's value
    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def apply_facts(wb: WorkbookData, review: FactReview, tolerance: float) -> AppliedFacts:
    values = wb.values.copy()
    filled = pd.DataFrame(False, index=values.index, columns=values.columns)
    out = AppliedFacts(review, wb, filled)
    counts = {"filled": 0, "agrees": 0, "disagrees": 0}
    skipped, years = [], {}
    for r in review.accepted:
        if r.leaf not in values.columns or r.city_code not in values.index:
            skipped.append(f"{city_label(r.city_code)} {indicator_label(r.leaf)} (no such cell in the workbook)")
            continue
        old = values.at[r.city_code, r.leaf]
        if pd.isna(old):
            values.at[r.city_code, r.leaf] = r.value
            filled.at[r.city_code, r.leaf] = True
            status = "filled"
            years[r.year] = years.get(r.year, 0) + 1
        else:
            off = abs(float(old) - r.value) > tolerance * max(abs(float(old)), 1e-12)
            status = "disagrees" if off else "agrees"
            if off:
                out.disagreements.append(
                    f"{city_label(r.city_code)} {indicator_label(r.leaf)}: the workbook has {float(old):g}, the "
                    f"accepted document value {r.value:g} {r.unit} ({r.year}; review row {r.row}: {r.stated} — "
                    f"{r.title} p.{r.page}) differs by more than {tolerance:.1%}; the workbook value is used")
        counts[status] += 1
        out.records.append({"city_code": r.city_code, "leaf": r.leaf, "value": r.value, "unit": r.unit,
                            "year": r.year, "status": status, "workbook_value": None if pd.isna(old) else float(old),
                            "stated": r.stated, "evidence": r.evidence, "document_id": r.document_id, "page": r.page,
                            "title": r.title, "url": r.url, "sources": json.dumps(r.sources, ensure_ascii=False),
                            "rules_version": r.rules_version, "review": str(review.path),
                            "review_sha256": review.sha256, "review_row": r.row})
    by_year = ", ".join(f"{n} of data year {y}" for y, n in sorted(years.items()))
    out.notes.append(f"facts {Path(review.path)}: {len(review.accepted)} accepted row(s) of {review.rows}; "
                     f"{counts['filled']} empty cell(s) filled from documents (origin 'document'"
                     + (f"; {by_year}" if by_year else "") + f"), {counts['agrees']} agree and {counts['disagrees']} "
                     f"differ from the workbook beyond {tolerance:.1%} (the workbook value is used)")
    if skipped:
        out.notes.append(f"facts rows not used: {', '.join(skipped[:10])}{' …' if len(skipped) > 10 else ''}")
    out.workbook = with_filled(wb, values, filled)
    out.filled = filled
    return out


def store_records(conn, run_id: int, records: list[dict]) -> None:
    """Write the facts rows of a score run (inside the run's transaction)."""
    store_facts.add_run_rows(conn, run_id, RECORD_COLUMNS, [[r[c] for c in RECORD_COLUMNS] for r in records])
