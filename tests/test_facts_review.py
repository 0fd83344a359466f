"""The facts review sheet and `score --facts`: nothing reaches the index without a reviewer; accepted values fill
only empty yearbook cells (origin document), a workbook value wins and a differing one is listed, and the run,
`explain` and the report keep the sentence or table cell behind each filled cell."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from facts_helpers import ingest_sample
from textmine.errors import TextmineError
from textmine.facts import propose_facts
from textmine.facts.review import accepted_facts, read_review, write_review


@pytest.fixture
def sample_report(store):
    ingest_sample(store)
    return propose_facts(store, ["丽水"])


def _accept(path, leaves, *, column="accept", value="是"):
    wb = load_workbook(path)
    ws = wb["review"]
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[heads.index("leaf")].value in leaves:
            row[heads.index(column)].value = value
    wb.save(path)


def test_nothing_is_accepted_until_a_reviewer_says_so(sample_report, tmp_path):
    path = write_review(sample_report, tmp_path / "review.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["review", "figures", "about"]
    rows = list(wb["review"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(sample_report.proposals) and all(r[7] is None for r in rows[1:])
    refused = [r for r in wb["figures"].iter_rows(values_only=True) if r[4] == "refused"]
    assert {r[5] for r in refused} >= {"county", "own_level", "plan", "change"}
    review = read_review(path)
    assert review.rows == len(sample_report.proposals) and review.accepted == []


def test_accepted_facts_carry_their_source(sample_report, tmp_path):
    path = write_review(sample_report, tmp_path / "review.xlsx")
    _accept(path, {"M01", "G09"})
    facts = {f.leaf: f for f in accepted_facts(path)}
    assert set(facts) == {"M01", "G09"}
    m01, g09 = facts["M01"], facts["G09"]
    assert (m01.city_code, m01.year, m01.value, m01.unit) == ("331100", 2025, 187.36, "亿元")
    assert "农林牧渔业总产值187.36亿元" in m01.evidence and m01.page == 1 and m01.document_id
    assert "÷" in g09.stated and len(g09.sources) == 2     # science spending ÷ total spending, each with its source


@pytest.mark.parametrize("edit, message", [
    (("accept", "maybe"), "is not 是/否"),
    (("unit", "万元"), "values are in '亿元'"),
    (("proposed", "lots"), "only a proposed number"),
    (("leaf", "E01"), "is not a leaf scoring/facts.toml declares"),
])
def test_a_bad_cell_is_named_and_nothing_is_scored(sample_report, tmp_path, edit, message):
    path = write_review(sample_report, tmp_path / "review.xlsx")
    _accept(path, {"M01"})
    column, value = edit
    _accept(path, {"M01"}, column=column, value=value)
    with pytest.raises(TextmineError, match=message) as err:
        read_review(path)
    assert "review!" in str(err.value) and "nothing was scored" in str(err.value)


def test_one_value_per_cell(sample_report, tmp_path):
    path = write_review(sample_report, tmp_path / "review.xlsx")
    wb = load_workbook(path)
    ws = wb["review"]
    heads = [c.value for c in ws[1]]
    m01 = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[heads.index("leaf")] == "M01")
    ws.append(list(m01))                                     # the same leaf again, as another data year
    ws.cell(ws.max_row, heads.index("year") + 1).value = 2024
    wb.save(path)
    _accept(path, {"M01"})
    with pytest.raises(TextmineError, match="accepted twice"):
        read_review(path)


def test_not_a_review_sheet(tmp_path):
    with pytest.raises(TextmineError, match="no such review sheet"):
        read_review(tmp_path / "none.xlsx")
    (tmp_path / "bad.xlsx").write_text("not a workbook")
    with pytest.raises(TextmineError, match="not a readable xlsx"):
        read_review(tmp_path / "bad.xlsx")


def _workbook(cli, tmp_path, blank: set[str]):
    """A synthetic workbook with 丽水's ``blank`` cells emptied."""
    path = tmp_path / "wb.xlsx"
    cli("sample-data", "--out", path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "331100":
            for leaf in blank:
                row[heads.index(leaf)].value = None
    wb.save(path)
    return path


@pytest.mark.slow
def test_score_facts_fills_only_empty_cells_and_keeps_the_source_in_explain_and_report(cli, store, sample_report, tmp_path):
    review = write_review(sample_report, tmp_path / "review.xlsx")
    _accept(review, {"M01", "G09", "M11"})
    data = _workbook(cli, tmp_path, {"M01", "G09"})         # M11 keeps its (synthetic) workbook value
    out = cli("score", "--data", data, "--facts", review, "--runs", 20)
    assert out.exit_code == 0, out.output
    assert "2 empty cell(s) filled from documents (origin 'document'; 2 of data year 2025)" in out.output
    assert "M11 生态旅游收入: the workbook has" in out.output and "the workbook value is used" in out.output
    from textmine.scoring import load_result

    result = load_result(store, None)
    lv = result.leaves.set_index(["city_code", "leaf"])
    assert lv.at[("331100", "M01"), "origin"] == "document" and lv.at[("331100", "M01"), "raw"] == 187.36
    # its provenance (textmine.scoring.provenance): the review row, the document and the figure as stated
    assert lv.at[("331100", "M01"), "source"].startswith("review:review.xlsx#row ")
    assert "data year 2025" in lv.at[("331100", "M01"), "detail"] and "「全年农林牧渔业总产值187.36亿元" in lv.at[
        ("331100", "M01"), "detail"]
    assert lv.at[("331100", "M11"), "origin"] == "workbook"
    facts = result.facts.set_index("leaf")
    assert facts.at["M11", "status"] == "disagrees" and facts.at["M01", "status"] == "filled"
    shown = cli("explain", "丽水").output
    assert "values from documents (score --facts):" in shown
    assert "M01 = 187.36 亿元 (2025): filled the empty cell" in shown and "「全年农林牧渔业总产值187.36亿元" in shown
    # the report lists the cells with their sentence
    from textmine.report.build import inputs_from_result
    from textmine.report.compare_groups import city_attributes
    from textmine.report.facts import facts_table

    inputs = inputs_from_result(result)
    assert any("由审核通过的文件数值填入" in n for n in inputs.notes)
    frame = facts_table(inputs.facts, city_attributes(), inputs.leaf_names).frame.set_index("指标")
    assert list(frame.index) == ["G09", "M01", "M11"] and frame.at["M01", "数据年份"] == 2025
    assert "187.36亿元" in frame.at["M01", "原句或表格单元格"] and frame.at["M11", "处理"].startswith("与工作簿相差")
    # a review that accepts nothing scores like the workbook alone (empty cells stay empty: refused)
    none = write_review(sample_report, tmp_path / "none.xlsx")
    refused = cli("score", "--data", data, "--facts", none, "--runs", 20)
    assert refused.exit_code == 3 and "nothing was computed" in refused.output
    assert "(M01 农林牧渔业总产值): 1 empty cell(s)" in refused.output
