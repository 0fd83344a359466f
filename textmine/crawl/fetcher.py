"""The polite, fault-tolerant HTTP fetcher every crawler goes through: the policies of ``fetch/``
composed, in the order a request meets them (each module's docstring says what it decides).

- ``Fetcher.get`` refuses a URL off the ``allowed`` hosts before anything else.
- resume (``fetch/cache.JobVisits``): a URL fetched earlier in this crawl job is read back, not requested.
- robots.txt (``fetch/robots``) on every URL and every redirect hop; its Crawl-delay raises the host's delay.
- conditional GET (``fetch/cache.HttpCache``): an unchanged URL costs a 304; bodies go to the raw
  store by SHA-256 (the same store as ``ingest``).
- retries (``fetch/retry``): timeouts, connection errors, truncated bodies, 408, 429 and 5xx, with
  back-off or the server's Retry-After.
- politeness (``fetch/politeness``): per-host delay and requests in flight.
- the wire (``fetch/transport``): streamed bodies under a size cap; the only network seam.
- redirects (``fetch/redirects``): HTTP 3xx, meta refresh and script redirects by the same rules.

Time is read and slept on ``FetchConfig.clock`` (the system's by default), so tests run every wait on
a fake clock.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..store import Store
from .config import FetchConfig
from .fetch.cache import HttpCache, JobVisits
from .fetch.clock import SYSTEM_CLOCK
from .fetch.politeness import HostLimiter
from .fetch.redirects import REDIRECT_STATUS, RedirectPolicy
from .fetch.results import FetchError, Fetched, FetchStats, canonical_url
from .fetch.retry import RETRY_STATUS, RetryPolicy, parse_retry_after
from .fetch.robots import RobotsPolicy
from .fetch.transport import HttpTransport, Transport
from .sources import host_allowed

__all__ = ["FetchConfig", "FetchError", "Fetched", "FetchStats", "Fetcher", "canonical_url", "parse_retry_after",
           "REDIRECT_STATUS", "RETRY_STATUS"]


class Fetcher:
    """Thread-safe; give each thread its own Store (SQLite connections are per thread).
    ``transport``: the network seam (HTTP by default; tests give a fake one)."""

    def __init__(self, config: FetchConfig | None = None, job_id: int | None = None, *,
                 transport: Transport | None = None):
        self.config = config or FetchConfig()
        self.job_id = job_id
        self.clock = self.config.clock or SYSTEM_CLOCK
        self.stats = FetchStats()
        self.limiter = HostLimiter(self.config.delay, self.config.host_concurrency, clock=self.clock)
        self.transport = transport or HttpTransport(self.config)
        self.visits = JobVisits(job_id)
        self.cache = HttpCache(self.stats, self.visits)
        self.robots = RobotsPolicy(self.config, self.stats, on_crawl_delay=self.limiter.set_delay)
        self.retry = RetryPolicy(self.config, self.clock, self.stats)
        self.redirects = RedirectPolicy(self.config, self.stats)

    def get(self, store: Store, url: str, allowed: tuple[str, ...] | list[str]) -> Fetched:
        """Fetch ``url`` (allowed hosts only, robots obeyed). Raises FetchError with the reason."""
        url = canonical_url(url)
        if not host_allowed(url, allowed):
            self.stats.add("offsite_refused")
            raise FetchError(url, f"host {urlsplit(url).hostname!r} is not in the allowed hosts {list(allowed)}")
        return self._get(store, url, allowed, [url])

    def _get(self, store: Store, url: str, allowed, chain: list[str]) -> Fetched:
        """``url`` read back or fetched, then its meta refresh or script redirect followed;
        ``chain``: the URLs of this redirect chain so far (loops and the hop limit)."""
        got = self.visits.read_back(store, url)
        if got is not None:
            self.stats.add("read_back")
        else:
            self._check_robots(store, url, allowed)
            got = self._fetch(store, url, allowed)
        if got.kind != "html":
            return got
        hop = self.redirects.soft_hop(url, got, chain, allowed)
        if hop is None:
            return got
        nxt, chain = hop
        final = self._get(store, nxt, allowed, chain)
        return Fetched(url, final.final_url, final.status, final.body, final.sha256, final.content_type, final.kind)

    def _check_robots(self, store: Store, url: str, allowed) -> None:
        # robots.txt is read back or fetched like any URL, its redirects without a robots check
        self.robots.check(url, lambda robots_url: self.visits.read_back(store, robots_url)
                          or self._fetch(store, robots_url, allowed, robots=True))

    def _fetch(self, store: Store, url: str, allowed, robots: bool = False) -> Fetched:
        cached = self.cache.lookup(store, url)
        host = urlsplit(url).netloc
        return self.retry.run(url, lambda: self._attempt(store, url, allowed, cached, robots),
                              pause=lambda seconds: self.limiter.pause(host, seconds))

    def _attempt(self, store: Store, url: str, allowed, cached, robots: bool) -> Fetched:
        """One attempt: the request and its HTTP redirects; raises Transient for the retry policy."""
        headers = self.cache.conditional_headers(cached)
        current, seen = url, [url]
        while True:
            self.stats.add("requests")
            with self.limiter.slot(urlsplit(current).netloc):
                resp = self.transport.get(current, headers)
            if resp.status in REDIRECT_STATUS:
                current = self.redirects.http_hop(
                    url, current, resp, seen, allowed,
                    robots=None if robots else lambda nxt: self._check_robots(store, nxt, allowed))
                seen.append(current)
                continue
            if resp.status == 304 and cached is not None:
                return self.cache.not_modified(store, url, cached)
            if resp.status == 200:
                return self.cache.keep(store, url, current, resp)
            self.retry.judge(url, resp)
            raise FetchError(url, f"HTTP {resp.status}")
