"""`explain CITY`: the path from raw values to the composite, with each leaf's contribution.

A leaf's contribution to the composite is its normalised value times its effective weight in
the composite: the product of the local weights on its path, each divided by the sum of the
weights of the siblings the city has a value for (that sum is 1 unless something is missing).
The contributions of all leaves add up to the composite score.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import TextmineError
from ..i18n import language
from ..stored_messages import shown_message
from ..names import city_label
from ..registry import resolve_city
from .model import COMPOSITE, load_model
from .provenance import KINDS, describe
from .results import IndexResult
from ..nametable import resolve


def evidence_fields(row: dict | None) -> dict:
    """What `explain` shows of the accepted evidence behind a yes/no cell (score --evidence)."""
    if row is None:
        return {}
    page, doc = (None if pd.isna(row[k]) else int(row[k]) for k in ("page", "document_id"))
    where = "" if page is None else "title" if page == 0 else f"p. {page}"
    source = " · ".join(str(x) for x in (row["title"], row["date"], where, row["url"],
                                         None if doc is None else f"document #{doc}") if x and not pd.isna(x))
    return {"evidence_status": row["status"], "evidence_value": row["value"], "evidence_sentence": row["sentence"],
            "evidence_source": source, "evidence_review": f"{row['review']} row {row['review_row']}"}


def facts_fields(row: dict | None) -> dict:
    """What `explain` shows of the accepted document value behind a yearbook cell (score --facts)."""
    if row is None:
        return {}
    page, doc = (None if pd.isna(row[k]) else int(row[k]) for k in ("page", "document_id"))
    source = " · ".join(str(x) for x in (row["title"], None if page is None else f"p. {page}", row["url"],
                                         None if doc is None else f"document #{doc}") if x and not pd.isna(x))
    return {"document_status": row["status"], "document_value": row["value"], "document_unit": row["unit"],
            "document_year": int(row["year"]), "document_stated": row["stated"], "document_evidence": row["evidence"],
            "document_source": source, "document_review": f"{row['review']} row {row['review_row']}"}


def explain_city(result: IndexResult, city: str, node: str | None = None) -> tuple[dict, list[dict]]:
    """(summary, rows in tree order) for one city of a stored run; `node`: only the rows of this domain, node or
    leaf and what is under it (a code, or a Chinese name or short form: 政府管理, 规划引领, 耕地总面积)."""
    c = resolve_city(city)
    if c.code not in result.node_scores.index:
        raise TextmineError(f"{city_label(c)} is not in score run {result.run_id}")
    model = load_model(allow_inconsistent=True)
    weights = {p: dict(k) for p, k in result.params.get("weights", model.weights).items()}
    nodes = model.nodes
    leaves = result.leaves[result.leaves["city_code"] == c.code].set_index("leaf")
    ev = result.evidence
    evidence = {r["leaf"]: r for r in ev[ev["city_code"] == c.code].to_dict("records")} if len(ev) else {}
    fa = result.facts
    documents = {r["leaf"]: r for r in fa[fa["city_code"] == c.code].to_dict("records")} if len(fa) else {}
    node_score = result.node_scores.loc[c.code]
    node_rank = result.node_ranks.loc[c.code]

    def value(code):
        return leaves.at[code, "normalised"] if code in leaves.index else node_score.get(code, np.nan)

    def eff(parent, child):
        present = sum(w for k, w in weights[parent].items() if not pd.isna(value(k)))
        return weights[parent][child] / present if present and not pd.isna(value(child)) else 0.0

    rows: list[dict] = []

    def visit(code: str, depth: int, w_global: float) -> None:
        if code in leaves.index:
            leaf, meta = leaves.loc[code], model.leaves.loc[code]
            contribution = 0.0 if pd.isna(leaf["normalised"]) else leaf["normalised"] * w_global
            rows.append({"level": depth, "code": code, "name": meta["name_zh"], "unit": meta["unit"],
                         "direction": meta["direction"], "raw": leaf["raw"], "winsorised": leaf["winsorised"],
                         "normalised": leaf["normalised"], "weight": w_global, "contribution": contribution,
                         "origin": leaf["origin"], "score": None, "rank": None,
                         "source": cell_source(leaf, result.params.get("text_sources"), meta.get("text_key"), c.code),
                         "source_id": leaf.get("source") or "", "detail": leaf.get("detail") or "",
                         **evidence_fields(evidence.get(code)), **facts_fields(documents.get(code))})
            return
        rank = node_rank.get(code)
        rows.append({"level": depth, "code": code, "name": nodes.at[code, "name_zh"], "score": node_score[code],
                     "rank": None if pd.isna(rank) else int(rank), "weight": w_global, "contribution": None})
        start = len(rows)
        for child in weights.get(code, {}):
            visit(child, depth + 1, w_global * eff(code, child))
        rows[start - 1]["contribution"] = sum(r["contribution"] or 0 for r in rows[start:]
                                              if r["code"] in leaves.index)

    visit(COMPOSITE, 0, 1.0)
    ts = result.params.get("text_sources") or {}
    kinds = leaves["origin"].value_counts()
    summary = {"city": c.name, "code": c.code, "province": c.province, "run_id": result.run_id,
               "cells": {k: int(kinds.get(k, 0)) for k in KINDS if kinds.get(k, 0)}
               | {k: int(n) for k, n in kinds.items() if k not in KINDS},
               "period": ts.get("period"), "plan_document": (ts.get("documents") or {}).get(c.code),
               "news": ts.get("news"),
               "composite": float(node_score[COMPOSITE]), "rank": node_rank[COMPOSITE],
               "sum_of_contributions": float(sum(r["contribution"] for r in rows if r["code"] in leaves.index)),
               "banner": result.shown_banner}
    if node is not None:
        rows = subtree(rows, node)
        summary["node"] = rows[0]["code"]
    return summary, rows


def subtree(rows: list[dict], node: str) -> list[dict]:
    """The rows of `node` (textmine.nametable: code, Chinese name or short form) and of what is under it."""
    code = resolve("node", node, choices=[r["code"] for r in rows])
    start = next(i for i, r in enumerate(rows) if r["code"] == code)
    end = next((i for i in range(start + 1, len(rows)) if rows[i]["level"] <= rows[start]["level"]), len(rows))
    return rows[start:end]


def cell_source(leaf, sources: dict | None, text_key, city_code: str) -> str:
    """Where the leaf value came from, in words (textmine.scoring.provenance). Runs stored before provenance
    was recorded have no source/detail: for them the text-mined leaves are described from the run's
    text_sources, as before."""
    if leaf.get("source") or leaf.get("detail"):      # kept in English with the run, shown in the user's language
        return describe(leaf["origin"], leaf.get("source") or "", shown_message(leaf.get("detail") or ""),
                        lang=language())
    if not sources or not isinstance(text_key, str) or not text_key or leaf["origin"] not in ("text", "override"):
        return describe(leaf["origin"], "", "") if leaf["origin"] != "workbook" else ""
    prefix = "workbook overrides the corpus: " if leaf["origin"] == "override" else ""
    if text_key.startswith("plan."):
        doc = (sources.get("documents") or {}).get(city_code)
        if not doc:
            return f"{prefix}no {sources.get('period')} outline in the corpus"
        draft = " — a DRAFT (no final outline)" if doc.get("draft") else ""
        review = (sources.get("unreviewed") or {}).get(city_code)
        review = f" — the choice NEEDS REVIEW when scored ({review}; `textmine documents review`)" if review else ""
        return f"{prefix}{sources.get('period')} outline #{doc['id']} {doc.get('title') or ''}{draft}{review}"
    if text_key == "news.count" and sources.get("news"):
        n = sources["news"]
        return f"{prefix}news {n.get('since') or '…'} – {n.get('until') or '…'}, lexicon {n.get('lexicon')}"
    return ""
