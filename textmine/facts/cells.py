"""Figures in table cells: a row named like a figure (its phrases, near phrases and table_rows in
scoring/facts.toml), read column by column.

A column says what its numbers are in its header: 2023年决算数 (outcome of 2023), 2023年预算数 or 调整预算数
(plan), 2025年预计数 (an estimated outcome), 为预算% or 增长% (a rate: not read), 全市 / 市本级 (whose), and a
单位 column gives each row's unit; the caption above the table says the rest (2023年杭州市本级一般公共预算支出
决算表, 单位：万元). What the header does not say is taken from the caption, then from the document. A table laid
out as two halves side by side (收入 | 支出) is read as two. A figure with ``table_caption`` is read only in
tables whose caption or header names one of them (科学技术 is 科学技术支出 in a 一般公共预算支出 table only).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .markers import decide
from .model import Candidate, DocInfo, judge_context
from .reading import Reader
from ..numbers import NumberRefused, looks_numeric, read_number
from .tables import Table, is_number

_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)+|^其中[:：]?|^[#＃]+")
_NOTE = re.compile(r"[（(]注\s*\d*[)）]|\[\d+\]|[（(]\d+[)）]$")
_UNIT_IN = re.compile(r"单位\s*[:：]?\s*([^\s，,;；）)]+)")
_RATE_HEADER = ("%", "％", "增长", "增减", "比重", "为预算", "为上年", "为调整预算", "同比")


def row_label(cell: str) -> str:
    label = _NOTE.sub("", re.sub(r"\s+", "", cell or ""))
    for _ in range(2):
        label = _NUMBERING.sub("", label)
    return label.strip("：:")


def _unit(text: str, reader: Reader) -> str:
    text = text or ""
    m = _UNIT_IN.search(text)
    if m:
        written = m.group(1)
        return next((u for u, _ in reader.units if written.startswith(u)), written)
    return next((u for u, _ in reader.units if f"（{u}）" in text or f"({u})" in text), "")


def _segments(header: list[str]) -> list[tuple[int, int]]:
    """Column ranges of the tables laid side by side: a header cell repeating the first one starts a new one."""
    first = re.sub(r"\s+", "", header[0]) if header else ""
    starts = [0] + [j for j, h in enumerate(header) if j and first and (
        re.sub(r"\s+", "", h) == first or re.fullmatch(r"\S{0,4}(?:项目|科目)", re.sub(r"\s+", "", h)))]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(header)])] or [(0, 0)]


def read_table(reader: Reader, table: Table, doc: DocInfo, city_code: str, figures: set[str]) -> list[Candidate]:
    rules = reader.rules
    context = table.caption + " " + " ".join(table.header)
    rows_by_label: dict[str, str] = {}
    for f in rules.figures.values():
        if f.key in figures and (not f.table_caption or any(w in context for w in f.table_caption)):
            for r in f.table_rows + f.phrases + tuple(f.near):
                rows_by_label.setdefault(row_label(r), f.key)
    if not rows_by_label:
        return []
    cap_marks = reader.markers_in(table.caption, city_code)
    title = " ".join(table.caption.split())[-80:]
    budget = reader.budget_of([table.caption])
    unit_col = next((j for j, h in enumerate(table.header) if re.sub(r"\s+", "", h) == "单位"), None)
    out: list[Candidate] = []
    for lo, hi in _segments(table.header):
        for row in table.rows:
            cells = row[lo:hi] if hi > lo else row
            label_j = next((j for j, c in enumerate(cells) if c), None)
            if label_j is None:
                continue
            key = rows_by_label.get(row_label(cells[label_j]))
            if key is None:
                continue
            row_unit = row[unit_col] if unit_col is not None and unit_col < len(row) else ""
            for j, cell in enumerate(cells):
                if j == label_j or lo + j == unit_col or not (is_number(cell) or looks_numeric(cell)):
                    continue
                head = table.header[lo + j] if lo + j < len(table.header) else ""
                if any(w in head for w in _RATE_HEADER):
                    continue
                out.append(_cell(reader, doc, city_code, key, cells[label_j], cell, head, row_unit, table, title,
                                 cap_marks, budget))
    return [c for c in out if c is not None]


def _cell(reader: Reader, doc: DocInfo, city_code: str, key: str, label: str, cell: str, head: str, row_unit: str,
          table: Table, title: str, cap_marks, budget) -> Candidate | None:
    rules = reader.rules
    fig = rules.figures[key]
    head_marks = reader.markers_in(head, city_code)
    unit = next((u for u, _ in reader.units if row_unit.startswith(u)), row_unit) if row_unit else ""
    unit = unit or _unit(head, reader) or _unit(table.caption, reader)
    levels = [("gap", head_marks), ("caption", cap_marks)]
    stage = decide(levels, "stage", settle=True)
    stage = stage[0] if stage else ("plan" if "预算" in head else doc.stage)
    scope = decide(levels, "scope", settle=True)
    scope = scope[0] if scope else doc.scope
    year = decide(levels, "year", settle=True)
    year = int(year[0]) if year else doc.year
    part = next((mk.value for mk in head_marks + cap_marks if mk.dim == "part"), None)
    try:
        value = read_number(cell).value
    except NumberRefused:       # 12,34 or 1.234,5 in a cell of the figure's row: refused, the cell named
        value = None
    base = None
    quantity = rules.quantity_of(unit)
    if value is None:
        reason = "number_form"
    elif not unit:
        reason = "unit_missing"
    elif quantity is None:
        reason = "unit_foreign" if unit in reader.refused_units else "unit_missing"
    elif quantity != fig.quantity:
        reason = "unit_other"
    else:
        base = value * rules.quantities[fig.quantity].forms[unit]
        reason = judge_context(fig, doc, scope, stage, year, part, budget)
    note = "an estimated outcome (预计): a 决算 replaces it" if reason == "ok" and stage == "estimate" else ""
    where = " · ".join(x for x in (title.strip(), label, head or "column") if x)
    return Candidate(key, row_label(label), f"{cell}{unit}", value, unit, base, year, stage, scope, reason, where,
                     table.page, 0,
                     doc, "table", note, {"table": f"p.{table.page} table {table.index + 1}", "row": label,
                                          "column": head})
