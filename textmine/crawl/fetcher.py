"""The polite, fault-tolerant HTTP fetcher every crawler goes through.

- robots.txt (protego, Scrapy's parser) is obeyed on every URL and every redirect hop;
  its Crawl-delay raises the host's delay. A robots.txt that is missing (4xx) allows all;
  one that cannot be read (5xx, timeouts after retries) disallows all, as Google does.
- Only ``allowed`` hosts are requested: checked before the request and on every redirect.
- Per-host delay and concurrency (HostLimiter); retries with exponential back-off on
  timeouts, connection errors, truncated bodies, 408, 429 and 5xx, honouring Retry-After
  (a wait above ``max_retry_after`` gives up on that URL instead of stalling the crawl).
- Redirects are followed by hand: at most ``max_redirects`` hops, loops detected. Meta refresh
  and one-line script redirects (``redirects.py``) are followed by the same rules: allowed hosts,
  robots.txt, hop limit (counted together with the HTTP hops), loops; each stub page is kept and
  cached like any page, so a rerun asks for it conditionally too.
- Bodies are streamed with a size cap; a short body (fewer bytes than Content-Length) is retried.
- Conditional GETs (ETag / Last-Modified) from ``http_cache``: an unchanged URL costs a 304.
- Inside a crawl job every URL fetched is recorded (``crawl_visits``): a resumed job reads
  it from the store instead of asking the server again.
- Bodies go to the raw store by SHA-256 (the same store as ``ingest``).
"""
from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
from protego import Protego

from ..store import Store, utcnow
from .config import FetchConfig
from .politeness import HostLimiter
from .redirects import soft_redirect
from .sniff import sniff
from .sources import host_allowed

RETRY_STATUS = {408, 429, 500, 502, 503, 504, 520, 521, 522, 524}
REDIRECT_STATUS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that could not be fetched, with the reason (also recorded as a crawl failure)."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        self.reason, self.wait = reason, wait
        super().__init__(reason)


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int                # 200 downloaded, 304 not modified, 0 read back from this job's visits
    body: bytes
    sha256: str
    content_type: str | None
    kind: str                  # sniffed: pdf, docx, ofd, doc (Word binary, .wps too), ole, html, txt, zip, other


@dataclass
class FetchStats:
    counts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str, n: int = 1) -> None:
        with self.lock:
            self.counts[key] += n


def canonical_url(url: str) -> str:
    return urldefrag(url.strip())[0]


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """Thread-safe; give each thread its own Store (SQLite connections are per thread)."""

    def __init__(self, config: FetchConfig | None = None, job_id: int | None = None):
        self.config = config or FetchConfig()
        self.job_id = job_id
        self.limiter = HostLimiter(self.config.delay, self.config.host_concurrency)
        self.stats = FetchStats()
        self._local = threading.local()
        self._robots: dict[str, Protego | bool] = {}
        self._robots_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    @property
    def session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.headers["User-Agent"] = self.config.user_agent
            s.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
            s.trust_env = False   # no proxies from the environment: requests go where the sources say
            self._local.session = s
        return s

    # -- public ------------------------------------------------------------
    def get(self, store: Store, url: str, allowed: tuple[str, ...] | list[str]) -> Fetched:
        """Fetch ``url`` (allowed hosts only, robots obeyed). Raises FetchError with the reason."""
        url = canonical_url(url)
        if not host_allowed(url, allowed):
            self.stats.add("offsite_refused")
            raise FetchError(url, f"host {urlsplit(url).hostname!r} is not in the allowed hosts {list(allowed)}")
        return self._get(store, url, allowed, [url])

    def _get(self, store: Store, url: str, allowed, chain: list[str]) -> Fetched:
        """``url`` fetched (or read back), then its meta refresh or script redirect followed;
        ``chain`` holds the URLs of this redirect chain so far (loops and the hop limit)."""
        got = self._visited(store, url)
        if got is not None:
            self.stats.add("read_back")
        else:
            self._check_robots(store, url, allowed)
            got = self._fetch(store, url, allowed)
        if got.kind != "html":
            return got
        soft = soft_redirect(got.body, got.content_type)
        if soft is None:
            return got
        how, target = soft
        nxt = canonical_url(urljoin(got.final_url, target.strip()))
        if nxt in (url, got.final_url):
            return got                     # a refresh of the page itself
        chain = chain + ([got.final_url] if got.final_url != url else [])
        if nxt in chain:
            raise FetchError(chain[0], f"redirect loop ({how}): {' -> '.join(chain + [nxt])}")
        if len(chain) > self.config.max_redirects:
            raise FetchError(chain[0], f"more than {self.config.max_redirects} redirects (the last a {how})")
        if not host_allowed(nxt, allowed):
            self.stats.add("offsite_refused")
            raise FetchError(chain[0], f"{how} to {nxt}, whose host is not allowed")
        self.stats.add("meta_refresh_followed" if how == "meta refresh" else "script_redirect_followed")
        final = self._get(store, nxt, allowed, chain + [nxt])
        return Fetched(url, final.final_url, final.status, final.body, final.sha256, final.content_type, final.kind)

    # -- robots ------------------------------------------------------------
    def _check_robots(self, store: Store, url: str, allowed) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            lock = self._host_locks.setdefault(origin, threading.Lock())
        with lock:   # one robots.txt request per host, even with several threads
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._load_robots(store, origin, allowed)
                self._robots[origin] = rules
        if rules is False or (rules is not True and not rules.can_fetch(url, self.config.user_agent)):
            self.stats.add("robots_refused")
            raise FetchError(url, "disallowed by robots.txt" if rules is not False
                             else "robots.txt could not be read, so the host is treated as disallowed")

    def _load_robots(self, store: Store, origin: str, allowed) -> Protego | bool:
        robots_url = origin + "/robots.txt"
        try:
            got = self._visited(store, robots_url) or self._fetch(store, robots_url, allowed, robots=True)
        except FetchError as exc:
            if exc.reason.startswith("HTTP 4"):
                return True
            return False
        if got.status == 404 or not got.body:
            return True
        text = got.body.decode("utf-8", errors="replace")
        rules = Protego.parse(text)
        delay = rules.crawl_delay(self.config.user_agent)
        if delay:
            self.limiter.set_delay(urlsplit(origin).netloc, float(delay))
        return rules

    # -- the request loop --------------------------------------------------
    def _fetch(self, store: Store, url: str, allowed, robots: bool = False) -> Fetched:
        cfg = self.config
        cached = store.conn.execute("SELECT * FROM http_cache WHERE url=?", (url,)).fetchone()
        if cached is not None and cached["sha256"] and not store.has_raw(cached["sha256"]):
            cached = None   # the raw file is gone: download again
        last = "no attempt"
        for attempt in range(cfg.retries + 1):
            if attempt:
                self.stats.add("retries")
            try:
                return self._attempt(store, url, allowed, cached, robots)
            except _Retry as r:
                last = r.reason
                if attempt == cfg.retries:
                    break
                wait = r.wait if r.wait is not None else min(cfg.backoff * 2 ** attempt, cfg.backoff_max)
                if r.wait is None:
                    wait *= random.uniform(0.5, 1.0)
                self.limiter.pause(urlsplit(url).netloc, wait)
                time.sleep(wait)
        self.stats.add("failed")
        raise FetchError(url, f"gave up after {cfg.retries + 1} attempts: {last}")

    def _attempt(self, store: Store, url: str, allowed, cached, robots: bool) -> Fetched:
        cfg = self.config
        headers = {}
        if cached is not None and cached["status"] == 200:
            if cached["etag"]:
                headers["If-None-Match"] = cached["etag"]
            if cached["last_modified"]:
                headers["If-Modified-Since"] = cached["last_modified"]
        current, seen = url, [url]
        while True:
            host = urlsplit(current).netloc
            self.stats.add("requests")
            try:
                with self.limiter.slot(host):
                    resp = self.session.get(current, headers=headers, timeout=cfg.timeout, stream=True,
                                            allow_redirects=False)
                    try:
                        if resp.status_code in REDIRECT_STATUS:
                            location = resp.headers.get("Location")
                        elif resp.status_code == 200:
                            body = self._read_body(resp, current)
                    finally:
                        resp.close()
            except requests.Timeout:
                raise _Retry(f"timeout after {cfg.timeout:g} s") from None
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                raise _Retry(f"connection error: {type(exc).__name__}") from None
            status = resp.status_code
            if status in REDIRECT_STATUS:
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header")
                nxt = canonical_url(urljoin(current, location))
                if nxt in seen:
                    raise FetchError(url, f"redirect loop: {' -> '.join(seen + [nxt])}")
                if len(seen) > cfg.max_redirects:
                    raise FetchError(url, f"more than {cfg.max_redirects} redirects")
                if not host_allowed(nxt, allowed):
                    self.stats.add("offsite_refused")
                    raise FetchError(url, f"redirected to {nxt}, whose host is not allowed")
                if not robots:
                    self._check_robots(store, nxt, allowed)
                self.stats.add("redirects_followed")
                seen.append(nxt)
                current = nxt
                continue
            if status == 304 and cached is not None:
                self.stats.add("not_modified")
                body = store.read_raw(cached["sha256"])
                with store.transaction():
                    store.conn.execute("UPDATE http_cache SET checked_at=? WHERE url=?", (utcnow(), url))
                    self._visit(store, url, 304)
                return Fetched(url, cached["final_url"], 304, body, cached["sha256"], cached["content_type"],
                               sniff(body, cached["content_type"]))
            if status == 200:
                return self._keep(store, url, current, resp, body)
            if status in RETRY_STATUS:
                wait = parse_retry_after(resp.headers.get("Retry-After"))
                if wait is not None and wait > cfg.max_retry_after:
                    raise FetchError(url, f"HTTP {status}: server asks to retry after {wait:.0f} s, "
                                          f"above the cap of {cfg.max_retry_after:g} s")
                raise _Retry(f"HTTP {status}", wait)
            raise FetchError(url, f"HTTP {status}")

    def _read_body(self, resp: requests.Response, url: str) -> bytes:
        cap = self.config.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"too large: Content-Length {int(declared):,} bytes exceeds the cap of {cap:,}")
        chunks, total = [], 0
        for chunk in resp.iter_content(64 * 1024):
            total += len(chunk)
            if total > cap:
                raise FetchError(url, f"too large: more than the cap of {cap:,} bytes")
            chunks.append(chunk)
        body = b"".join(chunks)
        if declared and declared.isdigit() and not resp.headers.get("Content-Encoding") and len(body) != int(declared):
            raise _Retry(f"truncated body: {len(body)} of {declared} bytes")
        return body

    def _keep(self, store: Store, url: str, final_url: str, resp, body: bytes) -> Fetched:
        self.stats.add("downloaded")
        self.stats.add("bytes", len(body))
        ctype = resp.headers.get("Content-Type")
        sha, _ = store.put_raw_bytes(body)
        now = utcnow()
        with store.transaction():
            store.conn.execute(
                "INSERT INTO http_cache (url, final_url, status, etag, last_modified, content_type, sha256, size,"
                " fetched_at, checked_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET"
                " final_url=excluded.final_url, status=excluded.status, etag=excluded.etag,"
                " last_modified=excluded.last_modified, content_type=excluded.content_type, sha256=excluded.sha256,"
                " size=excluded.size, fetched_at=excluded.fetched_at, checked_at=excluded.checked_at",
                (url, final_url, 200, resp.headers.get("ETag"), resp.headers.get("Last-Modified"), ctype, sha,
                 len(body), now, now))
            self._visit(store, url, 200)
        return Fetched(url, final_url, 200, body, sha, ctype, sniff(body, ctype))

    # -- job visits --------------------------------------------------------
    def _visit(self, store: Store, url: str, status: int) -> None:
        if self.job_id is not None:
            store.conn.execute("INSERT OR REPLACE INTO crawl_visits (job_id, url, status, at) VALUES (?,?,?,?)",
                               (self.job_id, url, status, utcnow()))

    def _visited(self, store: Store, url: str) -> Fetched | None:
        if self.job_id is None:
            return None
        row = store.conn.execute(
            "SELECT c.* FROM crawl_visits v JOIN http_cache c ON c.url = v.url WHERE v.job_id=? AND v.url=?",
            (self.job_id, url)).fetchone()
        if row is None or not row["sha256"] or not store.has_raw(row["sha256"]):
            return None
        body = store.read_raw(row["sha256"])
        return Fetched(url, row["final_url"], 0, body, row["sha256"], row["content_type"],
                       sniff(body, row["content_type"]))
