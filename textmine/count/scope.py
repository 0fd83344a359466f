"""Which pages the count stage reads: the body pages (not contents, not covers) of plan and policy
documents. The one place that says so; indicators then read only the one outline counted per city and
period (`textmine.editions`), the other counted pages are for audits and precision samples.
"""
from __future__ import annotations

from typing import Iterator

from ..store import Store

COUNTED_KINDS = ("plan", "policy")
#: The two ways of finding terms (textmine.count.matchers): jieba tokens, or Aho-Corasick substrings.
MODES = ("token", "substring")
#: The mode used when none is given; chosen from the disagreement study in docs/lexicon.md.
DEFAULT_MODE = "token"


def check_mode(mode: str | None) -> str:
    """`mode`, or the default; an unknown mode is an error naming the two."""
    from ..errors import TextmineError

    mode = mode or DEFAULT_MODE
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    return mode


def counted_condition(kinds: tuple[str, ...] = COUNTED_KINDS) -> str:
    """SQL condition on `pages p JOIN documents d`: the counted pages of documents of `kinds`."""
    return f"d.kind IN ({', '.join(repr(k) for k in kinds)}) AND p.role = 'body'"


COUNTED = counted_condition()


def counted_page_count(store: Store, kinds: tuple[str, ...] = COUNTED_KINDS) -> int:
    return store.conn.execute(f"SELECT COUNT(*) FROM pages p JOIN documents d ON d.id = p.document_id "
                              f"WHERE {counted_condition(kinds)}").fetchone()[0]


def counted_texts(store: Store, kinds: tuple[str, ...] = ("plan",), document_ids=None) -> Iterator[tuple]:
    """(document_id, page, text, city_code) of the counted pages of `kinds` (or of `document_ids`), in order."""
    where = counted_condition(kinds) if document_ids is None else \
        f"p.role = 'body' AND d.id IN ({','.join(str(int(i)) for i in document_ids) or 'NULL'})"
    yield from store.conn.execute(f"SELECT p.document_id, p.page, p.text, d.city_code FROM pages p JOIN documents d "
                                  f"ON d.id = p.document_id WHERE {where} ORDER BY p.document_id, p.page")
