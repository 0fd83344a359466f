"""The report sections that check the published report's statements against the data: the statement ledger,
province tiers and dispersion (figure 7), variance decomposition, domain correlations, pilots by rank, tables 1–4
of the indicator system, and the cities entering and leaving each top 30 between two editions.

`claim_sections` is what `analysis.analyse` calls; each part is a function of plain inputs, tested alone. Every
table made from ranks says "按排名" in its title; the published edition's figures are textmine's, computed from
appendix 1 — the report's own numbers appear only in the ledger's test column.
"""
from __future__ import annotations

import pandas as pd

from ..errors import TextmineError
from ..scoring import load_result
from ..scoring.compare import load_ranks, top_changes
from . import charts
from .analysis import Table
from .build import inputs_from_result, model_nodes
from .compare_groups import DOMAINS, INDEX, NODE_ZH, check_scores, normalise_weights, with_ranks
from .indicator_tables import TABLE_NUMBER, indicator_tables, model_tables, table_title
from .ledger import (Edition, counts, counts_text, evaluate, ledger_frame, ledger_records, load_ledger,
                     model_weights_and_counts, published_edition, rank_frame)
from .pilots import PilotList, pilot_rank_table
from .tiers import province_table
from .variance import correlation_matrix, domain_correlations, variance_decomposition

RANKS_TITLE = "（按排名）"
VARIANCE_ZH = {"index": "指数", "grouping": "分组", "groups": "组数", "cities": "城市数", "between_share": "组间占比",
               "within_share": "组内占比", "chance_share": "随机分组期望的组间占比", "F": "F", "anova_p": "方差分析 p"}
CORR_ZH = {"a": "指数 A", "b": "指数 B", "cities": "城市数", "spearman": "Spearman ρ（按排名）", "spearman_p": "Spearman p",
           "pearson": "Pearson r（按得分）", "pearson_p": "Pearson p", "report_says": "报告"}
PILOT_ZH = {"pilots": "试点城市数", "top50": "前 50 名个数", "share_top50": "前 50 名占比", "top100": "前 100 名个数",
            "share_top100": "前 100 名占比", "median_rank": "试点排名中位数", "others_median_rank": "其他城市排名中位数",
            "p_better": "P（试点排名优于其他城市）", "mannwhitney_p": "Mann–Whitney p"}
TIERS_ZH = {"province_code": "省代码", "cities": "城市数", "mean": "平均排名", "median": "排名中位数", "sd": "排名标准差",
            "min": "最好名次", "max": "最差名次", "q1": "排名 P25", "q3": "排名 P75", "iqr": "省内排名四分位距（离散度）", "vs_national": "与全国平均排名之差",
            "tier": "梯队"}
INDICATOR_ZH = {"level1_zh": "一级指标", "level2_zh": "二级指标", "name_zh": "三级指标", "leaf": "代码", "unit": "单位",
                "direction_zh": "方向", "type_zh": "类型", "source_zh": "数据来源", "text_key": "文本挖掘键",
                "weight_in_domain": "领域内权重", "global_weight": "综合指数中权重"}
CHANGES_ZH = {"index": "指数", "n": "前 N 名", "change": "变化", "city": "城市", "code": "代码", "province": "省份",
              "old_rank": "上一版名次", "new_rank": "本版名次", "move": "名次变化（正 = 上升）"}
CHANGE_WORD = {"entered": "进入", "left": "退出"}
INDEX_LABEL_ZH = {"composite": NODE_ZH[INDEX], **{d: NODE_ZH[d] for d in DOMAINS}}


def claim_sections(inputs, scores: pd.DataFrame, spatial: dict, permutations: int, seed: int,
                   notes: list[str]) -> tuple[list[Table], dict[str, tuple[str, str]]]:
    """The tables and figures of the claim-checking sections for one report (``scores``: the analysis' scores
    table with rank_<node> columns; ``spatial``: node -> (GlobalMoran, LISA frame) already computed)."""
    ranks_only = inputs.ranks_only
    ranks = rank_frame(scores)
    values = None if ranks_only else scores[[INDEX, *DOMAINS]].astype(float)
    tables: list[Table] = []
    figures: dict[str, tuple[str, str]] = {}
    ledger = ledger_table(inputs, scores, ranks, values, spatial, permutations, seed)
    tables.append(ledger)
    notes.append(f"报告结论核对（{len(ledger.frame)} 条，scoring/reference/cemi2025_statements.csv）："
                 + "；".join(f"{k} ✓ {c['✓']}，✗ {c['✗']}，— {c['—']}" for k, c in
                            (("已发布排名", ledger.frame.attrs.get("published")), ("本次运行", ledger.frame.attrs.get("run")))
                            if c) + "。")
    tables.append(variance_table(ranks if ranks_only else values, ranks_only))
    tables.append(Table("correlations", "四大领域与综合指数的相关" + (RANKS_TITLE if ranks_only else "（排名与得分）"),
                        domain_correlations(ranks, values).rename(columns=CORR_ZH),
                        "Spearman 为排名相关（已发布版只有排名）；Pearson 为得分相关。报告：“生态保护补偿指数与生态资源"
                        "禀赋指数正相关”（第一行）。", keep_columns=True))
    tables.append(Table("correlation_matrix", "相关矩阵：Spearman（按排名）", correlation_matrix(ranks, "spearman"),
                        "排名的 Spearman 相关（= 排名的 Pearson 相关）。", keep_columns=True))
    if values is not None:
        tables.append(Table("correlation_matrix_scores", "相关矩阵：Pearson（按得分）", correlation_matrix(values, "pearson"),
                            "得分的 Pearson 相关。", keep_columns=True))
    if ranks_only:
        prov = province_table(ranks[INDEX], ranks=True)
        tables.append(Table("province_tiers", "省级梯队与省内城市离散度（图 7）" + RANKS_TITLE,
                            prov.rename(columns=TIERS_ZH).rename_axis("省份"),
                            f"全国城市平均排名 {prov.attrs['national_mean']:.1f}；{prov.attrs['rule']}梯队按省平均排名划分，"
                            "平均排名不是平均得分：报告的梯队按省均值，排名不能判定（见结论核对表）。", keep_columns=True))
        figures["chart_province_tiers"] = ("省平均排名与省内排名四分位距（图 7，按排名）", charts.province_rank_chart(
            prov, "省平均排名与省内排名四分位距（按排名）", "chart_province_tiers"))
    pl = inputs.pilot_list
    flag = pl.flag if pl is not None else inputs.pilot
    if flag is not None:
        tables.append(Table("pilot_ranks", "试点城市的排名：前 50 / 前 100 名的个数与占比" + RANKS_TITLE,
                            pilot_rank_table(ranks, pilot_bool(flag)).rename(columns=PILOT_ZH).rename_axis("指数"),
                            (pl.describe() + "。" if pl is not None else "试点标志：本次运行的叶指标“是否纳入国家生态产品价值实现机制试点”。")
                            + "P（试点排名优于其他城市）为 Mann–Whitney 的优势概率。", keep_columns=True))
    tables += indicator_system_tables(inputs)
    if inputs.previous is not None:
        tables.append(edition_changes_table(inputs.previous, ranks, inputs.previous_label, inputs.source))
    elif ranks_only:
        notes.append("没有上一版的排名：“首次进入前30名”等版次变化未计算（report --published --against 上一版附录 CSV）。")
    return tables, figures


def pilot_bool(flag) -> pd.Series:
    s = pd.Series(flag, copy=True)
    s.index = s.index.astype(str)
    return pd.to_numeric(s, errors="coerce").fillna(0) > 0


def run_edition(inputs, ranks: pd.DataFrame, values: pd.DataFrame, spatial: dict, permutations: int,
                seed: int) -> Edition:
    """The ledger's view of a scoring run (or a scores CSV): its ranks, scores, level-1 node ranks, pilot flag,
    leaves, domain weights and leaves per domain."""
    node_ranks = inputs.node_ranks.rename(index=str) if inputs.node_ranks is not None else None
    if node_ranks is None and inputs.node_scores is not None:
        node_ranks = inputs.node_scores.rename(index=str).rank(ascending=False, method="min")
    tree = inputs.leaf_meta if inputs.leaf_meta is not None and "domain_weight" in inputs.leaf_meta else None
    weights, leaf_counts = model_weights_and_counts(tree)
    if inputs.domain_weights:
        weights = normalise_weights(inputs.domain_weights)
    pilots = None
    if inputs.pilot is not None:
        pilots = PilotList("run", pilot_bool(inputs.pilot).reindex(ranks.index, fill_value=False), True,
                           ["本次运行的叶指标（是否纳入国家生态产品价值实现机制试点）"])
    ed = Edition(inputs.source or "本次运行", ranks, scores=values, node_ranks=node_ranks, pilots=pilots,
                 leaves=inputs.leaves, leaf_meta=inputs.leaf_meta, weights=weights, leaf_counts=leaf_counts,
                 synthetic=inputs.synthetic, permutations=permutations, seed=seed)
    ed.spatial.update(spatial)
    return ed


def ledger_table(inputs, scores, ranks, values, spatial, permutations, seed) -> Table:
    """The statement ledger on the published ranks and, for a scoring run, on the run."""
    findings = load_ledger()
    prev = inputs.previous if inputs.ranks_only else None
    pub = published_edition(permutations, seed, prev, inputs.previous_label)
    if inputs.ranks_only:
        pub.spatial.update(spatial)
    elif "w" in spatial:
        pub.spatial["w"] = spatial["w"]
    published = evaluate(findings, pub)
    run = None
    if not inputs.ranks_only:
        run = evaluate(findings, run_edition(inputs, ranks, values, spatial, permutations, seed))
    label = "本次运行" + ("（合成数据）" if inputs.synthetic else "")
    frame = ledger_frame(findings, published, run, label)
    note = (f"已发布排名（附录 1，按排名）：{counts_text(published)}。"
            + (f"{label}：{counts_text(run)}。" if run is not None else "")
            + "✓ 重现；✗ 未重现；— 不能由该版数据计算（“所需数据”列说明缺什么）。“参考（按排名，不作判定）”是排名上的对应值，"
              "不判定关于得分的结论。检验列是 textmine 的操作化，报告原话在“报告原文”列；报告自己的数字写作“报告：…”。"
              "核对表：scoring/reference/cemi2025_statements.csv。")
    t = Table("ledger", "报告结论核对表（statement ledger）", frame, note, keep_columns=True)
    t.frame.attrs["published"] = counts(published)
    if run is not None:
        t.frame.attrs["run"] = counts(run)
    return t


def variance_table(values: pd.DataFrame, ranks_only: bool) -> Table:
    v = variance_decomposition(values).drop(columns=["node"]).rename(columns=VARIANCE_ZH)
    basis = "排名" if ranks_only else "得分"
    return Table("variance", f"方差分解：组间与组内（按{basis}）", v,
                 f"组间占比 = 组间平方和 / 总平方和（η²），按{basis}计算；随机分组期望的组间占比 = (k − 1) / (n − 1)。"
                 "报告：政府管理水平“省间差异大，省内差异小”；综合指数“不以省级行政区为主导”。流域分四组互不重叠"
                 "（四川同属两大流域，单列一组）。", keep_columns=True)


def indicator_system_tables(inputs) -> list[Table]:
    """Tables 1–4: the run's tree table (the weights it used) when it has one, else the model files."""
    tree = inputs.leaf_meta
    if tree is not None and {"level1", "level2", "domain_weight"} <= set(tree.columns):
        tree = tree.set_index("leaf") if "leaf" in tree.columns else tree
        tabs, source = indicator_tables(tree, model_nodes()), "本次运行所用的指标树与权重"
    else:
        tabs, source = model_tables(), "模型文件 scoring/indicators.csv、nodes.csv、weights.csv 与 ahp/"
    return [Table(f"indicators_{d}", table_title(d, len(t)), t.rename(columns=INDICATOR_ZH),
                  f"来源：{source}。领域内权重 = 该指标在{NODE_ZH[d]}中的份额；综合指数中权重再乘以领域权重。",
                  keep_columns=True) for d, t in tabs.items() if d in TABLE_NUMBER]


def edition_changes_table(previous: pd.DataFrame, ranks: pd.DataFrame, previous_label: str, label: str,
                          n: int = 30) -> Table:
    """Cities entering and leaving each top ``n`` from ``previous`` to this edition (scoring.compare.top_changes)."""
    new = ranks.rename(columns={INDEX: "composite"})
    old = previous.rename(columns={INDEX: "composite"})
    old.index = old.index.astype(str)
    t = top_changes(old, new, n)
    t["index"] = t["index"].map(INDEX_LABEL_ZH).fillna(t["index"])
    t["change"] = t["change"].map(CHANGE_WORD)
    return Table("edition_changes", f"进入与退出前 {n} 名的城市：{previous_label} → {label or '本版'}",
                 t.rename(columns=CHANGES_ZH),
                 f"名次变化 = 上一版名次 − 本版名次（正数为上升）。报告：“苏州、湖州、梧州、烟台及儋州……首次进入前30名”"
                 f"——“首次”需要与所有更早的版本比较，此表只比较 {previous_label}。", keep_columns=True)


def check_findings(store=None, run_id: int | None = None, previous: str | None = None, permutations: int = 999,
                   seed: int = 20250101, ledger=None) -> tuple[pd.DataFrame, dict]:
    """The statement ledger without building a report: on the published ranks, and on a scoring run of ``store``
    (the latest, or ``run_id``) when there is one. ``previous``: the previous edition's ranks (`published`, a run,
    a rank CSV) for the published column's “首次/进一步” statements; ``ledger``: another ledger file (default the
    data root's scoring/reference/cemi2025_statements.csv).

    Returns (the ledger with English keys — `ledger.ledger_records`, with run_id and run_synthetic when a run is
    checked; `ledger.ledger_zh(frame, counts["run_label"])` is the report's Chinese table — and the counts:
    {"published": {✓: n, ✗: n, —: n}, and for a run "run": …, "run_id", "synthetic", "run_label"})."""
    findings = load_ledger(ledger)
    prev, prev_label = load_ranks(previous, store) if previous else (None, "")
    published = evaluate(findings, published_edition(permutations, seed, prev, prev_label))
    run, label, result = None, "本次运行", None
    if store is not None:
        result = load_result(store, run_id=run_id)
        if result is None and run_id is not None:
            raise TextmineError(f"no scoring run {run_id} in this data home; `textmine runs` lists them")
    if result is not None:
        inputs = inputs_from_result(result)
        scores = with_ranks(check_scores(inputs.scores))
        ed = run_edition(inputs, rank_frame(scores), scores[[INDEX, *DOMAINS]].astype(float), {}, permutations, seed)
        run = evaluate(findings, ed)
        label = f"评分运行 #{result.run_id}" + ("（合成数据）" if result.synthetic else "")
    frame = ledger_records(findings, published, run)
    if run is None:
        return frame, {"published": counts(published)}
    at = frame.columns.get_loc("run_figure")        # which run the run_* columns are of, on every row
    frame.insert(at, "run_synthetic", bool(result.synthetic))
    frame.insert(at, "run_id", result.run_id)
    return frame, {"published": counts(published), "run": counts(run), "run_id": result.run_id,
                   "synthetic": bool(result.synthetic), "run_label": label}
