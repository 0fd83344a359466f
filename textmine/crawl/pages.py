"""Reading portal pages with a platform's selectors: result items, totals, next links,
article titles, dates, text and attachments. Titles, dates and links only; the full
article extractor belongs to ``textmine.parse``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from .. import formats
from ..dates import first_date
from ..encoding import decode_bytes
from .column import read_column
from .sources import Platform
from ..parse.html import extract_html
from ..parse.model import ParseError

_INT = re.compile(r"\d[\d,]*")


@dataclass(frozen=True)
class ListItem:
    title: str
    url: str
    date: str | None


@dataclass(frozen=True)
class Article:
    title: str
    date: str | None
    text: str
    attachments: tuple[tuple[str, str], ...]   # (absolute url, link text)


def soup_of(body: bytes, content_type: str | None) -> BeautifulSoup:
    text, _, _ = decode_bytes(body, content_type, html=True)
    return BeautifulSoup(text, "lxml")


def parse_date(text: str | None) -> str | None:
    """First date in the text as YYYY-MM-DD (textmine.dates: 2023-05-01, 2023/5/1, 2023年5月1日, 二〇二三年五月一日);
    None when there is none or it is not a calendar date."""
    return first_date(text)


def select_value(node, spec: str) -> str | None:
    """Apply ``css@attr`` / ``css`` / ``@attr`` / ``""`` to a node."""
    css, _, attr = spec.partition("@")
    css = css.strip()
    target = node.select_one(css) if css else node
    if target is None:
        return None
    if attr:
        value = target.get(attr.strip())
        return value.strip() if isinstance(value, str) else None
    return " ".join(target.get_text(" ", strip=True).split())


def list_items(body: bytes, content_type: str | None, page_url: str, platform: Platform
               ) -> tuple[list[ListItem], int | None, str | None]:
    """Items on a result/list page, the total hit count if shown, and the next-page URL if any. A platform
    without an ``item`` selector is read by the generic column reader (``column.py``)."""
    if not platform.item:
        page = read_column(body, content_type, page_url)
        return [ListItem(it.title, it.url, it.date) for it in page.items], None, page.next_url
    soup = soup_of(body, content_type)
    items = []
    for node in soup.select(platform.item):
        href = select_value(node, platform.link)
        title = select_value(node, platform.title) or ""
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        date = parse_date(select_value(node, platform.date)) if platform.date else None
        items.append(ListItem(title=title, url=urljoin(page_url, href), date=date))
    total = None
    if platform.total:
        m = _INT.search(select_value(soup, platform.total) or "")
        total = int(m.group().replace(",", "")) if m else None
    nxt = None
    if platform.next:
        href = select_value(soup, platform.next)
        if href and not href.startswith(("javascript:", "#")):
            nxt = urljoin(page_url, href)
    return items, total, nxt


def article(body: bytes, content_type: str | None, url: str, platform: Platform | None = None) -> Article:
    """Title, date, main text and attachment links of an article page. Without a ``body`` selector the
    main text is the one the parse stage reads (``textmine.parse.html``: the block holding most of the
    page's sentence punctuation), so a page's navigation never passes for its text."""
    if not (platform and platform.body):
        return _generic_article(body, content_type, url, platform)
    soup = soup_of(body, content_type)
    for s in soup(["script", "style", "noscript"]):
        s.decompose()
    meta = soup.select_one("meta[name=ArticleTitle]")
    title = (meta.get("content") if meta else None) or (soup.title.get_text(strip=True) if soup.title else "")
    date = None
    if platform and platform.body_date:
        date = parse_date(select_value(soup, platform.body_date))
    if date is None:
        meta = soup.select_one("meta[name=PubDate]") or soup.select_one("meta[name=pubdate]")
        date = parse_date(meta.get("content") if meta else None)
    main = soup.select_one(platform.body) if platform and platform.body else None
    main = main or soup.body or soup
    text = " ".join(main.get_text(" ", strip=True).split())
    return Article(title=title.strip(), date=date, text=text, attachments=_attachments(main, url, platform))


def _generic_article(body: bytes, content_type: str | None, url: str, platform: Platform | None) -> Article:
    soup = soup_of(body, content_type)
    for s in soup(["script", "style", "noscript"]):
        s.decompose()
    try:
        ext = extract_html(body, content_type=content_type)
        text, ext_title, ext_date = " ".join(" ".join(ext.pages).split()), ext.title, ext.date
    except ParseError:
        text, ext_title, ext_date = "", None, None
    meta = soup.select_one("meta[name=ArticleTitle]")
    title = (meta.get("content") if meta else None) or ext_title or (soup.title.get_text(strip=True) if soup.title
                                                                     else "")
    date = parse_date(select_value(soup, platform.body_date)) if platform and platform.body_date else None
    date = date or ext_date
    return Article(title=(title or "").strip(), date=date, text=text,
                   attachments=_attachments(soup.body or soup, url, platform))


def _attachments(main, url: str, platform: Platform | None) -> tuple[tuple[str, str], ...]:
    links = []
    selector = (platform.attachments if platform else "") or "a[href]"
    endings = formats.attachment_extensions()      # .pdf .docx .ofd .doc .wps (textmine.formats)
    for a in main.select(selector):
        href = a.get("href")
        if not href:
            continue
        absolute = urljoin(url, href.strip())
        label = " ".join(a.get_text(" ", strip=True).split())
        path = urlsplit(absolute).path.lower() + "?" + urlsplit(absolute).query.lower()
        if any(path.split("?")[0].endswith(ext) or f"{ext}&" in path or path.endswith(ext)
               for ext in endings) or label.lower().endswith(endings):
            links.append((absolute, label))
    return tuple(dict.fromkeys(links))
