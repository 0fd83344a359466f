import os
import sqlite3

import pytest

from textmine.errors import SchemaTooNewError, TextmineError, UnknownCityError
from textmine.ingest import ingest
from textmine.store import Store, migrations


def _snapshot(store):
    docs = [tuple(r) for r in store.conn.execute("SELECT * FROM documents ORDER BY id")]
    raws = sorted(p.relative_to(store.home).as_posix() for p in (store.home / "raw").rglob("*") if p.is_file())
    return docs, raws


def test_migrations_run_and_are_recorded(store):
    assert store.schema_version == len(migrations())
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "failures", "runs"} <= tables


def test_newer_schema_is_refused(home):
    Store(home).close()
    con = sqlite3.connect(home / "textmine.sqlite3")
    con.execute("PRAGMA user_version = 999")
    con.close()
    with pytest.raises(SchemaTooNewError, match="newer textmine"):
        Store(home)


def test_unwritable_home_is_clear_error(tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(TextmineError, match="cannot be created"):
            Store(blocker / "home")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with pytest.raises(TextmineError):
            Store(ro / "home")


def test_ingest_records_and_deduplicates(store, tmp_path):
    a = tmp_path / "plan.txt"
    a.write_text("生态产品价值实现", encoding="utf-8")
    b = tmp_path / "copy.txt"
    b.write_bytes(a.read_bytes())
    rep = ingest(store, [a], city="南平", kind="plan", year=2021, url="http://example.gov.cn/a")
    assert len(rep.added) == 1
    doc = store.documents()[0]
    assert doc["city_code"] == "350700" and doc["kind"] == "plan" and doc["year"] == 2021
    assert doc["format"] == "txt" and doc["size"] == a.stat().st_size and doc["url"] == "http://example.gov.cn/a"
    assert store.raw_path(doc["sha256"]).read_bytes() == a.read_bytes()
    rep2 = ingest(store, [b], city="南平市", kind="plan")
    assert rep2.added == [] and len(rep2.duplicates) == 1
    assert len(store.documents()) == 1
    # same content as another kind is a different record, but one raw file
    ingest(store, [b], city="350700", kind="policy")
    assert len(store.documents()) == 2
    assert len(list((store.home / "raw").rglob("*.*"))) == 0  # raw files have no suffix
    assert sum(1 for p in (store.home / "raw").rglob("*") if p.is_file()) == 1


def test_folder_walk_skips_unsupported(store, tmp_path):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.html").write_text("<html><body>生态</body></html>", encoding="utf-8")
    (d / "sub" / "b.txt").write_text("资源", encoding="utf-8")
    (d / "sub" / "c.xls").write_bytes(b"xx")
    (d / "empty.txt").write_bytes(b"")
    rep = ingest(store, [d], city="杭州", kind="news")
    assert sorted(p.name for _, p in rep.added) == ["a.html", "b.txt"]
    assert sorted(p.name for p, _ in rep.skipped) == ["c.xls", "empty.txt"]


def test_markdown_is_read_as_text(store, tmp_path, cli):
    """A regulation as legal databases publish it (# title, <!-- --> marks, ## chapters) is plain text."""
    from textmine.parse import parse_corpus

    (tmp_path / "docs").mkdir()
    md = tmp_path / "docs" / "丽水市饮用水水源保护条例.md"
    md.write_text("# 丽水市饮用水水源保护条例\n\n<!-- INFO END -->\n\n## 第一章总则\n\n"
                  "第十条市、县（区）人民政府应当建立健全饮用水水源保护生态补偿机制。\n", encoding="utf-8")
    rep = ingest(store, [tmp_path / "docs"], city="丽水", kind="policy")      # a folder walk takes it too
    doc_id = rep.added[0][0]
    assert [p.name for _, p in rep.added] == [md.name] and not rep.skipped
    assert store.conn.execute("SELECT format FROM documents WHERE id=?", (doc_id,)).fetchone()[0] == "txt"
    parse_corpus(store, workers=1)
    text = store.conn.execute("SELECT text FROM pages WHERE document_id=?", (doc_id,)).fetchone()[0]
    assert "第十条市、县（区）人民政府应当建立健全饮用水水源保护生态补偿机制。" in text
    r = cli("extract", md)
    assert r.exit_code == 0 and "生态补偿机制" in r.output


def test_bad_named_files_are_all_reported_and_nothing_written(store, tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("好", encoding="utf-8")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    doc = tmp_path / "sheet.xls"
    doc.write_bytes(b"\xd0\xcf")
    with pytest.raises(TextmineError) as exc:
        ingest(store, [good, empty, doc, tmp_path / "missing.pdf"], city="杭州", kind="plan")
    msg = str(exc.value)
    assert "empty" in msg and "unsupported file type '.xls'" in msg and "not found" in msg
    assert _snapshot(store) == ([], [])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(store, tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("x")
    f.chmod(0)
    with pytest.raises(TextmineError, match="not readable"):
        ingest(store, [f], city="杭州", kind="plan")


def test_unknown_city_and_kind(store, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x")
    with pytest.raises(UnknownCityError):
        ingest(store, [f], city="不存在市", kind="plan")
    with pytest.raises(TextmineError, match="unknown kind"):
        ingest(store, [f], city="杭州", kind="report")


def test_crash_mid_ingest_leaves_store_unchanged(store, tmp_path, monkeypatch):
    first = tmp_path / "first.txt"
    first.write_text("已有", encoding="utf-8")
    ingest(store, [first], city="杭州", kind="plan")
    before = _snapshot(store)
    files = []
    for i in range(3):
        f = tmp_path / f"n{i}.txt"
        f.write_text(f"新文件{i}", encoding="utf-8")
        files.append(f)
    calls = {"n": 0}
    real = Store.add_document

    def flaky(self, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return real(self, **kw)

    monkeypatch.setattr(Store, "add_document", flaky)
    with pytest.raises(OSError):
        ingest(store, files, city="杭州", kind="plan")
    assert _snapshot(store) == before
    assert not list((store.home / "raw").rglob(".tmp-*"))
    monkeypatch.setattr(Store, "add_document", real)
    assert len(ingest(store, files, city="杭州", kind="plan").added) == 3


def test_failures_are_listed_until_resolved(store):
    store.record_failure("parse", "no text layer", city_code="330100", source="x.pdf")
    assert len(store.open_failures()) == 1
    store.resolve_failures("parse", source="x.pdf")
    assert store.open_failures() == []


def test_cli_ingest_and_status(cli, home, tmp_path):
    f = tmp_path / "纲要.txt"
    f.write_text("生态产品价值实现机制", encoding="utf-8")
    out = cli("ingest", f, "--city", "阿坝州", "--kind", "plan", "--year", "2021")
    assert out.exit_code == 0, out.output
    assert "1 added" in out.output
    again = cli("ingest", f, "--city", "阿坝州", "--kind", "plan")
    assert "1 duplicate" in again.output
    st = cli("status", "--format", "csv")
    assert "阿坝藏族羌族自治州,513200,plan,1" in st.output
    bad = cli("ingest", f, "--city", "黔", "--kind", "plan")
    assert bad.exit_code == 3 and "ambiguous" in bad.output
    assert (home / "textmine.sqlite3").is_file()


def test_cli_home_option_overrides_env(cli, tmp_path):
    other = tmp_path / "other"
    out = cli("--home", other, "status")
    assert out.exit_code == 0
    assert (other / "textmine.sqlite3").is_file()
