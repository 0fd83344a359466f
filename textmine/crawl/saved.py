"""`textmine sources probe FILE`: recognise a portal's CMS from a saved page, offline, and propose its
news source. Nothing is requested.

The page's CMS is recognised by the markers of ``corpora/sources/cms.toml`` (its generator meta, script
and style paths, the shapes of its links: ``/art/2024/1/5/art_…``, ``t20240105_…``, ``/info/1012/…htm``,
``/001/001001/moreinfo.html``). The proposal, in this order: the news column the page links (the anchor
texts of ``home_column``: XX要闻, 政务要闻 …) read by the generic column reader; else the site-search
adapter of the recognised CMS (unverified until a crawl); else ``home_column`` (found at crawl time).
The page's own address comes from ``--url``, else the browser's ``saved from url=`` comment, a canonical
link or the SiteDomain meta.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from ..encoding import decode_bytes
from ..errors import TextmineError
from .cms import Detected, detect_cms, generators, guess_city, load_cms, site_name
from .column import find_column
from .sources import load_platforms
from ..registry import resolve_city
from .walk import city_names

_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+?)\s*-->", re.I)


@dataclass
class SavedProbe:
    path: str
    url: str | None
    site: str
    city: object | None
    charset: str
    generator: list[str]
    detected: list[Detected]
    column: tuple[str, str] | None          # (URL, anchor text) of the news column the page links
    adapters: list[str]                      # site-search adapters of the recognised CMS
    notes: list[str] = field(default_factory=list)

    @property
    def cms(self) -> Detected | None:
        return next((d for d in self.detected if d.score >= 3), None)

    @property
    def proposal(self) -> dict:
        """The proposed news source: {"platform": …, maybe "first_url"}."""
        if self.column is not None:
            return {"platform": "column", "first_url": self.column[0].replace("{", "{{").replace("}", "}}")}
        if self.adapters:
            return {"platform": self.adapters[0]}
        return {"platform": "home_column"}

    @property
    def portal(self) -> str:
        if not self.url:
            return ""
        p = urlsplit(self.url)
        return f"{p.scheme}://{p.netloc}"

    def entry(self) -> str:
        q = lambda s: json.dumps(s, ensure_ascii=False)   # noqa: E731 - a TOML basic string
        cms = self.cms
        lines = [f"# probed offline from the saved page {self.path}",
                 "# CMS: " + (f"{cms.cms.label} (markers: {', '.join(cms.evidence)})" if cms
                              else "not recognised (no marker of corpora/sources/cms.toml)")]
        if self.column:
            lines.append(f"# news column linked on the page: {self.column[1]} {self.column[0]}")
        if self.adapters:
            lines.append(f"# site-search adapter(s) of this CMS (unverified): {', '.join(self.adapters)}")
        lines += [f"# note: {n}" for n in self.notes]
        lines.append("[[city]]")
        lines += ([f"name = {q(self.city.name)}", f"code = {q(self.city.code)}"] if self.city is not None
                  else ['name = "FILL IN"   # not found in the page\'s site name'])
        host = urlsplit(self.url).hostname if self.url else None
        lines += [f"portal = {q(self.portal or 'FILL IN')}"]
        if host:
            lines.append(f"allowed_hosts = [{q(host)}]")
        lines.append("verified = false")
        lines.append("news = { " + ", ".join(f"{k} = {q(v)}" for k, v in self.proposal.items()) + " }")
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict:
        return {"path": self.path, "url": self.url, "site": self.site, "city": self.city.name if self.city else None,
                "charset": self.charset, "generator": self.generator,
                "cms": [{"name": d.cms.name, "label": d.cms.label, "score": d.score, "evidence": d.evidence}
                        for d in self.detected],
                "column": list(self.column) if self.column else None, "adapters": self.adapters,
                "proposal": self.proposal, "notes": self.notes, "entry": self.entry()}


def _page_url(text: str, soup: BeautifulSoup) -> str | None:
    m = _SAVED_FROM.search(text[:4000])
    if m:
        return m.group(1)
    link = soup.select_one("link[rel=canonical]")
    if link and (link.get("href") or "").startswith("http"):
        return link["href"]
    meta = soup.select_one("meta[name=SiteDomain]") or soup.select_one("meta[name=sitedomain]")
    if meta and meta.get("content"):
        dom = re.split(r"[,;\s]+", meta["content"].strip())[0]
        return dom if dom.startswith("http") else f"https://{dom.strip('/')}/"
    return None


def probe_saved(path: str | Path, *, url: str | None = None, city: str | None = None,
                cms_path: str | Path | None = None, platforms_path: str | Path | None = None) -> SavedProbe:
    """Recognise the CMS of a saved portal page and propose its news source (see the module doc)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextmineError(f"{path}: cannot read the saved page ({exc.strerror})") from None
    text, charset, _ = decode_bytes(data, None, html=True)
    soup = BeautifulSoup(text, "lxml")
    notes = []
    page_url = url or _page_url(text, soup)
    if page_url is None:
        notes.append("the page's address is unknown (no `saved from url`, canonical link or SiteDomain): give --url")
        page_url_for_links = "http://portal.invalid/"
    else:
        page_url_for_links = page_url
    detected = detect_cms(text, load_cms(cms_path))
    platforms = load_platforms(platforms_path)
    recognised = next((d for d in detected if d.score >= 3), None)
    adapters = [p for p in (recognised.cms.platforms if recognised else ()) if p in platforms]
    found = None
    if city is not None:
        found = resolve_city(city)
    else:
        found = guess_city(site_name(soup))
    names: tuple[str, ...] = ()
    if found is not None:
        names = city_names(found)
    column = find_column(data, None, page_url_for_links, list(platforms["home_column"].find), names) \
        if "home_column" in platforms else None
    if column and page_url is None:
        notes.append(f"the column link {column[0]} is relative to an unknown address")
    return SavedProbe(str(path), page_url, site_name(soup), found, charset, generators(text), detected, column,
                      adapters, notes)
