"""Plausibility of workbook values (scoring/plausibility.toml): impossible values are errors naming the
cell, outliers are warnings stored with the run; the city areas they rest on are checked here."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from textmine.errors import TextmineError
from textmine.registry import load_registry
from textmine.resources import data_path
from textmine.scoring import compute_index, load_model, read_workbook, synthetic_values
from textmine.scoring.plausibility import check_plausibility, load_city_areas, load_rules, robust_z
from textmine.scoring.workbook import write_workbook

BEIJING = "110000"


def row_of(path, code: str) -> int:
    """The line of a city in a CSV workbook (rows are numbered as the file's lines, comments included)."""
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
                if line.split(",")[1:2] == [code])


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def values(model):
    return synthetic_values(model)


def test_city_areas_cover_the_registry_and_match_a_geodesic_recomputation():
    from pyproj import Geod

    from textmine.report.geo import load_boundaries

    path = data_path("corpora", "city_areas.csv")
    head = path.read_text("utf-8").splitlines()[:4]
    assert "tools/build_city_areas.py" in head[0] and "equal-area" in head[2]
    areas = load_city_areas()
    assert set(areas) == {c.code for c in load_registry()} and min(areas.values()) > 100
    # an independent method: the area on the WGS84 ellipsoid of the unprojected polygons
    bounds, geod = load_boundaries(), Geod(ellps="WGS84")
    for code in ("110000", "331100", "440300", "150700", "540000" if "540000" in areas else "542500"):
        geodesic = abs(geod.geometry_area_perimeter(bounds.geometry[code])[0]) / 1e6
        assert areas[code] == pytest.approx(geodesic, rel=1e-3), code


def test_one_extreme_value_squashes_every_other_city_without_the_check(model, values):
    """What the check prevents: SD winsorising cannot tame one extreme in 339 (it inflates the SD it clips with)."""
    raw = values.copy()
    before = compute_index(model, raw).normalised["E01"]
    assert before.median() > 1 and before.max() == pytest.approx(100)      # real spread (median ≈ 5 of 100)
    raw.loc[BEIJING, "E01"] = 1e12
    comp = compute_index(model, raw)
    col = raw["E01"]
    clip = col.mean() + 3 * col.std(ddof=1)                   # mean + k·sd, k = 3
    assert comp.winsorised.at[BEIJING, "E01"] == pytest.approx(clip) and 1.6e11 < clip < 1.7e11   # docs/scoring.md
    others = comp.normalised["E01"].drop(BEIJING)
    assert comp.normalised.at[BEIJING, "E01"] == pytest.approx(100)
    assert others.max() < 1e-3                                 # every other city ≈ 0 of 100


def test_area_above_the_city_is_refused_naming_the_cell(tmp_path, model, values, cli, store):
    bad = values.copy()
    bad.loc[BEIJING, "E01"] = 1e12
    path = write_workbook(tmp_path / "bad.csv", model, bad, {"synthetic": "yes"})
    got = read_workbook(path, model)
    errs = got.errors()
    assert len(errs) == 1
    p = errs[0]
    row = row_of(path, BEIJING)
    assert (p.sheet, p.row, p.column, p.city, p.value) == ("bad.csv", row, "C (E01 耕地总面积)", "北京市", 1e12)
    area = load_city_areas()[BEIJING]
    assert f"E01 耕地总面积 = 1e+12 km² is more than the area of 北京市 (110000), {area:,.0f} km²" in p.message
    assert f"up to {area * 1.05:,.0f} km²" in p.message
    # the same cell is not reported a second time as an outlier or as a partition sum
    assert not [q for q in got.problems if q.row == row and q.kind in ("warning", "error") and q is not p]
    res = cli("validate", path)
    assert res.exit_code == 3 and "1 problem(s); fix them before scoring" in res.output
    res = cli("score", "--data", path, "--runs", 5, "--no-text")
    assert res.exit_code == 3 and "nothing was computed" in res.output
    assert f"bad.csv row {row} column C (E01 耕地总面积): E01 耕地总面积 = 1e+12 km² is more than the area of 北京市" \
        in res.output
    assert store.conn.execute("SELECT count(*) FROM score_runs").fetchone()[0] == 0


def test_partitions_and_growth_bounds_are_errors_listing_every_problem(tmp_path, model, values):
    bad = values.copy()
    codes = list(bad.index)
    bad.loc[codes[5], ["E02", "E04", "E06", "E08"]] = [60, 30, 8, 2.5]        # 100.5 % of the area
    bad.loc[codes[6], ["E02", "E04", "E06", "E08"]] = [60, 30, 8, 2.1]        # 100.1 %: rounding, accepted
    area = load_city_areas()[codes[7]]
    bad.loc[codes[7], ["E20", "E21", "E22", "E23"]] = [area * 0.5, area * 0.4, area * 0.3, 0]
    bad.loc[codes[8], "E10"] = 105.0                                          # 105 written for +5 %
    bad.loc[codes[9], "E19"] = -70.0
    path = write_workbook(tmp_path / "p.csv", model, bad)
    got = read_workbook(path, model)
    errs = {(p.row, p.column): p for p in got.errors()}
    r5, r7, r8, r9 = (row_of(path, codes[i]) for i in (5, 7, 8, 9))
    assert set(errs) == {(r5, "D+F+H+J (E02+E04+E06+E08)"), (r7, "V+W+X+Y (E20+E21+E22+E23)"),
                         (r8, "L (E10 耕地面积增长率)"), (r9, "U (E19 碳排放量变化率)")}
    share = errs[(r5, "D+F+H+J (E02+E04+E06+E08)")]
    assert share.value == pytest.approx(100.5) and share.message.startswith(
        "E02 耕地占行政区面积比重 60 + E04 林地占行政区面积比重 30 + E06 草地占行政区面积比重 8 + "
        "E08 水域占行政区面积比重 2.5 = 100.5 % is more than 100 %: they are disjoint parts of it")
    assert "wind resource classes" in errs[(r7, "V+W+X+Y (E20+E21+E22+E23)")].message
    assert "E10 耕地面积增长率 = 105 % is outside the plausible -50 … 50 %" in errs[(r8, "L (E10 耕地面积增长率)")].message
    assert "E19 碳排放量变化率 = -70 %" in errs[(r9, "U (E19 碳排放量变化率)")].message
    with pytest.raises(TextmineError) as exc:
        from textmine.scoring.run import format_problems

        raise TextmineError(format_problems("p.csv", got.errors()))
    assert str(exc.value).count("\n  - ") == 4


def test_outliers_are_warnings_shown_and_stored_with_the_run(tmp_path, model, values, cli, store):
    odd = values.copy()
    codes = list(odd.index)
    odd.loc[codes[20], "C03"] = odd["C03"].median() * 1000          # a unit slip
    path = write_workbook(tmp_path / "odd.csv", model, odd, {"synthetic": "yes"})
    got = read_workbook(path, model)
    assert got.errors() == []
    warned = [p for p in got.problems if p.kind == "warning"]
    row = row_of(path, codes[20])
    slip = [p for p in warned if p.row == row]
    assert len(slip) == 1 and slip[0].column.endswith("(C03 人均财政收入)") and slip[0].city == load_registry() \
        .by_code(codes[20]).name and slip[0].value == odd.at[codes[20], "C03"]
    assert "C03 人均财政收入 = " in slip[0].message and "is an outlier: robust z +" in slip[0].message
    # the other warnings are the synthetic data's own tails, each beyond the threshold as recomputed here
    threshold, by_name = load_rules(model).threshold, {c.name: c.code for c in load_registry()}
    for p in warned:
        leaf = p.column.split("(")[1].split()[0]
        x = got.values[leaf]
        log = model.leaves.at[leaf, "type"] in ("amount", "count") and not (x < 0).any()
        assert abs(robust_z(np.log10(1 + x) if log else x)[by_name[p.city]]) > threshold, p
    res = cli("validate", path, "--format", "csv")
    assert res.exit_code == 0 and f"{len(warned)} outlier warning(s) above" in res.output
    assert f"warning,odd.csv,{row},{slip[0].column},{slip[0].city}," in res.output
    res = cli("score", "--data", path, "--runs", 5, "--no-text")
    assert res.exit_code == 0 and f"warning: odd.csv row {row} column {slip[0].column}: C03 人均财政收入" in res.output
    params = json.loads(store.conn.execute("SELECT params FROM score_runs").fetchone()[0])
    assert [w for w in params["warnings"] if "is an outlier" in w] == [str(p) for p in warned]


def test_synthetic_workbook_is_plausible(model, values):
    found = check_plausibility(values, model)
    assert [f for f in found if f.kind == "error"] == []
    shares = values[["E02", "E04", "E06", "E08"]].sum(axis=1)
    assert shares.max() <= 100 and shares.min() > 0
    areas = load_city_areas()
    assert all(values.at[c, "E01"] <= areas[c] for c in values.index)


def test_rules_are_data_and_their_errors_name_the_file(tmp_path):
    root = tmp_path / "scoring"
    shutil.copytree(data_path("scoring"), root)
    rules_file = root / "plausibility.toml"
    text = rules_file.read_text("utf-8")
    rules_file.write_text(text.replace('"E01", "E03", "E05", "E07", "E20"', '"E01", "E02", "E05", "E07", "E20"', 1),
                          "utf-8")
    with pytest.raises(TextmineError, match=r"plausibility.toml: \[city_area\]: E02 耕地占行政区面积比重 is in %, "
                                            r"not km²"):
        load_rules(load_model(root))
    rules_file.write_text(text.replace("threshold = 5.0", "threshold = 1e9"), "utf-8")
    model = load_model(root)
    vals = synthetic_values(model)
    assert [f for f in check_plausibility(vals, model) if f.kind == "warning"] == []


def test_docs_outlier_counts_are_measured(model, values):
    """docs/scoring.md says how many synthetic cells each threshold flags: the figures must be these."""
    import dataclasses
    from pathlib import Path

    rules = load_rules(model)
    count = {th: sum(f.kind == "warning" for f in check_plausibility(values, model, dataclasses.replace(
        rules, threshold=th))) for th in (3.5, rules.threshold)}
    doc = (Path(__file__).resolve().parents[1] / "docs" / "scoring.md").read_text("utf-8")
    line = doc.split("<!-- outlier-counts -->", 1)[1].split("\n", 1)[0]
    assert line == (f"On the synthetic workbook (`sample-data`), |z| > 3.5 would flag {count[3.5]} plausible cells "
                    f"of skewed leaves, |z| > {rules.threshold:g} flags {count[rules.threshold]}.")
