"""OFD (GB/T 33190, the national fixed-layout format): positioned text read by ``ofdkit``, then
the same layout pass as PDFs (``layout``): running headers and page numbers out, wrapped lines
rejoined, contents and cover pages tagged.

``ofdkit`` does the package (ZIP entries, OFD.xml -> Document.xml -> pages, template pages,
composite units, CTM and Boundary transforms, the DeltaX ``g`` shorthand, size limits) and gives
each page's text runs with their positions (millimetres, origin top left, ``y`` the baseline).
Here the runs become lines — runs on one baseline that touch (a gap under 1.5 em) — in reading
order, found from positions, not from the order of objects in the file: top to bottom, except
where the page is set in prose columns (groups of lines side by side, each at least 10 em wide
and mostly full), which are read column by column. Tables and label rows are read row by row.
"""
from __future__ import annotations

import re
from pathlib import Path

from .layout import Line, PageLines, assemble, normalise_lines, remove_furniture
from .model import Extraction, ParseError
from .roles import page_roles

SAME_LINE = 0.5        # baselines closer than this share of the type size are one line
PIECE_GAP = 1.5        # a wider gap (in em) splits a line into pieces (columns, table cells)
WORD_GAP = 0.25        # a gap wider than this between two Latin runs is a space
COLUMN_MIN_EM = 10.0   # a prose column is at least this many em wide ...
COLUMN_FULL = 0.85     # ... and at least half its lines reach this share of its width
ASCENT, DESCENT = 0.88, 0.12
_MARKER = re.compile(r"^\s*(?:[•●○■□▪◦∗*·‣⁃–-]|\d{1,3}[.、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")


class _Piece:
    __slots__ = ("runs", "x0", "x1", "y", "size")

    def __init__(self, run):
        self.runs = [run]
        self.x0, self.x1, self.y, self.size = run.x, run.x + run.width, run.y, run.size

    def add(self, run) -> None:
        self.runs.append(run)
        self.x1 = max(self.x1, run.x + run.width)
        self.size = max(self.size, run.size)

    def text(self) -> str:
        out, prev = "", None
        for r in self.runs:
            if prev is not None and r.x - (prev.x + prev.width) > WORD_GAP * max(r.size, 1.0) \
                    and out[-1:].isascii() and r.text[:1].isascii():
                out += " "
            out += r.text
            prev = r
        return out


def _pieces(runs) -> list[_Piece]:
    """Runs grouped into lines by baseline, each line split where a gap is wider than 1.5 em."""
    lines: list[list] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(run.y - lines[-1][0].y) <= SAME_LINE * max(min(run.size, lines[-1][0].size), 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    pieces = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        cur = None
        for run in line:
            if cur is not None and run.x - cur.x1 <= PIECE_GAP * max(run.size, cur.size, 1.0):
                cur.add(run)
            else:
                cur = _Piece(run)
                pieces.append(cur)
    return pieces


def _is_prose_column(group: list[_Piece]) -> bool:
    x0, x1 = min(p.x0 for p in group), max(p.x1 for p in group)
    size = sorted(p.size for p in group)[len(group) // 2] or 1.0
    if len(group) < 3 or x1 - x0 < COLUMN_MIN_EM * size:
        return False
    return sum(p.x1 - p.x0 >= COLUMN_FULL * (x1 - x0) for p in group) * 2 >= len(group)


def reading_order(pieces: list[_Piece]) -> list[_Piece]:
    """Top to bottom; a band of prose columns side by side is read column by column. A band ends
    at a piece that spans two columns (a heading set across the page)."""
    out: list[_Piece] = []
    groups: list[list] = []          # [x0, x1, pieces] of the current band

    def flush() -> None:
        members = [g[2] for g in groups]
        if len(members) > 1 and all(_is_prose_column(m) for m in members):
            for m in sorted(members, key=lambda m: min(p.x0 for p in m)):
                out.extend(sorted(m, key=lambda p: (p.y, p.x0)))
        else:
            out.extend(sorted((p for m in members for p in m), key=lambda p: (p.y, p.x0)))
        groups.clear()

    for p in sorted(pieces, key=lambda p: (p.y, p.x0)):
        hit = [g for g in groups if p.x0 < g[1] and p.x1 > g[0]]
        # a piece across two groups, or overlapping one by less than half of the narrower of the
        # two (a title centred above two columns), ends the band
        if len(hit) > 1 or (hit and min(p.x1, hit[0][1]) - max(p.x0, hit[0][0])
                            < 0.5 * min(p.x1 - p.x0, hit[0][1] - hit[0][0])):
            flush()
            hit = []
        if hit:
            g = hit[0]
            g[0], g[1] = min(g[0], p.x0), max(g[1], p.x1)
            g[2].append(p)
        else:
            groups.append([p.x0, p.x1, [p]])
    flush()
    return out


def _lines(pieces: list[_Piece], page_height: float) -> list[Line]:
    """Layout lines; pieces side by side on one baseline (table cells, label and value) are one
    line with `` | `` between them, as DOCX table cells are, so no term is read across two."""
    out: list[Line] = []
    prev = None
    for p in pieces:
        text = p.text()
        if prev is not None and abs(p.y - prev.y) <= SAME_LINE * max(min(p.size, prev.size), 1.0) \
                and p.x0 >= prev.x1:
            ln = out[-1]
            ln.text += " | " + text
            ln.x1 = max(ln.x1, p.x1)
            prev = p
            continue
        ln = Line(text, p.x0, p.x1, page_height - p.y - DESCENT * p.size, page_height - p.y + ASCENT * p.size)
        m = _MARKER.match(text)
        if m and m.end() < len(text):
            first = p.runs[0]
            ln.text_x0 = p.x0 + first.width / max(len(first.text), 1) * m.end()
        out.append(ln)
        prev = p
    return out


def extract_ofd(path: Path) -> Extraction:
    import zipfile

    import ofdkit

    path = Path(path)
    if not zipfile.is_zipfile(path):
        raise ParseError("not an OFD file (not a ZIP container)")
    try:
        doc = ofdkit.open(str(path))
    except ofdkit.OFDError as exc:
        raise ParseError(f"OFD cannot be opened: {exc}") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(f"OFD cannot be opened: {type(exc).__name__}: {exc}") from None
    pages: list[PageLines] = []
    warnings: list[str] = []
    try:
        if not doc.pages:
            raise ParseError("OFD has no pages")
        for page in doc.pages:
            try:
                x0, y0, width, height = page.box
                runs = [r for r in page.runs if r.text.strip() and x0 - 2 <= r.x <= x0 + width + 2
                        and y0 - 2 <= r.y <= y0 + height + 2]
            except ofdkit.OFDError as exc:
                warnings.append(f"page {page.index + 1} cannot be read: {exc}")
                pages.append(PageLines(210.0, 297.0))
                continue
            seen, unique = set(), []
            for r in runs:   # the same text drawn twice at one spot: fake bold
                key = (r.text, round(r.x * 4), round(r.y * 4))
                if key not in seen:
                    seen.add(key)
                    unique.append(r)
            pl = PageLines(width, height)
            pl.lines = _lines(reading_order(_pieces(unique)), y0 + height)
            pages.append(pl)
        title = (doc.info.title or "").strip() or None
        date = (doc.info.creation_date or "")[:10] or None
        warnings += doc.warnings
    finally:
        doc.close()
    if not any(p.lines for p in pages):
        raise ParseError(f"no text on any of the {len(pages)} page(s) (an OFD of scanned images needs OCR, "
                         "which is done for PDFs only)")
    empty = [i + 1 for i, p in enumerate(pages) if not p.lines]
    if empty:
        warnings.append(f"{len(empty)} page(s) without text: {', '.join(map(str, empty[:20]))}")
    normalise_lines(pages)
    remove_furniture(pages)
    roles = page_roles([[ln.text for ln in p.lines] for p in pages])
    texts = assemble(pages, roles)
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = None
    return Extraction(texts, warnings, title=title, date=date, parser="ofdkit", format="ofd", roles=roles)
