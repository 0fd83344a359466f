"""Group statistics beyond the regional contributions: river basins, LISA clusters by group, and
rank-only group summaries (the published edition, where only ranks are known).

Basins overlap (四川 is in both 长江经济带 and 黄河流域), so they are handled with masks from
`groups.group_masks`, never with a groupby on one column.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .compare_groups import DOMAINS, INDEX, NODE_ZH, check_scores, contributions
from .groups import group_masks

NATIONAL = "全国"
CLUSTERS = ("HH", "LL", "HL", "LH", "ns")


def basin_summary(scores: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Per basin (and the cities in neither, and the nation): cities, mean, SD and CV of the composite,
    mean of every domain, mean contribution of each domain (score × weight) and their shares.

    A city of 四川 counts in both basins. Index: basin name.
    """
    s = check_scores(scores)
    contrib = contributions(s, weights)
    rows = {}
    masks = [(g, m.reindex(s.index, fill_value=False)) for _, g, m in group_masks(kinds=("basin",))]
    for group, mask in [*masks, (NATIONAL, pd.Series(True, index=s.index))]:
        sub, c = s[mask], contrib[mask]
        row = {"cities": int(mask.sum()), "mean": sub[INDEX].mean(), "sd": sub[INDEX].std(ddof=1)}
        row["cv"] = row["sd"] / row["mean"] if row["mean"] else np.nan
        row.update({f"mean_{d}": sub[d].mean() for d in DOMAINS})
        row.update({d: c[d].mean() for d in DOMAINS})
        total = sum(row[d] for d in DOMAINS)
        row["sum_of_contributions"] = total
        row.update({f"share_{d}": row[d] / total if total else np.nan for d in DOMAINS})
        rows[group] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "group"
    return out


def lisa_by_group(clusters: Mapping[str, pd.Series], kinds=("zone", "region", "basin")) -> pd.DataFrame:
    """LISA cluster counts per index and group: index, group_kind, group, cities, HH, LL, HL, LH, ns.

    ``clusters`` maps an index (cemi, endowment, …) to its cluster label per city_code.
    """
    masks = group_masks(kinds=kinds)
    rows = []
    for node, labels in clusters.items():
        for kind, group, mask in masks:
            lab = labels.reindex(mask.index)[mask]
            counts = lab.value_counts()
            rows.append({"index": NODE_ZH.get(node, node), "group_kind": kind, "group": group,
                         "cities": int(mask.sum()), **{c: int(counts.get(c, 0)) for c in CLUSTERS}})
    return pd.DataFrame(rows)


def rank_groups(scores: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Ranks only: per group of ``kind``, cities, mean and median rank of every index, and how many of
    its cities are in the composite top 30 and top 100 (lower mean rank = better). Index: group."""
    rows = {}
    for _, group, mask in group_masks(kinds=(kind,)):
        mask = mask.reindex(scores.index, fill_value=False)
        sub = scores[mask]
        row = {"cities": int(mask.sum())}
        for node in (INDEX, *DOMAINS):
            r = sub[f"rank_{node}"].astype(float)
            row[f"mean_rank_{node}"] = r.mean()
        row["median_rank_cemi"] = sub[f"rank_{INDEX}"].astype(float).median()
        row["top30_cemi"] = int((sub[f"rank_{INDEX}"] <= 30).sum())
        row["top100_cemi"] = int((sub[f"rank_{INDEX}"] <= 100).sum())
        rows[group] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "group"
    if kind == "province":
        out = out.sort_values(f"mean_rank_{INDEX}")
    return out
