"""The level-1 indicators (体制支撑, 规划引领, 地方政府财力, 生态转移支付, …): a map and the top 30 of
each, their means by zone, basin and region, and the paired map of 地方政府财力 and 生态转移支付
(the report's figure 12).
"""
from __future__ import annotations


import pandas as pd

from ..progress import Progress
from . import maps
from .compare_groups import DOMAINS, NODE_ZH
from .group_stats import NATIONAL
from .groups import group_masks

# the report's figure 12 pairs these two level-1 nodes (found by name: codes are the model's business)
PAIR = ("地方政府财力", "生态转移支付")
TOP = 30
MIN_CITIES = 10  # fewer cities with a score than this: no map


def level1_nodes(nodes: pd.DataFrame, available) -> pd.DataFrame:
    """Level-1 nodes (children of the four domains) that have scores, in model order: index code, name_zh, parent."""
    n = nodes.set_index("code") if "code" in nodes.columns else nodes
    n = n[n["parent"].isin(DOMAINS) & n.index.isin(list(available))]
    order = {d: i for i, d in enumerate(DOMAINS)}
    return n.assign(_o=n["parent"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")


def top_tables(node_scores: pd.DataFrame, level1: pd.DataFrame, attrs: pd.DataFrame,
               node_ranks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cities ranked 1–30 on each level-1 node (ties share the best rank, so a node may list more than 30)."""
    parts = []
    for code, node in level1.iterrows():
        score = node_scores[code].astype(float)
        if node_ranks is not None and code in node_ranks.columns:
            rank = node_ranks[code].astype(float)
        else:
            rank = score.rank(ascending=False, method="min")
        top = pd.DataFrame({"node": code, "level1_zh": node["name_zh"], "domain_zh": NODE_ZH[node["parent"]],
                            "rank": rank, "name": attrs["name"].reindex(score.index),
                            "province": attrs["province"].reindex(score.index), "score": score})
        top = top[top["rank"] <= TOP].sort_values(["rank", "name"])
        parts.append(top.rename_axis("city_code").reset_index())
    out = pd.concat(parts, ignore_index=True)
    out["rank"] = out["rank"].astype(int)
    return out[["node", "level1_zh", "domain_zh", "rank", "city_code", "name", "province", "score"]]


def group_means(node_scores: pd.DataFrame, level1: pd.DataFrame, attrs: pd.DataFrame) -> pd.DataFrame:
    """Mean score of every level-1 node by zone, basin and region, and nationally (rows: nodes)."""
    s = node_scores.reindex(attrs.index)
    cols = {}
    for kind, group, mask in group_masks(attrs, kinds=("zone", "basin", "region")):
        cols[group] = s.loc[mask, list(level1.index)].mean()
    cols[NATIONAL] = s[list(level1.index)].mean()
    out = pd.DataFrame(cols)
    out.insert(0, "level1_zh", level1["name_zh"])
    out.insert(1, "domain_zh", level1["parent"].map(NODE_ZH))
    out.index.name = "node"
    return out


def level1_figures(node_scores: pd.DataFrame, level1: pd.DataFrame, scheme: str,
                   progress: Progress, notes: list[str]) -> dict[str, tuple[str, str]]:
    """A map per level-1 node and the paired map; a node without scores (e.g. left out by a reweighting
    run) gets a note instead of a map."""
    figures = {}
    for code, node in level1.iterrows():
        if node_scores[code].notna().sum() < MIN_CITIES:
            notes.append(f"一级指标“{node['name_zh']}”（{code}）只有 {int(node_scores[code].notna().sum())} 个城市有得分，"
                         "未绘制地图。")
            continue
        if progress is not None:
            progress(f"report: map: {node['name_zh']}", 0, None)
        title = f"{node['name_zh']}（{NODE_ZH[node['parent']]}一级指标）空间分布"
        figures[f"map_l1_{code}"] = (title, maps.choropleth(node_scores[code], title, scheme=scheme,
                                                            key=f"map_l1_{code}"))
    by_name = {n: c for c, n in level1["name_zh"].items()}
    if all(p in by_name and node_scores[by_name[p]].notna().sum() >= MIN_CITIES for p in PAIR):
        x, y = (by_name[p] for p in PAIR)
        title = f"{PAIR[0]}与{PAIR[1]}空间分布"
        figures["map_pair"] = (title, maps.bivariate_map(node_scores[x], node_scores[y], title, *PAIR,
                                                         key="map_pair"))
    return figures
