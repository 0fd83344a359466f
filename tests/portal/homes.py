"""Home pages of the fake portal's 南平 (Hanweb-like, GBK) and 宜昌 (TRS-like, UTF-8) sites, and a
TRS WAS5 site search for 宜昌: what `textmine sources probe` looks at."""
from __future__ import annotations

NP_HOME = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<meta name="SiteName" content="南平市人民政府"><title>南平市人民政府</title>
<link rel="stylesheet" href="/np/images/hanweb.css"></head><body>
<img src="/np/picture/jcms_files/jcms1/web1/site/picture/0/logo.png" alt="南平市人民政府">
<form id="search-form" action="/np/jrobot/search.do" method="get">
<input type="hidden" name="webid" value="1"><input type="hidden" name="pg" value="10">
<input type="hidden" name="p" value="1"><input type="text" name="q" value="请输入关键字"></form>
<ul><li><a href="/np/art/2024/art_1000.html">南平推进生态产品价值实现机制试点工作</a></li></ul>
</body></html>"""

YC_HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="SiteName" content="宜昌市人民政府">
<title>宜昌市人民政府</title><script src="https://ta.trs.cn/c/js/ta.js?mpid=1" id="trs_ta_js"></script></head>
<body><form name="searchform" action="/yc/was5/web/search" method="get" target="_blank">
<input type="hidden" name="channelid" value="200000"><input type="text" name="searchword"></form>
<ul class="list"><li><a href="/yc/xwzx/index.html">新闻中心</a></li></ul></body></html>"""


def add_homes(site) -> None:
    from .site import Resource

    site.resources["/np/index.html"] = Resource(NP_HOME.encode("gbk"), "text/html; charset=GBK")
    site.resources["/yc/index.html"] = Resource(YC_HOME.encode("utf-8"), "text/html; charset=utf-8")


def trs_search_page(articles, query: str, page: int) -> bytes:
    """宜昌's TRS WAS5 result page: 10 items a page, newest first, the total shown."""
    found = sorted((a for a in articles if a.city == "yc" and query and query in a.title + a.body),
                   key=lambda a: a.date, reverse=True)
    rows = "".join(f'<li><a href="{a.path}">{a.title}</a><span class="date">{a.date}</span></li>'
                   for a in found[(page - 1) * 10:page * 10])
    return ('<html><head><meta charset="utf-8"><title>检索结果</title></head><body>'
            f'<span class="total">{len(found)}</span><div class="searchresult"><ul>{rows}</ul></div>'
            "</body></html>").encode("utf-8")
