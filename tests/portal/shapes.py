"""黄山 (/hs/) on the fake portal: the shapes real portals publish plans in.

- the plan's old article URL answers a meta refresh to the new one, which the CMS cut into
  three pages (``t20210330_1001.html``, ``_1``, ``_2``; ``createPageHTML`` and 下一页 links);
- an outline in two attachments, （下） linked before （上）, （上） behind a download link that
  answers a one-line script redirect;
- a WPS Office attachment (.wps, served as octet-stream) and an OFD attachment;
- an old URL whose meta refresh points off the allowed hosts (refused, reported).
"""
from __future__ import annotations

from pathlib import Path

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample" / "text" / "湖州市.md"
PAGED = "/hs/ghjh/t20210330_1001"
PAGE_HEADS = ["黄山第一页：坚持生态优先绿色发展。", "黄山第二页：深化生态产品价值实现机制。", "黄山第三页：建设美丽中国先行区。"]

SOURCES = """
[[city]]
name = "黄山市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
plans = [
  {{ period = "十四五", article_url = "{base}/hs/ghjh/old_plan.html", format = "html" }},
  {{ period = "十四五", article_url = "{base}/hs/ghjh/art_gy.html" }},
  {{ period = "十五五", article_url = "{base}/hs/ghjh/art_wps.html" }},
  {{ period = "十五五", attachment_url = "{base}/hs/files/gy.ofd" }},
  {{ period = "十五五", article_url = "{base}/hs/ghjh/moved.html" }},
]
"""


def _stub(head: str, body: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}<title>跳转</title></head>'
            f"<body>{body}</body></html>").encode("utf-8")


def add_shapes(site, article_html, trs_template: str, other: str) -> None:
    """Add 黄山's resources to ``site`` (``article_html(template, style, title, date, body, charset)``)."""
    from .site import Resource, minimal_pdf

    paras = [ln for ln in SAMPLE.read_text("utf-8").splitlines() if ln and not ln.startswith(("#", ">", "title:",
                                                                                                   "city:", "issuer:",
                                                                                                   "date:"))]
    title = "黄山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    for i, head in enumerate(PAGE_HEADS):
        chunk = "".join(f"<p>　　{p}</p>" for p in paras[i * 8:(i + 1) * 8])
        links = " ".join(f'<a href="{PAGED.rsplit("/", 1)[1]}{"" if k == 0 else f"_{k}"}.html">{k + 1}</a>'
                         for k in range(3))
        nxt = f'<a href="{PAGED.rsplit("/", 1)[1]}_{i + 1}.html">下一页</a>' if i < 2 else ""
        body = (f"<p>　　{head}</p>{chunk}<div class=\"pagination\">{links} {nxt}"
                f'<script>createPageHTML(3, {i}, "{PAGED.rsplit("/", 1)[1]}", "html");</script></div>')
        html = article_html(trs_template, "trs", title, "2021-03-30", body, "utf-8")
        site.resources[PAGED + ("" if i == 0 else f"_{i}") + ".html"] = Resource(html.encode("utf-8"),
                                                                             "text/html; charset=utf-8")
    site.resources["/hs/ghjh/old_plan.html"] = Resource(
        _stub(f'<meta http-equiv="refresh" content="0; url={PAGED}.html">', "页面已迁移"), "text/html; charset=utf-8")
    site.composites[PAGED + ".html"] = [site.resources[PAGED + s + ".html"].body for s in ("", "_1", "_2")]

    upper, lower = minimal_pdf("Huangshan outline part one"), minimal_pdf("Huangshan outline part two")
    site.resources["/hs/files/gy_shang.pdf"] = Resource(upper, "application/pdf")
    site.resources["/hs/files/gy_xia.pdf"] = Resource(lower, "application/pdf")
    site.resources["/hs/download.jsp"] = Resource(
        _stub("", "<script type=\"text/javascript\">window.location.href = '/hs/files/gy_shang.pdf';</script>"),
        "text/html; charset=utf-8")
    body = ('<div>　　黄山市十四五规划纲要全文分上、下两册发布。</div>'
            f'<div>附件：<a href="/hs/files/gy_xia.pdf">{title}（下）.pdf</a></div>'
            f'<div><a href="/hs/download.jsp?id=1">{title}（上）.pdf</a></div>')
    site.resources["/hs/ghjh/art_gy.html"] = Resource(
        article_html(trs_template, "trs", title, "2021-04-06", body, "utf-8").encode("utf-8"), "text/html; charset=utf-8")
    site.composites["/hs/ghjh/art_gy.html"] = [upper, lower]

    wps = (FORMATS / "plan.wps").read_bytes()
    site.resources["/hs/files/gy.wps"] = Resource(wps, "application/octet-stream")
    site.documents["/hs/files/gy.wps"] = wps
    body = '<div>附件：<a href="/hs/files/gy.wps">黄山市十五五规划纲要（征求意见稿）.wps</a></div>'
    site.resources["/hs/ghjh/art_wps.html"] = Resource(
        article_html(trs_template, "trs", "黄山市十五五规划纲要", "2026-01-08", body, "utf-8").encode("utf-8"),
        "text/html; charset=utf-8")
    ofd = (FORMATS / "plan.ofd").read_bytes()
    site.resources["/hs/files/gy.ofd"] = Resource(ofd, "application/ofd")
    site.documents["/hs/files/gy.ofd"] = ofd
    site.resources["/hs/ghjh/moved.html"] = Resource(
        _stub(f'<meta http-equiv="refresh" content="0;url={other}{PAGED}.html">'), "text/html; charset=utf-8")
