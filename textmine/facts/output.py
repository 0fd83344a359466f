"""Rows of a facts report: one per proposal (city, leaf, data year) and one per figure read (accepted or refused),
for the terminal table, CSV, JSON and the review sheet."""
from __future__ import annotations

import json
from decimal import Decimal

from .model import REASONS, Candidate
from .propose import FactProposal, FactReport, stated

PROPOSAL_COLUMNS = ["city", "code", "leaf", "name", "year", "value", "unit", "stated", "note", "conflicts", "kind",
                    "document_id", "title", "page", "where", "sentence", "url", "sources", "rules_version"]
TABLE_COLUMNS = ["city", "leaf", "year", "value", "unit", "stated", "source"]
FIGURE_COLUMNS = ["city", "code", "figure", "name", "status", "reason", "why", "year", "stated", "value", "unit",
                  "stage", "scope", "decided_by", "phrase", "note", "where", "sentence", "kind", "document_id",
                  "title", "page", "url", "data_year", "data_year_from"]
FIGURE_TABLE_COLUMNS = ["city", "figure", "status", "reason", "year", "stated", "where"]
EXCERPT = 60


def number(d: Decimal | None):
    """A Decimal as the plainest JSON number (int when whole)."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def where(c: Candidate) -> str:
    """Where in its document a figure is printed: the page, and the table (its cell is in ``c.text``)."""
    if c.source == "table":
        return c.found.get("table", f"p.{c.page} table")
    return f"p.{c.page}" if c.page else "text"


def source_of(c: Candidate) -> dict:
    return {"document_id": c.document.id, "kind": c.document.kind, "title": c.document.title, "page": c.page,
            "where": where(c), "stated": stated(c), "sentence": c.text, "url": c.document.url or c.document.source}


def proposal_row(p: FactProposal, rules_version: str) -> dict:
    c = p.main
    return {"city": p.city.name, "code": p.city.code, "leaf": p.leaf, "name": p.name, "year": p.year,
            "value": number(p.value), "unit": p.unit, "stated": p.formula, "note": p.note,
            "conflicts": " | ".join(p.conflicts), "kind": c.document.kind, "document_id": c.document.id,
            "title": c.document.title, "page": c.page, "where": where(c), "sentence": c.text,
            "url": c.document.url or c.document.source,
            "sources": json.dumps([source_of(x) for x in p.inputs], ensure_ascii=False),
            "rules_version": rules_version}


def table_row(p: FactProposal) -> dict:
    c = p.main
    text = c.text if len(c.text) <= EXCERPT else c.text[:EXCERPT] + "…"
    flag = " ⚠" if p.conflicts else ""
    return {"city": p.city.name, "leaf": p.leaf, "year": p.year, "value": number(p.value), "unit": p.unit,
            "stated": p.formula + flag, "source": f"#{c.document.id} {where(c)}「{text}」"}


def figure_row(city, c: Candidate) -> dict:
    return {"city": city.name, "code": city.code, "figure": c.figure, "name": c.phrase, "status":
            "accepted" if c.accepted else "refused", "reason": c.reason, "why": REASONS[c.reason], "year": c.year,
            "stated": c.stated, "value": number(c.value), "unit": c.unit, "stage": c.stage, "scope": c.scope,
            "decided_by": ", ".join(f"{k}: {v}" for k, v in c.found.items()), "phrase": c.phrase, "note": c.note,
            "where": where(c), "sentence": c.text, "kind": c.document.kind, "document_id": c.document.id,
            "title": c.document.title, "page": c.page, "url": c.document.url or c.document.source,
            "data_year": c.document.year, "data_year_from": c.document.year_from}


def proposal_rows(report: FactReport) -> list[dict]:
    return [proposal_row(p, report.rules_version) for p in report.proposals]


def figure_rows(report: FactReport) -> list[dict]:
    return [figure_row(city, c) for city, c in report.candidates]


def summary_line(report: FactReport) -> str:
    s = report.summary()
    return (f"facts rules {s['rules']}: {s['proposals']} proposal(s) for {s['cities']} city(ies) from "
            f"{s['documents']} document(s); {s['figures']} figure(s) read, {s['accepted']} accepted, "
            f"{s['refused']} refused" + (f"; {s['unread']} document(s) not read" if s["unread"] else ""))
