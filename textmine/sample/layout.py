"""Line breaking and pagination for plan outlines: a fixed measure of N full-width characters,
Chinese line-breaking rules (no closing punctuation at a line start, no opening one at a line
end), justified lines, headings kept with the next line, text flowing across columns and pages.

Pure geometry: widths come from reportlab's font metrics, nothing is drawn here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from .plandoc import Block, PlanDoc

# ASCII runs (numbers, percentages, codes) are not broken; doubled dashes/ellipses stay together.
TOKEN_RE = re.compile(r"[A-Za-z0-9.%‰+\-/:·~]+|——|……|.", re.S)
NO_START = set("，。、；：？！）》」』”’〉】％,.;:?!)]—…·")
NO_END = set("（《「『“‘〈【([")


@dataclass
class Line:
    text: str
    slot: int  # grid row within its column
    column: int
    x: float  # offset from the column's left edge
    font: str
    size: float
    char_space: float = 0.0
    kind: str = "para"  # block kind; "title", "toc" on front pages
    leader_to: float = 0.0  # TOC: draw a dotted leader up to this x, then the page number
    page_ref: str = ""


@dataclass
class Page:
    kind: str  # cover | toc | body
    number: int | None = None  # the printed page number (body pages only)
    lines: list[Line] = field(default_factory=list)
    header: str = ""
    footer: str = ""

    def text_lines(self) -> list[str]:
        ordered = sorted(self.lines, key=lambda ln: (ln.column, ln.slot, ln.x))
        return [ln.text + (f" {ln.page_ref}" if ln.page_ref else "") for ln in ordered]


@dataclass(frozen=True)
class Measure:
    chars_per_line: int = 28
    lines_per_page: int = 22
    columns: int = 1
    font_size: float = 16.0
    body_font: str = "TM-Song"
    heading_font: str = "TM-Hei"
    max_char_space: float = 0.18  # in em; a wider gap leaves the line short rather than spaced out

    @property
    def width(self) -> float:
        return self.chars_per_line * self.font_size


def break_lines(text: str, font: str, size: float, width: float, indent: float = 0.0,
                justify: bool = True, max_char_space: float = 0.18) -> list[tuple[str, float, float]]:
    """Break one paragraph into lines: [(text, x offset, char spacing)]."""
    tokens = TOKEN_RE.findall(text)
    widths = {}

    def w(tok: str) -> float:
        if tok not in widths:
            widths[tok] = stringWidth(tok, font, size)
        return widths[tok]

    lines: list[list[str]] = []
    cur: list[str] = []
    cur_w = indent
    for tok in tokens:
        tw = w(tok)
        if cur_w + tw <= width + 0.01 or not cur:
            cur.append(tok)
            cur_w += tw
            continue
        carry: list[str] = []
        # a closing mark may not start the next line: take the previous character down with it
        if tok[0] in NO_START and len(cur) > 1:
            carry.insert(0, cur.pop())
            while len(cur) > 1 and carry[0][0] in NO_START:
                carry.insert(0, cur.pop())
        while len(cur) > 1 and cur[-1][-1] in NO_END:  # an opening mark may not end a line
            carry.insert(0, cur.pop())
        lines.append(cur)
        cur = carry + [tok]
        cur_w = sum(w(t) for t in cur)
    if cur:
        lines.append(cur)

    out = []
    for i, toks in enumerate(lines):
        s = "".join(toks)
        x = indent if i == 0 else 0.0
        cs = 0.0
        if justify and i < len(lines) - 1 and len(s) > 1:
            natural = x + sum(w(t) for t in toks)
            cs = max(0.0, min((width - natural) / (len(s) - 1), max_char_space * size))
        out.append((s, x, cs))
    return out


def _block_rows(block: Block, m: Measure) -> list[Line]:
    """Lines of one block, with slot/column unset (0); a leading blank is a Line with empty text."""
    fs, W = m.font_size, m.width
    rows: list[Line] = []
    if block.kind == "chapter":
        size = fs * 1.1
        rows.append(Line("", 0, 0, 0, m.heading_font, size, kind="blank"))
        for s, _, _ in break_lines(block.text, m.heading_font, size, W, justify=False):
            rows.append(Line(s, 0, 0, (W - stringWidth(s, m.heading_font, size)) / 2, m.heading_font, size, kind="chapter"))
    elif block.kind == "part":
        size = fs * 1.3
        for s, _, _ in break_lines(block.text, m.heading_font, size, W, justify=False):
            rows.append(Line(s, 0, 0, (W - stringWidth(s, m.heading_font, size)) / 2, m.heading_font, size, kind="part"))
    elif block.kind == "section":
        for s, x, _ in break_lines(block.text, m.heading_font, fs, W, indent=2 * fs, justify=False):
            rows.append(Line(s, 0, 0, x, m.heading_font, fs, kind="section"))
    else:
        size = fs * 0.875 if block.kind == "box" else fs
        font = m.heading_font if block.kind == "box" else m.body_font
        inner = W - (2 * fs if block.kind == "box" else 0)
        for s, x, cs in break_lines(block.text, font, size, inner, indent=2 * size, max_char_space=m.max_char_space):
            rows.append(Line(s, 0, 0, x + (fs if block.kind == "box" else 0), font, size, cs, kind=block.kind))
    return rows


def paginate_body(doc: PlanDoc, m: Measure) -> tuple[list[Page], list[int]]:
    """Flow the body blocks into columns and pages. Parts start a new page; a heading never ends a column.

    Returns the pages and, per block, the number of the page where it starts."""
    pages: list[Page] = [Page("body")]
    starts: list[int] = []
    col, slot = 0, 0
    per_col = m.lines_per_page

    def advance_column():
        nonlocal col, slot
        col, slot = col + 1, 0
        if col >= m.columns:
            pages.append(Page("body"))
            col = 0

    for bi, block in enumerate(doc.blocks):
        rows = _block_rows(block, m)
        if block.kind == "part" and (pages[-1].lines or slot):
            pages.append(Page("body"))
            col, slot = 0, 0
        if block.kind in ("part", "chapter", "section"):
            heading_rows = [r for r in rows if r.kind != "blank"]
            needed = len(heading_rows) + 1  # keep the heading with one line of what follows
            lead = 1 if slot > 0 and rows[0].kind == "blank" else 0
            if slot + lead + needed > per_col:
                advance_column()
                lead = 0
            rows = ([rows[0]] if lead else []) + heading_rows
        first = True
        for row in rows:
            if slot >= per_col:
                advance_column()
            if row.kind != "blank":
                row.slot, row.column = slot, col
                pages[-1].lines.append(row)
                if first:
                    starts.append(len(pages))
                    first = False
            slot += 1
        if first:
            starts.append(len(pages))
    if not pages[-1].lines:
        pages.pop()
    for i, p in enumerate(pages, start=1):
        p.number = i
    return pages, starts


def cover_page(doc: PlanDoc, m: Measure) -> Page:
    page = Page("cover")
    W = m.width * m.columns
    size = m.font_size * 1.6
    per_line = max(8, int(W * 0.8 // size))
    slot = 4
    title_lines = []
    for part in re.split(r"(?=第十[四五]个五年规划)|(?=二〇三五年远景)", doc.title):  # break where covers do
        title_lines += [part[i:i + per_line] for i in range(0, len(part), per_line)]
    for s in title_lines:
        page.lines.append(Line(s, slot, 0, (W - stringWidth(s, m.heading_font, size)) / 2, m.heading_font, size, kind="title"))
        slot += 2
    slot = max(slot + 4, m.lines_per_page - 5)
    for s in (doc.issuer, doc.date):
        if s:
            page.lines.append(Line(s, slot, 0, (W - stringWidth(s, m.body_font, m.font_size)) / 2, m.body_font, m.font_size, kind="title"))
            slot += 1
    return page


def toc_pages(doc: PlanDoc, starts: list[int], m: Measure) -> list[Page]:
    """目录: parts and chapters with their printed page numbers, dotted leaders drawn as graphics."""
    merged = [(b.kind, b.text, starts[i]) for i, b in enumerate(doc.blocks) if b.kind in ("part", "chapter")]
    W = m.width * m.columns
    fs = m.font_size
    pages = [Page("toc")]
    title = "目  录"
    pages[0].lines.append(Line(title, 0, 0, (W - stringWidth(title, m.heading_font, fs * 1.3)) / 2, m.heading_font, fs * 1.3, kind="toc"))
    slot = 2
    for kind, text, pnum in merged:
        if slot >= m.lines_per_page:
            pages.append(Page("toc"))
            slot = 0
        font = m.heading_font if kind == "part" else m.body_font
        x = 0 if kind == "part" else fs
        max_chars = int((W - x - 4 * fs) // fs)
        shown = text if len(text) <= max_chars else text[: max_chars - 1] + "…"
        pages[-1].lines.append(Line(shown, slot, 0, x, font, fs, kind="toc", leader_to=W, page_ref=str(pnum)))
        slot += 1
    return pages
