"""Spatial autocorrelation: queen contiguity, global Moran's I and local Moran (LISA).

Weights: queen contiguity from the city polygons (libpysal); cities without a
contiguous neighbour (islands such as 舟山市, 三沙市, and the Hainan cities whose
county-level neighbours are not among the 339) are linked to their nearest neighbour
by representative-point distance in an equal-area projection (links made both ways), then
the weights are row-standardised. Inference is by conditional permutation
(999 permutations) with a fixed seed so that a report is reproducible.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import esda
import numpy as np
import pandas as pd
from libpysal.weights import W, Queen

from ..errors import TextmineError
from ..names import city_label
from .geo import load_boundaries

PERMUTATIONS = 999
SEED = 20250101
ALPHA = 0.05
# esda's quadrant codes (Moran_Local.q) -> labels
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
LABEL_ZH = {"HH": "高-高", "LL": "低-低", "HL": "高-低", "LH": "低-高", "ns": "不显著"}


def contiguity_weights(gdf=None):
    """Row-standardised queen contiguity weights over the 339 cities, islands joined to their nearest neighbour.

    ``gdf`` defaults to :func:`load_boundaries` (projected). Returns a libpysal ``W``
    whose ids are the city codes in ``gdf`` order.
    """
    if gdf is None:
        gdf = load_boundaries(projected=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands and disconnected components
        queen = Queen.from_dataframe(gdf, use_index=True, silence_warnings=True)
    ids = [str(i) for i in gdf.index]
    neighbours = {str(i): [str(j) for j in queen.neighbors[i]] for i in queen.neighbors}
    if queen.islands:
        # nearest neighbour by representative-point distance (projected metres), linked both ways
        pts = gdf.geometry.representative_point()
        xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
        pos = {c: k for k, c in enumerate(ids)}
        for island in map(str, queen.islands):
            d = np.hypot(*(xy - xy[pos[island]]).T)
            d[pos[island]] = np.inf
            nearest = ids[int(np.argmin(d))]
            for a, b in ((island, nearest), (nearest, island)):
                if b not in neighbours[a]:
                    neighbours[a].append(b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(neighbours, id_order=ids, silence_warnings=True)
    w.transform = "r"
    return w


def _aligned(values: pd.Series, w) -> np.ndarray:
    ids = list(w.id_order)
    missing = [i for i in ids if i not in values.index or pd.isna(values.get(i))]
    if missing:
        raise TextmineError(f"spatial statistics need a value for every city; missing for {len(missing)} "
                            f"(e.g. {', '.join(map(city_label, missing[:5]))})")
    return values.loc[ids].astype(float).to_numpy()


@dataclass
class GlobalMoran:
    I: float
    expected: float
    z_sim: float
    p_sim: float
    permutations: int
    seed: int

    def as_dict(self) -> dict:
        return {"I": self.I, "E[I]": self.expected, "z_sim": self.z_sim, "p_sim": self.p_sim,
                "permutations": self.permutations, "seed": self.seed}


def global_moran(values: pd.Series, w, permutations: int = PERMUTATIONS, seed: int = SEED) -> GlobalMoran:
    """Global Moran's I of ``values`` (indexed by city_code) under ``w``; pseudo p-value from permutations.

    esda's global Moran draws from numpy's global generator, so it is seeded here.
    """
    y = _aligned(values, w)
    np.random.seed(seed)
    mi = esda.Moran(y, w, transformation="r", permutations=permutations)
    return GlobalMoran(float(mi.I), float(mi.EI), float(mi.z_sim), float(mi.p_sim), permutations, seed)


def local_moran(values: pd.Series, w, permutations: int = PERMUTATIONS, seed: int = SEED,
                alpha: float = ALPHA) -> pd.DataFrame:
    """Local Moran (LISA) per city: Is, quadrant, p_sim and the cluster label.

    ``cluster`` is HH, LL, HL or LH where p_sim < ``alpha``, else ``ns``. Index city_code
    in the order of ``w``.
    """
    y = _aligned(values, w)
    with warnings.catch_warnings():
        # esda announces a future change of its default alternative; this version's (directed
        # conditional randomisation, as in GeoDa) is what we report, and the test pins it
        warnings.simplefilter("ignore", DeprecationWarning)
        # a city whose value equals the mean has Is = 0 in every permutation: z_sim is 0/0 (NaN), p_sim is fine
        warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
        lm = esda.Moran_Local(y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
    q = pd.Series(lm.q, index=list(w.id_order)).map(QUADRANTS)
    p = pd.Series(lm.p_sim, index=q.index)
    out = pd.DataFrame({"Is": lm.Is, "quadrant": q, "p_sim": p, "z_sim": lm.z_sim}, index=q.index)
    out["cluster"] = np.where(out["p_sim"] < alpha, out["quadrant"], "ns")
    out.index.name = "city_code"
    return out


def cluster_members(lisa: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """One row per significant city: cluster, city_code, name, Is, p_sim (sorted by cluster, then p)."""
    sig = lisa[lisa["cluster"] != "ns"].copy()
    sig["name"] = names.reindex(sig.index)
    sig["cluster_zh"] = sig["cluster"].map(LABEL_ZH)
    order = {"HH": 0, "LL": 1, "HL": 2, "LH": 3}
    sig = sig.assign(_o=sig["cluster"].map(order)).sort_values(["_o", "p_sim", "Is"], ascending=[True, True, False])
    return sig.reset_index()[["cluster", "cluster_zh", "city_code", "name", "Is", "p_sim"]]
