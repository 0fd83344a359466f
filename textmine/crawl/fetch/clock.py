"""The fetcher's time: the clock the policies read and the sleep they wait on, injected
(``FetchConfig.clock``) so that tests run the delays, back-offs and Retry-After waits on a fake
clock that records each wait instead of sleeping.

Decides nothing: ``monotonic`` measures intervals (per-host spacing), ``time`` is the wall clock
(an HTTP date in Retry-After), ``sleep`` waits.
"""
from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def time(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The machine's clocks and a real sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK = SystemClock()
