"""Redirects: may this hop be followed, and to where?

HTTP 3xx are followed by hand (the transport never follows one), so that every hop is checked: a
Location is required, a URL already in the chain is a loop, at most ``max_redirects`` hops, the
target's host must be allowed, and robots.txt must allow it (``robots``, skipped while fetching a
robots.txt). A page that redirects without a 3xx (a meta refresh or a one-line script redirect, as
``soft_redirect`` detects it) is followed under the same rules, its hops counted with the HTTP ones
in one chain; a refresh to the page itself is no redirect. Each hop followed is counted by kind
(``redirects_followed``, ``meta_refresh_followed``, ``script_redirect_followed``), each refused for
its host as ``offsite_refused``.
"""
from __future__ import annotations

from typing import Callable
from urllib.parse import urljoin

from ..config import FetchConfig
from ..sources import host_allowed
from .results import FetchError, Fetched, FetchStats, canonical_url
from .soft_redirect import soft_redirect
from .transport import Response

REDIRECT_STATUS = {301, 302, 303, 307, 308}


class RedirectPolicy:
    def __init__(self, config: FetchConfig, stats: FetchStats):
        self.config, self.stats = config, stats

    def http_hop(self, url: str, current: str, resp: Response, seen: list[str], allowed,
                 robots: Callable[[str], None] | None) -> str:
        """The URL a 3xx answer to ``current`` sends to (``url`` began the chain ``seen``);
        FetchError if the hop may not be followed."""
        limit = self.config.max_redirects
        location = resp.headers.get("Location")
        if not location:
            raise FetchError(url, f"HTTP {resp.status} redirect without a Location header")
        nxt = canonical_url(urljoin(current, location))
        if nxt in seen:
            raise FetchError(url, f"redirect loop: {' -> '.join(seen + [nxt])}")
        if len(seen) > limit:
            raise FetchError(url, f"more than {limit} redirects")
        if not host_allowed(nxt, allowed):
            self.stats.add("offsite_refused")
            raise FetchError(url, f"redirected to {nxt}, whose host is not allowed")
        if robots is not None:
            robots(nxt)
        self.stats.add("redirects_followed")
        return nxt

    def soft_hop(self, url: str, got: Fetched, chain: list[str], allowed) -> tuple[str, list[str]] | None:
        """(next URL, the chain with it) when the HTML page ``got`` (fetched for ``url``) redirects
        without a 3xx, None when it does not; FetchError if the hop may not be followed. ``chain``:
        the URLs of this chain so far, its first the URL asked for."""
        soft = soft_redirect(got.body, got.content_type)
        if soft is None:
            return None
        how, target = soft
        nxt = canonical_url(urljoin(got.final_url, target.strip()))
        if nxt in (url, got.final_url):
            return None                    # a refresh of the page itself
        limit = self.config.max_redirects
        chain = chain + ([got.final_url] if got.final_url != url else [])
        if nxt in chain:
            raise FetchError(chain[0], f"redirect loop ({how}): {' -> '.join(chain + [nxt])}")
        if len(chain) > limit:
            raise FetchError(chain[0], f"more than {limit} redirects (the last a {how})")
        if not host_allowed(nxt, allowed):
            self.stats.add("offsite_refused")
            raise FetchError(chain[0], f"{how} to {nxt}, whose host is not allowed")
        self.stats.add("meta_refresh_followed" if how == "meta refresh" else "script_redirect_followed")
        return nxt, chain + [nxt]
