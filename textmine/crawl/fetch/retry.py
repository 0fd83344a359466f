"""Retry: is a failed attempt worth another, and how long to wait before it?

Transient: timeouts, connection errors and resets, truncated bodies (the transport says so), and the
statuses in ``RETRY_STATUS`` (408, 429, 5xx and the CDN's 52x); any other status is permanent. The
wait before attempt n+1 is the server's Retry-After (seconds or an HTTP date) when it sent one, else
``backoff * 2**n`` capped at ``backoff_max``, with jitter (x 0.5–1.0). A Retry-After above
``max_retry_after`` gives up on that URL at once with the reason, rather than stalling the crawl.
After ``retries`` extra attempts the URL fails with the last reason. Each wait pauses the host for
every thread (``pause``) and is slept on the injected clock.
"""
from __future__ import annotations

import random
from email.utils import parsedate_to_datetime
from typing import Callable, TypeVar

from ..config import FetchConfig
from .clock import SYSTEM_CLOCK, Clock
from .results import FetchError, FetchStats, Transient
from .transport import Response

RETRY_STATUS = {408, 429, 500, 502, 503, 504, 520, 521, 522, 524}
T = TypeVar("T")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (a number, or an HTTP date counted from ``now``,
    the wall clock by default); None when there is none or it cannot be read."""
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
    if now is None:
        now = SYSTEM_CLOCK.time()
    return max(0.0, when.timestamp() - now)


class RetryPolicy:
    """``rng``: anything with ``uniform`` (the jitter); settings read from the config at each call."""

    def __init__(self, config: FetchConfig, clock: Clock, stats: FetchStats, rng=random):
        self.config, self.clock, self.stats, self.rng = config, clock, stats, rng

    def judge(self, url: str, resp: Response) -> None:
        """Raise Transient for a status worth retrying (FetchError when its Retry-After is above the cap)."""
        if resp.status not in RETRY_STATUS:
            return
        wait = parse_retry_after(resp.headers.get("Retry-After"), self.clock.time())
        if wait is not None and wait > self.config.max_retry_after:
            raise FetchError(url, f"HTTP {resp.status}: server asks to retry after {wait:.0f} s, "
                                  f"above the cap of {self.config.max_retry_after:g} s")
        raise Transient(f"HTTP {resp.status}", wait)

    def wait(self, attempt: int, failure: Transient) -> float:
        """Seconds to wait after failed attempt ``attempt`` (0 for the first)."""
        if failure.wait is not None:
            return failure.wait
        cfg = self.config
        return min(cfg.backoff * 2 ** attempt, cfg.backoff_max) * self.rng.uniform(0.5, 1.0)

    def run(self, url: str, attempt: Callable[[], T], pause: Callable[[float], None]) -> T:
        """``attempt()`` until it returns or fails for good; ``pause(seconds)`` before each wait."""
        retries = self.config.retries
        last = "no attempt"
        for n in range(retries + 1):
            if n:
                self.stats.add("retries")
            try:
                return attempt()
            except Transient as failure:
                last = failure.reason
                if n == retries:
                    break
                wait = self.wait(n, failure)
                pause(wait)
                self.clock.sleep(wait)
        self.stats.add("failed")
        raise FetchError(url, f"gave up after {retries + 1} attempts: {last}")
