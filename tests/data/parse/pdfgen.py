"""Build plan-style Chinese PDFs with known text, for the parse tests and benchmarks.

Uses reportlab's built-in CID font STSong-Light (Unicode CMap, no embedding) and lays
lines out by hand so we know exactly where each line and page breaks: running header,
page number footer, first-line indents, a term wrapped across two lines, a paragraph (and
a term) continued across a page break, character spacing, fake bold (text drawn twice,
slightly offset), a two-column page and an image-only page.
"""
from __future__ import annotations

import os
import random
from pathlib import Path

FONT = "STSong-Light"
TITLE = "第一章 推进生态文明建设"   # drawn with wide character spacing
HEADER = "南平市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
# The term the tests look for where it is split by a line break and by a page break.
TERM = "生态产品价值实现"
A4 = (595.27, 841.89)
SIZE = 12.0
LEFT, RIGHT = 72.0, A4[0] - 72.0
PER_LINE = int((RIGHT - LEFT) // SIZE)          # 37 CJK characters per full line
TOP, BOTTOM = A4[1] - 90.0, 90.0
LEADING = 20.0
LINES_PER_PAGE = int((TOP - BOTTOM) // LEADING)

_WORDS = ("生态保护补偿 自然资源资产 绿水青山就是金山银山 碳达峰碳中和 生态环境治理 国土空间规划 "
          "湿地保护修复 森林覆盖率 河长制湖长制 生物多样性 绿色金融 排污权交易 用能权交易 "
          "林权制度改革 乡村振兴 高质量发展 现代化产业体系 数字经济 公共服务 城乡融合").split()


WQY = Path(os.environ.get("TEXTMINE_TEST_CJK_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))


def _register():
    """Embed WenQuanYi Micro Hei (TrueType, Debian fonts-wqy-microhei) when present, as real
    plans embed their fonts; else reportlab's built-in, non-embedded STSong-Light."""
    global FONT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    if WQY.is_file():
        from reportlab.pdfbase.ttfonts import TTFont

        FONT = "WenQuanYi"
        pdfmetrics.registerFont(TTFont(FONT, str(WQY), subfontIndex=0))
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def paragraph(rng: random.Random, n_chars: int) -> str:
    out = ""
    while len(out) < n_chars:
        out += rng.choice(_WORDS) + rng.choice("，，，。、；")
    return out[: n_chars - 1] + "。"


def wrap(par: str, indent: int = 2, **_) -> list[tuple[str, int]]:
    """Break a paragraph into (line text, indent in chars): the first line indented."""
    lines, first = [], True
    while par:
        width = PER_LINE - (indent if first else 0)
        lines.append((par[:width], indent if first else 0))
        par, first = par[width:], False
    return lines


def _header_footer(c, page_no: int) -> None:
    c.setFont(FONT, 9)
    c.drawCentredString(A4[0] / 2, A4[1] - 50, HEADER)
    c.line(LEFT, A4[1] - 56, RIGHT, A4[1] - 56)
    c.setFont(FONT, 10.5)
    c.drawCentredString(A4[0] / 2, 45, f"— {page_no} —")


def _draw_line(c, x, y, text, *, char_space=0.0, fake_bold=False, indent=None):
    for dx in ((0.0, 0.35) if fake_bold else (0.0,)):
        t = c.beginText(x + dx, y)
        t.setFont(FONT, SIZE)
        t.setCharSpace(char_space)
        t.textOut(text)
        c.drawText(t)


def build_plan_pdf(path: Path, *, pages: int = 6, seed: int = 7, specials: bool = True) -> list[str]:
    """Write a plan-style PDF; returns the body paragraphs as written (ground truth, in order).

    With ``specials`` the first pages carry a term split over a line break, a paragraph and a
    term continued over the page 1 -> 2 break, a character-spaced and a fake-bold paragraph;
    the second-to-last page is two columns and the last page is only an image.
    """
    from reportlab.pdfgen import canvas

    _register()
    rng = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("规划纲要")
    truth: list[str] = []
    body_pages = pages - 2 if specials else pages

    # Paragraph stream; specials: the term straddles a line break in paragraph 1 and the
    # page break at the end of page 1.
    pars: list[tuple[str, dict]] = []
    if specials:
        head = paragraph(rng, PER_LINE - 2 - 4)
        pars.append((head + TERM + paragraph(rng, 60), {}))
        pars.append((TITLE, {"char_space": 9.0, "indent": 0}))
        pars.append((paragraph(rng, 50), {"fake_bold": True}))
    total_lines = body_pages * LINES_PER_PAGE
    used = sum(len(wrap(p, **st)) for p, st in pars)
    if specials:
        # fill page 1 so that the next paragraph's 3rd line is the page's last line, ending
        # with the first half of TERM
        while used + 6 < LINES_PER_PAGE:
            p = paragraph(rng, rng.randint(40, 120))
            if used + len(wrap(p)) + 3 > LINES_PER_PAGE:
                p = paragraph(rng, PER_LINE * (LINES_PER_PAGE - used - 3) - 10)
            pars.append((p, {}))
            used += len(wrap(p))
        need = LINES_PER_PAGE - used          # lines left on page 1 for the straddling paragraph
        pre = paragraph(rng, (PER_LINE - 2) + PER_LINE * (need - 1) - 4)[:-1]
        pars.append((pre + TERM + paragraph(rng, 90), {}))
        used += len(wrap(pars[-1][0]))
    while used < total_lines:
        remaining = total_lines - used
        p = paragraph(rng, rng.randint(30, 200))
        if len(wrap(p)) > remaining - 2:      # last paragraph: fill the page, end on a short line
            p = paragraph(rng, 10 if remaining == 1 else (PER_LINE - 2) + PER_LINE * (remaining - 2) + 10)
        pars.append((p, {}))
        used += len(wrap(p))

    page_no, row = 1, 0
    _header_footer(c, page_no)
    for par, style in pars:
        truth.append(par)
        for text, indent in wrap(par, **style):
            if row >= LINES_PER_PAGE:
                c.showPage()
                page_no += 1
                row = 0
                if page_no > body_pages:
                    break
                _header_footer(c, page_no)
            _draw_line(c, LEFT + indent * SIZE, TOP - row * LEADING, text, **style)
            row += 1
        if page_no > body_pages:
            truth.pop()
            break
    if page_no <= body_pages:
        c.showPage()
        page_no += 1
    if specials:
        _header_footer(c, page_no)
        col_w = (RIGHT - LEFT - 24) / 2
        per_col = int(col_w // SIZE)
        for ci, x0 in enumerate((LEFT, LEFT + col_w + 24)):
            par = paragraph(rng, per_col * 12 - 3)
            truth.append(par)
            for r in range(0, len(par), per_col):
                _draw_line(c, x0, TOP - (r // per_col) * LEADING, par[r:r + per_col])
        c.showPage()
        page_no += 1
        _image_page(c)
        c.showPage()
    c.save()
    return truth


def _image_page(c) -> None:
    """A page that is only a picture of text (a scan): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (400, 200), 255)
    d = ImageDraw.Draw(img)
    for y in range(20, 180, 16):
        d.line((20, y, 380, y), fill=0, width=6)
    c.drawImage(ImageReader(img), 72, 400, width=400, height=200)


def build_image_only_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    _image_page(c)
    c.showPage()
    c.save()


def build_encrypted_pdf(path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    _register()
    enc = pdfencrypt.StandardEncryption("secret-user", ownerPassword="secret-owner", canPrint=0)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=enc)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, TOP, "加密文件" + TERM)
    c.showPage()
    c.save()


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "plan.pdf")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    truth = build_plan_pdf(out, pages=n)
    print(out, len(truth), "paragraphs")
