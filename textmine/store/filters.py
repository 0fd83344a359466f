"""The one filter builder: optional conditions joined by AND (what four `WHERE 1=1` builders did before)."""
from __future__ import annotations

from typing import NamedTuple


class Raw(NamedTuple):
    """A condition written out, with its parameters: `Raw("(term=? OR surface=?)", (t, t))`."""
    sql: str
    args: tuple = ()


def marks(values) -> str:
    """"?,?,?": one parameter mark per value (for `IN (…)`)."""
    return ",".join("?" * len(values))


def insert_run_rows(conn, table: str, run_id: int, columns: tuple[str, ...], rows) -> None:
    """Rows (values of `columns`) belonging to a score run into `table`, with its run_id first, inside the run's
    transaction (the evidence and the facts behind a run's cells)."""
    cols = ("run_id",) + tuple(columns)
    conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks(cols)})", [(run_id, *r) for r in rows])


def where(*conditions: tuple[str, object] | Raw | None) -> tuple[str, list]:
    """`(" WHERE a = ? AND b IN (?,?)", [args])` for each condition given.

    A `(column, value)` condition is left out when its value is None, "" or an empty collection (no filter,
    as the builders it replaces did); a list, tuple or set becomes `IN (…)`; anything else `= ?`. A `Raw`
    condition is kept as written; None stands for a condition not wanted. With nothing left the clause is empty."""
    parts: list[str] = []
    args: list = []
    for cond in conditions:
        if cond is None:
            continue
        if isinstance(cond, Raw):
            parts.append(cond.sql)
            args.extend(cond.args)
            continue
        column, value = cond
        if value is None or value == "" or (isinstance(value, (list, tuple, set, frozenset)) and not value):
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            values = list(value)
            parts.append(f"{column} IN ({marks(values)})")
            args.extend(values)
        else:
            parts.append(f"{column} = ?")
            args.append(value)
    return (" WHERE " + " AND ".join(parts) if parts else ""), args
