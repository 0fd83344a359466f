"""Where every cell of a score run comes from (textmine.scoring.provenance): stored with the run, counted in
one sentence by `score`/`run` and the report, shown per leaf by `explain`, carried by `score --out`, the
report's tables and its Excel — and the same counts everywhere. A city whose only plan document was set aside
says which document and why."""
from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from textmine.scoring import load_model, load_result, score_workbook
from textmine.scoring.provenance import KINDS, Kind, Provenance
from textmine.scoring.synthetic import synthetic_values
from textmine.scoring.workbook import write_workbook

RUNS = 20
LISHUI, WENZHOU, QUZHOU = "331100", "330300", "330800"
PLAN = ["G05", "G06", "G07", "G08"]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A corpus with 丽水's outline, 温州's sectoral plan only, and a workbook leaving the planning leaves of
    丽水 and 温州 empty and 衢州's E01 empty (imputed). Returns (ScoreReport, IndexResult, workbook, store)."""
    from textmine.ingest import ingest
    from textmine.parse import parse_corpus
    from textmine.store import Store

    tmp_path = tmp_path_factory.mktemp("scored")
    store = Store(tmp_path / "home")

    outline = tmp_path / "lishui.txt"
    outline.write_text("丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n"
                       + "建立生态产品价值实现机制，保护森林资源与湿地，推进碳排放权交易。\n" * 20, "utf-8")
    sectoral = tmp_path / "wenzhou.txt"
    sectoral.write_text("温州市生态环境保护“十四五”规划\n" + "持续改善生态环境质量，保护森林资源。\n" * 20, "utf-8")
    ingest(store, [outline], city="丽水", kind="plan")
    ingest(store, [sectoral], city="温州", kind="plan")
    parse_corpus(store, workers=1)
    from textmine.count import count_corpus

    count_corpus(store, "token")
    model = load_model()
    values = synthetic_values(model)
    values.loc[[LISHUI, WENZHOU], PLAN] = float("nan")
    values.loc[QUZHOU, "E01"] = float("nan")
    wb = write_workbook(tmp_path / "wb.csv", model, values, {"synthetic": "yes"})
    rep = score_workbook(store, wb, allow_missing=True, runs=RUNS)
    yield rep, load_result(store, rep.run_id), wb, store
    store.close()


def test_every_cell_has_its_kind_source_and_detail(scored):
    rep, res, wb, _ = scored
    cells = res.leaves.set_index(["city_code", "leaf"])
    lishui = cells.loc[(LISHUI, "G05")]
    assert lishui["origin"] == "text" and lishui["source"].startswith("document:")
    assert "十四五 outline #" in lishui["detail"] and "token mode" in lishui["detail"]
    wenzhou = cells.loc[(WENZHOU, "G05")]          # workbook empty and the corpus has only a sectoral plan
    assert wenzhou["origin"] == "imputed" and wenzhou["source"] == "imputed:province-median"
    assert "only a 专项规划 (#2) found; set aside: #2 《" in wenzhou["detail"]      # the selection's why_none
    assert "not an outline: a 专项规划: a plan for one sector" in wenzhou["detail"]
    quzhou = cells.loc[(QUZHOU, "E01")]
    assert quzhou["origin"] == "imputed" and f"cell {wb.name}!C" in quzhou["detail"] and "is empty" in quzhou["detail"]
    beijing = cells.loc[("110000", "G05")]
    assert beijing["origin"] == "workbook" and beijing["source"] == f"workbook:{wb.name}!AH5"
    assert beijing["detail"] == "stands in for the text-mined count: no 十四五 outline in the corpus"
    assert cells.loc[("110000", "E01"), "source"] == f"workbook:{wb.name}!C5" and cells.loc[("110000", "E01"), "detail"] == ""
    # one sentence, the same counts as the table
    counts = res.leaves["origin"].value_counts()
    assert rep.cells.startswith(f"339 cities × 76 leaves = 25,764 cells: {counts['text']} text-mined, "
                                f"{counts['workbook']:,} workbook, {counts['imputed']} imputed, 0 missing")
    assert counts["text"] == 4 and counts["imputed"] == 4 + 1          # 温州 G05–G08, 衢州 E01


@pytest.mark.slow
def test_explain_and_score_out_carry_it(scored, cli, tmp_path):
    home = ("--home", scored[3].home)
    res = cli(*home, "explain", "温州")
    assert "cells: 72 workbook, 4 imputed" in res.output
    assert ("G05 五年规划中生态资产管理主题词个数: imputed: province-median; the cell was empty: the workbook wb.csv "
            "cell wb.csv!AH") in res.output
    assert "set aside: #2 《" in res.output and "not an outline: a 专项规划" in res.output
    rows = cli(*home, "explain", "丽水", "--format", "json").output
    assert '"source_id": "document:1"' in rows
    out = cli(*home, "score", "--run", str(scored[1].run_id), "--out", tmp_path / "out")
    assert out.exit_code == 0, out.output
    leaf_values = pd.read_csv(tmp_path / "out" / "leaf_values.csv", comment="#", dtype={"city_code": str})
    assert {"origin", "source", "detail"} <= set(leaf_values.columns) and len(leaf_values) == 339 * 76
    xlsx = pd.read_excel(tmp_path / "out" / "cemi_results.xlsx", sheet_name="叶指标值", header=1,
                         dtype={"城市代码": str})                    # Chinese sheet and headers; the CSV keeps the keys
    assert xlsx.set_index(["城市代码", "指标代码"]).loc[(LISHUI, "G06"), "来源"] == "document:1"


def test_the_report_says_the_same_counts_as_the_score(scored):
    from textmine.report.analysis import analyse
    from textmine.report.build import load_inputs

    rep, res, _, store = scored
    analysis = analyse(load_inputs(store, rep.run_id), permutations=99)
    sentence = res.provenance.sentence("zh", ["G02", *PLAN])
    assert analysis.notes[0] == "数据来源：" + sentence and "插补 5" in sentence
    cells = analysis.table("cells").frame
    assert cells.loc["G05", ["文本挖掘", "工作簿", "插补"]].tolist() == [1, 337, 1]
    wide = analysis.table("cells_all").frame
    assert wide.shape == (339, 2 + 76) and wide.columns[2] == "E01 耕地总面积"
    assert wide.loc[WENZHOU, "G05 五年规划中生态资产管理主题词个数"].startswith("插补：province-median")
    # the planning section no longer says the cities without an outline are missing while the score filled them
    note = analysis.table("planning").note
    assert "这 338 个城市的规划引领指标（G05、G06、G07、G08）共 1,352 个单元格：工作簿 1,348，插补 4" in note
    missing = analysis.table("planning_missing").frame.set_index("city_code")
    assert missing.loc[WENZHOU, "score_value"] == "插补" and missing.loc["110000", "score_value"] == "工作簿"
    assert "set aside: #2" in missing.loc[WENZHOU, "reason"]
    assert analysis.table("appendix1").frame["not_measured"].sum() == 5


def test_a_new_kind_plugs_in_one_place(monkeypatch):
    """A later stage adds one Kind (as #29 added document); counts, sentences and the check follow from KINDS."""
    idx, cols = ["110000", "120000"], ["E01", "M01"]
    prov = Provenance.empty(idx, cols)
    with pytest.raises(Exception, match="unknown provenance kind"):
        prov.set(pd.DataFrame(True, index=idx, columns=cols), "survey")
    monkeypatch.setitem(KINDS, "survey", Kind("survey", "实地调查", "from a field survey", True))
    prov.set(pd.DataFrame({"E01": [True, False], "M01": [False, False]}, index=idx), "survey", "survey:2025-07",
             "实地调查 2025 年 7 月")
    assert prov.counts()["survey"] == 1 and "1 from a field survey" in prov.sentence()
    assert "实地调查 1" in prov.sentence("zh")


def test_runs_stored_before_provenance_keep_their_cells(tmp_path):
    """A data home from before the provenance migration with a score run: its cells keep their origin and gain
    empty source/detail."""
    from textmine.store import Store, migrations

    home = tmp_path / "old"
    home.mkdir()
    con = sqlite3.connect(home / "textmine.sqlite3")
    before = next(i for i, (_, name, _) in enumerate(migrations()) if "provenance" in name)
    for version, _, sql in migrations()[:before]:
        con.executescript(sql)
    con.execute(f"PRAGMA user_version = {before}")
    con.execute("INSERT INTO score_runs (id, created_at, model_version, params, inputs_key) VALUES "
                "(1, 'now', 'cemi-2025.1', '{}', 'k')")
    con.execute("INSERT INTO leaf_values VALUES (1, '331100', 'G05', 3, 3, 50, 'text')")
    con.commit()
    con.close()
    with Store(home) as store:
        row = store.conn.execute("SELECT origin, source, detail FROM leaf_values").fetchone()
        assert tuple(row) == ("text", "", "")
