"""The groups of cities the report compares, and how many of the top N each group holds.

Groups: the four NBS zones, the seven regions, the river basins of the registry (长江经济带,
黄河流域; 四川 is in both, so basin groups overlap, and the cities in neither form their own
group), provinces, and the national pilots for ecological product value realisation.

`top_n_composition` is the table `zone_top_n` (index, n, group_kind, group, cities) that the
report, its workbook and `textmine score --out` all carry. This module needs only pandas and
the registry, so the score export (score_export.py) can use it without the report's drawing libraries.
"""
from __future__ import annotations

import pandas as pd

from ..registry import load_registry
from .compare_groups import DOMAINS, INDEX, REGIONS, ZONES, city_attributes

TOP_N = (10, 20, 30, 50, 100)
# index labels of the exported tables (as score_export.index_label names them): the composite is "composite"
INDEX_LABEL = {INDEX: "composite", **{d: d for d in DOMAINS}}
BASIN_NONE = "两大流域以外"
PILOT, NOT_PILOT = "试点城市", "其他城市"
GROUP_KINDS = ("zone", "region", "basin", "pilot")
PILOT_LEAF_NAME = "生态产品价值实现机制试点"


def basins() -> list[str]:
    """The registry's basins in report order, then the group of cities in none of them."""
    return [*load_registry().basins, BASIN_NONE]


def basin_mask(attrs: pd.DataFrame, basin: str) -> pd.Series:
    """Cities of ``basin`` (or, for BASIN_NONE, cities in no basin); ``attrs`` has the registry's basins column."""
    names = attrs["basins"].fillna("").str.split("|")
    if basin == BASIN_NONE:
        return names.map(lambda b: b == [""])
    return names.map(lambda b: basin in b)


def group_masks(attrs: pd.DataFrame | None = None, kinds=GROUP_KINDS,
                pilot: pd.Series | None = None) -> list[tuple[str, str, pd.Series]]:
    """(group_kind, group, boolean mask by city_code) for every group of ``kinds``, in report order.

    The pilot groups are left out when ``pilot`` (bool by city_code) is None.
    """
    attrs = city_attributes() if attrs is None else attrs
    out = []
    for kind in kinds:
        if kind == "zone":
            out += [(kind, z, attrs["zone"] == z) for z in ZONES]
        elif kind == "region":
            out += [(kind, r, attrs["region"] == r) for r in REGIONS]
        elif kind == "basin":
            out += [(kind, b, basin_mask(attrs, b)) for b in basins()]
        elif kind == "province":
            order = attrs.sort_values("province_code")["province"].unique()
            out += [(kind, p, attrs["province"] == p) for p in order]
        elif kind == "pilot" and pilot is not None:
            flag = pilot_series(pilot, attrs.index)
            out += [(kind, PILOT, flag), (kind, NOT_PILOT, ~flag)]
    return out


def pilot_series(pilot: pd.Series, index) -> pd.Series:
    """A pilot flag (bool or 0/1 by city code) aligned to ``index``; cities without a value are not pilots."""
    flag = pd.Series(pilot, copy=True)
    flag.index = flag.index.astype(str)
    return pd.to_numeric(flag.reindex(index), errors="coerce").fillna(0) > 0


def top_n_composition(ranks: pd.DataFrame, pilot: pd.Series | None = None, ns=TOP_N,
                      kinds=GROUP_KINDS) -> pd.DataFrame:
    """How many of the top N cities of each index are in each group: columns index, n, group_kind, group, cities.

    ``ranks`` is indexed by city_code with one column of ranks per index (1 = best; the columns'
    names are the index labels written in the table). Top N means rank <= N, so cities tied at
    rank N are all counted. Every group appears, with 0 when it has none.
    """
    attrs = city_attributes()
    ranks = ranks.copy()
    ranks.index = ranks.index.astype(str)
    masks = [(k, g, m.reindex(ranks.index, fill_value=False)) for k, g, m in group_masks(attrs, kinds, pilot)]
    rows = []
    for index in ranks.columns:
        r = pd.to_numeric(ranks[index], errors="coerce")
        for n in ns:
            top = r <= n
            rows += [{"index": str(index), "n": int(n), "group_kind": kind, "group": group,
                      "cities": int((top & mask).sum())} for kind, group, mask in masks]
    return pd.DataFrame(rows, columns=["index", "n", "group_kind", "group", "cities"])


def ranks_by_label(scores: pd.DataFrame) -> pd.DataFrame:
    """The rank_<node> columns of a scores table, renamed to the index labels (composite, endowment, …)."""
    return pd.DataFrame({INDEX_LABEL[n]: scores[f"rank_{n}"] for n in (INDEX, *DOMAINS)}, index=scores.index)


def leaf_table(model) -> pd.DataFrame | None:
    """The leaf table (index leaf code, column name_zh …) of a model or of a run's tree table."""
    leaves = getattr(model, "leaves", model)
    if not isinstance(leaves, pd.DataFrame) or "name_zh" not in leaves.columns:
        return None
    for col in ("leaf", "code"):
        if col in leaves.columns:
            return leaves.set_index(col)
    return leaves


def leaf_names(model) -> dict[str, str]:
    """leaf code → Chinese name."""
    leaves = leaf_table(model)
    return {} if leaves is None else leaves["name_zh"].astype(str).to_dict()


def pilot_leaf(model) -> str | None:
    """Code of the leaf 是否纳入国家生态产品价值实现机制试点 (the report's pilot flag) in a model or its tree table."""
    leaves = leaf_table(model)
    if leaves is None:
        return None
    hits = leaves.index[leaves["name_zh"].astype(str).str.contains(PILOT_LEAF_NAME)]
    return str(hits[0]) if len(hits) else None


def pilot_flag(result) -> pd.Series | None:
    """The pilot flag of a scoring result (its pilot leaf's raw value > 0, by city_code), or None."""
    code = pilot_leaf(getattr(result, "model", None))
    leaves = getattr(result, "leaves", None)
    if not code or not isinstance(leaves, pd.DataFrame) or not len(leaves):
        return None
    rows = leaves[leaves["leaf"] == code]
    if not len(rows):
        return None
    return pd.to_numeric(rows.set_index("city_code")["raw"], errors="coerce").fillna(0) > 0
