"""`crawl news`: candidate news items for 政府关注 (G02) from each city's government website, within a
date window, by site search (one query per term of the news lexicon) or by listing a news column.

The crawl collects; it does not count. Every item the portal shows for a query, dated inside the window
or undated, is stored once per city (by canonical URL) with its title, date, URL and the page it was
found on. When the title does not hold a term of the lexicon and the platform says ``verify = "body"``
(site search engines match loosely), or when the item has no date, the article is fetched and stored as
a ``news`` document that goes through parse like any other. Which items count is decided by the count
stage's matcher (`textmine.count.news`), on the title and the parsed article.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from urllib.parse import quote

from ..editions import refresh_editions
from ..errors import TextmineError
from ..count.news import LISTING, NewsMatcher, NewsQuery, judge_items, load_news_query
from ..reference import check_window
from ..store import Store, news_item_record, utcnow
from ..store import news as store_news
from ..store import parses as store_parses
from .fetcher import FetchConfig, FetchError, Fetcher, canonical_url
from .jobs import CityOutcome, CrawlReport, commit_city, run_job
from .pages import article, list_items
from .plans import _digest
from .sources import CitySource, Sources, host_allowed, load_sources
from .walk import home_column
from ..parse import parse_corpus
from ..registry import load_registry


def crawl_news(store: Store, cities: list[str] | None = None, *, since=None, until=None,
               sources: Sources | str | Path | None = None, lexicon: str | Path | NewsQuery | None = None,
               config: FetchConfig | None = None, workers: int = 4, progress=None) -> CrawlReport:
    """Find and store the candidate news items for the news lexicon's queries in [since, until]
    (inclusive), then parse the articles fetched. `lexicon`: a news lexicon name (news, broad), a file,
    or the model's default."""
    since, until = check_window(since, until, ("`since`", "`until`"))
    src = sources if isinstance(sources, Sources) else load_sources(sources)
    query = load_news_query(lexicon)
    selected = [c for c in src.select(cities) if c.news is not None]
    if not selected:
        raise TextmineError("no selected city has a news source ([city.news] with a platform) in the sources")
    params = {"cities": sorted(c.city.code for c in selected), "since": since, "until": until,
              "sources": _digest(src), "lexicon": query.lexicon.version_label,
              "terms": hashlib.sha256("\n".join("|".join(e.variants) for e in query.lexicon.entries)
                                      .encode()).hexdigest()[:16]}
    matcher = NewsMatcher(query)

    def work(st: Store, fetcher: Fetcher, job_id: int, cs: CitySource) -> CityOutcome:
        return _city_news(st, fetcher, job_id, cs, query, matcher, since, until)

    report = run_job(store, "news", params, selected, work, config=config, workers=workers, progress=progress)
    t0 = time.perf_counter()
    report.stats["articles_parsed"] = parse_news_articles(store)
    report.stats["parse_seconds"] = round(time.perf_counter() - t0, 2)
    return report


def parse_news_articles(store: Store) -> int:
    """Record fetched articles of news items as `news` documents and parse those not parsed yet."""
    link_news_articles(store)
    todo = store_parses.unparsed_ids(store.conn, "news")
    if todo:
        parse_corpus(store, document_ids=todo, then=refresh_editions)
    return len(todo)


def link_news_articles(store: Store) -> int:
    """News items whose article is in raw/ but not recorded as a document (crawled before articles were
    documents) get their `news` document."""
    rows = store_news.items_without_document(store.conn)
    n = 0
    with store.transaction():
        for r in rows:
            if not store.has_raw(r["sha256"]):
                continue
            doc_id, _ = store.add_document(city_code=r["city_code"], kind="news", source=r["url"], format="html",
                                           sha256=r["sha256"], size=store.raw_path(r["sha256"]).stat().st_size,
                                           title=r["title"], url=r["url"],
                                           year=int(r["published"][:4]) if r["published"] else None,
                                           fetched_at=r["found_at"], origin="crawl")
            store_news.set_item_document(store.conn, r["city_code"], r["url"], doc_id)
            n += 1
    return n


def _city_news(store: Store, fetcher: Fetcher, job_id: int, cs: CitySource, query: NewsQuery,
               matcher: NewsMatcher, since: str | None, until: str | None) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    platform, allowed = cs.news, cs.allowed_hosts
    found: dict[str, dict] = {}
    rejected: set[str] = set()
    first = None
    if platform.find:      # the column is the home page's link named like a news column
        first = home_column(store, fetcher, cs, platform, out)
        if first is None:
            out.detail["news"] = {"source": platform.kind_label, "column": None, "pages": 0}
            _finish(store, job_id, cs, out, query, found, since, until, complete=False)
            return out
    pages_read, complete = 0, True
    terms = [None] if platform.kind == "list" else query.search_terms
    for q in terms:
        qenc = quote(q, encoding=platform.query_encoding) if q else ""
        page, per_page, pages_seen, listed = 1, None, set(), set()
        url = first or platform.page_url(cs.portal, 1, qenc)
        ended = False
        while url and page <= platform.max_pages and url not in pages_seen:
            pages_seen.add(url)
            try:
                got = fetcher.get(store, url, allowed)
            except FetchError as exc:
                if page > 1 and exc.reason in ("HTTP 404", "HTTP 410"):
                    out.notes.append(f"{url}: {exc.reason}, taken as the end of the column")
                    ended = True
                else:
                    out.failures.append((exc.url, exc.reason))
                    complete = False
                break
            pages_read += 1
            items, total, nxt = list_items(got.body, got.content_type, got.final_url, platform)
            if not items:
                if page == 1 and platform.generic:
                    out.failures.append((url, "no news items found on the column's first page (no headline links "
                                              "with dates: a list built by JavaScript, or not a column)"))
                    complete = False
                ended = True
                break
            fresh = {canonical_url(it.url) for it in items} - listed
            if page > 1 and not fresh:
                ended = True
                break   # a page of items all listed already: the column's pages went round
            listed |= fresh
            per_page = per_page or len(items)
            dated = [it for it in items if it.date]
            for it in items:
                _consider(store, fetcher, cs, it, q, url, matcher, since, until, found, rejected, out)
            if platform.order == "date_desc" and since and dated and all(it.date < since for it in dated):
                ended = True
                break   # newest first, and this whole page is older than the window
            if total is not None and page * per_page >= total:
                ended = True
                break
            page += 1
            if nxt:
                url = nxt
            elif "{page" in platform.url:
                url = platform.page_url(cs.portal, page, qenc)
            else:
                ended = True
                break
        if not ended and url and page > platform.max_pages:
            out.failures.append((url, f"stopped after max_pages = {platform.max_pages} pages before the window's "
                                      f"start {since}: raise max_pages for this city"))
            complete = False
    if platform.kind == "list":
        out.detail["news"] = {"source": platform.kind_label, "column": first or platform.page_url(cs.portal, 1, ""),
                              "pages": pages_read}
    _finish(store, job_id, cs, out, query, found, since, until, complete)
    return out


def _finish(store: Store, job_id: int, cs: CitySource, out: CityOutcome, query: NewsQuery, found: dict,
            since, until, complete: bool) -> None:
    """Store the city's items; record the crawl as covering the window only when its listing was complete
    (a gap would make a low count look measured)."""
    platform = cs.news
    out.found = len(found)
    out.detail.setdefault("news", {})["complete"] = complete

    def write() -> None:
        now = utcnow()
        for item in found.values():
            doc_id = None
            if item["sha256"]:
                doc_id, _ = store.add_document(city_code=cs.city.code, kind="news", source=item["url"],
                                               format="html", sha256=item["sha256"], size=item["size"],
                                               title=item["title"], url=item["final_url"],
                                               year=int(item["published"][:4]) if item["published"] else None,
                                               fetched_at=now, origin="crawl")
            cur = store_news.upsert_item(store.conn, cs.city.code, item["url"], item["title"], item["published"],
                                         item["query"], item["source"], item["sha256"], doc_id, now)
            out.added += cur.rowcount if item["new"] else 0
            store.journal(news_item_record({**item, "city_code": cs.city.code, "found_at": now,
                                            "document_sha256": item["sha256"] if doc_id else None}))
        if not complete:
            return
        searched = [LISTING] if platform.kind == "list" else query.search_terms
        crawl = {"city_code": cs.city.code, "since": since, "until": until, "items": len(found),
                 "lexicon": query.lexicon.version_label, "queries": json.dumps(searched, ensure_ascii=False),
                 "finished_at": now}
        store_news.add_crawl(store.conn, crawl)
        store.journal({"type": "news_crawl", **crawl})

    commit_city(store, job_id, out, write)


def _consider(store, fetcher, cs, it, query, page_url, matcher, since, until, found, rejected, out) -> None:
    url = canonical_url(it.url)
    if url in found or url in rejected:
        return   # the same item on another page or for another query: stored once
    if not host_allowed(url, cs.allowed_hosts):
        fetcher.stats.add("offsite_links_skipped")
        out.notes.append(f"skipped off-site link {url}")
        rejected.add(url)
        return
    date = it.date
    if date is not None and not _in_window(date, since, until):
        return
    title, sha, size, final_url = it.title, None, None, url
    need_body = (matcher.first(title) is None and cs.news.verify == "body") or (date is None and (since or until))
    if need_body:
        try:
            got = fetcher.get(store, url, cs.allowed_hosts)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
            return
        sha, size, final_url = got.sha256, len(got.body), got.final_url
        if date is None or not title:    # the article is read here only for what the list did not say
            art = article(got.body, got.content_type, got.final_url, cs.news)   # (its text: by the parse stage)
            date, title = date or art.date, title or art.title
        if date is not None and not _in_window(date, since, until):
            rejected.add(url)
            return
        if date is None and (since or until):
            out.notes.append(f"no date on {url}: stored, never counted in a dated window")
    new = not store_news.has_item(store.conn, cs.city.code, url)
    found[url] = {"url": url, "final_url": final_url, "title": title, "published": date, "query": query,
                  "source": page_url, "sha256": sha, "size": size, "new": new}


def _in_window(date: str, since: str | None, until: str | None) -> bool:
    return (not since or date >= since) and (not until or date <= until)


def list_news_items(store: Store, city: str | None = None, since=None, until=None, *, lexicon=None,
                    mode: str | None = None, include_all: bool = False) -> list[dict]:
    """The stored items behind the news count (counted ones; with `include_all` every candidate with why it
    does or does not count), newest first, with the matching sentence."""
    reg = load_registry()
    rows = []
    for v in judge_items(store, lexicon, since, until, city=city, mode=mode):
        if not include_all and v.status != "counted":
            continue
        rows.append({"city": reg.by_code(v.city_code).name, "city_code": v.city_code, "published": v.published,
                     "title": v.title, "status": v.status, "matched": v.term, "matched_in": v.where,
                     "sentence": v.sentence, "page": v.page, "url": v.url, "document_id": v.document_id,
                     "query": v.query})
    return rows
