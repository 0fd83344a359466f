"""Never silently into the index: the review sheet, `score --evidence` (only EMPTY yes/no cells take accepted
values, origin evidence; the workbook wins and disagreements are listed), `explain` and the report."""
from __future__ import annotations

import re

import shutil

import pytest
from openpyxl import load_workbook

from evidence_helpers import ingest_policy_sample
from textmine.evidence.review import read_review
from textmine.registry import load_registry
from textmine.errors import TextmineError
from textmine.report.build import inputs_from_result
from textmine.report.analysis import analyse
from textmine.report.html import render_html
from textmine.scoring import load_result
from textmine.store import Store

ACCEPT = {("南平市", "G12"), ("抚州市", "G01"), ("宜昌市", "C01"), ("湖州市", "G12")}
EMPTY = {("南平市", "G12"), ("抚州市", "G01"), ("湖州市", "G12"), ("丽水市", "G13")}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A data home with the policy sample, its review sheet (four rows accepted) and a workbook (CSV)."""
    from textmine.evidence import propose_evidence
    from textmine.evidence.review import write_review
    from textmine.scoring import load_model
    from textmine.scoring.synthetic import synthetic_values
    from textmine.scoring.workbook import write_workbook

    base = tmp_path_factory.mktemp("review")
    with Store(base / "home") as store:
        ingest_policy_sample(store)
        write_review(propose_evidence(store), base / "review.xlsx")
    _mark(base / "review.xlsx", ACCEPT)
    model = load_model()
    values = synthetic_values(model, 1, True)
    reg = {c.name: c.code for c in load_registry()}
    for city, leaf in EMPTY:
        values.at[reg[city], leaf] = float("nan")
    values.at[reg["宜昌市"], "C01"] = 0.0                  # the evidence says 1: a disagreement
    write_workbook(base / "wb.csv", model, values, {"synthetic": "yes"})
    return base


def _mark(path, accept):
    """Write into the accept column: {(city, leaf): value} or a set of (city, leaf) to accept (是)."""
    accept = accept if isinstance(accept, dict) else dict.fromkeys(accept, "是")
    wb = load_workbook(path)
    ws = wb["review"]
    col = {c.value: i for i, c in enumerate(ws[1])}
    for row in ws.iter_rows(min_row=2):
        key = (row[col["city"]].value, row[col["leaf"]].value)
        if key in accept:
            row[col["accept"]].value = accept[key]
    wb.save(path)


@pytest.fixture
def case(prepared, tmp_path, monkeypatch):
    for name in ("home", "review.xlsx", "wb.csv"):
        src = prepared / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    monkeypatch.setenv("TEXTMINE_HOME", str(tmp_path / "home"))
    return tmp_path


def test_review_sheet_holds_every_proposal_and_reads_back(case):
    wb = load_workbook(case / "review.xlsx")
    ws = wb["review"]
    assert ws.max_row == 1 + 339 * 20
    assert {"candidates", "about"} <= set(wb.sheetnames)
    rev = read_review(case / "review.xlsx")
    got = {(r.city_code, r.leaf): r for r in rev.accepted}
    assert set(got) == {("350700", "G12"), ("361000", "G01"), ("420500", "C01"), ("330500", "G12")}
    assert got[("350700", "G12")].value == 1 and "印发" in got[("350700", "G12")].sentence
    assert got[("330500", "G12")].value == 0 and got[("330500", "G12")].document_id


@pytest.mark.slow
def test_score_with_evidence_fills_only_empty_cells(case, cli):
    r = cli("score", "--data", case / "wb.csv", "--runs", 20)
    assert r.exit_code == 3 and re.search(r"\(G12 [^)]*\): 2 empty cell\(s\)", r.output)   # without evidence: refused
    r = cli("score", "--data", case / "wb.csv", "--evidence", case / "review.xlsx", "--runs", 20)
    assert r.exit_code == 3 and re.search(r"\(G13 [^)]*\): 1 empty cell\(s\)", r.output)   # 丽水 G13 was not accepted
    assert "(G12 " not in r.output.split("nothing was computed")[1]
    r = cli("score", "--data", case / "wb.csv", "--evidence", case / "review.xlsx", "--runs", 20, "--allow-missing")
    assert r.exit_code == 0, r.output
    assert "3 empty yes/no cell(s) filled (origin 'evidence'), 0 agree and 1 disagree" in r.output
    assert "宜昌市 (420500) C01 是否出台市级横向生态补偿政策: the workbook has 0, the accepted evidence 1" in r.output
    with Store(case / "home") as store:
        res = load_result(store)
    leaves = res.leaves.set_index(["city_code", "leaf"])
    for code, leaf, value in (("350700", "G12", 1.0), ("361000", "G01", 1.0), ("330500", "G12", 0.0)):
        assert leaves.at[(code, leaf), "origin"] == "evidence" and leaves.at[(code, leaf), "raw"] == value
    assert leaves.at[("420500", "C01"), "origin"] == "workbook" and leaves.at[("420500", "C01"), "raw"] == 0
    assert leaves.at[("331100", "G13"), "origin"] == "imputed"
    assert (leaves["origin"] == "evidence").sum() == 3
    # every other cell as in the workbook
    from textmine.scoring import load_model
    from textmine.scoring.workbook import read_workbook

    wb = read_workbook(case / "wb.csv", load_model()).values
    for code, leaf in (("110000", "G12"), ("350700", "G01"), ("361000", "G12")):
        assert leaves.at[(code, leaf), "raw"] == wb.at[code, leaf] and leaves.at[(code, leaf), "origin"] == "workbook"
    assert set(res.evidence["status"]) == {"filled", "disagrees"}

    # explain shows the sentence behind the cell; the report lists the cells
    r = cli("explain", "南平")
    assert "G12 = 1: filled the empty cell" in r.output
    assert "「南平市人民政府办公室关于印发《南平市建立健全生态产品价值实现机制实施方案》的通知」" in r.output
    r = cli("explain", "宜昌", "--format", "json")
    assert '"evidence_status": "disagrees"' in r.output
    inputs = inputs_from_result(res)
    analysis = analyse(inputs, permutations=9)
    table = analysis.table("evidence").frame
    assert len(table) == 4 and set(table["指标"]) == {"G12", "G01", "C01"}
    assert any("3 个是/否指标单元格由审核通过的证据填入" in n for n in inputs.notes)
    page = render_html(analysis)
    assert "id=\"yesno-evidence\"" in page and "与工作簿不一致（用工作簿值）" in page


def test_bad_review_cells_are_named_and_nothing_is_scored(case, cli):
    # a blank proposal cannot be accepted; "maybe" is no decision
    _mark(case / "review.xlsx", {("北京市", "G12"): "是", ("南平市", "M16"): "maybe"})
    r = cli("score", "--data", case / "wb.csv", "--evidence", case / "review.xlsx", "--runs", 20, "--allow-missing")
    assert r.exit_code == 3
    assert "2 problem(s) in the review sheet; nothing was scored" in r.output
    assert "only a proposed 1 or 0 can be accepted, the row has a blank" in r.output
    assert "'maybe' is not 是/否" in r.output and "review!G" in r.output
    with Store(case / "home") as store:
        assert store.conn.execute("SELECT COUNT(*) FROM score_runs").fetchone()[0] == 0
    with pytest.raises(TextmineError, match="not a readable xlsx"):
        read_review(case / "wb.csv")
