"""Parse records (parser, version, status, warnings, title and date read) and the pages a parse writes."""
from __future__ import annotations

import sqlite3

from .filters import where


def parse_candidates(conn: sqlite3.Connection, *, city_code: str | None = None, kind: str | None = None,
                     document_ids: list[int] | None = None) -> list[sqlite3.Row]:
    """Documents (of a city, a kind, or `document_ids`) with their format, hash, source and last parse."""
    clause, args = where(("d.city_code", city_code), ("d.kind", kind), ("d.id", document_ids))
    return conn.execute("SELECT d.id, d.format, d.sha256, d.city_code, d.source, p.parser_version, p.status, p.parser, "
                        "p.warnings "
                        f"FROM documents d LEFT JOIN parses p ON p.document_id = d.id{clause} ORDER BY d.id",
                        args).fetchall()


def unparsed_ids(conn: sqlite3.Connection, kind: str) -> list[int]:
    """Documents of `kind` never parsed."""
    return [r[0] for r in conn.execute("SELECT d.id FROM documents d LEFT JOIN parses p ON p.document_id = d.id "
                                       "WHERE d.kind = ? AND p.document_id IS NULL", (kind,))]


def replace_pages(conn: sqlite3.Connection, document_id: int, pages: list[tuple]) -> None:
    """The document's pages become `pages` (page, text, char_start, role, part)."""
    conn.execute("DELETE FROM pages WHERE document_id = ?", (document_id,))
    conn.executemany("INSERT INTO pages (document_id, page, text, char_start, role, part) VALUES (?,?,?,?,?,?)",
                     [(document_id, *p) for p in pages])


def record_parse(conn: sqlite3.Connection, document_id: int, parser: str, parser_version: str, status: str,
                 warnings: str, pages: int, chars: int, parsed_at: str, title, date) -> None:
    conn.execute("INSERT OR REPLACE INTO parses (document_id, parser, parser_version, status, warnings, pages,"
                 " chars, parsed_at, title, date) VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (document_id, parser, parser_version, status, warnings, pages, chars, parsed_at, title, date))


def record_failed_parse(conn: sqlite3.Connection, document_id: int, parser: str, parser_version: str, warnings: str,
                        parsed_at: str) -> None:
    conn.execute("INSERT OR REPLACE INTO parses (document_id, parser, parser_version, status, warnings, pages,"
                 " chars, parsed_at) VALUES (?,?,?,'failed',?,0,0,?)",
                 (document_id, parser, parser_version, warnings, parsed_at))


def part_files(conn: sqlite3.Connection, document_id: int) -> list[sqlite3.Row]:
    """(sha256, format) of each part of a document, in reading order."""
    return conn.execute("SELECT sha256, format FROM document_parts WHERE document_id=? ORDER BY part",
                        (document_id,)).fetchall()


def parsed_versions(conn: sqlite3.Connection, kind: str) -> list[tuple]:
    """(id, parser_version, chars) of each document of `kind` parsed without failure, by id."""
    return [tuple(r) for r in conn.execute(
        "SELECT d.id, p.parser_version, p.chars FROM documents d JOIN parses p ON p.document_id = d.id "
        "WHERE d.kind=? AND p.status != 'failed' ORDER BY d.id", (kind,))]
