"""PDF text with pypdfium2 (PDFium): lines with their boxes, then ``layout`` does the rest.

PDFium gives the text of a page in content-stream order with a line break wherever the
baseline changes, drops fake-bold duplicates (the same glyph drawn twice, slightly offset)
and is as fast as pdftotext. We ask it for the page text once and for two loose character
boxes per line (first and last visible character: advance width and font height, so a line
ending in a narrow full-width mark ends at its em): enough for header/footer and wrap decisions,
cheap enough to keep the whole stage faster than pdftotext. Pages and documents are closed
as soon as they are read, so memory stays flat on 1,000-page files.
"""
from __future__ import annotations

import ctypes
import re
from pathlib import Path

from .layout import Line, PageLines, assemble, remove_furniture
from .normalise import normalise, normalise_line
from .roles import page_roles
from .model import Extraction, ParseError
from .ocr import ocr_pdf_pages

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_spans(text: str):
    """(start, end) of the lines of a page text: PDFium ends lines with "\\r\\n"; a text that also
    has lone "\\r" or "\\n" is split by the regex."""
    n = text.count("\r\n")
    if text.count("\r") == n and text.count("\n") == n:
        pos = 0
        for piece in text.split("\r\n"):
            end = pos + len(piece)
            yield pos, end
            pos = end + 2
        return
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


# A list marker at the start of a line; continuation lines align with the text after it.
_MARKER = re.compile(r"^\s*(?:[•●○■□▪◦∗*·‣⁃–-]|\d{1,3}[.、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")
_MARKER_FIRST = frozenset("•●○■□▪◦∗*·‣⁃–-（(一二三四五六七八九十")   # or a digit or a space
# Characters that stand for glyphs without a Unicode mapping: U+FFFD, private use, C0 controls.
_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\(cid:\d+\)")
_BAD_CHAR = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
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


class _Pdfium:
    """The handful of raw PDFium calls of the per-page loop, without pypdfium2's wrapper objects
    (each wrapped page/text page registers finalizers, each box query allocates a rectangle).
    ``FPDFText_GetLooseCharBox`` runs twice per line, so it gets a prototype with plain
    ``void*`` arguments writing into one preallocated rectangle: half the cost of the typed call."""

    def __init__(self):
        import pypdfium2.raw as raw

        self.raw = raw
        self.buf = (ctypes.c_ushort * 8192)()
        loose = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        self.get_loose_charbox = loose(ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
        self.loose = (ctypes.c_float * 4)()         # FS_RECTF: left, top, right, bottom
        self.loose_addr = ctypes.addressof(self.loose)


_PDFIUM: _Pdfium | None = None


def _pdfium() -> _Pdfium:
    global _PDFIUM
    if _PDFIUM is None:
        _PDFIUM = _Pdfium()
    return _PDFIUM


def _page_text(api: _Pdfium, tp, n_chars: int) -> str:
    """The text of a whole text page, as ``PdfTextPage.get_text_range()`` gives it: leading and
    trailing chars without a text index are left out of the range (crbug.com/pdfium/2079)."""
    raw = api.raw
    lo, hi = 0, n_chars - 1
    while lo <= hi and raw.FPDFText_GetTextIndexFromCharIndex(tp, lo) == -1:
        lo += 1
    while hi >= lo and raw.FPDFText_GetTextIndexFromCharIndex(tp, hi) == -1:
        hi -= 1
    if lo > hi:
        return ""
    need = raw.FPDFText_GetTextIndexFromCharIndex(tp, hi) + 2 - raw.FPDFText_GetTextIndexFromCharIndex(tp, lo)
    if need > len(api.buf):
        api.buf = (ctypes.c_ushort * max(need, 2 * len(api.buf)))()
    got = raw.FPDFText_GetText(tp, lo, hi - lo + 1, api.buf)
    return memoryview(api.buf)[:max(got - 1, 0)].tobytes().decode("utf-16-le", errors="ignore")


def _has_images(page) -> bool:
    import pypdfium2.raw as raw

    for i in range(raw.FPDFPage_CountObjects(page)):
        if _has_image_object(raw, raw.FPDFPage_GetObject(page, i), 3):
            return True
    return False


def _has_image_object(raw, obj, depth: int) -> bool:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_IMAGE:
        return True
    if kind == raw.FPDF_PAGEOBJ_FORM and depth > 1:
        return any(_has_image_object(raw, raw.FPDFFormObj_GetObject(obj, j), depth - 1)
                   for j in range(raw.FPDFFormObj_CountObjects(obj)))
    return False


def read_lines(api: _Pdfium, page, width: float, height: float) -> tuple[PageLines, str]:
    """Positioned lines of one page (a raw PDFium page handle), their text normalised (a line left
    empty dropped), and the page's raw text (for garbage detection). Each line's box comes from its
    first and last characters that have one; list markers are looked for in the raw text."""
    raw = api.raw
    tp = raw.FPDFText_LoadPage(page)
    if not tp:
        raise ParseError("PDFium could not read the text of a page")
    try:
        n_chars = raw.FPDFText_CountChars(tp)
        text = _page_text(api, tp, n_chars) if n_chars > 0 else ""
        out = PageLines(width, height)
        if len(text) != n_chars:
            # non-BMP characters take two UTF-16 units in PDFium's indexing; keep the text,
            # estimate boxes by spreading lines over the page (rare: CJK extension B and up)
            raw_lines = _LINE_BREAK.split(text)
            step = height / (len(raw_lines) + 1)
            for k, t in enumerate(raw_lines):
                t = normalise_line(t).strip(" ")
                if t:
                    out.lines.append(Line(t, 0.0, width, height - (k + 1) * step, height - k * step))
            return out, text
        loose, box, addr = api.get_loose_charbox, api.loose, api.loose_addr
        handle = ctypes.cast(tp, ctypes.c_void_p).value
        lines = out.lines
        marker, marker_first = _MARKER.match, _MARKER_FIRST
        spans = list(_line_spans(text))
        # the whole page normalised in one call: normalisation keeps line breaks and works within a
        # line, so the k-th normalised line is the k-th line's text
        normed = normalise_line(text)
        normed = normed.split("\r\n") if len(spans) == text.count("\r\n") + 1 else _LINE_BREAK.split(normed)
        if len(normed) != len(spans):     # cannot happen (see above); be safe
            normed = [normalise_line(text[a:b]) for a, b in spans]
        for (start, end), t in zip(spans, normed):
            s = text[start:end]
            if not s or s.isspace():
                continue
            t = t.strip(" ")
            if not t:
                continue
            # the first and the last visible character with a box (right > left), among the
            # first/last four; loose boxes (the glyph's advance and the font's height), so a
            # line ending in a full-width ，。 ends where its em ends, and heights follow the size
            a = start + len(s) - len(s.lstrip()) if s[0].isspace() else start
            z = end - 1 - (len(s) - len(s.rstrip(" \t\ufffe"))) if s[-1] in " \t\ufffe" else end - 1
            loose(handle, a, addr)
            if box[2] <= box[0]:
                for i in range(a + 1, min(z + 1, a + 4)):
                    loose(handle, i, addr)
                    if box[2] > box[0]:
                        break
                else:
                    continue
            x0, top, x1, bottom = box[:]
            loose(handle, z, addr)
            if box[2] <= box[0]:
                for i in range(z - 1, max(a - 1, z - 4), -1):
                    loose(handle, i, addr)
                    if box[2] > box[0]:
                        break
                else:
                    continue
            l, tp_, r, b = box[:]
            ln = Line(t, x0 if x0 <= l else l, x1 if x1 >= r else r, bottom if bottom <= b else b,
                      top if top >= tp_ else tp_)
            c = s[0]
            if c in marker_first or c.isdecimal() or c.isspace():
                m = marker(s)
                if m and m.end() < end - start:
                    loose(handle, start + m.end(), addr)
                    if box[2] > box[0]:
                        ln.text_x0 = box[0]
            lines.append(ln)
        return out, text
    finally:
        raw.FPDFText_ClosePage(tp)


def piece_range(n: int, piece: int, pieces: int) -> tuple[int, int]:
    """The pages [start, stop) of piece ``piece`` of ``pieces`` of an ``n``-page document."""
    return n * piece // pieces, n * (piece + 1) // pieces


class PdfPiece:
    """What a worker reads of a page range of one PDF: the normalised lines of each page with their
    boxes, and what the document-level passes need to know about them (``finish_pdf``).

    Pickled compactly (one string of line texts, one array of boxes), since pieces travel between
    processes: a 1,000-page document has some 50,000 lines."""

    def __init__(self, pages: int, first: int, title: str | None = None):
        self.pages = pages                 # the document's page count
        self.first = first                 # index of this piece's first page
        self.title = title                 # the document's Title (piece 0 only)
        self.lines: list[PageLines] = []   # one per page of the range
        self.scanned: list[int] = []       # page numbers (1-based) without a text layer
        self.garbled: list[int] = []       # page numbers dropped as unmapped glyphs
        self.bad = 0                       # unmapped-glyph characters
        self.visible = 0                   # visible characters
        self.peak_rss_mb: float | None = None

    def __reduce__(self):
        from array import array

        sizes, counts, boxes, texts = array("d"), array("l"), array("d"), []
        for p in self.lines:
            sizes.append(p.width)
            sizes.append(p.height)
            counts.append(len(p.lines))
            for ln in p.lines:
                texts.append(ln.text)
                boxes.extend((ln.x0, ln.x1, ln.bottom, ln.top, ln.text_x0))
        head = (self.pages, self.first, self.title, self.scanned, self.garbled, self.bad, self.visible,
                self.peak_rss_mb)
        return _unpack_piece, (head, sizes.tobytes(), counts.tobytes(), boxes.tobytes(), "\n".join(texts))


def _unpack_piece(head, sizes: bytes, counts: bytes, boxes: bytes, texts: str) -> PdfPiece:
    from array import array

    pages, first, title, scanned, garbled, bad, visible, peak = head
    piece = PdfPiece(pages, first, title)
    piece.scanned, piece.garbled, piece.bad, piece.visible, piece.peak_rss_mb = scanned, garbled, bad, visible, peak
    sz, ct, bx = array("d"), array("l"), array("d")
    sz.frombytes(sizes)
    ct.frombytes(counts)
    bx.frombytes(boxes)
    words = texts.split("\n") if sum(ct) else []
    k = 0
    for i, n in enumerate(ct):
        pl = PageLines(sz[2 * i], sz[2 * i + 1])
        pl.lines = [Line(words[j], bx[5 * j], bx[5 * j + 1], bx[5 * j + 2], bx[5 * j + 3], bx[5 * j + 4])
                    for j in range(k, k + n)]
        k += n
        piece.lines.append(pl)
    return piece


def read_piece(path: Path, piece: int = 0, pieces: int = 1, *, password: str | None = None) -> PdfPiece:
    """Read the pages of piece ``piece`` of ``pieces`` (equal page ranges, in order) of a PDF: each
    piece opens the file itself, so several workers read one document at once."""
    path = Path(path)
    _check_bytes(path)
    doc = _open(path, password)
    try:
        n = len(doc)
        if n == 0:
            raise ParseError("PDF has no pages")
        start, stop = piece_range(n, piece, pieces)
        out = PdfPiece(n, start, (doc.get_metadata_value("Title") or "").strip() or None if piece == 0 else None)
        api = _pdfium()
        raw = api.raw
        for i in range(start, stop):
            page = raw.FPDF_LoadPage(doc.raw, i)
            if not page:
                raise ParseError(f"PDF page {i + 1} cannot be loaded (damaged page tree?)")
            try:
                pl, raw_text = read_lines(api, page, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))
                visible = len("".join(raw_text.split()))
                bad = len(_BAD.findall(raw_text)) if "(cid:" in raw_text or _BAD_CHAR.search(raw_text) else 0
                out.bad += bad
                out.visible += visible
                if visible < 5 and _has_images(page):
                    out.scanned.append(i + 1)
                    pl.lines = []
                elif visible and bad / visible > GARBLED_SHARE:
                    out.garbled.append(i + 1)
                    pl.lines = []
                out.lines.append(pl)
            finally:
                raw.FPDF_ClosePage(page)
    finally:
        doc.close()
    return out


def finish_pdf(path: Path, pieces: list[PdfPiece], *, ocr: bool = False) -> Extraction:
    """The document from its pieces (all of them, in page order): the document-level checks and
    passes — unmapped glyphs, scanned pages (OCR), running headers and footers found over the
    whole document, page roles, paragraphs rejoined across pages."""
    n = pieces[0].pages
    pages = [pl for p in pieces for pl in p.lines]
    if len(pages) != n:
        raise ParseError(f"internal error: pieces hold {len(pages)} of the {n} pages")
    scanned = [k for p in pieces for k in p.scanned]
    garbled = [k for p in pieces for k in p.garbled]
    bad_total = sum(p.bad for p in pieces)
    vis_total = sum(p.visible for p in pieces)
    warnings: list[str] = []
    if vis_total and bad_total / vis_total > GARBLED_SHARE:
        raise ParseError(f"text layer is mostly unmapped glyphs ({bad_total / vis_total:.0%} of characters): "
                         "a font without a Unicode map; the document needs OCR")
    ocr_text: dict[int, str] = {}
    if scanned and ocr:
        ocr_text = ocr_pdf_pages(path, scanned)
        warnings.append(f"{len(scanned)} page(s) without a text layer read by OCR (tesseract): {_ranges(scanned)}")
    elif len(scanned) == n:
        raise ParseError(f"no text layer: all {n} page(s) are images (a scan); the document needs OCR")
    if not vis_total and not any(t.strip() for t in ocr_text.values()):
        raise ParseError(f"no text on any of the {n} page(s)")
    if scanned and not ocr:
        warnings.append(f"{len(scanned)} page(s) without a text layer (scanned images): {_ranges(scanned)}")
    if garbled:
        warnings.append(f"{len(garbled)} page(s) of unmapped glyphs dropped: {_ranges(garbled)}")
    remove_furniture(pages)      # running headers, footers and page numbers
    roles = page_roles([[ln.text for ln in p.lines] for p in pages])
    texts = assemble(pages, roles)
    if ocr_text:
        for number, text in ocr_text.items():
            texts[number - 1] = normalise(text)
            roles[number - 1] = "body"
    return Extraction(texts, warnings, title=pieces[0].title, parser="pdfium+tesseract" if ocr_text else "pdfium",
                      format="pdf", roles=roles)


def extract_pdf(path: Path, *, password: str | None = None, ocr: bool = False) -> Extraction:
    """Normalised page texts of a PDF, read in one piece. With ``ocr``, pages without a text layer are
    read by tesseract (see ocr.py) instead of being left empty."""
    return finish_pdf(path, [read_piece(path, password=password)], ocr=ocr)


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
