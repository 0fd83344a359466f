"""Audit: why does a city score what it scores? Per-term counts in both modes, then every hit in context."""
from __future__ import annotations

import html
from datetime import datetime, timezone

from ..errors import TextmineError
from ..lexicon import COUNT_CATEGORIES
from ..registry import resolve_city
from ..store import Store
from .indicators import DEFAULT_MODE
from .matchers import MODES

CONTEXT = 30


def _city(city) -> tuple[str, str]:
    c = resolve_city(city)
    return c.code, c.name


def _check(category: str | None) -> None:
    if category and category not in COUNT_CATEGORIES:
        raise TextmineError(f"unknown category {category!r}; choose one of {', '.join(COUNT_CATEGORIES)}")


def _require_plan(store: Store, code: str, name: str) -> None:
    n = store.conn.execute("SELECT COUNT(*) FROM match_pages mp JOIN documents d ON d.id = mp.document_id "
                           "WHERE d.city_code = ? AND d.kind = 'plan'", (code,)).fetchone()[0]
    if n == 0:
        has_doc = store.conn.execute("SELECT COUNT(*) FROM documents WHERE city_code=? AND kind='plan'",
                                     (code,)).fetchone()[0]
        why = ("its plan is not parsed or not counted yet: run `textmine parse` and `textmine count`" if has_doc
               else "no plan document for it in the corpus: its planning indicators are missing (NaN), not 0")
        raise TextmineError(f"{name} ({code}) has no counted plan: {why}")


def term_table(store: Store, city, category: str | None = None, term: str | None = None) -> list[dict]:
    """Per (category, term) of the city: occurrences in token and substring mode and their difference."""
    _check(category)
    code, name = _city(city)
    _require_plan(store, code, name)
    sql = ("SELECT category, term, SUM(mode='token') AS token, SUM(mode='substring') AS substring FROM hits "
           "WHERE city_code = ?")
    args: list = [code]
    if category:
        sql += " AND category = ?"
        args.append(category)
    if term:
        sql += " AND (term = ? OR surface = ?)"
        args += [term, term]
    sql += " GROUP BY category, term"
    counted = {m for (m,) in store.conn.execute(
        "SELECT DISTINCT mp.mode FROM match_pages mp JOIN documents d ON d.id = mp.document_id WHERE d.city_code=?",
        (code,))}
    rows = []
    order = {c: i for i, c in enumerate(COUNT_CATEGORIES)}
    for r in store.conn.execute(sql, args):
        row = {"category": r["category"], "term": r["term"],
               "token": r["token"] if "token" in counted else None,
               "substring": r["substring"] if "substring" in counted else None}
        row["difference"] = (row["substring"] - row["token"]) if None not in (row["token"], row["substring"]) else None
        rows.append(row)
    rows.sort(key=lambda r: (order.get(r["category"], 9), -(r["token"] or r["substring"] or 0), r["term"]))
    return rows


def audit_hits(store: Store, city, category: str | None = None, term: str | None = None,
               mode: str | None = None, width: int = CONTEXT) -> list[dict]:
    """Every hit of the city in `mode`, with `width` characters of context each side, page, document
    title, source and URL. Ordered by document, page and offset."""
    _check(category)
    mode = mode or DEFAULT_MODE
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    code, name = _city(city)
    _require_plan(store, code, name)
    sql = ("SELECT h.*, d.title, d.source, d.url, d.year, p.char_start, "
           " substr(p.text, max(h.offset + 1 - :w, 1), min(h.offset, :w)) AS left_context,"
           " substr(p.text, h.offset + 1, h.length) AS matched,"
           " substr(p.text, h.offset + 1 + h.length, :w) AS right_context "
           "FROM hits h JOIN documents d ON d.id = h.document_id "
           "JOIN pages p ON p.document_id = h.document_id AND p.page = h.page "
           "WHERE h.city_code = :c AND h.mode = :m")
    args = {"w": width, "c": code, "m": mode}
    if category:
        sql += " AND h.category = :cat"
        args["cat"] = category
    if term:
        sql += " AND (h.term = :t OR h.surface = :t)"
        args["t"] = term
    sql += " ORDER BY h.document_id, h.page, h.offset"
    out = []
    for r in store.conn.execute(sql, args):
        out.append({"category": r["category"], "term": r["term"], "surface": r["surface"], "page": r["page"],
                    "offset": r["offset"], "doc_offset": r["char_start"] + r["offset"],
                    "left": r["left_context"].replace("\n", " "), "hit": r["matched"],
                    "right": r["right_context"].replace("\n", " "),
                    "document_id": r["document_id"], "title": r["title"], "source": r["source"], "url": r["url"],
                    "lexicon_version": r["lexicon_version"], "mode": r["mode"]})
    return out


def compare_cities(store: Store, city_a, city_b, mode: str | None = None, category: str | None = None) -> list[dict]:
    """Per term, the counts of two cities side by side (in `mode`)."""
    mode = mode or DEFAULT_MODE
    a_code, a_name = _city(city_a)
    b_code, b_name = _city(city_b)
    rows: dict[tuple[str, str], dict] = {}
    for code, label in ((a_code, a_name), (b_code, b_name)):
        for r in term_table(store, code, category):
            d = rows.setdefault((r["category"], r["term"]), {"category": r["category"], "term": r["term"],
                                                             a_name: 0, b_name: 0})
            d[label] = r[mode] or 0
    out = sorted((r for r in rows.values() if r[a_name] or r[b_name]), key=lambda r: (COUNT_CATEGORIES.index(r["category"]), -(r[a_name] + r[b_name])))
    for r in out:
        r["difference"] = r[a_name] - r[b_name]
    return out


_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f3f3f3}td.n{text-align:right}mark{background:#ffe066;padding:0 .1em}.ctx{font-size:95%}
.meta{color:#666;font-size:85%}h2{margin-top:1.6em}"""


def render_audit_html(store: Store, city_code: str, mode: str | None = None) -> str:
    """A standalone HTML page for one city: its indicators, the per-term table (both modes) and every hit
    with its context highlighted, page, document and a link to the source. Written as audit/<code>.html
    by the report."""
    from .indicators import planning_indicators

    mode = mode or DEFAULT_MODE
    code, name = _city(city_code)
    e = html.escape
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{e(name)} ({code}) — term audit"
             f"</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(name)} <span class='meta'>{code}</span></h1>"]
    ind = planning_indicators(store, mode).loc[code]
    if not ind["has_plan"]:
        parts.append("<p><strong>No counted plan for this city:</strong> its planning indicators are missing "
                     "(not zero).</p></body></html>")
        return "".join(parts)
    parts.append(f"<p class='meta'>mode <b>{e(mode)}</b>; plan text {int(ind['plan_chars']):,} characters; "
                 f"generated {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC</p><table><tr><th>category</th>"
                 "<th>occurrences</th><th>distinct terms</th><th>per 10,000 chars</th></tr>")
    for c in COUNT_CATEGORIES:
        parts.append(f"<tr><td>{c}</td><td class='n'>{int(ind[c])}</td><td class='n'>{int(ind[c + '_distinct'])}"
                     f"</td><td class='n'>{ind[c + '_density']:.2f}</td></tr>")
    parts.append("</table><h2>Terms</h2><table><tr><th>category</th><th>term</th><th>token</th><th>substring</th>"
                 "</tr>")
    for r in term_table(store, code):
        cells = "".join(f"<td class='n'>{'' if r[m] is None else r[m]}</td>" for m in ("token", "substring"))
        parts.append(f"<tr><td>{e(r['category'])}</td><td><a href='#t-{e(r['term'])}'>{e(r['term'])}</a></td>"
                     f"{cells}</tr>")
    parts.append("</table><h2>Hits</h2><table><tr><th>term</th><th>context</th><th>page</th><th>document</th></tr>")
    seen: set[str] = set()
    for h in audit_hits(store, code, mode=mode):
        anchor = "" if h["term"] in seen else f" id='t-{e(h['term'])}'"
        seen.add(h["term"])
        link = h["url"] or (h["source"] if str(h["source"]).startswith(("http://", "https://")) else None)
        title = e(h["title"] or h["source"])
        doc = f"<a href='{e(link)}'>{title}</a>" if link else f"{title}<br><span class='meta'>{e(h['source'])}</span>"
        parts.append(f"<tr{anchor}><td>{e(h['term'])}<br><span class='meta'>{e(h['category'])}</span></td>"
                     f"<td class='ctx'>…{e(h['left'])}<mark>{e(h['hit'])}</mark>{e(h['right'])}…</td>"
                     f"<td class='n'>{h['page']}</td><td>{doc}</td></tr>")
    parts.append("</table></body></html>")
    return "".join(parts)
