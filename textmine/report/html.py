"""The offline HTML report: one file, figures as inline SVG (text as text), inline CSS and JS (no CDN, no fetches)."""
from __future__ import annotations

import math
from datetime import datetime, timezone

import jinja2
import markupsafe
import numpy as np
import pandas as pd

from .analysis import Analysis, Table
from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .figures import CJK_FONT_STACK
from .maps import geometry_defs

COLUMN_ZH = {
    "name": "城市", "province": "省份", "region": "区域", "zone": "经济区域", "city_code": "代码",
    **NODE_ZH, **{f"rank_{k}": f"{v}排名" for k, v in NODE_ZH.items()},
    "rank_median": "中位排名", "rank_p05": "排名 P5", "rank_p95": "排名 P95", "pilot": "试点", "lisa": "LISA 聚类",
    "cluster": "聚类", "cluster_zh": "聚类（中文）", "p_sim": "伪 p 值", "Is": "局部 I", "index": "指数",
    "cities": "城市数", "mean": "均值", "sd": "标准差", "cv": "变异系数 CV", "tier": "梯队", "vs_national": "与全国均值之差",
    "node_zh": "指数", "rank": "排名", "width": "区间宽度", "group": "组别", "node": "节点",
    "median_rank": "排名中位数", "share_top50": "前 50 名占比", "share_top100": "前 100 名占比",
    "above_national_mean": "高于全国均值占比", "mannwhitney_p_cemi": "Mann–Whitney p（综合）",
    "sum_of_contributions": "贡献合计", "min": "最小值", "max": "最大值", "median": "中位数",
    "category": "类别代码", "cities_with_plan": "有规划城市数", "max_city": "最大值城市", "has_plan": "有规划",
    "E[I]": "E[I]", "z_sim": "z（置换）", "permutations": "置换次数", "seed": "种子",
    **{f"mean_{k}": f"{v}均值" for k, v in NODE_ZH.items()},
    **{f"share_{k}": f"{v}占比" for k, v in NODE_ZH.items()},
    **{f"mean_rank_{k}": f"{v}平均排名" for k, v in NODE_ZH.items()},
    "median_rank_cemi": "综合指数排名中位数", "top30_cemi": "综合前 30 城市数", "top100_cemi": "综合前 100 城市数",
    "basins": "流域", "group_kind": "分组类型", "n": "前 N 名", "answering": "有答复城市数", "yes": "“是”城市数",
    "share_answering": "“是”占有答复城市", "share_all": "“是”占全部城市", "name_zh": "指标", "leaf": "指标代码",
    "domain": "领域", "domain_zh": "领域", "level1_zh": "一级指标", "score": "得分", "ns": "不显著",
    "not_measured": "插补或缺失单元格", "origin": "来源种类", "source": "读取位置", "detail": "说明",
    "reason": "原因", "score_value": "本次评分所用值", "document": "文件", "title": "标题",
}
FIRST_SCREEN_MAP = "map_cemi"


def _cell(v):
    """(display text, sort key) for one value."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or (isinstance(v, type(pd.NaT)) and pd.isna(v)):
        return "—", ""
    if isinstance(v, (bool, np.bool_)):
        return ("是" if v else "否"), int(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v)), int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if f.is_integer() and abs(f) < 1e6:
            return str(int(f)), f
        return (f"{f:.4f}" if abs(f) < 1 else f"{f:.3f}" if abs(f) < 1000 else f"{f:,.1f}"), f
    return str(v), str(v)


def table_view(t: Table, audit_links: dict[str, str] | None = None, index_label: str | None = None) -> dict:
    frame = t.frame
    show_index = not isinstance(frame.index, pd.RangeIndex)
    label = (lambda c: str(c)) if t.keep_columns else (lambda c: COLUMN_ZH.get(str(c), str(c)))
    headers = ([COLUMN_ZH.get(index_label or frame.index.name, index_label or frame.index.name or "")]
               if show_index else []) + [label(c) for c in frame.columns]
    numeric = ([False] if show_index else []) + [pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool
                                                  for c in frame.columns]
    rows = []
    for idx, rec in zip(frame.index, frame.itertuples(index=False)):
        cells = []
        values = ([idx] if show_index else []) + list(rec)
        for col, v in zip(([frame.index.name] if show_index else []) + list(frame.columns), values):
            text, key = _cell(v)
            link = None
            if col == "name" and audit_links and frame.index.name == "city_code":
                link = audit_links.get(str(idx))
            elif col == "name" and audit_links and "city_code" in frame.columns:
                link = audit_links.get(str(rec[list(frame.columns).index("city_code")]))
            cells.append({"text": text, "key": key, "link": link})
        rows.append(cells)
    return {"key": t.key, "title": t.title, "note": t.note, "headers": headers, "numeric": numeric, "rows": rows}


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("textmine.report", "templates"),
                              autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render_html(analysis: Analysis, audit_links: dict[str, str] | None = None, title: str | None = None) -> str:
    """The whole report as one HTML string."""
    inp = analysis.inputs
    tables = {t.key: table_view(t, audit_links) for t in analysis.tables}
    cemi_moran = None
    if len(analysis.moran):
        cemi_moran = analysis.moran.iloc[0].to_dict()
    meta = {"generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "source": inp.source,
            "cities": len(analysis.scores), **inp.meta}
    figures = {k: (t, markupsafe.Markup(svg)) for k, (t, svg) in analysis.figures.items()}
    level1 = [k for k in figures if k.startswith("map_l1_")]
    ledger = next((t.frame.attrs for t in analysis.tables if t.key == "ledger"), {})
    ledger_counts = [(label, ledger[k]) for k, label in (("published", "已发布排名（按排名）"),
                                                         ("run", "本次运行" + ("（合成数据）" if inp.synthetic else "")))
                     if k in ledger]
    return _env().get_template("report.html").render(
        title=title or "中国城市生态资产管理指数（CEMI）分析报告",
        synthetic=inp.synthetic, ranks_only=inp.ranks_only, meta=meta, notes=analysis.notes, tables=tables,
        figures=figures, first_map=figures.get(FIRST_SCREEN_MAP), level1_maps=level1,
        geodefs=markupsafe.Markup(geometry_defs()) if any(k.startswith("map_") for k in figures) else "",
        font_stack=markupsafe.Markup(", ".join(f'"{f}"' if " " in f else f for f in CJK_FONT_STACK)),
        weights={NODE_ZH[k]: v for k, v in analysis.weights.items()}, moran=cemi_moran,
        has_audit=bool(audit_links), node_zh=NODE_ZH, indices=(INDEX, *DOMAINS), ledger_counts=ledger_counts,
    )
