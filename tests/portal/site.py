"""The content of the fake government portal: three cities' sites built from the real
portal pages in ../shared/realdata/html/ (TRS and Hanweb article templates).

- 南平 (/np/, GBK, Hanweb-like): site search with pagination (loose matching, one item
  repeated across page boundaries, links to another host and to robots-disallowed
  paths), GBK article pages, the plan's article page with PDF attachments (one served
  as text/html, one under a disallowed path, one on another host).
- 宜昌 (/yc/, UTF-8, TRS-like): a news column listed page by page (index.html,
  index_1.html …), Last-Modified validators only; the plan as DOCX behind a redirect.
- 北京 (/bj/): permanent faults — an oversize PDF (with and without Content-Length),
  a redirect loop, a redirect to another host.
- 黄山 (/hs/, shapes.py): a paginated plan article behind a meta refresh, a two-part outline
  with a script redirect, .wps and .ofd attachments, a meta refresh off the allowed hosts.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

QUERY_TERMS = ["生态产品价值实现", "两山转化"]
LEXICON = """# category: news
# version: portal-test-1
# definition: test queries for the fake portal
生态产品价值实现 | 生态产品价值转化
两山转化 | 绿水青山转化为金山银山
"""


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: bool = True                      # ETag validator, else Last-Modified only
    last_modified: str = "Mon, 01 Jan 2024 00:00:00 GMT"
    redirect: str | None = None            # Location (absolute path or URL with {other})
    status: int = 200
    oversize: bool = False                 # body streamed without/with a false-small cap
    no_length: bool = False


@dataclass
class NewsArticle:
    city: str
    path: str
    title: str
    date: str
    body: str
    offsite: bool = False                  # listed with a link to another host
    private: bool = False                  # under a robots-disallowed path

    def matches(self) -> bool:
        text = self.title + self.body
        return any(v in text for v in ("生态产品价值实现", "生态产品价值转化", "两山转化", "绿水青山转化为金山银山"))


@dataclass
class Site:
    resources: dict[str, Resource] = field(default_factory=dict)
    articles: list[NewsArticle] = field(default_factory=list)
    documents: dict[str, bytes] = field(default_factory=dict)   # plan documents a crawl must store
    composites: dict[str, list[bytes]] = field(default_factory=dict)   # documents of parts: bytes in order
    plan_search_item: NewsArticle | None = None                  # the plan's article, found by site search
    policy: list = field(default_factory=list)                   # policy items (policy.py), for crawl policy
    policy_documents: dict[str, bytes] = field(default_factory=dict)   # what a policy crawl must store


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF (ASCII text) with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _article_html(template: str, style: str, title: str, pub: str, body_html: str, charset: str) -> str:
    if style == "trs":   # shanxi_gov_article.html
        old_title, old_date = "山西品牌丝路行（南美站）正式启动", "2019-09-18 06:23"
        html = re.sub(r'(<div class="TRS_Editor">).*?(</div></div></div>)', lambda m: m.group(1) + body_html
                      + m.group(2), template, count=1, flags=re.S)
        html = html.replace("成功举办中国（山西）－巴西双向经贸投资推介会", "")
    else:                # zj_fgw_deqing_investment_article.html (Hanweb)
        old_title, old_date = "1-10月德清县固定资产投资结构趋稳趋优", "2016-11-22 09:53"
        html = re.sub(r'(<div class="main-txt" id="zoom">).*?(<!--正文 end-->)',
                      lambda m: m.group(1) + body_html + "</div>" + m.group(2), template, count=1, flags=re.S)
    html = html.replace(old_title, title).replace(old_date, pub + " 09:00")
    html = re.sub(r'charset=["\']?[A-Za-z0-9-]+', f"charset={charset}", html, count=1)
    return html


def _search_page(items: list[NewsArticle], total: int, base: str, other: str) -> str:
    rows = []
    for a in items:
        href = f"{other}{a.path}" if a.offsite else a.path
        rows.append(f'<div class="jcse-result-box"><div class="jcse-news-title"><a href="{href}" target="_blank">'
                    f'{a.title}</a></div><div class="jcse-news-abs">{a.body[:40]}</div>'
                    f'<span class="jcse-news-date">{a.date}</span></div>')
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>站内搜索</title>'
            f'</head><body><div class="jcse-total">共找到 <b>{total}</b> 条结果</div>{"".join(rows)}</body></html>')


def _list_page(items: list[NewsArticle], page0: int, pages: int) -> str:
    rows = "".join(f'<li><a href="{a.path}" title="{a.title}">{a.title}</a><span>{a.date}</span></li>' for a in items)
    return ('<html><head><meta charset="utf-8"><title>新闻中心 - 宜昌市人民政府</title></head><body>'
            f'<ul class="list">{rows}</ul><script>createPageHTML({pages}, {page0}, "index", "html");</script>'
            '</body></html>')


def build_site(shared: Path, other: str = "http://localhost:1") -> Site:
    html_dir = shared / "realdata" / "html"
    trs = (html_dir / "shanxi_gov_article.html").read_text("utf-8")
    hanweb = (html_dir / "zj_fgw_deqing_investment_article.html").read_text("utf-8")
    site = Site()
    site.resources["/robots.txt"] = Resource(
        b"User-agent: *\nDisallow: /np/private/\nDisallow: /yc/admin/\n", "text/plain", etag=False)

    # -- 南平: GBK search portal ------------------------------------------
    start = date(2024, 6, 30)
    subjects = ["推进生态产品价值实现机制试点工作", "召开两山转化工作推进会", "生态环境保护督察反馈问题整改",
                "森林生态银行运营情况通报", "生态产品价值转化路径研讨会召开", "全市安全生产工作会议",
                "生态文明建设示范区创建", "武夷山国家公园建设进展"]
    for i in range(46):
        d = (start - timedelta(days=41 * i)).isoformat()
        subject = subjects[i % len(subjects)]
        body = f"{d}，南平市召开会议。" + ("会议强调要深化生态产品价值实现机制改革，" if i % 5 == 0 else "") \
            + "会议研究部署相关工作，要求各地各部门抓好落实。" * 3
        a = NewsArticle("np", f"/np/art/{d[:4]}/art_{1000 + i}.html", f"南平{subject}", d, body,
                        offsite=(i % 13 == 7), private=(i % 17 == 3))
        if a.private:
            a.path = f"/np/private/art_{1000 + i}.html"
            a.title = "南平生态文明建设座谈会"   # title does not match: only the (disallowed) body would tell
        site.articles.append(a)
        html = _article_html(hanweb, "hanweb", a.title, d, f"<p>　　{body}</p>", "gbk")
        site.resources[a.path] = Resource(html.encode("gbk", errors="xmlcharrefreplace"), "text/html; charset=GBK")
    plan_title = "南平市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    plan_pdf = minimal_pdf("Nanping 14th five-year plan outline")
    site.resources["/np/files/plan.pdf"] = Resource(plan_pdf, "text/html")   # mislabelled: sniffing
    site.resources["/np/private/files/draft.pdf"] = Resource(minimal_pdf("draft"), "application/pdf")
    site.documents["/np/files/plan.pdf"] = plan_pdf
    plan_body = (f'<p>　　{plan_title}已经市人民代表大会审议通过，现予公布。</p>'
                 '<p>附件：<a href="/np/files/plan.pdf">南平市十四五规划纲要.pdf</a></p>'
                 '<p><a href="/np/private/files/draft.pdf">征求意见稿.pdf</a></p>'
                 f'<p><a href="{other}/np/files/mirror.pdf">镜像下载.pdf</a></p>')
    site.resources["/np/art/2021/art_plan.html"] = Resource(
        _article_html(hanweb, "hanweb", plan_title, "2021-03-30", plan_body, "gbk").encode("gbk", "xmlcharrefreplace"),
        "text/html")
    site.plan_search_item = NewsArticle("np", "/np/art/2021/art_plan.html", plan_title, "2021-03-30", plan_title)

    # -- 宜昌: UTF-8 news column -----------------------------------------
    for i in range(33):
        d = (start - timedelta(days=53 * i)).isoformat()
        title = ["宜昌市举办生态产品价值实现专题培训", "宜昌长江大保护十大标志性战役推进", "宜昌市政府常务会议召开",
                 "宜昌探索绿水青山转化为金山银山新路径"][i % 4]
        body = f"{d}，宜昌市相关部门开展工作。" + ("会议指出，要以生态产品价值实现为抓手推动绿色发展。"
                                                  if i % 6 == 2 else "") + "各项工作有序推进。" * 4
        a = NewsArticle("yc", f"/yc/xwzx/{d[:7].replace('-', '')}/t{20000 + i}.shtml", title, d, body)
        site.articles.append(a)
        site.resources[a.path] = Resource(
            _article_html(trs, "trs", title, d, f"<div>　　{body}</div>", "utf-8").encode("utf-8"),
            "text/html; charset=utf-8", etag=False)
    yc = [a for a in site.articles if a.city == "yc"]
    per, pages = 10, (len(yc) + 9) // 10
    for p in range(pages):
        name = "index.html" if p == 0 else f"index_{p}.html"
        site.resources[f"/yc/xwzx/{name}"] = Resource(
            _list_page(yc[p * per:(p + 1) * per], p, pages).encode("utf-8"), "text/html; charset=utf-8", etag=False)
    plan_docx = docx_bytes(["宜昌市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", "第一章 发展基础"])
    site.documents["/yc/files/plan.docx"] = plan_docx
    site.resources["/yc/files/plan.docx"] = Resource(
        plan_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    site.resources["/yc/download"] = Resource(b"", "text/plain", redirect="/yc/files/plan.docx", status=302)
    yc_plan = ('<div>　　宜昌市国民经济和社会发展第十四个五年规划纲要全文。</div>'
               '<div>附件：<a href="/yc/download?id=plan.docx">宜昌市十四五规划纲要.docx</a></div>')
    site.resources["/yc/ghjh/art_plan.html"] = Resource(
        _article_html(trs, "trs", "宜昌市十四五规划纲要", "2021-04-02", yc_plan, "utf-8").encode("utf-8"),
        "text/html; charset=utf-8")

    # -- 北京: permanent faults -------------------------------------------
    site.resources["/bj/files/huge.pdf"] = Resource(b"%PDF-1.4\n" + b"0" * (3 << 20), "application/pdf",
                                                    oversize=True)
    site.resources["/bj/files/huge2.pdf"] = Resource(b"%PDF-1.4\n" + b"0" * (3 << 20), "application/pdf",
                                                     oversize=True, no_length=True)
    site.resources["/bj/loop/a"] = Resource(b"", "text/plain", redirect="/bj/loop/b", status=302)
    site.resources["/bj/loop/b"] = Resource(b"", "text/plain", redirect="/bj/loop/a", status=302)
    site.resources["/bj/out"] = Resource(b"", "text/plain", redirect="{other}/bj/files/plan.pdf", status=302)

    from .shapes import add_shapes   # 黄山: pagination, parts, meta/script redirects, .wps and .ofd

    add_shapes(site, _article_html, trs, other)
    from .homes import add_homes   # home pages with search forms, for `textmine sources probe`

    add_homes(site)
    from .policy import add_policy   # policy notices for `crawl policy` (policy.py)
    add_policy(site, hanweb, trs, other, _article_html, _list_page, docx_bytes, Resource)
    return site


def expected_news(site: Site, city: str, since: str | None, until: str | None) -> set[str]:
    """Paths of the distinct matching items a crawl may count: on the city's host, readable under
    robots.txt (an item whose match is only in a disallowed body cannot be verified), in the window."""
    return {a.path for a in site.articles if a.city == city and a.matches() and not a.offsite and not a.private
            and (not since or a.date >= since) and (not until or a.date <= until)}


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
