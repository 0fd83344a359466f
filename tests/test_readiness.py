"""Issue 32, case 1 and the readiness view: nothing enters the index unseen.

A partly scanned outline (a real text page and real image-only pages), a placeholder and an empty text set as
outlines, and a chapter taken for a whole outline reach the outline review: `count`, `run`, `explain`,
`documents review`, the report's inputs and `textmine check` show them, and `--strict` refuses. On main the
partly scanned outline was counted from its first page with no word outside `extract`, a 108-character outline
counted as any other, and an empty text scored G05–G08 = 0 as text."""
from __future__ import annotations

import pytest

from quality_helpers import PLACEHOLDER, partly_scanned_outline, six_outlines_and_a_chapter


@pytest.mark.slow
def test_a_partly_scanned_outline_is_flagged_wherever_its_counts_are_used(home_copy, shared, tmp_path, cli):
    pdf = partly_scanned_outline(shared, tmp_path / "hz.pdf")
    assert "added" in cli("ingest", pdf, "--city", "杭州", "--kind", "plan").output
    count = cli("count", "--period", "十五五")
    assert "杭州市 (#9 is partly scanned: 3 of 4 page(s) have no text layer (pages 2-4)" in count.output
    assert "textmine parse --ocr" in count.output
    review = cli("documents", "review", "--period", "十五五", "--format", "csv")
    assert "杭州市,330100,十五五,needed,#9" in review.output and "partly scanned" in review.output
    run = cli("run", "--sample", "--no-report", "--period", "十五五")
    assert run.exit_code == 0 and "check 十五五: 3 of 339 cities with an outline counted; 1 red — partly scanned: 杭州市" \
        in run.output
    explain = cli("explain", "杭州")
    assert "G05" in explain.output and "NEEDS REVIEW" in explain.output and "partly scanned" in explain.output
    strict = cli("run", "--sample", "--no-report", "--period", "十五五", "--strict")
    assert strict.exit_code == 3 and "strict:" in strict.output and "partly scanned" in strict.output
    check = cli("check", "--period", "十五五", "--format", "csv")
    assert check.exit_code == 1
    row = next(line for line in check.output.splitlines() if line.startswith("red,杭州市"))
    assert ",#9,杭州市国民经济和社会发展第十五个五年规划纲要," in row and ",4,2-4," in row     # title from its heading
    from textmine.report.build import editions_from_store
    from textmine.store import Store

    with Store(home_copy) as store:      # the report's review table says it too (in Chinese, as the whole report)
        ed = editions_from_store(store, "十五五")
        assert ed.review is not None and ed.review["why"].str.contains("#9 部分是扫描件：4 页中有 3 页没有文字层").any()


def test_a_placeholder_and_an_empty_text_are_not_counted_as_outlines(home_copy, shared, tmp_path, cli):
    empty = tmp_path / "blank.txt"
    empty.write_text("   \n\n  \n", "utf-8")
    cli("ingest", shared / "realdata" / PLACEHOLDER, "--city", "合肥", "--kind", "plan", "--period", "十五五",
        "--plan-type", "outline")
    cli("ingest", empty, "--city", "嘉兴", "--kind", "plan", "--period", "十五五", "--plan-type", "outline")
    check = cli("check", "--period", "十五五", "--format", "csv")
    rows = {line.split(",")[1]: line for line in check.output.splitlines()[1:] if "," in line}
    assert rows["合肥市"].startswith("red,") and "too short to be an outline: only 108 characters" in rows["合肥市"]
    assert rows["嘉兴市"].startswith("red,") and "no text to count" in rows["嘉兴市"]
    counted = cli("count", "--period", "十五五", "--format", "csv").output
    assert "嘉兴市" not in "".join(x for x in counted.splitlines(True) if not x.startswith("warning"))
    from textmine.count import planning_indicators
    from textmine.store import Store

    with Store(home_copy) as store:
        ind = planning_indicators(store, "token", "十五五")
    assert ind.loc["330400", "has_plan"] is False or not ind.loc["330400", "has_plan"]   # missing, never 0
    assert "no text to count" in ind.loc["330400", "missing_reason"]
    assert cli("score", "--data", home_copy / "sample" / "workbook-synthetic.csv", "--period", "十五五", "--runs", 10,
               "--strict").exit_code == 3
    # the placeholder removed: nothing red is left for 合肥, the file stays in raw/ and a record says why
    ids = [line.split(",")[0] for line in cli("documents", "list", "--city", "合肥", "--format", "csv").output.splitlines()[1:]]
    assert cli("documents", "remove", ids[0], "--why", "占位稿，不是纲要").exit_code == 0
    assert "合肥市" not in cli("check", "--period", "十五五", "--format", "csv").output


def test_a_chapter_taken_for_an_outline_has_an_outlier_density(shared, tmp_path, cli, home):
    """Six real 十五五 outlines and 苏州's green-transition part alone as its outline: the part is flagged (12× the
    others' median density); none of the seven real outlines is (their densities are 0.51–1.21× the median)."""
    six_outlines_and_a_chapter(cli, shared, tmp_path)
    out = cli("check", "--period", "十五五", "--format", "csv").output.splitlines()
    status = {line.split(",")[1]: line.split(",")[0] for line in out[1:] if "," in line}
    assert status.pop("苏州市") == "red" and set(status.values()) == {"ok"}
    assert "term density is an outlier" in "\n".join(out) and "times the median of the 6 other cities" in "\n".join(out)


def test_check_on_the_sample_is_clear_and_says_what_it_checked(home_copy, cli):
    res = cli("check", "--data", home_copy / "sample" / "workbook-synthetic.csv")
    assert res.exit_code == 0
    assert "check 十四五: 6 of 339 cities with an outline counted; news measured for 0 cities (2024-01-01 – 2024-12-31);" \
           " workbook workbook-synthetic.csv: no text-mined cell filled" in res.output
    assert "red:" not in res.output


def test_flags_are_grouped_by_their_kind_in_either_language(home_copy, shared, cli, monkeypatch):
    """The kind of a review reason is a field, not guessed from its words: a draft counted for 杭州 is named a draft
    in the summary line and the table in Chinese too, where the reason itself is Chinese (on main it was 待复核)."""
    plans = shared / "realdata" / "plans"
    cli("ingest", plans / "十五五纲要_杭州市.txt", "--city", "杭州", "--kind", "plan", "--period", "十五五",
        "--plan-type", "draft")
    cli("count", "--period", "十五五")
    rows = cli("check", "--period", "十五五", "--format", "csv").output.splitlines()
    header = rows[0].split(",")
    hz = next(line for line in rows if line.startswith("red,杭州市"))
    assert "flag_kinds" in header and hz.split(",")[header.index("flag_kinds")] == "draft"
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    zh = cli("check", "--period", "十五五")
    assert "只计入了草案（#" in zh.output                                  # the reason itself is in Chinese
    assert "1 个红色 —— 草案：杭州市" in zh.output and "待复核" not in zh.output
    assert "红色（须处理）" in zh.output and "计入的纲要" in zh.output     # status and headers in Chinese
    zh_csv = cli("check", "--period", "十五五", "--format", "csv").output.splitlines()
    assert zh_csv[0] == rows[0]                                     # keys stay English
    assert next(line for line in zh_csv if line.startswith("red,杭州市")).split(",")[header.index("flag_kinds")] \
        == "draft"
