"""One index computation: winsorise → normalise (with direction) → weighted sums → ranks.

`compute_index` is pure: a cities × leaves table of raw values in, every intermediate table
out. Winsorising and normalisation are fitted on those values (`bounds.LeafBounds.fit`) unless
`bounds` fitted on another edition are given (`score --bounds-from RUN`). Gathering the raw
values (workbook, corpus, overrides, imputation) is `inputs.py`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..names import city_label, indicator_label
from .aggregate import Tree, aggregate, rank_desc
from .bounds import LeafBounds
from .model import COMPOSITE, Model
from .transform import METHODS


@dataclass
class Computation:
    model: Model
    raw: pd.DataFrame            # cities × leaves, as scored (after overrides and imputation)
    winsorised: pd.DataFrame
    normalised: pd.DataFrame     # 0-100 for minmax/rank, higher = better
    node_scores: pd.DataFrame    # cities × internal nodes (cemi, domains, level 1, level 2)
    ranks: pd.DataFrame          # cities × internal nodes, 1 = best, ties share the best rank
    params: dict
    weights: dict[str, dict[str, float]]
    warnings: list[str] = field(default_factory=list)
    bounds: LeafBounds | None = None   # what winsorising and normalisation applied (fitted here, or another run's)


def resolve_params(model: Model, k: float | None = None, method: str | None = None) -> dict:
    cfg = model.config
    params = {
        "winsor_k": float(cfg["winsorise"]["k"] if k is None else k),
        "winsor_ddof": int(cfg["winsorise"].get("ddof", 1)),
        "winsor_skip_types": list(cfg["winsorise"].get("skip_types", [])),
        "normalisation": cfg["normalise"]["method"] if method is None else method,
        "constant_value": float(cfg["normalise"].get("constant_value", 50.0)),
        "ties": cfg.get("ranks", {}).get("ties", "min"),
    }
    if params["normalisation"] not in METHODS:
        raise TextmineError(f"unknown normalisation {params['normalisation']!r}; one of {', '.join(METHODS)}")
    if params["ties"] != "min":
        raise TextmineError(f"ranks: only ties = \"min\" is supported, got {params['ties']!r}")
    return params


def ties_warning(scores: pd.Series, ranks: pd.Series) -> list[str]:
    """A warning when cities share a composite rank: their values do not tell them apart (an all-imputed or
    nearly empty workbook once ranked every city 1 in silence)."""
    tied = ranks[ranks.duplicated(keep=False) & ranks.notna()]
    if tied.empty:
        return []
    sizes = tied.value_counts()
    rank, size = int(sizes.idxmax()), int(sizes.max())
    names = ", ".join(city_label(c) for c in tied.index[tied == rank][:5]) + (" …" if size > 5 else "")
    return [f"{len(tied)} cities share their composite rank with another city; the largest tie: {size} cities at rank "
            f"{rank} ({names}) — their values do not tell them apart (imputed or identical cells?)"]


def leaf_matrices(model: Model, raw: np.ndarray, params: dict,
                  bounds: LeafBounds | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(winsorised, normalised) arrays for a cities × leaves raw array in model leaf order, on `bounds` (default:
    fitted on `raw` itself)."""
    return (bounds or LeafBounds.fit(model, raw, params)).transform(raw)


def beyond_warning(model: Model, bounds: LeafBounds, raw: np.ndarray) -> list[str]:
    """Cells beyond the bounds of the run they were taken from, which hold them back (the rule: Normaliser)."""
    counts = bounds.beyond(raw)
    if not counts.any():
        return []
    worst = sorted(((int(n), c) for n, c in zip(counts, bounds.leaves) if n), reverse=True)
    shown = ", ".join(f"{indicator_label(c, model.root)} {n}" for n, c in worst[:5]) + (" …" if len(worst) > 5 else "")
    return [f"{int(counts.sum())} cell(s) in {len(worst)} leaf/leaves lie beyond the min/max of run #{bounds.run_id} "
            f"(after winsorising on its bounds): held to it, they score as that run's best or worst city did (0–100, "
            f"never beyond) — {shown}"]


def compute_index(model: Model, raw: pd.DataFrame, *, k: float | None = None, method: str | None = None,
                  tree: Tree | None = None, bounds: LeafBounds | None = None) -> Computation:
    """Score the cities in `raw` (index city_code, one column per leaf code; NaN = missing), winsorised and
    normalised on `bounds` (`LeafBounds.for_model`: another run's) or on bounds fitted on `raw`."""
    missing_cols = [c for c in model.leaf_codes if c not in raw.columns]
    if missing_cols:
        raise TextmineError(f"no values for leaf column(s) {', '.join(indicator_label(c, model.root) for c in missing_cols)}")
    if raw.index.has_duplicates:
        raise TextmineError(f"duplicate cities: {', '.join(map(city_label, raw.index[raw.index.duplicated()]))}")
    if len(raw) == 0:
        raise TextmineError("no cities to score")
    params = resolve_params(model, k, method)
    raw = raw[model.leaf_codes].astype(float)
    fitted = bounds or LeafBounds.fit(model, raw.to_numpy(), params)
    w, n = fitted.transform(raw.to_numpy())
    tree = tree or Tree.from_model(model)
    nodes = aggregate(tree, n)
    node_scores = pd.DataFrame({node: s[0] for node, s in nodes.items()}, index=raw.index)
    order = [c for c in model.nodes.index if c in nodes]  # cemi, domains, then as in nodes.csv
    node_scores = node_scores[order]
    ranks = pd.DataFrame(rank_desc(node_scores.to_numpy().T).T, index=raw.index, columns=order)

    if node_scores[COMPOSITE].isna().all():
        raise TextmineError("no city has a composite score: no leaf holds a value for any city; fill the workbook "
                            "(`textmine validate` lists what is missing)")
    warnings = ties_warning(node_scores[COMPOSITE], ranks[COMPOSITE])
    if bounds is not None:
        warnings += beyond_warning(model, bounds, raw.to_numpy())
    all_missing = raw.columns[raw.isna().all()]
    for code in all_missing:
        warnings.append(f"leaf {indicator_label(code, model.root)} has no value for any city: left out, "
                        f"the weights of its siblings renormalised")
    wf = pd.DataFrame(w, index=raw.index, columns=raw.columns)
    constant = [c for c in raw.columns if c not in all_missing and wf[c].nunique(dropna=True) == 1]
    for code in constant:
        warnings.append(f"leaf {indicator_label(code, model.root)} has the same value for every city: "
                        f"normalised to {params['constant_value']:g} for all (moves no rank)")
    return Computation(model, raw, wf, pd.DataFrame(n, index=raw.index, columns=raw.columns), node_scores,
                       ranks, params, {p: dict(c) for p, c in model.weights.items()}, warnings, fitted)
