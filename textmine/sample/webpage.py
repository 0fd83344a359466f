"""The two non-PDF renderings of a plan: a Word file (python-docx) with a running header and a PAGE
field in the footer, and a government-portal article page (navigation, breadcrumb, share buttons,
footer and scripts around the article body), in UTF-8 or GBK with a matching <meta> charset."""
from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from ..atomic import write_bytes
from .plandoc import PlanDoc

FIXED_ZIP_TIME = (2021, 3, 1, 0, 0, 0)


def _atomic_write(path: Path, data: bytes) -> None:
    write_bytes(path, data, mode=0o644)   # fixed mode: the committed sample must not depend on the umask


def _east_asian(run, font: str) -> None:
    from docx.oxml.ns import qn

    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _page_field(paragraph) -> None:
    """Insert a Word PAGE field (the page number Word computes when it lays the document out)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)


def write_docx(doc: PlanDoc, path: str | Path, *, header: str | None = None) -> Path:
    """A Word document: cover, then the body with 黑体 headings and 仿宋 paragraphs indented two
    characters, the running header and a "- PAGE -" footer. Byte-identical for the same input."""
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = Document()
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = doc.title, doc.issuer or doc.city, "", 1
    cp.created = cp.modified = dt.datetime(2021, 3, 1)
    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(hp.add_run(doc.title if header is None else header), "宋体")
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("- ")
    _page_field(fp)
    fp.add_run(" -")

    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.font.size, run.bold = Pt(22), True
    _east_asian(run, "方正小标宋简体")
    for s in (doc.issuer, doc.date):
        if s:
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _east_asian(p.add_run(s), "仿宋_GB2312")
    d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    for block in doc.blocks:
        p = d.add_paragraph()
        run = p.add_run(block.text)
        run.font.size = Pt(16)
        if block.kind in ("part", "chapter"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            _east_asian(run, "黑体")
        elif block.kind == "section":
            p.paragraph_format.first_line_indent = Pt(32)
            _east_asian(run, "黑体")
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Pt(32)
            _east_asian(run, "楷体_GB2312" if block.kind == "box" else "仿宋_GB2312")
    buf = io.BytesIO()
    d.save(buf)
    # python-docx stamps zip members with the current time: rewrite them with a fixed one
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), src.read(info.filename), zipfile.ZIP_DEFLATED)
    path = Path(path)
    _atomic_write(path, out.getvalue())
    return path


_NAV = ["首页", "政务公开", "政务服务", "互动交流", "数据开放", "走进{city}"]


def write_html(doc: PlanDoc, path: str | Path, *, encoding: str = "utf-8", site: str = "",
               published: str = "2021-03-05", source: str = "") -> Path:
    """A government-portal article page holding the plan. encoding "gbk" writes GBK bytes and
    declares charset=gb2312 in <meta>, as many portals do (characters outside GBK become &#NNNN;)."""
    city = doc.city or doc.title[:3]
    esc = html.escape
    source = source or f"{city}发展和改革委员会"
    declared = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    body = []
    for b in doc.blocks:
        if b.kind in ("part", "chapter"):
            body.append(f'<p style="text-align:center"><strong>{esc(b.text)}</strong></p>')
        elif b.kind == "section":
            body.append(f'<p style="text-indent:2em"><strong>{esc(b.text)}</strong></p>')
        elif b.kind == "box":
            body.append(f'<p class="zl" style="background:#eee">{esc(b.text)}</p>')
        else:
            body.append(f'<p style="text-indent:2em">{esc(b.text)}</p>')
    nav = "".join(f'<li><a href="#">{esc(n.format(city=city))}</a></li>' for n in _NAV)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={declared}">
<title>{esc(doc.title)}_{esc(city)}人民政府门户网站</title>
<meta name="ArticleTitle" content="{esc(doc.title)}">
<meta name="PubDate" content="{published} 09:30">
<meta name="ContentSource" content="{esc(source)}">
<script type="text/javascript">var _siteCode = "EXAMPLE0000"; function setFont(s){{document.getElementById('zoom').style.fontSize=s+'px';}}</script>
</head>
<body>
<div class="top-bar">{esc(city)}人民政府门户网站（示例页面，为 textmine 项目编写） <a href="#">无障碍</a> <a href="#">长者模式</a> <a href="#">English</a></div>
<div class="header"><div class="logo">{esc(city)}人民政府</div><form class="search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
<ul class="nav">{nav}</ul>
<div class="breadcrumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">规划计划</a> &gt; 发展规划</div>
<div class="article">
<h1 class="article-title">{esc(doc.title)}</h1>
<div class="article-info">发布时间：{published}　来源：{esc(source)}　浏览次数：<span id="views">1024</span>　字号：[<a href="javascript:setFont(20)">大</a> <a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a>]</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(body)}
<p style="text-align:right">{esc(doc.issuer)}</p>
<p style="text-align:right">{esc(doc.date)}</p>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> <a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">{esc(city)}2020年国民经济和社会发展统计公报</a></li><li><a href="#">关于{esc(city)}“十四五”规划纲要的政策解读</a></li></ul></div>
</div>
<div class="footer"><p>主办：{esc(city)}人民政府办公室（示例）　承办：{esc(city)}大数据发展管理局（示例）</p><p>网站标识码：EXAMPLE0000　备案号：示例ICP备00000000号</p><p>本页面为 textmine 项目编写的示例，不是官方网页。</p></div>
<script type="text/javascript">document.getElementById('views').innerText = '1025';</script>
</body>
</html>
"""
    data = page.encode("gbk" if declared == "gb2312" else encoding, errors="xmlcharrefreplace")
    path = Path(path)
    _atomic_write(path, data)
    return path
