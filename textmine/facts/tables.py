"""Tables of a document file, with their caption and column headers kept for the audit.

PDF tables are read with pdfplumber's table extraction (``page.find_tables``); the caption is the text just
above a table (its title and 单位：万元 line). A table that goes on over the next page has no caption of its
own and repeats its header: it takes the caption of the table it continues. HTML (<table>) and DOCX (Word
tables) are read the same way, the caption being the text before the table. The tables of a file are read
once per extractor version and kept in the store (``fact_tables``), keyed by the file's SHA-256.
"""
from __future__ import annotations

import io
import json
import re
import time
from dataclasses import asdict, dataclass, field

from ..numbers import NumberRefused, read_number
from ..store import Store, utcnow
from ..store import facts as store_facts

EXTRACTOR = "tables-4"       # bump when what is extracted changes: stored tables are read again
CAPTION_POINTS = 90          # how far above a PDF table its caption is looked for


@dataclass
class Table:
    page: int
    index: int
    caption: str
    header: list[str]                        # one text per column (header rows joined)
    rows: list[list[str]] = field(default_factory=list)


def is_number(cell: str | None) -> bool:
    """A cell the one number reader (textmine.numbers) reads, without a per cent sign."""
    if not cell:
        return False
    try:
        return not read_number(cell.replace(" ", "")).percent
    except NumberRefused:
        return False


def _clean(cell) -> str:
    return re.sub(r"\s+", "", str(cell)) if cell is not None else ""


def _split_header(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Leading rows with no number in them are the header; their cells are joined per column."""
    n = 0
    while n < len(rows) and n < 4 and not any(is_number(c) for c in rows[n][1:]):
        n += 1
    width = max((len(r) for r in rows), default=0)
    header = ["".join(r[j] for r in rows[:n] if j < len(r) and r[j]) for j in range(width)]
    return header, rows[n:]


def _from_rows(page: int, index: int, caption: str, raw: list[list]) -> Table | None:
    rows = [[_clean(c) for c in r] for r in raw if any(c not in (None, "") for c in r)]
    if not rows:
        return None
    header, body = _split_header(rows)
    return Table(page, index, caption.strip(), header, body)


def _continue(tables: list[Table]) -> list[Table]:
    """A table without a caption continues the one before it (same width): caption, and header if it has none."""
    for prev, t in zip(tables, tables[1:]):
        if not t.caption and len(t.header) == len(prev.header):
            t.caption = prev.caption
            if not any(t.header):
                t.header = prev.header
    return tables


def pdf_tables(data: bytes) -> list[Table]:
    import pdfplumber   # noqa: PLC0415 (a core dependency, imported only where PDFs are read)

    out: list[Table] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for i, found in enumerate(page.find_tables()):
                top = found.bbox[1]
                caption = ""
                if top > 1:
                    caption = _pdf_caption(page.crop((0, max(0, top - CAPTION_POINTS), page.width, top))
                                           .extract_text() or "")
                t = _from_rows(n, i, caption, found.extract())
                if t is not None:
                    out.append(t)
    return _continue(out)


def _pdf_caption(text: str) -> str:
    """The lines above a table from its title line (the last holding 表) on; else its last two lines (the text
    above a table's title belongs to the page, not to the table)."""
    lines = [x for x in text.split("\n") if x.strip()]
    titled = [i for i, x in enumerate(lines) if "表" in x]
    return "\n".join(lines[titled[-1]:] if titled else lines[-2:])


def html_tables(data: bytes) -> list[Table]:
    from bs4 import BeautifulSoup   # noqa: PLC0415

    from ..encoding import decode_bytes   # noqa: PLC0415 (the parse stage's charset detection)

    soup = BeautifulSoup(decode_bytes(data)[0], "lxml")
    out: list[Table] = []
    for i, tag in enumerate(soup.find_all("table")):
        if tag.find("table"):
            continue        # a layout table holding others: its inner tables are read themselves
        rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in tag.find_all("tr")]
        caption = tag.caption.get_text(" ", strip=True) if tag.caption else ""
        if not caption:
            caption = _html_caption([s.strip() for s in tag.find_all_previous(string=True, limit=12) if s.strip()])
        t = _from_rows(1, i, caption, rows)
        if t is not None:
            out.append(t)
    return _continue(out)


def _html_caption(before: list[str]) -> str:
    """The text just before a table, nearest first: up to and including its title line (表…, 附件…, 附表…)."""
    kept: list[str] = []
    for text in before:
        kept.append(text)
        if re.search(r"表|附件", text) or sum(map(len, kept)) > 120:
            break
    return " ".join(reversed(kept))[-160:]


def docx_tables(data: bytes) -> list[Table]:
    """Word tables; merged cells once. A Word table holding several 附表 (a title row, a 单位 row, then its
    header) is cut into one table per title, the title and unit rows being its caption."""
    import docx   # noqa: PLC0415

    d = docx.Document(io.BytesIO(data))
    out: list[Table] = []
    before: list[str] = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")).strip()
            if text:
                before = (before + [text])[-3:]
        elif tag == "tbl":
            caption, rows = " ".join(before)[-160:], []
            for r in docx.table.Table(el, d).rows:
                cells, prev = [], None
                for c in r.cells:
                    if c._tc is not prev:
                        cells.append(c.text)
                    prev = c._tc
                filled = [c for c in cells if c.strip()]
                if len(filled) <= 2 and not any(is_number(c.strip()) for c in filled):
                    if rows:       # a title row after a table's rows: the next 附表 starts
                        t = _from_rows(1, len(out), caption, rows)
                        out += [t] if t is not None else []
                        caption, rows = "", []
                    caption = (caption + " " + " ".join(filled)).strip()
                    continue
                rows.append(cells)
            t = _from_rows(1, len(out), caption, rows)
            out += [t] if t is not None else []
            before = []
    return _continue(out)


READERS = {"pdf": pdf_tables, "html": html_tables, "docx": docx_tables}


def document_tables(store: Store, sha256: str, fmt: str) -> tuple[list[Table], str | None]:
    """(tables, problem) of a stored file, read once per extractor version; problem says why none were read."""
    reader = READERS.get(fmt)
    if reader is None:
        return [], None
    kept = store_facts.stored_tables(store.conn, sha256, EXTRACTOR)
    if kept is not None:
        return [Table(**t) for t in json.loads(kept)], None
    path = store.raw_path(sha256)
    try:
        data = path.read_bytes()
        started = time.perf_counter()
        tables = reader(data)
    except Exception as exc:    # a broken file: its text may still be read; say why its tables were not
        return [], f"tables not read ({type(exc).__name__}: {exc})"
    if not store.readonly:
        with store.transaction():
            store_facts.keep_tables(store.conn, sha256, EXTRACTOR,
                                    json.dumps([asdict(t) for t in tables], ensure_ascii=False),
                                    round(time.perf_counter() - started, 3), utcnow())
    return tables, None
