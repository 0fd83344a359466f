"""Documents, their parts and the documents removed (the rows `textmine documents` shows and edits)."""
from __future__ import annotations

import sqlite3

from .filters import Raw, marks, where


def document(conn: sqlite3.Connection, document_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM documents WHERE id=?", (document_id,)).fetchone()


def documents_by_id(conn: sqlite3.Connection, ids: list[int]) -> list[sqlite3.Row]:
    """The documents of `ids` that exist, by id."""
    return conn.execute(f"SELECT * FROM documents WHERE id IN ({marks(ids)}) ORDER BY id",
                        ids).fetchall() if ids else []


def document_ids(conn: sqlite3.Connection, kind: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM documents WHERE kind=? ORDER BY id", (kind,))]


def hashes(conn: sqlite3.Connection, ids=None) -> list[str]:
    """The SHA-256 of the documents of `ids` (all when None)."""
    if ids is None:
        return [r[0] for r in conn.execute("SELECT sha256 FROM documents")]
    return [r[0] for r in conn.execute(
        f"SELECT sha256 FROM documents WHERE id IN ({','.join(map(str, ids)) or 'NULL'})")]


def plans_of_cities(conn: sqlite3.Connection, city_codes) -> list[sqlite3.Row]:
    """id, city, title, source and period of every plan document of `city_codes`, by id."""
    codes = sorted(city_codes)
    return conn.execute(f"SELECT id, city_code, title, source, period FROM documents WHERE kind='plan' "
                        f"AND city_code IN ({marks(codes)}) ORDER BY id", codes).fetchall()


def origins(conn: sqlite3.Connection, kind: str) -> dict[int, str]:
    """id → origin (ingest, crawl) of the documents of `kind`."""
    return {r["id"]: r["origin"] for r in conn.execute("SELECT id, origin FROM documents WHERE kind = ?", (kind,))}


def removed_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    """id → (id, removed_at, why) of the removed documents among `ids`."""
    return {r["id"]: r for r in conn.execute(
        f"SELECT id, removed_at, why FROM removed_documents WHERE id IN ({marks(ids)})", ids)}


def removed(conn: sqlite3.Connection, city_code: str | None = None) -> sqlite3.Cursor:
    """The removed documents (of one city), in the order they were removed."""
    clause, args = where(("city_code", city_code))
    return conn.execute(f"SELECT * FROM removed_documents{clause} ORDER BY removed_at, id", args)


def last_removed(conn: sqlite3.Connection, city_code: str, kind: str, sha256: str) -> sqlite3.Row | None:
    """The latest removal of this file as a document of this city and kind."""
    return conn.execute("SELECT * FROM removed_documents WHERE city_code=? AND kind=? AND "
                        "sha256=? ORDER BY removed_at DESC", (city_code, kind, sha256)).fetchone()


def move_to_city(conn: sqlite3.Connection, document_id: int, city_code: str) -> None:
    """The document, its hits and its news item belong to another city now (its edition is worked out again)."""
    conn.execute("UPDATE documents SET city_code=?, edition_key=NULL WHERE id=?", (city_code, document_id))
    conn.execute("UPDATE hits SET city_code=? WHERE document_id=?", (city_code, document_id))
    conn.execute("UPDATE OR IGNORE news_items SET city_code=? WHERE document_id=?", (city_code, document_id))


def set_title(conn: sqlite3.Connection, document_id: int, title: str) -> None:
    """A title given by hand (its edition is worked out again)."""
    conn.execute("UPDATE documents SET title=?, title_source='given', edition_key=NULL WHERE id=?",
                 (title, document_id))


def remove(conn: sqlite3.Connection, record: dict) -> None:
    """Keep `record` (the removed document's fields, when, why, by whom) and delete the document with its news
    item; its pages, hits, parse … go with it (foreign keys cascade)."""
    conn.execute(f"INSERT INTO removed_documents ({', '.join(record)}) VALUES ({','.join('?' * len(record))})",
                 list(record.values()))
    conn.execute("DELETE FROM news_items WHERE document_id=?", (record["id"],))
    conn.execute("DELETE FROM documents WHERE id=?", (record["id"],))


def ingested_news_without_item(conn: sqlite3.Connection, ids: list[int] | None = None) -> list[sqlite3.Row]:
    """News documents added by hand (of `ids`) that are no news item's article yet, with their parse's date
    and status."""
    clause, args = where(Raw("d.kind='news' AND d.origin='ingest' AND "
                             "NOT EXISTS (SELECT 1 FROM news_items n WHERE n.document_id = d.id)"), ("d.id", ids))
    return conn.execute("SELECT d.id, d.city_code, d.title, d.url, d.source, d.sha256, d.added_at, p.date, p.status "
                        f"FROM documents d LEFT JOIN parses p ON p.document_id = d.id{clause}", args).fetchall()


def counts_per_city_kind(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """(city_code, kind, n, bytes) of the corpus, by city and kind."""
    return conn.execute("SELECT city_code, kind, COUNT(*) AS n, SUM(size) AS bytes FROM documents "
                        "GROUP BY city_code, kind ORDER BY city_code, kind").fetchall()


def plans_without_period(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM documents WHERE kind='plan' AND period IS NULL").fetchone()[0]
