"""`score --evidence`: accepted review rows fill only the EMPTY yes/no cells of an indicator workbook.

A workbook value always wins; an accepted row that disagrees with it is listed. The filled cells get
origin ``evidence`` and each accepted row is stored with the score run (``leaf_evidence``), so
`explain` and the report show the sentence behind the cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..evidence.review import Review
from ..names import city_label, indicator_label
from .workbook import WorkbookData, empty_cells_problem
from ..store import evidence as store_evidence

RECORD_COLUMNS = ("city_code", "leaf", "value", "status", "workbook_value", "confidence", "basis", "sentence",
                  "document_id", "page", "title", "date", "url", "rules_version", "review", "review_sha256",
                  "review_row")


@dataclass
class Applied:
    review: Review
    workbook: WorkbookData                 # values with the filled cells, 'missing' findings recounted
    filled: pd.DataFrame                   # bool, cities × leaves: True where the cell took the evidence
    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def apply_review(wb: WorkbookData, review: Review) -> Applied:
    values = wb.values.copy()
    filled = pd.DataFrame(False, index=values.index, columns=values.columns)
    out = Applied(review, wb, filled)
    counts = {"filled": 0, "agrees": 0, "disagrees": 0}
    skipped = []
    for r in review.accepted:
        if r.leaf not in values.columns:
            skipped.append(f"{indicator_label(r.leaf)} (no such column in the workbook)")
            continue
        if r.city_code not in values.index:
            skipped.append(f"{city_label(r.city_code)} (no row in the workbook)")
            continue
        old = values.at[r.city_code, r.leaf]
        if pd.isna(old):
            values.at[r.city_code, r.leaf] = r.value
            filled.at[r.city_code, r.leaf] = True
            status = "filled"
        else:
            status = "agrees" if float(old) == r.value else "disagrees"
            if status == "disagrees":
                out.disagreements.append(
                    f"{city_label(r.city_code)} {indicator_label(r.leaf)}: the workbook has {old:g}, the accepted "
                    f"evidence {r.value:g} "
                    f"(review row {r.row}: 「{r.sentence[:60]}」 {r.title}); the workbook value is used")
        counts[status] += 1
        out.records.append({"city_code": r.city_code, "leaf": r.leaf, "value": r.value, "status": status,
                            "workbook_value": None if pd.isna(old) else float(old), "confidence": r.confidence,
                            "basis": r.basis, "sentence": r.sentence, "document_id": r.document_id, "page": r.page,
                            "title": r.title, "date": r.date, "url": r.url, "rules_version": r.rules_version,
                            "review": str(review.path), "review_sha256": review.sha256, "review_row": r.row})
    out.notes.append(f"evidence {review.path}: {len(review.accepted)} accepted row(s) of {review.rows}; "
                     f"{counts['filled']} empty yes/no cell(s) filled (origin 'evidence'), {counts['agrees']} agree "
                     f"and {counts['disagrees']} disagree with the workbook (the workbook value is used)")
    if skipped:
        out.notes.append(f"evidence rows not used: {', '.join(skipped[:10])}{' …' if len(skipped) > 10 else ''}")
    problems = [p for p in wb.problems
                if not (p.kind == "missing" and any(p.column == wb.columns.get(c)
                                                    for c in filled.columns[filled.any()]))]
    empty = {}
    for code, cells in wb.empty.items():
        left = [(n, c) for n, c in cells if not (code in filled.columns and filled.at[c, code])]
        if left:
            empty[code] = left
        if code in filled.columns and filled[code].any() and left:
            problems.append(empty_cells_problem(wb.sheet, wb.columns[code], [n for n, _ in left]))
    out.workbook = replace(wb, values=values, problems=problems, empty=empty)
    out.filled = filled
    return out


def store_records(conn, run_id: int, records: list[dict]) -> None:
    """Write the evidence rows of a score run (inside the run's transaction)."""
    store_evidence.add_run_rows(conn, run_id, RECORD_COLUMNS, [[_plain(r[c]) for c in RECORD_COLUMNS] for r in records])


def _plain(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v
