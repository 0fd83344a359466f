"""Policy documents on the fake portal, for `crawl policy`. The notices were written for the textmine
project in the style of government documents; they are not official documents.

- 南平 (/np/zcwj/, GBK): a policy-library site search (Hanweb-like markup, loose matching on the
  query's first two characters, 10 results a page) listing an adoption notice with a DOCX
  attachment, a notice setting up a leading group, a consultation draft, an unrelated plan whose
  body mentions 生态 (fetched to check, not stored), an item on another host and one under the
  robots-disallowed /np/private/ (neither may be requested).
- 宜昌 (/yc/zcwj/, UTF-8): a TRS-like policy column: an adoption notice, an item announcing future
  intent, and an unrelated work plan.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NOTE = "（本文为 textmine 项目编写的示例文本，不是官方文件。）"


@dataclass
class PolicyItem:
    city: str
    path: str
    title: str
    date: str
    paragraphs: list[str]
    attachments: list[tuple[str, str]] = field(default_factory=list)   # (path, label)
    offsite: bool = False
    private: bool = False
    stored: bool = True          # a crawl must store it (and its attachments)

    @property
    def body(self) -> str:
        return "".join(self.paragraphs)

    @property
    def text(self) -> str:
        return self.title + self.body


def _items() -> list[PolicyItem]:
    return [
        PolicyItem("np", "/np/zcwj/2021/art_3001.html",
                   "南平市人民政府办公室关于印发《南平市建立健全生态产品价值实现机制实施方案》的通知", "2021-12-20",
                   ["各县（市、区）人民政府，市直各单位：",
                    "经市政府同意，现将《南平市建立健全生态产品价值实现机制实施方案》印发给你们，请认真组织实施。",
                    "南平市人民政府办公室", "2021年12月20日", NOTE],
                   attachments=[("/np/zcwj/files/g12_plan.docx", "南平市建立健全生态产品价值实现机制实施方案.docx")]),
        PolicyItem("np", "/np/zcwj/2022/art_3002.html", "关于成立南平市生态产品价值实现工作领导小组的通知", "2022-03-01",
                   ["为加强对生态产品价值实现工作的组织领导，市政府决定成立南平市生态产品价值实现工作领导小组，"
                    "由市长任组长。", "南平市人民政府", "2022年3月1日", NOTE]),
        PolicyItem("np", "/np/zcwj/2024/art_3003.html",
                   "关于公开征求《南平市生态保护补偿办法（征求意见稿）》意见的通知", "2024-04-02",
                   ["市财政局研究起草了《南平市生态保护补偿办法（征求意见稿）》，现予发布，公开征求社会公众意见。",
                    NOTE]),
        PolicyItem("np", "/np/zcwj/2023/art_3006.html", "南平市安全生产专项整治三年行动实施方案", "2023-02-14",
                   ["统筹发展和安全，统筹生态环境保护与安全生产，压实各方责任。", NOTE], stored=False),
        PolicyItem("np", "/np/zcwj/2023/art_3004.html", "南平市发布2022年度生态系统生产总值（GEP）核算结果", "2023-06-05",
                   ["南平市发布2022年度生态系统生产总值核算结果。", NOTE], offsite=True, stored=False),
        PolicyItem("np", "/np/private/art_3005.html", "南平市林权交易中心揭牌成立", "2023-08-08",
                   ["南平市林权交易中心揭牌成立，生态产品交易平台同步上线。", NOTE], private=True, stored=False),
        PolicyItem("yc", "/yc/zcwj/202206/t30001.shtml", "宜昌市人民政府关于印发宜昌市生态产品价值实现机制实施方案的通知",
                   "2022-06-10", ["各县市区人民政府，市政府各部门：",
                                  "现将《宜昌市生态产品价值实现机制实施方案》印发给你们，请认真贯彻执行。",
                                  "宜昌市人民政府", "2022年6月10日", NOTE]),
        PolicyItem("yc", "/yc/zcwj/202405/t30002.shtml", "宜昌市拟出台横向生态补偿实施办法", "2024-05-20",
                   ["市生态环境局表示，我市拟出台横向生态补偿实施办法，推动建立长江支流上下游补偿机制。", NOTE]),
        PolicyItem("yc", "/yc/zcwj/202401/t30003.shtml", "宜昌市2024年政务公开工作要点", "2024-01-15",
                   ["围绕重点领域推进政务公开，提升政府透明度。", NOTE], stored=False),
    ]


def add_policy(site, hanweb: str, trs: str, other: str, article_html, list_page, docx_bytes, resource) -> None:
    """Put the policy items, their attachments and the 宜昌 column into ``site``."""
    site.policy = _items()
    site.policy_documents = {}
    for it in site.policy:
        links = "".join(f'<p>附件：<a href="{p}">{label}</a></p>' for p, label in it.attachments)
        body = "".join(f"<p>　　{p}</p>" for p in it.paragraphs) + links
        if it.city == "np":
            page = article_html(hanweb, "hanweb", it.title, it.date, body, "gbk").encode("gbk", "xmlcharrefreplace")
            site.resources[it.path] = resource(page, "text/html; charset=GBK")
        else:
            page = article_html(trs, "trs", it.title, it.date, f"<div>{body}</div>", "utf-8").encode("utf-8")
            site.resources[it.path] = resource(page, "text/html; charset=utf-8")
        if it.stored:
            site.policy_documents[it.path] = page
        for path, _ in it.attachments:
            data = docx_bytes(["南平市建立健全生态产品价值实现机制实施方案", "一、总体要求",
                               "建立健全生态产品价值实现机制，推动生态优势转化为发展优势。", NOTE])
            site.resources[path] = resource(data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            site.policy_documents[path] = data
    yc = [it for it in site.policy if it.city == "yc"]
    site.resources["/yc/zcwj/index.html"] = resource(list_page(yc, 0, 1).encode("utf-8"), "text/html; charset=utf-8",
                                                     etag=False)


def policy_search_items(site, query: str) -> list[PolicyItem]:
    """南平's policy library: loose matching (the query, or its first two characters), newest first."""
    found = [it for it in site.policy if it.city == "np" and (query in it.text or query[:2] in it.text)]
    return sorted(found, key=lambda it: (it.date, it.path), reverse=True)


POLICY_SOURCES = """
[platforms.np_policy]
description = "南平 test portal: policy-library search, GBK, 10 results a page"
kind = "search"
url = "{{portal}}/np/zcwj/search.do?q={{query}}&p={{page}}"
query_encoding = "gbk"
item = "div.jcse-result-box"
title = "div.jcse-news-title a"
link = "div.jcse-news-title a@href"
date = "span.jcse-news-date"
total = "div.jcse-total b"
verify = "body"
body = "#zoom"

[platforms.yc_policy]
description = "宜昌 test portal: TRS-like policy column"
kind = "list"
first_url = "{{portal}}/yc/zcwj/index.html"
url = "{{portal}}/yc/zcwj/index_{{page0}}.html"
item = "ul.list li"
title = "a@title"
link = "a@href"
date = "span"
verify = "body"
body = "div.TRS_Editor"
max_pages = 5

[[city]]
name = "南平市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
policy = {{ platform = "np_policy" }}

[[city]]
name = "宜昌市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
policy = {{ platform = "yc_policy" }}
"""


def write_policy_sources(portal, folder) -> object:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "policy_sources.toml"
    path.write_text(POLICY_SOURCES.format(base=portal.base), "utf-8")
    return path
