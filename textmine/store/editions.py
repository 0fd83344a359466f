"""Editions of documents (period, plan type, document type, owner and what decided them), their text
fingerprints, and the plan documents a period's outline is chosen from."""
from __future__ import annotations

import sqlite3

from .filters import marks, where


# -- classifying -----------------------------------------------------------------
def classification_inputs(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every document with what its edition is read from (title, given period and type, last parse) and when
    its edition and fingerprint were last worked out."""
    return conn.execute(
        "SELECT d.id, d.city_code, d.kind, d.title, d.source, d.year, d.period, d.plan_type, d.period_source,"
        " d.type_source, d.edition_key, d.title_source, p.parsed_at, p.status, p.parser_version,"
        " p.title AS parsed_title, f.parsed_at AS fp_at"
        " FROM documents d LEFT JOIN parses p ON p.document_id = d.id"
        " LEFT JOIN fingerprints f ON f.document_id = d.id").fetchall()


def head_pages(conn: sqlite3.Connection, document_id: int) -> sqlite3.Cursor:
    """The texts of a document's first three pages."""
    return conn.execute("SELECT text FROM pages WHERE document_id=? ORDER BY page LIMIT 3", (document_id,))


def set_heading_title(conn: sqlite3.Connection, document_id: int, title: str) -> None:
    conn.execute("UPDATE documents SET title=?, title_source='heading' WHERE id=?", (title, document_id))


def set_classification(conn: sqlite3.Connection, document_id: int, *, period, plan_type, period_source, type_source,
                       note, key, doc_type, owner, owner_name, confidence, doubts) -> None:
    """The edition worked out for a document, with the key of the rules, places and parse it was worked out from."""
    conn.execute("UPDATE documents SET period=?, plan_type=?, period_source=?, type_source=?, edition_note=?,"
                 " edition_key=?, doc_type=?, owner=?, owner_name=?, confidence=?, edition_doubts=? WHERE id=?",
                 (period, plan_type, period_source, type_source, note, key, doc_type, owner, owner_name, confidence,
                  doubts, document_id))


def set_given_period(conn: sqlite3.Connection, document_id: int, period: str) -> None:
    conn.execute("UPDATE documents SET period=?, period_source='given', edition_key=NULL WHERE id=?",
                 (period, document_id))


def set_given_plan_type(conn: sqlite3.Connection, document_id: int, plan_type: str) -> None:
    conn.execute("UPDATE documents SET plan_type=?, type_source='given', edition_key=NULL WHERE id=?",
                 (plan_type, document_id))


def existing_ids(conn: sqlite3.Connection, ids: list[int]) -> set[int]:
    return {r[0] for r in conn.execute(f"SELECT id FROM documents WHERE id IN ({marks(ids)})", ids)}


# -- fingerprints ------------------------------------------------------------------
def save_fingerprint(conn: sqlite3.Connection, document_id: int, parsed_at, body_chars: int, shingles: int,
                     sketch: bytes) -> None:
    conn.execute("INSERT OR REPLACE INTO fingerprints (document_id, parsed_at, body_chars, shingles, sketch)"
                 " VALUES (?,?,?,?,?)", (document_id, parsed_at, body_chars, shingles, sketch))


def fingerprints(conn: sqlite3.Connection, ids: list[int]) -> sqlite3.Cursor:
    """(document_id, shingles, sketch, body_chars) of the fingerprinted documents among `ids`."""
    return conn.execute(f"SELECT document_id, shingles, sketch, body_chars FROM fingerprints WHERE document_id IN "
                        f"({marks(ids)})", ids)


def document_labels(conn: sqlite3.Connection, ids: list[int] | None = None) -> dict[int, sqlite3.Row]:
    """id → (id, city_code, kind, title, source) of the documents of `ids` (all when None)."""
    if ids is None:
        return {r["id"]: r for r in conn.execute("SELECT id, city_code, kind, title, source FROM documents")}
    return {r["id"]: r for r in conn.execute(
        f"SELECT id, city_code, kind, title, source FROM documents WHERE id IN ({marks(ids)})", ids)} if ids else {}


# -- choosing a period's outline -------------------------------------------------------
_CANDIDATE = ("SELECT d.id, d.city_code, d.period, d.plan_type, d.title, d.format, d.source, d.sha256, d.doc_type,"
              " d.owner, d.owner_name, d.confidence, d.edition_doubts, p.status, p.warnings, p.pages, f.body_chars "
              "FROM documents d LEFT JOIN parses p ON p.document_id = d.id "
              "LEFT JOIN fingerprints f ON f.document_id = d.id AND f.parsed_at = p.parsed_at ")


def period_candidates(conn: sqlite3.Connection, period: str) -> list[sqlite3.Row]:
    """The plan documents of `period`, and those of no period that are outlines or drafts, with their parse and
    body size, by city and id."""
    return conn.execute(
        _CANDIDATE + "WHERE d.kind = 'plan' AND (d.period = ? OR (d.period IS NULL AND d.plan_type IN ('outline', "
        "'draft'))) ORDER BY d.city_code, d.id", (period,)).fetchall()


def plans_by_hash(conn: sqlite3.Connection, hashes: list[str]) -> list[sqlite3.Row]:
    """The plan documents of these SHA-256s (chosen in review), as `period_candidates` gives them."""
    return conn.execute(_CANDIDATE + f"WHERE d.kind = 'plan' AND d.sha256 IN ({marks(hashes)})", hashes).fetchall()


def plan_periods(conn: sqlite3.Connection) -> list[str]:
    """The periods plan documents are of."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT period FROM documents WHERE kind='plan' AND period IS NOT NULL")]


def listing(conn: sqlite3.Connection, *, city_code: str | None = None, kind: str | None = None,
            period: str | None = None) -> list[sqlite3.Row]:
    """Documents (of a city, kind, period) with their parse status and body size, by city, period and id."""
    clause, args = where(("d.city_code", city_code), ("d.kind", kind), ("d.period", period))
    return conn.execute("SELECT d.*, p.status AS parse_status, f.body_chars FROM documents d "
                        "LEFT JOIN parses p ON p.document_id = d.id LEFT JOIN fingerprints f ON f.document_id = d.id"
                        f"{clause} ORDER BY d.city_code, d.period, d.id", args).fetchall()
