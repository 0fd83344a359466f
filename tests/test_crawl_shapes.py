"""The shapes real portals publish plans in (fake portal, 黄山 /hs/): a meta refresh and a script
redirect followed, one off the allowed hosts refused; a 3-page article read as one document; a
two-part outline as one document in part order; .wps and .ofd attachments. And the rules behind
them, one at a time."""
from __future__ import annotations

import pytest

from portal import Portal
from portal.config import write_config
from portal.shapes import PAGE_HEADS, PAGED
from textmine.crawl import FetchConfig, FetchError, Fetcher, crawl_plans
from textmine.crawl.paginate import page_links, page_number
from textmine.crawl.parts import part_groups, part_marker
from textmine.crawl.fetch.soft_redirect import soft_redirect
from textmine.parse import parse_corpus, stored_pages

ALLOWED = ("127.0.0.1",)


def cfg(**kw) -> FetchConfig:
    return FetchConfig(**{"delay": 0.0, "timeout": 1.0, "backoff": 0.01, "retries": 2, **kw})


@pytest.fixture
def portal(shared):
    with Portal(shared) as p:
        yield p


def _doc(store, portal, path):
    return next(d for d in store.documents(kind="plan") if d["url"] == portal.base + path)


def test_huangshan_plans_pages_parts_redirects_and_formats(portal, store, tmp_path):
    src, _ = write_config(portal, tmp_path / "cfg")
    report = crawl_plans(store, ["黄山"], sources=src, config=cfg(), workers=1)
    s = report.summary()
    assert (s["found"], s["added"]) == (4, 4)
    assert s["meta_refresh_followed"] == 1 and s["script_redirect_followed"] == 1
    assert s["paginated_articles"] == 1 and s["article_pages"] == 3 and s["multi_part_outlines"] == 1
    # the meta refresh to another host is refused, reported, and the other host never asked
    assert report.failures == [("黄山市", portal.base + "/hs/ghjh/moved.html",
                                f"meta refresh to {portal.other}{PAGED}.html, whose host is not allowed")]
    assert s["offsite_refused"] == 1 and {h.host for h in portal.hits()} == {f"127.0.0.1:{portal.port}"}

    paged = _doc(store, portal, PAGED + ".html")
    assert paged["source"] == portal.base + "/hs/ghjh/old_plan.html" and paged["format"] == "html"
    pages = store.conn.execute("SELECT part, title, source, url FROM document_parts WHERE document_id=? ORDER BY part",
                               (paged["id"],)).fetchall()
    assert [tuple(p) for p in pages] == [
        (1, "第1页", portal.base + "/hs/ghjh/old_plan.html", portal.base + PAGED + ".html"),
        (2, "第2页", portal.base + PAGED + "_1.html", portal.base + PAGED + "_1.html"),
        (3, "第3页", portal.base + PAGED + "_2.html", portal.base + PAGED + "_2.html")]
    outline = _doc(store, portal, "/hs/ghjh/art_gy.html")
    parts = store.conn.execute("SELECT part, source, url FROM document_parts WHERE document_id=? ORDER BY part",
                               (outline["id"],)).fetchall()
    assert [tuple(p) for p in parts] == [(1, portal.base + "/hs/download.jsp?id=1", portal.base + "/hs/files/gy_shang.pdf"),
                                         (2, portal.base + "/hs/files/gy_xia.pdf", portal.base + "/hs/files/gy_xia.pdf")]
    assert {d["format"] for d in store.documents(kind="plan")} == {"html", "pdf", "wps", "ofd"}

    report = parse_corpus(store, document_ids=[paged["id"], outline["id"]], workers=1)
    assert not report.failed and len(report.parsed) == 2
    text = stored_pages(store, paged["id"])
    assert len(text) == 3 and [t.split("\n", 1)[0] for t in text] == PAGE_HEADS   # all three pages, in order
    assert not any("下一页" in t for t in text)
    assert [r[0] for r in store.conn.execute("SELECT part FROM pages WHERE document_id=? ORDER BY page",
                                             (paged["id"],))] == [1, 2, 3]
    assert stored_pages(store, outline["id"]) == ["Huangshan outline part one", "Huangshan outline part two"]

    # a rerun asks only conditionally, the stubs too, and finds the same documents
    portal.clear_log()
    again = crawl_plans(store, ["黄山"], sources=src, config=cfg(), workers=1)
    assert again.summary()["added"] == 0 and again.summary()["meta_refresh_followed"] == 1
    assert not [h.path for h in portal.hits() if h.complete]


def test_cli_summary_counts_the_redirects(portal, cli, tmp_path):
    src, _ = write_config(portal, tmp_path / "cfg")
    res = cli("crawl", "plans", "--sources", src, "--city", "黄山", "--delay", "0", "--retries", "1")
    assert res.exit_code == 0
    assert "redirects followed: 0 HTTP, 1 meta refresh, 1 script" in res.output
    assert "1 failure(s)" in res.output and "whose host is not allowed" in res.output


def test_redirect_rules_apply_to_soft_redirects(portal, store):
    from portal.site import Resource

    stub = '<html><head><meta http-equiv="refresh" content="0;url={}"></head></html>'
    portal.site.resources["/hs/a.html"] = Resource(stub.format("/hs/b.html").encode(), "text/html")
    portal.site.resources["/hs/b.html"] = Resource(stub.format("/hs/a.html").encode(), "text/html")
    with pytest.raises(FetchError, match=r"redirect loop \(meta refresh\): .*/hs/a.html -> .*/hs/b.html -> .*/hs/a.html"):
        Fetcher(cfg()).get(store, portal.base + "/hs/a.html", ALLOWED)
    for i in range(8):
        portal.site.resources[f"/hs/c{i}.html"] = Resource(stub.format(f"/hs/c{i + 1}.html").encode(), "text/html")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        Fetcher(cfg()).get(store, portal.base + "/hs/c0.html", ALLOWED)
    portal.site.resources["/hs/d.html"] = Resource(stub.format("/np/private/x.html").encode(), "text/html")
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        Fetcher(cfg()).get(store, portal.base + "/hs/d.html", ALLOWED)
    assert not portal.hits("/np/private/")


@pytest.mark.parametrize("page,expected", [
    ('<meta http-equiv="refresh" content="0; url=/new/plan.html">', ("meta refresh", "/new/plan.html")),
    ("<META HTTP-EQUIV='Refresh' CONTENT='3;URL=http://x.gov.cn/a.html'>", ("meta refresh", "http://x.gov.cn/a.html")),
    ('<meta http-equiv="refresh" content="600">', None),                              # an auto-reload
    ('<meta http-equiv="refresh" content="60;url=/a.html">', None),                   # not at once
    ('<noscript><meta http-equiv="refresh" content="0;url=/nojs.html"></noscript>', None),
    ("<script>window.location.href = '/plan/t2021_1.html';</script>", ("script redirect", "/plan/t2021_1.html")),
    ('<script type="text/javascript">\n  location.replace("/a.html")\n</script>', ("script redirect", "/a.html")),
    ("<script>top.location='/b.html'; // go</script>", ("script redirect", "/b.html")),
    ("<script>location.href = '/a/' + id;</script>", None),                           # not a literal URL
    ("<script>if (mobile) { location.href = '/m.html'; }</script>", None),            # a condition
    ("<p>" + "生态产品价值实现" * 40 + "</p><script>location.href='/x.html'</script>", None),   # not a stub
])
def test_soft_redirect_detection(page, expected):
    assert soft_redirect(f"<html><head>{page}</head><body></body></html>".encode("utf-8")) == expected


def test_part_markers_and_groups():
    assert part_marker("南平市十四五规划纲要（下）.pdf") == ("updown", 3, "南平市十四五规划纲要")
    assert part_marker("第三篇 建设现代化产业体系.doc")[:2] == ("ordinal", 3)
    assert part_marker("附件2：规划纲要（二）")[:2] == ("number", 2)
    assert part_marker("附件2.pdf") is None and part_marker("W020210330521398589.pdf") is None
    groups, rest = part_groups([("u3", "第三篇 保障"), ("u1", "第一篇 新征程"), ("u2", "第二篇 创新"), ("x", "政策解读.pdf")])
    assert [p.url for p in groups[0]] == ["u1", "u2", "u3"] and rest == [("x", "政策解读.pdf")]
    groups, _ = part_groups([("http://a/gy_2.pdf", "下载"), ("http://a/gy_1.pdf", "下载")])
    assert [p.url for p in groups[0]] == ["http://a/gy_1.pdf", "http://a/gy_2.pdf"]
    assert part_groups([("http://a/W1.pdf", "附件1"), ("http://a/W2.pdf", "附件2")])[0] == []


def test_article_page_links():
    first = "http://h/zw/t20210330_123.html"
    assert page_number(first, first) == 1 and page_number("http://h/zw/t20210330_123_2.html", first) == 3
    assert page_number("http://h/zw/t20210330_124.html", first) is None
    assert page_number("http://h/zw/index_1.html", first) is None
    assert page_number("http://h/art.jsp?id=5&page=2", "http://h/art.jsp?id=5") == 2
    body = ('<div><a href="t20210330_123_1.html">下一页</a><a href="t20210330_999.html">相关文章</a>'
            '<script>createPageHTML(4, 0, "t20210330_123", "html");</script></div>').encode()
    assert page_links(body, "text/html", first, first) == {f"http://h/zw/t20210330_123_{i}.html" for i in (1, 2, 3)}
