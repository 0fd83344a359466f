"""The kinds of provenance a score cell can have (textmine.scoring.provenance says what each means and who sets
it). In the base layer because the names table (textmine.nametable) shows them as well as the scoring."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    zh: str           # what the report and Excel call it
    en: str           # what score/run/explain call it
    measured: bool    # a value for this city itself (True), or a stand-in/none (imputed, missing)


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("text", "文本挖掘", "text-mined", True),
    Kind("workbook", "工作簿", "workbook", True),
    Kind("override", "工作簿覆盖文本计数", "workbook overriding the corpus", True),
    Kind("evidence", "审核通过的证据", "accepted evidence", True),
    Kind("document", "文件中的数值（审核通过）", "read from a document", True),
    Kind("imputed", "插补", "imputed", False),
    Kind("missing", "缺失", "missing", False),
)}
