"""Review decisions: which document a person chose as a city's outline for a period, kept in the workspace.

    corpora/editions-decisions.csv    city,code,period,decision,sha256,title,seen,by,date,note

`decision` is `count` (count the document whose raw file has this sha256: the same bytes in every data
home, so the next refresh and a colleague's make the same choice) or `none` (the city has no outline for
the period among the documents seen). `seen` lists the candidates the reviewer saw (first 12 hex digits of
their sha256): a candidate added later puts the city back in the review queue. The last row of a city and
period is the one in force; `record_decision` replaces it (the file's history is in git).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_text
from ..datacsv import leading_comments, read_rows
from ..errors import TextmineError
from ..registry import load_registry
from ..resources import data_path, data_root
from ..edition_rules import load_rules

FILE = ("corpora", "editions-decisions.csv")
COLUMNS = ("city", "code", "period", "decision", "sha256", "title", "seen", "by", "date", "note")
DECISIONS = ("count", "none")
SHORT = 12      # hex digits of a sha256 in `seen`

HEADER = """\
# 规划纲要选择的复核记录：每个城市每一期统计哪一份文件（decision = count，文件的 sha256），或没有纲要（none）。
# 由 `textmine documents accept` 写入；随工作区一起提交到 git，下次更新和同事都会得到同样的选择。
# 指南（中文）：textmine 仓库的 docs/zh/editions.md；English guide: docs/editions.md of the textmine repository
#
# Review decisions: which document is counted as a city's outline for a plan period (decision = count, the
# sha256 of the document's raw file) or that the city has none (decision = none). Written by `textmine
# documents accept`; commit it with the workspace. `seen`: the candidates the reviewer saw (first 12 hex
# digits of each sha256, space-separated); a candidate not seen puts the city back in the review queue.
"""


@dataclass(frozen=True)
class ReviewDecision:
    city: str
    code: str
    period: str
    decision: str               # count | none
    sha256: str = ""            # the document counted (decision = count)
    title: str = ""
    seen: frozenset[str] = frozenset()
    by: str = ""
    date: str = ""
    note: str = ""
    line: int = 0               # where it is in the file (0: not written yet)

    def as_row(self) -> list[str]:
        return [self.city, self.code, self.period, self.decision, self.sha256, self.title,
                " ".join(sorted(self.seen)), self.by, self.date, self.note]


def decisions_path() -> Path:
    return data_path(*FILE)


def load_decisions(path: str | Path | None = None, rules=None) -> dict[tuple[str, str], ReviewDecision]:
    """(city code, period) → the decision in force. A missing file holds no decision; a bad row is an error
    naming the file and line."""
    path = Path(path) if path else decisions_path()
    if not path.is_file():
        return {}
    rules = rules or load_rules()
    reg = load_registry()
    rows = read_rows(path)         # textmine.datacsv: `#` comments anywhere, BOM, GBK; lines of the file
    if not rows:
        return {}
    head_line, header = rows[0]
    if [h.strip() for h in header[:len(COLUMNS)]] != list(COLUMNS):
        raise TextmineError(f"{path}:{head_line}: the header must be {','.join(COLUMNS)}")
    out = {}
    for n, cells in rows[1:]:
        cells = [c.strip() for c in cells] + [""] * (len(COLUMNS) - len(cells))
        row = dict(zip(COLUMNS, cells))
        where = f"{path}:{n}"
        try:
            code = reg.by_code(row["code"]).code
        except KeyError:
            raise TextmineError(f"{where}: code {row['code']!r} is not a city of corpora/cities.csv") from None
        try:
            period = rules.check_period(row["period"])
        except TextmineError as exc:
            raise TextmineError(f"{where}: {exc}") from None
        if row["decision"] not in DECISIONS:
            raise TextmineError(f"{where}: decision {row['decision']!r} must be count or none")
        if row["decision"] == "count" and len(row["sha256"]) != 64:
            raise TextmineError(f"{where}: decision count needs the document's sha256 (64 hex digits)")
        out[(code, period)] = ReviewDecision(row["city"], code, period, row["decision"], row["sha256"].lower(),
                                             row["title"], frozenset(row["seen"].split()), row["by"], row["date"],
                                             row["note"], n)
    return out


def record_decision(decision: ReviewDecision, path: str | Path | None = None) -> Path:
    """Write `decision` into the file, replacing the row in force for its city and period (atomic write)."""
    if path is None:
        root = data_root()
        if root.how == "package":
            raise TextmineError("review decisions are kept in a workspace (corpora/editions-decisions.csv), and the "
                                "data root is the defaults installed with textmine: make a workspace with `textmine "
                                "init DIR` and work in it (or give one as the data root: `textmine --root DIR …`)")
        path = decisions_path()
    path = Path(path)
    current = load_decisions(path) if path.is_file() else {}
    current[(decision.code, decision.period)] = decision
    head = HEADER
    if path.is_file():
        skip = leading_comments(path)
        head = "".join(path.read_text("utf-8-sig").splitlines(keepends=True)[:skip]) or HEADER
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for d in sorted(current.values(), key=lambda d: (d.code, d.period)):
        w.writerow(d.as_row())
    write_text(path, head + buf.getvalue())
    return path
