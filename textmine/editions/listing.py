"""Every document with its edition and, for plans, whether it is the one counted (`textmine documents`)."""
from __future__ import annotations

from ..i18n import _
from ..nametable import shown
from ..registry import load_registry, resolve_city
from ..store import Store
from ..store import editions as store_editions
from .corpus import refresh_editions
from ..edition_rules import load_rules
from .select import select_outlines

COLUMNS = ["id", "city", "code", "kind", "format", "period", "doc_type", "plan_type", "owner", "confidence", "status",
           "review", "counted_id", "containment", "body_chars", "title", "decided_by", "doubts", "reason", "title_from"]


def document_listing(store: Store, *, city: str | None = None, kind: str | None = None,
                     period: str | None = None) -> list[dict]:
    """One row per document: its period, document type (文种), plan type and owner with what decided them and how
    sure that is, and for plan documents of a period the counting decision (counted, copy, conflict, superseded
    draft, not an outline, not the city's, not chosen in review, not parsed) and the city's review status."""
    rules = load_rules()
    period = rules.check_period(period)
    refresh_editions(store, rules)
    rows = store_editions.listing(store.conn, city_code=resolve_city(city).code if city else None, kind=kind,
                                  period=period)
    periods = sorted({r["period"] for r in rows if r["kind"] == "plan" and r["period"]})
    selections = [select_outlines(store, p, rules) for p in periods]
    decisions = {d.document_id: d for sel in selections for d in sel.decisions}
    review = {(c.city_code, sel.period): c.review for sel in selections for c in sel.cities.values()}
    reg = load_registry()
    out = []
    for r in rows:
        d = decisions.get(r["id"])
        if r["kind"] != "plan":
            status, reason = "", _("{kind} document: not counted in the planning indicators").format(
                kind=shown("kind", r["kind"]))
        elif d is None:
            status, reason = "no period", _("no plan period detected: never counted; set it with `textmine documents "
                                            "set`")
        else:
            status, reason = d.status, d.reason
        owner = r["owner"] or ""
        out.append({"id": r["id"], "city": reg.by_code(r["city_code"]).name, "code": r["city_code"], "kind": r["kind"],
                    "format": r["format"], "period": r["period"] or "", "doc_type": r["doc_type"] or "",
                    "plan_type": r["plan_type"] or "",
                    "owner": owner + (f" {r['owner_name']}" if r["owner_name"] and owner != "unknown" else ""),
                    "confidence": r["confidence"] or "", "status": status,
                    "review": review.get((r["city_code"], r["period"]), "") if r["kind"] == "plan" else "",
                    "counted_id": d.counted_id if d else None,
                    "containment": d.containment if d else None, "body_chars": r["body_chars"],
                    "title": r["title"] or "", "decided_by": _decided(r), "doubts": r["edition_doubts"] or "",
                    "reason": reason, "title_from": _title_from(r)})
    return out


def _title_from(r) -> str:
    """Where the title comes from: given (by hand or the crawl), heading (read from the document), file (the file
    name: the heading was not read, or the document is not parsed yet)."""
    return {"given": "given", "heading": "the document's heading", "file": "the file name"}.get(
        r["title_source"] if "title_source" in r.keys() else None, "")


def _decided(r) -> str:
    parts = [f"period: {r['period_source'] or 'none'}", f"type: {r['type_source'] or 'none'}"]
    return "; ".join(parts) + (f" ({r['edition_note']})" if r["edition_note"] else "")
