"""The loop `score --evidence` and `score --facts` share (textmine.scoring.cell_fill): an accepted value fills an
empty cell only; a workbook value always wins, and the row agrees or disagrees with it; a row without a cell is
named; the 'missing' finding of a column is recounted for the cells still empty."""
from __future__ import annotations

from types import SimpleNamespace as Row

import pytest

from test_numbers import _workbook


@pytest.fixture(scope="module")
def model():
    from textmine.scoring import load_model

    return load_model()


def test_only_empty_cells_are_filled(tmp_path, model):
    from textmine.scoring import read_workbook
    from textmine.scoring.cell_fill import fill_empty_cells

    path, _first = _workbook(tmp_path, model, {(0, "E01"): "", (1, "E01"): "", (2, "E01"): "7"})
    wb = read_workbook(path, model)
    codes = list(wb.values.index)
    assert wb.values["E01"].isna().sum() == 2 and any(p.kind == "missing" for p in wb.problems)
    rows = [Row(city_code=codes[0], leaf="E01", value=5.0), Row(city_code=codes[2], leaf="E01", value=7.0),
            Row(city_code=codes[2], leaf="E01", value=9.0), Row(city_code="999999", leaf="E01", value=1.0),
            Row(city_code=codes[0], leaf="Z99", value=1.0)]
    fill = fill_empty_cells(wb, rows, differs=lambda old, new: old != new)
    assert [o.status for o in fill.outcomes] == ["filled", "agrees", "disagrees"]
    assert [o.workbook_value for o in fill.outcomes] == [None, 7.0, 7.0]
    assert fill.workbook.values.at[codes[0], "E01"] == 5.0 and fill.workbook.values.at[codes[2], "E01"] == 7.0
    assert fill.filled.values.sum() == 1 and fill.filled.at[codes[0], "E01"]
    assert wb.values.at[codes[0], "E01"] != wb.values.at[codes[0], "E01"]       # the input is not changed
    assert len(fill.skipped) == 2 and "no row in the workbook" in fill.skipped[0] \
        and "no such column in the workbook" in fill.skipped[1]
    left = [c for c, cells in fill.workbook.empty.items() for _n, city in cells if city == codes[1]]
    assert left == ["E01"]                                   # the cell no row filled is still reported empty
    assert (fill.count("filled"), fill.count("agrees"), fill.count("disagrees")) == (1, 1, 1)
