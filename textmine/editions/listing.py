"""Every document with its edition and, for plans, whether it is the one counted (`textmine documents`)."""
from __future__ import annotations

from ..registry import load_registry, resolve_city
from ..store import Store
from .corpus import refresh_editions
from .rules import load_rules
from .select import select_outlines

COLUMNS = ["id", "city", "code", "kind", "format", "period", "plan_type", "status", "counted_id", "containment",
           "body_chars", "title", "decided_by", "reason"]


def document_listing(store: Store, *, city: str | None = None, kind: str | None = None,
                     period: str | None = None) -> list[dict]:
    """One row per document: its period and plan type with what decided them, and for plan documents of a
    period the counting decision (counted, copy, conflict, superseded draft, not an outline, not parsed)."""
    rules = load_rules()
    period = rules.check_period(period)
    refresh_editions(store, rules)
    sql, args = ("SELECT d.*, p.status AS parse_status, f.body_chars FROM documents d "
                 "LEFT JOIN parses p ON p.document_id = d.id LEFT JOIN fingerprints f ON f.document_id = d.id "
                 "WHERE 1=1", [])
    if city:
        sql += " AND d.city_code = ?"
        args.append(resolve_city(city).code)
    if kind:
        sql += " AND d.kind = ?"
        args.append(kind)
    if period:
        sql += " AND d.period = ?"
        args.append(period)
    rows = store.conn.execute(sql + " ORDER BY d.city_code, d.period, d.id", args).fetchall()
    periods = sorted({r["period"] for r in rows if r["kind"] == "plan" and r["period"]})
    decisions = {d.document_id: d for p in periods for d in select_outlines(store, p, rules).decisions}
    reg = load_registry()
    out = []
    for r in rows:
        d = decisions.get(r["id"])
        if r["kind"] != "plan":
            status, reason = "", f"{r['kind']} document: not counted in the planning indicators"
        elif d is None:
            status, reason = "no period", "no plan period detected: never counted; set it with `textmine documents set`"
        else:
            status, reason = d.status, d.reason
        out.append({"id": r["id"], "city": reg.by_code(r["city_code"]).name, "code": r["city_code"], "kind": r["kind"],
                    "format": r["format"], "period": r["period"] or "", "plan_type": r["plan_type"] or "",
                    "status": status, "counted_id": d.counted_id if d else None,
                    "containment": d.containment if d else None, "body_chars": r["body_chars"],
                    "title": r["title"] or "", "decided_by": _decided(r), "reason": reason})
    return out


def _decided(r) -> str:
    parts = [f"period: {r['period_source'] or 'none'}", f"type: {r['type_source'] or 'none'}"]
    return "; ".join(parts) + (f" ({r['edition_note']})" if r["edition_note"] else "")
