"""Everything the report shows, computed from plain inputs: `ReportInputs` -> `analyse` -> `Analysis`.

No store and no files here: the inputs are DataFrames, so the whole analysis is testable
with any scores (e.g. random scores for the 339 cities). With ``ranks_only`` (the published
edition, `published.published_inputs`) only what ranks decide is computed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from ..progress import Progress
from . import charts, group_stats, level1, maps, yesno
from .compare_groups import (DOMAINS, INDEX, NODE_ZH, ZONES, check_scores, city_attributes, contributions,
                             normalise_weights, pilot_comparison, pilot_members, province_summary,
                             region_contributions, with_ranks, zone_comparison)
from .evidence import evidence_table
from .facts import facts_table
from .groups import BASIN_NONE, TOP_N, basins, pilot_series, ranks_by_label, top_n_composition
from .planning import edition_tables, planning_tables
from .provenance import not_measured, provenance_tables
from .spatial import ALPHA, PERMUTATIONS, SEED, cluster_members, contiguity_weights, global_moran, local_moran
from .table import Table

NODES = (INDEX, *DOMAINS)
ZONE_COLOURS = {"东部": "#1b9e77", "中部": "#d95f02", "西部": "#7570b3", "东北": "#e7298a"}
RANKS_ONLY_NOTE = "仅排名：分值 = 340 − 排名（越大越好），只用于空间统计；均值为平均排名（越小越好）。"


@dataclass
class ReportInputs:
    """What a report is made of. Only ``scores`` is required.

    scores: index city_code; columns cemi, endowment, governance, compensation, market (rank_<node> optional).
    domain_weights: {domain: weight} (fractions or per cent); default: the model's (scoring/weights.csv).
    pilot: bool Series by city_code (national pilot for ecological product value realisation).
    intervals: rows (city_code, node, rank_median, rank_p05, rank_p95) from the sensitivity analysis.
    planning: `textmine.count.planning_indicators` output (index city_code; theme, resource, policy, market, has_plan,
        period and the document counted).
    editions: `textmine.report.editions.EditionsSection` (documents counted, cities without an outline, refresh view).
    evidence: rows of yes/no cells that came from an accepted evidence review (`IndexResult.evidence`).
    facts: rows of yearbook cells that came from an accepted facts review (`IndexResult.facts`).
    node_scores / node_ranks: index city_code, one column per internal node of the model (level-1 nodes used).
    nodes: the model's nodes (code, parent, name_zh). leaves: a run's leaf values (city_code, leaf, raw, origin);
    leaf_meta: the model's leaf table (leaf, name_zh, type, level1, domain) — for the yes/no statistics.
    ranks_only: the scores are 340 − rank (published ranks): no contributions, provinces by mean rank.
    text_sources: what a run's text-mined leaves measured (period, mode, news window; `IndexResult.params`).
    previous / previous_label: another edition's ranks (index city_code; composite and the domains) to list the
    cities entering and leaving each top 30 against (report/claims.py); pilot_list: a `pilots.PilotList` (the
    registry's pilots, for the published edition).
    """
    scores: pd.DataFrame
    domain_weights: Mapping[str, float] | None = None
    pilot: pd.Series | None = None
    intervals: pd.DataFrame | None = None
    planning: pd.DataFrame | None = None
    editions: object | None = None
    evidence: pd.DataFrame | None = None
    facts: pd.DataFrame | None = None
    leaf_names: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False
    source: str = ""
    meta: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    node_scores: pd.DataFrame | None = None
    node_ranks: pd.DataFrame | None = None
    nodes: pd.DataFrame | None = None
    leaves: pd.DataFrame | None = None
    leaf_meta: pd.DataFrame | None = None
    ranks_only: bool = False
    text_sources: dict = field(default_factory=dict)
    previous: pd.DataFrame | None = None
    previous_label: str = ""
    pilot_list: object | None = None


@dataclass
class Analysis:
    inputs: ReportInputs
    scores: pd.DataFrame            # with ranks and city attributes
    weights: dict[str, float]
    moran: pd.DataFrame             # one row per index
    lisa: pd.DataFrame              # composite LISA per city
    tables: list[Table]
    figures: dict[str, tuple[str, str]]  # key -> (title, inline SVG)
    notes: list[str]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def say(progress: Progress | None, what: str, done: float = 0, total: float | None = None) -> None:
    """Tell the progress callback (textmine.progress) about a step of the report."""
    if progress is not None:
        progress(f"report: {what}", done, total)


def analyse(inputs: ReportInputs, *, permutations: int = PERMUTATIONS, seed: int = SEED,
            scheme: str = "quantiles", progress: Progress | None = None) -> Analysis:
    """Compute every table and figure of the report."""
    notes = list(inputs.notes)
    weights = normalise_weights(inputs.domain_weights)
    attrs = city_attributes()
    scores = with_ranks(check_scores(inputs.scores)).join(attrs)
    complete = len(scores) == len(attrs)
    if not complete:
        notes.append(f"分数表只包含 {len(scores)} / {len(attrs)} 个城市。")
    tables: list[Table] = []
    figures: dict[str, tuple[str, str]] = {}
    ranks_only = inputs.ranks_only

    pilot = None
    if inputs.pilot is not None:
        pilot = pilot_series(inputs.pilot, scores.index)
        scores["pilot"] = pilot
    iv = _intervals(inputs, scores)
    if inputs.leaves is not None and "origin" in inputs.leaves.columns:
        scores["not_measured"] = not_measured(inputs.leaves).reindex(scores.index)

    # -- spatial statistics -------------------------------------------------------------------
    moran_rows, clusters, spatial = [], {}, {}
    lisa = pd.DataFrame()
    if complete:
        say(progress, "spatial weights (queen contiguity)")
        lisa_w = contiguity_weights()
        spatial["w"] = lisa_w   # the ledger's spatial tests reuse them (report/claims.py)
        for node in NODES:
            say(progress, f"Moran's I and LISA: {NODE_ZH[node]}")
            gm = global_moran(scores[node], lisa_w, permutations, seed)
            lm = local_moran(scores[node], lisa_w, permutations, seed)
            counts = lm["cluster"].value_counts()
            moran_rows.append({"index": NODE_ZH[node], "node": node, **gm.as_dict(),
                               **{c: int(counts.get(c, 0)) for c in ("HH", "LL", "HL", "LH")}})
            clusters[node] = lm["cluster"]
            spatial[node] = (gm, lm)
            if node == INDEX:
                lisa = lm
        scores["lisa"] = lisa["cluster"]
    else:
        notes.append("空间统计需要全部 339 个城市的得分，本次未计算。")
    moran = pd.DataFrame(moran_rows)

    # -- tables -------------------------------------------------------------------------------
    tables += _ranking_tables(scores, ranks_only)
    if len(moran):
        spatial_note = (f"皇后邻接（queen），岛屿连接最近邻，行标准化；{permutations} 次置换，种子 {seed}；"
                        f"局部聚类显著性 p < {ALPHA}。" + (RANKS_ONLY_NOTE if ranks_only else ""))
        tables.append(Table("moran", "全局莫兰指数（Moran's I）与局部聚类数", moran, spatial_note))
        tables.append(Table("lisa", "综合指数局部空间聚类（LISA）成员", cluster_members(lisa, scores["name"])))
        tables.append(Table("lisa_groups", "局部空间聚类（LISA）按区域、经济区域与流域计数",
                            group_stats.lisa_by_group(clusters),
                            "各组内显著的高-高、低-低、高-低、低-高城市数（ns 为不显著）；四川省城市同属两大流域。"))
    tables += _group_tables(scores, weights, ranks_only)
    top_n = top_n_composition(ranks_by_label(scores), pilot=pilot)
    tables.append(Table("zone_top_n", "各指数前 N 名城市的构成（经济区域、区域、流域、试点）", top_n,
                        f"index 指数（composite 综合指数），n 前 N 名（N = {', '.join(map(str, TOP_N))}；排名 ≤ N，"
                        f"并列者同计），group_kind 分组类型：zone 四大经济区域，region 七大区域，basin 流域"
                        f"（四川省城市同属两大流域，“{BASIN_NONE}”为不属于任一流域的城市），pilot 国家生态产品价值"
                        f"实现机制试点；group 组别；cities 城市数。", keep_columns=True))
    if pilot is not None and not ranks_only:  # means of 340 − rank are not scores: pilots by rank in claims.py
        tables.append(Table("pilots", "国家生态产品价值实现机制试点城市与其他城市比较",
                            pilot_comparison(scores, pilot), "mannwhitney_p_cemi：试点与其他城市综合指数差异的 Mann–Whitney U 检验 p 值。"))
        tables.append(Table("pilot_members", "试点城市名单与得分", pilot_members(scores, pilot)))
    elif not ranks_only:
        notes.append("没有试点标志（是否纳入国家生态产品价值实现机制试点），试点比较未做。")
    if iv is not None:
        tables.append(Table("intervals", "敏感性分析：排名区间（5%–95%）", iv))
    elif not ranks_only:
        notes.append("没有敏感性分析结果（rank_intervals），排名区间未列出。")
    if inputs.evidence is not None and len(inputs.evidence):
        tables.append(evidence_table(inputs.evidence, attrs, inputs.leaf_names))
    if inputs.facts is not None and len(inputs.facts):
        tables.append(facts_table(inputs.facts, attrs, inputs.leaf_names))
    if inputs.planning is not None:
        tables.extend(planning_tables(inputs.planning, attrs, inputs.leaves, inputs.leaf_meta))
    elif not ranks_only:
        notes.append("没有规划文本指标（textmine.count.planning_indicators 不可用或尚无计数）。")
    ed = inputs.editions
    if ed is not None:
        tables.extend(edition_tables(ed, inputs.leaves, inputs.leaf_meta))
        if ed.review is not None:
            notes.append(f"规划纲要选择：{len(ed.review)} 个城市的{ed.period}纲要选择待复核（不确定：两份不同文本、"
                         f"标题与封面不一致、只有草案或只有建议等），见“待复核的纲要选择”表；复核用 "
                         f"`textmine documents review` 与 `textmine documents accept`。")
    if inputs.leaves is not None and "origin" in inputs.leaves.columns:
        sentence, cell_tables = provenance_tables(inputs.leaves, inputs.leaf_meta, attrs)
        notes.insert(0, "数据来源：" + sentence)
        tables.extend(cell_tables)
    node_scores, l1 = _level1(inputs)
    if l1 is not None:
        node_ranks = inputs.node_ranks.rename(index=str) if inputs.node_ranks is not None else None
        tables.append(Table("level1_top30", "一级指标前 30 名城市",
                            level1.top_tables(node_scores, l1, attrs, node_ranks),
                            "并列者同名次，故个别指标列出多于 30 个城市。"))
        tables.append(Table("level1_groups", "一级指标得分均值：经济区域、流域与区域",
                            level1.group_means(node_scores, l1, attrs), "四川省城市同属两大流域。"))
    elif not ranks_only:
        notes.append("没有一级指标得分（需要评分运行的各级节点得分），一级指标地图未绘制。")
    yn = None
    if inputs.leaves is not None and inputs.leaf_meta is not None and len(yesno.yesno_leaves(inputs.leaf_meta)):
        yn = yesno.yesno_tables(inputs.leaves, inputs.leaf_meta, attrs)
        tables.append(Table("yesno", "是/否指标统计：答复城市、“是”的城市数与比例", yn["national"], yesno.DENOMINATORS))
        tables.append(Table("yesno_basins", "是/否指标“是”的比例：两大流域比较（分母为该组全部城市）", yn["basins"],
                            "报告：“长江流域政策颁布和覆盖情况较黄河流域更好”。四川省城市同属两大流域。"))
        tables.append(Table("yesno_groups", "是/否指标统计：按经济区域、省份与流域", yn["groups"], yesno.DENOMINATORS))
    elif not ranks_only:
        notes.append("没有叶指标数值，是/否指标统计未做。")

    say(progress, "statement ledger, tiers, variance, correlations, tables 1–4")
    from .claims import claim_sections  # cycle inside report: the claims check reads built reports

    more_tables, more_figures = claim_sections(inputs, scores, spatial, permutations, seed, notes)
    tables += more_tables

    # -- figures ------------------------------------------------------------------------------
    figures.update(_maps(scores, lisa, ranks_only, scheme, permutations, seed, progress))
    if ed is not None and ed.change is not None and ed.change.nunique() >= 2:
        old, new = ed.compare
        title = f"{old}→{new}：四类词汇每万字变化（{len(ed.change)} 个城市）"
        figures["map_refresh"] = (title, maps.choropleth(ed.change, title, scheme=scheme,
                                                         k=min(5, ed.change.nunique()), key="map_refresh"))
    if l1 is not None:
        figures.update(level1.level1_figures(node_scores, l1, scheme, progress, notes))
    say(progress, "charts")
    figures.update(_charts(scores, weights, tables, pilot, ranks_only, yn))
    figures.update(more_figures)
    return Analysis(inputs, scores, weights, moran, lisa, tables, figures, notes)


def _intervals(inputs: ReportInputs, scores: pd.DataFrame) -> pd.DataFrame | None:
    """The rank-interval table; also puts the composite's interval on ``scores``."""
    if inputs.intervals is None or not len(inputs.intervals):
        return None
    iv = inputs.intervals.copy()
    iv["city_code"] = iv["city_code"].astype(str)
    cemi_iv = iv[iv["node"] == INDEX].set_index("city_code")
    for col in ("rank_p05", "rank_p95", "rank_median"):
        scores[col] = cemi_iv[col].reindex(scores.index)
    ivt = iv.merge(scores[["name", "province"]], left_on="city_code", right_index=True, how="left")
    ivt["node_zh"] = ivt["node"].map(NODE_ZH).fillna(ivt["node"])
    ivt["rank"] = [scores.at[c, f"rank_{n}"] if c in scores.index and f"rank_{n}" in scores.columns else pd.NA
                   for c, n in zip(ivt["city_code"], ivt["node"])]
    ivt["width"] = ivt["rank_p95"] - ivt["rank_p05"]
    ivt = ivt[ivt["node"].isin(NODES)].sort_values(["node", "rank"])
    return ivt[["node_zh", "city_code", "name", "province", "rank", "rank_median", "rank_p05", "rank_p95",
                "width"]].reset_index(drop=True)


def _ranking_tables(scores: pd.DataFrame, ranks_only: bool) -> list[Table]:
    """Appendix 1 and the top-30 tables 5–9 (ranks only: no score columns)."""
    app = scores.sort_values([f"rank_{INDEX}", "name"])
    cols = ["name", "province", "region", "basins", f"rank_{INDEX}"] + ([] if ranks_only else [INDEX])
    for d in DOMAINS:
        cols += [f"rank_{d}"] if ranks_only else [d, f"rank_{d}"]
    cols += [c for c in ("rank_median", "rank_p05", "rank_p95", "pilot", "lisa", "not_measured") if c in app.columns]
    out = [Table("appendix1", "附录 1　城市生态资产管理综合指数与四大领域指数排名", app[cols])]
    for i, node in enumerate(NODES):
        top = scores.sort_values([f"rank_{node}", "name"]).head(30)
        out.append(Table(f"top30_{node}", f"表 {5 + i}　{NODE_ZH[node]}前 30 名城市",
                         top[["name", "province", f"rank_{node}"] + ([] if ranks_only else [node])]))
    return out


def _group_tables(scores: pd.DataFrame, weights: dict, ranks_only: bool) -> list[Table]:
    """Regions, zones, basins and provinces: contributions and spread, or (ranks only) mean ranks."""
    if ranks_only:
        note = "平均排名越小越好；top30_cemi / top100_cemi：综合指数前 30 / 前 100 名的城市数。"
        return [Table("regions", "七大区域：平均排名", group_stats.rank_groups(scores, "region"), note),
                Table("zones", "四大经济区域：平均排名", group_stats.rank_groups(scores, "zone"), note),
                Table("basins", "两大流域：平均排名", group_stats.rank_groups(scores, "basin"),
                      note + "四川省城市同属两大流域。"),
                Table("provinces", "省份：平均排名（由好到差）", group_stats.rank_groups(scores, "province"), note)]
    prov = province_summary(scores)
    return [
        Table("regions", "七大区域各领域对综合指数的平均贡献", region_contributions(scores, weights),
              "贡献 = 领域指数 × 领域权重；share_* 为占比。"),
        Table("zones", "四大经济区域比较", zone_comparison(scores, weights)),
        Table("basins", "两大流域（长江经济带、黄河流域）比较：均值、离散度与领域贡献",
              group_stats.basin_summary(scores, weights),
              "长江经济带：11 个省市；黄河流域：9 个省区；四川省城市同属两者。mean/sd/cv 为综合指数；"
              "贡献 = 领域指数 × 领域权重。"),
        Table("provinces", "省级综合指数均值与省内城市离散度", prov,
              f"全国城市均值 {prov.attrs['national_mean']:.3f}；{prov.attrs['rule']}"
              f"（第一梯队分界 {prov.attrs['first_tier_cut']:.3f}）CV = 省内标准差 / 省内均值。"),
    ]


def _level1(inputs: ReportInputs) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """(node scores indexed by city code as text, the level-1 nodes) or (None, None)."""
    if inputs.node_scores is None or inputs.nodes is None:
        return None, None
    ns = inputs.node_scores.rename(index=str)
    l1 = level1.level1_nodes(inputs.nodes, ns.columns)
    return (ns, l1) if len(l1) else (None, None)


def _maps(scores, lisa, ranks_only, scheme, permutations, seed, progress) -> dict[str, tuple[str, str]]:
    figures = {}
    for node in NODES:
        say(progress, f"map: {NODE_ZH[node]}")
        if ranks_only:
            title = f"{NODE_ZH[node]}排名空间分布（仅排名）"
            svg = maps.choropleth(scores[f"rank_{node}"].astype(float), title, scheme=scheme, ranks=True,
                                  key=f"map_{node}")
        else:
            title = f"{NODE_ZH[node]}空间分布"
            svg = maps.choropleth(scores[node], title, scheme=scheme, key=f"map_{node}")
        figures[f"map_{node}"] = (title, svg)
    if len(lisa):
        say(progress, "map: LISA clusters")
        title = "综合指数空间聚类（LISA）" + ("，按排名" if ranks_only else "")
        figures["map_lisa"] = (title, maps.cluster_map(
            lisa["cluster"], "生态资产管理" + title,
            f"局部莫兰，queen 邻接（岛屿连最近邻），行标准化，{permutations} 次置换，种子 {seed}，p < {ALPHA}"
            + ("；分值 = 340 − 排名" if ranks_only else ""), key="map_lisa"))
    return figures


def _charts(scores, weights, tables: list[Table], pilot, ranks_only, yn) -> dict[str, tuple[str, str]]:
    by_key = {t.key: t.frame for t in tables}
    figures = {}
    title = "各指数前 N 名城市的四大经济区域构成"
    figures["chart_top_n"] = (title, charts.top_n_composition(by_key["zone_top_n"], "zone", list(ZONES),
                                                              ZONE_COLOURS, title, "chart_top_n"))
    if not ranks_only:
        for key, title in (("regions", "七大区域综合指数构成"), ("zones", "四大经济区域综合指数构成"),
                           ("basins", "两大流域综合指数构成")):
            figures[f"chart_{key}"] = (title, charts.stacked_contributions(by_key[key], title, f"chart_{key}"))
        prov = by_key["provinces"]
        title = "省级综合指数均值与省内城市离散度"
        figures["chart_provinces"] = (title, charts.province_means(prov, prov.attrs["national_mean"], title,
                                                                   "chart_provinces"))
    if pilot is not None:
        title = "试点城市与其他城市的综合指数排名分布"
        figures["chart_pilots"] = (title, charts.pilot_ranks(scores, pilot, title, "chart_pilots"))
        if not ranks_only:
            contrib = contributions(scores, weights)
            members = scores.loc[pilot].sort_values([f"rank_{INDEX}", "name"])
            title = "国家生态产品价值实现机制试点城市的综合指数得分与结构"
            figures["chart_pilot_structure"] = (title, charts.pilot_structure(
                contrib.loc[members.index].join(members[["name"]]), contrib.mean(), title, "chart_pilot_structure"))
    if "rank_median" in scores.columns:
        top = scores.sort_values(f"rank_{INDEX}").head(30).dropna(subset=["rank_p05", "rank_p95"])
        if len(top):
            title = "综合指数前 30 名的排名区间（敏感性分析）"
            figures["chart_intervals"] = (title, charts.rank_intervals(top.assign(rank=top[f"rank_{INDEX}"]), title,
                                                                       "chart_intervals"))
    if yn is not None:
        t = yn["basins"]
        title = "是/否指标“是”的城市比例：两大流域比较"
        figures["chart_yesno_basins"] = (title, charts.yesno_by_basin(t, basins(), title, "chart_yesno_basins"))
    return figures
