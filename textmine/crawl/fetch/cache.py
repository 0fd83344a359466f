"""The fetcher's memory in the store: what it already holds for a URL.

- ``JobVisits`` (resume): a URL fetched earlier in this crawl job (``crawl_visits``) is read back from
  the store and not requested again, so a killed job resumes without asking the server twice. Outside
  a job (``job_id`` None) nothing is read back.
- ``HttpCache`` (conditional GET): a URL downloaded before is asked with its validators
  (If-None-Match from its ETag, If-Modified-Since from its Last-Modified); a 304 reads the body back
  from ``raw/``; a 200 is stored by SHA-256 and its row (``http_cache``) updated. A row whose raw file
  is gone counts as no row (downloaded again). The cache row and the visit are written in one
  transaction, after the raw file.

All the fetcher's SQL is here (the store refactor of issue #26 moves it under ``store/``).
"""
from __future__ import annotations

import sqlite3

from ...store import Store, utcnow
from ...store import crawl as store_crawl
from ..sniff import sniff
from .results import Fetched, FetchStats
from .transport import Response


class JobVisits:
    def __init__(self, job_id: int | None):
        self.job_id = job_id

    def record(self, store: Store, url: str, status: int) -> None:
        """Inside the caller's transaction."""
        if self.job_id is not None:
            store_crawl.record_visit(store.conn, self.job_id, url, status, utcnow())

    def read_back(self, store: Store, url: str) -> Fetched | None:
        if self.job_id is None:
            return None
        row = store_crawl.visited(store.conn, self.job_id, url)
        if row is None or not row["sha256"] or not store.has_raw(row["sha256"]):
            return None
        body = store.read_raw(row["sha256"])
        return Fetched(url, row["final_url"], 0, body, row["sha256"], row["content_type"],
                       sniff(body, row["content_type"]))


class HttpCache:
    def __init__(self, stats: FetchStats, visits: JobVisits):
        self.stats, self.visits = stats, visits

    def lookup(self, store: Store, url: str) -> sqlite3.Row | None:
        cached = store_crawl.cached(store.conn, url)
        if cached is not None and cached["sha256"] and not store.has_raw(cached["sha256"]):
            return None   # the raw file is gone: download again
        return cached

    @staticmethod
    def conditional_headers(cached: sqlite3.Row | None) -> dict[str, str]:
        headers = {}
        if cached is not None and cached["status"] == 200:
            if cached["etag"]:
                headers["If-None-Match"] = cached["etag"]
            if cached["last_modified"]:
                headers["If-Modified-Since"] = cached["last_modified"]
        return headers

    def not_modified(self, store: Store, url: str, cached: sqlite3.Row) -> Fetched:
        """A 304 for ``url``: the body read back from raw/, the check time and the visit recorded."""
        self.stats.add("not_modified")
        body = store.read_raw(cached["sha256"])
        with store.transaction():
            store_crawl.mark_checked(store.conn, url, utcnow())
            self.visits.record(store, url, 304)
        return Fetched(url, cached["final_url"], 304, body, cached["sha256"], cached["content_type"],
                       sniff(body, cached["content_type"]))

    def keep(self, store: Store, url: str, final_url: str, resp: Response) -> Fetched:
        """A 200 for ``url`` (answered at ``final_url``): the body stored, its row and the visit written."""
        body = resp.body
        self.stats.add("downloaded")
        self.stats.add("bytes", len(body))
        ctype = resp.headers.get("Content-Type")
        sha, _ = store.put_raw_bytes(body)
        now = utcnow()
        with store.transaction():
            store_crawl.keep_response(store.conn, url, final_url, 200, resp.headers.get("ETag"),
                                      resp.headers.get("Last-Modified"), ctype, sha, len(body), now)
            self.visits.record(store, url, 200)
        return Fetched(url, final_url, 200, body, sha, ctype, sniff(body, ctype))
