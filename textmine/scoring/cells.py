"""One workbook cell read as a value: yes/no words, or a number through the one number reader (textmine.numbers),
with the leaf's range and type checked; and how a number cell was written when not plainly (listed by validate)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..numbers import NumberRefused, normal_form, read_number

YES = {"是", "1", "y", "yes", "true", "有"}
NO = {"否", "0", "n", "no", "false", "无"}
ACCEPTED_YESNO = "是/否, 1/0, Y/N, yes/no"
EXCEL_ERRORS = {"#DIV/0", "#VALUE", "#REF", "#NAME", "#NUM", "#NULL", "#GETTING_DATA", "#SPILL", "#CALC"}


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


class ExcelPercent(float):
    """A number in a cell Excel shows as a percentage (format 0.00%): 0.0811 is shown, and meant, as 8.11%."""


def cell_value(cell):
    v = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in fmt.replace("\\%", ""):
        return ExcelPercent(v)
    return v


def written_form(cell) -> str | None:
    """How a number cell was written when not as a plain number: 'as a percentage (8.11%)', 'with full-width
    digits', 'with thousands separators' — read, and listed by `validate`, so none passes unseen."""
    if isinstance(cell, ExcelPercent):
        return "in a cell formatted as a percentage (0.0811 shown as 8.11%: read as 8.11)"
    if not isinstance(cell, str):
        return None
    t = cell.strip()
    if normal_form(t) != t.translate(str.maketrans({"\u2212": "-"})):
        return "with full-width digits or signs (１２３４．５)"
    if t.endswith("%"):
        return "with a per cent sign (8.11%: read as 8.11 in a leaf in %)"
    if "," in t:
        return "with thousands separators (1,234.5)"
    return None


def parse_cell(cell, leaf) -> tuple[float | None, str | None]:
    """(value, problem message); (None, None) for an empty cell."""
    if _blank(cell):
        return None, None
    if leaf["type"] == "yesno":
        t = str(cell).strip().lower()
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            t = f"{cell:g}"
        if t in YES:
            return 1.0, None
        if t in NO:
            return 0.0, None
        return None, f"{cell!r} is not a yes/no value; accepted: {ACCEPTED_YESNO}"
    if isinstance(cell, str) and cell.strip().startswith("#") and \
            cell.strip().upper().rstrip("!?") in EXCEL_ERRORS:
        return None, f"{cell!r} is an Excel error value: fix the formula that makes it (or clear the cell)"
    try:
        num = read_number(float(cell) if isinstance(cell, ExcelPercent) else cell)
    except NumberRefused as exc:
        return None, f"{exc.text!r} {exc.reason} ({leaf['unit']})"
    percent = num.percent or isinstance(cell, ExcelPercent)
    if percent and leaf["unit"] != "%":
        return None, (f"{cell!r} is written as a percentage, but the leaf is in {leaf['unit']}: write the number in "
                      f"{leaf['unit']}" if not isinstance(cell, ExcelPercent) else
                      f"{cell * 100:g}% (a cell formatted as a percentage) is in %, but the leaf is in "
                      f"{leaf['unit']}: clear the cell's percentage format and write the number in {leaf['unit']}")
    v = float(num.value * 100 if isinstance(cell, ExcelPercent) else num.value)
    if not np.isfinite(v):
        return None, f"{cell!r} is not a finite number"
    lo, hi = leaf["min"], leaf["max"]
    kind = {"amount": "an amount", "count": "a count", "rate": "a rate", "index": "an index"}[leaf["type"]]
    if not pd.isna(lo) and v < lo:
        return None, f"{v:g} is below {lo:g}: {kind} in {leaf['unit']} must be >= {lo:g}"
    if not pd.isna(hi) and v > hi:
        return None, f"{v:g} is above {hi:g}: {kind} in {leaf['unit']} must be <= {hi:g}"
    if leaf["type"] == "count" and not float(v).is_integer():
        return None, f"{v:g} is not a whole number; a count is expected"
    return v, None
