"""The database's schema and health: the numbered migrations and SQLite's own checks of a database file."""
from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    out = []
    for entry in resources.files("textmine.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text("utf-8")))
    out.sort()
    versions = [v for v, _, _ in out]
    if versions != list(range(1, len(out) + 1)):
        raise RuntimeError(f"migration files are not numbered 1..N without gaps: {versions}")
    return out


def split_sql(script: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about triggers and strings)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    rest = "\n".join(l for l in buf.splitlines() if not l.strip().startswith("--")).strip()
    if rest:
        statements.append(rest)
    return statements


def database_is_sound(db: Path) -> str | None:
    """None when the database opens and passes SQLite's integrity check; else what is wrong."""
    try:
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result == "ok" else result


def is_corruption(exc: BaseException) -> bool:
    """A damaged or foreign database file (not a passing condition such as a lock or a full disk)."""
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("not a database" in msg or "malformed" in msg)
