"""The typesetter's PDF reads back exactly: header and footer on every body page, and the body
text equal to the source once the header/footer lines are dropped and wrapped lines rejoined."""
from __future__ import annotations

import re
import subprocess
import shutil
import zipfile

import pytest

pytest.importorskip("reportlab")

from textmine.sample.plandoc import parse_plan_md  # noqa: E402

try:
    from textmine.sample.fonts import font_file, BODY, HEADING

    font_file(BODY), font_file(HEADING)
except Exception as exc:  # noqa: BLE001
    pytest.skip(f"no TrueType CJK font for the typesetter: {exc}", allow_module_level=True)

from textmine.sample.typeset import typeset_pdf, write_docx, write_html  # noqa: E402

WS = re.compile(r"\s+")
SOURCE = """title: 示例市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
city: 丽水市
issuer: 示例市人民政府
date: 2021年2月

# 第一篇 生态优先
## 第一章 发展基础
### 第一节 主要成就
“十三五”时期，全市坚定践行“绿水青山就是金山银山”理念，生态产品价值实现机制试点取得重大突破，地区生产总值年均增长7.2%，森林覆盖率稳定在81.7%以上。全面完成GEP核算体系建设，建立“两山银行”生态资源运营平台，林权、水权、排污权、碳排放权交易逐步活跃。
> 专栏1 主要指标：地区生产总值年均增长7%左右；生态系统生产总值（GEP）年均增长5%以上。
### 第二节 面临形势
当今世界正经历百年未有之大变局（新一轮科技革命和产业变革深入发展），我国已转向高质量发展阶段，继续发展具有多方面优势和条件。
## 第二章 绿色金融
创新“生态贷”“两山贷”“GEP贷”等绿色信贷产品，探索公益林补偿收益权质押，鼓励设立生态产业投资基金，支持企业发行绿色债券，推进用水权、排污权、用能权交易。
"""


def _doc():
    return parse_plan_md(SOURCE)


def _strip_page(lines: list[str], page) -> str:
    lines = [ln for ln in lines if ln.strip()]
    if page.header:
        assert WS.sub("", lines[0]) == WS.sub("", page.header)
        lines = lines[1:]
    if page.footer:
        assert WS.sub("", lines[-1]) == WS.sub("", page.footer)
        lines = lines[:-1]
    return WS.sub("", "".join(lines))


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("ts") / "plan.pdf"
    # a narrow measure and short pages force wrapped terms and paragraphs split over page breaks
    layout = typeset_pdf(_doc(), path, chars_per_line=17, lines_per_page=9, footer_format="{page} / {pages}")
    return path, layout


def test_layout_wraps_terms_and_splits_paragraphs_over_pages(small_pdf):
    _, layout = small_pdf
    body = layout.body_pages
    assert len(body) >= 3 and all(p.header == _doc().title for p in body)
    assert [p.footer for p in body] == [f"{i} / {len(body)}" for i in range(1, len(body) + 1)]
    lines = [ln for p in body for ln in p.text_lines()]
    joined = "".join(lines)
    assert WS.sub("", joined) == WS.sub("", _doc().body_text())
    # no line starts with closing punctuation or ends with an opening mark
    assert not any(ln[0] in "，。、；：）”》" for ln in lines)
    assert not any(ln[-1] in "（“《" for ln in lines)
    # some lexicon term is broken over a line end somewhere (what the parser must rejoin)
    terms = ["生态产品", "排污权", "碳排放权", "绿色信贷", "两山银行", "生态系统生产总值", "绿色债券", "公益林"]
    assert any(t in joined and all(t not in ln for ln in lines) for t in terms)


def test_pdf_round_trip_pdfplumber(small_pdf):
    import pdfplumber

    path, layout = small_pdf
    with pdfplumber.open(path) as pdf:
        got = [_strip_page(pg.extract_text().split("\n"), layout.pages[i]) for i, pg in enumerate(pdf.pages)]
    assert len(got) == len(layout.pages)
    body = "".join(g for g, p in zip(got, layout.pages) if p.kind == "body")
    assert body == WS.sub("", _doc().body_text())
    cover = got[0]
    assert cover.startswith(WS.sub("", _doc().title))


def test_pdf_round_trip_pypdfium2(small_pdf):
    import pypdfium2

    path, layout = small_pdf
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        got = [_strip_page(pdf[i].get_textpage().get_text_range().replace("\r", "").split("\n"), layout.pages[i])
               for i in range(len(pdf))]
    finally:
        pdf.close()
    assert "".join(g for g, p in zip(got, layout.pages) if p.kind == "body") == WS.sub("", _doc().body_text())


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts, pdftotext) not installed")
def test_fonts_embedded_with_tounicode_and_pdftotext(small_pdf):
    path, layout = small_pdf
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    cjk = [r.split() for r in rows if "UMing" in r or "MicroHei" in r or "Hei" in r]
    assert cjk and all(r[-5:-2] == ["yes", "yes", "yes"] for r in cjk)  # emb sub uni
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    body = "".join(_strip_page(pages[i].split("\n"), p) for i, p in enumerate(layout.pages) if p.kind == "body")
    assert body == WS.sub("", _doc().body_text())


def test_two_columns_read_in_order_with_pypdfium2(tmp_path):
    import pypdfium2

    layout = typeset_pdf(_doc(), tmp_path / "two.pdf", chars_per_line=12, lines_per_page=10, columns=2, toc=False)
    pdf = pypdfium2.PdfDocument(str(tmp_path / "two.pdf"))
    try:
        got = "".join(_strip_page(pdf[i].get_textpage().get_text_range().replace("\r", "").split("\n"), layout.pages[i])
                      for i in range(len(pdf)) if layout.pages[i].kind == "body")
    finally:
        pdf.close()
    assert any(ln.column == 1 for p in layout.body_pages for ln in p.lines)
    assert got == WS.sub("", _doc().body_text())


def test_pdf_is_deterministic(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    typeset_pdf(_doc(), a)
    typeset_pdf(_doc(), b)
    assert a.read_bytes() == b.read_bytes()


def test_docx_has_header_page_field_and_text(tmp_path):
    import docx

    path = write_docx(_doc(), tmp_path / "plan.docx")
    d = docx.Document(str(path))
    assert d.sections[0].header.paragraphs[0].text == _doc().title
    with zipfile.ZipFile(path) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f for f in footers)
    text = WS.sub("", "".join(p.text for p in d.paragraphs))
    assert WS.sub("", _doc().body_text()) in text
    assert write_docx(_doc(), tmp_path / "again.docx").read_bytes() == path.read_bytes()


def test_html_gbk_declares_charset_and_keeps_body(tmp_path):
    from bs4 import BeautifulSoup

    path = write_html(_doc(), tmp_path / "plan.html", encoding="gbk")
    raw = path.read_bytes()
    assert b"charset=gb2312" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    soup = BeautifulSoup(raw.decode("gb18030"), "html.parser")
    body = WS.sub("", soup.select_one("#zoom").get_text())
    assert WS.sub("", _doc().body_text()) in body
    assert soup.select_one(".breadcrumb") and soup.select_one(".share") and soup.find("script")
