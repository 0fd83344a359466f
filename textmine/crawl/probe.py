"""`textmine sources probe URL`: look at a portal and write its ``[[city]]`` entry.

The home page (and, when it has no search form, the search page it links) is fetched by the
polite fetcher; its CMS is recognised from the markers in ``corpora/sources/cms.toml``; the
platform adapters of that CMS (``platforms.toml``) are tried with the query 生态产品价值实现,
both as shipped and on the portal's own search form (its action, hidden fields and charset);
every try is reported with what it found on the first result page (items, total, sample
titles) or why it failed, and the best one becomes the entry's ``news`` source. Requests go to
the portal's host, the search host of the same site (``xx.gov.cn``) and ``allow_hosts`` only.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

from bs4 import BeautifulSoup

from ..encoding import decode_bytes
from ..errors import TextmineError
from ..store import Store
from .cms import Detected, SearchForm, detect_cms, guess_city, load_cms, search_forms, search_links, site_name
from .fetcher import FetchConfig, FetchError, Fetcher, canonical_url
from .pages import list_items
from .sources import Platform, host_of, load_platforms
from ..registry import resolve_city

DEFAULT_QUERY = "生态产品价值实现"
PLAN_SEARCH = "第十四个五年规划和二〇三五年远景目标纲要"


@dataclass
class Attempt:
    what: str                       # "trs_was5 as shipped", "hanweb_jrobot on the search form"
    platform: str
    url: str                        # first result page asked
    template: str | None = None     # the url override when it came from the form
    items: int = 0
    total: int | None = None
    matching: int = 0               # titles holding the query
    titles: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def worked(self) -> bool:
        """Items read from the result page, and some hold the query: the selectors read the results
        (items none of which holds the query are another list of the page: a menu, related links)."""
        return self.error is None and self.matching > 0


@dataclass
class ProbeReport:
    url: str
    portal: str
    query: str
    allowed: list[str]
    charset: str
    site: str
    city: object | None
    detected: list[Detected]
    forms: list[SearchForm]
    attempts: list[Attempt]
    notes: list[str]

    @property
    def cms(self) -> Detected | None:
        return next((d for d in self.detected if d.score >= 3), None)

    @property
    def best(self) -> Attempt | None:
        ok = [a for a in self.attempts if a.worked]
        return max(ok, key=lambda a: (a.items, a.template is None), default=None)

    def as_dict(self) -> dict:
        return {"url": self.url, "portal": self.portal, "query": self.query, "site": self.site,
                "city": self.city.name if self.city else None, "charset": self.charset,
                "cms": [{"name": d.cms.name, "label": d.cms.label, "score": d.score, "evidence": d.evidence}
                        for d in self.detected],
                "forms": [{"action": f.action, "method": f.method, "query_name": f.query_name} for f in self.forms],
                "attempts": [a.__dict__ for a in self.attempts], "notes": self.notes, "entry": self.entry()}

    def entry(self) -> str:
        """A ready ``[[city]]`` entry for cities.toml, what worked and what did not as comments."""
        q = lambda s: json.dumps(s, ensure_ascii=False)   # noqa: E731 - a TOML basic string
        cms, best = self.cms, self.best
        lines = [f"# probed {dt.date.today().isoformat()}: textmine sources probe {self.url}",
                 "# CMS: " + (f"{cms.cms.label} (markers: {', '.join(cms.evidence)})" if cms
                              else "not recognised (no marker of corpora/sources/cms.toml)")]
        for a in self.attempts:
            if a.worked:
                lines.append(f"# worked: {a.what}: {a.items} items on the first result page"
                             + (f" (total {a.total})" if a.total is not None else "")
                             + f", {a.matching} with {self.query} in the title; e.g. " + "; ".join(a.titles[:3]))
            elif a.error or not a.items:
                lines.append(f"# did not: {a.what} ({a.url}): {a.error or '0 items on the first result page'}")
            else:
                lines.append(f"# did not: {a.what} ({a.url}): {a.items} items on the first result page but none "
                             f"with {self.query} in the title (the selectors read another list); e.g. "
                             + "; ".join(a.titles[:2]))
        lines += [f"# note: {n}" for n in self.notes]
        lines.append("[[city]]")
        if self.city is not None:
            lines += [f"name = {q(self.city.name)}", f"code = {q(self.city.code)}"]
        else:
            lines += ["# the city was not found in the page's site name: give it (`city`)", 'name = "FILL IN"']
        lines += [f"portal = {q(self.portal)}", f"allowed_hosts = [{', '.join(q(h) for h in self.allowed)}]",
                  "verified = false"]
        what = f"news by {best.what}" if best else "no search adapter worked"
        label = cms.cms.label if cms else "CMS unknown"
        lines.append(f"note = {q('probed ' + dt.date.today().isoformat() + ': ' + label + '; ' + what)}")
        if best is not None:
            news = [f"platform = {q(best.platform)}"]
            if best.template:
                news.append(f"url = {q(best.template)}")
            if self.charset.lower() not in ("utf-8", "utf8"):
                news.append(f"query_encoding = {q(self.charset)}")
            lines.append("news = { " + ", ".join(news) + " }")
            lines.append(f'plans = [{{ period = "十四五", year = 2021, search = {q(PLAN_SEARCH)} }}]')
        else:
            lines.append('# plans = [{ period = "十四五", year = 2021, article_url = "URL OF THE PLAN ARTICLE" }]')
        return "\n".join(lines) + "\n"


def site_domain(host: str) -> str:
    """np.gov.cn for www.np.gov.cn, zj.gov.cn for search.zj.gov.cn, people.com.cn for
    search.people.com.cn; the last two labels elsewhere."""
    labels = host.lower().split(".")
    keep = 3 if len(labels) > 2 and labels[-1] == "cn" and labels[-2] in ("gov", "com", "net", "org", "edu", "ac") \
        else 2
    return ".".join(labels[-keep:])


def _portal_of(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path
    if "." in path.rsplit("/", 1)[-1]:
        path = path.rsplit("/", 1)[0]
    return f"{parts.scheme}://{parts.netloc}{path.rstrip('/')}"


def _page_name(platform: Platform) -> str | None:
    for k, v in parse_qsl(urlsplit(platform.url).query, keep_blank_values=True):
        if "{page" in v:
            return k
    return None


def probe_portal(store: Store, url: str, *, city: str | None = None, query: str = DEFAULT_QUERY,
                 allow_hosts: tuple[str, ...] | list[str] = (), config: FetchConfig | None = None,
                 platforms_path: str | Path | None = None, cms_path: str | Path | None = None) -> ProbeReport:
    """Fetch a portal's home page, recognise its CMS, try the matching adapters; see the module doc."""
    url = canonical_url(url)
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise TextmineError(f"{url!r} is not an http(s) URL of a portal's home page")
    allowed = list(dict.fromkeys([host_of(url)] + [h.lower() for h in allow_hosts]))
    fetcher = Fetcher(config or FetchConfig())
    try:
        home = fetcher.get(store, url, allowed)
    except FetchError as exc:
        raise TextmineError(f"{url}: the home page could not be fetched: {exc.reason}") from None
    text, charset, _ = decode_bytes(home.body, home.content_type, html=True)
    charset = "gbk" if charset.lower() in ("gb18030", "gb2312", "gbk") else charset.lower()
    soup = BeautifulSoup(text, "lxml")
    notes: list[str] = []
    pages_text = [text, home.final_url]
    forms = search_forms(soup, home.final_url, charset)
    if not forms:
        for link in search_links(soup, home.final_url)[:2]:
            if host_of(link) not in allowed:
                notes.append(f"search page {link} is on another host: not requested (allow its host: `allow_hosts` {host_of(link)})")
                continue
            try:
                got = fetcher.get(store, link, allowed)
            except FetchError as exc:
                notes.append(f"search page {link}: {exc.reason}")
                continue
            t, _, _ = decode_bytes(got.body, got.content_type, html=True)
            pages_text.append(t)
            forms += search_forms(BeautifulSoup(t, "lxml"), got.final_url, charset)
    usable = []
    for f in forms:
        h = host_of(f.action)
        if h not in allowed and site_domain(h) == site_domain(host_of(home.final_url)):
            allowed.append(h)
            notes.append(f"the search form is on {h}, a host of the same site ({site_domain(h)}): allowed")
        if h not in allowed:
            notes.append(f"search form {f.action} is on another site: not requested (allow its host to try it: `allow_hosts` {h})")
            continue
        if f.method == "post":
            notes.append(f"search form {f.action} is sent by POST; tried as GET (a crawl asks by GET)")
        usable.append(f)
    detected = detect_cms("\n".join(pages_text), load_cms(cms_path))
    platforms = load_platforms(platforms_path)
    recognised = [d for d in detected if d.score >= 3]
    names = [p for d in recognised for p in d.cms.platforms if p in platforms] or ["generic_search"]
    portal = _portal_of(home.final_url)
    attempts: list[Attempt] = []
    for name in dict.fromkeys(names):
        base = replace(platforms[name], query_encoding=charset)
        attempts.append(_try(store, fetcher, base, f"{name} as shipped", portal, query, allowed))
        for f in usable[:2]:
            template = f.template(_page_name(base))
            with_form = replace(base, url=template, first_url="", first_page=1)
            attempts.append(_try(store, fetcher, with_form, f"{name} on the search form {f.action}", portal, query,
                                 allowed, template))
    found = guess_city(site_name(soup)) if city is None else None
    if city is not None:
        found = resolve_city(city)
    return ProbeReport(url, portal, query, allowed, charset, site_name(soup), found, detected, forms, attempts, notes)


def _try(store, fetcher, platform: Platform, what: str, portal: str, query: str, allowed, template=None) -> Attempt:
    try:
        first = platform.page_url(portal, 1, quote(query, encoding=platform.query_encoding))
    except (KeyError, IndexError, ValueError) as exc:
        return Attempt(what, platform.name, platform.url, template, error=f"bad URL template: {exc}")
    attempt = Attempt(what, platform.name, first, template)
    if host_of(first) not in allowed:
        attempt.error = f"host {host_of(first)} is not allowed"
        return attempt
    try:
        got = fetcher.get(store, first, allowed)
    except FetchError as exc:
        attempt.error = exc.reason
        return attempt
    if got.kind != "html":
        attempt.error = f"not a web page ({got.kind})"
        return attempt
    items, total, _ = list_items(got.body, got.content_type, got.final_url, platform)
    attempt.items, attempt.total = len(items), total
    attempt.titles = [it.title for it in items[:5]]
    attempt.matching = sum(query in "".join(it.title.split()) for it in items)
    return attempt

