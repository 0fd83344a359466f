"""Faults of the data home (issue 12): a damaged database, a full disk, a read-only home, two writers at
once. Each ends in a message that says what happened and what to do, never a traceback, and leaves the
store unchanged or consistent."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from count_helpers import add_plan
from textmine.store import Store

LS = ["丽水市深化生态产品价值实现机制，开展GEP核算，推进生态修复和生态环境保护。"]


def _sample_home(cli, home):
    tmp = home.parent / "plan.txt"
    tmp.write_text("丽水市国民经济和社会发展第十四个五年规划纲要\n" + "深化生态产品价值实现机制，开展GEP核算，推进排污权交易。\n"
                   * 300, encoding="utf-8")
    assert cli("ingest", tmp, "--city", "丽水", "--kind", "plan").exit_code == 0
    assert cli("parse").exit_code == 0
    assert cli("count", "--format", "csv").exit_code == 0


def _damage(db):
    with open(db, "r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 4000)


@pytest.mark.parametrize("damage,needle", [
    (lambda db: db.write_bytes(b"this is not a database" * 500), "file is not a database"),
    (_damage, "malformed"),
])
def test_a_damaged_database_is_named_with_what_to_do_and_recover_rebuilds_it(cli, home, damage, needle):
    _sample_home(cli, home)
    with Store(home) as s:
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(home / "textmine.sqlite3")
    before = (home / "textmine.sqlite3").read_bytes()
    res = cli("status")
    assert res.exit_code == 4 and "is damaged" in res.output and needle in res.output
    assert "`textmine recover`" in res.output and "Traceback" not in res.output
    assert (home / "textmine.sqlite3").read_bytes() == before          # nothing was changed
    res = cli("recover")
    assert res.exit_code == 0 and "restored 1 document(s)" in res.output
    assert list(home.glob("textmine.sqlite3.damaged-*"))                 # the damaged file is kept
    assert cli("parse").exit_code == 0
    out = cli("count", "--format", "csv").output
    assert "丽水市,331100,十四五" in out
    assert cli("recover").exit_code == 3                                 # a sound database is left alone


def test_recover_brings_back_news_items_editions_and_parts(store, tmp_path):
    from textmine.editions import set_edition
    from textmine.recover import recover_store

    doc = add_plan(store, "331100", LS, title="丽水规划")
    raw = store.find_document("331100", "plan", store.conn.execute("SELECT sha256 FROM documents").fetchone()[0])
    store.put_raw_bytes(b"x")  # a raw file for the part below
    sha = store.conn.execute("SELECT sha256 FROM documents WHERE id=?", (doc,)).fetchone()[0]
    store.raw_path(sha).parent.mkdir(parents=True, exist_ok=True)
    store.raw_path(sha).write_bytes(b"plan")
    set_edition(store, [doc], period="十五五", plan_type="draft")
    with store.transaction():
        store.add_document_parts(doc, [{"part": 1, "title": "上", "source": "http://a/1.pdf", "url": "http://a/1.pdf",
                                        "format": "pdf", "sha256": "a" * 64, "size": 1}])
    store.journal({"type": "news_item", "city_code": "331100", "url": "http://a/n.html", "title": "生态产品价值实现",
                   "published": "2024-05-01", "query": "q", "source": "s", "sha256": None, "found_at": "t",
                   "document_sha256": None})
    store.journal({"type": "news_crawl", "city_code": "331100", "since": "2024-01-01", "until": "2024-12-31",
                   "items": 1, "lexicon": "l", "queries": '["生态产品价值实现"]', "finished_at": "2025-01-02T00:00:00"})
    home = store.home
    store.close()
    rep = recover_store(home, force=True)
    assert (rep.documents, rep.editions, rep.parts, rep.news_items, rep.news_crawls) == (1, 1, 1, 1, 1)
    with Store(home) as s:
        d = s.conn.execute("SELECT period, plan_type, period_source FROM documents").fetchone()
        assert tuple(d) == ("十五五", "draft", "given") and raw is not None
        assert s.conn.execute("SELECT COUNT(*) FROM news_items").fetchone()[0] == 1


def test_a_full_disk_is_a_message_and_the_store_stays_consistent(cli, home, monkeypatch):
    _sample_home(cli, home)
    with Store(home) as s:
        hits_before = s.conn.execute("SELECT COUNT(*) FROM hits").fetchone()[0]
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
    real_init = Store.__init__

    def tiny_disk(self, *a, **k):       # SQLite's own "database or disk is full" (SQLITE_FULL)
        real_init(self, *a, **k)
        self.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(Store, "__init__", tiny_disk)
    res = cli("count", "--full", "--mode", "substring")
    assert res.exit_code == 4 and "no space left on the disk" in res.output
    assert "Nothing stored before was lost" in res.output and "run the same command again" in res.output
    monkeypatch.setattr(Store, "__init__", real_init)
    with Store(home) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == hits_before
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_full_disk_while_writing_the_report_is_a_message(cli, home, monkeypatch, tmp_path):
    import errno

    import textmine.report.build as build

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "rep" / "cemi_report.html"))

    monkeypatch.setattr(build, "write_page", full)
    res = cli("report", "--scores", _scores_csv(tmp_path), "--out", tmp_path / "rep")
    assert res.exit_code == 4 and "no space left on the disk" in res.output and "cemi_report.html" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "scores.csv"]    # no report, no temporary folder


def _scores_csv(tmp_path):
    import csv

    from textmine.registry import load_registry

    path = tmp_path / "scores.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["city_code", "cemi", "endowment", "governance", "compensation", "market"])
        for i, c in enumerate(load_registry()):
            w.writerow([c.code, i % 97, i % 89, i % 83, i % 79, i % 73])
    return path


def test_reading_commands_work_on_a_read_only_data_home(cli, home, monkeypatch):
    _sample_home(cli, home)
    with Store(home) as s:
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = {p: p.stat().st_mtime_ns for p in home.rglob("*") if p.is_file()}
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if (mode & os.W_OK) and str(p).startswith(str(home))
                        else real_access(p, mode, **k))
    for args in (("status",), ("documents", "list"), ("audit", "丽水", "--format", "csv"),
                 ("count", "--format", "csv")):
        res = cli(*args)
        assert res.exit_code == 0, (args, res.output)
    assert "丽水市,331100,十四五" in cli("count", "--format", "csv").output
    res = cli("ingest", home.parent / "plan.txt", "--city", "丽水", "--kind", "plan")
    assert res.exit_code == 4 and "not writable" in res.output
    after = {p: p.stat().st_mtime_ns for p in home.rglob("*") if p.is_file()}
    assert after == before


def test_a_second_writer_waits_for_the_first_and_says_who_holds_the_data_home(home, tmp_path):
    from textmine.homelock import HomeLock

    Store(home).close()
    lock = HomeLock(home, "textmine run").acquire()
    try:
        env = {**os.environ, "TEXTMINE_HOME": str(home)}
        proc = subprocess.Popen([sys.executable, "-m", "textmine", "documents", "set", "1", "--period", "十四五"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()       # the moment it meets the lock: it says so, then blocks on it
        assert "waiting: the data home" in first, first + proc.communicate()[1]
        assert proc.poll() is None                                 # still waiting for the lock
    finally:
        lock.release()
    out, err = proc.communicate(timeout=60)
    err = first + err
    assert f"waiting: the data home {home} is in use by pid {os.getpid()} (textmine run" in err
    assert "no document with id 1" in err                       # then it ran (and found nothing to set)


def test_parse_exits_non_zero_when_a_document_failed(cli, home, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    good = tmp_path / "good.txt"
    good.write_text("丽水市国民经济和社会发展第十四个五年规划纲要", encoding="utf-8")
    assert cli("ingest", bad, good, "--city", "丽水", "--kind", "plan", "--no-parse").exit_code == 0
    res = cli("parse")
    assert res.exit_code == 1 and "1 parsed" in res.output and "1 failed" in res.output


def test_a_near_identical_text_is_reported_by_ingest_and_status(cli, home, tmp_path):
    """The issue's case: a plan whose bytes differ by one from a stored plan, filed under another city."""
    a = tmp_path / "丽水纲要.txt"
    text = "丽水市国民经济和社会发展第十四个五年规划纲要\n" + "深化生态产品价值实现机制，开展GEP核算，推进排污权交易和林权交易。\n" * 50
    a.write_text(text, encoding="utf-8")
    b = tmp_path / "copy.txt"
    b.write_text(text + "。", encoding="utf-8")
    assert cli("ingest", a, "--city", "丽水", "--kind", "plan").exit_code == 0
    res = cli("ingest", b, "--city", "南平", "--kind", "plan")
    assert res.exit_code == 0 and "#2 (南平市 plan) has the same text as #1 (丽水市 plan" in res.output
    assert "two cities cannot share a text" in res.output and "1 near-identical" in res.output
    res = cli("ingest", b, "--city", "丽水", "--kind", "policy")
    assert "one text recorded as two kinds" in res.output
    status = cli("status").output
    assert "near-identical texts" in status and "#1 #2 #3" in status      # one group, not one line per pair
    before = cli("count", "--format", "csv").output
    c = tmp_path / "copy2.txt"
    c.write_text(text + "。。", encoding="utf-8")
    res = cli("ingest", c, "--city", "丽水", "--kind", "plan")
    assert "copies of one document are counted once" in res.output
    after = cli("count", "--format", "csv").output     # the copy does not double 丽水's counts
    row = lambda out: next(line.split(",") for line in out.splitlines() if line.startswith("丽水市"))  # noqa: E731
    assert row(after)[5:9] == row(before)[5:9] == ["100", "0", "0", "100"]
    assert row(after)[3] == "4"                       # the most complete copy (two characters longer) counts
