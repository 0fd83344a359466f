"""The four planning indicators per city and plan period (report Table 2, 规划引领).

Each city's value for a period is read from the one document counted for it
(`textmine.editions.select_outlines`: the most complete copy of its outline; a draft only when there is
no final outline; never a sectoral plan, never a sum over documents). A city without a counted outline
for the period is missing (NaN), never 0 and never taken from another period.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..registry import load_registry
from ..store import Store
from ..store import documents as store_documents
from ..store import hits as store_hits
from .scope import DEFAULT_MODE, check_mode as _check_mode  # noqa: F401 (DEFAULT_MODE re-exported)
from ..editions import load_rules, refresh_editions, select_outlines
from ..reference import reference
from .state import stored_categories

#: Columns saying what the numbers measure: the period, and the document counted for the city.
SOURCE_COLUMNS = ("period", "document_id", "document_title", "plan_type", "draft")


def default_period(period: str | None = None) -> str:
    """`period` checked against corpora/editions.toml, or the model's (scoring/model.toml [planning])."""
    if period:
        return load_rules().check_period(period)

    return reference().period


def counted_documents(store: Store, period: str | None = None):
    """(period, Selection): which document is counted for each city in `period` (editions brought up to date)."""
    period = default_period(period)
    refresh_editions(store)
    return period, select_outlines(store, period)


def planning_indicators(store: Store, mode: str | None = None, period: str | None = None, *,
                        selection=None) -> pd.DataFrame:
    """One row per city of the registry (339, index city_code): one column per category counted (theme,
    resource, policy, market, …: the lexicon files, textmine.lexicon.categories; occurrences),
    <category>_distinct, <category>_density (per 10,000 characters), plan_chars, has_plan, and what the row
    measures: period, document_id, document_title, plan_type, draft. Cities without a counted outline of
    `period` (default: the model's), or whose outline is not matched in `mode` yet, have NaN, has_plan
    False and `missing_reason` saying why (the documents set aside, `missing_reasons`); "" where has_plan.
    Reads what `count_corpus` stored; it does not count. `selection`: the outline choice of `period` when the
    caller has made it already (`counted_documents`), so it is not made twice."""
    mode = _check_mode(mode)
    period, sel = counted_documents(store, period) if selection is None else (selection.period, selection)
    counted = sel.counted
    codes = [c.code for c in load_registry()]
    cats = list(stored_categories(store, mode))
    cols = cats + [f"{c}_distinct" for c in cats] + [f"{c}_density" for c in cats] + ["plan_chars"]
    df = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=cols, dtype=float)
    meta = pd.DataFrame({"period": period, "document_id": pd.array([pd.NA] * len(codes), dtype="Int64"),
                         "document_title": None, "plan_type": None, "draft": False}, index=df.index)
    ids = {d.document_id: d for d in counted.values()}
    if ids:
        chars = store_hits.matched_chars(store.conn, mode, ids)
        hits = store_hits.category_counts(store.conn, mode, ids)
        # whole columns at once (a .loc assignment per city costs ~1 ms: a second for 339 cities)
        doc_of = {ids[d].city_code: d for d in chars if ids[d].city_code in df.index}
        matched = list(doc_of)
        if matched:
            df.loc[matched, "plan_chars"] = [chars[doc_of[c]] for c in matched]
            df.loc[matched, cats + [f"{c}_distinct" for c in cats]] = 0.0
            decided = [ids[doc_of[c]] for c in matched]
            meta.loc[matched, "document_id"] = [doc_of[c] for c in matched]
            meta.loc[matched, "document_title"] = [d.title for d in decided]
            meta.loc[matched, "plan_type"] = [d.plan_type for d in decided]
            meta.loc[matched, "draft"] = [d.draft for d in decided]
        counts: dict[str, dict[str, tuple[int, int]]] = {c: {} for c in cats}
        for doc_id, cat, n, distinct in hits:
            code = ids[doc_id].city_code
            if doc_id in chars and code in df.index and cat in counts:
                counts[cat][code] = (n, distinct)
        for cat, by_city in counts.items():
            if by_city:
                where = list(by_city)
                df.loc[where, cat] = [by_city[c][0] for c in where]
                df.loc[where, f"{cat}_distinct"] = [by_city[c][1] for c in where]
    for c in cats:
        df[f"{c}_density"] = np.where(df["plan_chars"] > 0, 1e4 * df[c] / df["plan_chars"], np.nan)
    df["has_plan"] = df["plan_chars"].notna()
    meta["missing_reason"] = ""
    gaps = missing_reasons(store, period, mode, sel, set(df.index[~df["has_plan"]]))
    if gaps:
        meta.loc[list(gaps), "missing_reason"] = list(gaps.values())
    return pd.concat([df, meta], axis=1)


def missing_reasons(store: Store, period: str, mode: str, sel, cities: set[str]) -> dict[str, str]:
    """Why each of `cities` has no planning value for `period` in `mode`, naming the documents set aside: the
    selection's account (`CityChoice.why_none`: only a 建议, only a county's outline …) and its decision for each
    plan document of the period (status and reason), plan documents of other or unknown periods, or nothing in
    the corpus at all."""
    out: dict[str, str] = {}
    counted = sel.counted
    for code in cities & set(counted):
        d = counted[code]
        out[code] = (f"outline #{d.document_id} is chosen for {period} but not counted in {mode} mode yet: "
                     f"run `textmine count --mode {mode}`")
    set_aside: dict[str, list[str]] = {}
    for d in sel.decisions:
        if d.city_code in cities and d.city_code not in counted:
            set_aside.setdefault(d.city_code, []).append(f"#{d.document_id} 《{d.title}》 {d.status}: {d.reason}")
    choices = getattr(sel, "cities", {})      # the selection's own account of a city with no outline
    for code, docs in set_aside.items():
        lead = choices[code].why_none if code in choices and choices[code].why_none else \
            f"no {period} outline counted"
        out[code] = f"{lead}; set aside: " + "; ".join(docs)
    rest = cities - set(out)
    if rest:
        others: dict[str, list[str]] = {}
        for r in store_documents.plans_of_cities(store.conn, rest):
            title = r["title"] or r["source"]
            others.setdefault(r["city_code"], []).append(
                f"#{r['id']} 《{title}》 is a {r['period']} plan (another period never counts)" if r["period"] else
                f"#{r['id']} 《{title}》 has no recognised plan period (`textmine documents set {r['id']} --period "
                f"{period}` if it is the city's {period} outline)")
        for code in rest:
            out[code] = (f"no {period} plan document in the corpus; " + "; ".join(others[code])) if code in others \
                else f"no {period} outline in the corpus"
    return out


def indicator_rows(store: Store, mode: str | None = None, only_with_plan: bool = False,
                   period: str | None = None) -> list[dict]:
    """The indicators as plain rows with the city name, for the CLI (rounded densities)."""
    df = planning_indicators(store, mode, period)
    reg = load_registry()
    out = []
    for code, r in df.iterrows():
        if only_with_plan and not r["has_plan"]:
            continue
        row = {"city": reg.by_code(code).name, "code": code}
        for c in df.columns:
            v = r[c]
            if c in SOURCE_COLUMNS or c in ("has_plan", "missing_reason"):
                row[c] = None if v is pd.NA or (not isinstance(v, (str, bool)) and pd.isna(v)) else \
                    (int(v) if c == "document_id" else v)
            elif pd.isna(v):
                row[c] = None
            elif c.endswith("_density"):
                row[c] = round(float(v), 3)
            else:
                row[c] = int(v)
        row["has_plan"] = bool(r["has_plan"])
        row["draft"] = bool(r["draft"])
        out.append(row)
    return out
