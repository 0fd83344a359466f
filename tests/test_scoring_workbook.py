"""Workbook template, reading and validation: every problem named with sheet, row and column."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from textmine.errors import TextmineError
from textmine.scoring import load_model, read_workbook, synthetic_values, write_template
from textmine.scoring.workbook import write_workbook


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def values(model):
    return synthetic_values(model)


def test_template_has_every_city_and_leaf(tmp_path, model):
    path = write_template(tmp_path / "t.xlsx", model)
    wb = load_workbook(path, read_only=True)
    rows = list(wb["indicators"].iter_rows(values_only=True))
    assert rows[0][:3] == ("city", "code", "E01") and len(rows[0]) == 2 + 76
    assert rows[1][0] == "指标名称" and rows[1][2] == "耕地总面积"
    assert len(rows) == 2 + 339 and rows[2][2] is None
    assert {"leaves", "about"} <= set(wb.sheetnames)
    wbd = read_workbook(path, model)
    assert len(wbd.values) == 339 and not wbd.synthetic
    assert wbd.errors(allow_missing=True) == [] and wbd.errors()  # empty cells are 'missing'


def test_synthetic_values_are_plausible_and_deterministic(model, values):
    assert values.equals(synthetic_values(model))
    leaves = model.leaves
    for code in model.leaf_codes:
        col = values[code]
        assert col.notna().all(), code
        if leaves.at[code, "type"] == "yesno":
            assert set(col.unique()) <= {0.0, 1.0}, code
        if leaves.at[code, "type"] == "count":
            assert (col == col.round()).all() and (col >= 0).all(), code
        lo, hi = leaves.at[code, "min"], leaves.at[code, "max"]
        assert lo != lo or (col >= lo).all(), code
        assert hi != hi or (col <= hi).all(), code
    assert values["E02"].between(0, 100).all() and values["E09"].between(0, 1).all()


def test_validate_reports_every_problem_with_sheet_row_column(tmp_path, model, values):
    path = write_workbook(tmp_path / "bad.xlsx", model, values, {"synthetic": "yes"})
    wb = load_workbook(path)
    ws = wb["indicators"]
    ws["A3"] = "阿坝州"              # alias of an existing city → accepted, but that city now appears twice
    ws["B3"] = None
    ws["A4"] = "不存在市"            # unknown city
    ws["C5"] = "abc"                 # E01 not numeric
    ws["C6"] = -5                    # negative area
    ws["D7"] = 120                   # E02 share above 100
    ws.cell(row=8, column=2 + 28).value = "maybe"   # G01 yes/no
    ws.cell(row=9, column=2 + 28).value = "是"      # accepted
    ws.cell(row=1, column=2 + 77).value = "X99"     # unknown column
    ws.cell(row=10, column=2 + 27).value = None     # E27 empty
    wb.save(path)
    got = read_workbook(path, model)
    errs = {(p.row, p.column): p.message for p in got.errors()}
    assert any(c == "A" and "duplicate city 阿坝藏族羌族自治州" in m and "already in row 3" in m
               for (r, c), m in errs.items())
    assert "unknown city '不存在市'" in errs[(4, "A")]
    assert errs[(5, "C (E01)")].startswith("'abc' is not a number")
    assert "-5 is below 0" in errs[(6, "C (E01)")]
    assert "120 is above 100: a rate in % must be <= 100" in errs[(7, "D (E02)")]
    assert "not a yes/no value; accepted: 是/否, 1/0, Y/N" in errs[(8, "AD (G01)")]
    assert (9, "AD (G01)") not in errs
    assert "unknown column 'X99'" in errs[(1, "CA")]
    missing = [p for p in got.problems if p.kind == "missing"]
    assert any(p.column == "AC (E27)" and "1 empty cell(s) in rows 10" in p.message for p in missing)
    assert any("have no row: 北京市" in p.message for p in missing)   # row 3 was Beijing
    assert all(p.sheet == "indicators" for p in got.problems)


def test_csv_workbook_duplicate_and_missing_columns(tmp_path, model, values):
    path = write_workbook(tmp_path / "v.csv", model, values, {"synthetic": "yes"})
    text = path.read_text("utf-8")
    assert text.startswith("# ")
    assert read_workbook(path, model).synthetic
    lines = text.splitlines()
    header_at = next(i for i, l in enumerate(lines) if l.startswith("city,"))
    lines[header_at] = lines[header_at].replace(",E02,", ",E01,").replace(",C05,", ",")
    body = [l if i <= header_at else ",".join(l.split(",")[: 2 + 55] + l.split(",")[2 + 56:])
            for i, l in enumerate(lines)]
    path.write_text("\n".join(body) + "\n", "utf-8")
    got = read_workbook(path, model)
    msgs = [str(p) for p in got.errors()]
    assert any("duplicate column E01" in m for m in msgs)
    assert any("missing column E02" in m for m in msgs) and any("missing column C05" in m for m in msgs)


def test_validate_command_exit_codes(tmp_path, cli, model, values):
    good = write_workbook(tmp_path / "good.xlsx", model, values, {"synthetic": "yes"})
    res = cli("validate", good)
    assert res.exit_code == 0 and "clean (SYNTHETIC data)" in res.output
    tmpl = tmp_path / "t.csv"
    assert cli("template", "--out", tmpl, "--format", "csv").exit_code == 0
    res = cli("validate", tmpl, "--format", "csv")
    assert res.exit_code == 2 and "empty cell(s)" in res.output and "problem(s)" in res.output
    assert cli("validate", tmp_path / "nope.xlsx").exit_code == 2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    res = cli("validate", broken)
    assert res.exit_code == 2 and "not a readable xlsx workbook" in res.output
