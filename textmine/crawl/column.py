"""The generic column reader: the news items (title, link, date) of a portal's column page and the
URL of its next page, with no selectors, whatever the CMS.

Most of the 339 portals run a CMS with no adapter here, so a ``list`` source given only its column URL
is read like this:

- **Hanweb (大汉) columns** ship their list inside ``<script type="text/xml"><datastore>…<record>
  <![CDATA[<li>…</li>]]></record>``, invisible to an HTML parser: the records are unwrapped and read as
  markup; the next page is ``?uid=<unit>&pageNum=N`` (the unit is the id of the block around the script,
  or ``unitid`` in its ``nextgroup`` link), up to ``<totalpage>``.
- **Everything else**: every link whose text reads like a headline (six characters or more, four of
  them Chinese) is an item candidate; its *item* is the largest element around it that holds no other
  headline (``li``, ``tr``, ``dd``, a ``div`` row). Items are grouped by their parent, and the groups of
  one shape (parent tag and class, item tag) are one list; the list with the most dated items wins
  (navigation and "hot news" boxes are smaller, or undated, or of another shape). A date is read in the
  item's text outside the headline, else in the link (``t20240105_…``, ``/art/2024/1/5/``,
  ``/202401/05/``). The title is the link's ``title`` attribute when it is longer than the text
  (truncated headlines end in …).
- **The next page**, in this order: ``createPageHTML(count, current, "index", "html")`` (TRS, also with
  variables), the Hanweb unit above, a link reading 下一页 / 下页 / 后页 / > (VSB's ``N.htm`` pages, Epoint,
  most others), a numbered link to the following page (``index_1.html``, ``?page=2``, ``page_2.html``),
  and last the page counter of the URL itself (``…&p=1`` → ``…&p=2``, ``page_1.html`` → ``page_2.html``).
  The crawler stops a column at a page that adds no new item, or that answers 404 after the first.

``find_column`` finds a news column on a home page from the anchor texts a public list of the portals
used (XX要闻, 政务要闻, 本市要闻, 今日XX …, given by the platform's ``find`` words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from ..encoding import decode_bytes
from ..dates import calendar_date, first_date as iso_date

_CJK = re.compile(r"[\u4e00-\u9fff]")
_URL_DATES = (re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),        # TRS t20240105_123.html
              re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),   # Hanweb /art/2024/1/5/art_…
              re.compile(r"/((?:19|20)\d{2})-?(\d{2})/(\d{2})/"),          # /202401/05/ and /2024-01/05/
              re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),             # /20240105/
              re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})[/_.]"))   # /2024-01-05/
_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\w+)\s*,\s*(\w+)\s*,\s*['\"]([^'\"]+)"
                          r"['\"]\s*,\s*['\"]([^'\"]+)['\"]")
_NEXT_WORDS = {"下一页", "下页", "后页", "后一页", "下一頁", ">", "›", "»", ">>", "next", "下一页>", "下一页>>",
               "下一页»", "下页>", "[下一页]", "【下一页】", "下一页»"}
_PAGE_KEYS = ("page", "pagenum", "pageno", "pageindex", "curpage", "currentpage", "p", "pn", "pagenow")
# a page counter in the path: only where a word says it is one (a bare /2.htm is VSB's count-down page)
_PATH_COUNTERS = (re.compile(r"(index_)(\d+)(\.s?html?)$"), re.compile(r"(page_)(\d+)(\.s?html?)$"))
MIN_TITLE = 6          # characters of a headline, at least 4 of them Chinese
_DROP = ["script", "style", "noscript", "template", "select", "option", "textarea", "head"]


@dataclass(frozen=True)
class ColumnItem:
    title: str
    url: str
    date: str | None


@dataclass
class ColumnPage:
    items: list[ColumnItem]
    next_url: str | None
    how: str                     # how the list was found (for `sources probe` and failures)
    next_how: str = ""           # how the next page was found
    total_pages: int | None = None


def url_date(url: str) -> str | None:
    """The publication date a CMS writes into an article's URL, if any."""
    path = urlsplit(url).path
    for rx in _URL_DATES:
        m = rx.search(path)
        if m:
            iso = calendar_date(*(int(g) for g in m.groups()))      # textmine.dates: /t20230230_ is no date
            if iso:
                return iso
    return None


def _headline(a) -> str:
    text = " ".join(a.get_text(" ", strip=True).split())
    title = " ".join((a.get("title") or "").split())
    if len(title) > len(text) or (title and text.endswith(("...", "…", "..")) and len(title) >= len(text) - 3):
        return title
    return text


def _is_headline(text: str) -> bool:
    return len(text) >= MIN_TITLE and len(_CJK.findall(text)) >= 4


def _usable_href(href: str | None) -> bool:
    return bool(href) and not href.strip().lower().startswith(("javascript:", "#", "mailto:", "tel:"))


def _soup(text: str) -> BeautifulSoup:
    import warnings

    from bs4 import XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def read_column(body: bytes, content_type: str | None, page_url: str) -> ColumnPage:
    """The items of one column page and its next page (see the module doc)."""
    text, _, _ = decode_bytes(body, content_type, html=True)
    return read_column_text(text, page_url)


def read_column_text(text: str, page_url: str) -> ColumnPage:
    store = _DATASTORE.search(text)
    if store and _RECORD.search(store.group(1)):
        return _hanweb(text, store.group(1), page_url)
    soup = _soup(text)
    page = _generic(soup, page_url)
    page.next_url, page.next_how, page.total_pages = _next_page(soup, text, page_url, bool(page.items))
    return page


# -- Hanweb datastore -------------------------------------------------------------------------------

def _hanweb(text: str, store: str, page_url: str) -> ColumnPage:
    items = []
    for frag in _RECORD.findall(store):
        soup = _soup(frag)
        best = max((a for a in soup.find_all("a", href=True) if _usable_href(a["href"])),
                   key=lambda a: len(_headline(a)), default=None)
        if best is None or not _is_headline(_headline(best)):
            continue
        title = _headline(best)
        url = urljoin(page_url, best["href"].strip())
        rest = soup.get_text(" ", strip=True).replace(best.get_text(" ", strip=True), " ")
        items.append(ColumnItem(title, url, iso_date(rest) or url_date(url)))
    total = re.search(r"<totalpage>\s*(\d+)\s*</totalpage>", store)
    total_pages = int(total.group(1)) if total else None
    unit = re.search(r"<div[^>]*\bid=[\"']?(\d+)[\"']?[^>]*>\s*<script[^>]*text/xml", text, re.I)
    unit_id = unit.group(1) if unit else None
    if unit_id is None:
        m = re.search(r"unitid=(\d+)", store)
        unit_id = m.group(1) if m else None
    nxt = None
    parts = urlsplit(page_url)
    query = dict(parse_qsl(parts.query))
    current = int(query.get("pageNum", "1") or 1) if str(query.get("pageNum", "1")).isdigit() else 1
    if unit_id and items and (total_pages is None or current < total_pages):
        query.update({"uid": unit_id, "pageNum": str(current + 1)})
        nxt = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    return ColumnPage(items, nxt, f"Hanweb datastore: {len(items)} records", "Hanweb unit ?uid=&pageNum=" if nxt
                      else "", total_pages)


# -- any other markup ------------------------------------------------------------------------------

def _item_of(a):
    """The largest ancestor of the link that holds no other headline link (at most 4 levels up)."""
    node = a
    for _ in range(4):
        parent = node.parent
        if parent is None or parent.name in ("body", "html", "[document]"):
            break
        heads = [x for x in parent.find_all("a", href=True) if x is not a and _is_headline(_headline(x))
                 and _usable_href(x["href"])]
        if heads:
            break
        node = parent
    return node


def _shape(node) -> tuple:
    parent = node.parent
    return (parent.name if parent is not None else "", tuple(parent.get("class") or []) if parent is not None else (),
            node.name)


def _generic(soup: BeautifulSoup, page_url: str) -> ColumnPage:
    for tag in soup.find_all(_DROP):
        tag.decompose()
    groups: dict[int, list] = {}
    parents: dict[int, object] = {}
    seen: set[str] = set()
    for a in soup.find_all("a", href=True):
        if not _usable_href(a["href"]):
            continue
        title = _headline(a)
        if not _is_headline(title):
            continue
        url = urljoin(page_url, a["href"].strip()).split("#", 1)[0]
        if url in seen or url.rstrip("/") == page_url.split("#", 1)[0].rstrip("/"):
            continue
        seen.add(url)
        item = _item_of(a)
        rest = item.get_text(" ", strip=True).replace(a.get_text(" ", strip=True), " ")
        date = iso_date(rest) or url_date(url)
        key = id(item.parent)
        parents[key] = item
        groups.setdefault(key, []).append(ColumnItem(title, url, date))
    if not groups:
        return ColumnPage([], None, "no headline links on the page (a list built by JavaScript?)")
    by_shape: dict[tuple, list[ColumnItem]] = {}
    for key, items in groups.items():
        if len(items) >= 2 or len(groups) == 1:
            by_shape.setdefault(_shape(parents[key]), []).extend(items)
    if not by_shape:     # only single headlines scattered over the page: take them all
        by_shape = {("", (), "a"): [it for items in groups.values() for it in items]}
    shape, items = max(by_shape.items(), key=lambda kv: (sum(it.date is not None for it in kv[1]), len(kv[1])))
    dated = sum(it.date is not None for it in items)
    cls = "." + ".".join(shape[1]) if shape[1] else ""
    return ColumnPage(items, None, f"{len(items)} items ({dated} dated) in {shape[0]}{cls} > {shape[2]}")


# -- pagination ------------------------------------------------------------------------------------

def _int_of(name: str, text: str) -> int | None:
    if name.isdigit():
        return int(name)
    m = re.search(rf"\b(?:var|let|const)?\s*{re.escape(name)}\s*=\s*(\d+)", text)
    return int(m.group(1)) if m else None


def page_counter(url: str) -> tuple[int, callable] | None:
    """(the URL's page number, a function giving the URL of page N) when the URL carries a counter."""
    parts = urlsplit(url)
    q = parse_qsl(parts.query, keep_blank_values=True)
    for i, (k, v) in enumerate(q):
        if k.lower() in _PAGE_KEYS and v.isdigit():
            def at(n, q=q, i=i):
                qq = list(q)
                qq[i] = (qq[i][0], str(n))
                return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(qq), ""))
            return int(v), at
    for rx in _PATH_COUNTERS:
        m = rx.search(parts.path)
        if m:
            def at(n, m=m):
                path = parts.path[:m.start()] + f"{m.group(1)}{n}{m.group(3)}"
                return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
            return int(m.group(2)), at
    return None


def _next_page(soup: BeautifulSoup, text: str, page_url: str, has_items: bool) -> tuple[str | None, str, int | None]:
    if not has_items:
        return None, "", None
    page = page_url.split("#", 1)[0]
    for m in _CREATE_PAGE.finditer(text):      # TRS: createPageHTML(countPage, currentPage, "index", "html")
        count, current = _int_of(m.group(1), text), _int_of(m.group(2), text)
        if count is None or current is None:
            continue
        if current + 1 >= count:
            return None, "createPageHTML: last page", count
        return urljoin(page, f"{m.group(3)}_{current + 1}.{m.group(4)}"), "createPageHTML", count
    links = [(" ".join(a.get_text(" ", strip=True).split()), a.get("title") or "", a["href"].strip())
             for a in soup.find_all("a", href=True)]
    for label, title, href in links:
        if (label.replace(" ", "").lower() in _NEXT_WORDS or title.strip() in ("下一页", "下页")) and _usable_href(href):
            target = urljoin(page, href).split("#", 1)[0]
            if target != page:
                return target, f"link {label or title!r}", None
    counter = page_counter(page)
    here = counter[0] if counter else 1
    if counter is None and re.search(r"/(index\.s?html?)?$", urlsplit(page).path):
        stem = urlsplit(page).path.rsplit("/", 1)[-1] or "index.html"
        ext = stem.rsplit(".", 1)[-1] if "." in stem else "html"
        candidates = {urljoin(page, f"index_1.{ext}"), urljoin(page, "index_1.shtml")}
        for label, _, href in links:
            if urljoin(page, href).split("#", 1)[0] in candidates:
                return urljoin(page, href).split("#", 1)[0], f"numbered link {label!r} (index_N)", None
    for label, _, href in links:
        if label.isdigit() and int(label) == here + 1 and _usable_href(href):
            target = urljoin(page, href).split("#", 1)[0]
            if target != page:
                return target, f"numbered link {label!r}", None
    if counter is not None:
        return counter[1](counter[0] + 1), "page counter of the URL", None
    return None, "", None


# -- finding the news column on a home page ---------------------------------------------------------

def find_column(body: bytes, content_type: str | None, page_url: str, words: list[str],
                city_names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(URL, anchor text) of the best news-column link on a home page: the anchor text matching the
    earliest of ``words`` ({city} stands for the city's short names), exactly before partly."""
    text, _, _ = decode_bytes(body, content_type, html=True)
    soup = _soup(text)
    wanted = []
    for w in words:
        if "{city}" in w:
            wanted += [w.replace("{city}", n) for n in city_names if n]
        else:
            wanted.append(w)
    best = None
    for a in soup.find_all("a", href=True):
        if not _usable_href(a["href"]):
            continue
        label = "".join(a.get_text("", strip=True).split()) or "".join((a.get("title") or "").split())
        for rank, w in enumerate(wanted):
            exact = label == w
            if exact or (w in label and len(label) <= len(w) + 4):
                score = (rank, 0 if exact else 1)
                if best is None or score < best[0]:
                    best = (score, urljoin(page_url, a["href"].strip()).split("#", 1)[0], label)
                break
    return (best[1], best[2]) if best else None
