"""Where each city's plan and news are: the sources files in ``corpora/sources/``.

``platforms.toml`` holds the platform adapters (how one CMS's site search or column
listing is read: URL template and CSS selectors), shared by many cities.
``cities.toml`` holds one ``[[city]]`` entry per city: portal, allowed hosts, which
platform its news uses (with per-city overrides) and where its plan outlines are.
A sources file may define extra ``[platforms.NAME]`` tables of its own.

Selectors are CSS (soupsieve), optionally followed by ``@attr`` to take an attribute
instead of the text: ``a@href``, ``@href`` (the item itself), ``""`` (the item's text).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve

from .. import formats
from ..datatoml import read_toml
from ..errors import TextmineError, UnknownCityError
from ..names import city_label
from ..registry import City, resolve_city
from ..resources import data_path
from ..editions import load_rules
from .titles import default_title_pattern

PLATFORM_KINDS = ("search", "list")
ORDERS = ("date_desc", "none")
VERIFY = ("title", "body")
PLACEHOLDERS = {"portal", "query", "page", "page0"}

PLATFORM_KEYS = {"description", "kind", "url", "first_url", "first_page", "max_pages", "query_encoding", "item",
                 "title", "link", "date", "total", "next", "order", "verify", "body", "body_date", "attachments",
                 "find"}
CITY_KEYS = {"name", "code", "portal", "allowed_hosts", "verified", "note", "news", "policy", "plans", "origin"}
PLAN_KEYS = {"period", "year", "title", "article_url", "attachment_url", "search", "title_pattern", "format", "note",
             "list", "pages"}
PLAN_LISTS = ("policy", "news")      # the city's columns a plan entry may list for its outline


def plan_periods() -> dict[str, int]:
    """Plan period → its first year, from corpora/editions.toml (the one list of periods)."""
    return {p.name: p.years[0] for p in load_rules().periods}


@dataclass(frozen=True)
class Platform:
    """How a portal's search results or news column is read (declarative)."""

    name: str
    kind: str = "search"
    url: str = ""
    first_url: str = ""
    first_page: int = 1
    max_pages: int = 50
    query_encoding: str = "utf-8"
    item: str = ""
    title: str = "a"
    link: str = "a@href"
    date: str = ""
    total: str = ""
    next: str = ""
    order: str = "date_desc"
    verify: str = "title"
    body: str = ""
    body_date: str = "meta[name=PubDate]@content"
    attachments: str = "a[href]"
    description: str = ""
    find: tuple[str, ...] = ()       # a list source found on its first_url page by these anchor texts

    @property
    def generic(self) -> bool:
        """Read by the generic column reader (no item selector)."""
        return not self.item

    @property
    def kind_label(self) -> str:
        """What `sources list` calls this news source: adapter (a CMS site search or selectors), column, or
        home column (the column is found on the home page at crawl time)."""
        if self.find:
            return "home column"
        if self.kind == "list":
            return "column"
        return "adapter"

    def page_url(self, portal: str, page: int, query: str = "") -> str:
        """URL of result page ``page`` (1-based) for ``query`` (already URL-quoted)."""
        template = self.first_url if (page == 1 and self.first_url) else self.url
        n = page + self.first_page - 1
        return template.format(portal=portal.rstrip("/"), query=query, page=n, page0=n - 1)


@dataclass(frozen=True)
class PlanSource:
    period: str
    year: int
    title: str = ""
    article_url: str = ""
    attachment_url: str = ""
    search: str = ""
    title_pattern: str = ""
    format: str = ""
    note: str = ""
    list: tuple[str, ...] = ()      # list these columns of the city (policy, news) for the outline's title
    pages: int = 0                  # at most this many pages of each (0: until the items predate the period)

    @property
    def pinned(self) -> bool:
        return bool(self.article_url or self.attachment_url)

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(self.title_pattern or default_title_pattern(self.period))

    def names_outline(self, title: str) -> bool:
        """The title is written like the period's outline (spaces removed)."""
        return bool(self.pattern.search("".join((title or "").split())))


@dataclass(frozen=True)
class CitySource:
    city: City
    portal: str
    allowed_hosts: tuple[str, ...]
    verified: bool = False
    news: Platform | None = None
    plans: tuple[PlanSource, ...] = ()
    note: str = ""
    where: str = ""          # "file: [[city]] #n (name)" for messages
    policy: Platform | None = None   # where `crawl policy` searches (default: the news platform)
    origin: dict = field(default_factory=dict, hash=False, compare=False)   # where each value came from


@dataclass
class Sources:
    files: list[Path]
    platforms: dict[str, Platform]
    cities: dict[str, CitySource] = field(default_factory=dict)   # by city code

    def select(self, queries: list[str] | None) -> list[CitySource]:
        """Entries for the given city names/codes (all when empty); a city without an entry is an error."""
        if not queries:
            return list(self.cities.values())
        out = []
        for q in queries:
            city = resolve_city(q)
            if city.code not in self.cities:
                raise TextmineError(f"{city_label(city)} has no entry in {self.files[-1]}; "
                                    f"add a [[city]] entry (see docs/crawl.md)")
            out.append(self.cities[city.code])
        return list(dict.fromkeys(out))


class SourcesError(TextmineError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the sources:\n  " + "\n  ".join(problems))


def default_sources_path() -> Path:
    return data_path("corpora", "sources", "cities.toml")


def default_platforms_path() -> Path:
    return data_path("corpora", "sources", "platforms.toml")


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def host_allowed(url: str, allowed: tuple[str, ...] | list[str]) -> bool:
    """True when the URL is http(s) and its host (or host:port) is one of ``allowed``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    netloc = f"{host}:{parts.port}" if parts.port else host
    return host in allowed or netloc in allowed


def _read_toml(path: Path) -> dict:
    return read_toml(path, missing=f"sources file {path} not found")


def _check_template(where: str, key: str, value: str, problems: list[str], need: set[str] = frozenset()) -> None:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as exc:
        problems.append(f"{where}: {key} {value!r} is not a valid template ({exc})")
        return
    unknown = names - PLACEHOLDERS
    if unknown:
        problems.append(f"{where}: {key} uses unknown placeholder(s) {sorted(unknown)}; known: {sorted(PLACEHOLDERS)}")
    for n in need - names:
        problems.append(f"{where}: {key} {value!r} lacks the {{{n}}} placeholder")


def _check_selector(where: str, key: str, value: str, problems: list[str]) -> None:
    css = value.split("@", 1)[0].strip()
    if css:
        try:
            soupsieve.compile(css)
        except Exception as exc:  # noqa: BLE001 - soupsieve raises several types
            problems.append(f"{where}: {key} {value!r} is not a valid CSS selector: {exc}")


def _platform(name: str, raw: dict, where: str, problems: list[str]) -> Platform | None:
    unknown = set(raw) - PLATFORM_KEYS
    if unknown:
        problems.append(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(PLATFORM_KEYS)}")
    try:
        p = Platform(name=name, **_platform_values(raw))
    except TypeError as exc:
        problems.append(f"{where}: {exc}")
        return None
    return _validate_platform(p, where, problems)


def _platform_values(raw: dict) -> dict:
    values = {k: v for k, v in raw.items() if k in PLATFORM_KEYS}
    if "find" in values:
        values["find"] = tuple(values["find"]) if isinstance(values["find"], list) else values["find"]
    return values


def _validate_platform(p: Platform, where: str, problems: list[str]) -> Platform:
    if p.kind not in PLATFORM_KINDS:
        problems.append(f"{where}: kind {p.kind!r} must be one of {PLATFORM_KINDS}")
    if p.order not in ORDERS:
        problems.append(f"{where}: order {p.order!r} must be one of {ORDERS}")
    if p.verify not in VERIFY:
        problems.append(f"{where}: verify {p.verify!r} must be one of {VERIFY}")
    for key in ("first_page", "max_pages"):
        if not isinstance(getattr(p, key), int) or getattr(p, key) < 0:
            problems.append(f"{where}: {key} must be a non-negative integer")
    if not isinstance(p.find, tuple) or not all(isinstance(w, str) and w for w in p.find):
        problems.append(f"{where}: find must be a list of anchor texts (\"{{city}}要闻\", \"政务要闻\" …)")
    if not p.url and not (p.kind == "list" and p.first_url):
        problems.append(f"{where}: url (the result-page template) is required"
                        + ("" if p.kind == "search" else ", or first_url (the column's first page)"))
    elif p.url:
        need = {"query"} if p.kind == "search" else set()
        _check_template(where, "url", p.url, problems, need)
        if p.kind == "search" and not p.first_url and "page" not in p.url and "page0" not in p.url and not p.next:
            problems.append(f"{where}: url has neither {{page}} nor {{page0}} and no next selector: cannot paginate")
    if p.first_url:
        _check_template(where, "first_url", p.first_url, problems)
    for key in ("item", "title", "link", "date", "total", "next", "body", "body_date", "attachments"):
        _check_selector(where, key, getattr(p, key), problems)
    try:
        "检".encode(p.query_encoding)
    except LookupError:
        problems.append(f"{where}: query_encoding {p.query_encoding!r} is not a known encoding")
    return p


def _check_url(where: str, key: str, url: str, allowed: tuple[str, ...], problems: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(f"{where}: {key} {url!r} must be an absolute http(s) URL")
    elif not host_allowed(url, allowed):
        problems.append(f"{where}: {key} {url!r} is on host {parts.hostname!r}, not in allowed_hosts {list(allowed)}")


def _city(raw: dict, idx: int, path: Path, platforms: dict[str, Platform], problems: list[str]) -> CitySource | None:
    label = raw.get("name") or raw.get("code") or "?"
    where = f"{path.name}: [[city]] #{idx} ({label})"
    unknown = set(raw) - CITY_KEYS
    if unknown:
        problems.append(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(CITY_KEYS)}")
    try:
        city = resolve_city(str(raw.get("code") or raw.get("name") or ""))
    except UnknownCityError as exc:
        problems.append(f"{where}: {exc}")
        return None
    if raw.get("name") and raw.get("code") and resolve_city(str(raw["name"])).code != city.code:
        problems.append(f"{where}: name {raw['name']!r} and code {raw['code']!r} are different cities")
    portal = str(raw.get("portal") or "")
    allowed = tuple(h.lower() for h in raw.get("allowed_hosts") or ([host_of(portal)] if portal else []))
    if not portal:
        problems.append(f"{where}: portal (the government website's base URL) is required")
    else:
        _check_url(where, "portal", portal, allowed, problems)
    if not isinstance(raw.get("verified", False), bool):
        problems.append(f"{where}: verified must be true or false")
    news = _city_platform("news", raw, where, portal, allowed, platforms, problems)
    policy = _city_platform("policy", raw, where, portal, allowed, platforms, problems)
    plans = []
    for j, p in enumerate(raw.get("plans") or [], start=1):
        pw = f"{where} plans #{j}"
        unknown = set(p) - PLAN_KEYS
        if unknown:
            problems.append(f"{pw}: unknown key(s) {sorted(unknown)}; known: {sorted(PLAN_KEYS)}")
        period = p.get("period", "十四五")
        periods = plan_periods()
        if period not in periods:
            problems.append(f"{pw}: period {period!r} must be one of {list(periods)} (corpora/editions.toml)")
            continue
        year = p.get("year", periods[period])
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            problems.append(f"{pw}: year {year!r} must be an integer 2000-2100")
            continue
        fmt = p.get("format", "")
        if fmt and fmt not in formats.expectable("plans"):
            problems.append(f"{pw}: format {fmt!r} must be one of {formats.expectable('plans')}")
        for key in ("article_url", "attachment_url"):
            if p.get(key):
                _check_url(pw, key, p[key], allowed, problems)
        lists = p.get("list") or []
        if not isinstance(lists, list) or any(x not in PLAN_LISTS for x in lists):
            problems.append(f"{pw}: list {lists!r} must name the city's columns to read: any of {list(PLAN_LISTS)}")
            lists = []
        for x in lists:
            if {"policy": policy, "news": news}[x] is None:
                problems.append(f"{pw}: list names {x!r} but the city has no {x} source")
        pages = p.get("pages", 0)
        if not isinstance(pages, int) or pages < 0:
            problems.append(f"{pw}: pages must be a non-negative integer")
            pages = 0
        if not (p.get("article_url") or p.get("attachment_url") or p.get("search") or lists):
            problems.append(f"{pw}: give article_url, attachment_url, search (a query for the portal's search) or "
                            f"list (the city's columns to read for the outline's title)")
        if p.get("search") and (news is None or news.kind != "search"):
            problems.append(f"{pw}: search needs the city's news platform to be a site search (kind = \"search\")")
        if p.get("title_pattern"):
            try:
                re.compile(p["title_pattern"])
            except re.error as exc:
                problems.append(f"{pw}: title_pattern is not a valid regular expression: {exc}")
        plans.append(PlanSource(period=period, year=year, list=tuple(lists), pages=pages,
                                **{k: str(p[k]) for k in PLAN_KEYS - {"period", "year", "list", "pages"} if p.get(k)}))
    origin = raw.get("origin") or {}
    if not isinstance(origin, dict):
        problems.append(f"{where}: origin must be a table (where each value came from)")
        origin = {}
    return CitySource(city=city, portal=portal.rstrip("/"), allowed_hosts=allowed, verified=bool(raw.get("verified")),
                      news=news, plans=tuple(plans), note=str(raw.get("note") or ""), where=where, policy=policy,
                      origin=origin)


def _city_platform(key: str, raw: dict, where: str, portal: str, allowed: tuple[str, ...],
                   platforms: dict[str, Platform], problems: list[str]) -> Platform | None:
    """A city's ``news`` or ``policy`` entry: a platform by name with per-city overrides."""
    if raw.get(key) is None:
        return None
    spec = dict(raw[key])
    pname = spec.pop("platform", None)
    if pname not in platforms:
        problems.append(f"{where}: {key}.platform {pname!r} is not defined; known: {sorted(platforms)}")
        return None
    unknown = set(spec) - PLATFORM_KEYS
    if unknown:
        problems.append(f"{where}: {key} has unknown key(s) {sorted(unknown)}")
    try:
        platform = replace(platforms[pname], **_platform_values(spec))
    except TypeError as exc:
        problems.append(f"{where}: {key}: {exc}")
        return None
    platform = _validate_platform(platform, f"{where} {key}", problems)
    if portal and platform.url:
        for tkey in ("url", "first_url"):
            tmpl = getattr(platform, tkey)
            if tmpl:
                try:
                    probe = tmpl.format(portal=portal.rstrip("/"), query="q", page=1, page0=0)
                except (KeyError, IndexError, ValueError):
                    continue
                _check_url(where, f"{key}.{tkey}", probe, allowed, problems)
    return platform


def load_platforms(platforms_path: str | Path | None = None) -> dict[str, Platform]:
    """The platform adapters of ``platforms.toml`` (any problem raises SourcesError)."""
    ppath = Path(platforms_path) if platforms_path else default_platforms_path()
    problems: list[str] = []
    platforms = {}
    for name, raw in (_read_toml(ppath).get("platforms") or {}).items():
        p = _platform(name, raw, f"{ppath.name}: [platforms.{name}]", problems)
        if p:
            platforms[name] = p
    if problems:
        raise SourcesError(problems)
    return platforms


def check_sources(path: str | Path | None = None, platforms_path: str | Path | None = None) -> tuple[Sources, list[str]]:
    """Load and validate a sources file. Returns (sources, problems); problems name file, entry and key."""
    path = Path(path) if path else default_sources_path()
    ppath = Path(platforms_path) if platforms_path else default_platforms_path()
    problems: list[str] = []
    platforms: dict[str, Platform] = {}
    files = []
    for f in ([ppath] if ppath.is_file() else []) + [path]:
        data = _read_toml(f)
        files.append(f)
        for name, raw in (data.get("platforms") or {}).items():
            p = _platform(name, raw, f"{f.name}: [platforms.{name}]", problems)
            if p:
                platforms[name] = p
    data = _read_toml(path)
    unknown = set(data) - {"platforms", "city"}
    if unknown:
        problems.append(f"{path.name}: unknown top-level key(s) {sorted(unknown)}; expected [platforms.NAME] and [[city]]")
    sources = Sources(files=files, platforms=platforms)
    if not data.get("city"):
        problems.append(f"{path}: no [[city]] entry, so there is nothing to crawl; a sources file lists one "
                        f"[[city]] table per city (name, portal, news, plans: see docs/crawl.md)")
    for idx, raw in enumerate(data.get("city") or [], start=1):
        cs = _city(raw, idx, path, platforms, problems)
        if cs is None:
            continue
        if cs.city.code in sources.cities:
            problems.append(f"{cs.where}: {city_label(cs.city)} already has an entry "
                            f"({sources.cities[cs.city.code].where})")
            continue
        sources.cities[cs.city.code] = cs
    return sources, problems


def load_sources(path: str | Path | None = None, platforms_path: str | Path | None = None) -> Sources:
    """Load a sources file; any problem raises SourcesError listing all of them."""
    sources, problems = check_sources(path, platforms_path)
    if problems:
        raise SourcesError(problems)
    return sources
