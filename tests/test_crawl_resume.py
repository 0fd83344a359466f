"""SIGKILL the crawl at random moments, resume, and get the same store as an uninterrupted crawl."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from portal import Portal
from portal.config import write_config

RUNNER = Path(__file__).parent / "portal" / "run_crawl.py"
ROOT = Path(__file__).resolve().parents[1]


def start(home: Path, src: Path, lex: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(RUNNER), str(home), str(src), str(lex), "2021-01-01", "2023-12-31"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)


def visits(home: Path) -> int:
    db = home / "textmine.sqlite3"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM crawl_visits").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:   # schema not there yet
        return 0


def snapshot(home: Path) -> dict:
    con = sqlite3.connect(home / "textmine.sqlite3")
    try:
        return {
            "documents": sorted(con.execute("SELECT city_code, kind, title, url, source, year, format, sha256, size,"
                                            " origin FROM documents")),
            "document_parts": sorted(con.execute("SELECT d.url, p.part, p.source, p.url, p.format, p.sha256 FROM"
                                                 " document_parts p JOIN documents d ON d.id = p.document_id")),
            "news_items": sorted(con.execute("SELECT city_code, url, title, published, query, sha256"
                                             " FROM news_items")),
            "news_crawls": sorted(con.execute("SELECT city_code, since, until, items FROM news_crawls")),
            "failures": sorted(con.execute("SELECT city_code, source, reason FROM failures WHERE resolved=0")),
            "cache": sorted(con.execute("SELECT url, final_url, sha256 FROM http_cache")),
            "raw": sorted(p.name for p in (home / "raw").rglob("*") if p.is_file() and not p.name.startswith(".tmp")),
        }
    finally:
        con.close()


def test_sigkill_at_random_moments_then_resume_gives_the_same_store(shared, tmp_path):
    rng = random.Random(20251)
    with Portal(shared, fault_rate=0.2, seed=11, timeout_sleep=0.6) as portal:
        src, lex = write_config(portal, tmp_path / "cfg")
        ref_home = tmp_path / "reference"
        proc = start(ref_home, src, lex)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
        reference = snapshot(ref_home)
        total = visits(ref_home)
        assert reference["documents"] and len(reference["news_items"]) > 10 and total > 30

        home = tmp_path / "killed"
        thresholds = sorted(rng.sample(range(3, total - 3), 4))
        kills = 0
        for threshold in thresholds:
            proc = start(home, src, lex)
            deadline = time.monotonic() + 60
            while proc.poll() is None and visits(home) < threshold and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                kills += 1
            proc.communicate(timeout=30)
        assert kills >= 3, f"only {kills} kills landed mid-crawl"
        assert visits(home) < total   # the last kill left work to do
        proc = start(home, src, lex)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and b"done" in out, err.decode()[-2000:]
        resumed = snapshot(home)

    for key in reference:
        assert resumed[key] == reference[key], key
    con = sqlite3.connect(home / "textmine.sqlite3")
    jobs = con.execute("SELECT kind, COUNT(*), SUM(finished_at IS NOT NULL) FROM crawl_jobs GROUP BY kind").fetchall()
    con.close()
    # the news job was resumed, never restarted; every job finished (a plans job that had finished
    # before a kill is run again by the runner script as a new, conditional-GET-only job)
    assert ("news", 1, 1) in jobs and all(n == done for _, n, done in jobs)
