"""Score runs in the store (migration 0005) and `load_result`, what later stages read."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..i18n import _, speaking
from ..stored_messages import shown_message
from ..store import Store, utcnow
from ..store import scores as store_scores
from .bounds import FIT_SETTINGS, LeafBounds, describe
from .model import COMPOSITE, Model, load_model, top_nodes
from .pipeline import Computation
from .provenance import Provenance, check_kinds
from .sensitivity import MonteCarlo


@dataclass
class IndexResult:
    run_id: int
    created_at: str
    model_version: str
    workbook: str | None
    params: dict
    synthetic: bool
    scores: pd.DataFrame          # index city_code: cemi, each domain (nodes.csv), rank_<node>
    node_scores: pd.DataFrame     # index city_code: every internal node's score
    node_ranks: pd.DataFrame      # index city_code: every internal node's rank
    leaves: pd.DataFrame          # city_code, leaf, raw, winsorised, normalised, origin, source, detail
    intervals: pd.DataFrame       # city_code, node, rank_median, rank_p05, rank_p95
    model: pd.DataFrame           # one row per leaf: names, unit, direction, path, weights used
    mc_runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    oat: pd.DataFrame = field(default_factory=pd.DataFrame)
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)   # leaf_evidence rows (score --evidence)
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)      # leaf_facts rows (score --facts)

    @property
    def top_nodes(self) -> tuple[str, ...]:
        """The composite and the domains this run ranked (the score columns of `scores`)."""
        return tuple(c for c in self.scores.columns if not str(c).startswith("rank_"))

    @property
    def provenance(self) -> Provenance:
        """Where each cell came from (textmine.scoring.provenance), from ``leaves``."""
        return Provenance.from_leaves(self.leaves)

    @property
    def banner(self) -> str:
        """The first line of every output file: what run, what data (in English: a scores file is read back by
        its `# SYNTHETIC DATA` line)."""
        with speaking("en"):
            return " · ".join(self._banner_parts())

    @property
    def shown_banner(self) -> str:
        """The banner in the user's language, for the terminal."""
        return _(" · ").join(self._banner_parts())

    def _banner_parts(self) -> list[str]:
        p = self.params
        parts = [_("CEMI score run {run}").format(run=self.run_id), _("model {version}").format(
                 version=self.model_version), _("winsor k={k}").format(k=p.get("winsor_k")),
                 _("normalisation {method}").format(method=p.get("normalisation"))]
        parts.append(_("imputation {policy}").format(policy=p["imputation"]) if p.get("imputation")
                     else _("no imputation"))
        if p.get("bounds_from"):
            parts.append(shown_message(describe(p["bounds_from"])))
        if self.synthetic:
            parts.insert(0, _("SYNTHETIC DATA — not a real ranking"))
        return parts


def inputs_key(model: Model, comp: Computation, provenance: Provenance, extra: dict) -> str:
    h = hashlib.sha256()
    h.update(model.sha256.encode())
    h.update(np.ascontiguousarray(comp.raw.to_numpy(dtype=float)).tobytes())
    h.update("|".join(comp.raw.index).encode())
    for frame in (provenance.origin, provenance.source, provenance.detail):   # same numbers, other source: new run
        h.update("\x1f".join(frame.to_numpy().astype(str).ravel()).encode())
    h.update(json.dumps({**comp.params, **extra}, sort_keys=True, default=str).encode())
    return h.hexdigest()


def find_run(store: Store, key: str) -> int | None:
    return store_scores.find_run(store.conn, key)


def _num(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def save_run(store: Store, model: Model, comp: Computation, provenance: Provenance, *, key: str, params: dict,
             workbook: str | None, workbook_sha256: str | None, synthetic: bool,
             mc: MonteCarlo | None = None, oat: pd.DataFrame | None = None, after=None) -> int:
    """Write one run and all its tables in one transaction; ``after(conn, run_id)`` adds rows of other
    stages to the same transaction (the evidence behind yes/no cells)."""
    with store.transaction() as conn:
        run = store_scores.add_run(conn, utcnow(), model.version, workbook, workbook_sha256,
                                   json.dumps(params, ensure_ascii=False, default=str), int(synthetic), key)
        # the tables of one run share their index and columns, so their stacked values line up: zipped, not looked
        # up cell by cell (a MultiIndex lookup per cell took seconds per run)
        s = comp.node_scores.stack(future_stack=True)
        r = comp.ranks.reindex(index=comp.node_scores.index, columns=comp.node_scores.columns).stack(future_stack=True)
        store_scores.add_scores(conn, [(run, c, n, _num(v), None if np.isnan(k) else int(k))
                                       for (c, n), v, k in zip(s.index, s.to_numpy(), r.to_numpy())])
        frames = (comp.raw, comp.winsorised, comp.normalised, provenance.origin, provenance.source, provenance.detail)
        check_kinds(provenance.origin.to_numpy().ravel())
        raw, win, nor, org, src, det = (f.reindex(index=comp.raw.index, columns=comp.raw.columns)
                                        .stack(future_stack=True) for f in frames)
        store_scores.add_leaf_values(conn, [(run, c, leaf, _num(v), _num(w), _num(x), o, so, d)
                                            for (c, leaf), v, w, x, o, so, d in
                                            zip(raw.index, *(t.to_numpy() for t in (raw, win, nor, org, src, det)))])
        if mc is not None:
            store_scores.add_rank_intervals(conn, [(run, t.city_code, t.node, _num(t.rank_median), _num(t.rank_p05),
                                                    _num(t.rank_p95)) for t in mc.intervals.itertuples()])
            store_scores.add_sensitivity_runs(conn, [(run, int(t.run), float(t.winsor_k), str(t.normalisation),
                                                      _num(t.spearman)) for t in mc.runs.itertuples()])
        if comp.bounds is not None:
            store_scores.add_bounds(conn, comp.bounds.rows(run))
        if oat is not None:
            store_scores.add_sensitivity_oat(conn, [(run, t.domain, t.factor, t.weight, t.spearman,
                                                     t.mean_abs_rank_change, int(t.max_abs_rank_change),
                                                     t.max_change_city, int(t.top10_changes))
                                                    for t in oat.itertuples()])
        if after is not None:
            after(conn, run)
    return run


def load_bounds(store: Store, run_id: int) -> LeafBounds:
    """The bounds stored run `run_id` winsorised and normalised on (`score --bounds-from`)."""
    row = store_scores.run(store.conn, int(run_id))
    if row is None:
        known = store_scores.run_ids(store.conn)
        raise TextmineError(_("no score run {run}; runs in this store: {known}").format(run=run_id,
                                                                                        known=known or "none"))
    rows = store_scores.bounds(store.conn, int(run_id))
    if not rows:
        raise TextmineError(_("run #{run} has no stored bounds (it was scored before textmine stored them): score "
                              "that edition again and give the new run").format(run=run_id))
    params = json.loads(row["params"])
    return LeafBounds.from_rows([tuple(r) for r in rows], {k: params[k] for k in FIT_SETTINGS}, int(run_id),
                                row["model_version"])


def list_runs(store: Store) -> list[dict]:
    return [dict(r) for r in store_scores.runs(store.conn)]


def load_result(store: Store, run_id: int | None = None) -> IndexResult:
    """A stored score run (the latest by default) as DataFrames."""
    conn = store.conn
    if run_id is None:
        row = store_scores.run(conn)
        if row is None:
            raise TextmineError(f"no score run in {store.db_path}; run `textmine score --data WORKBOOK` first")
    else:
        row = store_scores.run(conn, int(run_id))
        if row is None:
            known = store_scores.run_ids(conn)
            raise TextmineError(f"no score run {run_id}; runs in this store: {known or 'none'}")
    run = row["id"]
    params = json.loads(row["params"])
    tables = store_scores.run_tables(conn, run)
    long = tables["scores"]
    node_scores = long.pivot(index="city_code", columns="node", values="score")
    node_ranks = long.pivot(index="city_code", columns="node", values="rank")
    order = [n for n in params.get("node_order", node_scores.columns) if n in node_scores.columns]
    node_scores, node_ranks = node_scores[order], node_ranks[order]
    # the run's domains: the children of the composite among the weights it used (else today's nodes.csv)
    domains = list(params.get("weights", {}).get(COMPOSITE, {})) or list(top_nodes()[1:])
    top = [COMPOSITE, *(d for d in domains if d in node_scores.columns)]
    scores = node_scores[top].copy()
    for n in top:
        scores[f"rank_{n}"] = node_ranks[n].astype("Int64")
    leaves, intervals, mc_runs = tables["leaves"], tables["intervals"], tables["mc_runs"]
    oat = tables["oat"].sort_values("domain", key=lambda s: s.map({d: i for i, d in enumerate(domains)}), kind="stable")
    evidence, facts = tables["evidence"], tables["facts"]
    model = load_model(allow_inconsistent=True)
    current = model.tree_table()
    if "weights" in params:  # the weights the run used, unless the tree has changed since
        model.weights = {p: dict(c) for p, c in params["weights"].items()}
        try:
            current = model.tree_table()
        except KeyError:
            params.setdefault("notes", []).append("the model tree changed since this run: `model` shows today's")
    return IndexResult(run, row["created_at"], row["model_version"], row["workbook"], params, bool(row["synthetic"]),
                       scores, node_scores, node_ranks, leaves, intervals, current, mc_runs,
                       oat.reset_index(drop=True), evidence, facts)
