"""Each fetch policy on its own (textmine/crawl/fetch/), then composed in the Fetcher: a fake clock that
records every wait, a fake transport that answers from a script and records every request, a store in
tmp_path. No sockets, no real sleep; assertions on recorded waits and on the order of requests."""
from __future__ import annotations

import threading
from email.utils import formatdate

import pytest
import requests

from portal.fakes import FakeClock, FakeTransport, moved, ok, status
from textmine.crawl import FetchConfig, FetchError, Fetched, Fetcher
from textmine.crawl.fetch.cache import HttpCache, JobVisits
from textmine.crawl.fetch.politeness import HostLimiter
from textmine.crawl.fetch.redirects import RedirectPolicy
from textmine.crawl.fetch.results import FetchStats, Transient
from textmine.crawl.fetch.retry import RetryPolicy, parse_retry_after
from textmine.crawl.fetch.robots import RobotsPolicy
from textmine.crawl.fetch.transport import HttpTransport, Response, read_body
from textmine.crawl.jobs import open_job

H = "http://h.gov.cn"
ALLOWED = ("h.gov.cn",)
PDF = b"%PDF-1.4 a plan"


class LateClock(FakeClock):
    """Each sleep wakes later than asked by the next of ``late`` (a loaded machine)."""

    def __init__(self, late):
        super().__init__()
        self.late = list(late)

    def sleep(self, seconds):
        super().sleep(seconds)
        self.advance(self.late.pop(0))


# -- politeness -------------------------------------------------------------------------------------

def test_host_limiter_spaces_one_host_and_not_another():
    clock = FakeClock()
    lim = HostLimiter(delay=2.0, concurrency=1, clock=clock)
    starts = []
    for host in ("a", "a", "b", "a"):
        with lim.slot(host):
            starts.append((host, clock.monotonic()))
    assert starts == [("a", 0.0), ("a", 2.0), ("b", 2.0), ("a", 4.0)]   # b has its own spacing
    assert clock.sleeps == [2.0, 2.0]


def test_host_limiter_keeps_the_delay_when_a_sleep_wakes_late():
    clock = LateClock([0.5, 0.0])          # the first wait wakes 0.5 s late
    lim = HostLimiter(delay=2.0, concurrency=1, clock=clock)
    starts = []
    for _ in range(3):
        with lim.slot("a"):
            starts.append(clock.monotonic())
    assert starts == [0.0, 2.5, 4.5]       # 2 s after the late request's real start, not its scheduled one


def test_host_limiter_crawl_delay_and_pause():
    clock = FakeClock()
    lim = HostLimiter(delay=1.0, concurrency=1, clock=clock)
    lim.set_delay("a", 5.0)                # robots.txt Crawl-delay: 5
    lim.set_delay("b", 0.2)                # a Crawl-delay below --delay does not lower it
    for host in ("a", "a", "b", "b"):
        with lim.slot(host):
            pass
    assert clock.sleeps == [5.0, 1.0]
    lim.pause("b", 30.0)                   # b answered Retry-After: 30
    with lim.slot("c"):
        pass
    with lim.slot("b"):
        pass
    assert clock.sleeps[2:] == [30.0]      # c did not wait for b


def test_host_limiter_caps_requests_in_flight():
    lim = HostLimiter(delay=0.0, concurrency=2, clock=FakeClock())
    state = threading.Condition()
    inside, peak, release = [0], [0], threading.Event()

    def work():
        with lim.slot("h"):
            with state:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
                state.notify_all()
            release.wait(30)
            with state:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(5)]
    [t.start() for t in threads]
    with state:
        assert state.wait_for(lambda: inside[0] == 2, 30)   # two got in and hold their slots
    release.set()
    [t.join(30) for t in threads]
    assert peak[0] == 2 and inside[0] == 0


# -- robots -----------------------------------------------------------------------------------------

def robots_policy(body=None, error=None, delays=None):
    loads, stats = [], FetchStats()

    def load(url):
        loads.append(url)
        if error:
            raise FetchError(url, error)
        text = body.get(url, b"") if isinstance(body, dict) else body      # per origin, or one for all
        return Fetched(url, url, 200, text, "x", "text/plain", "txt")

    policy = RobotsPolicy(FetchConfig(), stats, on_crawl_delay=lambda host, s: delays.append((host, s)))
    return policy, load, loads, stats


def test_robots_rules_read_once_per_origin_and_obeyed():
    delays = []
    policy, load, loads, stats = robots_policy(
        {H + "/robots.txt": b"User-agent: *\nDisallow: /private/\nDisallow: /*.doc$\nAllow: /private/open/\n"
                            b"Crawl-delay: 7\n",
         H + ":8080/robots.txt": b"User-agent: *\nAllow: /\n"}, delays=delays)
    policy.check(H + "/news/1.html", load)
    policy.check(H + "/private/open/a.html", load)        # the longer Allow wins
    for url in (H + "/private/x.html", H + "/files/plan.doc"):
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            policy.check(url, load)
    policy.check(H + ":8080/private/x.html", load)        # another origin, another robots.txt
    policy.check(H + "/news/2.html", load)
    assert loads == [H + "/robots.txt", H + ":8080/robots.txt"]
    assert stats.counts["robots_refused"] == 2
    assert delays == [("h.gov.cn", 7.0)]                  # only the first origin's said Crawl-delay


@pytest.mark.parametrize("body,error,allowed", [
    (None, "HTTP 404", True),                              # missing: allow all
    (None, "HTTP 403", True),
    (b"", None, True),                                     # empty: allow all
    (None, "HTTP 503", False),                             # unreadable: disallow the host
    (None, "gave up after 6 attempts: timeout after 30 s", False),
])
def test_robots_missing_allows_unreadable_disallows(body, error, allowed):
    policy, load, _, _ = robots_policy(body, error)
    if allowed:
        policy.check(H + "/private/x.html", load)
    else:
        with pytest.raises(FetchError, match="robots.txt could not be read, so the host is treated as disallowed"):
            policy.check(H + "/a.html", load)


def test_robots_one_request_per_origin_with_many_threads():
    arrived, loads, lock = [0], [], threading.Condition()
    policy = RobotsPolicy(FetchConfig(), FetchStats(), on_crawl_delay=lambda *a: None)

    def load(url):
        with lock:     # answer only once every thread is asking (they all wait on the origin)
            lock.wait_for(lambda: arrived[0] == 8, 30)
            loads.append(url)
        return Fetched(url, url, 200, b"User-agent: *\nAllow: /\n", "x", "text/plain", "txt")

    def ask(i):
        with lock:
            arrived[0] += 1
            lock.notify_all()
        policy.check(f"{H}/p{i}.html", load)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert loads == [H + "/robots.txt"]


# -- retry ------------------------------------------------------------------------------------------

class Jitter:
    def __init__(self, factor):
        self.factor = factor

    def uniform(self, lo, hi):
        assert (lo, hi) == (0.5, 1.0)
        return self.factor


def retry_policy(clock=None, factor=1.0, **cfg):
    clock = clock or FakeClock()
    config = FetchConfig(**{"retries": 3, "backoff": 2.0, "backoff_max": 10.0, **cfg})
    return RetryPolicy(config, clock, FetchStats(), rng=Jitter(factor)), clock


def test_retry_statuses_and_retry_after():
    policy, clock = retry_policy(max_retry_after=600)
    for code in (200, 304, 403, 404):
        assert policy.judge(H, status(code)) is None        # not the retry policy's: the caller's
    with pytest.raises(Transient) as t:
        policy.judge(H, status(503))
    assert (t.value.reason, t.value.wait) == ("HTTP 503", None)
    with pytest.raises(Transient) as t:
        policy.judge(H, status(429, retry_after="7"))
    assert t.value.wait == 7.0
    with pytest.raises(Transient) as t:                     # an HTTP date, counted from the clock's time
        policy.judge(H, status(503, retry_after=formatdate(clock.time() + 30, usegmt=True)))
    assert t.value.wait == pytest.approx(30.0, abs=1.0)
    with pytest.raises(FetchError, match=r"HTTP 429: server asks to retry after 3600 s, above the cap of 600 s"):
        policy.judge(H, status(429, retry_after="3600"))


def test_retry_after_values():
    assert parse_retry_after("7") == 7.0 and parse_retry_after(" 0 ") == 0.0 and parse_retry_after("-3") == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412500.0) == 0.0   # a date past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None and parse_retry_after("") is None


def test_backoff_doubles_up_to_the_cap_with_jitter():
    policy, _ = retry_policy()
    assert [policy.wait(n, Transient("x")) for n in range(5)] == [2.0, 4.0, 8.0, 10.0, 10.0]
    half, _ = retry_policy(factor=0.5)
    assert [half.wait(n, Transient("x")) for n in range(3)] == [1.0, 2.0, 4.0]
    assert half.wait(3, Transient("HTTP 429", 1.5)) == 1.5     # Retry-After wins, without jitter


def test_retry_run_waits_then_succeeds_or_gives_up_with_the_last_reason():
    policy, clock = retry_policy()
    paused = []
    failures = [Transient("timeout after 30 s"), Transient("HTTP 429", 3.0)]

    def attempt():
        if failures:
            raise failures.pop(0)
        return "body"

    assert policy.run(H, attempt, pause=paused.append) == "body"
    assert clock.sleeps == paused == [2.0, 3.0] and policy.stats.counts["retries"] == 2

    policy, clock = retry_policy()
    reasons = iter(["HTTP 500", "connection error: ConnectionError", "truncated body: 3 of 9 bytes", "HTTP 502"])

    def failing():
        raise Transient(next(reasons))

    with pytest.raises(FetchError, match=r"gave up after 4 attempts: HTTP 502"):
        policy.run(H, failing, pause=lambda s: None)
    assert clock.sleeps == [2.0, 4.0, 8.0]                  # no wait after the last attempt
    assert policy.stats.counts["failed"] == 1 and policy.stats.counts["retries"] == 3

    def permanent():
        raise FetchError(H, "HTTP 404")

    policy, clock = retry_policy()
    with pytest.raises(FetchError, match="HTTP 404"):
        policy.run(H, permanent, pause=lambda s: None)
    assert clock.sleeps == [] and not policy.stats.counts["retries"]


# -- redirects --------------------------------------------------------------------------------------

def test_http_redirect_hops():
    stats = FetchStats()
    policy = RedirectPolicy(FetchConfig(max_redirects=2), stats)
    checked = []
    assert policy.http_hop(H + "/a", H + "/a", moved("b.html#top"), [H + "/a"], ALLOWED, checked.append) \
        == H + "/b.html" and checked == [H + "/b.html"]
    assert policy.http_hop(H + "/a", H + "/a", moved("/b", 301), [H + "/a"], ALLOWED, None) == H + "/b"
    with pytest.raises(FetchError, match="HTTP 302 redirect without a Location header"):
        policy.http_hop(H + "/a", H + "/a", Response(302, {}), [H + "/a"], ALLOWED, None)
    with pytest.raises(FetchError, match=r"redirect loop: http://h.gov.cn/a -> http://h.gov.cn/b -> http://h.gov.cn/a"):
        policy.http_hop(H + "/a", H + "/b", moved("/a"), [H + "/a", H + "/b"], ALLOWED, None)
    with pytest.raises(FetchError, match="more than 2 redirects"):
        policy.http_hop(H + "/a", H + "/c", moved("/d"), [H + "/a", H + "/b", H + "/c"], ALLOWED, None)
    with pytest.raises(FetchError, match="redirected to http://evil.com/x, whose host is not allowed"):
        policy.http_hop(H + "/a", H + "/a", moved("http://evil.com/x"), [H + "/a"], ALLOWED, checked.append)

    def refuse(url):
        raise FetchError(url, "disallowed by robots.txt")

    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        policy.http_hop(H + "/a", H + "/a", moved("/private/x"), [H + "/a"], ALLOWED, refuse)
    assert checked == [H + "/b.html"]                      # the off-site target was never checked, nor asked
    assert stats.counts["redirects_followed"] == 2 and stats.counts["offsite_refused"] == 1


def page(url, html, final=None):
    return Fetched(url, final or url, 200, html.encode(), "x", "text/html", "html")


def test_soft_redirect_hops():
    stats = FetchStats()
    policy = RedirectPolicy(FetchConfig(max_redirects=2), stats)
    refresh = '<html><head><meta http-equiv="refresh" content="0;url={}"></head></html>'
    script = "<html><script>window.location.href = '{}';</script></html>"
    assert policy.soft_hop(H + "/a", page(H + "/a", refresh.format("/b")), [H + "/a"], ALLOWED) \
        == (H + "/b", [H + "/a", H + "/b"])
    # the page was reached by a 3xx: its final URL joins the chain, the target resolved against it
    assert policy.soft_hop(H + "/a", page(H + "/a", script.format("c.html"), final=H + "/x/b"), [H + "/a"],
                           ALLOWED) == (H + "/x/c.html", [H + "/a", H + "/x/b", H + "/x/c.html"])
    assert policy.soft_hop(H + "/a", page(H + "/a", refresh.format("/a")), [H + "/a"], ALLOWED) is None
    assert policy.soft_hop(H + "/a", page(H + "/a", "<html><p>正文</p></html>"), [H + "/a"], ALLOWED) is None
    with pytest.raises(FetchError, match=r"redirect loop \(meta refresh\): .*/a -> .*/b -> .*/a"):
        policy.soft_hop(H + "/b", page(H + "/b", refresh.format("/a")), [H + "/a", H + "/b"], ALLOWED)
    with pytest.raises(FetchError, match=r"more than 2 redirects \(the last a script redirect\)"):
        policy.soft_hop(H + "/c", page(H + "/c", script.format("/d")), [H + "/a", H + "/b", H + "/c"], ALLOWED)
    with pytest.raises(FetchError, match="meta refresh to http://other.cn/p, whose host is not allowed") as e:
        policy.soft_hop(H + "/a", page(H + "/a", refresh.format("http://other.cn/p")), [H + "/a"], ALLOWED)
    assert e.value.url == H + "/a"                         # reported against the URL asked for
    assert (stats.counts["meta_refresh_followed"], stats.counts["script_redirect_followed"],
            stats.counts["offsite_refused"]) == (1, 1, 1)


# -- cache and visits -------------------------------------------------------------------------------

def test_http_cache_keeps_validators_and_answers_304_from_raw(store):
    job, _ = open_job(store, "plans", {"t": 1})
    stats = FetchStats()
    cache = HttpCache(stats, JobVisits(job))
    url = H + "/plan"
    assert cache.lookup(store, url) is None and cache.conditional_headers(None) == {}
    got = cache.keep(store, url, H + "/files/plan.pdf", ok(PDF, "application/pdf", etag='"v1"',
                                                            last_modified="Wed, 21 Oct 2015 07:28:00 GMT"))
    assert (got.status, got.final_url, got.kind, store.read_raw(got.sha256)) == (200, H + "/files/plan.pdf", "pdf", PDF)
    row = cache.lookup(store, url)
    assert cache.conditional_headers(row) == {"If-None-Match": '"v1"',
                                              "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}
    again = cache.not_modified(store, url, row)
    assert (again.status, again.body, again.final_url, again.kind) == (304, PDF, H + "/files/plan.pdf", "pdf")
    visits = store.conn.execute("SELECT url, status FROM crawl_visits WHERE job_id=?", (job,)).fetchall()
    assert [tuple(v) for v in visits] == [(url, 304)]      # the last answer for the URL in this job
    assert dict(stats.counts) == {"downloaded": 1, "bytes": len(PDF), "not_modified": 1}
    # a row whose raw file is gone is no cache: download again
    for f in (store.home / "raw").rglob(got.sha256 + "*"):
        f.unlink()
    assert cache.lookup(store, url) is None


def test_job_visits_read_back_only_in_their_job(store):
    job, _ = open_job(store, "news", {"t": 2})
    other, _ = open_job(store, "news", {"t": 3})
    HttpCache(FetchStats(), JobVisits(job)).keep(store, H + "/a", H + "/a", ok(b"<html>a</html>"))
    back = JobVisits(job).read_back(store, H + "/a")
    assert (back.status, back.body, back.kind) == (0, b"<html>a</html>", "html")
    assert JobVisits(other).read_back(store, H + "/a") is None
    assert JobVisits(None).read_back(store, H + "/a") is None


# -- transport --------------------------------------------------------------------------------------

class Streamed:
    def __init__(self, body, status=200, **headers):
        self.status_code, self.body, self.closed = status, body, False
        self.headers = requests.structures.CaseInsensitiveDict({k.replace("_", "-"): v for k, v in headers.items()})

    def iter_content(self, size):
        for i in range(0, len(self.body), 4):
            yield self.body[i:i + 4]

    def close(self):
        self.closed = True


def test_body_size_cap_and_truncation():
    assert read_body(Streamed(b"0123456789", content_length="10"), H, cap=10) == b"0123456789"
    with pytest.raises(FetchError, match="too large: Content-Length 11 bytes exceeds the cap of 10"):
        read_body(Streamed(b"x", content_length="11"), H, cap=10)
    with pytest.raises(FetchError, match="too large: more than the cap of 10 bytes"):
        read_body(Streamed(b"x" * 12), H, cap=10)
    with pytest.raises(Transient, match="truncated body: 3 of 10 bytes"):
        read_body(Streamed(b"abc", content_length="10"), H, cap=100)
    assert read_body(Streamed(b"abc", content_length="10", content_encoding="gzip"), H, cap=100) == b"abc"


class Session:
    def __init__(self, answer):
        self.answer, self.calls = answer, []

    def get(self, url, **kw):
        self.calls.append((url, kw))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("exc,reason", [
    (requests.ReadTimeout(), "timeout after 0.4 s"),
    (requests.ConnectTimeout(), "timeout after 0.4 s"),
    (requests.ConnectionError(), "connection error: ConnectionError"),
    (requests.exceptions.ChunkedEncodingError(), "connection error: ChunkedEncodingError"),
])
def test_transport_failures_are_transient(exc, reason):
    transport = HttpTransport(FetchConfig(timeout=0.4))
    transport._local.session = Session(exc)
    with pytest.raises(Transient, match=reason):
        transport.get(H + "/a", {})


def test_transport_reads_only_a_200_body_and_follows_nothing():
    transport = HttpTransport(FetchConfig(timeout=0.4, max_bytes=100))
    redirect = Streamed(b"ignored", 302, location="/b")
    transport._local.session = session = Session(redirect)
    resp = transport.get(H + "/a", {"If-None-Match": '"v1"'})
    assert (resp.status, resp.body, resp.headers["location"]) == (302, None, "/b") and redirect.closed
    assert session.calls == [(H + "/a", {"headers": {"If-None-Match": '"v1"'}, "timeout": 0.4, "stream": True,
                                         "allow_redirects": False})]
    transport._local.session = Session(Streamed(b"<html>ok</html>", 200, content_length="15"))
    assert transport.get(H + "/a", {}).body == b"<html>ok</html>"
    assert HttpTransport(FetchConfig()).session.trust_env is False


# -- the fetcher: the policies composed -------------------------------------------------------------

def fetcher(script, job_id=None, **cfg):
    clock = FakeClock()
    transport = FakeTransport(script, clock)
    config = FetchConfig(**{"delay": 0.0, "retries": 3, "backoff": 1.0, "clock": clock, **cfg})
    return Fetcher(config, job_id, transport=transport), transport, clock


ROBOTS = {H + "/robots.txt": [ok(b"User-agent: *\nDisallow: /private/\n", "text/plain")]}


def test_fetcher_asks_robots_first_then_retries_on_the_fake_clock(store):
    f, t, clock = fetcher({**ROBOTS, H + "/a.pdf": [status(429, retry_after="1"), status(503),
                                                  ok(PDF, "application/pdf")]}, delay=0.5)
    got = f.get(store, H + "/a.pdf#page=2", ALLOWED)
    assert (got.url, got.status, got.kind, got.body) == (H + "/a.pdf", 200, "pdf", PDF)
    # robots.txt, then the PDF: 429 (wait its Retry-After: 1 s), 503 (back off 1 s x jitter), 200;
    # the per-host delay of 0.5 s is kept between all of them (a wait longer than the delay covers it)
    assert [(u, at) for u, _, at in t.requests] == [(H + "/robots.txt", 0.0), (H + "/a.pdf", 0.5),
                                                   (H + "/a.pdf", 1.5), (H + "/a.pdf", pytest.approx(1.5 + clock.sleeps[2], abs=1e-9))]
    assert clock.sleeps[:2] == [0.5, 1.0] and 1.0 <= clock.sleeps[2] <= 2.0        # the 2nd back-off: 1 s x 2
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        f.get(store, H + "/private/x.pdf", ALLOWED)
    with pytest.raises(FetchError, match=r"host 'evil.com' is not in the allowed hosts \['h.gov.cn'\]"):
        f.get(store, "http://evil.com/a.pdf", ALLOWED)
    assert t.urls() == [H + "/robots.txt"] + [H + "/a.pdf"] * 3            # neither refused URL was asked
    assert {k: f.stats.counts[k] for k in ("requests", "retries", "downloaded", "robots_refused",
                                           "offsite_refused")} == dict(requests=4, retries=2, downloaded=2,
                                                                       robots_refused=1, offsite_refused=1)


def test_fetcher_crawl_delay_from_robots_spaces_the_host(store):
    f, t, clock = fetcher({H + "/robots.txt": [ok(b"User-agent: *\nCrawl-delay: 3\n", "text/plain")],
                           H + "/1": [ok(b"<html>1</html>")], H + "/2": [ok(b"<html>2</html>")]})
    f.get(store, H + "/1", ALLOWED)
    f.get(store, H + "/2", ALLOWED)
    # the delay takes effect once robots.txt is read: the first page was already due (as before the split)
    assert [at for _, _, at in t.requests] == [0.0, 0.0, 3.0] and clock.sleeps == [3.0]


def test_fetcher_http_redirect_to_another_origin_checks_its_robots(store):
    other = "http://h.gov.cn:8080"
    f, t, _ = fetcher({**ROBOTS, H + "/old": [moved(other + "/new")],
                       other + "/robots.txt": [ok(b"User-agent: *\nDisallow: /private/\n", "text/plain")],
                       other + "/new": [ok(PDF, "application/pdf")], H + "/bad": [moved(other + "/private/p")]})
    got = f.get(store, H + "/old", ALLOWED)
    assert (got.url, got.final_url) == (H + "/old", other + "/new")
    assert t.urls() == [H + "/robots.txt", H + "/old", other + "/robots.txt", other + "/new"]
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        f.get(store, H + "/bad", ALLOWED)
    assert t.urls()[4:] == [H + "/bad"]                    # the disallowed target never asked
    assert store.conn.execute("SELECT final_url FROM http_cache WHERE url=?", (H + "/old",)).fetchone()[0] \
        == other + "/new"


def test_fetcher_conditional_get_and_soft_redirect(store):
    def page_v1(headers):
        return status(304) if headers.get("If-None-Match") == '"v1"' else ok(b"<html>plan</html>", etag='"v1"')

    stub = b'<html><head><meta http-equiv="refresh" content="0;url=/plan.html"></head></html>'
    script = {**ROBOTS, H + "/old.html": [ok(stub)], H + "/plan.html": [page_v1]}
    f, t, _ = fetcher(script)
    first = f.get(store, H + "/old.html", ALLOWED)
    assert (first.url, first.final_url, first.status, first.body) == (H + "/old.html", H + "/plan.html", 200,
                                                                      b"<html>plan</html>")
    f2, t2, _ = fetcher(script)                            # a rerun: the stub and the page asked conditionally
    again = f2.get(store, H + "/old.html", ALLOWED)
    assert (again.status, again.body, again.final_url) == (304, b"<html>plan</html>", H + "/plan.html")
    assert [h.get("If-None-Match") for u, h, _ in t2.requests if u == H + "/plan.html"] == ['"v1"']
    assert f2.stats.counts["meta_refresh_followed"] == 1 and f2.stats.counts["not_modified"] == 1


def test_fetcher_in_a_job_reads_back_what_the_job_fetched(store):
    job, _ = open_job(store, "plans", {"t": 4})
    script = {**ROBOTS, H + "/a.pdf": [ok(PDF, "application/pdf")]}
    f, t, _ = fetcher(script, job_id=job)
    f.get(store, H + "/a.pdf", ALLOWED)
    resumed, t2, _ = fetcher(script, job_id=job)           # the same job after a kill
    got = resumed.get(store, H + "/a.pdf", ALLOWED)
    assert (got.status, got.body) == (0, PDF) and t2.requests == []   # robots.txt read back too: no request
    assert resumed.stats.counts["read_back"] == 1
