"""Walking a city's column page by page (the policy library or the news column), and finding the news
column on a home page. Used by `crawl plans` (outline titles) and `crawl news` (home columns)."""
from __future__ import annotations

import re
from typing import Iterator

from ..store import Store
from .fetcher import FetchError, Fetcher, canonical_url
from .jobs import CityOutcome
from .pages import ListItem, list_items
from .sources import CitySource, Platform, host_allowed
from .column import find_column


def city_names(city) -> tuple[str, ...]:
    """How a portal names its own city, longest first: 南平市, 南平; 阿坝藏族羌族自治州, 阿坝州, 阿坝."""
    names = [city.name, re.sub(r"(市|地区|盟)$", "", city.name)] + [a for a in city.aliases if len(a) >= 2]
    return tuple(sorted(dict.fromkeys(n for n in names if n), key=len, reverse=True))


def home_column(store: Store, fetcher: Fetcher, cs: CitySource, platform: Platform, out: CityOutcome) -> str | None:
    """The news column's URL found on the city's home page by the platform's ``find`` words, or None with
    the failure recorded."""
    home = platform.page_url(cs.portal, 1, "")
    try:
        got = fetcher.get(store, home, cs.allowed_hosts)
    except FetchError as exc:
        out.failures.append((exc.url, f"home page, where the news column is looked for: {exc.reason}"))
        return None
    hit = find_column(got.body, got.content_type, got.final_url, list(platform.find), city_names(cs.city))
    if hit is None:
        out.failures.append((home, "no link to a news column on the home page (looked for "
                                   + "、".join(platform.find[:6]) + " …)"))
        return None
    if not host_allowed(hit[0], cs.allowed_hosts):
        out.failures.append((home, f"the news column {hit[1]} links to {hit[0]}, whose host is not allowed"))
        return None
    out.notes.append(f"news column found on the home page: {hit[1]} {hit[0]}")
    return hit[0]


def walk_column(store: Store, fetcher: Fetcher, cs: CitySource, platform: Platform, out: CityOutcome, *,
                first_url: str | None = None, stop_before: str | None = None, max_pages: int = 0,
                query: str = "") -> Iterator[tuple[str, list[ListItem]]]:
    """(page URL, items) of a column (or of a site search for ``query``, already URL-encoded), newest first,
    until a page adds nothing new, a whole dated page is older than ``stop_before``, the pages end, or
    ``max_pages`` (0: the platform's). A page that cannot be fetched ends the walk with its failure."""
    url = first_url or platform.page_url(cs.portal, 1, query)
    seen_pages, listed, page = set(), set(), 1
    limit = max_pages or platform.max_pages
    while url and url not in seen_pages and page <= limit:
        seen_pages.add(url)
        try:
            got = fetcher.get(store, url, cs.allowed_hosts)
        except FetchError as exc:
            if not (page > 1 and exc.reason in ("HTTP 404", "HTTP 410")):
                out.failures.append((exc.url, exc.reason))
            return
        items, total, nxt = list_items(got.body, got.content_type, got.final_url, platform)
        fresh = [it for it in items if canonical_url(it.url) not in listed]
        if not fresh:
            return
        listed |= {canonical_url(it.url) for it in fresh}
        yield url, fresh
        dated = [it.date for it in items if it.date]
        if stop_before and platform.order == "date_desc" and dated and max(dated) < stop_before:
            return
        if total is not None and page * len(items) >= total:
            return
        page += 1
        url = nxt or (platform.page_url(cs.portal, page, query) if "{page" in platform.url else None)
