"""Accepted values from documents into the EMPTY cells of an indicator workbook: the loop `score --evidence`
(evidence_cells) and `score --facts` (fact_cells) share. A workbook value always wins; each accepted row gets a
status: filled (the cell was empty), agrees or disagrees (the cell had a value, which is used)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from ..names import city_label, indicator_label
from .workbook import WorkbookData, with_filled

FILLED, AGREES, DISAGREES = "filled", "agrees", "disagrees"


@dataclass
class Outcome:
    row: object                     # the accepted row (has city_code, leaf, value)
    status: str                     # filled | agrees | disagrees
    workbook_value: float | None    # the value the workbook had, None where the cell was empty


@dataclass
class Filling:
    workbook: WorkbookData          # values with the filled cells, 'missing' findings recounted
    filled: pd.DataFrame            # bool, cities × leaves: True where the cell took the accepted value
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # rows with no cell in the workbook, and why

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass
class Applied:
    """An accepted review (evidence or facts) applied to a workbook: what `score --evidence/--facts` scores."""
    review: object                         # the review (evidence.review.Review, facts.review.FactReview)
    workbook: WorkbookData                 # values with the filled cells, 'missing' findings recounted
    filled: pd.DataFrame                   # bool, cities × leaves: True where the cell took the accepted value
    records: list[dict] = field(default_factory=list)     # every accepted row, stored with the run
    notes: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def fill_empty_cells(wb: WorkbookData, rows: Iterable, differs: Callable[[float, float], bool]) -> Filling:
    """Each accepted row against the workbook: an empty cell takes its value; a filled one keeps its own, and the
    row agrees or disagrees with it as `differs(workbook value, accepted value)` says."""
    values = wb.values.copy()
    filled = pd.DataFrame(False, index=values.index, columns=values.columns)
    out = Filling(wb, filled)
    for r in rows:
        if r.leaf not in values.columns:
            out.skipped.append(f"{indicator_label(r.leaf)} (no such column in the workbook)")
            continue
        if r.city_code not in values.index:
            out.skipped.append(f"{city_label(r.city_code)} (no row in the workbook)")
            continue
        old = values.at[r.city_code, r.leaf]
        if pd.isna(old):
            values.at[r.city_code, r.leaf] = r.value
            filled.at[r.city_code, r.leaf] = True
            out.outcomes.append(Outcome(r, FILLED, None))
        else:
            out.outcomes.append(Outcome(r, DISAGREES if differs(float(old), r.value) else AGREES, float(old)))
    out.workbook = with_filled(wb, values, filled)
    return out


def skipped_note(what: str, skipped: list[str], shown: int = 10) -> list[str]:
    """The note naming the accepted rows that found no cell ('evidence rows not used: …'), if any."""
    if not skipped:
        return []
    return [f"{what} rows not used: {', '.join(skipped[:shown])}{' …' if len(skipped) > shown else ''}"]
