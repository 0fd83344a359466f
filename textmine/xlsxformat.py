"""Excel sheets a researcher can read as they open: Chinese headers with the English key on hover, a number
format per unit, an autofilter on the table, frozen headers, and column widths fitted to the text (a Chinese
character is two columns wide).

    format_table(ws, header_row=2, keys=[...])    after a table is written with its Chinese headers

The unit of a column is the names table's (corpora/names.csv: its `column` row, else the first `format` pattern
it matches; a leaf code takes its type from scoring/indicators.csv), else decided by its values (whole numbers
with thousands separators, others with 2 decimals). No numeric column is left in Excel's General format, which
shows 42.53567914632778.
"""
from __future__ import annotations

import re
import unicodedata

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from .indicator_files import scoring_rows
from .nametable import unit

#: unit (corpora/names.csv) → Excel number format
NUMBER_FORMATS = {
    "share": "0.0%",        # a fraction 0–1, shown as per cent (the report's 21.2 %)
    "weight": "0.0%",       # a weight 0–1, shown as per cent
    "percent": "0.00",      # already in per cent (leaves with unit %): the header says so
    "score": "0.00",
    "rank": "0",
    "count": "#,##0",
    "amount": "#,##0.00",
    "ratio": "0.000",
    "p": "0.000",
}
#: leaf type (scoring/indicators.csv) → unit
LEAF_UNITS = {"amount": "amount", "rate": "percent", "index": "ratio", "count": "count", "yesno": "rank"}
_LEAF = re.compile(r"^([A-Z]\d\d)\b")
MAX_WIDTH, MIN_WIDTH = 60, 6


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def column_unit(key: str, header: str, values: list) -> str:
    """The unit of a column: the names table's for its key or header, a leaf's type, else by its values."""
    found = unit(key) or unit(header)
    if not found:
        m = _LEAF.match(str(key)) or _LEAF.match(str(header))
        if m:
            found = LEAF_UNITS.get(_leaf_types().get(m.group(1), ""), "")
    numbers = [v for v in values if _is_number(v)]
    if found in ("share", "weight") and numbers and any(abs(v) > 1.5 for v in numbers):
        found = "percent"       # a share already written in per cent (0–100)
    if not found and numbers:
        found = "count" if all(float(v).is_integer() for v in numbers) else "amount"
    return found


def _leaf_types() -> dict[str, str]:
    return {(r.get("code") or "").strip(): (r.get("type") or "").strip() for r in scoring_rows("indicators.csv")}


def text_width(text: str) -> int:
    """Columns a text takes in Excel's default font: a Chinese (East Asian wide or full-width) character two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cell_width(value, fmt: str | None = None) -> int:
    """The width of a cell as Excel shows it (number formats applied): Chinese characters count two."""
    if value is None:
        return 0
    if _is_number(value):
        if fmt in ("0.0%",):
            text = f"{value * 100:.1f}%"
        elif fmt == "0":
            text = f"{value:.0f}"
        elif fmt and fmt.startswith("#,##0"):
            text = f"{value:,.2f}" if fmt.endswith(".00") else f"{value:,.0f}"
        elif fmt and fmt.startswith("0."):
            text = f"{value:.{len(fmt) - 2}f}"
        else:
            text = str(value)
    else:
        text = str(value)
    return max((text_width(line) for line in text.splitlines()), default=0)


def format_table(ws, header_row: int, keys: list[str] | None = None, first_col: int = 1) -> None:
    """Format the table whose headers are on `header_row` (data below it, to the sheet's last row): the English
    key of each column as a comment on its header when it differs (`keys`, one per column from `first_col`), a
    number format per unit on every numeric cell, widths fitted to the text, an autofilter and frozen headers."""
    last_row, last_col = ws.max_row, ws.max_column
    for col in range(first_col, last_col + 1):
        head = ws.cell(header_row, col)
        key = keys[col - first_col] if keys and col - first_col < len(keys) else str(head.value or "")
        if key and head.value is not None and str(head.value) != key:
            head.comment = Comment(key, "textmine")
        cells = [ws.cell(r, col) for r in range(header_row + 1, last_row + 1)]
        unit = column_unit(key, str(head.value or ""), [c.value for c in cells])
        fmt = NUMBER_FORMATS.get(unit)
        if fmt is None and any(_is_number(c.value) for c in cells):
            fmt = NUMBER_FORMATS["amount"]
        for c in cells:
            if fmt and _is_number(c.value):
                c.number_format = fmt
        widest = max([cell_width(head.value)] + [cell_width(c.value, fmt) for c in cells[:2000]])
        ws.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(MAX_WIDTH, widest + 2))
    if last_col >= first_col:
        ws.auto_filter.ref = f"{get_column_letter(first_col)}{header_row}:{get_column_letter(last_col)}{max(last_row, header_row)}"
    ws.freeze_panes = ws.cell(header_row + 1, first_col).coordinate
