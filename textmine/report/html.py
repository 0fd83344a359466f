"""The offline HTML report: one file, figures as inline SVG (text as text), inline CSS and JS (no CDN, no fetches)."""
from __future__ import annotations

import math
from datetime import datetime, timezone

import jinja2
import markupsafe
import numpy as np
import pandas as pd

from ..nametable import header, value_namer
from .analysis import Analysis, Table
from .compare_groups import DOMAINS, INDEX, NODE_ZH
from .figures import CJK_FONT_STACK
from .maps import geometry_defs


def column_zh(column) -> str:
    """The Chinese header of a report column: the names table's (corpora/names.csv, textmine.nametable)."""
    return header(str(column)) if column is not None else ""


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
    label = column_zh
    headers = ([column_zh(index_label or frame.index.name)]
               if show_index else []) + [label(c) for c in frame.columns]
    numeric = ([False] if show_index else []) + [pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool
                                                  for c in frame.columns]
    rows, namer = [], value_namer()              # each distinct value of the table looked up once
    for idx, rec in zip(frame.index, frame.itertuples(index=False)):
        cells = []
        values = ([idx] if show_index else []) + list(rec)
        for col, v in zip(([frame.index.name] if show_index else []) + list(frame.columns), values):
            text, key = _cell(namer(str(col), v))               # status words and keys by their Chinese names
            link = None
            if col == "name" and audit_links and frame.index.name == "city_code":
                link = audit_links.get(str(idx))
            elif col == "name" and audit_links and "city_code" in frame.columns:
                link = audit_links.get(str(rec[list(frame.columns).index("city_code")]))
            cells.append({"text": text, "key": key, "link": link})
        rows.append(cells)
    keys = ([str(index_label or frame.index.name or "")] if show_index else []) + [str(c) for c in frame.columns]
    return {"key": t.key, "title": t.title, "note": t.note, "headers": headers, "numeric": numeric, "rows": rows,
            "keys": [k if k != h else "" for k, h in zip(keys, headers)]}   # the English key, shown on hover


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
