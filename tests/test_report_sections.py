"""The report's group analyses, checked by hand: top-N composition (zone_top_n), basins, yes/no statistics,
level-1 tables and LISA counts by group; zone_top_n in `score --out`."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textmine.registry import load_registry
from textmine.report import compare_groups as cg
from textmine.report.group_stats import basin_summary, lisa_by_group
from textmine.report.groups import BASIN_NONE, basin_mask, top_n_composition
from textmine.report.level1 import group_means, level1_nodes, top_tables
from textmine.report.yesno import yesno_tables

ATTRS = cg.city_attributes()
CODES = ATTRS.index


def random_ranks(seed=5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({i: rng.permutation(np.arange(1, len(CODES) + 1)) for i in ("composite", "governance")},
                        index=CODES)


def test_top_n_composition_by_hand():
    ranks = random_ranks()
    pilot = pd.Series(ranks["composite"] % 7 == 0, index=CODES)
    t = top_n_composition(ranks, pilot=pilot)
    assert list(t.columns) == ["index", "n", "group_kind", "group", "cities"]
    rows = t.set_index(["index", "n", "group_kind", "group"])["cities"]
    top20 = ranks.index[ranks["composite"] <= 20]
    assert rows[("composite", 20, "zone", "东部")] == (ATTRS.loc[top20, "zone"] == "东部").sum()
    assert rows[("governance", 50, "region", "西南")] == (ATTRS.loc[ranks.index[ranks["governance"] <= 50], "region"]
                                                          == "西南").sum()
    assert rows[("composite", 100, "pilot", "试点城市")] == pilot[ranks["composite"] <= 100].sum()
    for (index, n), g in t.groupby(["index", "n"]):
        by_kind = g.groupby("group_kind")["cities"].sum()
        assert by_kind["zone"] == by_kind["region"] == by_kind["pilot"] == n
        # basins overlap: 四川's cities in the top N are counted twice
        top = ranks.index[ranks[index] <= n]
        assert by_kind["basin"] == n + (ATTRS.loc[top, "province"] == "四川省").sum()
    # every group is listed, with 0 when it has none of the top 10
    assert len(t[(t["n"] == 10) & (t["index"] == "composite")]) == 4 + 7 + 3 + 2


def test_top_n_counts_ties_at_the_cut():
    ranks = pd.DataFrame({"composite": np.arange(1, len(CODES) + 1)}, index=CODES)
    ranks.iloc[10:13, 0] = 10  # three more cities tied at rank 10
    t = top_n_composition(ranks, ns=(10,), kinds=("zone",))
    assert t["cities"].sum() == 13


def test_basins_overlap_and_summary():
    reg = load_registry()
    yangtze, yellow = (basin_mask(ATTRS, b) for b in ("长江经济带", "黄河流域"))
    neither = basin_mask(ATTRS, BASIN_NONE)
    assert (yangtze & yellow).sum() == sum(1 for c in reg if c.province == "四川省")
    assert ((yangtze | yellow) ^ neither).all()  # every city is in a basin or in neither, never both
    rng = np.random.default_rng(2)
    s = pd.DataFrame(rng.uniform(0, 100, (len(CODES), 4)), index=CODES, columns=list(cg.DOMAINS))
    s["cemi"] = cg.contributions(s).sum(axis=1)
    b = basin_summary(s)
    assert list(b.index) == ["长江经济带", "黄河流域", BASIN_NONE, "全国"]
    assert b.at["长江经济带", "cities"] == yangtze.sum() and b.at["全国", "cities"] == 339
    assert b.at["黄河流域", "mean"] == pytest.approx(s.loc[yellow, "cemi"].mean())
    assert b.at["黄河流域", "cv"] == pytest.approx(s.loc[yellow, "cemi"].std(ddof=1) / s.loc[yellow, "cemi"].mean())
    np.testing.assert_allclose(b["sum_of_contributions"], b["mean"])  # the composite is the weighted sum


def test_yesno_statistics_by_hand():
    """The report's kind of statement: 49%的城市（166个）出台了…实施方案 — 166 of all 339 cities, with 265 answering."""
    meta = pd.DataFrame({"leaf": ["G12", "E01"], "name_zh": ["是否出台生态产品价值实现机制实施方案", "耕地总面积"],
                         "type": ["yesno", "amount"], "domain": ["governance", "endowment"]})
    raw = np.full(len(CODES), np.nan)
    raw[:265] = 0.0
    raw[:166] = 1.0
    origin = np.array(["workbook"] * len(CODES), dtype=object)
    origin[265:270] = "imputed"      # values the run filled in: not answers
    raw[265:270] = 1.0
    leaves = pd.DataFrame({"city_code": CODES, "leaf": "G12", "raw": raw, "origin": origin})
    t = yesno_tables(leaves, meta, ATTRS)
    row = t["national"].set_index("leaf").loc["G12"]
    assert (row["cities"], row["answering"], row["yes"]) == (339, 265, 166)
    assert row["share_all"] == pytest.approx(166 / 339) and round(row["share_all"] * 100) == 49
    assert row["share_answering"] == pytest.approx(166 / 265)
    g = t["groups"].set_index(["leaf", "group_kind", "group"])
    east = (ATTRS["zone"] == "东部").to_numpy()
    assert g.loc[("G12", "zone", "东部"), "yes"] == int(((raw == 1) & east & (origin != "imputed")).sum())
    zj = (ATTRS["province"] == "浙江省").to_numpy()
    assert g.loc[("G12", "province", "浙江省"), "cities"] == zj.sum()
    yz = basin_mask(ATTRS, "长江经济带").to_numpy()
    expected = ((raw == 1) & yz & (origin != "imputed")).sum() / yz.sum()
    assert t["basins"].at["G12", "长江经济带"] == pytest.approx(expected)
    assert t["basins"].at["G12", "全国"] == pytest.approx(166 / 339)
    assert "E01" not in t["basins"].index  # only yes/no leaves


def test_level1_tables_with_ties():
    from textmine.scoring.model import load_model

    nodes = load_model().nodes
    rng = np.random.default_rng(4)
    l1 = level1_nodes(nodes, ["C1", "C2", "G1"])
    assert list(l1.index) == ["G1", "C1", "C2"]  # model order: governance before compensation
    scores = pd.DataFrame({"G1": rng.uniform(0, 100, len(CODES)), "C2": rng.uniform(0, 100, len(CODES)),
                           "C1": rng.choice([0.0, 50.0, 100.0], len(CODES), p=[.5, .4, .1])}, index=CODES)
    top = top_tables(scores, l1, ATTRS)
    c1 = top[top["node"] == "C1"]
    assert (c1["rank"] == 1).sum() == (scores["C1"] == 100).sum() and len(c1) > 30  # ties all listed
    g1 = top[top["node"] == "G1"]
    assert len(g1) == 30 and g1["city_code"].iloc[0] == scores["G1"].idxmax()
    means = group_means(scores, l1, ATTRS)
    assert means.at["C2", "东北"] == pytest.approx(scores.loc[ATTRS["zone"] == "东北", "C2"].mean())
    assert means.at["G1", "全国"] == pytest.approx(scores["G1"].mean())


def test_lisa_counts_by_group_add_up():
    labels = pd.Series(np.random.default_rng(1).choice(["HH", "LL", "HL", "LH", "ns"], len(CODES)), index=CODES)
    t = lisa_by_group({"cemi": labels})
    cols = ["HH", "LL", "HL", "LH", "ns"]
    assert (t[cols].sum(axis=1) == t["cities"]).all()
    zone = t[t["group_kind"] == "zone"]
    assert zone["cities"].sum() == 339 and zone["HH"].sum() == (labels == "HH").sum()
    west = t.set_index(["group_kind", "group"]).loc[("region", "西北")]
    assert west["LL"] == (labels[ATTRS["region"] == "西北"] == "LL").sum()


@pytest.mark.slow
def test_score_out_exports_zone_top_n(store, tmp_path, cli):
    from textmine.scoring import load_model, load_result, write_sample_data

    write_sample_data(tmp_path / "s.csv", load_model())
    r = cli("score", "--data", tmp_path / "s.csv", "--out", tmp_path / "out", "--runs", "20")
    assert r.exit_code == 0, r.output
    res = load_result(store)
    t = pd.read_csv(tmp_path / "out" / "zone_top_n.csv", comment="#")
    assert list(t.columns) == ["index", "n", "group_kind", "group", "cities"]
    assert set(t["index"]) == {"composite", "endowment", "governance", "compensation", "market"}
    assert set(t["group_kind"]) == {"zone", "region", "basin", "pilot"}  # the pilot leaf G13 is in the run
    rows = t.set_index(["index", "n", "group_kind", "group"])["cities"]
    top20 = res.scores.index[res.scores["rank_cemi"] <= 20]
    assert rows[("composite", 20, "zone", "东部")] == (ATTRS.loc[top20, "zone"] == "东部").sum()
