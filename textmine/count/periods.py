"""Comparing plan periods (the refresh view): per city and category, the counts and densities of the
outline counted in each period, the change, and the terms that appeared or disappeared.

    term_counts(store, period, mode)            one row per (city, category, term) of the counted outlines
    compare_periods(store, old, new, mode)      one row per (city, category) with both periods side by side
"""
from __future__ import annotations

import pandas as pd

from ..registry import load_registry
from ..store import Store
from ..store import hits as store_hits
from .indicators import counted_documents, planning_indicators
from .scope import check_mode as _check_mode
from .state import counted_with


def term_counts(store: Store, period: str | None = None, mode: str | None = None) -> pd.DataFrame:
    """Occurrences per (city_code, category, term) in the one outline counted for each city in `period`."""
    mode = _check_mode(mode)
    period, sel = counted_documents(store, period)
    ids = {d.document_id: d.city_code for d in sel.counted.values()}
    cols = ["city_code", "category", "term", "count"]
    if not ids:
        return pd.DataFrame(columns=cols)
    rows = store_hits.term_counts(store.conn, mode, ids)
    return pd.DataFrame([(ids[d], c, t, n) for d, c, t, n in rows], columns=cols)


def _terms(tc: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    return {k: set(g["term"]) for k, g in tc.groupby(["city_code", "category"])} if len(tc) else {}


def compare_periods(store: Store, old: str, new: str, mode: str | None = None) -> list[dict]:
    """Rows (city, code, category, <old>, <new>, change, <old>_density, <new>_density, density_change,
    <old>_document, <new>_document, terms_gained, terms_lost, lexicon_version) for every city with an outline
    counted in either period. A city missing in one period has blanks there (never 0) and no change.

    Both periods' outlines are counted with one lexicon version (`lexicon_version`, the category's): a
    change between editions is then a change in the texts, never in the dictionary. Outlines matched with
    different lexicon states are an error (`state.counted_with`); `textmine count` recounts every period."""
    mode = _check_mode(mode)
    a, b = planning_indicators(store, mode, old), planning_indicators(store, mode, new)
    old, new = a["period"].iloc[0], b["period"].iloc[0]
    docs = [int(i) for ind in (a, b) for i in ind.loc[ind["has_plan"], "document_id"]]
    state = counted_with(store, docs, mode)
    versions = state.versions if state else {}
    ta, tb = _terms(term_counts(store, old, mode)), _terms(term_counts(store, new, mode))
    reg = load_registry()
    cats = [c for c in a.columns if f"{c}_density" in a.columns and c in b.columns]
    out = []
    for code in a.index[a["has_plan"] | b["has_plan"]]:
        ra, rb = a.loc[code], b.loc[code]
        for cat in cats:
            va, vb = ra[cat], rb[cat]
            da, db = ra[f"{cat}_density"], rb[f"{cat}_density"]
            both = ra["has_plan"] and rb["has_plan"]
            sa, sb = ta.get((code, cat), set()), tb.get((code, cat), set())
            out.append({
                "city": reg.by_code(code).name, "code": code, "category": cat,
                old: None if pd.isna(va) else int(va), new: None if pd.isna(vb) else int(vb),
                "change": int(vb - va) if both else None,
                f"{old}_density": None if pd.isna(da) else round(float(da), 3),
                f"{new}_density": None if pd.isna(db) else round(float(db), 3),
                "density_change": round(float(db - da), 3) if both else None,
                f"{old}_document": _doc(ra), f"{new}_document": _doc(rb),
                "terms_gained": "、".join(sorted(sb - sa)) if both else "",
                "terms_lost": "、".join(sorted(sa - sb)) if both else "",
                "lexicon_version": versions.get(cat, ""),
            })
    return out


def _doc(row) -> str:
    if not row["has_plan"]:
        return ""
    return f"#{int(row['document_id'])}" + (" (draft)" if row["draft"] else "")
