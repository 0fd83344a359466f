"""The published edition: the rank-based parts of the report from the published 2025 ranks.

`published_inputs()` turns appendix 1 of the published report (scoring/reference/
cemi2025_appendix1.csv: the composite and four domain ranks of the 339 cities) into report
inputs marked ``ranks_only``: rank maps, Moran's I and LISA on 340 − rank, top-N composition,
regions, zones, basins and provinces by mean rank (tiers and rank dispersion, figure 7), the pilots of
corpora/pilots.toml by rank, the statement ledger, variance decomposition and rank correlations, tables 1–4,
the top-30 tables and the appendix. Nothing that needs scores (contributions, within-province CV) or leaf
values (yes/no statistics, level-1 indicators) is drawn, and every output says "ranks only".
"""
from __future__ import annotations

import os

import pandas as pd

from ..progress import Progress
from ..scoring.compare import load_ranks
from .analysis import ReportInputs
from .build import ReportFiles, write_report
from .compare_groups import DOMAINS, INDEX
from .groups import INDEX_LABEL
from .pilots import load_pilots

REFERENCE = ("scoring", "reference", "cemi2025_appendix1.csv")  # what load_ranks("published") reads


def published_inputs(previous: str | os.PathLike | None = None) -> ReportInputs:
    """Report inputs from the published 2025 ranks: rank_<index> as published, <index> = (cities + 1) − rank.

    ``previous``: the previous edition's ranks (an appendix CSV: city, <index>_rank columns), for the cities
    entering and leaving each top 30 and the ledger's “首次进入” statements."""
    ranks, label = load_ranks("published")
    n = len(ranks)
    scores = pd.DataFrame(index=ranks.index.astype(str))
    for node in (INDEX, *DOMAINS):
        r = ranks[INDEX_LABEL[node]].astype(float)
        scores[node] = (n + 1) - r
        scores[f"rank_{node}"] = r.astype("Int64")
    scores.index.name = "city_code"
    pilots = load_pilots("2025")
    prev, prev_label = (None, "")
    if previous is not None:
        prev, prev_label = load_ranks(str(previous))
    return ReportInputs(scores=scores, ranks_only=True, source=f"{label}（{'/'.join(REFERENCE)}）",
                        meta={"edition": "中国城市生态资产管理指数2025 附录1"}, pilot=pilots.flag, pilot_list=pilots,
                        previous=prev, previous_label=prev_label,
                        notes=[f"本报告只使用已发布的排名（{n} 个城市的综合指数与四大领域指数排名），"
                               f"只包含由排名决定的分析；分值 = {n + 1} − 排名，不是指数得分。"
                               "领域贡献、省内 CV、一级指标与是/否指标需要指数得分或指标数据，未做；省级梯队与离散度按"
                               "平均排名与排名四分位距，标明“按排名”。",
                               pilots.describe() + "。"])


def build_published(out_dir: str | os.PathLike, *, previous: str | os.PathLike | None = None,
                    progress: Progress | None = None, **analyse_kwargs) -> ReportFiles:
    """Write the ranks-only report of the published edition into ``out_dir`` (no data home needed);
    ``previous``: the previous edition's appendix CSV (entries and exits of each top 30)."""
    return write_report(published_inputs(previous), out_dir, progress=progress, **analyse_kwargs)
