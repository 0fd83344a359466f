"""The report's table of yes/no cells that came from an accepted evidence review (`score --evidence`)."""
from __future__ import annotations

import pandas as pd

from .table import Table

STATUS_ZH = {"filled": "填入空单元格", "agrees": "与工作簿一致", "disagrees": "与工作簿不一致（用工作簿值）"}


def evidence_table(evidence: pd.DataFrame, attrs: pd.DataFrame, leaf_names: dict[str, str]) -> Table:
    """One row per cell an accepted review row spoke for: city, leaf, value, what happened, the sentence
    and its source."""
    e = evidence.copy()
    source = e.apply(lambda r: " · ".join(str(x) for x in (r["title"], r["date"], r["url"]) if x and not pd.isna(x)),
                     axis=1)
    frame = pd.DataFrame({
        "city_code": e["city_code"], "name": e["city_code"].map(attrs["name"]), "指标": e["leaf"],
        "指标名称": e["leaf"].map(leaf_names), "证据值": e["value"], "处理": e["status"].map(STATUS_ZH),
        "工作簿值": e["workbook_value"], "置信度": e["confidence"], "证据句": e["sentence"], "来源": source,
        "审核表": e["review"] + " 第" + e["review_row"].astype(int).astype(str) + "行"})
    n = int((e["status"] == "filled").sum())
    return Table("evidence", "是/否指标：来自已审核证据的单元格", frame.reset_index(drop=True),
                 f"{n} 个空单元格由审核通过的证据填入（origin evidence）；工作簿已有值时以工作簿为准，不一致处列出。")
