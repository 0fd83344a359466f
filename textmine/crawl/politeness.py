"""Per-host politeness: at most N requests in flight per host, and a delay between them."""
from __future__ import annotations

import contextlib
import threading
import time
from typing import Iterator


class HostLimiter:
    """Spaces requests to one host by ``delay`` seconds and caps in-flight requests at ``concurrency``.

    ``delay_for(host)`` may raise the delay for a host (robots.txt Crawl-delay); a host that
    answered 429/503 can be paused with ``pause(host, seconds)`` so no thread hits it meanwhile.
    """

    def __init__(self, delay: float = 1.0, concurrency: int = 1, clock=time.monotonic, sleep=time.sleep):
        self.delay = max(0.0, delay)
        self.concurrency = max(1, concurrency)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, seconds)

    def pause(self, host: str, seconds: float) -> None:
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._sems.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        sem.acquire()
        try:
            with self._lock:
                now = self._clock()
                start = max(now, self._next.get(host, 0.0))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now:
                self._sleep(start - now)
            # a loaded machine wakes late: the next request keeps its distance from this one's real start
            with self._lock:
                self._next[host] = max(self._next[host], self._clock() + self._delays.get(host, self.delay))
            yield
        finally:
            sem.release()
