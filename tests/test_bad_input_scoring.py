"""Bad input, part 4: workbooks and model files. Empty and nearly empty workbooks, placeholder and blank
cells, Excel error values, edited weights: each gives the right number or a refusal naming the file, cell
or domain and what to do — never a traceback, never a ranking that silently rests on nothing."""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.scoring import load_model, load_result, score_workbook, write_sample_data, write_template

RUNS = 20


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_an_empty_workbook_is_refused_naming_what_is_empty(cli, tmp_path, model):
    """`template`, then `score --allow-missing`: was ValueError: All-NaN slice encountered (sensitivity.py)."""
    empty = write_template(tmp_path / "empty.csv", model, "csv")
    res = cli("score", "--data", empty, "--allow-missing", "--no-text", "--runs", RUNS)
    assert res.exit_code == 3
    assert "empty.csv: no value at all — every cell of the workbook is empty and the corpus gives none" in res.output
    res = cli("run", "--data", empty, "--allow-missing", "--no-report")
    assert res.exit_code == 3 and "no value at all" in res.output
    res = cli("score", "--data", empty, "--runs", RUNS)          # without --allow-missing: the empty cells, listed
    assert res.exit_code == 3 and "empty.csv column C (E01 耕地总面积): 339 empty cell(s)" in res.output


def test_a_workbook_with_one_domain_only_is_refused(store, tmp_path, model):
    """One domain, nothing else: the other domains would be silently dropped from the composite."""
    from textmine.scoring.synthetic import synthetic_values
    from textmine.scoring.workbook import write_workbook

    values = synthetic_values(model)
    values.loc[:, [c for c in model.leaf_codes if model.domain_of(c) != "governance"]] = np.nan
    path = write_workbook(tmp_path / "gov.csv", model, values, {"synthetic": "yes"})
    with pytest.raises(TextmineError, match=r"gov.csv: no value in any leaf of endowment 生态资源禀赋 \(27 leaves\), "
                                            r"compensation 生态保护补偿 \(11 leaves\), market 市场化价值实现 \(18 leaves\)"):
        score_workbook(store, path, allow_missing=True, runs=RUNS)
    assert store.conn.execute("SELECT count(*) FROM score_runs").fetchone()[0] == 0


@pytest.mark.slow
def test_a_nearly_empty_workbook_says_its_ranks_rest_on_imputation(cli, store, tmp_path, model):
    """Two cities filled, 337 imputed by the national median: they all tie — said, with the domains' coverage."""
    full = tmp_path / "full.csv"
    write_sample_data(full, model)
    lines = full.read_text("utf-8").splitlines()
    body = [i for i, line in enumerate(lines) if line and line[0] not in "#" and not line.startswith(("city", "指标名称"))]
    for i in body[2:]:
        cells = next(csv.reader([lines[i]]))
        lines[i] = ",".join(cells[:2] + [""] * (len(cells) - 2))
    thin = tmp_path / "thin.csv"
    thin.write_text("\n".join(lines) + "\n", "utf-8")
    res = cli("score", "--data", thin, "--allow-missing", "--impute", "median", "--no-text", "--runs", RUNS)
    assert res.exit_code == 0, res.output
    assert "337 cities share their composite rank with another city; the largest tie: 337 cities at rank" in res.output
    assert "only 54 of 9,153 cells (1%) hold a value for the city itself" in res.output     # endowment: 2 × 27
    assert "339 cities × 76 leaves = 25,764 cells: 152 workbook, 25,612 imputed, 0 missing" in res.output
    res = cli("run", "--data", thin, "--allow-missing", "--impute", "median", "--no-report")
    assert "warning: 337 cities share their composite rank" in res.output     # (exit 1: no plan documents)


def test_placeholders_blank_cells_and_excel_errors(store, tmp_path, model):
    path = write_sample_data(tmp_path / "s.csv", model)
    text = path.read_text("utf-8").splitlines()
    rows = [i for i, line in enumerate(text) if line.startswith(("北京市", "天津市", "上海市", "重庆市"))]
    for i, mark in zip(rows, ("—", "暂无", "  ", "#N/A")):
        cells = next(csv.reader([text[i]]))
        cells[2] = mark                                       # column C: E01 耕地总面积
        text[i] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", "utf-8")
    rep = score_workbook(store, path, allow_missing=True, runs=RUNS)
    assert any("3 cell(s) hold a placeholder for “no data” (#N/A, —, 暂无), read as empty cells: C8 '—'" in n
               for n in rep.notes)
    leaves = load_result(store).leaves.set_index(["city_code", "leaf"])
    assert leaves.at[("110000", "E01"), "origin"] == "imputed"
    assert "holds “—” (no data)" in leaves.at[("110000", "E01"), "detail"]
    assert "cell s.csv!C" in leaves.at[("310000", "E01"), "detail"] and "is empty" in leaves.at[("310000", "E01"), "detail"]
    cells = next(csv.reader([text[rows[0]]]))
    cells[2] = "#DIV/0!"
    text[rows[0]] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", "utf-8")
    with pytest.raises(TextmineError, match=r"'#DIV/0!' is an Excel error value: fix the formula"):
        score_workbook(store, path, allow_missing=True, runs=RUNS)


@pytest.mark.slow
def test_edited_domain_weights_reach_the_report_of_a_scores_file(cli, tmp_path, monkeypatch):
    """`report --scores` weighed every domain contribution by the published weights (a copy in report code),
    not by the weights of the run that made the file."""
    from textmine.workspace import init_workspace

    init_workspace(tmp_path / "ws")
    monkeypatch.setenv("TEXTMINE_ROOT", str(tmp_path / "ws"))
    weights = tmp_path / "ws" / "scoring" / "weights.csv"
    text = weights.read_text("utf-8")
    for d, old, new in (("endowment", "0.164", "0.25"), ("governance", "0.275", "0.25"),
                        ("compensation", "0.178", "0.25"), ("market", "0.383", "0.25")):
        text = text.replace(f"cemi,{d},{old}", f"cemi,{d},{new}")
    weights.write_text(text, "utf-8")
    wb = tmp_path / "wb.csv"
    assert cli("sample-data", "--out", wb).exit_code == 0
    res = cli("score", "--data", wb, "--runs", RUNS, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    app = pd.read_csv(tmp_path / "out" / "appendix1.csv", comment="#", dtype={"code": str})
    mine = app.rename(columns={"code": "city_code", "composite_score": "cemi", **{f"{d}_score": d for d in
                                                                                 ("endowment", "governance",
                                                                                  "compensation", "market")}})
    mine[["city_code", "cemi", "endowment", "governance", "compensation", "market"]].to_csv(tmp_path / "mine.csv",
                                                                                             index=False)
    res = cli("report", "--scores", tmp_path / "mine.csv", "--out", tmp_path / "rep", "--permutations", 99)
    assert res.exit_code == 0, res.output
    regions = pd.read_excel(tmp_path / "rep" / "cemi_report.xlsx", sheet_name="七大区域", header=1, index_col=0)
    np.testing.assert_allclose(regions["贡献合计"], regions["综合指数均值"], atol=1e-3)   # contributions add up
    assert "market 0.383" not in res.output and "市场化价值实现 25.0%" in (tmp_path / "rep" / "cemi_report.html").read_text()
    from textmine.report.build import read_scores_csv

    banner = read_scores_csv(tmp_path / "out")              # score --out's own appendix (or folder), banner read
    assert banner.attrs["synthetic"] and banner["cemi"].to_numpy() == pytest.approx(mine.set_index("city_code")
                                                                                    .loc[banner.index, "cemi"])
    # the same file under the published weights: the file itself says they are not its weights
    weights.write_text(text.replace("cemi,endowment,0.25", "cemi,endowment,0.164").replace(
        "cemi,governance,0.25", "cemi,governance,0.275").replace("cemi,compensation,0.25", "cemi,compensation,0.178")
        .replace("cemi,market,0.25", "cemi,market,0.383"), "utf-8")
    from textmine.report.build import scores_domain_weights

    got, notes = scores_domain_weights(banner, "appendix1.csv")
    assert got == pytest.approx({d: 0.25 for d in got}, abs=1e-4) and "按文件本身反推的权重" in notes[0]
