"""`crawl policy`: search each city portal with every leaf's queries and store the candidates.

Built on the crawl stage (``textmine.crawl``): the same sources files and platform adapters (a city's
``policy`` platform if it has one, else its ``news`` platform), the same polite fetcher and the same
resumable jobs (kind ``policy``). A result is a candidate for a leaf when its title holds one of the
leaf's objects, or, where the platform says ``verify = "body"``, its article text does. The article
page and its PDF/DOCX attachments are stored as ``policy`` documents (they go through `textmine parse`
like any document), with why they were found (``policy_sources``); every search is recorded with
whether it was read completely (``policy_searches``: what makes a 0 "searched, nothing found").
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .. import formats
from ..errors import TextmineError
from ..crawl.fetcher import FetchConfig, FetchError, Fetched, Fetcher, canonical_url
from ..crawl.jobs import CityOutcome, CrawlReport, commit_city, run_job
from ..crawl.pages import Article, article, list_items
from ..crawl.plans import _digest
from ..crawl.sources import CitySource, Platform, Sources, host_allowed, load_sources
from ..store import Store, utcnow
from .rules import LeafRule, RuleSet, load_rules

STORABLE = formats.storable("policy")     # {sniffed kind: format} (textmine.formats)


def crawl_policy(store: Store, cities: list[str] | None = None, *, leaves: list[str] | None = None,
                 sources: Sources | str | Path | None = None, rules: RuleSet | str | Path | None = None,
                 pages: int = 2, config: FetchConfig | None = None, workers: int = 4,
                 progress=None) -> CrawlReport:
    """Search the portals of the given cities (all with an entry) for the given leaves (all with queries)."""
    src = sources if isinstance(sources, Sources) else load_sources(sources)
    rules = rules if isinstance(rules, RuleSet) else load_rules(rules)
    chosen = [r for r in rules.select(leaves) if r.queries]
    if not chosen:
        raise TextmineError("no selected leaf has queries in its evidence rule")
    selected = [c for c in src.select(cities) if (c.policy or c.news) is not None]
    if not selected:
        raise TextmineError("no selected city has a policy or news platform in the sources (its site search)")
    params = {"cities": sorted(c.city.code for c in selected), "leaves": [r.leaf for r in chosen], "pages": pages,
              "sources": _digest(src), "rules": rules.version}

    def work(st: Store, fetcher: Fetcher, job_id: int, cs: CitySource) -> CityOutcome:
        return _city_policy(st, fetcher, job_id, cs, chosen, pages)

    return run_job(store, "policy", params, selected, work, config=config, workers=workers, progress=progress)


def _holds_object(rule: LeafRule, text: str) -> bool:
    flat = "".join((text or "").split())
    return any(p.object_re.search(flat) for p in rule.patterns)


class _City:
    """What one city's crawl found: documents by URL, with the leaves and queries that found them."""

    def __init__(self, store: Store, fetcher: Fetcher, cs: CitySource, out: CityOutcome):
        self.store, self.fetcher, self.cs, self.out = store, fetcher, cs, out
        self.docs: dict[str, dict] = {}
        self.articles: dict[str, tuple[Fetched, Article] | None] = {}
        self.searches: list[dict] = []
        self.complete = True             # the current search was read without a gap
        self.pages: dict[str, Fetched] = {}
        self.skipped: set[str] = set()

    def get(self, url: str) -> Fetched | None:
        """None (and a failure recorded) when the URL cannot be fetched; robots refusals are not gaps."""
        try:
            return self.fetch(url)
        except FetchError as exc:
            self.out.failures.append((exc.url, exc.reason))
            if "robots.txt" not in exc.reason:
                self.complete = False
            return None

    def fetch(self, url: str) -> Fetched:
        """A page fetched once per city (a column is walked, an article found, again for every leaf)."""
        if url not in self.pages:
            self.pages[url] = self.fetcher.get(self.store, url, self.cs.allowed_hosts)
        return self.pages[url]

    def offsite(self, url: str, what: str) -> None:
        if url not in self.skipped:
            self.skipped.add(url)
            self.fetcher.stats.add("offsite_links_skipped")
            self.out.notes.append(f"skipped off-site {what} {url}")

    def article(self, url: str, platform: Platform) -> tuple[Fetched, Article] | None:
        if url not in self.articles:
            got = self.get(url)
            self.articles[url] = None if got is None else (got, article(got.body, got.content_type, got.final_url,
                                                                        platform) if got.kind == "html" else None)
        return self.articles[url]

    def keep(self, got: Fetched, fmt: str, title: str, rule: LeafRule, query: str, published: str | None,
             article_url: str) -> None:
        d = self.docs.setdefault(got.url, {"got": got, "format": fmt, "title": title, "found": {}})
        d["found"].setdefault(rule.leaf, (query, published, article_url))


def _city_policy(store: Store, fetcher: Fetcher, job_id: int, cs: CitySource, rules: list[LeafRule],
                 pages: int) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    platform = cs.policy or cs.news
    city = _City(store, fetcher, cs, out)
    for rule in rules:
        for q in ([""] if platform.kind == "list" else list(rule.queries)):
            city.complete, listed, before = True, 0, sum(rule.leaf in d["found"] for d in city.docs.values())
            qenc = quote(q, encoding=platform.query_encoding) if q else ""
            url, seen, page = platform.page_url(cs.portal, 1, qenc), set(), 1
            while url and url not in seen and page <= min(pages, platform.max_pages):
                seen.add(url)
                try:
                    got = city.fetch(url)
                except FetchError as exc:
                    if page > 1 and exc.reason in ("HTTP 404", "HTTP 410"):
                        break   # a column's numbered pages simply end
                    out.failures.append((exc.url, exc.reason))
                    city.complete = False
                    break
                items, total, nxt = list_items(got.body, got.content_type, got.final_url, platform)
                listed += len(items)
                for it in items:
                    _consider(city, rule, q, it, platform)
                if not items or (total is not None and page * len(items) >= total):
                    break
                page += 1
                url = nxt or (platform.page_url(cs.portal, page, qenc) if "{page" in platform.url else None)
            stored = sum(rule.leaf in d["found"] for d in city.docs.values()) - before
            city.searches.append({"leaf": rule.leaf, "query": q, "listed": listed, "stored": stored,
                                  "complete": int(city.complete)})
    out.found = len(city.docs)

    def write() -> None:
        now = utcnow()
        for d in city.docs.values():
            got = d["got"]
            row = store.conn.execute("SELECT fetched_at FROM http_cache WHERE url=?", (got.url,)).fetchone()
            year = next((int(p[:4]) for _, p, _ in d["found"].values() if p), None)
            doc_id, new = store.add_document(city_code=cs.city.code, kind="policy", source=got.url, format=d["format"],
                                             sha256=got.sha256, size=len(got.body), title=d["title"],
                                             url=got.final_url, year=year, fetched_at=row[0] if row else None,
                                             origin="crawl")
            out.added += new
            for leaf, (query, published, article_url) in d["found"].items():
                store.conn.execute("INSERT OR IGNORE INTO policy_sources (document_id, leaf, query, published, "
                                   "article_url, found_at) VALUES (?,?,?,?,?,?)",
                                   (doc_id, leaf, query, published, article_url, now))
            store.resolve_failures("crawl", source=got.url)
        store.conn.executemany(
            "INSERT OR REPLACE INTO policy_searches (job_id, city_code, leaf, query, listed, stored, complete, "
            "searched_at) VALUES (?,?,?,?,?,?,?,?)",
            [(job_id, cs.city.code, s["leaf"], s["query"], s["listed"], s["stored"], s["complete"], now)
             for s in city.searches])

    commit_city(store, job_id, out, write)
    return out


def _consider(city: _City, rule: LeafRule, query: str, it, platform: Platform) -> None:
    url = canonical_url(it.url)
    if not host_allowed(url, city.cs.allowed_hosts):
        city.offsite(url, "link")
        return
    in_title = _holds_object(rule, it.title)
    if not in_title and platform.verify != "body":
        return
    got = city.article(url, platform)
    if got is None:
        return
    page, art = got
    if art is None:   # the result links a document directly
        if in_title and page.kind in STORABLE:
            city.keep(page, STORABLE[page.kind], it.title, rule, query, it.date, url)
        return
    if not (in_title or _holds_object(rule, art.title + " " + art.text)):
        return
    published = it.date or art.date
    title = art.title or it.title
    city.keep(page, "html", title, rule, query, published, url)
    for link, label in art.attachments:
        if not host_allowed(link, city.cs.allowed_hosts):
            city.offsite(link, "attachment")
            continue
        att = city.get(link)
        if att is None:
            continue
        if att.kind in STORABLE:
            city.keep(att, STORABLE[att.kind], f"{title} {label}".strip(), rule, query, published, url)
        else:
            city.out.failures.append((att.url, f"attachment is {att.kind}, not {'/'.join(formats.labels(tuple(STORABLE.values())))}: kept in raw/ but not "
                                               f"recorded; convert it and `textmine ingest --kind policy` it"))
