"""News columns of four CMS families on the fake portal, for the generic column reader.

Each column is built at test time from a real page of ``../shared/realdata`` of that family (its head,
scripts, navigation, side boxes and footer are the real site's), with the article body replaced by a
list written for the test in the family's own list markup and pagination:

- TRS WCM (宝鸡, ``stats/统计公报_2025_宝鸡市.html``): ``index.html``, ``index_1.html`` …, the list in
  several ``<ul>`` of five, paging by ``createPageHTML(countPage, currentPage, "index", "html")`` with
  variables, dates in ``<span>``.
- Hanweb JCMS (泰州, ``stats/统计公报_2025_泰州市.html``): ``col/colN/index.html``, the records inside
  ``<script type="text/xml"><datastore>…<record><![CDATA[…]]>``, further pages ``?uid=UNIT&pageNum=N``.
- 博达 VSB (楚雄, ``notices/楚雄市_预算报告_2026.html``): ``xwzx.htm``, then ``xwzx/2.htm``, ``xwzx/1.htm``
  (VSB counts down), a 下页 link, dates as 2024/04/25.
- JEECMS (郑州, ``stats/统计公报_2025_郑州市.html``, ``/r/cms/`` paths): a ``<table>`` list, headlines cut
  short with the full title in ``title=``, dates as 2024年04月25日, ``index_N.jhtml`` behind 下一页.

Every column page also carries a dated "热点" box of another shape that is not the list. The item
titles and bodies are written for the test (not news of these cities).
"""
from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bs4 import BeautifulSoup

PER_PAGE = 15
SUBJECTS = ["召开生态产品价值实现机制试点推进会", "全市安全生产工作会议召开", "开展森林生态银行运营调研",
            "推进城乡环境综合整治工作", "举办两山转化成果展", "部署防汛抗旱工作", "召开优化营商环境座谈会",
            "启动生态产品价值核算试点"]


@dataclass
class ColumnItem:
    title: str
    path: str
    date: str
    body: str

    def matches(self) -> bool:
        return any(v in self.title + self.body for v in ("生态产品价值实现", "生态产品价值转化", "两山转化",
                                                         "绿水青山转化为金山银山"))


@dataclass
class Column:
    family: str
    city: str
    prefix: str
    chrome: str                       # the real page, relative to ../shared/realdata
    main: str                         # CSS selector of its article body (replaced)
    first: str                        # path of the column's first page
    pages: list[str] = field(default_factory=list)                 # paths (with query) in order
    items: list[list[ColumnItem]] = field(default_factory=list)    # per page

    @property
    def all_items(self) -> list[ColumnItem]:
        return [it for page in self.items for it in page]


COLUMNS = [
    Column("trs", "宝鸡市", "/bjs", "stats/统计公报_2025_宝鸡市.html", "div.acticle-content", "/bjs/xwzx/index.html"),
    Column("hanweb", "泰州市", "/tz", "stats/统计公报_2025_泰州市.html", "div.wzzw-article",
           "/tz/col/col1229/index.html"),
    Column("vsb", "楚雄彝族自治州", "/cx", "notices/楚雄市_预算报告_2026.html", "#vsb_content_501", "/cx/xwzx.htm"),
    Column("jeecms", "郑州市", "/zz", "stats/统计公报_2025_郑州市.html", "div.news_content_content",
           "/zz/xwzx/index.jhtml"),
]
UNIT = "4021781"


def _items(col: Column, n: int = 37) -> list[ColumnItem]:
    start, out = date(2024, 6, 30), []
    for i in range(n):
        d = start - timedelta(days=23 * i)
        subject = SUBJECTS[(i + len(col.family)) % len(SUBJECTS)]
        body = (f"{d.year}年{d.month}月{d.day}日，有关部门召开会议。"
                + ("会议要求深化生态产品价值实现机制改革。" if i % 7 == 3 else "")
                + "会议研究部署相关工作，要求各地各部门抓好落实。" * 3)
        ymd, n_ = d.strftime("%Y%m%d"), 5000 + i
        path = {"trs": f"/bjs/xwzx/{ymd[:6]}/t{ymd}_{n_}.html",
                "hanweb": f"/tz/art/{d.year}/{d.month}/{d.day}/art_1229_{n_}.html",
                "vsb": f"/cx/info/1012/{n_}.htm",
                "jeecms": f"/zz/xwzx/{ymd}/{n_}.jhtml"}[col.family]
        out.append(ColumnItem(f"{col.city[:2]}{subject}", path, d.isoformat(), body))
    return out


def _rel(path: str, page: str) -> str:
    """``path`` relative to the folder of ``page`` (VSB writes ../info/… links)."""
    src, dst = page.split("?")[0].rsplit("/", 1)[0].split("/"), path.split("/")
    k = 0
    while k < min(len(src), len(dst) - 1) and src[k] == dst[k]:
        k += 1
    return "../" * (len(src) - k) + "/".join(dst[k:])


def _hot_box(col: Column) -> str:
    rows = "".join(f'<p><a href="{col.prefix}/hot/{k}.html">{col.city[:2]}热点专题第{k}期回顾</a>'
                   f'<em>2024-0{k}-0{k}</em></p>' for k in range(1, 6))
    return f'<div class="hot-box"><h3>热点推荐</h3>{rows}</div>'


def _list_html(col: Column, page_no: int, pages: int, items: list[ColumnItem], here: str) -> str:
    fam = col.family
    if fam == "trs":
        uls = "".join('<ul class="list-ul">' + "".join(
            f'<li><a href="{_rel(it.path, here)}" target="_blank" title="{it.title}">{it.title}</a>'
            f'<span class="date">{it.date}</span></li>' for it in items[k:k + 5]) + "</ul>"
            for k in range(0, len(items), 5))
        pager = (f'<div class="page"><script type="text/javascript">var countPage = {pages}//共多少页\n'
                 f'var currentPage = {page_no};\ncreatePageHTML(countPage, currentPage, "index", "html");</script></div>')
        return uls + pager
    if fam == "hanweb":
        recs = "".join(f"<record><![CDATA[<li><a href='{it.path}' title='{it.title}' target=\"_blank\">{it.title}</a>"
                       f"<span class='bt-data-time'>{it.date}</span></li>]]></record>" for it in items)
        return (f'<div id="{UNIT}"><script type="text/xml"><datastore><column><![CDATA[{col.city[:2]}要闻]]></column>'
                f"<totalrecord>{len(col.all_items) or 37}</totalrecord><totalpage>{pages}</totalpage>"
                f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=1229'
                f'&unitid={UNIT}&webname=%E6%B3%B0%E5%B7%9E&permissiontype=0"></a>]]></nextgroup>'
                f"<recordset>{recs}</recordset></datastore></script></div>")
    if fam == "vsb":
        rows = "".join(f'<li id="line_u8_{k}"><a href="{_rel(it.path, here)}" target="_blank" title="{it.title}">'
                       f'{it.title}</a><span>{it.date.replace("-", "/")}</span></li>' for k, it in enumerate(items))
        nxt = ""
        if page_no + 1 < pages:
            target = col.pages[page_no + 1]
            nxt = f'<span class="p_next p_fun"><a href="{_rel(target, here)}">下页</a></span>'
        return (f'<ul class="list-gl">{rows}</ul><div class="pb_sys_common pb_sys_normal pb_sys_style1">'
                f'<span class="p_pages"><span class="p_first_d p_fun_d">首页</span><span class="p_no_d">{page_no + 1}'
                f"</span>{nxt}</span></div>")
    rows = "".join(f'<tr><td class="title"><a href="{it.path}" title="{it.title}">{it.title[:8]}…</a></td>'
                   f'<td class="date">{it.date[:4]}年{it.date[5:7]}月{it.date[8:]}日</td></tr>' for it in items)
    nxt = f'<a href="index_{page_no + 2}.jhtml">下一页</a>' if page_no + 1 < pages else ""
    return f'<table class="news-list"><tbody>{rows}</tbody></table><div class="pagination">{nxt}</div>'


def _page_paths(col: Column, pages: int) -> list[str]:
    if col.family == "trs":
        return [col.first] + [f"/bjs/xwzx/index_{k}.html" for k in range(1, pages)]
    if col.family == "hanweb":
        return [col.first] + [f"{col.first}?uid={UNIT}&pageNum={k}" for k in range(2, pages + 1)]
    if col.family == "vsb":
        return [col.first] + [f"/cx/xwzx/{k}.htm" for k in range(pages - 1, 0, -1)]
    return [col.first] + [f"/zz/xwzx/index_{k}.jhtml" for k in range(2, pages + 1)]


def chrome_template(shared: Path, col: Column) -> str:
    """The real page with its article body and title replaced by @@MAIN@@ and @@TITLE@@ (parsed once)."""
    from textmine.encoding import decode_bytes

    text, _, _ = decode_bytes((shared / "realdata" / col.chrome).read_bytes(), None, html=True)
    soup = BeautifulSoup(text, "lxml")
    main = soup.select_one(col.main)
    main.clear()
    main.append("@@MAIN@@")
    if soup.title:
        soup.title.string = "@@TITLE@@"
    for m in soup.select('meta[name="ArticleTitle"], meta[name="PubDate"]'):
        m.decompose()
    for m in soup.select("meta[charset], meta[http-equiv]"):
        if "charset" in str(m).lower():
            m.decompose()
    head = soup.head or soup
    head.insert(0, BeautifulSoup('<meta charset="utf-8">', "html.parser"))
    return str(soup)


def _page(template: str, title: str, inner: str) -> bytes:
    return template.replace("@@TITLE@@", htmllib.escape(title)).replace("@@MAIN@@", inner).encode("utf-8")


def build_columns(shared: Path, n_items: int = 37) -> list[Column]:
    """The four columns with their pages' paths and items (nothing served: see ``add_columns``)."""
    cols = []
    for proto in COLUMNS:
        col = Column(proto.family, proto.city, proto.prefix, proto.chrome, proto.main, proto.first)
        items = _items(col, n_items)
        pages = (len(items) + PER_PAGE - 1) // PER_PAGE
        col.pages = _page_paths(col, pages)
        col.items = [items[k * PER_PAGE:(k + 1) * PER_PAGE] for k in range(pages)]
        cols.append(col)
    return cols


def column_pages(shared: Path, col: Column, template: str | None = None) -> dict[str, bytes]:
    """Every page of the column and of its articles, by path (with query), UTF-8."""
    template = template or chrome_template(shared, col)
    out = {}
    for k, (path, items) in enumerate(zip(col.pages, col.items)):
        inner = _hot_box(col) + _list_html(col, k, len(col.pages), items, path)
        out[path] = _page(template, f"{col.city[:2]}要闻", inner)
    for it in col.all_items:
        body = (f'<h1 class="title">{htmllib.escape(it.title)}</h1><p class="info">发布时间：{it.date} 09:30</p>'
                f"<p>　　{it.body}</p>")
        out[it.path] = _page(template, it.title, body)
    return out


def add_columns(site, shared: Path) -> list[Column]:
    from .site import Resource

    cols = build_columns(shared)
    for col in cols:
        for path, body in column_pages(shared, col).items():
            site.resources[path] = Resource(body, "text/html; charset=utf-8")
    site.columns = cols
    from .libraries import add_libraries   # 宝鸡's policy library (outline candidates), 楚雄's home page

    add_libraries(site, shared)
    return cols


def columns_sources(cols: list[Column]) -> str:
    """[[city]] entries for the four columns, read with the generic reader (no selectors): 宝鸡 with its
    policy library and outline entries that list it, 泰州 whose 十五五 outline is nowhere, 楚雄 whose column
    is found on its home page."""
    by = {c.family: c for c in cols}
    return f"""
[[city]]
name = "宝鸡市"
portal = "{{base}}/bjs"
allowed_hosts = ["127.0.0.1"]
news = {{{{ platform = "column", first_url = "{{base}}{by['trs'].first}" }}}}
policy = {{{{ platform = "column", first_url = "{{base}}/bjs/zcwj/index.html" }}}}
plans = [
  {{{{ period = "十五五", year = 2026, list = ["policy", "news"] }}}},
  {{{{ period = "十四五", year = 2021, list = ["policy", "news"] }}}},
]

[[city]]
name = "泰州市"
portal = "{{base}}/tz"
allowed_hosts = ["127.0.0.1"]
news = {{{{ platform = "column", first_url = "{{base}}{by['hanweb'].first}" }}}}
plans = [{{{{ period = "十五五", year = 2026, list = ["news"] }}}}]

[[city]]
name = "楚雄彝族自治州"
portal = "{{base}}/cx"
allowed_hosts = ["127.0.0.1"]
news = {{{{ platform = "home_column" }}}}

[[city]]
name = "郑州市"
portal = "{{base}}/zz"
allowed_hosts = ["127.0.0.1"]
news = {{{{ platform = "column", first_url = "{{base}}{by['jeecms'].first}" }}}}
"""


def expected_column_news(col: Column, since: str | None, until: str | None) -> set[str]:
    return {it.path for it in col.all_items if it.matches() and (not since or it.date >= since)
            and (not until or it.date <= until)}
