"""Evidence for yes/no leaves: where policy documents were found (policy_sources), which searches ran
(policy_searches), the pages read for evidence, and the evidence rows kept with a score run (leaf_evidence)."""
from __future__ import annotations

import sqlite3

from .filters import insert_run_rows, marks


def add_policy_source(conn: sqlite3.Connection, document_id: int, leaf: str, query, published, article_url,
                      found_at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO policy_sources (document_id, leaf, query, published, "
                 "article_url, found_at) VALUES (?,?,?,?,?,?)",
                 (document_id, leaf, query, published, article_url, found_at))


def record_searches(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """(job_id, city_code, leaf, query, listed, stored, complete, searched_at) rows."""
    conn.executemany("INSERT OR REPLACE INTO policy_searches (job_id, city_code, leaf, query, listed, stored, "
                     "complete, searched_at) VALUES (?,?,?,?,?,?,?,?)", rows)


def searches(conn: sqlite3.Connection) -> sqlite3.Cursor:
    return conn.execute("SELECT job_id, city_code, leaf, query, complete FROM policy_searches")


def first_listing_date(conn: sqlite3.Connection, document_id: int) -> str | None:
    """The earliest date a portal listed this document under."""
    row = conn.execute("SELECT MIN(published) FROM policy_sources WHERE document_id=?", (document_id,)).fetchone()
    return row[0] if row else None


def readable_documents(conn: sqlite3.Connection, city_code: str, kinds) -> sqlite3.Cursor:
    """(id, kind, title, url, source, year) of the city's documents of `kinds` parsed without failure, by id."""
    kinds = tuple(kinds)
    return conn.execute(
        f"SELECT d.id, d.kind, d.title, d.url, d.source, d.year FROM documents d JOIN parses p "
        f"ON p.document_id = d.id WHERE d.city_code = ? AND d.kind IN ({marks(kinds)}) "
        f"AND p.status != 'failed' ORDER BY d.id", (city_code, *kinds))


def readable_pages(conn: sqlite3.Connection, city_code: str, kinds) -> sqlite3.Cursor:
    """(document_id, page, text) of the pages (contents pages left out) of those documents, in order."""
    kinds = tuple(kinds)
    return conn.execute(
        f"SELECT p.document_id, p.page, p.text FROM pages p JOIN documents d ON d.id = p.document_id "
        f"JOIN parses ps ON ps.document_id = d.id WHERE d.city_code = ? AND d.kind IN ({marks(kinds)}) "
        f"AND ps.status != 'failed' AND p.role != 'toc' ORDER BY p.document_id, p.page", (city_code, *kinds))


def add_run_rows(conn: sqlite3.Connection, run_id: int, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """The evidence rows (values of `columns`) of a score run, inside the run's transaction."""
    insert_run_rows(conn, "leaf_evidence", run_id, columns, rows)
