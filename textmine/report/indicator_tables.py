"""Tables 1–4 of the report (the indicator system), rendered from the model files: for each domain, every leaf with
its level-1 and level-2 indicator, unit, direction, data type, source kind, text-mining key and weights.

The weights are the model's (scoring/weights.csv and scoring/ahp/): the leaf's share of its domain and of the
composite. A scoring run's report uses the tree table the run stored (the weights it was computed with).
"""
from __future__ import annotations

import pandas as pd

from ..scoring.model import load_model
from .compare_groups import DOMAINS, NODE_ZH

TABLE_NUMBER = {d: i for i, d in enumerate(DOMAINS, 1)}     # Tables 1–4 of the report, in nodes.csv's order
SOURCE_ZH = {"remote_sensing": "遥感数据", "yearbook": "统计年鉴/公报", "monitoring": "监测数据",
             "survey": "第三方调查/评价", "disclosure": "依申请公开/政府咨询", "text_mined": "文本挖掘"}
TYPE_ZH = {"amount": "总量", "rate": "比率", "yesno": "是/否", "count": "计数", "index": "指数"}
DIRECTION_ZH = {"+": "正向", "-": "负向"}


def indicator_tables(tree: pd.DataFrame, nodes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{domain: table} with columns 一级指标, 二级指标, 三级指标 (leaf), code, unit, direction, type, source,
    text_key, weight_in_domain, global_weight, in model order.

    ``tree``: a model's `tree_table()` (index leaf; level1, level2, domain, unit, direction, type, source,
    text_key, domain_weight, global_weight); ``nodes``: the model's nodes (index code; name_zh)."""
    t = tree.copy()
    names = nodes["name_zh"] if "name_zh" in nodes.columns else nodes.set_index("code")["name_zh"]
    out = {}
    for domain in DOMAINS:
        part = t[t["domain"] == domain]
        table = pd.DataFrame({
            "level1_zh": part["level1"].map(names).fillna(part["level1"]),
            "level2_zh": part["level2"].map(names).fillna(part["level2"]),
            "name_zh": part["name_zh"],
            "leaf": part.index,
            "unit": part["unit"].fillna(""),
            "direction_zh": part["direction"].map(DIRECTION_ZH).fillna(part["direction"]),
            "type_zh": part["type"].map(TYPE_ZH).fillna(part["type"]),
            "source_zh": part["source"].map(SOURCE_ZH).fillna(part["source"]),
            "text_key": part["text_key"].fillna(""),
            "weight_in_domain": part["domain_weight"].astype(float),
            "global_weight": part["global_weight"].astype(float),
        })
        out[domain] = table.reset_index(drop=True)
    return out


def table_title(domain: str, leaves: int) -> str:
    return f"表 {TABLE_NUMBER[domain]}　{NODE_ZH[domain]}评价指标体系（{leaves} 个三级指标，来自模型文件）"


def model_tables() -> dict[str, pd.DataFrame]:
    """Tables 1–4 of the model in the data root (scoring/)."""
    m = load_model(allow_inconsistent=True)
    return indicator_tables(m.tree_table(), m.nodes)
