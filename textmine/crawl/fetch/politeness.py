"""Per-host politeness: when may the next request go to this host?

At most ``concurrency`` requests in flight to one host, and ``delay`` seconds between the starts of
two requests to it, counted from each request's real start (a thread that wakes late on a loaded
machine does not shorten the next gap). robots.txt's Crawl-delay raises one host's delay
(``set_delay``); a host that asked to wait (Retry-After, or a back-off) is paused for every thread
(``pause``). Time is read from and slept on the injected clock.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

from .clock import SYSTEM_CLOCK, Clock


class HostLimiter:
    def __init__(self, delay: float = 1.0, concurrency: int = 1, clock: Clock = SYSTEM_CLOCK):
        self.delay = max(0.0, delay)
        self.concurrency = max(1, concurrency)
        self.clock = clock
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, seconds)

    def pause(self, host: str, seconds: float) -> None:
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self.clock.monotonic() + seconds)

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._sems.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        sem.acquire()
        try:
            with self._lock:
                now = self.clock.monotonic()
                start = max(now, self._next.get(host, 0.0))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now:
                self.clock.sleep(start - now)
            # a loaded machine wakes late: the next request keeps its distance from this one's real start
            with self._lock:
                self._next[host] = max(self._next[host], self.clock.monotonic() + self._delays.get(host, self.delay))
            yield
        finally:
            sem.release()
