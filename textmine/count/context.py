"""The context of hits: each page's text is read once, however many hits it holds.

(Slicing the context in SQL, `substr(pages.text, …)` per hit, reads a long page again for every hit:
on a one-page 16 MB document that grows with the square of its size.)
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..store import Store
from ..store import pages as store_pages


def with_context(store: Store, hits: Iterable, width: int) -> Iterator[tuple[object, str, str, str]]:
    """(hit, left, matched, right) for hits (rows with document_id, page, offset, length) in page order;
    left and right are up to `width` characters, line breaks shown as spaces."""
    key, text = None, ""
    for h in hits:
        if (h["document_id"], h["page"]) != key:
            key = (h["document_id"], h["page"])
            text = store_pages.page_text(store.conn, *key)
        o, n = h["offset"], h["length"]
        yield (h, text[max(0, o - width):o].replace("\n", " "), text[o:o + n],
               text[o + n:o + n + width].replace("\n", " "))
