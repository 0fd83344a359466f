"""`crawl plans`: find each city's plan outline (article page -> PDF/DOC/WPS/OFD/DOCX attachment,
or the article itself) and record it as a ``plan`` document in the corpus.

A plan article cut into pages by the CMS is read page by page (``paginate``); an outline
published as several attachments (纲要（上）/（下）, 第一篇…) becomes one document of parts in
their order (``parts``). Such a document's row holds a manifest of its parts (in raw/ like any
file); ``document_parts`` keeps each part's source, final URL and bytes for the audit.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import formats
from ..errors import TextmineError
from ..store import Store
from ..store import crawl as store_crawl
from ..store import runs as store_runs
from .fetcher import FetchConfig, FetchError, Fetched, Fetcher
from .jobs import CityOutcome, CrawlReport, commit_city, run_job
from .outlines import outline_candidates
from .pages import article
from .paginate import MAX_ARTICLE_PAGES, page_links, page_number
from .parts import part_groups
from .sources import CitySource, PlanSource, Sources, host_allowed, load_sources
from ..editions import load_rules

MIN_HTML_PLAN_CHARS = 5000   # an article page this long with no attachment is the plan itself


@dataclass
class PartFile:
    got: Fetched
    fmt: str
    title: str


@dataclass
class FoundDoc:
    plan: PlanSource
    title: str
    source: str               # URL followed (the attachment, or the article of a document of parts)
    url: str                  # final URL
    fmt: str
    sha256: str
    size: int
    parts: list[PartFile] = field(default_factory=list)   # empty: a document of one file


def crawl_plans(store: Store, cities: list[str] | None = None, *, sources: Sources | str | Path | None = None,
                periods: list[str] | None = None, config: FetchConfig | None = None, workers: int = 4,
                progress=None) -> CrawlReport:
    """Download the plan outlines of the given cities (all with an entry when empty)."""
    src = sources if isinstance(sources, Sources) else load_sources(sources)

    rules = load_rules()
    periods = [rules.check_period(p) for p in periods] if periods else rules.period_names
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


def _fetched_at(store: Store, url: str) -> str | None:
    return store_crawl.fetched_at(store.conn, url)


def _city_plans(store: Store, fetcher: Fetcher, job_id: int, cs: CitySource, periods: list[str]) -> CityOutcome:
    out = CityOutcome(cs.city.code, cs.city.name)
    found: list[FoundDoc] = []
    for plan in cs.plans:
        if plan.period not in periods:
            continue
        try:
            found += _find_plan(store, fetcher, cs, plan, out)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
    out.found = len(found)
    for plan in cs.plans:
        if plan.period in periods:
            info = out.detail.setdefault("plans", {}).setdefault(plan.period, {})
            info["documents"] = info.get("documents", 0) + sum(d.plan is plan for d in found)
            info["titles"] = info.get("titles", []) + [d.title for d in found if d.plan is plan]

    def write() -> None:
        for period, info in out.detail.get("plans", {}).items():
            if info.get("documents"):     # this city's outline search for the period has succeeded now
                store_runs.resolve_crawl_failures(store.conn, cs.city.code, f"{period} outline")
        for doc in found:
            plan = doc.plan
            _, new = store.add_document(city_code=cs.city.code, kind="plan", source=doc.source, format=doc.fmt,
                                        sha256=doc.sha256, size=doc.size, title=doc.title, url=doc.url,
                                        year=plan.year, fetched_at=_fetched_at(store, doc.source),
                                        origin="crawl", period=plan.period, period_source="source")
            out.added += new
            if new and doc.parts:
                doc_id = store.find_document(cs.city.code, "plan", doc.sha256)["id"]
                store.add_document_parts(doc_id, [
                    {"part": i, "title": p.title, "source": p.got.url, "url": p.got.final_url, "format": p.fmt,
                     "sha256": p.got.sha256, "size": len(p.got.body), "fetched_at": _fetched_at(store, p.got.url)}
                    for i, p in enumerate(doc.parts, start=1)])
            store.resolve_failures("crawl", source=doc.source)

    commit_city(store, job_id, out, write)
    return out


def _find_plan(store: Store, fetcher: Fetcher, cs: CitySource, plan: PlanSource, out: CityOutcome) -> list[FoundDoc]:
    allowed = cs.allowed_hosts
    if plan.attachment_url:
        got = fetcher.get(store, plan.attachment_url, allowed)
        doc = _single(got, plan, plan.title or f"{cs.city.name}{plan.period}规划纲要", out)
        return [doc] if doc else []
    if plan.article_url:
        return _from_article(store, fetcher, cs, plan, plan.article_url, out)
    docs: list[FoundDoc] = []
    for cand in outline_candidates(store, fetcher, cs, plan, out):
        if not cand.followed:
            continue
        try:
            docs += _from_article(store, fetcher, cs, plan, cand.url, out, cand.title)
        except FetchError as exc:
            out.failures.append((exc.url, f"{plan.period} outline candidate {cand.title}: {exc.reason}"))
    return docs


def _from_article(store: Store, fetcher: Fetcher, cs: CitySource, plan: PlanSource, url: str, out: CityOutcome,
                  title: str = "") -> list[FoundDoc]:
    """The plan documents behind an article page (its attachments, its parts, or the page itself)."""
    allowed = cs.allowed_hosts
    page = fetcher.get(store, url, allowed)
    if page.kind != "html":
        doc = _single(page, plan, plan.title or title or url.rsplit("/", 1)[-1], out)
        return [doc] if doc else []
    pages = _article_pages(store, fetcher, cs, page, out)
    if pages is None:
        return []
    arts = [article(p.body, p.content_type, p.final_url, cs.news) for p in pages]
    title = plan.title or arts[0].title or title
    attachments = list(dict.fromkeys(a for art in arts for a in art.attachments))
    onsite = []
    for link, label in attachments:
        if host_allowed(link, allowed):
            onsite.append((link, label))
        else:
            out.notes.append(f"skipped off-site attachment {link}")
            fetcher.stats.add("offsite_links_skipped")
    groups, singles = part_groups(onsite)
    docs: list[FoundDoc] = []
    for group in groups:
        doc = _outline_of_parts(store, fetcher, cs, plan, title, page, group, out)
        if doc is not None:
            docs.append(doc)
    for link, label in singles:
        try:
            got = fetcher.get(store, link, allowed)
        except FetchError as exc:
            out.failures.append((exc.url, exc.reason))
            continue
        doc = _single(got, plan, f"{title} {label}".strip(), out, label)
        if doc is not None:
            docs.append(doc)
    text_chars = sum(len(a.text) for a in arts)
    if not docs and not attachments and (plan.format == "html" or text_chars >= MIN_HTML_PLAN_CHARS):
        if len(pages) == 1:
            docs.append(FoundDoc(plan, title, page.url, page.final_url, "html", page.sha256, len(page.body)))
        else:
            docs.append(_composite(store, plan, title, page, [PartFile(p, "html", f"第{i}页")
                                                               for i, p in enumerate(pages, start=1)]))
    elif not docs and not out.failures:
        out.failures.append((url, "article page has no PDF/DOC/WPS/OFD/DOCX attachment and too little text to "
                                  "be the plan"))
    return docs


def _article_pages(store: Store, fetcher: Fetcher, cs: CitySource, page: Fetched, out: CityOutcome
                   ) -> list[Fetched] | None:
    """The article's pages in order (just ``page`` when it is not paginated); None when a page
    could not be fetched (the failure says which): a plan read in part would be counted short."""
    first = page.final_url
    pages: dict[int, Fetched] = {1: page}
    todo = page_links(page.body, page.content_type, first, first)
    tried: set[str] = {first}
    while todo:
        link = min(todo, key=lambda u: page_number(u, first) or 0)
        todo.discard(link)
        tried.add(link)
        n = page_number(link, first)
        if n is None or n in pages:
            continue
        if len(pages) >= MAX_ARTICLE_PAGES:
            out.notes.append(f"{first}: more than {MAX_ARTICLE_PAGES} pages; the first {MAX_ARTICLE_PAGES} were read")
            break
        try:
            got = fetcher.get(store, link, cs.allowed_hosts)
        except FetchError as exc:
            out.failures.append((exc.url, f"page {n} of the article {first}: {exc.reason}"))
            return None
        pages[n] = got
        if got.kind == "html":
            todo |= page_links(got.body, got.content_type, got.final_url, first) - tried
    if len(pages) > 1:
        fetcher.stats.add("paginated_articles")
        fetcher.stats.add("article_pages", len(pages))
    return [pages[k] for k in sorted(pages)]


def _outline_of_parts(store, fetcher, cs, plan, title, page, group, out) -> FoundDoc | None:
    """One document of the attachments that are parts of one outline, or None (with the failure)
    when a part cannot be had: an outline missing a part would be counted short."""
    parts = []
    for p in group:
        try:
            got = fetcher.get(store, p.url, cs.allowed_hosts)
        except FetchError as exc:
            out.failures.append((exc.url, f"part {p.number} of the outline on {page.final_url}: {exc.reason}"))
            return None
        fmt = _format_of(got, p.label)
        if fmt is None:
            out.failures.append((got.url, f"part {p.number} of the outline on {page.final_url} is not a document: "
                                          f"{_why_not(got)}"))
            return None
        parts.append(PartFile(got, fmt, p.label))
    fetcher.stats.add("multi_part_outlines")
    return _composite(store, plan, title, page, parts)


def _composite(store: Store, plan: PlanSource, title: str, page: Fetched, parts: list[PartFile]) -> FoundDoc:
    manifest = json.dumps({"parts": [{"part": i, "source": p.got.url, "sha256": p.got.sha256, "format": p.fmt}
                                     for i, p in enumerate(parts, start=1)]},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")
    sha, _ = store.put_raw_bytes(manifest)
    return FoundDoc(plan, title, page.url, page.final_url, parts[0].fmt, sha, sum(len(p.got.body) for p in parts),
                    parts)


def _format_of(got: Fetched, label: str = "") -> str | None:
    fmt = formats.storable("plans").get(got.kind)
    if fmt is None:
        return None
    names = [s.lower() for s in (urlsplit(got.url).path, urlsplit(got.final_url).path, label)]
    for other in formats.FORMATS:     # sniffed alike, told apart by its name: .wps is WPS Office's Word binary
        if other.sniffed == got.kind and other.name != fmt and any(n.endswith(other.extensions) for n in names):
            return other.name
    return fmt


def _either(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else "".join(labels)


def _why_not(got: Fetched) -> str:
    if got.kind == "ole":
        return "an OLE file that is not a Word document (Excel, PowerPoint, Works, or an encrypted file)"
    expected = _either(formats.labels(formats.expectable("plans")))
    return f"expected a {expected} plan, got {got.kind} (Content-Type {got.content_type or 'none'})"


def _single(got: Fetched, plan: PlanSource, title: str, out: CityOutcome, label: str = "") -> FoundDoc | None:
    fmt = _format_of(got, label)
    if fmt is None:
        out.failures.append((got.url, _why_not(got)))
        return None
    return FoundDoc(plan, title, got.url, got.final_url, fmt, got.sha256, len(got.body))
