"""Facts read from statistical documents: where each was found (fact_sources), the tables read from a file
once per extractor (fact_tables), and the facts rows kept with a score run (leaf_facts)."""
from __future__ import annotations

import sqlite3

from .filters import insert_run_rows, marks


def add_fact_source(conn: sqlite3.Connection, document_id: int, query, published, article_url, found_at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO fact_sources (document_id, query, published, article_url, "
                 "found_at) VALUES (?,?,?,?,?)", (document_id, query, published, article_url, found_at))


def stored_tables(conn: sqlite3.Connection, sha256: str, extractor: str) -> str | None:
    """The tables (JSON) read from this file by this extractor version, if read before."""
    row = conn.execute("SELECT tables FROM fact_tables WHERE sha256=? AND extractor=?", (sha256, extractor)).fetchone()
    return row[0] if row is not None else None


def keep_tables(conn: sqlite3.Connection, sha256: str, extractor: str, tables: str, seconds: float,
                read_at: str) -> None:
    conn.execute("INSERT OR REPLACE INTO fact_tables (sha256, extractor, tables, seconds, read_at) "
                 "VALUES (?,?,?,?,?)", (sha256, extractor, tables, seconds, read_at))


def city_documents(conn: sqlite3.Connection, city_code: str, kinds) -> list[sqlite3.Row]:
    """The city's documents of `kinds` with their parse status, warnings and title, by id."""
    kinds = tuple(kinds)
    return conn.execute(
        f"SELECT d.id, d.kind, d.title, d.url, d.source, d.year, d.format, d.sha256, p.status, p.warnings, "
        f"p.title AS parsed_title FROM documents d LEFT JOIN parses p ON p.document_id = d.id "
        f"WHERE d.city_code = ? AND d.kind IN ({marks(kinds)}) ORDER BY d.id",
        (city_code, *kinds)).fetchall()


def readable_pages(conn: sqlite3.Connection, document_id: int) -> list[tuple]:
    """(page, text) of a document's pages, contents pages left out."""
    return [(p["page"], p["text"]) for p in conn.execute(
        "SELECT page, text FROM pages WHERE document_id=? AND role != 'toc' ORDER BY page", (document_id,))]


def cities_with_kinds(conn: sqlite3.Connection, kinds) -> set[str]:
    """The cities holding a document of one of `kinds`."""
    kinds = tuple(kinds)
    return {r[0] for r in conn.execute(f"SELECT DISTINCT city_code FROM documents WHERE kind IN "
                                       f"({marks(kinds)})", kinds)}


def add_run_rows(conn: sqlite3.Connection, run_id: int, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """The facts rows (values of `columns`) of a score run, inside the run's transaction."""
    insert_run_rows(conn, "leaf_facts", run_id, columns, rows)
