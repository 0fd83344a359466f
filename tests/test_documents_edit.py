"""Issue 32, case 5: documents a user can correct.

On main re-ingesting with --city added a second counted copy, re-ingesting with --title was a "duplicate",
`documents set` had no --city or --title, nothing could be removed, and titles were the file name even when the
heading was read (reports showed `wz` or `衢州十五五纲要_gbk`)."""
from __future__ import annotations

from pathlib import Path

from count_helpers import ROOT

SAMPLE_15 = ROOT / "corpora" / "sample" / "docs" / "lishui_plan_15th.pdf"


def _listing(cli, *args) -> list[dict]:
    import csv
    import io

    out = cli("documents", "list", *args, "--format", "csv").output
    return list(csv.DictReader(io.StringIO("".join(x for x in out.splitlines(True) if not x.startswith("warning")))))


def test_a_document_under_the_wrong_city_is_moved_not_copied(cli, tmp_path, store):
    wz = tmp_path / "wz.pdf"                    # a file named as a download often is
    wz.write_bytes(SAMPLE_15.read_bytes())
    assert cli("ingest", wz, "--city", "温州", "--kind", "plan").exit_code == 0
    row = _listing(cli)[0]
    assert row["title"] == "丽水市国民经济和社会发展第十五个五年规划和2035年远景目标纲要"      # its heading, not "wz"
    assert row["title_from"] == "the document's heading" and row["status"] == "not the city's"
    cli("count", "--period", "十五五")
    moved = cli("documents", "set", "1", "--city", "丽水")
    assert moved.exit_code == 0 and "#1 city: 温州市 → 丽水市" in moved.output
    rows = _listing(cli)
    assert len(rows) == 1 and rows[0]["city"] == "丽水市" and rows[0]["status"] == "counted"
    assert store.conn.execute("SELECT COUNT(DISTINCT city_code) FROM hits").fetchone()[0] == 1
    assert store.conn.execute("SELECT city_code FROM hits LIMIT 1").fetchone()[0] == "331100"
    counts = cli("count", "--period", "十五五", "--format", "csv").output
    assert "丽水市,331100,十五五,1," in counts and "温州市" not in counts
    retitled = cli("ingest", wz, "--city", "丽水", "--kind", "plan", "--title", "丽水市“十五五”规划纲要（市政府门户网站）")
    assert "duplicate #1" in retitled.output and "(title set)" in retitled.output
    assert _listing(cli)[0]["title"] == "丽水市“十五五”规划纲要（市政府门户网站）"
    assert cli("documents", "set", "1", "--title", "丽水市十五五规划纲要").exit_code == 0
    assert _listing(cli)[0]["title_from"] == "given"


def test_a_removed_document_keeps_its_raw_file_and_a_record(cli, tmp_path, store, home):
    wz = tmp_path / "wz.pdf"
    wz.write_bytes(SAMPLE_15.read_bytes())
    cli("ingest", wz, "--city", "丽水", "--kind", "plan")
    sha = store.conn.execute("SELECT sha256 FROM documents WHERE id=1").fetchone()[0]
    res = cli("documents", "remove", "1", "--why", "重复下载", "--by", "张三")
    assert res.exit_code == 0 and "removed #1" in res.output and "kept" in res.output
    assert _listing(cli) == [] and store.raw_path(sha).is_file()
    assert store.conn.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == 0
    removed = _listing(cli, "--removed")
    assert [(r["id"], r["why"], r["by"], r["sha256"]) for r in removed] == [("1", "重复下载", "张三", sha)]
    assert "#1 was removed" in cli("documents", "set", "1", "--title", "x").output
    assert cli("documents", "remove", "1", "--why", "").exit_code != 0
    again = cli("ingest", wz, "--city", "丽水", "--kind", "plan")
    assert "added     #2" in again.output and "removed before as #1" in again.output   # an id names one document
    # a damaged database rebuilt from the journal makes the same removal and corrections
    cli("documents", "set", "2", "--city", "湖州")
    cli("documents", "remove", "2", "--why", "不是湖州的")
    store.close()
    from textmine.recover import recover_store

    rep = recover_store(Path(home), force=True)
    assert rep.edits == 3                        # a removal, a move and another removal
    from textmine.store import Store

    with Store(home) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert s.conn.execute("SELECT COUNT(*) FROM removed_documents").fetchone()[0] >= 1
