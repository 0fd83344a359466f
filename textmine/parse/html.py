"""HTML pages (BeautifulSoup + lxml): the article text of a government page, its title and date.

Encoding comes from ``textmine.encoding.decode_bytes`` (BOM, HTTP header, <meta>, detection;
GB2312/GBK read as GB18030; a wrong declared charset survives).

Main text: scripts, styles, forms and the usual page chrome (nav, header, footer, aside, and
elements whose id/class names a menu, breadcrumb, share bar, footer, sidebar …) are removed;
then the article is the deepest element still holding at least 70 % of the page's sentence
punctuation outside links. Navigation is mostly short link text without 。，; article bodies are
punctuation-dense, so this picks the body without site-specific rules. Block elements become
line breaks. A page with no such concentration (a list page, say) keeps all non-chrome text.
"""
from __future__ import annotations

import re
import warnings as _warnings

from ..dates import first_date
from ..encoding import decode_bytes
from .model import Extraction, ParseError
from .normalise import normalise

_DROP_TAGS = ["script", "style", "noscript", "iframe", "form", "button", "select", "input", "textarea",
              "svg", "canvas", "nav", "aside", "footer", "header", "object", "embed", "template", "link", "meta"]
_CHROME = re.compile(
    r"(^|[\s_-])(nav|navbar|navi|menu|breadcrumbs?|crumbs?|bread|position|location|dqwz|footer|foot|"
    r"bottom|copyright|share|bdshare|jiathis|sidebar|side|toolbar|tools|login|search|topbar|top_?link|"
    r"header|head|banner|skip|related|xgxx|print|ewm|qrcode|pager|pagination)([\s_-]|$)", re.I)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "dd", "dt", "pre", "blockquote", "ul", "ol", "dl", "hr", "td", "th", "figcaption", "center"}
_PUNCT_CJK = re.compile(r"[，。；：！？、]")
_PUNCT_LATIN = re.compile(r"[,.;!?](?=\s)")   # sentence punctuation, not dots inside URLs or numbers
_PUNCT = _PUNCT_CJK
_DATE_META = ("pubdate", "publishdate", "publish_date", "article:published_time", "og:article:published_time",
              "firstpublishedtime", "maketime", "date", "dc.date", "dcterms.created")
_TITLE_META = ("articletitle", "og:title", "title", "dc.title")
_SHARE = 0.70


def _soup(text: str):
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def _meta(soup, names) -> str | None:
    """Content of the first of ``names`` (in order of preference) that the page has."""
    found = {}
    for m in soup.find_all("meta"):
        key = (m.get("name") or m.get("property") or "").strip().lower()
        if key in names and (m.get("content") or "").strip():
            found.setdefault(key, m["content"].strip())
    return next((found[n] for n in names if n in found), None)


def _is_chrome(tag) -> bool:
    if tag.attrs is None:
        return False
    names = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    if not names.strip() or not _CHROME.search(names):
        return False
    # never drop a container that holds most of the page's sentences (a badly named wrapper)
    return len(_PUNCT.findall(tag.get_text())) < 20


def _own_punct(tag, punct=_PUNCT_CJK) -> int:
    """Sentence punctuation in the tag's text outside links."""
    total = len(punct.findall(tag.get_text()))
    links = sum(len(punct.findall(a.get_text())) for a in tag.find_all("a"))
    return total - links


def _main_node(body):
    punct = _PUNCT_CJK if _own_punct(body) >= 5 else _PUNCT_LATIN
    total = _own_punct(body, punct)
    if total < 5:
        return body
    node = body
    while True:
        best, best_score = None, 0
        for child in node.find_all(True, recursive=False):
            score = _own_punct(child, punct)
            if score > best_score:
                best, best_score = child, score
        if best is None or best_score < _SHARE * total:
            return node
        node = best


def _block_text(node) -> str:
    for br in node.find_all("br"):
        br.replace_with("\n")
    for tag in node.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return node.get_text()


def extract_html(data: bytes, *, content_type: str | None = None) -> Extraction:
    if not data:
        raise ParseError("file is empty (0 bytes)")
    if data.lstrip()[:5] == b"%PDF-":
        raise ParseError("not an HTML page: the file is a PDF (starts with %PDF-)")
    text, enc, how = decode_bytes(data, content_type, html=True)
    if "\x00" in text[:4096]:
        raise ParseError("not an HTML page: binary content (NUL bytes)")
    soup = _soup(text)
    title = _meta(soup, _TITLE_META)
    if not title:
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else None
    if not title and soup.title and soup.title.string:
        title = re.split(r"\s*[-_|–—]\s*(?=[^-_|–—]*$)", soup.title.string.strip())[0] or None
    date = first_date(_meta(soup, _DATE_META))
    body = soup.body or soup
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in body.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()
    node = _main_node(body)
    page = normalise(_block_text(node))
    if not date:
        # a date printed near the top of the article (发布时间：2021-03-05) or anywhere in the page
        date = first_date(page[:300]) or first_date(normalise(body.get_text(" ")))
    warnings = [] if page else ["no text in the page body"]
    if title:
        title = normalise(title)
    return Extraction([page], warnings, title=title or None, date=date, parser="html", format="html",
                      encoding=f"{enc} ({how})")
