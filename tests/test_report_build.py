"""The report files: HTML (offline, < 15 MB, synthetic banner), Excel workbook, CLI, inputs from a scoring run."""
from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.report import compare_groups as cg
from textmine.report.analysis import ReportInputs, analyse
from textmine.report.build import MAX_HTML_BYTES, domain_weights, inputs_from_result, read_scores_csv, write_report
from textmine.report.groups import pilot_leaf


def synthetic_inputs(seed: int = 1) -> ReportInputs:
    """Random scores for the 339 cities, with everything a scoring run gives the report: rank intervals,
    planning counts, the pilot flag, level-1 node scores and yes/no leaf values (some unanswered, some imputed)."""
    from textmine.scoring.model import load_model

    codes = cg.city_attributes().index
    rng = np.random.default_rng(seed)
    s = pd.DataFrame(rng.uniform(0, 100, (len(codes), 4)), index=codes, columns=list(cg.DOMAINS))
    s["cemi"] = cg.contributions(s).sum(axis=1)
    r = s["cemi"].rank(ascending=False).to_numpy()
    iv = pd.DataFrame({"city_code": codes, "node": "cemi", "rank_median": r,
                       "rank_p05": np.maximum(1, r - 10), "rank_p95": np.minimum(339, r + 12)})
    plan = pd.DataFrame({c: rng.poisson(20, len(codes)).astype(float) for c in ("theme", "resource", "policy", "market")},
                        index=codes)
    plan.iloc[:300] = np.nan
    plan["has_plan"] = plan["theme"].notna()
    pilot = pd.Series(rng.random(len(codes)) < 0.05, index=codes)
    model = load_model()
    level1 = [c for c, p in model.nodes["parent"].items() if p in cg.DOMAINS]
    node_scores = pd.DataFrame(rng.uniform(0, 100, (len(codes), len(level1))), index=codes, columns=level1)
    meta = model.tree_table()
    yesno = list(meta.index[meta["type"] == "yesno"])
    leaves = pd.DataFrame([{"city_code": c, "leaf": leaf, "raw": float(rng.random() < 0.4), "origin": "workbook"}
                           for leaf in yesno for c in codes])
    leaves.loc[rng.random(len(leaves)) < 0.2, "raw"] = np.nan         # not answered
    leaves.loc[rng.random(len(leaves)) < 0.05, "origin"] = "imputed"   # filled in by the run: not an answer
    return ReportInputs(s, pilot=pilot, intervals=iv, planning=plan, synthetic=True, source="test data",
                        node_scores=node_scores, nodes=model.nodes, leaves=leaves, leaf_meta=meta.reset_index())


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    inputs = synthetic_inputs()
    files = write_report(inputs, out, audit=lambda code: f"<html><body>audit {code}</body></html>", permutations=199)
    return inputs, files


def test_html_is_self_contained_and_small(written):
    inputs, files = written
    html = files.html.read_text("utf-8")
    assert 0 < files.html_bytes < MAX_HTML_BYTES
    # nothing fetched from a network: no http(s) URLs in src/href, no @import, no fetch/XHR
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html)
    assert "@import" not in html and "XMLHttpRequest" not in html and "fetch(" not in html
    # figures are inline SVG: no image element, no data: URI; the city outlines are written once
    assert "<img" not in html and "<image" not in html and "data:image" not in html
    assert html.count('<svg class="geodefs"') == 1 and len(re.findall(r'<path id="c\d{6}"', html)) == 339
    assert html.count('<svg class="map"') >= 5 + 1 + 17 + 1  # 5 indices, LISA, 17 level-1 nodes, the paired map
    assert html.count('<svg class="chart"') >= 9


def test_html_has_banner_tables_and_audit_links(written):
    inputs, files = written
    html = files.html.read_text("utf-8")
    first_screen = html[: html.index("<main>")]
    assert "SYNTHETIC" in first_screen and 'id="synthetic-banner"' in first_screen
    for key in ("appendix1", "top30_cemi", "top30_market", "moran", "lisa", "regions", "zones", "provinces",
                "pilots", "intervals", "planning", "basins", "zone_top_n", "lisa_groups", "level1_top30",
                "level1_groups", "yesno", "yesno_basins", "yesno_groups"):
        assert f'id="tbl-{key}"' in html, key
    body = html[html.index('id="tbl-appendix1"'):]
    body = body[: body.index("</table>")]
    assert body.count("<tr>") == 339 + 1
    # the best city comes first and links to its audit page
    best = inputs.scores["cemi"].idxmax()
    name = cg.city_attributes().loc[best, "name"]
    assert f'<a href="audit/{best}.html">{name}</a>' in html
    assert (files.html.parent / "audit" / f"{best}.html").is_file() and files.audit_pages == 339
    assert f"{files.moran_i:.4f}" in html


def test_unmarked_data_has_no_banner(tmp_path):
    inputs = synthetic_inputs()
    inputs.synthetic = False
    inputs.intervals = inputs.planning = inputs.pilot = None
    files = write_report(inputs, tmp_path, permutations=99)
    html = files.html.read_text("utf-8")
    assert "synthetic-banner" not in html and "SYNTHETIC" not in html
    assert "没有敏感性分析结果" in html and 'id="tbl-pilots"' not in html
    wb = openpyxl.load_workbook(files.xlsx)
    assert "试点比较" not in wb.sheetnames


def test_workbook_has_a_sheet_per_table(written):
    inputs, files = written
    wb = openpyxl.load_workbook(files.xlsx, read_only=True)
    names = wb.sheetnames
    assert names[0] == "说明"
    for sheet in ("附录1 全部城市", "表5 综合前30", "表9 市场化前30", "全局莫兰", "LISA聚类", "七大区域",
                  "四大经济区域", "省份", "试点比较", "排名区间", "规划指标汇总", "两大流域", "前N名构成", "LISA按组",
                  "一级指标前30", "一级指标分组均值", "是否指标", "是否指标按流域", "是否指标按组"):
        assert sheet in names, sheet
    top_n = list(wb["前N名构成"].iter_rows(values_only=True))
    assert top_n[1] == ("指数", "前 N 名", "分组类型", "组别", "城市数")  # Chinese headers (`score --out`'s CSV: the keys)
    about = [r for r in wb["说明"].iter_rows(values_only=True)]
    assert any("SYNTHETIC" in str(v) for r in about for v in r)
    rows = list(wb["附录1 全部城市"].iter_rows(values_only=True))
    assert "SYNTHETIC" in rows[0][0]
    assert len(rows) == 2 + 339
    header = rows[1]
    top = rows[2]
    best = inputs.scores["cemi"].idxmax()
    assert top[header.index("城市代码")] == best and top[header.index("综合指数排名")] == 1
    assert top[header.index("综合指数")] == pytest.approx(inputs.scores.loc[best, "cemi"])
    top30 = list(wb["表5 综合前30"].iter_rows(values_only=True))
    assert len(top30) == 2 + 30


def test_analysis_figures_and_tables():
    a = analyse(synthetic_inputs(2), permutations=99)
    assert {"map_cemi", "map_endowment", "map_governance", "map_compensation", "map_market", "map_lisa",
            "chart_regions", "chart_zones", "chart_provinces", "chart_pilots", "chart_intervals", "chart_basins",
            "chart_top_n", "chart_pilot_structure", "chart_yesno_basins", "map_pair", "map_l1_C2",
            "map_l1_M5"} <= set(a.figures)
    assert list(a.moran["node"]) == ["cemi", "endowment", "governance", "compensation", "market"]
    assert len(a.table("appendix1").frame) == 339
    assert a.table("planning").frame.set_index("category").loc["theme", "cities_with_plan"] == 39
    per_city = a.table("planning_cities").frame
    assert "市场配置词频" in per_city.columns and "market" not in per_city.columns
    assert per_city["主题词汇词频"].notna().sum() == 39


def test_partial_scores_skip_spatial_statistics_with_a_note():
    inputs = synthetic_inputs()
    inputs.scores = inputs.scores.iloc[:100]
    a = analyse(inputs, permutations=99)
    assert a.moran.empty and "map_lisa" not in a.figures
    assert any("339" in n for n in a.notes)


def test_scores_csv_errors_name_file_and_line(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("city,cemi,endowment,governance,compensation,market\n南平,1,2,3,4,5\n南平市,1,2,3,4,x\n", "utf-8")
    with pytest.raises(TextmineError, match=r"s.csv:3: 南平市 \(350700\) appears twice"):
        read_scores_csv(p)
    p.write_text("city,cemi,endowment,governance,compensation,market\n南平,1,2,3,4,x\n", "utf-8")
    with pytest.raises(TextmineError, match=r"s.csv:2: column market must be a number"):
        read_scores_csv(p)
    p.write_text("city,cemi\n南平,1\n", "utf-8")
    with pytest.raises(TextmineError, match="missing endowment"):
        read_scores_csv(p)


def test_cli_report_from_scores_csv(cli, tmp_path):
    inputs = synthetic_inputs(4)
    csv_path = tmp_path / "scores.csv"
    frame = inputs.scores.assign(pilot=inputs.pilot.astype(int))
    frame.index.name = "city_code"
    frame.to_csv(csv_path)
    out = tmp_path / "out"
    r = cli("report", "--out", out, "--scores", csv_path, "--synthetic", "--permutations", "99",
            "--classes", "natural_breaks")
    assert r.exit_code == 0, r.output
    assert "cemi_report.html" in r.output and "Moran's I" in r.output
    html = (out / "cemi_report.html").read_text("utf-8")
    assert "synthetic-banner" in html
    assert "自然断点分级（mapclassify FisherJenks，5 级）" in html  # each map names its classification, as text
    assert (out / "cemi_report.xlsx").is_file()


def test_cli_report_errors_are_clean(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("city,cemi,endowment,governance,compensation,market\n不存在市,1,2,3,4,5\n", "utf-8")
    res = cli("report", "--out", tmp_path / "o", "--scores", bad)
    assert res.exit_code == 3 and "unknown city" in res.output
    assert not (tmp_path / "o" / "cemi_report.html").exists()


def test_inputs_from_a_scoring_result():
    from textmine.scoring.model import load_model

    model = load_model()
    table = model.tree_table()
    assert pilot_leaf(table) == "G13"
    w = domain_weights(SimpleNamespace(params={}, model=table))
    assert w == pytest.approx(model.weights["cemi"], abs=1e-6)          # the model's: no copy in Python
    w2 = domain_weights(SimpleNamespace(params={"weights": {"cemi": {"endowment": .25, "governance": .25,
                                                                     "compensation": .25, "market": .25}}}))
    assert w2["market"] == .25
    inputs = synthetic_inputs()
    codes = list(inputs.scores.index)
    leaves = pd.DataFrame({"city_code": codes, "leaf": "G13", "raw": [1.0 if c in ("350700", "110000") else 0.0
                                                                       for c in codes]})
    result = SimpleNamespace(run_id=3, created_at="2025-01-01", model_version="1", workbook=None,
                             params={"winsor_k": 3}, synthetic=True, scores=inputs.scores, leaves=leaves,
                             intervals=inputs.intervals, model=table)
    ri = inputs_from_result(result)
    assert ri.synthetic and ri.meta["run_id"] == 3 and ri.meta["winsor_k"] == 3
    assert set(ri.pilot[ri.pilot].index) == {"350700", "110000"}


@pytest.mark.slow
def test_build_report_from_a_scoring_run(store, cli, tmp_path):
    """The whole path: synthetic workbook -> score run in the store -> `textmine report` (latest run)."""
    run = pytest.importorskip("textmine.scoring.run", reason="the scoring stage is not in this tree")
    from textmine.scoring.model import load_model
    from textmine.scoring.synthetic import write_sample_data

    wb = write_sample_data(tmp_path / "sample.xlsx", load_model())
    run.score_workbook(store, wb)
    out = tmp_path / "out"
    r = cli("report", "--out", out, "--permutations", "99")
    assert r.exit_code == 0, r.output
    assert "SYNTHETIC" in r.output
    html = (out / "cemi_report.html").read_text("utf-8")
    assert 'id="synthetic-banner"' in html and "scoring run 1" in html
    assert 'id="tbl-pilots"' in html and 'id="tbl-intervals"' in html  # G13 flag and rank intervals found
    assert len(list((out / "audit").glob("*.html"))) == 339
    r = cli("report", "--out", out, "--run", "7")
    assert r.exit_code == 3 and "no score run 7" in r.output


def test_cli_defaults_match_the_library():
    from textmine.cli import report as cli_report
    from textmine.report import maps, spatial

    assert set(cli_report.SCHEMES) == set(maps.SCHEMES)
    assert cli_report.PERMUTATIONS == spatial.PERMUTATIONS and cli_report.SEED == spatial.SEED
