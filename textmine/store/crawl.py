"""Crawl jobs and their per-city tasks, the URLs a job visited, and the HTTP cache of every download."""
from __future__ import annotations

import sqlite3


# -- jobs and tasks ------------------------------------------------------------
def open_job(conn: sqlite3.Connection, kind: str, key: str) -> sqlite3.Row | None:
    """The latest unfinished job of `kind` with `key` (what a crawl resumes)."""
    return conn.execute("SELECT id FROM crawl_jobs WHERE kind=? AND key=? AND finished_at IS NULL"
                        " ORDER BY id DESC LIMIT 1", (kind, key)).fetchone()


def add_job(conn: sqlite3.Connection, kind: str, key: str, params: str, started_at: str) -> int:
    return conn.execute("INSERT INTO crawl_jobs (kind, key, params, started_at) VALUES (?,?,?,?)",
                        (kind, key, params, started_at)).lastrowid


def finish_job(conn: sqlite3.Connection, job_id: int, finished_at: str, summary: str) -> None:
    conn.execute("UPDATE crawl_jobs SET finished_at=?, summary=? WHERE id=?", (finished_at, summary, job_id))


def done_cities(conn: sqlite3.Connection, job_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT city_code FROM crawl_tasks WHERE job_id=? AND status='done'", (job_id,))}


def record_task(conn: sqlite3.Connection, job_id: int, city_code: str, status: str, summary: str, at: str) -> None:
    conn.execute("INSERT OR REPLACE INTO crawl_tasks (job_id, city_code, status, summary, at) VALUES (?,?,?,?,?)",
                 (job_id, city_code, status, summary, at))


def tasks_of_kind(conn: sqlite3.Connection, kind: str) -> sqlite3.Cursor:
    """Every task of the jobs of `kind` (city, status, time, summary), oldest first."""
    return conn.execute(
        "SELECT t.city_code, t.status, t.at, t.summary FROM crawl_tasks t JOIN crawl_jobs j ON j.id = t.job_id "
        "WHERE j.kind = ? ORDER BY t.at", (kind,))


def last_task(conn: sqlite3.Connection, kind: str, city_code: str) -> sqlite3.Row | None:
    """The latest task (status, time) of a job of `kind` for one city."""
    return conn.execute("SELECT t.status, t.at FROM crawl_tasks t JOIN crawl_jobs j ON j.id = t.job_id "
                        "WHERE j.kind=? AND t.city_code=? ORDER BY t.at DESC LIMIT 1", (kind, city_code)).fetchone()


# -- visits and the HTTP cache -------------------------------------------------
def record_visit(conn: sqlite3.Connection, job_id: int, url: str, status: int, at: str) -> None:
    conn.execute("INSERT OR REPLACE INTO crawl_visits (job_id, url, status, at) VALUES (?,?,?,?)",
                 (job_id, url, status, at))


def visited(conn: sqlite3.Connection, job_id: int, url: str) -> sqlite3.Row | None:
    """The cached response of a URL this job visited already."""
    return conn.execute("SELECT c.* FROM crawl_visits v JOIN http_cache c ON c.url = v.url "
                        "WHERE v.job_id=? AND v.url=?", (job_id, url)).fetchone()


def cached(conn: sqlite3.Connection, url: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM http_cache WHERE url=?", (url,)).fetchone()


def fetched_at(conn: sqlite3.Connection, url: str) -> str | None:
    row = conn.execute("SELECT fetched_at FROM http_cache WHERE url=?", (url,)).fetchone()
    return row[0] if row else None


def mark_checked(conn: sqlite3.Connection, url: str, at: str) -> None:
    conn.execute("UPDATE http_cache SET checked_at=? WHERE url=?", (at, url))


def keep_response(conn: sqlite3.Connection, url: str, final_url: str, status: int, etag, last_modified, content_type,
                  sha256: str, size: int, at: str) -> None:
    """Record (or replace) the cached response of `url`, fetched and checked at `at`."""
    conn.execute(
        "INSERT INTO http_cache (url, final_url, status, etag, last_modified, content_type, sha256, size,"
        " fetched_at, checked_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET"
        " final_url=excluded.final_url, status=excluded.status, etag=excluded.etag,"
        " last_modified=excluded.last_modified, content_type=excluded.content_type, sha256=excluded.sha256,"
        " size=excluded.size, fetched_at=excluded.fetched_at, checked_at=excluded.checked_at",
        (url, final_url, status, etag, last_modified, content_type, sha256, size, at, at))
