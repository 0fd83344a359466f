"""Uncertainty and sensitivity of the ranks (the report's 敏感性分析; after COINr's approach).

Monte-Carlo: each run draws
- every local weight times U(1 - x, 1 + x), renormalised among its siblings (the weighted mean
  in aggregate() divides by the sum of the weights, which is that renormalisation);
- the winsorising k from the configured list;
- the normalisation method from the configured list;
and recomputes the composite and the domain indices. Runs sharing (k, method) share their
normalised leaf matrix, so the whole analysis is a few matrix products per group. A run normalised
on another run's bounds (`score --bounds-from`) keeps that run's k and method: only the weights are
drawn (other k or methods have no bounds fitted on that edition).
One-at-a-time: each domain weight times each factor, the others renormalised.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ..progress import Progress, progress_or_none
from .aggregate import Tree, aggregate, rank_desc
from .model import COMPOSITE, Model
from .pipeline import Computation, leaf_matrices, resolve_params


@dataclass
class MonteCarlo:
    intervals: pd.DataFrame      # city_code, node, rank_median, rank_p05, rank_p95
    runs: pd.DataFrame           # run, winsor_k, normalisation, spearman (composite vs baseline)
    settings: dict


def _rowwise_spearman(scores: np.ndarray, baseline: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(baseline) & ~np.isnan(scores).any(axis=0)
    r = rankdata(scores[:, ok], axis=1)
    b = rankdata(baseline[ok])
    r = r - r.mean(axis=1, keepdims=True)
    b = b - b.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (r @ b) / (np.sqrt((r * r).sum(axis=1)) * np.sqrt((b * b).sum()))


def monte_carlo(model: Model, comp: Computation, runs: int | None = None, seed: int | None = None,
                perturbation: float | None = None, winsor_k: list[float] | None = None,
                methods: list[str] | None = None, progress: Progress | None = None) -> MonteCarlo:
    """Rank intervals of every city for the composite and the domains; `progress` (textmine.progress)
    is told the runs done."""
    cfg = model.config.get("sensitivity", {})
    runs = int(runs if runs is not None else cfg.get("runs", 1000))
    seed = int(seed if seed is not None else cfg.get("seed", 0))
    x = float(perturbation if perturbation is not None else cfg.get("weight_perturbation", 0.2))
    ks = list(winsor_k or cfg.get("winsor_k", [comp.params["winsor_k"]]))
    ms = list(methods or cfg.get("methods", [comp.params["normalisation"]]))
    fixed = comp.bounds if comp.bounds is not None and comp.bounds.run_id is not None else None
    if fixed is not None:
        ks, ms = [comp.params["winsor_k"]], [comp.params["normalisation"]]
    tree = Tree.from_model(model)
    rng = np.random.default_rng(seed)
    w = tree.base_weights * rng.uniform(1 - x, 1 + x, size=(runs, len(tree.base_weights)))
    k_draw = rng.choice(np.array(ks, dtype=float), size=runs)
    m_draw = rng.choice(np.array(ms, dtype=object), size=runs)
    raw = comp.raw[model.leaf_codes].to_numpy(dtype=float)
    C = raw.shape[0]
    tops = model.top_nodes
    top = {node: np.empty((runs, C)) for node in tops}
    groups = sorted({(float(k), str(m)) for k, m in zip(k_draw, m_draw)})
    tell, done = progress_or_none(progress), 0
    for k, m in groups:
        idx = np.flatnonzero((k_draw == k) & (m_draw == m))
        _, n = leaf_matrices(model, raw, resolve_params(model, k, m), fixed)
        got = aggregate(tree, n, w[idx], keep=tops)
        for node in tops:
            top[node][idx] = got[node]
        done += len(idx)
        tell("Monte-Carlo", done, runs)
    frames = []
    rho = None
    for node in tops:
        ranks = rank_desc(top[node], axis=1)
        p05, med, p95 = np.nanpercentile(ranks, [5, 50, 95], axis=0)
        frames.append(pd.DataFrame({"city_code": comp.raw.index, "node": node, "rank_median": med,
                                    "rank_p05": p05, "rank_p95": p95}))
        if node == COMPOSITE:
            rho = _rowwise_spearman(top[node], comp.node_scores[COMPOSITE].to_numpy())
    runs_table = pd.DataFrame({"run": np.arange(1, runs + 1), "winsor_k": k_draw, "normalisation": m_draw,
                               "spearman": rho})
    settings = {"runs": runs, "seed": seed, "weight_perturbation": x, "winsor_k": ks, "methods": ms}
    if fixed is not None:
        settings["bounds_from"] = fixed.run_id
    return MonteCarlo(pd.concat(frames, ignore_index=True), runs_table, settings)


def one_at_a_time(model: Model, comp: Computation, factors: list[float] | None = None) -> pd.DataFrame:
    """Each domain weight times each factor (others renormalised): how the composite ranks move."""
    factors = list(factors or model.config.get("sensitivity", {}).get("oat_factors", [0.5, 0.75, 1.25, 1.5]))
    tree = Tree.from_model(model)
    base_rank = comp.ranks[COMPOSITE].to_numpy()
    base_top10 = set(comp.ranks.index[base_rank <= 10])
    rows, sets = [], []
    for domain in model.domains:
        e = tree.edge_index(COMPOSITE, domain)
        for f in factors:
            w = tree.base_weights.copy()
            w[e] *= f
            sets.append(w)
            dom = tree.edges.index((COMPOSITE, domain))
            siblings = [i for i, (p, _) in enumerate(tree.edges) if p == COMPOSITE]
            rows.append({"domain": domain, "factor": f, "weight": w[dom] / w[siblings].sum()})
    got = aggregate(tree, comp.normalised[model.leaf_codes].to_numpy(), np.array(sets), keep=(COMPOSITE,))
    scores = got[COMPOSITE]
    ranks = rank_desc(scores, axis=1)
    rho = _rowwise_spearman(scores, comp.node_scores[COMPOSITE].to_numpy())
    for i, row in enumerate(rows):
        shift = np.abs(ranks[i] - base_rank)
        top10 = set(comp.ranks.index[ranks[i] <= 10])
        j = int(np.nanargmax(shift))
        row.update(spearman=float(rho[i]), mean_abs_rank_change=float(np.nanmean(shift)),
                   max_abs_rank_change=int(np.nanmax(shift)), max_change_city=comp.ranks.index[j],
                   top10_changes=len(top10 - base_top10))
    return pd.DataFrame(rows)
