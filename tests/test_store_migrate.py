"""A store written by the released textmine (schema 6) opens and migrates with its data intact."""
import gzip
import shutil
from pathlib import Path

import pytest

from textmine.store import Store, migrations

RELEASE_DB = Path(__file__).parent / "data" / "store" / "release-0.1.0.sqlite3.gz"


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
    with pytest.raises(Exception, match="CHECK"):
        store.add_document(city_code="330500", kind="plan", source="x.xyz", format="xyz", sha256="b" * 64, size=1)
