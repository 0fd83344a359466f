"""The report's 数据来源 section: where every cell of the run came from (textmine.scoring.provenance), as one
sentence (on the first screen too), a table per leaf × kind, and every cell in the Excel workbook."""
from __future__ import annotations

import pandas as pd

from ..scoring.provenance import KINDS, Provenance, describe
from .table import Table


def provenance_tables(leaves: pd.DataFrame, leaf_meta: pd.DataFrame | None, attrs: pd.DataFrame) -> tuple[str, list]:
    """(the sentence counting every cell by kind, [per-leaf table, every-cell table]) of a run's leaves."""
    prov = Provenance.from_leaves(leaves)
    if leaf_meta is not None:       # the model's order (E01 … M18), not the alphabet's
        order = [str(c) for c in leaf_meta.index if str(c) in prov.origin.columns]
        order += [c for c in prov.origin.columns if c not in order]
        prov = Provenance(*(f[order] for f in (prov.origin, prov.source, prov.detail)))
    text_leaves = [] if leaf_meta is None or "text_key" not in leaf_meta.columns else \
        [str(c) for c, k in leaf_meta["text_key"].items() if isinstance(k, str) and k]
    sentence = prov.sentence("zh", text_leaves)
    names = leaf_meta["name_zh"] if leaf_meta is not None and "name_zh" in leaf_meta.columns else pd.Series(dtype=str)
    by_leaf = prov.by_leaf()
    by_leaf = by_leaf.loc[:, (by_leaf.sum() > 0) | by_leaf.columns.isin(["imputed", "missing"])]
    by_leaf.columns = [KINDS[k].zh if k in KINDS else k for k in by_leaf.columns]
    by_leaf.insert(0, "name_zh", names.reindex(by_leaf.index).fillna("").to_numpy())
    # every cell, laid out as the indicator workbook is (a row per city, a column per leaf): one Excel cell each
    text = pd.DataFrame([[describe(o, src, d, "zh") for o, src, d in zip(*rows)] for rows in
                         zip(prov.origin.to_numpy(), prov.source.to_numpy(), prov.detail.to_numpy())],
                        index=prov.origin.index, columns=[f"{c} {names.get(c, '')}".strip() for c in prov.origin.columns])
    cells = attrs[["name", "province"]].reindex(text.index).join(text)
    note = (sentence + "来源种类：" + "；".join(f"{k.zh}（{k.key}）" for k in KINDS.values())
            + "。每个城市每个指标的来源（文档编号、工作簿单元格、审核行、插补或缺失的原因）见 Excel 工作表“数据来源全部”"
              "与 `textmine explain 城市`。")
    return sentence, [Table("cells", "数据来源：各指标的单元格来自哪里（城市数）", by_leaf, note),
                      Table("cells_all", "数据来源：每个城市每个指标（来源种类：读取位置或说明）", cells,
                            "读取位置：document:文档编号、workbook:文件或工作表!单元格、review:审核表#行、imputed:插补方法、"
                            "news:新闻词表@时间窗；缺失与插补写明原因。", keep_columns=True)]


def not_measured(leaves: pd.DataFrame) -> pd.Series:
    """Per city: how many of its cells hold no value of its own (imputed or missing)."""
    own = {k for k, kind in KINDS.items() if kind.measured}
    return (~leaves["origin"].isin(own)).groupby(leaves["city_code"].astype(str)).sum().astype(int)
