"""Workbook template, reading and validation: every problem named with sheet, row and column."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

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
    assert errs[(5, "C (E01 耕地总面积)")].startswith("'abc' is not a number")
    assert "-5 is below 0" in errs[(6, "C (E01 耕地总面积)")]
    assert "120 is above 100: a rate in % must be <= 100" in errs[(7, "D (E02 耕地占行政区面积比重)")]
    assert "not a yes/no value; accepted: 是/否, 1/0, Y/N" in errs[(8, "AD (G01 是否建立生态产品价值实现专项领导小组)")]
    assert (9, "AD (G01 是否建立生态产品价值实现专项领导小组)") not in errs
    assert "unknown column 'X99'" in errs[(1, "CA")]
    missing = [p for p in got.problems if p.kind == "missing"]
    assert any(p.column == "AC (E27 水资源总量)" and "1 empty cell(s) in rows 10" in p.message for p in missing)
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
    assert any("duplicate column E01 耕地总面积" in m for m in msgs)
    assert any("missing column E02 耕地占行政区面积比重" in m for m in msgs)
    assert any("missing column C05 人均收支缺口" in m for m in msgs)


def test_validate_command_exit_codes(tmp_path, cli, model, values):
    good = write_workbook(tmp_path / "good.xlsx", model, values, {"synthetic": "yes"})
    res = cli("validate", good)
    assert res.exit_code == 0 and "clean (SYNTHETIC data)" in res.output
    tmpl = tmp_path / "t.csv"
    assert cli("template", "--out", tmpl, "--format", "csv").exit_code == 0
    res = cli("validate", tmpl, "--format", "csv")
    assert res.exit_code == 3 and "empty cell(s)" in res.output and "problem(s)" in res.output
    assert cli("validate", tmp_path / "nope.xlsx").exit_code == 3
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    res = cli("validate", broken)
    assert res.exit_code == 3 and "not a readable xlsx workbook: neither an xlsx file (a ZIP archive) nor CSV " \
        "text" in res.output
    broken.write_bytes(b"PK\x03\x04 truncated")
    res = cli("validate", broken)
    assert res.exit_code == 3 and "not a readable xlsx workbook (BadZipFile" in res.output


def test_gbk_csv_workbook_is_read_like_its_utf8_original(tmp_path, cli, store, model, values):
    """What Excel saves on Chinese Windows: a GBK CSV (it used to crash with UnicodeDecodeError)."""
    utf8 = write_workbook(tmp_path / "u.csv", model, values, {"synthetic": "yes"})
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(utf8.read_text("utf-8").encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        gbk.read_text("utf-8")
    got = read_workbook(gbk, model)
    assert got.values.equals(read_workbook(utf8, model).values) and got.errors() == []
    notes = [p.message for p in got.problems if p.kind == "note"]
    assert "read as gb18030 (detected), not UTF-8: check that city and leaf names look right" in notes
    res = cli("validate", gbk)
    assert res.exit_code == 0 and "clean (SYNTHETIC data): 339 cities, 76 leaf columns" in res.output
    res = cli("score", "--data", gbk, "--runs", 5, "--no-text")
    assert res.exit_code == 0 and "note: gbk.csv: read as gb18030 (detected)" in res.output
    run = store.conn.execute("SELECT id, workbook FROM score_runs").fetchall()
    assert [r["workbook"] for r in run] == [str(gbk)]
    stored = store.conn.execute("SELECT count(*) FROM leaf_values WHERE run_id=? AND leaf='E01' AND raw IS NOT NULL",
                                (run[0]["id"],)).fetchone()[0]
    assert stored == 339


def test_csv_named_xlsx_is_read_as_csv_and_other_files_are_named(tmp_path, cli, store, model, values):
    csv_file = write_workbook(tmp_path / "v.csv", model, values, {"synthetic": "yes"})
    renamed = tmp_path / "v.xlsx"
    renamed.write_bytes(csv_file.read_bytes())
    got = read_workbook(renamed, model)
    assert got.values.equals(read_workbook(csv_file, model).values) and got.synthetic and got.errors() == []
    res = cli("validate", renamed, "--format", "csv")
    assert res.exit_code == 0
    assert "note,v.xlsx,,,,,\"the file is CSV text, not an xlsx workbook, although named .xlsx; read as CSV\"" \
        in res.output
    real = write_workbook(tmp_path / "real.xlsx", model, values)
    named_csv = tmp_path / "real.csv"
    named_csv.write_bytes(real.read_bytes())
    assert "an xlsx workbook although named .csv; read as xlsx" in str(read_workbook(named_csv, model).problems[0])
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    res = cli("validate", old)
    assert res.exit_code == 3 and "an Excel 97-2003 (.xls) file, which is not read; save it as .xlsx" in res.output
    res = cli("score", "--data", old)
    assert res.exit_code == 3 and "(.xls) file" in res.output
    assert store.conn.execute("SELECT count(*) FROM score_runs").fetchone()[0] == 0


def test_docs_validate_example_is_what_validate_prints(tmp_path, monkeypatch, cli, model):
    """docs/scoring.md shows `validate` on a spoiled sample workbook: the block must be what it prints."""
    import os
    import re
    from pathlib import Path

    from textmine.scoring import write_sample_data

    path = write_sample_data(tmp_path / "bad.xlsx", model, with_text=False)
    wb = load_workbook(path)
    ws = wb["indicators"]
    ws["C5"], ws["D6"], ws["AD7"], ws["C8"], ws["L9"] = "abc", 120, "maybe", 1e12, 105
    c03 = 2 + model.leaf_codes.index("C03") + 1
    ws.cell(row=12, column=c03).value = ws.cell(row=12, column=c03).value * 1000
    wb.save(path)
    cmd = "textmine validate bad.xlsx --format csv"
    monkeypatch.chdir(tmp_path)
    res = cli(*cmd.split()[1:])
    assert res.exit_code == 3
    lines = res.output.rstrip("\n").splitlines()
    first_warning = next(i for i, line in enumerate(lines) if line.startswith("warning,"))
    shown = "\n".join([f"$ {cmd}", *lines[:first_warning + 2], "…", lines[-1]]) + "\n"
    doc_path = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
    doc = doc_path.read_text("utf-8")
    block = re.search(r"<!-- validate-example -->\n```text\n(.*?)```", doc, re.S)
    if os.environ.get("TEXTMINE_WRITE_DOCS"):
        doc = doc[:block.start(1)] + shown + doc[block.end(1):]
        doc_path.write_text(doc, "utf-8")
        block = re.search(r"<!-- validate-example -->\n```text\n(.*?)```", doc, re.S)
    assert block.group(1) == shown
