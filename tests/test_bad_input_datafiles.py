"""Bad input, part 1: the data CSVs researchers edit in a workspace (corpora/, scoring/). Every one is read by
textmine.datacsv, so a `#` comment line, a byte-order mark, a GBK file, a blank line or a dropped trailing
comma works in every file, and what cannot work is refused naming the file and line — never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from textmine import resources
from textmine.errors import TextmineError
from textmine.workspace import init_workspace


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    """A workspace (`textmine init`) used as the data root."""
    init_workspace(tmp_path / "ws")
    monkeypatch.setenv("TEXTMINE_ROOT", str(tmp_path / "ws"))
    resources.set_root(None)
    return tmp_path / "ws"


def insert_line(path: Path, at: int, line: str) -> None:
    """Insert `line` before line `at` (1-based; 0 = at the end)."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines.insert(len(lines) if at == 0 else at - 1, line + "\n")
    path.write_text("".join(lines), "utf-8")


@pytest.mark.parametrize("at", [1, 2, 40, 0], ids=["above-header", "below-header", "between-rows", "at-end"])
def test_a_comment_line_anywhere_in_cities_csv(cli, ws, at):
    insert_line(ws / "corpora" / "cities.csv", at, "# 直辖市和省会城市（注释行）")
    res = cli("cities", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = res.output.strip().splitlines()
    assert len(rows) == 1 + 339 and not any(r.startswith("#") for r in rows)


@pytest.mark.parametrize("at", [1, 3, 0], ids=["above-header", "between-rows", "at-end"])
def test_a_comment_line_in_provinces_csv_and_counties_csv_keeps_evidence_working(cli, ws, at):
    insert_line(ws / "corpora" / "provinces.csv", at, "# 省级行政区（注释行）")
    insert_line(ws / "corpora" / "counties.csv", at, "# 县级行政区（注释行）")
    from textmine.places import Gazetteer

    found = {m.text: m.kind for m in Gazetteer({}).find("吉林省印发方案，吉林市和朝阳区落实")}
    assert found == {"吉林省": "province", "吉林市": "city", "朝阳区": "county"}
    res = cli("evidence", "--city", "南平", "--leaf", "G12", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1].startswith("南平市,350700,G12")


def test_bom_gbk_and_dropped_trailing_commas_read_the_same_cities(cli, ws):
    path = ws / "corpora" / "cities.csv"
    text = path.read_text("utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].rstrip(",")        # 北京市's last cell (aliases) is 北京: no trailing comma to drop
    lines[2] = ",".join(lines[2].split(",")[:7])   # 天津市 without basins and aliases: padded with empty cells
    path.write_bytes("\n".join(lines).encode("gb18030"))    # as Excel saves CSV on Chinese Windows
    res = cli("cities", "--province", "天津", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1] == "天津市,120000,天津市,12,直辖市,华北,东部,,"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert cli("cities", "--format", "csv").output.count("\n") == 340


def test_what_cannot_be_read_is_refused_naming_file_and_line(cli, ws):
    path = ws / "corpora" / "cities.csv"
    good = path.read_text("utf-8")
    lines = good.splitlines()
    lines[5] = lines[5].replace("华北", "华北,多余")                       # an unquoted comma: one cell too many
    path.write_text("\n".join(lines) + "\n", "utf-8")
    res = cli("cities")
    assert res.exit_code != 0 and f"{path}:6: 10 cells, but the header (line 1) names 9 columns" in res.output
    path.write_text(good.replace("110000", "11000"), "utf-8")
    res = cli("cities")
    assert res.exit_code != 0 and f"{path}:2: a city needs a name and a 6-digit code" in res.output
    path.write_bytes(good.encode("utf-8")[:200] + b"\xff\xfe\xff" + good.encode("utf-8")[200:])
    res = cli("cities")
    assert res.exit_code != 0 and f"{path}:" in res.output and "save the file as “CSV UTF-8”" in res.output
    path.write_text("# 只有注释\n\n", "utf-8")
    res = cli("cities")
    assert res.exit_code != 0 and "no header row (the file is empty or holds only comments)" in res.output
    path.write_text(good.splitlines()[0] + "\n", "utf-8")
    res = cli("cities")
    assert res.exit_code != 0 and "no city rows under the header (line 1)" in res.output
    path.write_text(good.replace("name,code", "city,code", 1), "utf-8")
    res = cli("cities")
    assert res.exit_code != 0 and f"{path}:1: missing column(s) name; the header has city, code" in res.output


def test_a_blank_name_in_provinces_csv_is_refused_with_its_line(cli, ws):
    path = ws / "corpora" / "provinces.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[3] = ",".join(["13", "", "河北", *lines[3].split(",")[3:]])
    path.write_text("\n".join(lines) + "\n", "utf-8")
    res = cli("evidence", "--city", "南平", "--leaf", "G12")
    assert res.exit_code != 0 and f"{path}:4: empty name; every row needs name, short" in res.output


def test_model_files_with_comments_between_rows_load_with_their_lines(ws):
    from textmine.scoring import load_model

    scoring = ws / "scoring"
    insert_line(scoring / "weights.csv", 6, "# 以下为领域内权重")
    insert_line(scoring / "indicators.csv", 10, "# 生态资源禀赋（续）")
    insert_line(scoring / "nodes.csv", 5, "")
    model = load_model(scoring)
    assert len(model.leaf_codes) == 76 and model.weights["cemi"]["market"] == pytest.approx(0.383)
    # a bad row after a comment is named by its line in the file, comments counted
    lines = (scoring / "weights.csv").read_text("utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.startswith("E1,E1.2,"))
    lines[n - 1] = "E1,E1.2,heavy,"
    (scoring / "weights.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(TextmineError, match=rf"weights.csv:{n}: weight 'heavy' is not a number"):
        load_model(scoring)


def test_city_areas_and_reference_ranks_with_comments(ws, cli):
    from textmine.scoring.compare import load_ranks
    from textmine.scoring.plausibility import load_city_areas

    insert_line(ws / "corpora" / "city_areas.csv", 100, "# 以下为华东城市")
    assert len(load_city_areas()) == 339
    ref = ws / "scoring" / "reference" / "cemi2025_appendix1.csv"
    insert_line(ref, 3, "# 第 2 名以后")
    ranks, _ = load_ranks("published")
    assert len(ranks) == 339 and ranks.loc["350700", "composite"] == 1
    lines = (ws / "corpora" / "city_areas.csv").read_text("utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.startswith("330500,"))
    lines[n - 1] = "330500,湖州市,约5800"
    (ws / "corpora" / "city_areas.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(TextmineError, match=rf"city_areas.csv:{n}: area_km2 '约5800' is not a number"):
        load_city_areas()


def test_a_scores_file_for_the_report_is_read_like_every_data_csv(tmp_path):
    from textmine.report.build import read_scores_csv

    path = tmp_path / "scores.csv"
    rows = ["# 我们自己算的得分（注释）", "city,cemi,endowment,governance,compensation,market",
            "南平,50,40,60,30,70", "# 第二个城市", "阿坝州,45,60,30,50,40"]
    path.write_bytes("\ufeff".encode("utf-8") + "\n".join(rows).encode("gb18030"))   # BOM then GBK: refused
    with pytest.raises(TextmineError, match=r"scores.csv:1: not UTF-8 text"):
        read_scores_csv(path)
    path.write_bytes("\n".join(rows).encode("gb18030"))
    got = read_scores_csv(path)
    assert list(got.index) == ["350700", "513200"] and got.loc["513200", "cemi"] == 45
    path.write_text("\n".join(rows[:2]) + "\n", "utf-8")
    with pytest.raises(TextmineError, match=r"scores.csv: no city rows under the header \(line 2\)"):
        read_scores_csv(path)
    path.write_text("\n".join([*rows[:3], "火星,1,1,1,1,1"]) + "\n", "utf-8")
    with pytest.raises(TextmineError, match=r"scores.csv:4: .*火星"):
        read_scores_csv(path)
