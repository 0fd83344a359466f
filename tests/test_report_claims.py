"""The analyses behind the published report's statements: province tiers and dispersion (figure 7), variance
decomposition, domain correlations, the pilot list, tables 1–4 and the cities entering and leaving each top 30 —
each on constructed data where the answer is known, then in a scoring run's report."""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.report import compare_groups as cg
from textmine.report.analysis import analyse
from textmine.report.excel import write_workbook
from textmine.report.html import render_html
from textmine.report.indicator_tables import model_tables
from textmine.report.pilots import load_pilots, pilot_rank_table, superiority
from textmine.report.tiers import assign_tiers, best_break, province_table, tier_members
from textmine.report.variance import (between_within, correlation_matrix, domain_correlations, group_labels,
                                      variance_decomposition)
from textmine.scoring.compare import load_ranks, top_changes

ATTRS = cg.city_attributes()


def test_best_break_splits_where_the_sorted_values_break_most():
    assert best_break([10, 9.5, 9, 4, 3.5, 3]) == 3
    assert best_break([10, 2, 1.9, 1.8]) == 1
    assert best_break([5]) == 1


def test_tiers_against_the_national_mean_on_scores_and_ranks():
    means = pd.Series({"a": 90.0, "b": 88.0, "c": 60.0, "d": 58.0, "e": 40.0, "f": 20.0})
    tier, cut = assign_tiers(means, national=50.0)
    assert tier.to_dict() == {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 3} and 60 < cut < 88
    ranks = 200 - means             # lower is better: the same order
    assert assign_tiers(ranks, national=150.0, higher_is_better=False)[0].equals(tier)
    sd_tier, _ = assign_tiers(means, national=50.0, first_tier="sd", first_tier_sd=1.0)
    assert sd_tier["a"] == 1 and sd_tier["e"] == 3
    with pytest.raises(TextmineError, match="first_tier must be one of breaks, sd"):
        assign_tiers(means, 50.0, first_tier="jenks")


def test_province_table_gives_municipalities_no_tier_and_measures_dispersion():
    rng = np.random.default_rng(0)
    effect = ATTRS["province"].map({p: i * 3.0 for i, p in enumerate(sorted(ATTRS["province"].unique()))})
    scores = effect + rng.normal(0, 1, len(ATTRS))
    t = province_table(scores)
    assert t.loc["北京市", "tier"] is pd.NA and pd.isna(t.loc["北京市", "cv"])
    assert t["tier"].notna().sum() == 27 and set(t["tier"].dropna()) <= {1, 2, 3}
    above = t["mean"] > t.attrs["national_mean"]
    multi = t["cities"] > 1
    assert (t.loc[above & multi, "tier"] <= 2).all() and (t.loc[~above & multi, "tier"] == 3).all()
    assert "Fisher–Jenks" in t.attrs["rule"]
    r = province_table(scores.rank(ascending=False), ranks=True)
    assert "iqr" in r.columns and "cv" not in r.columns and r["mean"].is_monotonic_increasing
    # the best province is the same by mean score and mean rank; the break itself may differ (ranks are not scores)
    assert tier_members(r)[1][0] == tier_members(t)[1][0] and r.attrs["ranks"] and not t.attrs["ranks"]


def test_variance_decomposition_on_known_groups():
    labels = pd.Series(["a"] * 3 + ["b"] * 3, index=list("123456"))
    v = between_within(pd.Series([1.0, 1, 1, 3, 3, 3], index=labels.index), labels)
    assert v["between_share"] == pytest.approx(1.0) and v["within_share"] == pytest.approx(0.0)
    v = between_within(pd.Series([1.0, 3, 2, 1, 3, 2], index=labels.index), labels)
    assert v["between_share"] == pytest.approx(0.0) and v["chance_share"] == pytest.approx(0.2)
    basins = group_labels("basin", ATTRS)
    assert basins.nunique() == 4 and (basins == "两大流域都属（四川）").sum() == 21
    rng = np.random.default_rng(1)
    s = pd.DataFrame(rng.uniform(0, 100, (len(ATTRS), 5)), index=ATTRS.index, columns=["cemi", *cg.DOMAINS])
    s["governance"] = ATTRS["province"].map({p: rng.uniform(0, 100) for p in ATTRS["province"].unique()})
    d = variance_decomposition(s).set_index(["node", "grouping"])
    assert d.at[("governance", "省份"), "between_share"] == pytest.approx(1.0)
    assert d.at[("cemi", "省份"), "between_share"] < 0.25 and d.at[("cemi", "省份"), "anova_p"] > 0.001


def test_domain_correlations_put_the_reported_pair_first():
    rng = np.random.default_rng(2)
    s = pd.DataFrame(rng.normal(size=(339, 5)), columns=["cemi", *cg.DOMAINS])
    s["compensation"] = s["endowment"] + rng.normal(0, 0.5, 339)
    c = domain_correlations(s.rank(), s)
    assert {c.loc[0, "a"], c.loc[0, "b"]} == {"生态保护补偿", "生态资源禀赋"}
    assert c.loc[0, "report_says"] and c.loc[0, "spearman"] > 0.8 and c.loc[0, "pearson"] > 0.8
    assert len(c) == 10 and "pearson" not in domain_correlations(s.rank()).columns
    m = correlation_matrix(s, "pearson")
    assert m.shape == (5, 5) and m.at["生态保护补偿", "生态资源禀赋"] == pytest.approx(c.loc[0, "pearson"])


def test_the_pilot_list_names_its_sources_and_completeness(tmp_path):
    pilots = load_pilots("2025")
    names = set(ATTRS.loc[pilots.flag[pilots.flag].index, "name"])
    assert {"南平市", "北京市", "黄山市", "商洛市"} <= names and "通化市" not in names
    assert all("报告" in pilots.sources[c] for c in pilots.flag[pilots.flag].index)
    assert not pilots.complete and "不完整" in pilots.describe()
    assert "通化市" in set(ATTRS.loc[load_pilots("2026").flag[lambda f: f].index, "name"])
    bad = tmp_path / "pilots.toml"
    bad.write_text('[[batch]]\nname = "首批"\neditions = ["2025"]\ndocument = "x"\ncomplete = true\n'
                   '[[batch.city]]\ncity = "南平府"\nsource = "x"\n', "utf-8")
    with pytest.raises(TextmineError, match=r"pilots.toml: \[\[batch\]\] #1, \[\[batch.city\]\] #1: .*南平府"):
        load_pilots("2025", bad)
    bad.write_text('[[batch]]\nname = "首批"\neditions = ["2025"]\n', "utf-8")
    with pytest.raises(TextmineError, match="lacks `document`"):
        load_pilots("2025", bad)
    bad.write_text('[[batch]]\nname = "首批"\neditions = ["2025"]\ndocument = "x"\ncomplete = true\n'
                   '[[batch.city]]\ncity = "丽水"\nsource = "x"\n', "utf-8")
    assert load_pilots("2025", bad).complete and load_pilots("2025", bad).cities == 1


def test_pilot_rank_table_counts_the_top_50_and_100():
    ranks = pd.DataFrame({n: np.arange(1, 340, dtype=float) for n in ("cemi", *cg.DOMAINS)}, index=ATTRS.index)
    flag = pd.Series(False, index=ATTRS.index)
    flag.iloc[[0, 10, 60, 200]] = True           # ranks 1, 11, 61, 201
    t = pilot_rank_table(ranks, flag)
    assert t.loc["综合指数", "top50"] == 2 and t.loc["综合指数", "share_top100"] == 0.75
    assert t.loc["综合指数", "median_rank"] == 36.0
    assert superiority(pd.Series([1.0, 2.0]), pd.Series([3.0, 4.0]))["p_better"] == 1.0


def test_tables_1_to_4_come_from_the_model():
    t = model_tables()
    assert {d: len(v) for d, v in t.items()} == {"endowment": 27, "governance": 20, "compensation": 11, "market": 18}
    for d, v in t.items():
        assert v["weight_in_domain"].sum() == pytest.approx(1.0)
    assert sum(v["global_weight"].sum() for v in t.values()) == pytest.approx(1.0)
    g = t["governance"].set_index("leaf")
    assert g.at["G05", "level1_zh"] == "规划引领" and g.at["G05", "source_zh"] == "文本挖掘"
    assert g.at["G13", "name_zh"] == "是否纳入国家生态产品价值实现机制试点" and g.at["G13", "type_zh"] == "是/否"


def test_top_changes_lists_entries_and_exits_with_moves():
    old, _ = load_ranks("published")
    new = old.copy()
    a, b = old.index[old["governance"] == 30][0], old.index[old["governance"] == 31][0]
    new.loc[a, "governance"], new.loc[b, "governance"] = 31, 30
    t = top_changes(old, new, 30)
    assert list(t["change"]) == ["entered", "left"] and list(t["move"]) == [1, -1]
    assert t.iloc[0]["city"] == ATTRS.at[b, "name"] and t.iloc[0]["old_rank"] == 31
    assert top_changes(old, old, 30).empty
    with pytest.raises(TextmineError, match="at least 1"):
        top_changes(old, new, 0)


def test_cli_compare_top(cli):
    r = cli("compare", "published", "published", "--top", "30", "--format", "csv")
    assert r.exit_code == 0 and r.output.strip() == "index,n,change,city,code,province,old_rank,new_rank,move"
    r = cli("compare", "published", "published")
    assert r.exit_code == 0 and "entered / left the top 30" in r.output


@pytest.fixture(scope="module")
def run_report(tmp_path_factory):
    """A scoring run's report (synthetic scores) compared with the published edition."""
    from test_report_build import synthetic_inputs

    inputs = synthetic_inputs(5)
    inputs.previous, inputs.previous_label = load_ranks("published")
    a = analyse(inputs, permutations=99)
    out = tmp_path_factory.mktemp("claims")
    return a, render_html(a), write_workbook(a, out / "r.xlsx")


def test_a_run_report_carries_every_claim_section(run_report):
    a, html, xlsx = run_report
    keys = {t.key for t in a.tables}
    assert {"ledger", "variance", "correlations", "correlation_matrix", "correlation_matrix_scores", "pilot_ranks",
            "edition_changes", "indicators_endowment", "indicators_market"} <= keys and "province_tiers" not in keys   # figure 7 on scores is `provinces`
    ledger = a.table("ledger").frame
    assert len(ledger) >= 25 and {"已发布排名：状态", "本次运行（合成数据）：状态"} <= set(ledger.columns)
    assert set(ledger.attrs) == {"published", "run"}
    changes = a.table("edition_changes").frame
    assert set(changes["变化"]) <= {"进入", "退出"} and len(changes) > 0
    assert (changes["名次变化（正 = 上升）"] == changes["上一版名次"] - changes["本版名次"]).all()
    prov = a.table("provinces").frame
    assert prov["tier"].notna().sum() == 27 and "最优二分" in a.table("provinces").note
    for anchor in ('id="ledger-section"', 'id="variance-section"', 'id="edition-changes"', 'id="indicator-system"',
                   "报告结论核对", "表 1　生态资源禀赋评价指标体系"):
        assert anchor in html, anchor
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert {"结论核对", "方差分解", "领域相关", "试点排名", "前30进入与退出", "表1 禀赋指标", "表4 市场化指标"} <= set(wb.sheetnames)
    title = next(wb["结论核对"].iter_rows(values_only=True))[0]
    assert "SYNTHETIC" in title
