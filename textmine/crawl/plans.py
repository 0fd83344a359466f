"""`crawl plans`: find each city's plan outline (article page -> PDF/DOCX attachment) and
record it as a ``plan`` document in the corpus."""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from ..errors import TextmineError
from ..store import Store
from .fetcher import FetchConfig, FetchError, Fetched, Fetcher
from .jobs import CityOutcome, CrawlReport, commit_city, run_job
from .pages import article, list_items
from .sources import PERIODS, CitySource, PlanSource, Sources, host_allowed, load_sources

MIN_HTML_PLAN_CHARS = 5000   # an article page this long with no attachment is the plan itself
STORABLE = {"pdf": "pdf", "docx": "docx", "html": "html"}


def crawl_plans(store: Store, cities: list[str] | None = None, *, sources: Sources | str | Path | None = None,
                periods: list[str] | None = None, config: FetchConfig | None = None, workers: int = 4,
                progress: bool = False) -> CrawlReport:
    """Download the plan outlines of the given cities (all with an entry when empty)."""
    src = sources if isinstance(sources, Sources) else load_sources(sources)
    periods = list(periods or PERIODS)
    for p in periods:
        if p not in PERIODS:
            raise TextmineError(f"unknown plan period {p!r}; one of {', '.join(PERIODS)}")
    selected = [c for c in src.select(cities) if any(p.period in periods for p in c.plans)]
    if not selected:
        raise TextmineError("no city in the sources has a plan entry for " + ", ".join(periods))
    params = {"cities": sorted(c.city.code for c in selected), "periods": sorted(periods),
              "sources": _digest(src)}

    def work(st: Store, fetcher: Fetcher, job_id: int, cs: CitySource) -> CityOutcome:
        return _city_plans(st, fetcher, job_id, cs, periods)

    return run_job(store, "plans", params, selected, work, config=config, workers=workers, progress=progress)


def _digest(src: Sources) -> str:
    h = hashlib.sha256()
    for f in src.files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _city_plans(store: Store, fetcher: Fetcher, job_id: int, cs: CitySource, periods: list[str]) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    found: list[tuple[PlanSource, Fetched, str, str]] = []     # (plan, fetched, format, title)
    for plan in cs.plans:
        if plan.period not in periods:
            continue
        try:
            found += _find_plan(store, fetcher, cs, plan, out)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
    out.found = len(found)

    def write() -> None:
        for plan, got, fmt, title in found:
            fetched_at = store.conn.execute("SELECT fetched_at FROM http_cache WHERE url=?", (got.url,)).fetchone()
            _, new = store.add_document(city_code=cs.city.code, kind="plan", source=got.url, format=fmt,
                                        sha256=got.sha256, size=len(got.body), title=title, url=got.final_url,
                                        year=plan.year, fetched_at=fetched_at[0] if fetched_at else None,
                                        origin="crawl")
            out.added += new
            store.resolve_failures("crawl", source=got.url)

    commit_city(store, job_id, out, write)
    return out


def _find_plan(store: Store, fetcher: Fetcher, cs: CitySource, plan: PlanSource, out: CityOutcome):
    allowed = cs.allowed_hosts
    if plan.attachment_url:
        got = fetcher.get(store, plan.attachment_url, allowed)
        return [_as_document(got, plan, plan.title or f"{cs.city.name}{plan.period}规划纲要", out)]
    url = plan.article_url or _search_article(store, fetcher, cs, plan, out)
    if url is None:
        out.failures.append((f"search:{plan.search}", f"no search result title matches /{plan.pattern.pattern}/"))
        return []
    page = fetcher.get(store, url, allowed)
    if page.kind != "html":
        return [_as_document(page, plan, plan.title or url.rsplit("/", 1)[-1], out)]
    art = article(page.body, page.content_type, page.final_url, cs.news)
    title = plan.title or art.title
    docs = []
    for link, label in art.attachments:
        if not host_allowed(link, allowed):
            out.notes.append(f"skipped off-site attachment {link}")
            fetcher.stats.add("offsite_links_skipped")
            continue
        try:
            got = fetcher.get(store, link, allowed)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
            continue
        doc = _as_document(got, plan, f"{title} {label}".strip(), out)
        if doc is not None:
            docs.append(doc)
    if not docs and not art.attachments and (plan.format == "html" or len(art.text) >= MIN_HTML_PLAN_CHARS):
        docs.append((plan, page, "html", title))
    elif not docs and not out.failures:
        out.failures.append((url, "article page has no PDF/DOC/DOCX attachment and too little text to be the plan"))
    return [d for d in docs if d is not None]


def _as_document(got: Fetched, plan: PlanSource, title: str, out: CityOutcome):
    if got.kind in STORABLE:
        return (plan, got, STORABLE[got.kind], title)
    if got.kind == "doc":
        out.failures.append((got.url, "legacy .doc (Word 97-2003) attachment kept in raw/ but not recorded: "
                                      "convert it to .docx or PDF and `textmine ingest` it"))
    else:
        out.failures.append((got.url, f"expected a PDF, DOCX or HTML plan, got {got.kind} "
                                      f"(Content-Type {got.content_type or 'none'})"))
    return None


def _search_article(store: Store, fetcher: Fetcher, cs: CitySource, plan: PlanSource, out: CityOutcome) -> str | None:
    """Use the portal's search to find the plan's article; the first title matching the pattern wins."""
    platform = cs.news
    query = quote(plan.search, encoding=platform.query_encoding)
    for page in range(1, min(platform.max_pages, 5) + 1):
        got = fetcher.get(store, platform.page_url(cs.portal, page, query), cs.allowed_hosts)
        items, _, _ = list_items(got.body, got.content_type, got.final_url, platform)
        for it in items:
            if plan.pattern.search(it.title) and host_allowed(it.url, cs.allowed_hosts):
                return it.url
        if not items:
            break
    return None
