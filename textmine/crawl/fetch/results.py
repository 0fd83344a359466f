"""What a fetch gives back (``Fetched``), the two ways an attempt fails (``FetchError``: for good, with
the reason the crawl reports; ``Transient``: worth another attempt, the retry policy decides), and the
counters every policy adds to (``FetchStats``, the crawl summary's figures)."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag


class FetchError(Exception):
    """A URL that could not be fetched, with the reason (also recorded as a crawl failure)."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class Transient(Exception):
    """An attempt that failed in a way another attempt may not (a timeout, a reset, a 503);
    ``wait``: the seconds the server asked for (Retry-After), None to back off."""

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
