"""PDF text with pypdfium2 (PDFium): lines with their boxes, then ``layout`` does the rest.

PDFium gives the text of a page in content-stream order with a line break wherever the
baseline changes, drops fake-bold duplicates (the same glyph drawn twice, slightly offset)
and is as fast as pdftotext. We ask it for the page text once and for two character boxes
per line (first and last visible character): enough for header/footer and wrap decisions,
cheap enough to keep the whole stage faster than pdftotext. Pages and documents are closed
as soon as they are read, so memory stays flat on 1,000-page files.
"""
from __future__ import annotations

import re
from pathlib import Path

from .layout import Line, PageLines, assemble, normalise_lines, remove_furniture
from .model import Extraction, ParseError

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A list marker at the start of a line; continuation lines align with the text after it.
_MARKER = re.compile(r"^\s*(?:[•●○■□▪◦∗*·‣⁃–-]|\d{1,3}[.、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")
# Characters that stand for glyphs without a Unicode mapping: U+FFFD, private use, C0 controls.
_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\(cid:\d+\)")
GARBLED_SHARE = 0.30       # a page (or document) whose visible text is this much garbage


def _check_bytes(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ParseError("file is empty (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 16384))
        tail = fh.read()
    if b"%PDF-" not in head:
        kind = "HTML" if re.search(rb"<(!doctype|html|head|body)", head, re.I) else repr(head[:16])
        raise ParseError(f"not a PDF: the file starts with {kind}, not %PDF-")
    if b"%%EOF" not in tail:
        raise ParseError("PDF is truncated: no %%EOF marker at the end of the file (incomplete download?)")


def _open(path: Path, password: str | None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ParseError("PDF is encrypted (a password is required to open it)") from None
        raise ParseError(f"PDF cannot be opened: {msg}") from None


def _line_box(tp, start: int, end: int) -> tuple[float, float, float, float] | None:
    """(x0, x1, bottom, top) from the first and last characters of [start, end) that have a box."""
    first = last = None
    for i in range(start, min(end, start + 4)):
        box = tp.get_charbox(i)
        if box[2] > box[0]:
            first = box
            break
    for i in range(end - 1, max(start - 1, end - 5), -1):
        box = tp.get_charbox(i)
        if box[2] > box[0]:
            last = box
            break
    if first is None or last is None:
        return None
    return (min(first[0], last[0]), max(first[2], last[2]), min(first[1], last[1]), max(first[3], last[3]))


def _has_images(page) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3))


def read_lines(page) -> tuple[PageLines, str]:
    """Positioned lines of one page, and the page's raw text (for garbage detection)."""
    width, height = page.get_size()
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        out = PageLines(width, height)
        if len(text) != tp.count_chars():
            # non-BMP characters take two UTF-16 units in PDFium's indexing; keep the text,
            # estimate boxes by spreading lines over the page (rare: CJK extension B and up)
            raw_lines = [t for t in _LINE_BREAK.split(text)]
            step = height / (len(raw_lines) + 1)
            for k, t in enumerate(raw_lines):
                if t.strip():
                    out.lines.append(Line(t, 0.0, width, height - (k + 1) * step, height - k * step))
            return out, text
        pos = 0
        for m in _LINE_BREAK.finditer(text + "\n"):
            start, end = pos, m.start()
            pos = m.end()
            if end > start and text[start:end].strip():
                box = _line_box(tp, start, end)
                if box is None:
                    continue
                x0, x1, bottom, top = box
                ln = Line(text[start:end], x0, x1, bottom, top)
                m = _MARKER.match(ln.text)
                if m and m.end() < end - start:
                    after = tp.get_charbox(start + m.end())
                    if after[2] > after[0]:
                        ln.text_x0 = after[0]
                out.lines.append(ln)
        return out, text
    finally:
        tp.close()


def extract_pdf(path: Path, *, password: str | None = None) -> Extraction:
    path = Path(path)
    _check_bytes(path)
    doc = _open(path, password)
    warnings: list[str] = []
    pages: list[PageLines] = []
    scanned, garbled = [], []
    bad_total = vis_total = 0
    try:
        n = len(doc)
        if n == 0:
            raise ParseError("PDF has no pages")
        title = (doc.get_metadata_value("Title") or "").strip() or None
        for i in range(n):
            page = doc[i]
            try:
                pl, raw_text = read_lines(page)
                visible = len(re.sub(r"\s", "", raw_text))
                bad = len(_BAD.findall(raw_text))
                bad_total += bad
                vis_total += visible
                if visible < 5 and _has_images(page):
                    scanned.append(i + 1)
                    pl.lines = []
                elif visible and bad / visible > GARBLED_SHARE:
                    garbled.append(i + 1)
                    pl.lines = []
                pages.append(pl)
            finally:
                page.close()
    finally:
        doc.close()
    if vis_total and bad_total / vis_total > GARBLED_SHARE:
        raise ParseError(f"text layer is mostly unmapped glyphs ({bad_total / vis_total:.0%} of characters): "
                         "a font without a Unicode map; the document needs OCR")
    if len(scanned) == n:
        raise ParseError(f"no text layer: all {n} page(s) are images (a scan); the document needs OCR")
    if not vis_total:
        raise ParseError(f"no text on any of the {n} page(s)")
    if scanned:
        warnings.append(f"{len(scanned)} page(s) without a text layer (scanned images): {_ranges(scanned)}")
    if garbled:
        warnings.append(f"{len(garbled)} page(s) of unmapped glyphs dropped: {_ranges(garbled)}")
    normalise_lines(pages)
    removed = remove_furniture(pages)
    texts = assemble(pages)
    ext = Extraction(texts, warnings, title=title, parser="pdfium", format="pdf")
    ext.removed_lines = removed  # type: ignore[attr-defined]
    return ext


def _ranges(pages: list[int]) -> str:
    out, start, prev = [], None, None
    for p in pages + [None]:
        if start is None:
            start = prev = p
        elif p is not None and p == prev + 1:
            prev = p
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = p
    return ", ".join(out[:20]) + (" …" if len(out) > 20 else "")
