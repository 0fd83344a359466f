"""Issue 32, case 2: one strict number reader (textmine.numbers) for workbook cells and figures in documents.

A thousands separator is read only where it is one (groups of three digits); a decimal comma or an ambiguous
comma is refused with the cell named; a per cent sign and full-width digits are read the same way everywhere,
and `validate` lists every cell so read. On main, 3,5 read as 35, 12,34 as 1234, 1.234,5 as 1.2345, while
8.11% and １２３４．５ were refused."""
from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from textmine.numbers import NumberRefused, read_number


@pytest.mark.parametrize("text, value, percent", [
    ("1234.5", "1234.5", False), ("-3", "-3", False), ("1,234", "1234", False), ("1,234,567.89", "1234567.89", False),
    ("156, 077", "156077", False), ("８.11%", "8.11", True), ("8.11 %", "8.11", True), ("１２３４．５", "1234.5", False),
    ("878，631", "878631", False), ("−2.5", "-2.5", False), (12, "12", False), (0.0811, "0.0811", False),
])
def test_accepted_forms(text, value, percent):
    n = read_number(text)
    assert n.value == Decimal(value) and n.percent is percent


@pytest.mark.parametrize("text, why", [
    ("3,5", "not a thousands separator"), ("12,34", "not a thousands separator"),
    ("1,234,5", "not a thousands separator"), ("1.234,5", "decimal comma"), ("1.234.567", "dots between groups"),
    ("(123)", "brackets"), ("12万", "not a number"), ("abc", "is not a number"), ("nan", "not a number"),
    (True, "true/false"),
])
def test_refused_forms_say_why(text, why):
    with pytest.raises(NumberRefused) as exc:
        read_number(text)
    assert why in exc.value.reason


def _workbook(tmp_path, model, cells: dict[tuple[int, str], object], fmt: str = "csv"):
    """The synthetic workbook with some cells replaced: {(data row index, leaf): written text}."""
    from textmine.scoring import write_sample_data

    path = write_sample_data(tmp_path / f"w.{fmt}", model, with_text=False)
    if fmt == "csv":
        lines = path.read_text("utf-8").splitlines()
        head = [ln for ln in lines if ln.startswith("#")]
        rows = list(csv.reader([ln for ln in lines if not ln.startswith("#")]))
        col = {c: j for j, c in enumerate(rows[0])}
        for (i, leaf), text in cells.items():
            rows[2 + i][col[leaf]] = text
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(head) + "\n")
            csv.writer(fh, lineterminator="\n").writerows(rows)
        return path, len(head) + 3
    wb = load_workbook(path)
    ws = wb["indicators"]
    col = {c.value: c.column for c in ws[1]}
    for (i, leaf), value in cells.items():
        cell = ws.cell(row=3 + i, column=col[leaf])
        cell.value, fmt_ = value if isinstance(value, tuple) else (value, None)
        if fmt_:
            cell.number_format = fmt_
    wb.save(path)
    return path, 3


@pytest.fixture(scope="module")
def model():
    from textmine.scoring import load_model

    return load_model()


def test_the_issues_table_read_or_refused_with_the_cell_named(tmp_path, model, cli):
    from textmine.scoring import read_workbook

    path, first = _workbook(tmp_path, model, {(0, "E01"): "3,5", (1, "E01"): "12,34", (2, "E01"): "1.234,5",
                                              (3, "E02"): "8.11%", (4, "E01"): "１２３４．５", (5, "E01"): "1,234.5",
                                              (6, "E01"): "8.11%"})
    wb = read_workbook(path, model)
    errors = {(p.row, p.column.split()[0]): p.message for p in wb.errors()}
    for i, why in ((0, "not a thousands separator"), (1, "not a thousands separator"), (2, "decimal comma"),
                   (6, "written as a percentage, but the leaf is in km²")):
        assert why in errors[(first + i, "C")], errors
    codes = list(wb.values.index)
    assert wb.values.at[codes[3], "E02"] == pytest.approx(8.11)        # a rate in %: 8.11% is 8.11
    assert wb.values.at[codes[4], "E01"] == pytest.approx(1234.5)      # full-width digits
    assert wb.values.at[codes[5], "E01"] == pytest.approx(1234.5)      # valid thousands separators
    res = cli("validate", path, "--format", "csv")
    assert res.exit_code == 3
    for cell in (f"C{first}", f"C{first + 1}", f"C{first + 2}"):       # every refused cell, with its row and column
        assert any(line.startswith(f"error,") and f",{cell[1:]},C (E01" in line for line in res.output.splitlines())
    notes = [line for line in res.output.splitlines() if line.startswith("note,")]
    assert any("per cent sign" in n and f"D{first + 3} '8.11%'" in n for n in notes)
    assert any("full-width" in n and f"C{first + 4}" in n for n in notes)


def test_an_excel_percentage_cell_reads_as_it_is_shown(tmp_path, model):
    """A cell Excel shows as 8.11% holds 0.0811: in a leaf in % it is 8.11, the same as the text 8.11%."""
    from textmine.scoring import read_workbook

    path, first = _workbook(tmp_path, model, {(0, "E02"): (0.0811, "0.00%"), (1, "E01"): (0.25, "0%")}, "xlsx")
    wb = read_workbook(path, model)
    assert wb.values.iloc[0]["E02"] == pytest.approx(8.11)
    errors = [p for p in wb.errors() if p.row == first + 1]
    assert errors and "formatted as a percentage" in errors[0].message
    assert any("formatted as a percentage" in p.message for p in wb.problems if p.kind == "note")


def test_documents_read_numbers_with_the_same_reader(store, tmp_path):
    """A figure in a document written 12,34亿元 or 1.234,5亿元 is refused (number_form), never read as 1234 or 1.2345;
    a table cell in such a form is refused with the cell named; 1,234.5亿元 is read."""
    from facts_helpers import by_document, ingest_passages
    from textmine.facts import propose_facts

    doc = {"id": "numbers", "city": "丽水市", "kind": "communique", "year": 2026,
           "title": "丽水市2025年国民经济和社会发展统计公报",
           "text": "丽水市2025年国民经济和社会发展统计公报\n一、综合\n初步核算，全年全市地区生产总值1.234,5亿元。"
                   "年末全市常住人口25,28万人。\n二、农业\n全年农林牧渔业总产值1,187.36亿元，比上年增长3.9%。\n"}
    docs = ingest_passages(store, tmp_path, [doc])
    found = by_document(propose_facts(store))[next(iter(docs))]
    assert ("agri_output", 2025, "1,187.36亿元") in found["accepted"]
    refused = {(f, r) for f, r, _ in found["refused"]}
    assert {("gdp", "number_form"), ("population", "number_form")} <= refused
    assert not any(f in ("gdp", "population") for f, *_ in found["accepted"])


def test_a_table_cell_in_a_refused_form_is_named(store):
    from textmine.facts.cells import read_table
    from textmine.facts.model import DocInfo
    from textmine.facts.reading import Reader
    from textmine.facts.rules import load_rules
    from textmine.facts.tables import Table

    rules = load_rules()
    doc = DocInfo(1, "final_accounts", "丽水市2024年一般公共预算收支决算表", "", "", 2024, "title", "city", "outcome")
    table = Table(3, 0, "丽水市2024年一般公共预算支出决算表 单位：亿元", ["项目", "决算数"],
                  [["一般公共预算支出", "61,2.48"], ["节能环保支出", "21.63"]])
    cands = read_table(Reader(rules), table, doc, "331100", set(rules.figures))
    bad = [c for c in cands if c.reason == "number_form"]
    assert bad and "一般公共预算支出" in bad[0].text and bad[0].page == 3
