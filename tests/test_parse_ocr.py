"""OCR behind an option: a scanned page (an image of Chinese text, no text layer) is read by
tesseract with --ocr, and stays an empty, flagged page without it."""
from __future__ import annotations

import glob

import pytest

from textmine.parse import ParseError, extract
from textmine.parse.ocr import ocr_unavailable

LINES = ["推进生态产品价值实现机制试点", "建立健全生态保护补偿制度"]


def accuracy(text: str) -> float:
    """Character similarity of OCR output with LINES (OCR is good, not perfect)."""
    import difflib

    return difflib.SequenceMatcher(None, "".join(LINES), "".join(text.split())).ratio()
FONTS = sorted(glob.glob("/usr/share/fonts/**/wqy-microhei.ttc", recursive=True)
               + glob.glob("/usr/share/fonts/**/NotoSansCJK-Regular.ttc", recursive=True))


def _scan_pdf(path, with_text_page: bool) -> None:
    """A PDF whose page 1 is a picture of LINES (as a scanner makes it); optionally a normal page 2."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.truetype(FONTS[0], 62)       # 15 pt body text scanned at 300 dpi
    img = Image.new("L", (2100, 360), 255)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(LINES):
        d.text((60, 60 + i * 130), line, font=font, fill=0)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 50, 500, width=504, height=86.4)
    c.showPage()
    if with_text_page:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 14)
        c.drawString(72, 700, "第二页正文：完善排污权交易。")
        c.showPage()
    c.save()


needs_ocr = pytest.mark.skipif(ocr_unavailable() is not None or not FONTS,
                               reason=f"OCR test needs tesseract with chi_sim and a CJK font: "
                                      f"{ocr_unavailable() or 'no CJK font found'}")


@needs_ocr
def test_scanned_page_is_read_with_ocr(tmp_path):
    pdf = tmp_path / "scan.pdf"
    _scan_pdf(pdf, with_text_page=True)
    plain = extract(pdf)
    assert plain.pages[0] == "" and any("without a text layer" in w for w in plain.warnings)
    ext = extract(pdf, ocr=True)
    assert ext.parser == "pdfium+tesseract"
    assert any("read by OCR" in w for w in ext.warnings)
    assert accuracy(ext.pages[0]) >= 0.9 and "生态产品价值实现" in ext.pages[0]
    assert "排污权交易" in ext.pages[1]


@needs_ocr
def test_image_only_document_fails_without_ocr_and_parses_with_it(tmp_path, store, cli):
    from textmine.ingest import ingest
    from textmine.parse import parse_corpus

    pdf = tmp_path / "scan.pdf"
    _scan_pdf(pdf, with_text_page=False)
    with pytest.raises(ParseError, match="needs OCR"):
        extract(pdf)
    ingest(store, [pdf], city="丽水", kind="plan")
    first = parse_corpus(store)
    assert len(first.failed) == 1 and "needs OCR" in first.failed[0][1]
    again = parse_corpus(store, ocr=True)          # picks up the document that needed OCR
    assert len(again.parsed) == 1 and not again.failed
    text = store.conn.execute("SELECT text FROM pages WHERE page=1").fetchone()[0]
    assert accuracy(text) >= 0.9
    assert parse_corpus(store, ocr=True).skipped == 1   # parsed with OCR: not again
    out = cli("extract", pdf, "--ocr")
    assert out.exit_code == 0 and accuracy(out.output.split("\n", 1)[1]) >= 0.9
