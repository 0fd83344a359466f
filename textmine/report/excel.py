"""The Excel workbook: one sheet per report table (openpyxl), a first sheet saying what it is, and native
Excel charts for the group compositions (stacked bars) where openpyxl's charts serve."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..atomic import atomic_path
from ..nametable import value_namer
from ..xlsxformat import format_table
from .analysis import Analysis, Table
from .compare_groups import DOMAINS
from .html import column_zh

SHEET_NAMES = {
    "appendix1": "附录1 全部城市", "top30_cemi": "表5 综合前30", "top30_endowment": "表6 禀赋前30",
    "top30_governance": "表7 政府管理前30", "top30_compensation": "表8 补偿前30", "top30_market": "表9 市场化前30",
    "moran": "全局莫兰", "lisa": "LISA聚类", "lisa_groups": "LISA按组", "regions": "七大区域", "zones": "四大经济区域",
    "basins": "两大流域", "zone_top_n": "前N名构成", "provinces": "省份",
    "pilots": "试点比较", "pilot_members": "试点城市", "intervals": "排名区间", "planning": "规划指标汇总",
    "planning_cities": "规划指标各城市", "planning_documents": "计数的规划纲要", "planning_missing": "无规划纲要城市",
    "refresh_movers": "规划更新变化最大", "refresh_terms": "规划更新新词", "evidence": "是否指标证据", "facts": "文件数值",
    "planning_cities": "规划指标各城市", "level1_top30": "一级指标前30", "level1_groups": "一级指标分组均值",
    "yesno": "是否指标", "yesno_basins": "是否指标按流域", "yesno_groups": "是否指标按组",
    "cells": "数据来源", "cells_all": "数据来源全部",
    # report/claims.py
    "ledger": "结论核对", "province_tiers": "省级梯队（按排名）", "variance": "方差分解", "correlations": "领域相关",
    "correlation_matrix": "相关矩阵（排名）", "correlation_matrix_scores": "相关矩阵（得分）",
    "pilot_ranks": "试点排名", "edition_changes": "前30进入与退出", "indicators_endowment": "表1 禀赋指标",
    "indicators_governance": "表2 政府管理指标", "indicators_compensation": "表3 补偿指标",
    "indicators_market": "表4 市场化指标",
}
# stacked bar charts of the mean domain contributions: sheet key -> chart title
CONTRIBUTION_CHARTS = {"regions": "七大区域综合指数构成", "zones": "四大经济区域综合指数构成",
                       "basins": "两大流域综合指数构成"}


def _label(analysis: Analysis) -> str:
    if analysis.inputs.synthetic:
        return "（合成数据 SYNTHETIC）"
    return "（仅排名 RANKS ONLY）" if analysis.inputs.ranks_only else ""


def stamp(analysis: Analysis) -> str:
    """The edition and run a sheet comes from, as its first line says: 'cemi-2025.1 · 评分运行 #3'."""
    inp = analysis.inputs
    meta = inp.meta or {}
    parts = []
    if meta.get("model_version"):
        parts.append(f"模型 {meta['model_version']}")
    if meta.get("run_id") is not None:
        parts.append(f"评分运行 #{meta['run_id']}")
    if not parts:
        parts.append(("已发布排名：" if inp.ranks_only else "") + str(inp.source))
    return " · ".join(parts)


def write_workbook(analysis: Analysis, path: Path) -> Path:
    """Write every table of ``analysis`` to ``path`` (atomically: temp file + rename)."""
    path = Path(path)
    inp = analysis.inputs
    data = ("合成数据 SYNTHETIC：得分与排名不代表真实情况" if inp.synthetic else
            "仅排名 RANKS ONLY：只由已发布的排名生成，只含由排名决定的分析" if inp.ranks_only else "真实数据")
    edition = stamp(analysis)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            info = [("标题", "中国城市生态资产管理指数（CEMI）分析报告"), ("数据", data), ("版本与运行", edition),
                    ("来源", _source_zh(inp.source)), ("城市数", len(analysis.scores)),
                    *[(column_zh(k), str(v)) for k, v in inp.meta.items()],
                    *[("注", n) for n in analysis.notes]]
            pd.DataFrame(info, columns=["项目", "内容"]).to_excel(xw, sheet_name="说明", index=False)
            for t in analysis.tables:
                ws = _write_table(xw, t, _label(analysis), inp.synthetic, edition)
                if t.key in CONTRIBUTION_CHARTS and not inp.ranks_only:
                    _stacked_chart(ws, t, CONTRIBUTION_CHARTS[t.key])
            first = xw.sheets["说明"]
            format_table(first, header_row=1, keys=["item", "value"])
            first.column_dimensions["A"].width = 14
            first.column_dimensions["B"].width = 80
            if inp.synthetic or inp.ranks_only:
                first["B3"].fill = PatternFill("solid", fgColor="FFCDD2" if inp.synthetic else "BBDEFB")
                first["B3"].font = Font(bold=True, color="B71C1C" if inp.synthetic else "0D47A1")
    return path


def _source_zh(source) -> str:
    """'scoring run 3' → '评分运行 #3'; other sources (a scores CSV, the published ranks) as they are."""
    text = str(source)
    return f"评分运行 #{text.split()[-1]}" if text.startswith("scoring run ") else text


def _write_table(xw, t: Table, label: str, synthetic: bool, edition: str = ""):
    frame = t.frame.copy()
    keep_index = not isinstance(frame.index, pd.RangeIndex)
    keys = ([str(frame.index.name or "")] if keep_index else []) + [str(c) for c in frame.columns]
    value_zh = value_namer()                           # each distinct value of the sheet looked up once
    for c in frame.columns:                            # status words and keys by their Chinese names
        if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]):
            frame[c] = frame[c].astype(object).map(lambda v, c=c: value_zh(str(c), v))
    frame = frame.rename(columns=column_zh)            # a header already Chinese stays as it is
    if keep_index:
        frame.index.name = column_zh(frame.index.name) if frame.index.name is not None else "指数"
    for c in frame.columns:
        if str(frame[c].dtype) in ("bool", "boolean"):
            frame[c] = frame[c].map({True: "是", False: "否"})
    frame = frame.astype({c: "object" for c in frame.columns if str(frame[c].dtype) in ("Int64", "boolean")})
    frame = frame.where(frame.notna(), None)
    name = SHEET_NAMES.get(t.key, t.key)[:31]
    frame.to_excel(xw, sheet_name=name, index=keep_index, startrow=1)
    ws = xw.sheets[name]
    ws["A1"] = t.title + label + (f"　｜　{edition}" if edition else "")
    ws["A1"].font = Font(bold=True, color="B71C1C" if synthetic else "1B5E20")
    format_table(ws, header_row=2, keys=keys)
    return ws


def _stacked_chart(ws, t: Table, title: str) -> None:
    """A native stacked column chart of the four domain contributions per group, beside the table."""
    cols = list(t.frame.columns)
    if not all(d in cols for d in DOMAINS):
        return
    first_row, last_row = 3, 2 + len(t.frame)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = title
    chart.y_axis.title = "领域贡献均值（得分×权重）"
    for d in DOMAINS:
        col = cols.index(d) + 2  # +1 for the index column, +1 for 1-based columns
        chart.add_data(Reference(ws, min_col=col, min_row=2, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row, max_row=last_row))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"{get_column_letter(len(cols) + 3)}3")
