"""Term hits, the pages matched in each mode (match_pages) and the lexicon states they were matched with."""
from __future__ import annotations

import sqlite3

from .filters import Raw, marks, where
from .pages import counted_condition


# -- lexicon states ----------------------------------------------------------
def save_lexicon_state(conn: sqlite3.Connection, key: str, versions: str, surfaces: str, created_at: str) -> None:
    """Keep a lexicon state (JSON of versions and surfaces) under its key; an existing key is kept as is."""
    conn.execute("INSERT OR IGNORE INTO lexicon_states (key, versions, surfaces, created_at) VALUES (?,?,?,?)",
                 (key, versions, surfaces, created_at))


def lexicon_state(conn: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    return conn.execute("SELECT versions, surfaces FROM lexicon_states WHERE key=?", (key,)).fetchone()


def state_keys(conn: sqlite3.Connection, mode: str, document_ids=None) -> list[str]:
    """The lexicon states the pages matched in `mode` (of `document_ids`, or all) were matched with."""
    if document_ids is None:
        return [k for (k,) in conn.execute("SELECT DISTINCT state_key FROM match_pages WHERE mode=?", (mode,))]
    ids = list(document_ids)
    return [k for (k,) in conn.execute(
        f"SELECT DISTINCT state_key FROM match_pages WHERE mode=? AND document_id IN ({marks(ids)})", (mode, *ids))]


# -- writing a count ---------------------------------------------------------
def counted_chars(conn: sqlite3.Connection) -> int:
    """Characters parsed in plan and policy documents (what a count reads, for its progress bar)."""
    return conn.execute("SELECT SUM(ps.chars) FROM parses ps JOIN documents d ON d.id = ps.document_id "
                        "WHERE d.kind IN ('plan', 'policy')").fetchone()[0] or 0


def replace_matches(conn: sqlite3.Connection, deletes: list[tuple], hit_rows: list[tuple],
                    page_rows: list[tuple]) -> None:
    """Drop the hits of the (document_id, page, mode) in `deletes`, insert `hit_rows` and record `page_rows`
    (document_id, page, mode, text_sha, chars, state_key, segmenter, matched_at) as matched."""
    conn.executemany("DELETE FROM hits WHERE document_id=? AND page=? AND mode=?", deletes)
    conn.executemany("INSERT INTO hits (city_code, document_id, page, offset, length, surface, term, category,"
                     " lexicon_version, mode) VALUES (?,?,?,?,?,?,?,?,?,?)", hit_rows)
    conn.executemany("INSERT OR REPLACE INTO match_pages (document_id, page, mode, text_sha, chars, state_key,"
                     " segmenter, matched_at) VALUES (?,?,?,?,?,?,?,?)", page_rows)


def relabel_hits(conn: sqlite3.Connection, mapping: list[tuple], mode: str) -> None:
    """Set term, category and lexicon version of the hits of `mode` from `mapping` (surface, term, category,
    version), where they differ."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS cur_map (surface TEXT PRIMARY KEY, term TEXT, category TEXT,"
                 " version TEXT)")
    conn.execute("DELETE FROM cur_map")
    conn.executemany("INSERT INTO cur_map VALUES (?,?,?,?)", mapping)
    conn.execute(
        "UPDATE hits SET term = m.term, category = m.category, lexicon_version = m.version FROM cur_map m "
        "WHERE hits.surface = m.surface AND hits.mode = ? AND (hits.term <> m.term OR hits.category <> m.category"
        " OR hits.lexicon_version <> m.version)", (mode,))
    conn.execute("DELETE FROM cur_map")


def drop_stale(conn: sqlite3.Connection, mode: str, counted: int, kinds: tuple[str, ...]) -> int:
    """Forget the hits and matched pages of `mode` whose page is no longer a counted page of `kinds`; nothing
    to do when the matched pages are as many as the `counted` pages just counted. Returns the pages dropped."""
    if conn.execute("SELECT COUNT(*) FROM match_pages WHERE mode=?", (mode,)).fetchone()[0] == counted:
        return 0
    gone = f"NOT EXISTS (SELECT 1 FROM pages p JOIN documents d ON d.id = p.document_id WHERE " \
           f"{counted_condition(kinds)} AND p.document_id = {{t}}.document_id AND p.page = {{t}}.page)"
    conn.execute(f"DELETE FROM hits WHERE mode=? AND {gone.format(t='hits')}", (mode,))
    cur = conn.execute(f"DELETE FROM match_pages WHERE mode=? AND {gone.format(t='match_pages')}", (mode,))
    return cur.rowcount


# -- reading counts ----------------------------------------------------------
def has_hit_of(conn: sqlite3.Connection, term: str, category: str | None = None) -> bool:
    """Whether a stored hit has `term` as its term or surface (in `category`)."""
    clause, args = where(Raw("(term=? OR surface=?)", (term, term)), ("category", category))
    return conn.execute(f"SELECT 1 FROM hits{clause} LIMIT 1", args).fetchone() is not None


def matched_documents(conn: sqlite3.Connection, mode: str, documents) -> set[int]:
    """Which of `documents` have pages matched in `mode`."""
    docs = list(documents)
    return {r[0] for r in conn.execute(
        f"SELECT DISTINCT document_id FROM match_pages WHERE mode=? AND document_id IN "
        f"({marks(docs)})", (mode, *docs))} if docs else set()


def matched_page_count(conn: sqlite3.Connection, document_id: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM match_pages WHERE document_id=?", (document_id,)).fetchone()[0]


def matched_modes(conn: sqlite3.Connection, documents) -> set[str]:
    docs = list(documents)
    return {m for (m,) in conn.execute(f"SELECT DISTINCT mode FROM match_pages WHERE document_id IN ({marks(docs)})",
                                       docs)}


def term_mode_counts(conn: sqlite3.Connection, documents, category: str | None = None,
                     term: str | None = None) -> sqlite3.Cursor:
    """Per (category, term) of `documents`: hits in token and in substring mode (`term` matches a term or,
    in any case, a surface)."""
    docs = list(documents)
    clause, args = where(Raw(f"document_id IN ({marks(docs)})", tuple(docs)), ("category", category),
                         Raw("(term = ? OR lower(surface) = lower(?))", (term, term)) if term else None)
    return conn.execute("SELECT category, term, SUM(mode='token') AS token, SUM(mode='substring') AS substring "
                        f"FROM hits{clause} GROUP BY category, term", args)


def traced_hits(conn: sqlite3.Connection, documents, mode: str, category: str | None = None,
                term: str | None = None) -> list[sqlite3.Row]:
    """The hits of `documents` in `mode` with document title, period, plan type, year, page start and part; a
    page of a document made of parts (an outline in several attachments, a paginated article) is traced to its
    part's own source and URL. Ordered by document, page, offset."""
    clause, args = where(Raw(f"h.document_id IN ({','.join(str(int(d)) for d in documents)})"), ("h.mode", mode),
                         ("h.category", category),
                         # a variant in any case (EOD, eod)
                         Raw("(h.term = ? OR lower(h.surface) = lower(?))", (term, term)) if term else None)
    return conn.execute(
        "SELECT h.*, d.title, COALESCE(dp.source, d.source) AS source, COALESCE(dp.url, d.url) AS url, d.year,"
        " d.period, d.plan_type, p.char_start, p.part "
        "FROM hits h JOIN documents d ON d.id = h.document_id "
        "JOIN pages p ON p.document_id = h.document_id AND p.page = h.page "
        "LEFT JOIN document_parts dp ON dp.document_id = p.document_id AND dp.part = p.part"
        f"{clause} ORDER BY h.document_id, h.page, h.offset", args).fetchall()


def scope_hits(conn: sqlite3.Connection, documents, mode: str, category: str | None = None) -> list[sqlite3.Row]:
    """The hits of `documents` in `mode` (of `category`) with document hash, title, kind and period, in order."""
    clause, args = where(("h.mode", mode), Raw(f"h.document_id IN ({','.join(map(str, documents))})"),
                         ("h.category", category))
    return conn.execute("SELECT h.city_code, h.document_id, h.page, h.offset, h.length, h.surface, h.term, h.category,"
                        " h.lexicon_version, d.sha256, d.title, d.kind, d.period "
                        f"FROM hits h JOIN documents d ON d.id = h.document_id{clause} "
                        "ORDER BY h.document_id, h.page, h.offset", args).fetchall()


def matched_chars(conn: sqlite3.Connection, mode: str, documents) -> dict[int, int]:
    """Characters matched in `mode` per document of `documents`."""
    ids = list(documents)
    return dict(conn.execute(f"SELECT document_id, SUM(chars) FROM match_pages WHERE mode=? AND document_id IN "
                             f"({marks(ids)}) GROUP BY document_id", (mode, *ids)).fetchall())


def category_counts(conn: sqlite3.Connection, mode: str, documents) -> list[tuple]:
    """(document_id, category, hits, distinct terms) of `documents` in `mode`."""
    ids = list(documents)
    return conn.execute(
        f"SELECT document_id, category, COUNT(*), COUNT(DISTINCT term) FROM hits WHERE mode=? AND document_id IN "
        f"({marks(ids)}) GROUP BY document_id, category", (mode, *ids)).fetchall()


def term_counts(conn: sqlite3.Connection, mode: str, documents) -> list[tuple]:
    """(document_id, category, term, hits) of `documents` in `mode`."""
    ids = list(documents)
    return conn.execute(
        f"SELECT document_id, category, term, COUNT(*) FROM hits WHERE mode=? AND document_id IN "
        f"({marks(ids)}) GROUP BY document_id, category, term", (mode, *ids)).fetchall()


def hit_totals(conn: sqlite3.Connection, mode: str, documents) -> dict[int, int]:
    """Hits in `mode` per document of `documents` (documents without hits left out)."""
    ids = list(documents)
    return dict(conn.execute(f"SELECT document_id, COUNT(*) FROM hits WHERE mode=? AND document_id IN ({marks(ids)}) "
                             f"GROUP BY document_id", (mode, *ids)).fetchall())


def page_category_counts(conn: sqlite3.Connection, document_id: int, page: int, mode: str) -> sqlite3.Cursor:
    """(category, hits) stored for one page in `mode`."""
    return conn.execute("SELECT category, COUNT(*) FROM hits WHERE document_id=? AND page=? "
                        "AND mode=? GROUP BY category", (document_id, page, mode))
