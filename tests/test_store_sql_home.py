"""All SQL lives in textmine/store/ (issue 26, item 2): no module outside it runs a statement.

A module outside textmine/store/ that calls execute(/executemany(/executescript( or pandas' read_sql fails this
test: add a named query function to the store module of that table family instead (docs/store.md).
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from textmine.store import Raw, where

PACKAGE = Path(__file__).resolve().parents[1] / "textmine"
CALL = re.compile(r"\.execute(many|script)?\(|read_sql")


def test_no_module_outside_store_runs_sql():
    outside = sorted(p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*.py")
                     if "store" not in p.relative_to(PACKAGE).parts[:1] and CALL.search(p.read_text("utf-8")))
    assert not outside, f"these modules run SQL outside textmine/store/; move it into a store module: {outside}"


def test_the_guard_sees_a_call():
    assert CALL.search("rows = store.conn.execute('SELECT 1')") and CALL.search("conn.executemany(sql, rows)")


def test_where_leaves_out_what_is_not_given_and_filters_the_rest():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (city TEXT, kind TEXT, id INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?,?,?)", [("a", "plan", 1), ("a", "news", 2), ("b", "plan", 3)])

    def ids(*conds):
        clause, args = where(*conds)
        return [r[0] for r in conn.execute(f"SELECT id FROM t{clause} ORDER BY id", args)]

    assert where() == ("", [])
    assert ids(("city", None), ("kind", "")) == [1, 2, 3]          # nothing given: no filter
    assert ids(("city", "a"), ("kind", None)) == [1, 2]
    assert ids(("city", "a"), ("kind", "plan")) == [1]
    assert ids(("id", [1, 3]), ("kind", "plan")) == [1, 3]          # a list is IN (…)
    assert ids(("id", [])) == [1, 2, 3]                             # an empty list is no filter, not "none"


def test_where_keeps_a_written_condition_and_skips_one_not_wanted():
    assert where(Raw("(term=? OR surface=?)", ("x", "x")), None, ("category", "theme")) == (
        " WHERE (term=? OR surface=?) AND category = ?", ["x", "x", "theme"])
