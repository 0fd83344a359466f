"""The Excel workbook: one sheet per report table (openpyxl), a first sheet saying what it is."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..atomic import atomic_path
from .analysis import Analysis
from .html import COLUMN_ZH

SHEET_NAMES = {
    "appendix1": "附录1 全部城市", "top30_cemi": "表5 综合前30", "top30_endowment": "表6 禀赋前30",
    "top30_governance": "表7 政府管理前30", "top30_compensation": "表8 补偿前30", "top30_market": "表9 市场化前30",
    "moran": "全局莫兰", "lisa": "LISA聚类", "regions": "七大区域", "zones": "四大经济区域", "provinces": "省份",
    "pilots": "试点比较", "pilot_members": "试点城市", "intervals": "排名区间", "planning": "规划指标汇总",
    "planning_cities": "规划指标各城市", "planning_documents": "计数的规划纲要", "planning_missing": "无规划纲要城市",
    "refresh_movers": "规划更新变化最大", "refresh_terms": "规划更新新词", "evidence": "是否指标证据",
}


def write_workbook(analysis: Analysis, path: Path) -> Path:
    """Write every table of ``analysis`` to ``path`` (atomically: temp file + rename)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            info = [("标题", "中国城市生态资产管理指数（CEMI）分析报告"),
                    ("数据", "合成数据 SYNTHETIC：得分与排名不代表真实情况" if analysis.inputs.synthetic else "真实数据"),
                    ("来源", analysis.inputs.source), ("城市数", len(analysis.scores)),
                    *[(str(k), str(v)) for k, v in analysis.inputs.meta.items()],
                    *[("注", n) for n in analysis.notes]]
            pd.DataFrame(info, columns=["项目", "内容"]).to_excel(xw, sheet_name="说明", index=False)
            for t in analysis.tables:
                frame = t.frame.copy()
                keep_index = not isinstance(frame.index, pd.RangeIndex)
                frame = frame.rename(columns=lambda c: COLUMN_ZH.get(str(c), str(c)))
                if keep_index:
                    frame.index.name = COLUMN_ZH.get(frame.index.name, frame.index.name)
                frame = frame.astype({c: "object" for c in frame.columns if str(frame[c].dtype) in ("Int64", "boolean")})
                frame = frame.where(frame.notna(), None)
                frame.to_excel(xw, sheet_name=SHEET_NAMES.get(t.key, t.key)[:31], index=keep_index, startrow=1)
                ws = xw.sheets[SHEET_NAMES.get(t.key, t.key)[:31]]
                ws["A1"] = t.title + ("（合成数据 SYNTHETIC）" if analysis.inputs.synthetic else "")
                ws["A1"].font = Font(bold=True, color="B71C1C" if analysis.inputs.synthetic else "1B5E20")
                ws.freeze_panes = "A3"
                for i in range(1, ws.max_column + 1):
                    ws.column_dimensions[get_column_letter(i)].width = 14
            first = xw.sheets["说明"]
            first.column_dimensions["A"].width = 12
            first.column_dimensions["B"].width = 80
            if analysis.inputs.synthetic:
                first["B2"].fill = PatternFill("solid", fgColor="FFCDD2")
                first["B2"].font = Font(bold=True, color="B71C1C")
    return path
