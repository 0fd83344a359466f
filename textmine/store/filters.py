"""The one filter builder: optional conditions joined by AND (what four `WHERE 1=1` builders did before)."""
from __future__ import annotations


def where(*conditions: tuple[str, object]) -> tuple[str, list]:
    """`(" WHERE a = ? AND b IN (?,?)", [args])` for each `(column, value)` whose value is given.

    A value of None, "" or an empty collection leaves its condition out (no filter); a list, tuple or set
    becomes `IN (…)`; anything else `= ?`. With no condition left the clause is empty."""
    parts: list[str] = []
    args: list = []
    for column, value in conditions:
        if value is None or value == "" or (isinstance(value, (list, tuple, set, frozenset)) and not value):
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            values = list(value)
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            args.extend(values)
        else:
            parts.append(f"{column} = ?")
            args.append(value)
    return (" WHERE " + " AND ".join(parts) if parts else ""), args
