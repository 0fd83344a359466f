"""Charts of the group comparisons and the sensitivity analysis (matplotlib, PNG data URIs)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .figures import plt, style, to_data_uri

DOMAIN_COLOURS = {"endowment": "#4daf4a", "governance": "#377eb8", "compensation": "#ff7f00", "market": "#984ea3"}


def stacked_contributions(table: pd.DataFrame, title: str) -> str:
    """Stacked bars: mean contribution of each domain per group (rows of ``table``)."""
    style()
    fig, ax = plt.subplots(figsize=(8, 4.2))
    bottom = np.zeros(len(table))
    x = np.arange(len(table))
    for d in DOMAINS:
        vals = table[d].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, color=DOMAIN_COLOURS[d], label=NODE_ZH[d], width=0.6)
        bottom += vals
    for xi, total in zip(x, bottom):
        ax.text(xi, total, f"{total:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [str(i) for i in table.index])
    ax.set_ylabel("领域贡献均值（得分×权重）")
    ax.set_title(title)
    ax.legend(ncol=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return to_data_uri(fig)


def province_means(table: pd.DataFrame, national_mean: float, title: str) -> str:
    """Bars of provincial mean composite (coloured by tier) with the within-province CV as points."""
    style()
    fig, ax = plt.subplots(figsize=(10, 4.6))
    x = np.arange(len(table))
    tier_colours = {1: "#1a9850", 2: "#91cf60", 3: "#d9d9d9"}
    ax.bar(x, table["mean"], color=[tier_colours[int(t)] for t in table["tier"]], width=0.7)
    ax.axhline(national_mean, color="#d73027", linestyle="--", linewidth=1)
    ax.text(len(table) - 0.5, national_mean, f"全国均值 {national_mean:.2f}", color="#d73027", ha="right",
            va="bottom", fontsize=8)
    ax.set_xticks(x, [p.replace("维吾尔自治区", "").replace("壮族自治区", "").replace("回族自治区", "")
                      .replace("自治区", "").replace("省", "").replace("市", "") for p in table.index],
                  rotation=90, fontsize=8)
    ax.set_ylabel("综合指数均值")
    ax.set_title(title)
    ax2 = ax.twinx()
    ax2.plot(x, table["cv"], "o", color="#4575b4", markersize=4, label="省内城市离散度（CV）")
    ax2.set_ylabel("变异系数 CV")
    ax2.spines["right"].set_visible(True)
    from matplotlib.patches import Patch

    handles = [Patch(color=tier_colours[1], label="第一梯队"), Patch(color=tier_colours[2], label="第二梯队（高于全国均值）"),
               Patch(color=tier_colours[3], label="第三梯队"), ax2.lines[0]]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper right")
    return to_data_uri(fig)


def pilot_ranks(scores: pd.DataFrame, pilot: pd.Series, title: str) -> str:
    """Histogram of composite ranks, pilots against the rest, with the top-50/100 cut-offs."""
    style()
    rank = scores[f"rank_{INDEX}"].astype(float)
    flag = pilot.reindex(scores.index).fillna(0).astype(float) > 0
    fig, ax = plt.subplots(figsize=(8, 3.8))
    bins = np.arange(0, max(rank.max(), 1) + 21, 20)
    ax.hist([rank[~flag], rank[flag]], bins=bins, stacked=True, color=["#bdbdbd", "#e41a1c"],
            label=[f"其他城市 ({int((~flag).sum())})", f"试点城市 ({int(flag.sum())})"])
    for cut in (50, 100):
        ax.axvline(cut, color="#333333", linestyle=":", linewidth=1)
        ax.text(cut, ax.get_ylim()[1] * 0.95, f" 前{cut}", fontsize=8)
    ax.set_xlabel("综合指数排名")
    ax.set_ylabel("城市数")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    return to_data_uri(fig)


def rank_intervals(table: pd.DataFrame, title: str) -> str:
    """Rank median with the 5–95 % interval per city (rows already ordered), the sensitivity figure."""
    style()
    n = len(table)
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.22 * n + 1)))
    y = np.arange(n)[::-1]
    ax.hlines(y, table["rank_p05"], table["rank_p95"], color="#4575b4", linewidth=2)
    ax.plot(table["rank_median"], y, "o", color="#d73027", markersize=4, label="中位排名")
    if "rank" in table:
        ax.plot(table["rank"], y, "|", color="black", markersize=8, label="发布排名")
    ax.set_yticks(y, table["name"], fontsize=8)
    ax.set_xlabel("排名（5%–95% 区间）")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return to_data_uri(fig)
