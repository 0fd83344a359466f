"""The indicator workbook: template, reading and validation (xlsx or csv).

Layout (what `write_template` produces and `read_workbook` accepts):
- sheet `indicators` (xlsx; the first sheet if absent) or the CSV file: row 1 `city`, `code`,
  then one column per leaf code; row 2 (optional) starts with `指标名称` and holds the Chinese
  names; then one row per city. Cities go through the registry (阿坝州 and 513200 are fine).
- sheet `leaves`: the metadata of each leaf (unit, direction, type, range), for the reader.
- sheet `about` (xlsx) or `# key: value` comment lines at the top (csv): model version and
  `synthetic: yes` for generated data, which every output then carries.
Text-mined leaf columns may stay empty: the corpus supplies them; a value there is an override.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from ..atomic import atomic_path
from ..datacsv import rows_of_text
from ..encoding import decode_bytes
from ..errors import TextmineError, UnknownCityError
from ..names import city_label, indicator_label
from .cells import ACCEPTED_YESNO, EXCEL_ERRORS, NO, YES, ExcelPercent, written_form  # noqa: F401 (re-exported)
from .cells import _blank, cell_value as _cell_value, parse_cell as _parse_cell
from ..registry import load_registry
from .model import Model
from .plausibility import check_plausibility

NAMES_MARKER = "指标名称"
CITY_HEADERS = ("city", "城市", "name", "城市名称")
EXTRA_HEADERS = ("code", "province", "省份", "代码")
# what teams write for "no data": read as an empty cell (listed in a note), never as a number or a 否
PLACEHOLDERS = {"-", "--", "—", "——", "–", "－", "/", "／", "n/a", "na", "#n/a", "nan", "null", "暂无", "无数据",
                "缺", "缺失", "空", "…", "...", "*", "x"}


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str
    kind: str = "error"            # error | missing (allowed with --allow-missing) | warning | note
    city: str | None = None        # the city of the row, when the problem is in one
    value: float | None = None     # the cell's value, when it was read (plausibility findings)

    def __str__(self) -> str:
        where = self.sheet + (f" row {self.row}" if self.row else "") + (f" column {self.column}" if self.column else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "sheet": self.sheet, "row": self.row, "column": self.column, "city": self.city,
                "value": self.value, "message": self.message}


@dataclass
class WorkbookData:
    path: Path
    sha256: str
    values: pd.DataFrame                       # index city_code, leaf columns present in the file (NaN = empty)
    problems: list[Problem] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)                 # leaf code -> column letter
    empty: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # leaf -> [(row, city_code)] left empty
    rows: dict[str, int] = field(default_factory=dict)                    # city code -> its row in the sheet
    placeholders: dict[tuple[str, str], str] = field(default_factory=dict)  # (city, leaf) -> '—' read as empty
    letters: dict[str, str] = field(default_factory=dict)                 # leaf code -> column letter (C, AA …)

    def cell_refs(self, index, columns) -> pd.DataFrame:
        """`<sheet>!<column><row>` of every (city, leaf) the sheet has ('' where it has no row or column)."""
        rows = pd.Series(self.rows, dtype=object).reindex(index)
        out = pd.DataFrame("", index=index, columns=list(columns), dtype=object)
        has_row = rows.notna()
        for leaf in columns:
            if leaf in self.letters:
                out.loc[has_row, leaf] = [f"{self.sheet}!{self.letters[leaf]}{int(r)}" for r in rows[has_row]]
        return out

    @property
    def synthetic(self) -> bool:
        return str(self.meta.get("synthetic", "")).strip().lower() in ("yes", "true", "1", "是")

    def errors(self, allow_missing: bool = False) -> list[Problem]:
        return [p for p in self.problems if p.kind == "error" or (p.kind == "missing" and not allow_missing)]


def leaf_metadata(model: Model) -> list[dict]:
    out = []
    for code, leaf in model.leaves.iterrows():
        note = f"text-mined ({leaf['text_key']}): leave empty to use the corpus; a value overrides it" \
            if leaf["text_key"] else ""
        out.append({"code": code, "name_zh": leaf["name_zh"], "name_en": leaf["name_en"], "unit": leaf["unit"],
                    "direction": leaf["direction"], "type": leaf["type"], "source": leaf["source"],
                    "min": "" if pd.isna(leaf["min"]) else leaf["min"], "max": "" if pd.isna(leaf["max"]) else leaf["max"],
                    "note": note})
    return out


def write_workbook(path: str | Path, model: Model, values: pd.DataFrame | None = None, meta: dict | None = None,
                   fmt: str | None = None) -> Path:
    """Write a workbook for all 339 cities (empty cells where `values` has none); atomic."""
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
    reg = load_registry()
    codes = model.leaf_codes
    meta = {"model_version": model.version, **(meta or {})}
    header = ["city", "code", *codes]
    names = [NAMES_MARKER, "", *model.leaves["name_zh"]]
    body = []
    for city in reg:
        row = [city.name, city.code]
        for c in codes:
            v = None if values is None or city.code not in values.index else values.at[city.code, c]
            row.append(None if v is None or pd.isna(v) else (int(v) if float(v).is_integer() else float(v)))
        body.append(row)
    with atomic_path(path) as tmp:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                for k, v in meta.items():
                    fh.write(f"# {k}: {v}\n")
                w = csv.writer(fh, lineterminator="\n")
                w.writerows([header, names, *[["" if x is None else x for x in r] for r in body]])
        else:
            wb = Workbook()
            ws = wb.active
            ws.title = "indicators"
            for r in (header, names, *body):
                ws.append(r)
            ws.freeze_panes = "C3"
            lm = wb.create_sheet("leaves")
            rows = leaf_metadata(model)
            lm.append(list(rows[0]))
            for r in rows:
                lm.append(list(r.values()))
            about = wb.create_sheet("about")
            for k, v in meta.items():
                about.append([k, str(v)])
            wb.save(tmp)
    return path


def write_template(path: str | Path, model: Model, fmt: str | None = None) -> Path:
    return write_workbook(path, model, None, {"synthetic": "no"}, fmt)


XLSX_MAGIC = b"PK\x03\x04"                        # an xlsx is a ZIP archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"         # Excel 97-2003 (OLE compound file)
UTF8 = ("utf-8", "utf-8-sig", "ascii")


def _load_rows(path: Path, data: bytes) -> tuple[str, list[tuple[int, list]], dict, list[str]]:
    """(sheet name, [(1-based row number, cells)], meta, notes) from an xlsx or csv file.

    The content decides the format, not the name: a CSV saved as .xlsx is read as CSV (and a
    workbook named .csv as xlsx), with a note. CSV bytes are decoded by the shared rules of
    textmine.encoding (UTF-8, a BOM, or detection: GBK/GB18030 as Excel saves on Chinese Windows)."""
    named_csv = path.suffix.lower() == ".csv"
    if data.startswith(XLS_MAGIC):
        raise TextmineError(f"{path}: an Excel 97-2003 (.xls) file, which is not read; save it as .xlsx "
                            f"(or as CSV UTF-8) and try again")
    if data.startswith(XLSX_MAGIC):
        sheet, rows, meta = _xlsx_rows(path, data)
        return sheet, rows, meta, [f"the file is an xlsx workbook although named {path.suffix}; read as xlsx"] \
            if named_csv else []
    text, encoding, how = decode_bytes(data, html=False)
    lines = text.splitlines()
    notes = []
    if not named_csv:
        if "\x00" in text or not any("," in line for line in lines[:50] if not line.startswith("#")):
            raise TextmineError(f"{path}: not a readable xlsx workbook: neither an xlsx file (a ZIP archive) "
                                f"nor CSV text; save it from Excel as .xlsx or CSV")
        notes.append(f"the file is CSV text, not an xlsx workbook, although named {path.suffix or 'without suffix'}; "
                     f"read as CSV")
    if encoding not in UTF8:
        notes.append(f"read as {encoding} ({how}), not UTF-8: check that city and leaf names look right")
    meta = {}
    for line in lines:
        if line.lstrip().startswith("#"):
            key, _, value = line.lstrip()[1:].partition(":")
            if key.strip().upper() == "SYNTHETIC":
                meta["synthetic"] = "yes"
            elif value:
                meta[key.strip()] = value.strip()
    return path.name, rows_of_text(text), meta, notes   # the one CSV reader: comments, quoted line breaks


def _xlsx_rows(path: Path, data: bytes) -> tuple[str, list[tuple[int, list]], dict]:
    meta: dict = {}
    try:   # from the bytes: openpyxl refuses a path that does not end in .xlsx
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TextmineError(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        ws = wb["indicators"] if "indicators" in wb.sheetnames else wb[wb.sheetnames[0]]
        rows = [(i, [_cell_value(c) for c in r]) for i, r in enumerate(ws.iter_rows(), start=1)]
        if "about" in wb.sheetnames:
            for r in wb["about"].iter_rows(values_only=True):
                if r and r[0] is not None:
                    meta[str(r[0]).strip()] = "" if len(r) < 2 or r[1] is None else str(r[1]).strip()
        return ws.title, rows, meta
    finally:
        wb.close()


def read_workbook(path: str | Path, model: Model) -> WorkbookData:
    """Read and check a workbook; every problem is collected (nothing raises for cell content)."""
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"{path}: no such workbook")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    sheet, rows, meta, notes = _load_rows(path, data)
    rows = [(n, r) for n, r in rows if any(not _blank(c) for c in r)]
    problems: list[Problem] = [Problem(sheet, None, None, n, "note") for n in notes]
    if not rows:
        raise TextmineError(f"{path}: sheet {sheet} is empty; start from `textmine template`")
    header_no, header = rows[0]
    heads = ["" if _blank(h) else str(h).strip() for h in header]
    leaves = model.leaves
    city_col, code_col, cols = None, None, {}

    def column(code: str) -> str:          # 'C (E01 耕地总面积)'
        return f"{get_column_letter(cols[code] + 1)} ({indicator_label(code, model.root)})"
    for j, h in enumerate(heads):
        letter = get_column_letter(j + 1)
        key = h.split()[0] if h else ""
        if h.lower() in CITY_HEADERS and city_col is None:
            city_col = j
        elif h.lower() in ("code", "代码") and code_col is None:
            code_col = j
        elif h.lower() in EXTRA_HEADERS or not h:
            continue
        elif key in leaves.index:
            if key in cols:
                problems.append(Problem(sheet, header_no, f"{letter} ({indicator_label(key, model.root)})",
                                        f"duplicate column {indicator_label(key, model.root)}; it is already column "
                                        f"{get_column_letter(cols[key] + 1)}"))
            else:
                cols[key] = j
        else:
            problems.append(Problem(sheet, header_no, letter, f"unknown column {h!r}: not a leaf code of the model "
                                    f"(E01…E27, G01…G20, C01…C11, M01…M18) nor city/code"))
    if city_col is None:
        raise TextmineError(f"{path}: sheet {sheet} row {header_no}: no `city` column (accepted headers: "
                            f"{', '.join(CITY_HEADERS)})")
    text_leaves = model.text_leaves()
    for code in leaves.index:
        if code not in cols and code not in text_leaves:
            problems.append(Problem(sheet, header_no, indicator_label(code, model.root),
                                    f"missing column {indicator_label(code, model.root)}"))

    reg = load_registry()
    meta_of = {code: leaves.loc[code].to_dict() for code in cols}     # one lookup per leaf, not per cell
    seen: dict[str, int] = {}
    records: dict[str, dict[str, float]] = {}
    missing_cells: dict[str, list[int]] = {}
    placeholders: dict[tuple[str, str], str] = {}
    empty: dict[str, list[tuple[int, str]]] = {}
    overrides: dict[str, list[str]] = {}
    forms: dict[str, list[str]] = {}        # how a cell was written, when not as a plain number: the cells
    for rowno, row in rows[1:]:
        first = row[city_col] if city_col < len(row) else None
        if isinstance(first, str) and (first.strip() == NAMES_MARKER or first.startswith("#")):
            continue
        if _blank(first):
            problems.append(Problem(sheet, rowno, get_column_letter(city_col + 1), "empty city name"))
            continue
        try:
            city = reg.resolve(str(first).strip())
        except UnknownCityError as exc:
            problems.append(Problem(sheet, rowno, get_column_letter(city_col + 1), str(exc)))
            continue
        if code_col is not None and code_col < len(row) and not _blank(row[code_col]):
            given = str(row[code_col]).strip().split(".")[0]
            if given != city.code:
                problems.append(Problem(sheet, rowno, get_column_letter(code_col + 1),
                                        f"code {given} does not match city {first}: {city_label(city)}"))
        if city.code in seen:
            problems.append(Problem(sheet, rowno, get_column_letter(city_col + 1),
                                    f"duplicate city {city_label(city)} (written {first}); already in row "
                                    f"{seen[city.code]}"))
            continue
        seen[city.code] = rowno
        rec = {}
        for code, j in cols.items():
            cell = row[j] if j < len(row) else None
            if isinstance(cell, str) and cell.strip().lower() in PLACEHOLDERS and not \
                    (meta_of[code]["type"] == "yesno" and cell.strip().lower() in YES | NO):
                placeholders[(city.code, code)] = cell.strip()
                cell = None
            value, message = _parse_cell(cell, meta_of[code])
            form = None if message or value is None else written_form(cell)
            if form:
                forms.setdefault(form, []).append(f"{get_column_letter(cols[code] + 1)}{rowno} {cell!r}"
                                                  if not isinstance(cell, ExcelPercent) else
                                                  f"{get_column_letter(cols[code] + 1)}{rowno} {cell:.6g} shown as "
                                                  f"{cell * 100:.6g}%")
            if message:
                problems.append(Problem(sheet, rowno, column(code), message, city=city.name))
            elif value is None and code not in text_leaves:
                missing_cells.setdefault(code, []).append(rowno)
                empty.setdefault(code, []).append((rowno, city.code))
            elif value is not None and code in text_leaves:
                overrides.setdefault(code, []).append(f"{city.name} (row {rowno})")
            rec[code] = np.nan if value is None else value
        records[city.code] = rec
    for code, rownos in missing_cells.items():
        problems.append(empty_cells_problem(sheet, column(code), rownos))
    if placeholders:
        shown = ", ".join(f"{get_column_letter(cols[leaf] + 1)}{seen[c]} {v!r}" for (c, leaf), v in list(placeholders.items())[:8])
        problems.append(Problem(sheet, None, None, f"{len(placeholders)} cell(s) hold a placeholder for “no data” "
                                f"({', '.join(sorted(set(placeholders.values())))}), read as empty cells: {shown}"
                                + (" …" if len(placeholders) > 8 else ""), "note"))
    for form, cells in forms.items():
        shown = ", ".join(cells[:8]) + (" …" if len(cells) > 8 else "")
        problems.append(Problem(sheet, None, None, f"{len(cells)} cell(s) written {form}, read as the number they "
                                f"show (textmine.numbers): {shown}", "note"))
    for code, where in overrides.items():
        shown = ", ".join(where[:5]) + (" …" if len(where) > 5 else "")
        problems.append(Problem(sheet, None, column(code), f"{len(where)} value(s) given for the text-mined "
                                f"{text_leaves[code]} (they override the corpus count where one exists): {shown}",
                                "note"))
    absent = [c for c in reg if c.code not in seen]
    if absent:
        names = ", ".join(c.name for c in absent[:12]) + (" …" if len(absent) > 12 else "")
        problems.append(Problem(sheet, None, None, f"{len(absent)} of the 339 cities have no row: {names}", "missing"))
    values = pd.DataFrame.from_dict(records, orient="index", columns=list(cols)).astype(float)
    values.index.name = "city_code"
    city_names = {c.code: c.name for c in reg}
    for f in check_plausibility(values, model):
        where = column(f.leaves[0]) if len(f.leaves) == 1 else \
            "+".join(get_column_letter(cols[c] + 1) for c in f.leaves) + f" ({'+'.join(f.leaves)})"
        problems.append(Problem(sheet, seen[f.city], where, f.message, f.kind, city_names[f.city], f.value))
    return WorkbookData(path, sha, values, problems, meta, sheet,
                        {code: column(code) for code in cols}, empty, rows=dict(seen),
                        letters={code: get_column_letter(j + 1) for code, j in cols.items()}, placeholders=placeholders)


def empty_cells_problem(sheet: str, where: str, rownos: list[int]) -> Problem:
    """The 'missing' finding of one column's empty cells (`where`: the column, e.g. 'C (E01 耕地总面积)')."""
    shown = ", ".join(map(str, rownos[:12])) + (" …" if len(rownos) > 12 else "")
    return Problem(sheet, None, where, f"{len(rownos)} empty cell(s) in rows {shown}", "missing")


def with_filled(wb: "WorkbookData", values: pd.DataFrame, filled: pd.DataFrame) -> "WorkbookData":
    """The workbook with some empty cells filled from another source (``filled``: bool cities × leaves): the
    'missing' findings of those columns are recounted for the cells still empty."""
    from dataclasses import replace   # noqa: PLC0415

    touched = set(filled.columns[filled.any()])
    problems = [p for p in wb.problems if not (p.kind == "missing" and any(p.column == wb.columns.get(c)
                                                                           for c in touched))]
    empty = {}
    for code, cells in wb.empty.items():
        left = [(n, c) for n, c in cells if not (code in touched and filled.at[c, code])]
        if left:
            empty[code] = left
        if code in touched and left:
            problems.append(empty_cells_problem(wb.sheet, wb.columns[code], [n for n, _ in left]))
    return replace(wb, values=values, problems=problems, empty=empty)
