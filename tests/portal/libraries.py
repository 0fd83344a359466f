"""宝鸡's policy library and 楚雄's home page on the fake portal, beside the news columns of columns.py.

- 宝鸡 (/bjs/zcwj/, TRS markup in the real 宝鸡 chrome): three pages, newest first. Page 1 holds the 十五五
  outline's adoption notice (a PDF attachment), the outline's 征求意见稿 (a draft: not followed once the
  outline is found), an 一图读懂 interpretation and a sectoral plan with the same cover years (2026—2030年),
  both titled like an outline and both rejected by the editions rules; page 2 holds 2025 notices (where a
  十五五 search stops); page 3 the 十四五 outline (a DOCX) of March 2021 and notices of 2020.
- 楚雄 (/cx/): a home page whose navigation links 楚雄要闻 (the VSB column of columns.py) among other links.

Titles and texts are written for the test in the style of the portals; they are not official documents.
"""
from __future__ import annotations

from .columns import Column, _list_html, _page, chrome_template

LIBRARY = Column("trs", "宝鸡市", "/bjs", "stats/统计公报_2025_宝鸡市.html", "div.acticle-content",
                 "/bjs/zcwj/index.html")
OUTLINE_15 = "宝鸡市人民政府关于印发宝鸡市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要的通知"
OUTLINE_14 = "宝鸡市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
REJECTED = {"一图读懂《宝鸡市国民经济和社会发展第十五个五年规划纲要》": "interpretation",
            "宝鸡市生态环境保护规划（2026—2030年）": "sectoral"}
DRAFT = "关于征求《宝鸡市国民经济和社会发展第十五个五年规划纲要（征求意见稿）》意见的公告"
HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>楚雄彝族自治州人民政府</title></head><body>
<div class="nav"><a href="/cx/">首页</a><a href="/cx/zwgk.htm">政务公开</a><a href="/cx/xwzx.htm">楚雄要闻</a>
<a href="/cx/bmdt.htm">部门动态</a><a href="/cx/ztzl.htm">专题专栏</a></div>
<div class="box"><h3><a href="/cx/tpxw.htm">图片新闻</a></h3></div></body></html>"""


def _library_items():
    from .columns import ColumnItem

    def item(date, title, n, body="通知全文见附件。"):
        ymd = date.replace("-", "")
        return ColumnItem(title, f"/bjs/zcwj/{ymd[:6]}/t{ymd}_{n}.html", date, body)

    page1 = [item("2026-03-22", "一图读懂《宝鸡市国民经济和社会发展第十五个五年规划纲要》", 9002),
             item("2026-03-20", OUTLINE_15, 9001),
             item("2026-03-01", "宝鸡市生态环境保护规划（2026—2030年）", 9003),
             item("2026-02-10", "关于印发宝鸡市2026年重点工作任务的通知", 9004),
             item("2026-01-15", DRAFT, 9005)]
    page2 = [item(f"2025-{m:02d}-10", f"宝鸡市人民政府关于做好2025年第{m}批民生实事的通知", 8000 + m) for m in (12, 11, 9, 6, 3)]
    page3 = [item("2021-03-05", OUTLINE_14, 7001)] + [
        item(f"2020-{m:02d}-12", f"宝鸡市人民政府关于印发2020年第{m}批工作要点的通知", 7100 + m) for m in (11, 8, 4)]
    return [page1, page2, page3]


def add_libraries(site, shared) -> None:
    from .site import Resource, docx_bytes, minimal_pdf

    template = chrome_template(shared, LIBRARY)
    LIBRARY.items = _library_items()
    LIBRARY.pages = ["/bjs/zcwj/index.html", "/bjs/zcwj/index_1.html", "/bjs/zcwj/index_2.html"]
    for k, (path, items) in enumerate(zip(LIBRARY.pages, LIBRARY.items)):
        site.resources[path] = Resource(_page(template, "政策文件", _list_html(LIBRARY, k, 3, items, path)),
                                        "text/html; charset=utf-8")
    plan15, plan14 = minimal_pdf("Baoji 15th five-year plan outline"), docx_bytes([OUTLINE_14, "第一章 发展基础"])
    draft = minimal_pdf("Baoji 15th outline consultation draft")
    files = {OUTLINE_15: ("/bjs/zcwj/files/plan15.pdf", plan15, "application/pdf"),
             OUTLINE_14: ("/bjs/zcwj/files/plan14.docx", plan14,
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             DRAFT: ("/bjs/zcwj/files/draft15.pdf", draft, "application/pdf")}
    for it in LIBRARY.all_items:
        body = f"<h1>{it.title}</h1><p>发布日期：{it.date}</p><p>　　{it.body}</p>"
        if it.title in files:
            path, data, ctype = files[it.title]
            site.resources[path] = Resource(data, ctype)
            body += f'<p>附件：<a href="{path}">{it.title}.{path.rsplit(".", 1)[1]}</a></p>'
        site.resources[it.path] = Resource(_page(template, it.title, body), "text/html; charset=utf-8")
    site.library = LIBRARY
    site.outlines = {"十五五": plan15, "十四五": plan14}
    site.resources["/cx/"] = Resource(HOME.encode("utf-8"), "text/html; charset=utf-8")
