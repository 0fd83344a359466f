"""The sources file and lexicon a test crawl of the fake portal uses."""
from __future__ import annotations

from pathlib import Path

from .shapes import SOURCES as SHAPES
from .site import LEXICON

SOURCES = """
[platforms.np_search]
description = "南平 test portal: Hanweb-like site search, GBK, 10 results a page"
kind = "search"
url = "{{portal}}/np/jrobot/search.do?q={{query}}&p={{page}}"
query_encoding = "gbk"
item = "div.jcse-result-box"
title = "div.jcse-news-title a"
link = "div.jcse-news-title a@href"
date = "span.jcse-news-date"
total = "div.jcse-total b"
verify = "body"
body = "#zoom"

[platforms.yc_list]
description = "宜昌 test portal: TRS-like news column, index.html, index_1.html ..."
kind = "list"
first_url = "{{portal}}/yc/xwzx/index.html"
url = "{{portal}}/yc/xwzx/index_{{page0}}.html"
item = "ul.list li"
title = "a@title"
link = "a@href"
date = "span"
verify = "body"
body = "div.TRS_Editor"
max_pages = 10

[[city]]
name = "南平市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
news = {{ platform = "np_search" }}
plans = [{{ period = "十四五", search = "第十四个五年规划和二〇三五年远景目标纲要" }}]

[[city]]
name = "宜昌市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
news = {{ platform = "yc_list" }}
plans = [{{ period = "十四五", article_url = "{base}/yc/ghjh/art_plan.html" }}]

[[city]]
name = "北京市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
plans = [
  {{ period = "十四五", attachment_url = "{base}/bj/files/huge.pdf" }},
  {{ period = "十四五", attachment_url = "{base}/bj/files/huge2.pdf" }},
  {{ period = "十五五", article_url = "{base}/bj/loop/a" }},
  {{ period = "十五五", article_url = "{base}/bj/out" }},
]
"""


def write_config(portal, folder: Path) -> tuple[Path, Path]:
    """(sources.toml, news lexicon) for this portal's port, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "sources.toml"
    src.write_text((SOURCES + SHAPES).format(base=portal.base), "utf-8")
    lex = folder / "news.txt"
    lex.write_text(LEXICON, "utf-8")
    return src, lex
