"""Render a PlanDoc the way real plan outlines look: PDF (reportlab, embedded TrueType CJK subsets
with ToUnicode maps), DOCX (python-docx, header and PAGE field footer) and HTML (a government
portal article page, UTF-8 or GBK).

    layout = typeset_pdf(doc, "plan.pdf", header="丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
                         footer_format="- {page} -", chars_per_line=28, lines_per_page=22)

`layout.pages[i].text_lines()` is what an extractor should read on page i (besides the header and
footer), which is how the tests check the round trip.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_path
from .fonts import register_fonts
from .layout import Measure, Page, cover_page, paginate_body, toc_pages
from .plandoc import PlanDoc
from .webpage import write_docx, write_html  # noqa: F401  (re-exported: the three writers live here)

A4 = (595.2756, 841.8898)


@dataclass
class Layout:
    pages: list[Page]
    header: str
    footer_format: str

    @property
    def body_pages(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "body"]


def layout_doc(doc: PlanDoc, *, header: str | None = None, footer_format: str = "- {page} -",
               chars_per_line: int = 28, lines_per_page: int = 22, columns: int = 1, font_size: float = 16.0,
               page_size: tuple[float, float] = A4, cover: bool = True, toc: bool = True) -> tuple[Layout, Measure, float]:
    body_font, heading_font = register_fonts()
    page_w, page_h = page_size
    # shrink the type when the measure would not fit the page with 2 cm margins
    gap_chars = 2
    font_size = min(font_size, (page_w - 2 * 56.7) / (columns * chars_per_line + (columns - 1) * gap_chars))
    pitch = min(font_size * 1.75, (page_h - 2 * 70) / lines_per_page)
    m = Measure(chars_per_line, lines_per_page, columns, font_size, body_font, heading_font)
    body, starts = paginate_body(doc, m)
    total = len(body)
    header = doc.title if header is None else header
    for p in body:
        p.header = header
        p.footer = footer_format.format(page=p.number, pages=total)
    front = ([cover_page(doc, m)] if cover else []) + (toc_pages(doc, starts, m) if toc else [])
    return Layout(front + body, header, footer_format), m, pitch


def typeset_pdf(doc: PlanDoc, path: str | Path, *, header: str | None = None, footer_format: str = "- {page} -",
                chars_per_line: int = 28, lines_per_page: int = 22, columns: int = 1, font_size: float = 16.0,
                page_size: tuple[float, float] = A4, cover: bool = True, toc: bool = True,
                compress: bool = True) -> Layout:
    """Typeset `doc` into a PDF at `path` (written atomically); returns the layout that was drawn.

    footer_format takes {page} and {pages} (body pages are numbered from 1; cover and contents are not).
    The file is deterministic: fixed creation date and document ID.
    """
    from reportlab.pdfgen import canvas

    layout, m, pitch = layout_doc(doc, header=header, footer_format=footer_format, chars_per_line=chars_per_line,
                                  lines_per_page=lines_per_page, columns=columns, font_size=font_size,
                                  page_size=page_size, cover=cover, toc=toc)
    page_w, page_h = page_size
    gap = 2 * m.font_size
    block_w = m.columns * m.width + (m.columns - 1) * gap
    left = (page_w - block_w) / 2
    top = page_h - (page_h - m.lines_per_page * pitch) / 2
    path = Path(path)
    with atomic_path(path, mode=0o644) as tmp:   # fixed mode: the committed sample must not depend on the umask
        c = canvas.Canvas(str(tmp), pagesize=page_size, invariant=1, pageCompression=1 if compress else 0)
        c.setTitle(doc.title)
        c.setAuthor(doc.issuer or doc.city)
        c.setSubject(doc.title)
        c.setCreator("textmine sample typesetter (reportlab)")
        for page in layout.pages:
            _draw_page(c, page, m, left, top, pitch, gap, block_w, page_w)
            c.showPage()
        c.save()
    return layout


def _draw_page(c, page: Page, m: Measure, left: float, top: float, pitch: float, gap: float,
               block_w: float, page_w: float) -> None:
    if page.header:
        hs = m.font_size * 0.66
        y = top + pitch * 0.9
        c.setFont(m.body_font, hs)
        c.drawCentredString(page_w / 2, y, page.header)
        c.setLineWidth(0.6)
        c.line(left, y - hs * 0.45, left + block_w, y - hs * 0.45)
    for ln in page.lines:
        x = left + ln.column * (m.width + gap) + ln.x
        y = top - (ln.slot + 0.8) * pitch
        if ln.kind == "box":
            c.setFillGray(0.93)
            c.rect(left + ln.column * (m.width + gap) + m.font_size * 0.5, y - pitch * 0.3,
                   m.width - m.font_size, pitch, stroke=0, fill=1)
            c.setFillGray(0)
        t = c.beginText(x, y)
        t.setFont(ln.font, ln.size)
        if ln.char_space:
            t.setCharSpace(round(ln.char_space, 3))
        t.textOut(ln.text)
        c.drawText(t)
        if ln.page_ref:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            ref_w = stringWidth(ln.page_ref, ln.font, ln.size)
            text_end = x + stringWidth(ln.text, ln.font, ln.size)
            c.setDash(1, 3)
            c.line(text_end + 4, y + 2, left + ln.leader_to - ref_w - 4, y + 2)
            c.setDash()
            c.setFont(ln.font, ln.size)
            c.drawRightString(left + ln.leader_to, y, ln.page_ref)
    if page.footer:  # drawn last so that content-stream order is reading order
        c.setFont(m.body_font, m.font_size * 0.8)
        c.drawCentredString(page_w / 2, top - (m.lines_per_page + 1.2) * pitch, page.footer)
