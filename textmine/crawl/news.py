"""`crawl news`: the 政府关注 indicator — news items about 生态产品价值实现 on each city's
government website within a date window, by site search (one query per lexicon variant)
or by listing a news column, each item kept with its title, date, URL and matched term.

An item is counted once per city, by canonical URL, however many pages or queries show
it. A title that does not contain a query term is checked against the article body when
the platform says ``verify = "body"`` (site search engines match loosely).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from pathlib import Path
from urllib.parse import quote

from ..errors import TextmineError
from ..registry import load_registry, resolve_city
from ..store import Store, utcnow
from .fetcher import FetchConfig, FetchError, Fetcher, canonical_url
from .jobs import CityOutcome, CrawlReport, commit_city, run_job
from .pages import article, list_items
from .plans import _digest
from .queries import Queries, load_queries
from .sources import CitySource, Sources, host_allowed, load_sources


def _iso_date(value, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise TextmineError(f"{name} {value!r} is not a date; use YYYY-MM-DD, e.g. 2021-01-01") from None


def crawl_news(store: Store, cities: list[str] | None = None, *, since=None, until=None,
               sources: Sources | str | Path | None = None, lexicon: str | Path | Queries | None = None,
               config: FetchConfig | None = None, workers: int = 4, progress: bool = False) -> CrawlReport:
    """Find and store the news items matching the news queries in [since, until] (inclusive)."""
    since, until = _iso_date(since, "--since"), _iso_date(until, "--until")
    if since and until and since > until:
        raise TextmineError(f"--since {since} is after --until {until}")
    src = sources if isinstance(sources, Sources) else load_sources(sources)
    queries = lexicon if isinstance(lexicon, Queries) else load_queries(lexicon)
    selected = [c for c in src.select(cities) if c.news is not None]
    if not selected:
        raise TextmineError("no selected city has a news source ([city.news] with a platform) in the sources")
    params = {"cities": sorted(c.city.code for c in selected), "since": since, "until": until,
              "sources": _digest(src), "lexicon": queries.version,
              "terms": hashlib.sha256("\n".join("|".join(t.variants) for t in queries.terms).encode()).hexdigest()[:16]}

    def work(st: Store, fetcher: Fetcher, job_id: int, cs: CitySource) -> CityOutcome:
        return _city_news(st, fetcher, job_id, cs, queries, since, until)

    return run_job(store, "news", params, selected, work, config=config, workers=workers, progress=progress)


def _in_window(date: str | None, since: str | None, until: str | None) -> bool:
    return date is None or ((not since or date >= since) and (not until or date <= until))


def _city_news(store: Store, fetcher: Fetcher, job_id: int, cs: CitySource, queries: Queries,
               since: str | None, until: str | None) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    platform, allowed = cs.news, cs.allowed_hosts
    found: dict[str, dict] = {}
    rejected: set[str] = set()
    terms = [None] if platform.kind == "list" else queries.search_terms
    for q in terms:
        qenc = quote(q, encoding=platform.query_encoding) if q else ""
        page, per_page, url, pages_seen = 1, None, platform.page_url(cs.portal, 1, qenc), set()
        while url and page <= platform.max_pages and url not in pages_seen:
            pages_seen.add(url)
            try:
                got = fetcher.get(store, url, allowed)
            except FetchError as exc:
                out.failures.append((exc.url, exc.reason))
                break
            items, total, nxt = list_items(got.body, got.content_type, got.final_url, platform)
            if not items:
                break
            per_page = per_page or len(items)
            dated = [it for it in items if it.date]
            for it in items:
                _consider(store, fetcher, cs, it, q, url, queries, since, until, found, rejected, out)
            if platform.order == "date_desc" and since and dated and all(it.date < since for it in dated):
                break   # newest first, and this whole page is older than the window
            if total is not None and page * per_page >= total:
                break
            page += 1
            if nxt:
                url = nxt
            elif "{page" in platform.url:
                url = platform.page_url(cs.portal, page, qenc)
            else:
                break
    out.found = len(found)

    def write() -> None:
        now = utcnow()
        for item in found.values():
            cur = store.conn.execute(
                "INSERT OR IGNORE INTO news_items (city_code, url, title, published, matched, matched_in, query,"
                " source, sha256, found_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (cs.city.code, item["url"], item["title"], item["published"], item["matched"], item["matched_in"],
                 item["query"], item["source"], item["sha256"], now))
            out.added += cur.rowcount
        store.conn.execute("INSERT INTO news_crawls (city_code, since, until, items, lexicon, finished_at)"
                           " VALUES (?,?,?,?,?,?)", (cs.city.code, since, until, len(found), queries.version, now))

    commit_city(store, job_id, out, write)
    return out


def _consider(store, fetcher, cs, it, query, page_url, queries, since, until, found, rejected, out) -> None:
    url = canonical_url(it.url)
    if url in found or url in rejected:
        return   # the same item on another page or for another query: counted once
    if not host_allowed(url, cs.allowed_hosts):
        fetcher.stats.add("offsite_links_skipped")
        out.notes.append(f"skipped off-site link {url}")
        rejected.add(url)
        return
    date = it.date
    if not _in_window(date, since, until):
        return
    matched, where, sha = queries.match(it.title), "title", None
    title = it.title
    need_body = (matched is None and cs.news.verify == "body") or (date is None and (since or until))
    if need_body:
        try:
            got = fetcher.get(store, url, cs.allowed_hosts)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
            return
        art = article(got.body, got.content_type, got.final_url, cs.news)
        sha, date, title = got.sha256, date or art.date, title or art.title
        if matched is None and cs.news.verify == "body":
            matched, where = queries.match(art.title + " " + art.text), "body"
        if date is None and (since or until):
            out.notes.append(f"no date on {url}; not counted in a dated window")
            rejected.add(url)
            return
        if not _in_window(date, since, until):
            rejected.add(url)
            return
    if matched is None:
        rejected.add(url)
        return
    found[url] = {"url": url, "title": title, "published": date, "matched": matched, "matched_in": where,
                  "query": query, "source": page_url, "sha256": sha}


def _window(since: str | None, until: str | None) -> tuple[str, list]:
    """SQL condition (and its arguments) for items published in [since, until]."""
    where, args = ["1=1"], []
    if since:
        where.append("published >= ?")
        args.append(since)
    if until:
        where.append("published <= ?")
        args.append(until)
    return " AND ".join(where), args


def news_counts(store: Store, since=None, until=None):
    """pandas.Series indexed by city_code (all 339): distinct news items in [since, until];
    NaN for cities never crawled for news. Undated items count only when no window is given."""
    import numpy as np
    import pandas as pd

    since, until = _iso_date(since, "since"), _iso_date(until, "until")
    codes = [c.code for c in load_registry()]
    where, args = _window(since, until)
    counts = dict(store.conn.execute(
        f"SELECT city_code, COUNT(DISTINCT url) FROM news_items WHERE {where} GROUP BY city_code", args).fetchall())
    crawled = {r[0] for r in store.conn.execute("SELECT DISTINCT city_code FROM news_crawls")}
    values = [float(counts.get(c, 0)) if c in crawled else math.nan for c in codes]
    return pd.Series(np.array(values, dtype=float), index=pd.Index(codes, name="city_code"), name="news.count")


def list_news_items(store: Store, city: str | None = None, since=None, until=None) -> list[dict]:
    """The stored items (for audit), newest first."""
    since, until = _iso_date(since, "--since"), _iso_date(until, "--until")
    where, args = _window(since, until)
    sql = f"SELECT * FROM news_items WHERE {where}"
    if city:
        sql += " AND city_code=?"
        args.append(resolve_city(city).code)
    reg = load_registry()
    rows = []
    for r in store.conn.execute(sql + " ORDER BY city_code, published DESC, url", args):
        d = dict(r)
        d["city"] = reg.by_code(d["city_code"]).name if d["city_code"] in {c.code for c in reg} else d["city_code"]
        rows.append(d)
    return rows
