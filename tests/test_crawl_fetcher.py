"""The fetcher's politeness and robustness, one behaviour at a time."""
from __future__ import annotations

import threading
import time
from email.utils import formatdate

import pytest

from portal import Portal
from portal.site import docx_bytes, minimal_pdf
from textmine.crawl import FetchConfig, FetchError, Fetcher
from textmine.crawl.fetcher import parse_retry_after
from textmine.crawl.pages import parse_date
from textmine.crawl.politeness import HostLimiter
from textmine.crawl.sniff import sniff

ALLOWED = ("127.0.0.1",)


def cfg(**kw):
    base = dict(delay=0.0, timeout=0.4, backoff=0.01, retries=3, max_bytes=1 << 20)
    base.update(kw)
    return FetchConfig(**base)


def test_retry_after_is_honoured(shared, store):
    with Portal(shared, fault_rate=1.0, faults=("429",), retry_after="1", max_consecutive=1) as p:
        f = Fetcher(cfg())
        t0 = time.monotonic()
        got = f.get(store, p.base + "/yc/xwzx/index.html", ALLOWED)
        elapsed = time.monotonic() - t0
        assert got.status == 200 and b"ul class=\"list\"" in got.body
        assert elapsed >= 1.0, f"retried after {elapsed:.2f} s despite Retry-After: 1"
        assert [h.status for h in p.hits("/yc/")] == [429, 200]


def test_retry_after_above_the_cap_gives_up_with_the_reason(shared, store):
    with Portal(shared, fault_rate=1.0, faults=("429",), retry_after="3600", max_consecutive=1) as p:
        with pytest.raises(FetchError, match="retry after 3600 s, above the cap of 60 s"):
            Fetcher(cfg(max_retry_after=60)).get(store, p.base + "/yc/xwzx/index.html", ALLOWED)


@pytest.mark.parametrize("fault", ["timeout", "500", "503", "truncated", "reset"])
def test_transient_faults_are_retried_until_the_body_is_whole(shared, store, fault):
    with Portal(shared, fault_rate=1.0, faults=(fault,), max_consecutive=2) as p:
        f = Fetcher(cfg())
        got = f.get(store, p.base + "/np/files/plan.pdf", ALLOWED)
        assert got.body == p.site.documents["/np/files/plan.pdf"] and got.kind == "pdf"
        if fault == "timeout":
            time.sleep(0.7)   # the server logs a timed-out request when it finally answers
        assert sorted(str(h.fault) for h in p.hits("/np/files/plan.pdf")) == sorted([fault, fault, "None"])
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
        f = Fetcher(cfg(delay=0.15))
        t0 = time.monotonic()
        for path in ("/yc/xwzx/index.html", "/yc/xwzx/index_1.html", "/yc/xwzx/index_2.html"):
            f.get(store, p.base + path, ALLOWED)
        assert len(p.hits()) == 4   # robots.txt + 3 pages: three gaps of 0.15 s
        assert time.monotonic() - t0 >= 0.45


def test_host_limiter_keeps_the_delay_when_a_sleep_wakes_late():
    now, late = [0.0], [0.5, 0.0]               # the first wait wakes 0.5 s late (a loaded machine)

    def sleep(s):
        now[0] += s + late.pop(0)

    lim = HostLimiter(delay=2.0, concurrency=1, clock=lambda: now[0], sleep=sleep)
    starts = []
    for _ in range(3):
        with lim.slot("a"):
            starts.append(now[0])
    assert starts == [0.0, 2.5, 4.5]             # 2 s after the late request's real start, not its scheduled one


def test_host_limiter_spacing_and_concurrency():
    now = [0.0]
    slept = []
    lim = HostLimiter(delay=2.0, concurrency=1, clock=lambda: now[0], sleep=lambda s: slept.append(s))
    for _ in range(3):
        with lim.slot("a"):
            pass
    assert slept == [2.0, 4.0]   # nothing advanced the fake clock: each waits its turn
    lim2 = HostLimiter(delay=0.0, concurrency=2)
    inside, peak, lock = [0], [0], threading.Lock()

    def work():
        with lim2.slot("h"):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert peak[0] == 2


def test_sniffing_trusts_bytes_over_headers():
    assert sniff(minimal_pdf("x"), "text/html") == "pdf"
    assert sniff(docx_bytes(["纲要"]), "application/octet-stream") == "docx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/pdf") == "ole"   # not a Word file
    assert sniff("<!DOCTYPE html><html>错误页面</html>".encode("gbk"), "application/pdf") == "html"
    assert sniff(b"plain", "text/plain") == "txt"


def test_retry_after_formats_and_dates():
    assert parse_retry_after("7") == 7.0
    assert 25 <= parse_retry_after(formatdate(time.time() + 30, usegmt=True)) <= 31
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert parse_date("发布时间：2023年5月1日") == "2023-05-01"
    assert parse_date("2021/03/30 09:00") == "2021-03-30"
    assert parse_date("第2023-13-01号") is None
