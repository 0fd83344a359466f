"""Acceptance against the fake portal on 127.0.0.1: 30 % faulty responses, robots.txt,
allowed hosts, byte-identical documents fetched once, the news count, and a rerun that
downloads nothing. The crawler waits on a fake clock (no back-off is slept)."""
from __future__ import annotations

import os
from collections import Counter

import pytest

from portal import Portal, expected_news
from portal.config import write_config
from portal.fakes import FakeClock
from textmine.crawl import FetchConfig, crawl_news, crawl_plans, list_news_items, news_counts

SINCE, UNTIL = "2021-01-01", "2023-12-31"


def fast_config(**kw) -> FetchConfig:
    base = dict(delay=0.0, timeout=0.4, backoff=0.01, retries=6, max_bytes=1 << 20, clock=FakeClock())
    base.update(kw)
    return FetchConfig(**base)


@pytest.fixture
def portal(shared):
    with Portal(shared, fault_rate=0.3, seed=7) as p:
        yield p


@pytest.mark.slow
def test_faulty_portal_crawl_is_complete_polite_and_exact(portal, store, tmp_path):
    src, lex = write_config(portal, tmp_path / "cfg")
    clock = FakeClock()
    plans = crawl_plans(store, sources=src, config=fast_config(clock=clock), workers=2)
    news = crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=fast_config(clock=clock),
                      workers=2)
    hits = portal.hits()
    faulty = sum(1 for h in hits if h.fault)
    assert faulty / len(hits) >= 0.2, f"only {faulty}/{len(hits)} faulty responses"
    # each retry waited first: every 429 its Retry-After (0 s here), every other fault a back-off (> 0)
    retries = plans.stats["retries"] + news.stats["retries"]
    assert clock.sleeps.count(0.0) == sum(h.status == 429 for h in hits) > 0
    assert len(clock.sleeps) >= retries > clock.sleeps.count(0.0)
    # every plan document stored once, byte-identical to what the portal serves; a document of
    # parts (an outline in two attachments, a paginated article) has each part's bytes, in order
    docs = {d["url"].split(str(portal.port), 1)[1]: d for d in store.documents(kind="plan")}
    assert set(docs) == set(portal.site.documents) | set(portal.site.composites)
    for path, body in portal.site.documents.items():
        assert store.read_raw(docs[path]["sha256"]) == body
        assert docs[path]["origin"] == "crawl" and docs[path]["fetched_at"]
    for path, bodies in portal.site.composites.items():
        parts = store.conn.execute("SELECT sha256 FROM document_parts WHERE document_id=? ORDER BY part",
                                   (docs[path]["id"],)).fetchall()
        assert [store.read_raw(p[0]) for p in parts] == bodies
    # the PDF served as text/html is sniffed; .wps is the Word binary under WPS Office's name
    assert {d["format"] for d in docs.values()} == {"pdf", "docx", "html", "wps", "ofd"}
    # every resource delivered completely at most once (retries only after faults)
    complete = Counter(h.path for h in hits if h.complete)
    assert complete and max(complete.values()) == 1, complete.most_common(3)
    # no request left the allowed host, none hit a robots-disallowed path
    assert {h.host for h in hits} == {f"127.0.0.1:{portal.port}"}
    assert not [h for h in hits if h.path.startswith(("/np/private/", "/yc/admin/"))]
    # permanent faults are reported with their reasons, not crashes
    reasons = " | ".join(r for _, _, r in plans.failures)
    for needle in ("disallowed by robots.txt", "too large: Content-Length", "too large: more than the cap",
                   "redirect loop", "whose host is not allowed", "meta refresh to http://localhost"):
        assert needle in reasons
    assert {f["reason"] for f in store.open_failures()} >= {r for _, _, r in plans.failures}
    # the news count equals the distinct matching items served in the window
    counts = news_counts(store, SINCE, UNTIL, query=lex)
    for code, city in (("350700", "np"), ("420500", "yc")):
        expected = expected_news(portal.site, city, SINCE, UNTIL)
        stored = {r["url"].split(str(portal.port), 1)[1] for r in list_news_items(store, code, SINCE, UNTIL, lexicon=lex)}
        assert stored == expected
        assert counts[code] == len(expected) > 5
    assert counts.isna().sum() == 339 - 2 and counts.index.name == "city_code"
    assert news.summary()["failures"] == 0
    # the same item shown on two search pages, for two queries, is stored once
    np_items = list_news_items(store, "南平", SINCE, UNTIL, lexicon=lex)
    assert len({r["url"] for r in np_items}) == len(np_items)
    assert {r["matched_in"] for r in np_items} == {"title", "body"}

    # a rerun with nothing changed downloads nothing: only conditional requests answered 304
    portal.clear_log()
    again = crawl_plans(store, sources=src, config=fast_config(), workers=2)
    crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=fast_config(), workers=2)
    hits = portal.hits()
    assert not again.resumed
    assert not [h for h in hits if h.complete], [h.path for h in hits if h.complete][:5]
    # (the oversize files are asked again, as they failed, and refused again from their headers)
    statuses = Counter(h.status for h in hits if not h.fault and not h.path.startswith("/bj/files/huge"))
    assert statuses[304] >= 30 and statuses[200] == 0
    assert len(store.documents(kind="plan")) == len(portal.site.documents) + len(portal.site.composites)
    assert news_counts(store, SINCE, UNTIL, query=lex)["350700"] == len(expected_news(portal.site, "np", SINCE, UNTIL))


def test_cli_crawl_prints_progress_summary_and_failures(portal, cli, tmp_path, monkeypatch):
    clock = FakeClock()      # the command's fetcher waits on it (the system clock is its default)
    monkeypatch.setattr("textmine.crawl.fetcher.SYSTEM_CLOCK", clock)
    src, lex = write_config(portal, tmp_path / "cfg")
    fast = ["--delay", "0", "--timeout", "0.4", "--backoff", "0.01", "--retries", "6", "--max-mb", "1"]
    res = cli("crawl", "plans", "--sources", src, "--city", "北京", *fast)
    assert res.exit_code == 0
    assert "0 plan documents found" in res.output and "4 failure(s)" in res.output
    assert "redirect loop" in res.output and "too large" in res.output
    assert clock.sleeps      # the faulty portal's retries waited, on the fake clock
    res = cli("crawl", "news", "--sources", src, "--news-lexicon", lex, "--city", "宜昌", "--since", SINCE,
              "--until", UNTIL, *fast)
    n = len(expected_news(portal.site, "yc", SINCE, UNTIL))
    assert res.exit_code == 0 and f"{n} counted" in res.output and "宜昌市:" in res.output
    assert "portal-test-1" in res.output    # the count says which lexicon it measured
    items = cli("crawl", "items", "--city", "宜昌", "--news-lexicon", lex, "--since", SINCE, "--until", UNTIL,
                "--format", "csv")
    assert items.output.count("\n") == n + 1 and "生态产品价值实现" in items.output
    # docs/crawl.md shows this command's first lines: they must be what it prints
    import re
    from pathlib import Path

    doc_path = Path(__file__).resolve().parents[1] / "docs" / "crawl.md"
    doc = doc_path.read_text("utf-8")
    block = re.search(r"<!-- news-items-example.*?-->\n```text\n\$ ([^\n]+)\n(.*?)```", doc, re.S)
    shown = cli(*block.group(1).replace("news.txt", str(lex)).split()[1:]).output
    shown = "\n".join(shown.replace(str(portal.port), "PORT").splitlines()[:3]) + "\n…\n"
    if os.environ.get("TEXTMINE_WRITE_DOCS"):
        doc_path.write_text(doc.replace(block.group(2), shown), "utf-8")
    assert block.group(2) == shown
    bad = cli("crawl", "news", "--sources", src, "--news-lexicon", lex, "--since", "2023-02-30")
    assert bad.exit_code == 2 and "is not a calendar date: 2023-02 has 28 days" in bad.output
    bad = cli("crawl", "news", "--sources", src, "--news-lexicon", lex, "--city", "武汉")
    assert bad.exit_code == 3 and "no entry" in bad.output
