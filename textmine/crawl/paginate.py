"""In-article pagination: a long article the CMS cut into pages (TRS: ``t2021_123.html``,
``t2021_123_1.html``, … announced by ``createPageHTML(n, i, "t2021_123", "html")``; 下一页 links;
``?page=2``). Only links to the same article count: the same folder and the article's file
name with ``_N`` added, or the same path with a page number in the query.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from .pages import soup_of

MAX_ARTICLE_PAGES = 50
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
_NEXT = {"下一页", "下页", "后一页", "后页", "下一页>", "下一页>>", "下一页 >"}
_PAGE_KEYS = ("page", "pageno", "pagenum", "pageindex", "p", "pn", "curpage", "currentpage")


def _split(url: str) -> tuple[str, str, str, str]:
    """(scheme://host, folder, stem, extension) of a URL's path."""
    parts = urlsplit(url)
    folder, _, name = parts.path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    return f"{parts.scheme}://{parts.netloc}", folder, stem, ext


def page_number(url: str, first: str) -> int | None:
    """1 for the article's first page, N+1 for ``stem_N``, the query's page number; None when
    ``url`` is not a page of the article at ``first``."""
    if url == first:
        return 1
    a, b = urlsplit(url), urlsplit(first)
    if a.netloc != b.netloc:
        return None
    if a.path == b.path and a.query != b.query:
        q = {k.lower(): v for k, v in parse_qsl(a.query)}
        for key in _PAGE_KEYS:
            if q.get(key, "").isdigit():
                return max(int(q[key]), 1)
        return None
    origin, folder, stem, ext = _split(first)
    _, folder2, stem2, ext2 = _split(url)
    m = re.fullmatch(re.escape(stem) + r"_(\d{1,3})", stem2)
    if folder2 == folder and ext2 == ext and m:
        return int(m.group(1)) + 1
    return None


def page_links(body: bytes, content_type: str | None, url: str, first: str) -> set[str]:
    """URLs of other pages of the article at ``first`` that this page links or announces."""
    soup = soup_of(body, content_type)
    found: set[str] = set()
    for script in soup.find_all("script"):
        m = _CREATE_PAGE.search(script.get_text() or "")
        if m:
            count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
            for i in range(1, min(count, MAX_ARTICLE_PAGES)):
                found.add(urljoin(url, f"{stem}_{i}.{ext}"))
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        target = urljoin(url, href).split("#", 1)[0]
        label = " ".join(a.get_text(" ", strip=True).split())
        if label in _NEXT or label.isdigit() or page_number(target, first) is not None:
            found.add(target)
    return {u for u in found if u != url and page_number(u, first) is not None}
