"""`score --evidence`: accepted review rows fill only the EMPTY yes/no cells of an indicator workbook.

A workbook value always wins; an accepted row that disagrees with it is listed. The filled cells get
origin ``evidence`` and each accepted row is stored with the score run (``leaf_evidence``), so
`explain` and the report show the sentence behind the cell.
"""
from __future__ import annotations

import numpy as np

from ..evidence.review import Review
from ..names import city_label, indicator_label
from .cell_fill import AGREES, Applied, DISAGREES, FILLED, fill_empty_cells, skipped_note
from .workbook import WorkbookData
from ..store import evidence as store_evidence

RECORD_COLUMNS = ("city_code", "leaf", "value", "status", "workbook_value", "confidence", "basis", "sentence",
                  "document_id", "page", "title", "date", "url", "rules_version", "review", "review_sha256",
                  "review_row")


def apply_review(wb: WorkbookData, review: Review) -> Applied:
    fill = fill_empty_cells(wb, review.accepted, differs=lambda old, new: old != new)
    out = Applied(review, fill.workbook, fill.filled)
    for o in fill.outcomes:
        r = o.row
        if o.status == DISAGREES:
            out.disagreements.append(
                f"{city_label(r.city_code)} {indicator_label(r.leaf)}: the workbook has {o.workbook_value:g}, the "
                f"accepted evidence {r.value:g} "
                f"(review row {r.row}: 「{r.sentence[:60]}」 {r.title}); the workbook value is used")
        out.records.append({"city_code": r.city_code, "leaf": r.leaf, "value": r.value, "status": o.status,
                            "workbook_value": o.workbook_value, "confidence": r.confidence,
                            "basis": r.basis, "sentence": r.sentence, "document_id": r.document_id, "page": r.page,
                            "title": r.title, "date": r.date, "url": r.url, "rules_version": r.rules_version,
                            "review": str(review.path), "review_sha256": review.sha256, "review_row": r.row})
    out.notes.append(f"evidence {review.path}: {len(review.accepted)} accepted row(s) of {review.rows}; "
                     f"{fill.count(FILLED)} empty yes/no cell(s) filled (origin 'evidence'), {fill.count(AGREES)} "
                     f"agree and {fill.count(DISAGREES)} disagree with the workbook (the workbook value is used)")
    out.notes += skipped_note("evidence", fill.skipped)
    return out


def store_records(conn, run_id: int, records: list[dict]) -> None:
    """Write the evidence rows of a score run (inside the run's transaction)."""
    store_evidence.add_run_rows(conn, run_id, RECORD_COLUMNS, [[_plain(r[c]) for c in RECORD_COLUMNS] for r in records])


def _plain(v):
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v
