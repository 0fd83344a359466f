"""All SQL lives in textmine/store/: no module outside it may call execute( (issue 26, item 2).

LEFT lists the modules whose SQL has not moved yet; it only shrinks. A module not on it that calls
execute(/executemany(/executescript( fails this test: add a named query function to a store/ module instead.
"""
from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "textmine"
CALL = re.compile(r"\.execute(many|script)?\(")

LEFT = {
}


def _callers() -> set[str]:
    out = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if not rel.startswith("textmine/store/") and CALL.search(path.read_text("utf-8")):
            out.add(rel)
    return out


def test_no_new_module_outside_store_runs_sql():
    new = sorted(_callers() - LEFT)
    assert not new, f"these modules call execute( outside textmine/store/; move their SQL into a store module: {new}"


def test_allow_list_only_shrinks():
    moved = sorted(LEFT - _callers())
    assert not moved, f"these modules no longer run SQL: remove them from LEFT in this test: {moved}"
