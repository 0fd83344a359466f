"""robots.txt: may this URL be requested?

Each origin's robots.txt is read once (one request even with several threads asking at once) and
kept for the fetcher's life, parsed by protego (Scrapy's parser: wildcards, longest match,
Allow/Disallow precedence) for our User-Agent. A robots.txt that is missing (a 4xx) allows
everything; one that cannot be read (a 5xx, timeouts after the retries) disallows the whole host, as
Google does. Its Crawl-delay is handed to the politeness policy (``on_crawl_delay(host, seconds)``).
The policy never requests anything itself: the fetcher gives ``check`` a ``load`` that fetches the
robots.txt under the other policies (retries, cache, politeness, redirects without a robots check).
"""
from __future__ import annotations

import threading
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from ..config import FetchConfig
from .results import FetchError, Fetched, FetchStats


class RobotsPolicy:
    def __init__(self, config: FetchConfig, stats: FetchStats, on_crawl_delay: Callable[[str, float], None]):
        self.config, self.stats, self.on_crawl_delay = config, stats, on_crawl_delay
        self._rules: dict[str, Protego | bool] = {}   # True: allow all; False: disallow all
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def check(self, url: str, load: Callable[[str], Fetched]) -> None:
        """Return if ``url`` may be requested; raise FetchError (and count it) if not."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:   # one robots.txt request per origin, even with several threads
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._read(origin, load)
                self._rules[origin] = rules
        if rules is False or (rules is not True and not rules.can_fetch(url, self.config.user_agent)):
            self.stats.add("robots_refused")
            raise FetchError(url, "disallowed by robots.txt" if rules is not False
                             else "robots.txt could not be read, so the host is treated as disallowed")

    def _read(self, origin: str, load: Callable[[str], Fetched]) -> Protego | bool:
        try:
            got = load(origin + "/robots.txt")
        except FetchError as exc:
            return exc.reason.startswith("HTTP 4")     # missing: allow all; unreadable: disallow all
        if got.status == 404 or not got.body:
            return True
        rules = Protego.parse(got.body.decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(self.config.user_agent)
        if delay:
            self.on_crawl_delay(urlsplit(origin).netloc, float(delay))
        return rules
