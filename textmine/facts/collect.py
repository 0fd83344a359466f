"""`crawl facts`: search each city portal for its statistical communiqués, budget and 决算 reports and water bulletins.

Built on the crawl stage (``textmine.crawl``): the same sources files and platform adapters (a city's ``policy``
platform if it has one, else its ``news`` platform: the portal's site search), the same polite fetcher and the
same resumable jobs (kind ``facts``). A result is kept when its title names the kind (the kind's ``year_before``
words of scoring/facts.toml: 统计公报, 预算执行, 决算, 水资源公报); the article and its PDF/DOCX attachments are
stored as documents of that kind, with the query that found them (``fact_sources``). They go through
`textmine parse` like any document; `textmine facts` then reads the data year from their own title.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .. import formats
from ..crawl.fetcher import FetchConfig, FetchError, Fetcher, canonical_url
from ..crawl.jobs import CityOutcome, CrawlReport, commit_city, run_job
from ..crawl.pages import article, list_items
from ..crawl.plans import _digest
from ..crawl.sources import CitySource, Sources, host_allowed, load_sources
from ..errors import TextmineError
from ..store import Store, utcnow
from .rules import KINDS, FactRules, load_rules

STORABLE = formats.storable("facts")      # {sniffed kind: format} (textmine.formats)


def crawl_facts(store: Store, cities: list[str] | None = None, *, kinds: list[str] | None = None,
                sources: Sources | str | Path | None = None, rules: FactRules | str | Path | None = None,
                pages: int = 2, config: FetchConfig | None = None, workers: int = 4, progress=None) -> CrawlReport:
    """Search the portals of the given cities (all with an entry) for documents of the given kinds (all four)."""
    src = sources if isinstance(sources, Sources) else load_sources(sources)
    rules = load_rules(rules)
    wanted = [k for k in (kinds or KINDS) if rules.kinds[k].queries]
    if not wanted:
        raise TextmineError("no selected kind has queries in scoring/facts.toml ([kinds.*] queries)")
    selected = [c for c in src.select(cities) if (c.policy or c.news) is not None]
    if not selected:
        raise TextmineError("no selected city has a policy or news platform in the sources (its site search)")
    params = {"cities": sorted(c.city.code for c in selected), "kinds": wanted, "pages": pages,
              "sources": _digest(src), "rules": rules.version}

    def work(st: Store, fetcher: Fetcher, job_id: int, cs: CitySource) -> CityOutcome:
        return _city(st, fetcher, cs, rules, wanted, pages, job_id)

    return run_job(store, "facts", params, selected, work, config=config, workers=workers, progress=progress)


def _city(store: Store, fetcher: Fetcher, cs: CitySource, rules: FactRules, kinds: list[str], pages: int,
          job_id: int) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    platform = cs.policy or cs.news
    found: dict[str, dict] = {}      # URL -> {got, format, title, kind, query, published, article_url}

    def get(url: str):
        try:
            return fetcher.get(store, url, cs.allowed_hosts)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
            return None

    for kind in kinds:
        words = rules.kinds[kind].year_before
        for q in ([""] if platform.kind == "list" else rules.kinds[kind].queries):
            qenc = quote(q, encoding=platform.query_encoding) if q else ""
            url, seen, page = platform.page_url(cs.portal, 1, qenc), set(), 1
            while url and url not in seen and page <= min(pages, platform.max_pages):
                seen.add(url)
                got = get(url)
                if got is None:
                    break
                items, total, nxt = list_items(got.body, got.content_type, got.final_url, platform)
                for it in items:
                    link = canonical_url(it.url)
                    if link in found or not any(w in "".join(it.title.split()) for w in words):
                        continue
                    if not host_allowed(link, cs.allowed_hosts):
                        out.notes.append(f"skipped off-site link {link}")
                        fetcher.stats.add("offsite_links_skipped")
                        continue
                    _keep(found, get, fetcher, link, it, kind, q, platform, cs)
                if not items or (total is not None and page * len(items) >= total):
                    break
                page += 1
                url = nxt or (platform.page_url(cs.portal, page, qenc) if "{page" in platform.url else None)
    out.found = len(found)

    def write() -> None:
        now = utcnow()
        for d in found.values():
            got = d["got"]
            row = store.conn.execute("SELECT fetched_at FROM http_cache WHERE url=?", (got.url,)).fetchone()
            doc_id, new = store.add_document(city_code=cs.city.code, kind=d["kind"], source=got.url,
                                             format=d["format"], sha256=got.sha256, size=len(got.body),
                                             title=d["title"], url=got.final_url, year=None,
                                             fetched_at=row[0] if row else None, origin="crawl")
            out.added += new
            store.conn.execute("INSERT OR IGNORE INTO fact_sources (document_id, query, published, article_url, "
                               "found_at) VALUES (?,?,?,?,?)", (doc_id, d["query"], d["published"],
                                                                 d["article_url"], now))
            store.resolve_failures("crawl", source=got.url)

    commit_city(store, job_id, out, write)
    return out


def _keep(found: dict, get, fetcher: Fetcher, link: str, it, kind: str, query: str, platform, cs: CitySource) -> None:
    """The result's article page (or the document it links directly) and the article's PDF/DOCX attachments."""
    page = get(link)
    if page is None:
        return
    meta = {"kind": kind, "query": query, "published": it.date, "article_url": link}
    if page.kind != "html":
        if page.kind in STORABLE:
            found[link] = {"got": page, "format": STORABLE[page.kind], "title": it.title, **meta}
        return
    art = article(page.body, page.content_type, page.final_url, platform)
    title = art.title or it.title
    found[link] = {"got": page, "format": "html", "title": title, **{**meta, "published": it.date or art.date}}
    for att_url, label in art.attachments:
        if att_url in found:
            continue
        if not host_allowed(att_url, cs.allowed_hosts):
            fetcher.stats.add("offsite_links_skipped")
            continue
        att = get(att_url)
        if att is not None and att.kind in STORABLE:
            found[att_url] = {"got": att, "format": STORABLE[att.kind], "title": f"{title} {label}".strip(), **meta}
