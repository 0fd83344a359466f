"""Which pages the count stage reads: the body pages (not contents, not covers) of plan and policy
documents. The one place that says which kinds (the SQL of "body page" is `textmine.store.pages`); indicators
then read only the one outline counted per city and period (`textmine.editions`), the other counted pages are
for audits and precision samples.
"""
from __future__ import annotations

from typing import Iterator

from ..store import Store
from ..store import pages as store_pages
from ..errors import TextmineError

COUNTED_KINDS = ("plan", "policy")
#: The two ways of finding terms (textmine.count.matchers): jieba tokens, or Aho-Corasick substrings.
MODES = ("token", "substring")
#: The mode used when none is given; chosen from the disagreement study in docs/lexicon.md.
DEFAULT_MODE = "token"


def check_mode(mode: str | None) -> str:
    """`mode`, or the default; an unknown mode is an error naming the two."""
    mode = mode or DEFAULT_MODE
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    return mode


def counted_page_count(store: Store, kinds: tuple[str, ...] = COUNTED_KINDS) -> int:
    return store_pages.counted_page_count(store.conn, kinds)


def counted_texts(store: Store, kinds: tuple[str, ...] = ("plan",), document_ids=None) -> Iterator[tuple]:
    """(document_id, page, text, city_code) of the counted pages of `kinds` (or of `document_ids`), in order."""
    yield from store_pages.counted_texts(store.conn, kinds, document_ids)
