"""The review sheet: proposals a researcher accepts row by row before any of them reaches the index.

``write_review`` writes an xlsx with a ``review`` sheet (one row per city × leaf: proposed value,
confidence, the evidence and an empty ``accept`` column), a ``candidates`` sheet (every candidate
sentence, accepted or rejected) and an ``about`` sheet. ``read_review`` reads it back, checking every
cell; rows with 是/yes/1 in ``accept`` are what `score --evidence` may use.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import atomic_path
from ..errors import TextmineError, UnknownCityError
from ..names import city_label, indicator_label
from ..registry import load_registry
from .output import SENTENCE_COLUMNS, proposal_rows, sentence_rows
from .propose import EvidenceReport
from .rules import yesno_leaves

SHEET = "review"
REVIEW_COLUMNS = ["city", "code", "leaf", "name", "proposed", "confidence", "accept", "status", "stance", "flags",
                  "exclusion", "sentence", "title", "genre", "date", "page", "url", "document_id", "basis", "searched",
                  "rules_version"]
REQUIRED = ("city", "leaf", "proposed", "accept")
YES = {"是", "yes", "y", "1", "true", "接受", "accept", "✓", "x"}
NO = {"否", "no", "n", "0", "false", "不接受", "reject"}
INSTRUCTIONS = (
    "Write 是 (or yes / 1) in the `accept` column of each row whose proposed value you accept after reading its "
    "sentence and source; 否 or an empty cell leaves the row out. Then `textmine score --data WORKBOOK "
    "--evidence THIS_FILE` fills only the EMPTY yes/no cells of the workbook with the accepted values "
    "(origin 'evidence'); a workbook value always wins and a disagreement is listed. Do not edit the other "
    "columns: the sentence and source you accepted are stored with the score run. `stance` says what the sentence "
    "states (done, planned, obligation, other, repealed, negated); a row with `flags` needs a closer look; a 0's "
    "`basis` and `searched` say which documents (genres, years) were read. Every candidate sentence, accepted or "
    "not, is on the sheet `candidates` with its stance and why.")


@dataclass
class ReviewRow:
    row: int
    city_code: str
    leaf: str
    value: float
    confidence: float | None
    basis: str
    sentence: str
    document_id: int | None
    page: int | None
    title: str
    date: str
    url: str
    rules_version: str


@dataclass
class Review:
    path: Path
    sha256: str
    accepted: list[ReviewRow] = field(default_factory=list)
    rows: int = 0


def write_review(report: EvidenceReport, path: str | Path) -> Path:
    """The review workbook for ``report`` (atomically)."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(REVIEW_COLUMNS)
    for r in proposal_rows(report):
        r = {**r, "proposed": r["value"], "accept": None}
        ws.append([r.get(c) for c in REVIEW_COLUMNS])
    accept_col = get_column_letter(REVIEW_COLUMNS.index("accept") + 1)
    dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True,
                        error="是 (accept) or 否 (leave out)", errorTitle="accept")
    ws.add_data_validation(dv)
    dv.add(f"{accept_col}2:{accept_col}{ws.max_row}")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws[f"{accept_col}1"].fill = PatternFill("solid", fgColor="FFF59D")
    ws.freeze_panes = "A2"
    widths = {"city": 14, "name": 30, "sentence": 80, "title": 40, "url": 40, "basis": 50, "flags": 30, "searched": 50}
    for i, c in enumerate(REVIEW_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(c, 11)
    cand = wb.create_sheet("candidates")
    cand.append(SENTENCE_COLUMNS)
    for r in sentence_rows(report):
        cand.append([r.get(c) for c in SENTENCE_COLUMNS])
    cand.freeze_panes = "A2"
    about = wb.create_sheet("about")
    s = report.summary()
    for k, v in (("what", "textmine evidence review sheet: proposed values of the yes/no leaves"),
                 ("rules_version", report.rules_version), ("generated", datetime.now(timezone.utc).isoformat()),
                 ("proposals", f"{s['proposals']} ({s['yes']} yes, {s['no']} no, {s['blank']} blank)"),
                 ("how to review", INSTRUCTIONS)):
        about.append([k, v])
    about.column_dimensions["B"].width = 120
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def read_review(path: str | Path) -> Review:
    """The accepted rows of a review sheet; every problem (sheet, row, column) raises one TextmineError."""
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"{path}: no such review sheet (write one with `textmine evidence --format xlsx --out`)")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TextmineError(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        if SHEET not in wb.sheetnames:
            raise TextmineError(f"{path}: no sheet {SHEET!r} (sheets: {', '.join(wb.sheetnames)}); write the review "
                                f"sheet with `textmine evidence --format xlsx --out FILE`")
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    heads = [_text(h).lower() for h in (rows[0] if rows else [])]
    missing = [c for c in REQUIRED if c not in heads]
    if missing:
        raise TextmineError(f"{path}: sheet {SHEET} row 1: missing column(s) {', '.join(missing)}")
    col = {h: i for i, h in enumerate(heads) if h}
    letter = {h: get_column_letter(i + 1) for h, i in col.items()}
    reg, leaves = load_registry(), yesno_leaves()
    review = Review(path, hashlib.sha256(path.read_bytes()).hexdigest())
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for n, row in enumerate(rows[1:], start=2):
        cell = lambda name: row[col[name]] if name in col and col[name] < len(row) else None  # noqa: E731
        if all(_text(v) == "" for v in row):
            continue
        review.rows += 1
        where = lambda name: f"{SHEET}!{letter.get(name, '?')}{n}"  # noqa: E731
        decision = _text(cell("accept")).lower()
        if decision and decision not in YES | NO:
            problems.append(f"{where('accept')}: {cell('accept')!r} is not 是/否 (yes/no, 1/0); leave it empty to skip")
            continue
        if decision not in YES:
            continue
        try:
            city = reg.resolve(_text(cell("city")) or _text(cell("code")))
        except UnknownCityError as exc:
            problems.append(f"{where('city')}: {exc}")
            continue
        leaf = _text(cell("leaf")).upper()
        if leaf not in leaves:
            problems.append(f"{where('leaf')}: {leaf!r} is not a yes/no leaf ({', '.join(map(indicator_label, leaves))})")
            continue
        proposed = _text(cell("proposed"))
        if proposed not in ("0", "1", "0.0", "1.0"):
            problems.append(f"{where('proposed')}: only a proposed 1 or 0 can be accepted, the row has "
                            f"{proposed or 'a blank (not searchable yet)'}")
            continue
        if (city.code, leaf) in seen:
            problems.append(f"{where('leaf')}: {city_label(city)} {indicator_label(leaf)} is accepted twice (also row "
                            f"{seen[(city.code, leaf)]})")
            continue
        seen[(city.code, leaf)] = n
        conf = cell("confidence")
        doc, page = cell("document_id"), cell("page")
        review.accepted.append(ReviewRow(
            n, city.code, leaf, float(proposed), float(conf) if isinstance(conf, (int, float)) else None,
            _text(cell("basis")), _text(cell("sentence")), int(doc) if isinstance(doc, (int, float)) else None,
            int(page) if isinstance(page, (int, float)) else None, _text(cell("title")), _text(cell("date")),
            _text(cell("url")), _text(cell("rules_version"))))
    if problems:
        raise TextmineError(f"{path}: {len(problems)} problem(s) in the review sheet; nothing was scored:\n  "
                            + "\n  ".join(problems))
    return review
