"""SIGKILL the crawl at 4 random moments, resume, and get the same store as an uninterrupted crawl."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal import Portal
from portal.config import write_config

RUNNER = Path(__file__).parent / "portal" / "run_crawl.py"
ROOT = Path(__file__).resolve().parents[1]


def start(home: Path, src: Path, lex: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(RUNNER), str(home), str(src), str(lex), "2021-01-01", "2023-12-31"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)


def progress(home: Path) -> int:
    """URLs visited by the first plans job and the news job: the URLs an uninterrupted crawl visits.

    It only grows, across kills, and a crawl cannot finish before it reaches the uninterrupted crawl's
    total (a plans job that finished before a kill is run again by the runner script as a new job: its
    visits are not counted)."""
    db = home / "textmine.sqlite3"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM crawl_visits WHERE job_id IN "
                               "(SELECT MIN(id) FROM crawl_jobs GROUP BY kind)").fetchone()[0]
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
            "raw": sorted(p.name for p in (home / "raw").rglob("*") if p.is_file()),   # .tmp- leftovers too
        }
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_then_resume_gives_the_same_store(shared, tmp_path):
    rng = random.Random(20251)
    with Portal(shared, fault_rate=0.2, seed=11, timeout_sleep=0.6) as portal:
        src, lex = write_config(portal, tmp_path / "cfg")
        ref_home = tmp_path / "reference"
        proc = start(ref_home, src, lex)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
        reference = snapshot(ref_home)
        total = progress(ref_home)
        assert reference["documents"] and len(reference["news_items"]) > 10 and total > 30

        home = tmp_path / "killed"
        # kill points a crawl is sure to reach before it can finish: each below the total, each past the last
        thresholds = sorted(rng.sample(range(3, total - 8), 4))
        reached, kills, leftovers = 0, [], 0
        for n, threshold in enumerate(thresholds, 1):
            target = max(threshold, reached + 1)
            assert target < total - 2, f"kill {n - 1} overshot to {reached} of {total} visits"
            proc = start(home, src, lex)
            deadline = time.monotonic() + 90
            while proc.poll() is None and progress(home) < target and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.02))
            alive = proc.poll() is None
            if alive:
                os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
            assert alive and proc.returncode == -signal.SIGKILL, \
                f"kill {n} (at {target} of {total} visits) did not land: exit {proc.returncode} {err.decode()[-2000:]}"
            reached = progress(home)
            kills.append(reached)
            assert reached >= target, f"kill {n}: the crawl did not reach {target} visits in 90 s"
            leftovers += len(list(home.rglob(".tmp-*")))
        assert len(kills) == 4
        assert reached < total   # the last kill left work to do
        print(f"killed at {kills} of {total} visits (thresholds {thresholds}); {leftovers} .tmp- leftover(s) seen after the kills")
        proc = start(home, src, lex)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and b"done" in out, err.decode()[-2000:]
        resumed = snapshot(home)

    for key in reference:
        assert resumed[key] == reference[key], key
    assert not list(home.rglob(".tmp-*"))    # what a kill left mid-write was removed when the crawl started again
    con = sqlite3.connect(home / "textmine.sqlite3")
    jobs = con.execute("SELECT kind, COUNT(*), SUM(finished_at IS NOT NULL) FROM crawl_jobs GROUP BY kind").fetchall()
    con.close()
    # the news job was resumed, never restarted; every job finished (a plans job that had finished
    # before a kill is run again by the runner script as a new, conditional-GET-only job)
    assert ("news", 1, 1) in jobs and all(n == done for _, n, done in jobs)
