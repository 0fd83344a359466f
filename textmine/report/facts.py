"""The report's table of yearbook cells filled from an accepted facts review (`score --facts`)."""
from __future__ import annotations

import pandas as pd

from .table import Table

STATUS_ZH = {"filled": "填入空单元格", "agrees": "与工作簿一致", "disagrees": "与工作簿相差超过容差（用工作簿值）"}


def facts_table(facts: pd.DataFrame, attrs: pd.DataFrame, leaf_names: dict[str, str]) -> Table:
    """One row per cell an accepted facts row spoke for: city, leaf, value, unit, data year, what happened, how the
    document states it, the sentence or table cell and the document."""
    f = facts.copy()
    source = f.apply(lambda r: " · ".join(str(x) for x in (
        r["title"], None if pd.isna(r["page"]) else f"第{int(r['page'])}页", r["url"],
        None if pd.isna(r["document_id"]) else f"文件 #{int(r['document_id'])}") if x and not pd.isna(x)), axis=1)
    frame = pd.DataFrame({
        "city_code": f["city_code"], "name": f["city_code"].map(attrs["name"]), "指标": f["leaf"],
        "指标名称": f["leaf"].map(leaf_names), "文件数值": f["value"], "单位": f["unit"],
        "数据年份": f["year"].astype(int), "处理": f["status"].map(STATUS_ZH), "工作簿值": f["workbook_value"],
        "文件表述": f["stated"], "原句或表格单元格": f["evidence"], "来源": source,
        "审核表": f["review"] + " 第" + f["review_row"].astype(int).astype(str) + "行"})
    n = int((f["status"] == "filled").sum())
    return Table("facts", "年鉴指标：来自文件的单元格", frame.reset_index(drop=True),
                 f"{n} 个空单元格由审核通过的统计公报、预算或决算报告数值填入（origin document）；工作簿已有值时以工作簿为准，"
                 "相差超过容差处列出。")
