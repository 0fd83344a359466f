"""Runs of each stage and the failures recorded on the way (the rows `Store.start_run`/`record_failure` write)."""
from __future__ import annotations

import sqlite3


def last_ok_params(conn: sqlite3.Connection, stage: str) -> str | None:
    """The parameters (JSON) of the latest successful run of `stage`."""
    row = conn.execute("SELECT params FROM runs WHERE stage=? AND status='ok' ORDER BY id DESC LIMIT 1",
                       (stage,)).fetchone()
    return row["params"] if row else None


def has_open_crawl_failure(conn: sqlite3.Connection, city_code: str, source: str, reason: str) -> bool:
    return conn.execute("SELECT 1 FROM failures WHERE stage='crawl' AND resolved=0 AND city_code=?"
                        " AND source=? AND reason=?", (city_code, source, reason)).fetchone() is not None


def resolve_crawl_failures(conn: sqlite3.Connection, city_code: str, source: str) -> None:
    conn.execute("UPDATE failures SET resolved = 1 WHERE stage = 'crawl' AND city_code = ? AND "
                 "source = ? AND resolved = 0", (city_code, source))


def open_crawl_failures(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """(city, source, reason) of each unresolved crawl failure, in the order they happened."""
    return conn.execute("SELECT city_code, source, reason FROM failures WHERE stage = 'crawl' AND resolved = 0 "
                        "ORDER BY id")
