"""`report --published`: the published 2025 ranks reproduce what the published report says that ranks alone decide.

Each test quotes the sentence of the report (../shared/seed/000_96ec0b76c82f8487.txt) it checks. The
ranks are appendix 1 of that report (scoring/reference/cemi2025_appendix1.csv, shipped with the project).
Statements about means of scores are checked with mean ranks (lower is better), and say so.
"""
from __future__ import annotations

import openpyxl
import pytest

from textmine.report.analysis import analyse
from textmine.report.published import published_inputs

NATIONAL_MEAN_RANK = 170  # (1 + 339) / 2


@pytest.fixture(scope="module")
def published():
    return analyse(published_inputs())  # the report's own defaults: 999 permutations, fixed seed


def top_n(a, index, n, kind):
    t = a.table("zone_top_n").frame
    t = t[(t["index"] == index) & (t["n"] == n) & (t["group_kind"] == kind)]
    return dict(zip(t["group"], t["cities"]))


def test_zone_top_n_rows_of_the_published_text(published):
    rows = set(published.table("zone_top_n").frame.itertuples(index=False, name=None))
    # 前20名城市中东部城市占8个
    assert ("composite", 20, "zone", "东部", 8) in rows
    # 排名前30的城市中有17个城市来自东部地区 (政府管理水平)
    assert ("governance", 30, "zone", "东部", 17) in rows


def test_top_cities_named_in_the_text(published):
    # 排名前十的城市分别是南平、宜昌、北京、重庆、黄山、雅安、阿坝藏族羌族自治州、商洛、海南藏族自治州和武汉
    top10 = list(published.table("top30_cemi").frame["name"][:10])
    assert top10 == ["南平市", "宜昌市", "北京市", "重庆市", "黄山市", "雅安市", "阿坝藏族羌族自治州", "商洛市",
                     "海南藏族自治州", "武汉市"]
    # 安徽省黄山市首次进入全国前5名
    assert "黄山市" in list(published.table("top30_cemi").frame["name"][:5])
    # 苏州、湖州、梧州、烟台及儋州等五个城市……首次进入前30名 (政府管理水平)
    assert {"苏州市", "湖州市", "梧州市", "烟台市", "儋州市"} <= set(published.table("top30_governance").frame["name"])


def test_east_and_west_lead_the_composite(published):
    # 生态资产管理先进城市各具特色，东、西部城市表现突出 (the top 20 and top 30)
    for n in (20, 30):
        z = top_n(published, "composite", n, "zone")
        assert min(z["东部"], z["西部"]) > max(z["中部"], z["东北"]), (n, z)
    # 生态资产管理综合水平较好的城市在空间上集中于东南地区、西南地区和西北地区: the three regions with most
    # cities in the composite top 30 are 西南, 华东 (the south-east: 福建, 浙江, 江西 …) and 西北
    regions = top_n(published, "composite", 30, "region")
    assert set(sorted(regions, key=regions.get, reverse=True)[:3]) == {"西南", "华东", "西北"}


def test_domains_west_high_east_low_by_mean_rank(published):
    zones = published.table("zones").frame
    # 生态资源禀赋与生态保护补偿指数西高东低，政府管理水平……东高西低 (mean rank: lower is better)
    assert zones.at["西部", "mean_rank_endowment"] < zones.at["东部", "mean_rank_endowment"]
    assert zones.at["西部", "mean_rank_compensation"] < zones.at["东部", "mean_rank_compensation"]
    assert zones.at["东部", "mean_rank_governance"] < zones.at["西部", "mean_rank_governance"]
    # (the same sentence says 市场化价值实现指数东高西低: the ranks do not bear that out — 西部's mean market
    # rank is better than 东部's, and 西部 has more cities in the market top 30 — so it is not asserted)
    # 生态补偿水平较高的城市集中在西部地区，而东北、中部及两广地区指数得分较低
    assert zones["mean_rank_compensation"].idxmin() == "西部"
    assert zones.at["东北", "mean_rank_compensation"] > NATIONAL_MEAN_RANK
    assert zones.at["中部", "mean_rank_compensation"] > NATIONAL_MEAN_RANK
    provinces = published.table("provinces").frame
    assert provinces.at["广东省", "mean_rank_compensation"] > NATIONAL_MEAN_RANK
    assert provinces.at["广西壮族自治区", "mean_rank_compensation"] > NATIONAL_MEAN_RANK
    # 福建、广东、四川等省整合生态资源、市场与管理优势，市场化价值实现较为领先;
    # 新疆西部、西藏地区、东北部城市市场化价值实现水平较低
    for p in ("福建省", "广东省", "四川省"):
        assert provinces.at[p, "mean_rank_market"] < NATIONAL_MEAN_RANK, p
    assert provinces.at["西藏自治区", "mean_rank_market"] > NATIONAL_MEAN_RANK
    assert zones.at["东北", "mean_rank_market"] > NATIONAL_MEAN_RANK


def test_province_tiers_by_mean_rank(published):
    """福建省和青海省的生态资产管理综合水平处于第一梯队，云南、湖北等10省高于全国城市总体均值……
    山东、甘肃等15省（区）指数均值低于全国总体均值 — with the mean composite rank standing in for the mean score
    (the four municipalities, one city each, left out as the report's 2 + 10 + 15 = 27 provinces do)."""
    p = published.table("provinces").frame
    p = p[p["cities"] > 1]
    assert len(p) == 27
    assert list(p.index[:2]) == ["福建省", "青海省"]  # sorted by mean rank, best first
    for name in ("云南省", "湖北省"):
        assert p.at[name, "mean_rank_cemi"] < NATIONAL_MEAN_RANK
    for name in ("山东省", "甘肃省"):
        assert p.at[name, "mean_rank_cemi"] > NATIONAL_MEAN_RANK


def test_lisa_clusters_on_ranks_where_the_text_puts_them(published):
    """西南、西北、东南部分区域呈现“高-高”集聚，华东、华北、东北部分区域表现为“低-低”集聚；
    从流域看，长江流域城市基本实现高水平生态资产管理区域协调联动 (LISA of 340 − composite rank)."""
    g = published.table("lisa_groups").frame
    g = g[g["index"] == "综合指数"].set_index(["group_kind", "group"])
    for region in ("西南", "西北", "华东"):
        assert g.at[("region", region), "HH"] > 0, region
    for region in ("华东", "华北", "东北"):
        assert g.at[("region", region), "LL"] > 0, region
    assert g.at[("region", "东北"), "HH"] == 0
    assert g.at[("basin", "长江经济带"), "HH"] > 3 * g.at[("basin", "长江经济带"), "LL"]
    m = published.moran.set_index("node")
    assert m.at["cemi", "I"] == pytest.approx(0.3626, abs=1e-4) and m.at["cemi", "p_sim"] <= 0.001


def test_cli_report_published(cli, tmp_path):
    out = tmp_path / "pub"
    r = cli("report", "--published", "--out", out, "--permutations", "99")
    assert r.exit_code == 0, r.output
    assert "RANKS ONLY" in r.output
    html = (out / "cemi_report.html").read_text("utf-8")
    first_screen = html[: html.index("<main>")]
    assert 'id="ranks-only-banner"' in first_screen and "仅排名" in first_screen
    assert "scoring/reference/cemi2025_appendix1.csv" in first_screen
    for key in ("zone_top_n", "regions", "zones", "basins", "provinces", "lisa_groups", "top30_governance"):
        assert f'id="tbl-{key}"' in html, key
    # nothing that needs scores or leaves: no contributions, no pilot means, no yes/no, no planning
    for key in ("chart_regions", "tbl-pilots", "tbl-yesno", "tbl-planning", "fig-map_l1_"):
        assert key not in html, key
    # what ranks do decide: the statement ledger, figure 7 by rank, pilots by rank (registry), tables 1–4
    for key in ("tbl-ledger", "tbl-province_tiers", "fig-chart_province_tiers", "tbl-pilot_ranks", "tbl-variance",
                "tbl-correlations", "tbl-indicators_governance"):
        assert key in html, key
    assert "findings of the published report, on the published ranks: ✓" in r.output
    assert "排名空间分布（仅排名）" in html and "第 1–" in html  # rank maps with rank classes
    wb = openpyxl.load_workbook(out / "cemi_report.xlsx", read_only=True)
    assert "RANKS ONLY" in str(wb["说明"]["B3"].value)  # the 数据 row
    rows = list(wb["前N名构成"].iter_rows(values_only=True))
    assert "RANKS ONLY" in rows[0][0] and rows[1] == ("指数", "前 N 名", "分组类型", "组别", "城市数")
    assert ("综合指数", 20, "经济区域", "东部", 8) in rows and ("政府管理水平", 30, "经济区域", "东部", 17) in rows
    ledger = list(wb["结论核对"].iter_rows(values_only=True))
    assert "RANKS ONLY" in ledger[0][0] and ledger[1][:2] == ("编号", "章节") and len(ledger) >= 27


def test_cli_published_refuses_run_options(cli, tmp_path):
    r = cli("report", "--published", "--run", "2", "--out", tmp_path)
    assert r.exit_code == 2 and "--published" in r.output
