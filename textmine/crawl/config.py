"""The fetcher's settings (no network library imported: the CLI reads the defaults to build its options)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import __version__

DEFAULT_UA = f"textmine/{__version__} (CEMI research crawler; ecological-asset index; polite, obeys robots.txt)"


@dataclass
class FetchConfig:
    """Politeness and robustness settings (seconds and bytes). Tests set the delays near zero or give a fake clock."""

    user_agent: str = DEFAULT_UA
    delay: float = 1.0             # between two requests to one host
    host_concurrency: int = 1      # requests in flight per host
    timeout: float = 30.0          # connect and read timeout per request
    retries: int = 5               # extra attempts after the first
    backoff: float = 2.0           # first back-off; doubled per attempt, with jitter
    backoff_max: float = 120.0
    max_retry_after: float = 600.0  # a longer Retry-After gives up on the URL
    max_redirects: int = 5
    max_bytes: int = 100 * 1024 * 1024
    # the time read and slept on (fetch/clock.py's Clock); None: the system's. Tests give a fake one
    # that records every wait (delay, back-off, Retry-After) instead of sleeping.
    clock: object = field(default=None, repr=False, compare=False)
