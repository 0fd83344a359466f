"""The fetcher against the fake portal (real sockets on 127.0.0.1), one behaviour at a time. Every wait
runs on a fake clock: the tests assert on the waits it recorded and on the order of the requests the
portal logged, never on how long anything took. The policies one by one, without sockets:
test_crawl_policies.py."""
from __future__ import annotations

import pytest

from portal import Portal
from portal.fakes import FakeClock
from portal.site import docx_bytes, minimal_pdf
from textmine.crawl import FetchConfig, FetchError, Fetcher
from textmine.crawl.pages import parse_date
from textmine.crawl.sniff import sniff

ALLOWED = ("127.0.0.1",)


def cfg(**kw):
    base = dict(delay=0.0, timeout=0.4, backoff=0.01, retries=3, max_bytes=1 << 20, clock=FakeClock())
    base.update(kw)
    return FetchConfig(**base)


def test_retry_after_is_honoured(shared, store):
    with Portal(shared, fault_rate=1.0, faults=("429",), retry_after="1", max_consecutive=1) as p:
        clock = FakeClock()
        got = Fetcher(cfg(clock=clock)).get(store, p.base + "/yc/xwzx/index.html", ALLOWED)
        assert got.status == 200 and b"ul class=\"list\"" in got.body
        # robots.txt and the page each answered 429 + Retry-After: 1 once, and each retry waited 1 s
        assert [(h.path, h.status) for h in p.hits()] == [("/robots.txt", 429), ("/robots.txt", 200),
                                                          ("/yc/xwzx/index.html", 429), ("/yc/xwzx/index.html", 200)]
        assert clock.sleeps == [1.0, 1.0]


def test_retry_after_above_the_cap_gives_up_with_the_reason(shared, store):
    with Portal(shared, fault_rate=1.0, faults=("429",), retry_after="3600", max_consecutive=1) as p:
        clock = FakeClock()
        with pytest.raises(FetchError, match="retry after 3600 s, above the cap of 60 s"):
            Fetcher(cfg(max_retry_after=60, clock=clock)).get(store, p.base + "/yc/xwzx/index.html", ALLOWED)
        assert clock.sleeps == []           # gave up at once, no wait


@pytest.mark.parametrize("fault", ["timeout", "500", "503", "truncated", "reset"])
def test_transient_faults_are_retried_until_the_body_is_whole(shared, store, fault):
    with Portal(shared, fault_rate=1.0, faults=(fault,), max_consecutive=2) as p:
        clock = FakeClock()
        f = Fetcher(cfg(clock=clock))
        got = f.get(store, p.base + "/np/files/plan.pdf", ALLOWED)
        assert got.body == p.site.documents["/np/files/plan.pdf"] and got.kind == "pdf"
        # (a timed-out request is logged when the server finally answers)
        hits = p.wait_hits("/np/files/plan.pdf", 3)
        assert sorted(str(h.fault) for h in hits) == sorted([fault, fault, "None"])
        assert f.stats.counts["retries"] == 4 and len(clock.sleeps) == 4    # robots.txt's 2 and the PDF's 2
        assert all(0.005 <= s <= 0.02 for s in clock.sleeps)                 # backoff 0.01 x 2**n x jitter
        # and with too few retries it fails with the last reason
        f.config.retries = 1
        with pytest.raises(FetchError, match="gave up after 2 attempts"):
            f.get(store, p.base + "/yc/files/plan.docx", ALLOWED)


def test_offsite_and_robots_disallowed_urls_are_never_requested(shared, store):
    with Portal(shared) as p:
        f = Fetcher(cfg())
        with pytest.raises(FetchError, match="not in the allowed hosts"):
            f.get(store, p.other + "/np/files/plan.pdf", ALLOWED)
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            f.get(store, p.base + "/np/private/files/draft.pdf", ALLOWED)
        assert [h.path for h in p.hits()] == ["/robots.txt"]


def test_unreadable_robots_txt_disallows_the_host(shared, store):
    with Portal(shared, fault_rate=1.0, faults=("503",), max_consecutive=99) as p:
        with pytest.raises(FetchError, match="robots.txt could not be read"):
            Fetcher(cfg(retries=1)).get(store, p.base + "/yc/xwzx/index.html", ALLOWED)
        assert {h.path for h in p.hits()} == {"/robots.txt"}


def test_conditional_get_and_change_detection(shared, store):
    with Portal(shared) as p:
        url = p.base + "/np/files/plan.pdf"
        first = Fetcher(cfg()).get(store, url, ALLOWED)
        again = Fetcher(cfg()).get(store, url, ALLOWED)
        assert (first.status, again.status) == (200, 304) and again.body == first.body
        changed = minimal_pdf("revised outline")
        p.site.resources["/np/files/plan.pdf"].body = changed
        third = Fetcher(cfg()).get(store, url, ALLOWED)
        assert third.status == 200 and third.body == changed and store.read_raw(third.sha256) == changed


def test_per_host_delay_spaces_requests(shared, store):
    with Portal(shared) as p:
        clock = FakeClock()
        f = Fetcher(cfg(delay=0.15, clock=clock))
        for path in ("/yc/xwzx/index.html", "/yc/xwzx/index_1.html", "/yc/xwzx/index_2.html"):
            f.get(store, p.base + path, ALLOWED)
        assert [h.path for h in p.hits()] == ["/robots.txt", "/yc/xwzx/index.html", "/yc/xwzx/index_1.html",
                                              "/yc/xwzx/index_2.html"]
        assert clock.sleeps == pytest.approx([0.15, 0.15, 0.15])   # robots.txt + 3 pages: three gaps of 0.15 s


def test_sniffing_trusts_bytes_over_headers():
    assert sniff(minimal_pdf("x"), "text/html") == "pdf"
    assert sniff(docx_bytes(["纲要"]), "application/octet-stream") == "docx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/pdf") == "ole"   # not a Word file
    assert sniff("<!DOCTYPE html><html>错误页面</html>".encode("gbk"), "application/pdf") == "html"
    assert sniff(b"plain", "text/plain") == "txt"


def test_dates_on_pages():
    assert parse_date("发布时间：2023年5月1日") == "2023-05-01"
    assert parse_date("2021/03/30 09:00") == "2021-03-30"
    assert parse_date("第2023-13-01号") is None
