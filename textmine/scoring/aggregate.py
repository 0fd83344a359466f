"""Weighted sums up the tree and ranks, vectorised over many weight sets at once.

A node's score is the weighted mean of its children's scores:
    score(node) = Σ w_i·s_i / Σ w_i   over the children i that have a score.
With every child present and weights summing to 1 this is the plain weighted sum; a missing
child (an all-missing leaf, or a city's cell left out by the `reweight` policy) is left out
and its siblings' weights renormalised. The same code runs the baseline (one weight set) and
the Monte-Carlo runs (R weight sets), so the two can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from .model import Model


@dataclass
class Tree:
    """The model's structure compiled to index arrays."""

    leaf_codes: list[str]
    nodes: list[str]                          # internal nodes, children before parents
    edges: list[tuple[str, str]]              # (parent, child), the order of the weight vector
    base_weights: np.ndarray                  # (E,)
    plan: list[tuple[str, bool, np.ndarray, np.ndarray]]  # (node, children are leaves, child idx, edge idx)
    leaf_parent_edge: np.ndarray              # (L,) edge index of each leaf

    @classmethod
    def from_model(cls, model: Model) -> "Tree":
        leaf_codes = model.leaf_codes
        leaf_pos = {c: i for i, c in enumerate(leaf_codes)}
        nodes = model.internal_postorder()
        node_pos = {c: i for i, c in enumerate(nodes)}
        edges, weights, plan = [], [], []
        for node in nodes:
            kids = model.children(node)
            leafy = kids[0] in leaf_pos
            idx, eidx = [], []
            for kid in kids:
                idx.append(leaf_pos[kid] if leafy else node_pos[kid])
                eidx.append(len(edges))
                edges.append((node, kid))
                weights.append(model.weights[node][kid])
            plan.append((node, leafy, np.array(idx), np.array(eidx)))
        edge_pos = {e: i for i, e in enumerate(edges)}
        leaf_parent_edge = np.array([edge_pos[(model.leaves.at[c, "parent"], c)] for c in leaf_codes])
        return cls(leaf_codes, nodes, edges, np.array(weights, dtype=float), plan, leaf_parent_edge)

    def edge_index(self, parent: str, child: str) -> int:
        return self.edges.index((parent, child))


def aggregate(tree: Tree, leaf_scores: np.ndarray, weights: np.ndarray | None = None,
              keep: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """Node scores for every weight set.

    leaf_scores: (C, L) normalised leaf values (NaN = missing). weights: (R, E) or (E,) local
    weights in `tree.edges` order (default: the model's). Returns {node: (R, C)} for the nodes
    in `keep` (default: all internal nodes).
    """
    w = tree.base_weights if weights is None else np.asarray(weights, dtype=float)
    w = np.atleast_2d(w)
    x = np.asarray(leaf_scores, dtype=float)
    present = (~np.isnan(x)).astype(float)
    x0 = np.nan_to_num(x, nan=0.0)
    scores: list[np.ndarray] = []
    keep_set = set(tree.nodes if keep is None else keep)
    out: dict[str, np.ndarray] = {}
    for node, leafy, idx, eidx in tree.plan:
        we = w[:, eidx]                                  # (R, k)
        if leafy:
            num = we @ x0[:, idx].T                      # (R, C)
            den = we @ present[:, idx].T
        else:
            kids = np.stack([scores[i] for i in idx], axis=-1)   # (R, C, k)
            ok = ~np.isnan(kids)
            num = np.einsum("rck,rk->rc", np.where(ok, kids, 0.0), we)
            den = np.einsum("rck,rk->rc", ok.astype(float), we)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
        scores.append(s)
        if node in keep_set:
            out[node] = s
    return out


def rank_desc(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Ranks 1 = highest score; ties share the best rank ("min": 1, 2, 2, 4); NaN gets no rank."""
    s = np.asarray(scores, dtype=float)
    r = rankdata(np.where(np.isnan(s), np.inf, -s), method="min", axis=axis).astype(float)
    return np.where(np.isnan(s), np.nan, r)
