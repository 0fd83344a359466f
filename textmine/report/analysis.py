"""Everything the report shows, computed from plain inputs: `ReportInputs` -> `analyse` -> `Analysis`.

No store and no files here: the inputs are DataFrames, so the whole analysis is testable
with any scores (e.g. random scores for the 339 cities).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import pandas as pd

from . import charts, maps
from .compare_groups import (DOMAINS, INDEX, NODE_ZH, check_scores, city_attributes, normalise_weights,
                             pilot_comparison, pilot_members, province_summary, region_contributions,
                             with_ranks, zone_comparison)
from .spatial import ALPHA, PERMUTATIONS, SEED, cluster_members, contiguity_weights, global_moran, local_moran

NODES = (INDEX, *DOMAINS)
TEXT_CATEGORIES = {"theme": "主题词汇", "resource": "生态资源", "policy": "政策引导", "market": "市场配置"}


@dataclass
class ReportInputs:
    """What a report is made of. Only ``scores`` is required.

    scores: index city_code; columns cemi, endowment, governance, compensation, market (rank_<node> optional).
    domain_weights: {domain: weight} (fractions or per cent); default the published 16.4/27.5/17.8/38.3 %.
    pilot: bool Series by city_code (national pilot for ecological product value realisation).
    intervals: rows (city_code, node, rank_median, rank_p05, rank_p95) from the sensitivity analysis.
    planning: `textmine.match.planning_indicators` output (index city_code; theme, resource, policy, market, has_plan,
        period and the document counted).
    editions: `textmine.report.editions.EditionsSection` (documents counted, cities without an outline, refresh view).
    evidence: rows of yes/no cells that came from an accepted evidence review (`IndexResult.evidence`).
    """
    scores: pd.DataFrame
    domain_weights: Mapping[str, float] | None = None
    pilot: pd.Series | None = None
    intervals: pd.DataFrame | None = None
    planning: pd.DataFrame | None = None
    editions: object | None = None
    synthetic: bool = False
    source: str = ""
    meta: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    evidence: pd.DataFrame | None = None
    leaf_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    key: str          # sheet / anchor id
    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass
class Analysis:
    inputs: ReportInputs
    scores: pd.DataFrame            # with ranks and city attributes
    weights: dict[str, float]
    moran: pd.DataFrame             # one row per index
    lisa: pd.DataFrame              # composite LISA per city
    tables: list[Table]
    figures: dict[str, tuple[str, str]]  # key -> (title, data URI)
    notes: list[str]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _noop(msg: str) -> None:
    pass


def analyse(inputs: ReportInputs, *, permutations: int = PERMUTATIONS, seed: int = SEED,
            scheme: str = "quantiles", progress: Callable[[str], None] = _noop) -> Analysis:
    """Compute every table and figure of the report."""
    notes = list(inputs.notes)
    weights = normalise_weights(inputs.domain_weights)
    attrs = city_attributes()
    scores = with_ranks(check_scores(inputs.scores)).join(attrs)
    if len(scores) != len(attrs):
        notes.append(f"分数表只包含 {len(scores)} / {len(attrs)} 个城市。")
    tables: list[Table] = []
    figures: dict[str, tuple[str, str]] = {}

    pilot = None
    if inputs.pilot is not None:
        pilot = pd.Series(inputs.pilot).rename(index=str).reindex(scores.index).fillna(0).astype(float) > 0
        scores["pilot"] = pilot
    lisa_w = None
    progress("spatial weights (queen contiguity)")
    if len(scores) == len(attrs):
        lisa_w = contiguity_weights()

    # -- rank intervals (sensitivity) -------------------------------------------------------
    iv = None
    if inputs.intervals is not None and len(inputs.intervals):
        iv = inputs.intervals.copy()
        iv["city_code"] = iv["city_code"].astype(str)
        cemi_iv = iv[iv["node"] == INDEX].set_index("city_code")
        scores["rank_p05"] = cemi_iv["rank_p05"].reindex(scores.index)
        scores["rank_p95"] = cemi_iv["rank_p95"].reindex(scores.index)
        scores["rank_median"] = cemi_iv["rank_median"].reindex(scores.index)

    # -- spatial statistics -------------------------------------------------------------------
    moran_rows = []
    lisa = pd.DataFrame()
    if lisa_w is not None:
        for node in NODES:
            progress(f"Moran's I and LISA: {NODE_ZH[node]}")
            gm = global_moran(scores[node], lisa_w, permutations, seed)
            lm = local_moran(scores[node], lisa_w, permutations, seed)
            counts = lm["cluster"].value_counts()
            moran_rows.append({"index": NODE_ZH[node], "node": node, **gm.as_dict(),
                               **{c: int(counts.get(c, 0)) for c in ("HH", "LL", "HL", "LH")}})
            if node == INDEX:
                lisa = lm
        scores["lisa"] = lisa["cluster"]
    else:
        notes.append("空间统计需要全部 339 个城市的得分，本次未计算。")
    moran = pd.DataFrame(moran_rows)

    # -- tables -------------------------------------------------------------------------------
    app = scores.sort_values([f"rank_{INDEX}", "name"])
    cols = ["name", "province", "region", f"rank_{INDEX}", INDEX]
    for d in DOMAINS:
        cols += [d, f"rank_{d}"]
    cols += [c for c in ("rank_median", "rank_p05", "rank_p95", "pilot", "lisa") if c in app.columns]
    tables.append(Table("appendix1", "附录 1　城市生态资产管理综合指数与四大领域指数排名", app[cols]))
    for i, node in enumerate(NODES):
        top = scores.sort_values([f"rank_{node}", "name"]).head(30)
        tables.append(Table(f"top30_{node}", f"表 {5 + i}　{NODE_ZH[node]}前 30 名城市",
                            top[["name", "province", f"rank_{node}", node]]))
    if len(moran):
        tables.append(Table("moran", "全局莫兰指数（Moran's I）与局部聚类数", moran,
                            f"皇后邻接（queen），岛屿连接最近邻，行标准化；{permutations} 次置换，种子 {seed}；"
                            f"局部聚类显著性 p < {ALPHA}。"))
        tables.append(Table("lisa", "综合指数局部空间聚类（LISA）成员", cluster_members(lisa, scores["name"])))
    reg = region_contributions(scores, weights)
    tables.append(Table("regions", "七大区域各领域对综合指数的平均贡献", reg,
                        "贡献 = 领域指数 × 领域权重；share_* 为占比。"))
    tables.append(Table("zones", "四大经济区域比较", zone_comparison(scores, weights)))
    prov = province_summary(scores)
    tables.append(Table("provinces", "省级综合指数均值与省内城市离散度", prov,
                        f"全国城市均值 {prov.attrs['national_mean']:.3f}；第一梯队：省均值高于全国均值"
                        f" + 1 个省均值标准差（{prov.attrs['first_tier_cut']:.3f}）；第二梯队：高于全国均值；"
                        "第三梯队：不高于全国均值。CV = 省内标准差 / 省内均值。"))
    if pilot is not None:
        tables.append(Table("pilots", "国家生态产品价值实现机制试点城市与其他城市比较",
                            pilot_comparison(scores, pilot), "mannwhitney_p_cemi：试点与其他城市综合指数差异的 Mann–Whitney U 检验 p 值。"))
        tables.append(Table("pilot_members", "试点城市名单与得分", pilot_members(scores, pilot)))
    else:
        notes.append("没有试点标志（是否纳入国家生态产品价值实现机制试点），试点比较未做。")
    if iv is not None:
        ivt = iv.merge(attrs[["name", "province"]], left_on="city_code", right_index=True, how="left")
        ivt["node_zh"] = ivt["node"].map(NODE_ZH).fillna(ivt["node"])
        ivt["rank"] = [scores.at[c, f"rank_{n}"] if c in scores.index and f"rank_{n}" in scores.columns else pd.NA
                       for c, n in zip(ivt["city_code"], ivt["node"])]
        ivt["width"] = ivt["rank_p95"] - ivt["rank_p05"]
        ivt = ivt[ivt["node"].isin(NODES)].sort_values(["node", "rank"])
        tables.append(Table("intervals", "敏感性分析：排名区间（5%–95%）",
                            ivt[["node_zh", "city_code", "name", "province", "rank", "rank_median", "rank_p05",
                                 "rank_p95", "width"]].reset_index(drop=True)))
    else:
        notes.append("没有敏感性分析结果（rank_intervals），排名区间未列出。")
    if inputs.evidence is not None and len(inputs.evidence):
        from .evidence import evidence_table

        tables.append(evidence_table(inputs.evidence, attrs, inputs.leaf_names))
    if inputs.planning is not None:
        tables.extend(planning_tables(inputs.planning, attrs))
    else:
        notes.append("没有规划文本指标（textmine.match.planning_indicators 不可用或尚无计数）。")
    ed = inputs.editions
    if ed is not None:
        tables.extend(edition_tables(ed))

    # -- figures ------------------------------------------------------------------------------
    for node in NODES:
        progress(f"map: {NODE_ZH[node]}")
        figures[f"map_{node}"] = (f"{NODE_ZH[node]}空间分布",
                                  maps.choropleth(scores[node], f"{NODE_ZH[node]}空间分布", scheme=scheme))
    if len(lisa):
        progress("map: LISA clusters")
        figures["map_lisa"] = ("综合指数空间聚类（LISA）", maps.cluster_map(
            lisa["cluster"], "生态资产管理综合指数空间聚类（LISA）",
            f"局部莫兰，queen 邻接（岛屿连最近邻），行标准化，{permutations} 次置换，种子 {seed}，p < {ALPHA}"))
    if ed is not None and ed.change is not None and ed.change.nunique() >= 2:
        old, new = ed.compare
        figures["map_refresh"] = (f"{old}→{new} 规划词频变化", maps.choropleth(
            ed.change, f"{old}→{new}：四类词汇每万字变化（{len(ed.change)} 个城市）", scheme=scheme,
            k=min(5, ed.change.nunique())))
    progress("charts")
    figures["chart_regions"] = ("分区域综合指数构成", charts.stacked_contributions(reg, "七大区域综合指数构成"))
    figures["chart_zones"] = ("四大经济区域综合指数构成", charts.stacked_contributions(
        zone_comparison(scores, weights), "四大经济区域综合指数构成"))
    figures["chart_provinces"] = ("省级综合指数与省内离散度", charts.province_means(
        prov, prov.attrs["national_mean"], "省级综合指数均值与省内城市离散度"))
    if pilot is not None:
        figures["chart_pilots"] = ("试点城市排名分布", charts.pilot_ranks(scores, pilot, "试点城市与其他城市的综合指数排名分布"))
    if iv is not None and "rank_median" in scores.columns:
        top = scores.sort_values(f"rank_{INDEX}").head(30).dropna(subset=["rank_p05", "rank_p95"])
        if len(top):
            figures["chart_intervals"] = ("前 30 名排名区间", charts.rank_intervals(
                top.assign(rank=top[f"rank_{INDEX}"]), "综合指数前 30 名的排名区间（敏感性分析）"))
    return Analysis(inputs, scores, weights, moran, lisa, tables, figures, notes)


def planning_tables(planning: pd.DataFrame, attrs: pd.DataFrame) -> list[Table]:
    """Summary per lexicon category, and the per-city counts, of the planning-guidance indicators, each
    city with the plan period and the one document counted."""
    p = planning.copy()
    p.index = p.index.astype(str)
    period = str(p["period"].iloc[0]) if "period" in p.columns and len(p) else "十四五"
    cats = [c for c in TEXT_CATEGORIES if c in p.columns]
    rows = []
    for c in cats:
        v = pd.to_numeric(p[c], errors="coerce")
        best = v.idxmax() if v.notna().any() else None
        rows.append({"category": c, "类别": TEXT_CATEGORIES[c], "period": period, "cities_with_plan": int(v.notna().sum()),
                     "mean": v.mean(), "median": v.median(), "min": v.min(), "max": v.max(),
                     "max_city": attrs["name"].get(best, best) if best is not None else None})
    summary = pd.DataFrame(rows)
    dens = [f"{c}_density" for c in cats if f"{c}_density" in p.columns]
    source = [c for c in ("document_id", "draft", "document_title") if c in p.columns]
    per_city = p[cats + dens + [c for c in p.columns if c == "has_plan"] + source].join(
        attrs[["name", "province"]], how="left")
    if "has_plan" in per_city.columns:
        per_city = per_city[per_city["has_plan"]]
    if cats:
        per_city = per_city.sort_values(cats[0], ascending=False, na_position="last")
    # lexicon names, so that "market" (term count) is not read as the market domain
    labels = {**{c: f"{TEXT_CATEGORIES[c]}词频" for c in cats},
              **{f"{c}_density": f"{TEXT_CATEGORIES[c]}每万字" for c in cats},
              "document_id": "计数文件", "draft": "草案", "document_title": "文件标题"}
    per_city = per_city[["name", "province", *[c for c in per_city.columns if c not in ("name", "province")]]]
    per_city = per_city.rename(columns=labels)
    drafts = int(p["draft"].sum()) if "draft" in p.columns else 0
    return [Table("planning", f"规划引领：{period}规划纲要词频指标汇总", summary,
                  f"词频为各城市“{period}”规划纲要（每市每期只计一份：最完整的副本；无正式稿时才计草案，并标明）中四类词表的"
                  f"出现次数；专项规划不计。无{period}规划纲要的城市为缺失值，不计为 0，也不用其他时期的规划替代。"
                  + (f"其中 {drafts} 个城市计的是草案。" if drafts else "")),
            Table("planning_cities", f"规划引领：各城市词频（{period}）", per_city)]


def edition_tables(ed) -> list[Table]:
    """The documents counted, the cities without an outline, and the refresh view (report/editions.py)."""
    out = [Table("planning_documents", f"规划引领：各城市计数的{ed.period}规划纲要", ed.counted,
                 "每个城市每个规划期只计一份纲要；其他文件（副本、已有正式稿的草案、专项规划、解读）不计，原因见“not_counted”与审计页。"),
           Table("planning_missing", f"没有{ed.period}规划纲要的城市（{len(ed.missing)} 个）", ed.missing,
                 "这些城市的规划引领指标为缺失值（不计为 0，也不用其他时期的规划替代）。")]
    if ed.compare is not None:
        old, new = ed.compare
        out.append(Table("refresh_movers", f"{old}→{new}：规划词频变化最大的城市", ed.movers,
                         "四类词汇合计每万字出现次数（密度，消除纲要篇幅差异）；只比较两期都有纲要的城市。"))
        out.append(Table("refresh_terms", f"{old}→{new}：新出现的词（按城市数）", ed.gained))
    return out
