"""How much of each index's spread lies between groups of cities and how much within them, and how the four
domains and the composite go together.

- `variance_decomposition`: for every index and grouping (province, zone, region, basin), the between-group
  share of the sum of squares (η²) and the within share, the one-way ANOVA F and p, and the share expected
  by chance ((k − 1) / (n − 1)) — the figure behind "省间差异大，省内差异小" (政府管理水平). Basins overlap
  (四川 is in both), so the basin grouping uses four disjoint groups: 长江经济带 only, 黄河流域 only, both (四川),
  neither.
- `domain_correlations`: Spearman on ranks (the published edition has nothing else), Pearson on scores,
  every pair of the composite and the four domains, the pair 生态保护补偿–生态资源禀赋 called out ("生态保护补偿
  指数与生态资源禀赋指数正相关").

On ranks (the published edition) the decomposition is of rank variance, and every label says "按排名".
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from .compare_groups import DOMAINS, INDEX, NODE_ZH, city_attributes

NODES = (INDEX, *DOMAINS)
GROUPINGS = {"province": "省份", "zone": "四大经济区域", "region": "七大区域", "basin": "流域（四组，互不重叠）"}
BASIN_GROUPS = {"": "两大流域以外", "长江经济带": "仅长江经济带", "黄河流域": "仅黄河流域",
                "长江经济带|黄河流域": "两大流域都属（四川）"}
CALLOUT = ("compensation", "endowment")


def group_labels(by: str, attrs: pd.DataFrame | None = None) -> pd.Series:
    """One group label per city_code for a grouping (province, zone, region or basin)."""
    attrs = city_attributes() if attrs is None else attrs
    if by == "basin":
        return attrs["basins"].fillna("").map(lambda b: BASIN_GROUPS.get("|".join(sorted(filter(None, b.split("|")))), b))
    return attrs[by]


def between_within(values: pd.Series, labels: pd.Series) -> dict:
    """η² (between-group share of the total sum of squares), within share, k groups, F and p, chance share."""
    df = pd.DataFrame({"v": pd.to_numeric(values, errors="coerce"), "g": labels.reindex(values.index)}).dropna()
    total = float(((df["v"] - df["v"].mean()) ** 2).sum())
    means = df.groupby("g")["v"].transform("mean")
    between = float(((means - df["v"].mean()) ** 2).sum())
    k, n = df["g"].nunique(), len(df)
    groups = [g["v"].to_numpy() for _, g in df.groupby("g") if len(g)]
    f, p = stats.f_oneway(*groups) if k > 1 and n > k else (np.nan, np.nan)
    share = between / total if total else np.nan
    return {"groups": k, "cities": n, "between_share": share, "within_share": 1 - share if total else np.nan,
            "chance_share": (k - 1) / (n - 1) if n > 1 else np.nan, "F": float(f), "anova_p": float(p)}


def variance_decomposition(values: pd.DataFrame, by=tuple(GROUPINGS), nodes=NODES) -> pd.DataFrame:
    """One row per (index, grouping). ``values``: index city_code, one column per index (scores, or ranks)."""
    attrs = city_attributes()
    values = values.copy()
    values.index = values.index.astype(str)
    rows = []
    for node in nodes:
        for grouping in by:
            labels = group_labels(grouping, attrs)
            rows.append({"index": NODE_ZH[node], "node": node, "grouping": GROUPINGS[grouping],
                         **between_within(values[node], labels)})
    return pd.DataFrame(rows)


def domain_correlations(ranks: pd.DataFrame, scores: pd.DataFrame | None = None, nodes=NODES) -> pd.DataFrame:
    """Every pair of indices: Spearman ρ (and p) on ranks, Pearson r (and p) on scores when given; the
    compensation–endowment pair carries the report's claim in `report_says`."""
    rows = []
    for a, b in combinations(nodes, 2):
        ok = ranks[[a, b]].dropna()
        rho = stats.spearmanr(ok[a], ok[b])
        row = {"a": NODE_ZH[a], "b": NODE_ZH[b], "cities": len(ok), "spearman": float(rho.statistic),
               "spearman_p": float(rho.pvalue)}
        if scores is not None:
            sk = scores[[a, b]].dropna()
            r = stats.pearsonr(sk[a], sk[b])
            row.update(pearson=float(r.statistic), pearson_p=float(r.pvalue))
        row["report_says"] = "正相关（§四（二）4）" if {a, b} == set(CALLOUT) else ""
        rows.append(row)
    out = pd.DataFrame(rows)
    key = out["report_says"] != ""
    return pd.concat([out[key], out[~key]], ignore_index=True)   # the pair the report names first


def correlation_matrix(values: pd.DataFrame, method: str, nodes=NODES) -> pd.DataFrame:
    """The 5 × 5 matrix (Chinese index names), Spearman or Pearson."""
    m = values[list(nodes)].corr(method=method)
    names = [NODE_ZH[n] for n in nodes]
    m.index, m.columns = names, names
    return m
