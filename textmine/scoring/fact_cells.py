"""`score --facts`: accepted facts fill only the EMPTY cells of an indicator workbook, with their source.

A workbook value always wins; an accepted value that differs from it by more than the tolerance of
scoring/facts.toml is listed. The filled cells get origin ``document`` and every accepted row is stored with the
score run (``leaf_facts``), so `explain` and the report show the sentence or table cell behind the cell. The
accepted values come from ``accepted_facts`` (textmine.facts.review): a list of values with their source, the one
hook between this stage and the scoring inputs.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..facts.review import FactReview
from ..names import city_label, indicator_label
from .cell_fill import AGREES, Applied, DISAGREES, FILLED, fill_empty_cells, skipped_note
from .workbook import WorkbookData
from ..store import facts as store_facts

RECORD_COLUMNS = ("city_code", "leaf", "value", "unit", "year", "status", "workbook_value", "stated", "evidence",
                  "document_id", "page", "title", "url", "sources", "rules_version", "review", "review_sha256",
                  "review_row")


AppliedFacts = Applied        # the facts review applied (the same shape as the evidence one)


def apply_facts(wb: WorkbookData, review: FactReview, tolerance: float) -> AppliedFacts:
    fill = fill_empty_cells(wb, review.accepted,
                            differs=lambda old, new: abs(old - new) > tolerance * max(abs(old), 1e-12))
    out = AppliedFacts(review, fill.workbook, fill.filled)
    years: dict = {}
    for o in fill.outcomes:
        r = o.row
        if o.status == FILLED:
            years[r.year] = years.get(r.year, 0) + 1
        elif o.status == DISAGREES:
            out.disagreements.append(
                f"{city_label(r.city_code)} {indicator_label(r.leaf)}: the workbook has {o.workbook_value:g}, the "
                f"accepted document value {r.value:g} {r.unit} ({r.year}; review row {r.row}: {r.stated} — "
                f"{r.title} p.{r.page}) differs by more than {tolerance:.1%}; the workbook value is used")
        out.records.append({"city_code": r.city_code, "leaf": r.leaf, "value": r.value, "unit": r.unit,
                            "year": r.year, "status": o.status, "workbook_value": o.workbook_value,
                            "stated": r.stated, "evidence": r.evidence, "document_id": r.document_id, "page": r.page,
                            "title": r.title, "url": r.url, "sources": json.dumps(r.sources, ensure_ascii=False),
                            "rules_version": r.rules_version, "review": str(review.path),
                            "review_sha256": review.sha256, "review_row": r.row})
    by_year = ", ".join(f"{n} of data year {y}" for y, n in sorted(years.items()))
    out.notes.append(f"facts {Path(review.path)}: {len(review.accepted)} accepted row(s) of {review.rows}; "
                     f"{fill.count(FILLED)} empty cell(s) filled from documents (origin 'document'"
                     + (f"; {by_year}" if by_year else "") + f"), {fill.count(AGREES)} agree and "
                     f"{fill.count(DISAGREES)} differ from the workbook beyond {tolerance:.1%} (the workbook value "
                     f"is used)")
    out.notes += skipped_note("facts", fill.skipped)
    return out


def store_records(conn, run_id: int, records: list[dict]) -> None:
    """Write the facts rows of a score run (inside the run's transaction)."""
    store_facts.add_run_rows(conn, run_id, RECORD_COLUMNS, [[r[c] for c in RECORD_COLUMNS] for r in records])
