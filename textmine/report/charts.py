"""Charts of the group comparisons and the sensitivity analysis (matplotlib, inline SVG with text as text)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .figures import plt, style, to_svg

INDEX_ZH = {"composite": NODE_ZH[INDEX], **{d: NODE_ZH[d] for d in DOMAINS}}
TIER_COLOURS = {1: "#1a9850", 2: "#91cf60", 3: "#d9d9d9"}
NO_TIER = "#f0f0f0"
PALETTE = ("#4daf4a", "#377eb8", "#ff7f00", "#984ea3", "#e41a1c", "#a65628", "#f781bf", "#999999")   # ColorBrewer Set1
DOMAIN_COLOURS = dict(zip(DOMAINS, PALETTE * (len(DOMAINS) // len(PALETTE) + 1)))     # by nodes.csv's order


def stacked_contributions(table: pd.DataFrame, title: str, key: str) -> str:
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
    return to_svg(fig, key)


def province_means(table: pd.DataFrame, national_mean: float, title: str, key: str) -> str:
    """Bars of provincial mean composite (coloured by tier) with the within-province CV as points."""
    style()
    fig, ax = plt.subplots(figsize=(10, 4.6))
    x = np.arange(len(table))
    tier_colours = {1: "#1a9850", 2: "#91cf60", 3: "#d9d9d9"}
    ax.bar(x, table["mean"], color=[tier_colours.get(int(t), NO_TIER) if pd.notna(t) else NO_TIER
                                    for t in table["tier"]], width=0.7)
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
    handles = [Patch(color=tier_colours[1], label="第一梯队"), Patch(color=tier_colours[2], label="第二梯队（高于全国均值）"),
               Patch(color=tier_colours[3], label="第三梯队"), ax2.lines[0]]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper right")
    return to_svg(fig, key)


def province_rank_chart(table: pd.DataFrame, title: str, key: str) -> str:
    """Figure 7 on ranks: each province's mean rank (bars coloured by tier; lower is better, so the axis is
    inverted) with the quartiles (P25–P75) of its cities' ranks as a line, and the national mean rank."""
    style()
    fig, ax = plt.subplots(figsize=(10, 4.6))
    x = np.arange(len(table))
    colours = [TIER_COLOURS.get(int(t), NO_TIER) if pd.notna(t) else NO_TIER for t in table["tier"]]
    ax.bar(x, table["mean"], color=colours, width=0.7)
    ax.vlines(x, table["q1"], table["q3"], color="#4575b4", linewidth=2, label="省内城市排名的四分位区间（P25–P75）")
    national = table.attrs.get("national_mean", 170.0)
    ax.axhline(national, color="#d73027", linestyle="--", linewidth=1)
    ax.text(len(table) - 0.5, national, f"全国平均排名 {national:.0f}", color="#d73027", ha="right", va="top", fontsize=8)
    ax.invert_yaxis()
    ax.set_xticks(x, [_short_province(p) for p in table.index], rotation=90, fontsize=8)
    ax.set_ylabel("省平均排名（越小越好）")
    ax.set_title(title)
    handles = [Patch(color=TIER_COLOURS[1], label="第一梯队"), Patch(color=TIER_COLOURS[2], label="第二梯队"),
               Patch(color=TIER_COLOURS[3], label="第三梯队"), Patch(color=NO_TIER, label="直辖市（不分梯队）"),
               ax.collections[0]]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="lower right")
    return to_svg(fig, key)


def _short_province(p: str) -> str:
    return (p.replace("维吾尔自治区", "").replace("壮族自治区", "").replace("回族自治区", "").replace("自治区", "")
            .replace("省", "").replace("市", ""))


def pilot_ranks(scores: pd.DataFrame, pilot: pd.Series, title: str, key: str) -> str:
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
    return to_svg(fig, key)


def rank_intervals(table: pd.DataFrame, title: str, key: str) -> str:
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
    return to_svg(fig, key)


def pilot_structure(members: pd.DataFrame, national: pd.Series, title: str, key: str) -> str:
    """The pilot cities' four domain contributions (score × weight) as stacked bars in composite-rank order,
    with the national mean's bar and line (the report's figure 8). ``members``: name + one column per domain,
    rows in rank order; ``national``: mean contribution per domain."""
    style()
    labels = [*members["name"], "全国均值"]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.34 * n + 2), 4.4))
    x = np.arange(n, dtype=float)
    x[-1] += 0.6  # a gap before the national mean
    bottom = np.zeros(n)
    for d in DOMAINS:
        vals = np.append(members[d].to_numpy(dtype=float), float(national[d]))
        ax.bar(x, vals, bottom=bottom, color=DOMAIN_COLOURS[d], label=NODE_ZH[d], width=0.7)
        bottom += vals
    total = float(sum(national[d] for d in DOMAINS))
    ax.axhline(total, color="#d73027", linestyle="--", linewidth=1)
    ax.text(x[-1] + 0.5, total, f"全国均值 {total:.2f}", color="#d73027", ha="right", va="bottom", fontsize=8)
    ax.set_xticks(x, labels, rotation=90, fontsize=8)
    ax.set_ylabel("领域贡献（得分×权重），合计 = 综合指数")
    ax.set_title(title)
    ax.legend(ncol=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, 1.0))
    ax.set_ylim(0, max(bottom.max(), total) * 1.18)
    return to_svg(fig, key)


def yesno_by_basin(table: pd.DataFrame, groups: list[str], title: str, key: str) -> str:
    """Horizontal grouped bars: share of all cities answering yes, per yes/no leaf and basin; the national
    share as a tick. ``table``: name_zh, one share column per group and 全国."""
    style()
    n = len(table)
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * n + 1.6))
    y = np.arange(n)[::-1].astype(float)
    h = 0.8 / len(groups)
    colours = ["#1f78b4", "#e6ab02", "#9e9e9e"]
    for i, g in enumerate(groups):
        ax.barh(y + 0.4 - h * (i + 0.5), table[g].astype(float), height=h, color=colours[i % 3], label=g)
    ax.plot(table["全国"].astype(float), y, "|", color="black", markersize=10, label="全国")
    ax.set_yticks(y, [str(s).replace("是否", "") for s in table["name_zh"]], fontsize=8)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("“是”的城市占该组全部城市的比例")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, ncol=len(groups) + 1, loc="upper center", bbox_to_anchor=(0.5, -0.06 - 1.2 / n))
    return to_svg(fig, key)


def top_n_composition(table: pd.DataFrame, kind: str, groups: list[str], colours: dict[str, str], title: str,
                      key: str) -> str:
    """One block of bars per index: for N = 10 … 100, the top N cities stacked by group of ``kind``."""
    style()
    t = table[table["group_kind"] == kind]
    indices = list(dict.fromkeys(t["index"]))
    ns = sorted(t["n"].unique())
    fig, ax = plt.subplots(figsize=(10.5, 3.8))
    step = len(ns) + 1.2  # a gap between the indices' blocks
    x = np.concatenate([i * step + np.arange(len(ns)) for i in range(len(indices))])
    wide = t.pivot_table(index=["index", "n"], columns="group", values="cities", aggfunc="sum")
    wide = wide.reindex(pd.MultiIndex.from_product([indices, ns]), columns=groups).fillna(0)
    bottom = np.zeros(len(x))
    for g in groups:
        vals = wide[g].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, color=colours[g], label=g, width=0.75)
        bottom += vals
    ax.set_xticks(x, [f"前{n}" for _ in indices for n in ns], fontsize=7)
    for i, index in enumerate(indices):
        ax.text(i * step + (len(ns) - 1) / 2, bottom.max() * 1.04, INDEX_ZH.get(index, index), ha="center",
                va="bottom", fontsize=9)
    ax.set_ylim(0, bottom.max() * 1.15)
    ax.set_ylabel("城市数")
    ax.set_title(title, pad=18)
    ax.legend(ncol=len(groups), fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return to_svg(fig, key)
