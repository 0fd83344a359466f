"""Documents of doubtful parse quality built from real ones (../shared/realdata), for the readiness tests: a
partly scanned outline (a real text page typeset, then image-only pages of a real scanned PDF), a placeholder
and an empty text set as outlines, a chapter alone set as a whole outline."""
from __future__ import annotations

import re
from pathlib import Path

HANGZHOU = "plans/十五五纲要_杭州市.txt"
SCAN = "stats/统计公报_2025_张家界市_扫描件.pdf"          # 20 pages, no text layer
PLACEHOLDER = "plans/政府工作报告_2026_合肥市_占位稿.txt"     # 111 characters
REAL_OUTLINES = ("北京", "上海", "广州", "杭州", "南京", "苏州", "深圳")


def eco_part(shared: Path) -> str:
    """The part on the ecological civilisation of 杭州's real 十五五 outline (its text copy stops in it: ~1,300
    characters, one page)."""
    text = (shared / "realdata" / HANGZHOU).read_text("utf-8")
    return text[text.index("第十四篇 坚持“双碳”引领", 2000):]


def chapter_alone(shared: Path) -> str:
    """苏州's real 十五五 outline's part on the green transition alone (第十三篇, ~5,800 characters): a fragment
    taken for the whole outline."""
    text = (shared / "realdata" / "plans" / "十五五纲要_苏州市.txt").read_text("utf-8")
    start = text.rindex("\n第十三篇 全面绿色转型") + 1         # the part, not its line in the contents
    return text[start:text.index("\n第十四篇", start)]


def partly_scanned_outline(shared: Path, path: Path, scanned_pages: int = 3) -> Path:
    """A PDF outline: page 1 a real outline page (杭州's title and its part on the ecological civilisation, typeset
    with a text layer), then `scanned_pages` image-only pages of a real scanned document."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from parse_fixtures import pdfgen

    pdfgen._register()
    body = re.sub(r"\s+", "", eco_part(shared))
    text_pdf = path.with_suffix(".text.pdf")
    c = canvas.Canvas(str(text_pdf), pagesize=pdfgen.A4)
    c.setFont(pdfgen.FONT, 16)
    c.drawString(72, 770, "杭州市国民经济和社会发展第十五个五年规划纲要")
    c.setFont(pdfgen.FONT, 11)
    y = 730
    for k in range(0, len(body), 40):
        c.drawString(60, y, body[k:k + 40])
        y -= 16
        if y < 60:
            break
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(str(text_pdf))
    scan = pdfium.PdfDocument(str(shared / "realdata" / SCAN))
    doc.import_pages(scan, list(range(scanned_pages)))
    doc.save(str(path))
    doc.close()
    scan.close()
    text_pdf.unlink()
    return path


def six_outlines_and_a_chapter(cli, shared: Path, tmp_path: Path) -> None:
    """Six real 十五五 outlines ingested and counted, and 苏州's green-transition part alone as its outline (a case
    whose density is an outlier: 12× the others' median)."""
    plans = shared / "realdata" / "plans"
    for city in REAL_OUTLINES:
        if city != "苏州":
            cli("ingest", plans / f"十五五纲要_{city}市.txt", "--city", city, "--kind", "plan", "--period", "十五五",
                "--plan-type", "outline")
    part = tmp_path / "苏州第十三篇.txt"
    part.write_text(chapter_alone(shared), "utf-8")
    cli("ingest", part, "--city", "苏州", "--kind", "plan", "--period", "十五五", "--plan-type", "outline")
    cli("count", "--period", "十五五")
