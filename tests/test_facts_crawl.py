"""`crawl facts` against a small portal on 127.0.0.1 (its site search): the communiqué article and the budget
report's PDF attachment found by the queries of scoring/facts.toml are stored as documents of their kind with the
query that found them; a result whose title names no kind, an off-site link and robots.txt-disallowed paths are
never requested; after `parse`, `textmine facts` reads them; a rerun downloads nothing."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from facts_helpers import SAMPLE
from textmine.crawl import FetchConfig
from textmine.facts import propose_facts
from textmine.facts.collect import crawl_facts
from textmine.parse import parse_corpus

ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1 class="title">{title}</h1><span class="date">{date}</span><div id="zoom">{body}</div></body></html>"""

SOURCES = """
[platforms.ls_search]
description = "丽水 test portal: site search, 10 results a page"
kind = "search"
url = "{{portal}}/ls/search?q={{query}}&p={{page}}"
item = "div.result"
title = "a"
link = "a@href"
date = "span"
verify = "body"
body = "#zoom"

[[city]]
name = "丽水市"
portal = "{base}"
allowed_hosts = ["127.0.0.1"]
news = {{ platform = "ls_search" }}
"""


class Site:
    def __init__(self):
        communique = (SAMPLE / "lishui_communique_2025.html").read_text("utf-8")
        body = communique.split("<body>", 1)[1].split("</body>", 1)[0]
        self.pages = {
            "/robots.txt": (b"User-agent: *\nDisallow: /ls/private/\n", "text/plain"),
            "/ls/art/2026/3/t1001.html": (ARTICLE.format(title="丽水市2025年国民经济和社会发展统计公报",
                                                         date="2026-03-20", body=body).encode("utf-8"),
                                          "text/html; charset=utf-8"),
            "/ls/art/2026/1/t1002.html": (ARTICLE.format(
                title="关于丽水市2025年预算执行情况和2026年预算草案的报告", date="2026-01-20",
                body='<p>报告全文见附件。</p><p>附件：<a href="/ls/files/budget2025.pdf">报告全文.pdf</a></p>'
            ).encode("utf-8"), "text/html; charset=utf-8"),
            "/ls/files/budget2025.pdf": ((SAMPLE / "lishui_budget_2025.pdf").read_bytes(), "application/pdf"),
            "/ls/art/2026/2/t1003.html": (ARTICLE.format(title="丽水市统计局2026年工作要点", date="2026-02-01",
                                                         body="<p>不应被请求。</p>").encode("utf-8"),
                                          "text/html; charset=utf-8"),
        }
        self.results = {     # query word -> [(title, path, date)]
            "统计公报": [("丽水市2025年国民经济和社会发展统计公报", "/ls/art/2026/3/t1001.html", "2026-03-20"),
                     ("丽水市统计局2026年工作要点", "/ls/art/2026/2/t1003.html", "2026-02-01"),
                     ("丽水市2024年国民经济和社会发展统计公报（内部）", "/ls/private/t0999.html", "2025-03-20")],
            "预算执行": [("关于丽水市2025年预算执行情况和2026年预算草案的报告", "/ls/art/2026/1/t1002.html", "2026-01-20"),
                     ("关于丽水市2025年预算执行情况的报告（转载）", "OFFSITE/t2.html", "2026-01-21")],
        }
        self.log: list[str] = []
        self.lock = threading.Lock()

    def search(self, query: str, page: int, other: str) -> bytes:
        rows = [r for word, rs in self.results.items() if word in query for r in rs] if page == 1 else []
        items = "".join(f'<div class="result"><a href="{p.replace("OFFSITE", other)}">{t}</a><span>{d}</span></div>'
                        for t, p, d in rows)
        return f"<html><body><div class='results'>{items}</div></body></html>".encode("utf-8")


@pytest.fixture
def portal():
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            with site.lock:
                site.log.append(self.path)
            parts = urlsplit(self.path)
            if parts.path == "/ls/search":
                q = parse_qs(parts.query)
                body, ctype = site.search(q.get("q", [""])[0], int(q.get("p", ["1"])[0]), site.other), "text/html"
            elif parts.path in site.pages:
                body, ctype = site.pages[parts.path]
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    site.other = f"http://localhost:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


def test_crawl_facts_stores_each_kind_with_its_query_and_facts_reads_them(portal, store, tmp_path):
    src = tmp_path / "sources.toml"
    src.write_text(SOURCES.format(base=portal.base), "utf-8")
    config = FetchConfig(delay=0.0, timeout=2.0, backoff=0.01, retries=1, max_bytes=1 << 22)
    report = crawl_facts(store, sources=src, config=config, workers=1)
    docs = {d["url"].split(portal.base, 1)[1]: d for d in store.documents()}
    assert set(docs) == {"/ls/art/2026/3/t1001.html", "/ls/art/2026/1/t1002.html", "/ls/files/budget2025.pdf"}
    assert {p: (d["kind"], d["format"], d["origin"]) for p, d in docs.items()} == {
        "/ls/art/2026/3/t1001.html": ("communique", "html", "crawl"),
        "/ls/art/2026/1/t1002.html": ("budget", "html", "crawl"),
        "/ls/files/budget2025.pdf": ("budget", "pdf", "crawl")}
    assert store.read_raw(docs["/ls/files/budget2025.pdf"]["sha256"]) == portal.pages["/ls/files/budget2025.pdf"][0]
    # a title naming no kind, robots.txt-disallowed and off-site results are never requested
    assert not [p for p in portal.log if p.startswith(("/ls/art/2026/2/", "/ls/private/"))]
    assert report.summary()["offsite_links_skipped"] >= 1
    # every query of every kind was searched; each stored document records the query that found it
    searched = {parse_qs(urlsplit(p).query)["q"][0] for p in portal.log if p.startswith("/ls/search")}
    assert searched == {"国民经济和社会发展统计公报", "预算执行情况和预算草案的报告", "决算的报告", "决算草案", "水资源公报"}
    queries = dict(store.conn.execute("SELECT d.url, s.query FROM fact_sources s JOIN documents d "
                                      "ON d.id = s.document_id").fetchall())
    assert queries[portal.base + "/ls/files/budget2025.pdf"] == "预算执行情况和预算草案的报告"
    assert store.conn.execute("SELECT kind FROM crawl_jobs").fetchone()[0] == "facts"

    parse_corpus(store)
    facts = propose_facts(store, ["丽水"])
    got = {p.leaf: p for p in facts.proposals}
    assert float(got["M01"].value) == 187.36 and got["M01"].year == 2025
    assert got["G09"].year == 2025 and {c.document.kind for c in got["G09"].inputs} == {"budget"}

    # a rerun with nothing changed stores nothing new
    again = crawl_facts(store, sources=src, config=config, workers=1)
    assert sum(o.added for o in again.outcomes) == 0 and len(store.documents()) == 3
