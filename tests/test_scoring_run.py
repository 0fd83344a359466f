"""score → store → load_result / explain / export / compare, end to end on the synthetic workbook."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.scoring import (compare_rankings, explain_city, export_result, load_model, load_ranks, load_result,
                              score_workbook, write_sample_data)

RUNS = 60  # Monte-Carlo draws in tests (the benchmark runs 1,000)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    d = tmp_path_factory.mktemp("sample")
    model = load_model()
    return {"full": write_sample_data(d / "s.csv", model), "notext": write_sample_data(d / "n.csv", model,
                                                                                       with_text=False)}


def test_score_stores_a_run_matching_the_contract(store, sample):
    rep = score_workbook(store, sample["full"], runs=RUNS)
    assert not rep.reused
    res = load_result(store)
    assert res.run_id == rep.run_id and res.synthetic
    assert list(res.scores.columns) == ["cemi", "endowment", "governance", "compensation", "market", "rank_cemi",
                                        "rank_endowment", "rank_governance", "rank_compensation", "rank_market"]
    assert len(res.scores) == 339 and res.scores["rank_cemi"].min() == 1
    # the composite is the published-weight sum of the domains
    w = {"endowment": 0.164, "governance": 0.275, "compensation": 0.178, "market": 0.383}
    np.testing.assert_allclose(res.scores["cemi"], sum(res.scores[d] * x for d, x in w.items()), atol=1e-9)
    # an empty corpus has no counts, so workbook values of text-mined leaves override nothing
    assert len(res.leaves) == 339 * 76 and set(res.leaves["origin"]) == {"workbook"}
    assert set(res.intervals["node"]) == {"cemi", "endowment", "governance", "compensation", "market"}
    iv = res.intervals
    assert ((iv.rank_p05 <= iv.rank_median) & (iv.rank_median <= iv.rank_p95)).all()
    assert len(res.mc_runs) == RUNS and res.mc_runs["spearman"].between(0.5, 1).all()
    assert len(res.oat) == 4 * 6 and res.model.loc["E16", "direction"] == "-"
    row = store.conn.execute("SELECT synthetic, model_version FROM score_runs").fetchone()
    assert tuple(row) == (1, "cemi-2025.1")
    again = score_workbook(store, sample["full"], runs=RUNS)
    assert again.reused and again.run_id == rep.run_id


def test_missing_text_leaves_are_refused_then_imputed(store, sample):
    with pytest.raises(TextmineError, match=r"G02 政府网站“生态产品价值实现”资讯数 \(news.count\): 339.*`allow_missing`"):
        score_workbook(store, sample["notext"], runs=RUNS)
    assert store.conn.execute("SELECT count(*) FROM score_runs").fetchone()[0] == 0
    rep = score_workbook(store, sample["notext"], runs=RUNS, allow_missing=True, imputation="reweight")
    res = load_result(store, rep.run_id)
    assert res.params["imputation"] == "reweight" and "imputation reweight" in res.banner
    g2 = res.leaves[res.leaves.leaf == "G05"]
    assert (g2.origin == "missing").all() and g2.normalised.isna().all()
    # G2 (planning guidance) has no leaf at all: governance renormalises over G1, G3, G4
    assert res.node_scores["G2"].isna().all() and res.node_scores["governance"].notna().all()


@pytest.mark.slow
def test_explain_contributions_add_up_to_the_composite(store, sample, cli):
    score_workbook(store, sample["full"], runs=RUNS)
    res = load_result(store)
    summary, rows = explain_city(res, "阿坝州")
    assert summary["code"] == "513200"
    assert summary["sum_of_contributions"] == pytest.approx(summary["composite"], abs=1e-9)
    leaf_rows = [r for r in rows if r["code"] == "E16"]
    assert leaf_rows[0]["weight"] == pytest.approx(res.model.loc["E16", "global_weight"])
    out = cli("explain", "513200")
    assert out.exit_code == 0 and "SYNTHETIC" in out.output.splitlines()[0] and "E16" in out.output
    assert cli("explain", "不存在").exit_code == 3


@pytest.mark.slow
def test_exports_carry_the_synthetic_banner(store, sample, tmp_path):
    score_workbook(store, sample["full"], runs=RUNS)
    res = load_result(store)
    files = export_result(res, tmp_path / "out")
    names = {f.name for f in files}
    assert {"appendix1.csv", "top30_composite.csv", "top30_market.csv", "scores_all_levels.csv",
            "rank_intervals.csv", "cemi_results.json", "cemi_results.xlsx"} <= names
    for f in files:
        if f.suffix == ".csv":
            assert f.read_text("utf-8").startswith("\ufeff# SYNTHETIC DATA"), f     # a BOM: Excel reads the Chinese
    app = pd.read_csv(tmp_path / "out" / "appendix1.csv", comment="#")
    assert len(app) == 339 and app["composite_rank"].is_monotonic_increasing
    top = pd.read_csv(tmp_path / "out" / "top30_composite.csv", comment="#")
    assert len(top) == 30 and top["rank"].iloc[0] == 1
    doc = json.loads((tmp_path / "out" / "cemi_results.json").read_text("utf-8"))
    assert doc["meta"]["synthetic"] is True and len(doc["appendix1"]) == 339


def test_compare_with_the_published_ranking(store, sample):
    published, label = load_ranks("published")
    assert len(published) == 339 and published.loc["350700", "composite"] == 1  # 南平市
    same = compare_rankings(published, published)
    assert (same.summary["spearman"] == 1.0).all() and (same.summary["entered_top10"] == "").all()
    moved = published.copy()
    sansha = published.index[published["composite"] == 339][0]
    moved.loc["350700", "composite"], moved.loc[sansha, "composite"] = 339, 1   # swap first and last
    cmp = compare_rankings(published, moved)
    row = cmp.summary.set_index("index").loc["composite"]
    assert row["spearman"] < 0.99 and row["entered_top10"] == "三沙市" and row["left_top10"] == "南平市"
    ch = cmp.changes.set_index("code")
    assert ch.loc["350700", "composite_change"] == -338 and ch.loc[sansha, "composite_change"] == 338


@pytest.mark.slow
def test_cli_score_and_compare(cli, sample, tmp_path):
    res = cli("score", "--data", sample["full"], "--runs", RUNS, "--out", tmp_path / "o")
    assert res.exit_code == 0, res.output
    assert "SYNTHETIC DATA" in res.output and "wrote 15 files" in res.output  # 13 CSV (zone_top_n included), JSON, xlsx
    res = cli("compare", "published", "latest", "--format", "csv")
    assert res.exit_code == 0 and res.output.startswith("index,cities,spearman")
    assert cli("compare", "published", tmp_path / "o").exit_code == 0
    assert cli("score").exit_code == 3
    assert cli("compare", "published", "run:99").exit_code == 3


@pytest.mark.slow
def test_workbook_value_overrides_a_corpus_count_only_when_asked(store, sample, tmp_path):
    from textmine.ingest import ingest
    from textmine.count import count_corpus
    from textmine.parse import parse_corpus

    plan = tmp_path / "丽水纲要.txt"
    plan.write_text("推进生态产品价值实现机制试点，探索生态补偿和排污权交易。", encoding="utf-8")
    ingest(store, [plan], city="丽水", kind="plan", period="十四五", plan_type="outline")
    parse_corpus(store)
    count_corpus(store, "token")
    plan_leaves = [leaf for leaf, key in load_model().text_leaves().items() if key.startswith("plan.")]
    rep = score_workbook(store, sample["full"], runs=RUNS)            # the default: the corpus value is used
    origin = load_result(store).leaves.set_index(["city_code", "leaf"])["origin"]
    assert {origin[("331100", leaf)] for leaf in plan_leaves} == {"text"}
    assert any(f"{len(plan_leaves)} workbook value(s) of text-mined leaves not used" in n for n in rep.notes)
    assert {(c["city_code"], c["used"]) for c in rep.text_conflicts} == {("331100", "corpus")}
    rep = score_workbook(store, sample["full"], runs=RUNS, workbook_overrides=True)
    origin = load_result(store).leaves.set_index(["city_code", "leaf"])["origin"]
    assert {origin[("331100", leaf)] for leaf in plan_leaves} == {"override"}
    assert {origin[("110000", leaf)] for leaf in plan_leaves} == {"workbook"}
    assert any(f"{len(plan_leaves)} workbook value(s) override values counted in the corpus" in n for n in rep.notes)
