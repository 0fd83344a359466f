"""Issue 32, case 3: a workbook value of a text-mined leaf (G02, G05–G08) is a stated choice, listed per cell.

On main `run --data filled.xlsx --period 十五五` let every value of a workbook filled from `sample-data` replace
the counts of the outlines, said deep in one line, while the report's 规划指标各城市 table showed the counts. Now
the corpus value is used unless `--workbook-overrides` (or the model's `[text] workbook_overrides`) asks for the
workbook's; either way `check`, `score` and `explain` list each cell, and the report shows the value used."""
from __future__ import annotations

import json

import pytest

PLAN = ("G05", "G06", "G07", "G08")


@pytest.mark.slow
def test_the_corpus_value_is_used_unless_the_workbook_is_asked_for(home_copy, tmp_path, cli):
    wb = tmp_path / "filled.csv"
    assert cli("sample-data", "--out", wb).exit_code == 0           # every column filled, the text-mined ones too
    run = cli("run", "--data", wb, "--period", "十五五", "--no-report")
    assert run.exit_code == 0
    assert "workbook filled.csv: 8 text-mined cell(s) also in the workbook, the corpus used" in run.output
    from textmine.scoring import load_result
    from textmine.store import Store

    with Store(home_copy) as store:
        lv = load_result(store).leaves.set_index(["city_code", "leaf"])
    for code in ("331100", "330500"):                               # 丽水, 湖州: their 十五五 outlines are counted
        assert {lv.at[(code, leaf), "origin"] for leaf in PLAN} == {"text"}
        assert "is not used: the corpus value is" in lv.at[(code, "G05"), "detail"]
    check = json.loads(cli("check", "--data", wb, "--period", "十五五", "--format", "json").output)
    cells = check["text_cells_in_workbook"]
    assert len(cells) == 8 and {c["used"] for c in cells} == {"corpus"}
    assert {(c["city"], c["leaf"]) for c in cells} == {(city, leaf) for city in ("丽水市", "湖州市") for leaf in PLAN}
    assert all(c["cell"].startswith("filled.csv!A") for c in cells)

    score = cli("score", "--data", wb, "--period", "十五五", "--runs", 10, "--workbook-overrides")
    assert score.exit_code == 0
    listed = [line for line in score.output.splitlines() if line.startswith("override: ")]
    assert len(listed) == 8 and all("replaces the corpus" in line for line in listed)
    with Store(home_copy) as store:
        result = load_result(store)
    lv = result.leaves.set_index(["city_code", "leaf"])
    assert {lv.at[("331100", leaf), "origin"] for leaf in PLAN} == {"override"}
    assert {c["used"] for c in result.params["text_conflicts"]} == {"workbook"}

    # the report's per-city planning table shows the value the score used beside the count
    from textmine.report.build import load_inputs
    from textmine.report.planning import planning_tables

    with Store(home_copy) as store:
        inputs = load_inputs(store, None)
    attrs = inputs.scores[[]].assign(name=inputs.scores.index, province="")
    table = next(t for t in planning_tables(inputs.planning, attrs, inputs.leaves, inputs.leaf_meta)
                 if t.key == "planning_cities").frame
    used_cols = [c for c in table.columns if c.endswith("评分所用值")]
    assert len(used_cols) == 4
    row = table.loc["331100"]
    assert row[used_cols[0]] == lv.at[("331100", "G05"), "raw"] != row[used_cols[0].replace("评分所用值", "词频")]
