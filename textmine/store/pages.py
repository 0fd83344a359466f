"""Pages (the parsed text of each document page) and which of them the count stage reads."""
from __future__ import annotations

import sqlite3
from typing import Iterator


def counted_condition(kinds: tuple[str, ...]) -> str:
    """SQL condition on `pages p JOIN documents d`: the counted (body) pages of documents of `kinds`."""
    return f"d.kind IN ({', '.join(repr(k) for k in kinds)}) AND p.role = 'body'"


def counted_page_count(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM pages p JOIN documents d ON d.id = p.document_id "
                        f"WHERE {counted_condition(kinds)}").fetchone()[0]


def counted_texts(conn: sqlite3.Connection, kinds: tuple[str, ...], document_ids=None) -> Iterator[tuple]:
    """(document_id, page, text, city_code) of the counted pages of `kinds` (or of `document_ids`), in order."""
    where = counted_condition(kinds) if document_ids is None else \
        f"p.role = 'body' AND d.id IN ({','.join(str(int(i)) for i in document_ids) or 'NULL'})"
    yield from conn.execute(f"SELECT p.document_id, p.page, p.text, d.city_code FROM pages p JOIN documents d "
                            f"ON d.id = p.document_id WHERE {where} ORDER BY p.document_id, p.page")


def page_text(conn: sqlite3.Connection, document_id: int, page: int) -> str:
    """The text of one page ("" when the page is gone)."""
    row = conn.execute("SELECT text FROM pages WHERE document_id=? AND page=?", (document_id, page)).fetchone()
    return row[0] if row else ""


def counted_pages_for_matching(conn: sqlite3.Connection, kinds: tuple[str, ...], modes: list[str]) -> sqlite3.Cursor:
    """The counted pages in order, each with (per mode in `modes`) the text hash, lexicon state and segmenter
    its stored hits were matched with (NULLs when not matched in that mode): a cursor, read as it goes."""
    joins = "".join(f" LEFT JOIN match_pages m{i} ON m{i}.document_id = p.document_id AND m{i}.page = p.page"
                    f" AND m{i}.mode = ?" for i in range(len(modes)))
    olds = "".join(f", m{i}.text_sha, m{i}.state_key, m{i}.segmenter" for i in range(len(modes)))
    read = conn.cursor()
    read.execute(f"SELECT p.document_id, p.page, p.text, d.city_code{olds} FROM pages p "
                 f"JOIN documents d ON d.id = p.document_id{joins} WHERE {counted_condition(kinds)} "
                 "ORDER BY p.document_id, p.page", modes)
    return read


def body_texts_by_hash(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> Iterator[str]:
    """The text of every body page of documents of `kinds`, ordered by document hash and page (the same corpus
    gives the same order in any data home)."""
    yield from (t for (t,) in conn.execute(
        "SELECT p.text FROM pages p JOIN documents d ON d.id = p.document_id "
        f"WHERE {counted_condition(kinds)} ORDER BY d.sha256, p.page"))


def page_texts(conn: sqlite3.Connection, document_id: int) -> list[str]:
    """A document's page texts, in page order."""
    return [r[0] for r in conn.execute("SELECT text FROM pages WHERE document_id=? ORDER BY page", (document_id,))]
