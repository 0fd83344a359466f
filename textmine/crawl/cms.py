"""What a portal page tells about its site: the CMS (markers in ``corpora/sources/cms.toml``), the
site-search form, the site's name, and which city it belongs to. Used by ``probe``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit


from ..datatoml import read_toml
from ..errors import TextmineError
from ..resources import data_path
from ..registry import load_registry

STRONG, WEAK, RECOGNISED = 3, 1, 3
QUERY_NAMES = ("q", "searchword", "searchWord", "sword", "keyword", "keywords", "keyWord", "wd", "word", "query",
               "kw", "key", "text", "title", "search", "qt")
PAGE_NAMES = ("p", "page", "pageNo", "pageNum", "pageIndex", "pn", "curPage", "currentPage")


@dataclass(frozen=True)
class Cms:
    name: str
    label: str
    strong: tuple[re.Pattern, ...]
    weak: tuple[re.Pattern, ...]
    platforms: tuple[str, ...]
    generator: tuple[re.Pattern, ...] = ()


@dataclass
class Detected:
    cms: Cms
    score: int
    evidence: list[str]


@dataclass
class SearchForm:
    action: str                      # absolute URL
    method: str                      # get | post
    query_name: str
    fields: list[tuple[str, str]] = field(default_factory=list)   # hidden fields, in order
    charset: str = "utf-8"

    def template(self, page_name: str | None) -> str:
        """A platform URL template ({query}, {page}) for this form; braces in values escaped."""
        params, has_page = [], False
        for k, v in self.fields:
            if k in PAGE_NAMES or k == page_name:
                params.append(f"{_esc(k)}={{page}}")
                has_page = True
            else:
                params.append(_esc(urlencode({k: v})))
        params.append(f"{_esc(self.query_name)}={{query}}")
        if not has_page and page_name:
            params.append(f"{_esc(page_name)}={{page}}")
        sep = "&" if "?" in self.action else "?"
        return _esc(self.action) + sep + "&".join(params)


def _esc(s: str) -> str:
    return s.replace("{", "{{").replace("}", "}}")


def load_cms(path: str | Path | None = None) -> list[Cms]:
    path = Path(path) if path else data_path("corpora", "sources", "cms.toml")
    raw = read_toml(path, missing=f"CMS marker file {path} not found").get("cms") or {}
    out = []
    for name, spec in raw.items():
        try:
            out.append(Cms(name, str(spec.get("label") or name),
                           tuple(re.compile(p, re.I) for p in spec.get("strong") or []),
                           tuple(re.compile(p, re.I) for p in spec.get("weak") or []),
                           tuple(spec.get("platforms") or []),
                           tuple(re.compile(p, re.I) for p in spec.get("generator") or [])))
        except re.error as exc:
            raise TextmineError(f"{path}: [cms.{name}]: a marker is not a valid regular expression: {exc}") from None
    return out


_GENERATOR = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?generator[\"']?[^>]*>", re.I)
_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']*)[\"']", re.I)


def generators(html: str) -> list[str]:
    """The contents of the page's <meta name="generator"> tags."""
    out = []
    for tag in _GENERATOR.findall(html):
        m = _CONTENT.search(tag)
        if m and m.group(1).strip():
            out.append(m.group(1).strip())
    return out


def detect_cms(html: str, systems: list[Cms]) -> list[Detected]:
    """Systems with at least one marker in the page, best first (recognised: score >= 3)."""
    found = []
    gens = generators(html)
    for cms in systems:
        evidence, score = [], 0
        for rx in cms.generator:
            hit = next((g for g in gens if rx.search(g)), None)
            if hit:
                evidence.append(f"generator {hit[:40]}")
                score += STRONG
                break
        for weight, patterns in ((STRONG, cms.strong), (WEAK, cms.weak)):
            for rx in patterns:
                m = rx.search(html)
                if m:
                    evidence.append(m.group(0)[:60])
                    score += weight
        if score:
            found.append(Detected(cms, score, evidence))
    return sorted(found, key=lambda d: -d.score)


def search_forms(soup, page_url: str, charset: str) -> list[SearchForm]:
    """Forms with a text box, as a browser would submit them (the text box named like a query first)."""
    out = []
    for form in soup.find_all("form"):
        inputs = form.find_all("input")
        boxes = [i for i in inputs if (i.get("type") or "text").lower() in ("text", "search") and i.get("name")]
        if not boxes or any((i.get("type") or "").lower() == "password" for i in inputs):
            continue          # no text box, or a login form
        said = " ".join([form.get("action") or "", form.get("id") or "", form.get("name") or "",
                         form.get_text(" ", strip=True)] + [i.get("value") or "" for i in inputs]).lower()
        if not any(b["name"] in QUERY_NAMES for b in boxes) and not any(
                w in said for w in ("search", "sou", "jrobot", "was5", "搜索", "检索", "查询")):
            continue          # a form that does not look like a site search
        box = next((i for i in boxes if i["name"] in QUERY_NAMES), boxes[0])
        hidden = [(i["name"], i.get("value") or "") for i in form.find_all("input")
                  if (i.get("type") or "").lower() == "hidden" and i.get("name")]
        action = urljoin(page_url, (form.get("action") or "").strip() or page_url)
        accept = (form.get("accept-charset") or "").split()
        out.append(SearchForm(action, (form.get("method") or "get").lower(), box["name"], hidden,
                              accept[0].lower() if accept else charset))
    out.sort(key=lambda f: f.query_name not in QUERY_NAMES)
    return out


def search_links(soup, page_url: str) -> list[str]:
    """Links to a search page (搜索, 站内搜索, 高级检索, or /search in the path)."""
    out = []
    for a in soup.find_all("a", href=True):
        text = a.get_text(" ", strip=True)
        href = urljoin(page_url, a["href"].strip())
        if href.startswith("http") and (("搜索" in text or "检索" in text) or "/search" in urlsplit(href).path.lower()):
            out.append(href.split("#", 1)[0])
    return list(dict.fromkeys(out))


def site_name(soup) -> str:
    meta = soup.select_one("meta[name=SiteName]") or soup.select_one("meta[name=sitename]")
    if meta and meta.get("content"):
        return meta["content"].strip()
    return soup.title.get_text(strip=True) if soup.title else ""


def guess_city(text: str):
    """The city whose name (or name without 市/州/地区/盟) appears in ``text``, the longest match."""
    best = None
    for city in load_registry():
        names = {city.name, re.sub(r"(市|地区|盟|自治州)$", "", city.name)}
        for n in names:
            if len(n) >= 2 and n in text and (best is None or len(n) > best[0]):
                best = (len(n), city)
    return best[1] if best else None
