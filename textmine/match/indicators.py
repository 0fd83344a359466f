"""The four planning indicators per city (report Table 2, 规划引领), read from `plan_indicators`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..lexicon import COUNT_CATEGORIES
from ..registry import load_registry
from ..store import Store
from .matchers import MODES

#: The mode used when none is given; chosen from the disagreement study in docs/lexicon.md.
DEFAULT_MODE = "token"


def planning_indicators(store: Store, mode: str | None = None) -> pd.DataFrame:
    """One row per city of the registry (339, index city_code), columns theme/resource/policy/market
    (occurrences), <category>_distinct, <category>_density (per 10,000 characters), plan_chars and
    has_plan. Cities whose plan was not matched in `mode` have NaN (never 0) and has_plan False.
    Reads what `count_corpus` stored; it does not count."""
    mode = mode or DEFAULT_MODE
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    rows = store.conn.execute(
        "SELECT city_code, category, occurrences, distinct_terms, chars, density_per_10k FROM plan_indicators "
        "WHERE mode = ?", (mode,)).fetchall()
    codes = [c.code for c in load_registry()]
    cols = list(COUNT_CATEGORIES) + [f"{c}_distinct" for c in COUNT_CATEGORIES] + \
        [f"{c}_density" for c in COUNT_CATEGORIES] + ["plan_chars"]
    df = pd.DataFrame(np.nan, index=pd.Index(codes, name="city_code"), columns=cols, dtype=float)
    for r in rows:
        code, cat = r["city_code"], r["category"]
        if code not in df.index:
            continue
        df.loc[code, cat] = r["occurrences"]
        df.loc[code, f"{cat}_distinct"] = r["distinct_terms"]
        df.loc[code, f"{cat}_density"] = r["density_per_10k"]
        df.loc[code, "plan_chars"] = r["chars"]
    df["has_plan"] = df["plan_chars"].notna()
    return df


def indicator_rows(store: Store, mode: str | None = None, only_with_plan: bool = False) -> list[dict]:
    """The indicators as plain rows with the city name, for the CLI (rounded densities)."""
    df = planning_indicators(store, mode)
    reg = load_registry()
    out = []
    for code, r in df.iterrows():
        if only_with_plan and not r["has_plan"]:
            continue
        row = {"city": reg.by_code(code).name, "code": code, "has_plan": bool(r["has_plan"])}
        for c in df.columns:
            if c == "has_plan":
                continue
            v = r[c]
            if pd.isna(v):
                row[c] = None
            elif c.endswith("_density"):
                row[c] = round(float(v), 3)
            else:
                row[c] = int(v)
        out.append(row)
    return out
