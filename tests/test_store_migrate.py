"""A store written by the released textmine (schema 6) opens and migrates with its data intact."""
import gzip
import shutil
from pathlib import Path

import pytest

from textmine.store import Store, migrations

RELEASE_DB = Path(__file__).parent / "data" / "store" / "release-0.1.0.sqlite3.gz"
SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "sample" / "docs"


@pytest.fixture
def release_home(tmp_path) -> Path:
    home = tmp_path / "release-home"
    home.mkdir()
    with gzip.open(RELEASE_DB) as src, open(home / "textmine.sqlite3", "wb") as dst:
        shutil.copyfileobj(src, dst)
    return home


def test_release_store_migrates_keeping_rows_and_cascades(release_home):
    import sqlite3

    con = sqlite3.connect(release_home / "textmine.sqlite3")
    assert con.execute("PRAGMA user_version").fetchone()[0] == 6
    before = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "pages", "hits")}
    con.close()
    with Store(release_home) as store:
        assert store.schema_version == len(migrations())
        after = {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
        assert after == before and before["hits"] > 0
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # the rebuilt documents table still cascades to pages and hits
        with store.transaction():
            store.conn.execute("DELETE FROM documents WHERE id = 2")
        left = store.conn.execute("SELECT COUNT(*) FROM pages WHERE document_id = 2").fetchone()[0]
        assert left == 0
        assert store.conn.execute("SELECT COUNT(*) FROM hits WHERE document_id = 2").fetchone()[0] == 0


def test_widened_checks_accept_new_formats_and_origins(store):
    with store.transaction():
        store.add_document(city_code="330500", kind="plan", source="x.ofd", format="ofd", sha256="a" * 64, size=1)
        store.conn.execute("INSERT INTO crawl_jobs (kind, key, started_at) VALUES ('policy', 'k', 'now')")
    with pytest.raises(Exception, match="unknown document format 'xyz'; one of pdf, docx, ofd"):
        store.add_document(city_code="330500", kind="plan", source="x.xyz", format="xyz", sha256="b" * 64, size=1)


def test_release_store_reports_the_detected_periods_and_counts(release_home, cli):
    from textmine.editions import document_listing
    from textmine.count import planning_indicators

    with Store(release_home) as store:
        rows = {r["id"]: r for r in document_listing(store)}
        assert (rows[1]["period"], rows[1]["plan_type"], rows[1]["status"]) == ("十四五", "outline", "counted")
        assert rows[1]["decided_by"].startswith("period: title")
        # 阿坝's title is its file name and its text does not name it: the parse of 0.1.0 kept no title
        assert (rows[2]["period"], rows[2]["status"]) == ("", "no period")
        assert "`textmine parse` reads it" in rows[2]["decided_by"]
        ind = planning_indicators(store, "token")
        assert ind.loc["330500", ["theme", "resource", "policy", "market"]].tolist() == [75, 141, 43, 120]
        assert ind.loc["330500", "period"] == "十四五" and ind.loc["330500", "document_id"] == 1
        # the raw files of this store are the sample's; parsing again (parser 1.2) reads the page <title>
        for doc in store.documents():
            src = SAMPLE / Path(doc["source"]).name
            store.raw_path(doc["sha256"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, store.raw_path(doc["sha256"]))
    out = cli("--home", release_home, "parse")
    assert out.exit_code == 0 and "2 parsed" in out.output
    with Store(release_home) as store:
        rows = {r["id"]: r for r in document_listing(store)}
        assert (rows[2]["period"], rows[2]["plan_type"], rows[2]["status"]) == ("十四五", "outline", "counted")
        assert planning_indicators(store, "token").loc["513200", "theme"] == 32     # matches reused, not recounted
    out = cli("--home", release_home, "status").output
    assert "十四五" in out and "plan outlines counted per period" in out
