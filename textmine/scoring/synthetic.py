"""`sample-data`: a deterministic synthetic indicator workbook for all 339 cities.

Each leaf is drawn as scoring/synthetic.csv says (Beta shares, areas = share × the city's area from
corpora/city_areas.csv, per-capita values = total / a synthetic population, Bernoulli yes/no,
Poisson counts …), clipped to the leaf's accepted range, from one fixed seed. Leaves that are
disjoint parts of one whole (a partition of scoring/plausibility.toml) are drawn one after the
other from what the leaves above them left (`beta_rest`, `area_beta_rest`), so the workbook passes
the plausibility checks. The workbook is marked SYNTHETIC (sheet `about` / a `# SYNTHETIC` line),
and `score` carries the mark into every output.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..datacsv import read_frame
from ..errors import TextmineError
from ..names import indicator_label
from ..registry import load_registry
from .model import Model
from .plausibility import load_city_areas, load_rules
from .workbook import write_workbook

DEFAULT_SEED = 20250339


def synthetic_values(model: Model, seed: int = DEFAULT_SEED, with_text: bool = True) -> pd.DataFrame:
    spec_path = model.root / "synthetic.csv"
    spec = read_frame(spec_path, ("leaf", "dist", "p1", "p2"))
    missing = [c for c in model.leaf_codes if c not in set(spec["leaf"])]
    if missing:
        raise TextmineError(f"{spec_path}: no rule for leaf(s) {', '.join(indicator_label(c, model.root) for c in missing)}")
    codes = [c.code for c in load_registry()]
    n = len(codes)
    rng = np.random.default_rng(seed)
    areas = load_city_areas()
    area = np.array([areas[c] for c in codes])              # km²
    rules = load_rules(model)
    population = rng.lognormal(np.log(3.5e6), 0.6, n)      # persons
    out: dict[str, np.ndarray] = {}
    for i, row in spec.iterrows():
        leaf, dist, p1, p2 = row["leaf"], row["dist"], row["p1"], row["p2"]
        if leaf not in model.leaves.index:
            raise TextmineError(f"{spec_path}:{spec.attrs['lines'][i]}: unknown leaf {leaf}")
        unit = model.leaves.at[leaf, "unit"]
        if dist == "beta":
            v = rng.beta(float(p1), float(p2), n) * (100.0 if unit == "%" else 1.0)
        elif dist == "area_of":
            v = out[p1] / 100.0 * area
        elif dist == "area_beta":
            v = rng.beta(float(p1), float(p2), n) * area
        elif dist in ("beta_rest", "area_beta_rest"):
            part = rules.partition_of(leaf)
            if part is None:
                raise TextmineError(f"{spec_path}:{spec.attrs['lines'][i]}: {dist} needs {indicator_label(leaf, model.root)} in a "
                                    f"[[partition]] of {rules.path}")
            whole = area if dist == "area_beta_rest" else (100.0 if unit == "%" else 1.0)
            used = sum((out[c] for c in part.leaves if c in out), np.zeros(n))
            v = rng.beta(float(p1), float(p2), n) * np.maximum(whole - used, 0.0)
        elif dist == "normal":
            v = rng.normal(float(p1), float(p2), n)
        elif dist == "lognormal":
            v = rng.lognormal(np.log(float(p1)), float(p2), n)
        elif dist == "per_capita_of":
            v = out[p1] * float(p2) / population
        elif dist == "uniform":
            v = rng.uniform(float(p1), float(p2), n)
        elif dist == "bernoulli":
            v = (rng.random(n) < float(p1)).astype(float)
        elif dist == "poisson":
            v = rng.poisson(float(p1), n).astype(float)
        elif dist == "poisson_lognormal":
            v = rng.poisson(rng.lognormal(np.log(float(p1)), float(p2), n)).astype(float)
        else:
            raise TextmineError(f"{spec_path}:{spec.attrs['lines'][i]}: unknown distribution {dist!r}")
        lo, hi = model.leaves.at[leaf, "min"], model.leaves.at[leaf, "max"]
        v = np.clip(v, -np.inf if pd.isna(lo) else lo, np.inf if pd.isna(hi) else hi)
        if model.leaves.at[leaf, "type"] in ("amount", "rate", "index"):
            v = np.round(v, 4 if unit == "index" else 2)
        out[leaf] = v
    df = pd.DataFrame(out, index=pd.Index(codes, name="city_code"))[model.leaf_codes]
    if not with_text:
        for leaf in model.text_leaves():
            df[leaf] = np.nan
    return df


def write_sample_data(path: str | Path, model: Model, seed: int = DEFAULT_SEED, with_text: bool = True) -> Path:
    values = synthetic_values(model, seed, with_text)
    meta = {"synthetic": "yes", "generator": "textmine sample-data", "seed": seed,
            "note": "SYNTHETIC values drawn from scoring/synthetic.csv; not real data"}
    return write_workbook(path, model, values, meta)
