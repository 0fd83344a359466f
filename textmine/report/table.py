"""One table of the report: what the HTML page, its Excel workbook and the checks of its claims show (a module
of its own so that the analyses producing tables and the analysis collecting them do not import each other)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Table:
    key: str          # sheet / anchor id
    title: str
    frame: pd.DataFrame
    note: str = ""
    keep_columns: bool = False  # column names shown as they are (a table other tools read by name)
