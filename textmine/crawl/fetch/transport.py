"""The wire: one GET, no redirect followed, the body streamed under the size cap. The fetcher's only
network seam (tests give it a fake transport, no sockets).

Decides only what the wire says: a timeout, a connection error or reset, and a body shorter than its
Content-Length are ``Transient`` (whether to try again is the retry policy's); a body over
``max_bytes`` is a ``FetchError`` (from the Content-Length header when there is one, else when the
stream passes the cap). Only a 200's body is read. No proxy from the environment (``trust_env=False``):
requests go where the sources say.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import requests
from requests.structures import CaseInsensitiveDict

from ..config import FetchConfig
from .results import FetchError, Transient


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]      # case-insensitive
    body: bytes | None = None       # read for a 200 only

    def __post_init__(self):
        if not isinstance(self.headers, CaseInsensitiveDict):
            self.headers = CaseInsensitiveDict(self.headers)


class Transport(Protocol):
    def get(self, url: str, headers: dict[str, str]) -> Response: ...


def read_body(resp, url: str, cap: int) -> bytes:
    """A streamed response's body (``resp``: ``headers`` and ``iter_content``), refused above ``cap``
    bytes, and Transient when shorter than its Content-Length (a truncated answer)."""
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
        raise Transient(f"truncated body: {len(body)} of {declared} bytes")
    return body


class HttpTransport:
    """``requests``, one session per thread (a Session is not thread-safe); settings read from the
    config at each request."""

    def __init__(self, config: FetchConfig):
        self.config = config
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.headers["User-Agent"] = self.config.user_agent
            s.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
            s.trust_env = False
            self._local.session = s
        return s

    def get(self, url: str, headers: dict[str, str]) -> Response:
        cfg = self.config
        try:
            resp = self.session.get(url, headers=headers, timeout=cfg.timeout, stream=True, allow_redirects=False)
            try:
                body = read_body(resp, url, cfg.max_bytes) if resp.status_code == 200 else None
            finally:
                resp.close()
        except requests.Timeout:
            raise Transient(f"timeout after {cfg.timeout:g} s") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise Transient(f"connection error: {type(exc).__name__}") from None
        return Response(resp.status_code, resp.headers, body)
