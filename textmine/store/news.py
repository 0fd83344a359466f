"""News items (candidate articles of a city's government news) and the news crawls that searched for them."""
from __future__ import annotations

import sqlite3

from .filters import where

NEWS_CRAWL_FIELDS = ("city_code", "since", "until", "items", "lexicon", "queries", "finished_at")


def upsert_item(conn: sqlite3.Connection, city_code: str, url: str, title, published, query, source, sha256,
                document_id, found_at) -> sqlite3.Cursor:
    """Record a news item; one already there (same city and URL) keeps its values, gaining a date, hash or article
    document it lacked."""
    return conn.execute(
        "INSERT INTO news_items (city_code, url, title, published, query, source, sha256, document_id,"
        " found_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (city_code, url) DO UPDATE SET"
        " published = COALESCE(excluded.published, published), sha256 = COALESCE(excluded.sha256, sha256),"
        " document_id = COALESCE(excluded.document_id, document_id)",
        (city_code, url, title, published, query, source, sha256, document_id, found_at))


def link_ingested_item(conn: sqlite3.Connection, city_code: str, url: str, title, published, source, sha256,
                       document_id: int, found_at) -> None:
    """A news document added by hand as the item at `url` (no query): it becomes that item's article; the
    item's date is kept when it has one."""
    conn.execute("INSERT INTO news_items (city_code, url, title, published, query, source, sha256, document_id,"
                 " found_at) VALUES (?,?,?,?,NULL,?,?,?,?) ON CONFLICT (city_code, url) DO UPDATE SET "
                 "document_id = excluded.document_id, published = COALESCE(news_items.published, "
                 "excluded.published)",
                 (city_code, url, title, published, source, sha256, document_id, found_at))


def has_item(conn: sqlite3.Connection, city_code: str, url: str) -> bool:
    return conn.execute("SELECT 1 FROM news_items WHERE city_code=? AND url=?", (city_code, url)).fetchone() is not None


def items_without_document(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Items whose article was downloaded (a hash) but is not recorded as a document."""
    return conn.execute("SELECT city_code, url, title, published, sha256, found_at FROM news_items "
                        "WHERE sha256 IS NOT NULL AND document_id IS NULL").fetchall()


def set_item_document(conn: sqlite3.Connection, city_code: str, url: str, document_id: int) -> None:
    conn.execute("UPDATE news_items SET document_id=? WHERE city_code=? AND url=?", (document_id, city_code, url))


def items_with_parse(conn: sqlite3.Connection, city_code: str | None = None) -> list[sqlite3.Row]:
    """Every item (of one city) with its article's parse status, by city, newest first, then URL."""
    clause, args = where(("n.city_code", city_code))
    return conn.execute("SELECT n.*, p.status AS parse_status FROM news_items n LEFT JOIN parses p ON "
                        f"p.document_id = n.document_id{clause} ORDER BY n.city_code, n.published DESC, n.url",
                        args).fetchall()


def items_per_city(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT city_code, count(*) FROM news_items GROUP BY city_code").fetchall())


def add_crawl(conn: sqlite3.Connection, crawl: dict) -> None:
    """Record a finished news crawl of one city (the fields of NEWS_CRAWL_FIELDS given in `crawl`)."""
    conn.execute(f"INSERT INTO news_crawls ({', '.join(crawl)}) VALUES ({', '.join('?' * len(crawl))})",
                 tuple(crawl.values()))


def crawls(conn: sqlite3.Connection) -> sqlite3.Cursor:
    return conn.execute("SELECT city_code, since, until, queries, finished_at FROM news_crawls")
