"""Documents a user can correct: another city or title (`textmine documents set --city/--title`), or out of the
corpus (`textmine documents remove`), each kept in the journal so `textmine recover` makes the same edits.

    set_document(store, ids, city=None, title=None) -> list[dict]   what changed, per document
    remove_documents(store, ids, why, by=None) -> list[dict]        the records kept (removed_documents)
    removed_documents(store) -> list[dict]                          every removal: what, when, why, by whom
    heading_title(head, parsed_title) -> str                        the title a document gives itself (shown
                                                                    for plan documents ingested without a title)

A removed document's pages, hits and parse go; its raw file stays in raw/ (other documents may share it, and
re-ingesting it brings it back) and a record stays in `removed_documents`. A moved document is classified and
counted again under its new city (its outline choice, owner check and hits follow it).
"""
from __future__ import annotations

import getpass
import re

from .dates import is_date
from .errors import TextmineError
from .registry import load_registry, resolve_city
from .store import Store, utcnow

_GENERIC = re.compile(r"^(untitled|无标题|microsoft word - .*|document\d*|新建.*文档.*)$", re.I)


def _rows(store: Store, ids: list[int]) -> list:
    ids = [int(i) for i in ids]
    rows = store.conn.execute(f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id",
                              ids).fetchall() if ids else []
    missing = sorted(set(ids) - {r["id"] for r in rows})
    if missing:
        gone = {r["id"]: r for r in store.conn.execute(
            f"SELECT id, removed_at, why FROM removed_documents WHERE id IN ({','.join('?' * len(missing))})", missing)}
        said = [f"#{i} was removed {gone[i]['removed_at'][:10]} ({gone[i]['why']})" if i in gone else f"no document #{i}"
                for i in missing]
        raise TextmineError("; ".join(said) + "; see `textmine documents list`")
    return rows


def set_document(store: Store, ids: list[int], *, city: str | None = None, title: str | None = None) -> list[dict]:
    """Give documents `ids` another city (name, alias or code) and/or title (kept over the heading). Refused for a
    document whose new city already holds the same file (remove one instead)."""
    if city is None and title is None:
        raise TextmineError("give a city (`city`) and/or a title (`title`)")
    if title is not None and not title.strip():
        raise TextmineError("the title is empty; give the document's title")
    new_city = resolve_city(city) if city is not None else None
    rows = _rows(store, ids)
    names = {c.code: c.name for c in load_registry()}
    out = []
    with store.transaction() as conn:
        for r in rows:
            change: dict = {}
            if new_city is not None and new_city.code != r["city_code"]:
                other = store.find_document(new_city.code, r["kind"], r["sha256"])
                if other is not None:
                    raise TextmineError(f"#{r['id']} cannot move to {new_city.name}: the same file is already there as "
                                        f"#{other['id']} ({r['kind']}); remove one (`textmine documents remove`)")
                conn.execute("UPDATE documents SET city_code=?, edition_key=NULL WHERE id=?", (new_city.code, r["id"]))
                conn.execute("UPDATE hits SET city_code=? WHERE document_id=?", (new_city.code, r["id"]))
                conn.execute("UPDATE OR IGNORE news_items SET city_code=? WHERE document_id=?",
                             (new_city.code, r["id"]))
                change["city"] = f"{names.get(r['city_code'], r['city_code'])} → {new_city.name}"
            if title is not None and title.strip() != (r["title"] or ""):
                conn.execute("UPDATE documents SET title=?, title_source='given', edition_key=NULL WHERE id=?",
                             (title.strip(), r["id"]))
                change["title"] = f"{r['title'] or ''} → {title.strip()}"
            if change:
                store.journal({"type": "document_set", "city_code": r["city_code"], "kind": r["kind"],
                               "sha256": r["sha256"], **({"new_city_code": new_city.code} if "city" in change else {}),
                               **({"title": title.strip()} if "title" in change else {})})
            out.append({"id": r["id"], **change})
    from .editions import refresh_editions

    refresh_editions(store)
    return out


def remove_documents(store: Store, ids: list[int], why: str, by: str | None = None) -> list[dict]:
    """Take documents `ids` out of the corpus, keeping their raw files and a record (what, when, why, by whom).
    Their pages, hits and parse go; the news items whose article they were go too (a news item stays only for
    the column listing it came from)."""
    if not why or not why.strip():
        raise TextmineError("say why the document is removed (`why`): the record keeps it")
    rows = _rows(store, ids)
    by = by or getpass.getuser()
    at = utcnow()
    out = []
    with store.transaction() as conn:
        for r in rows:
            rec = {k: r[k] for k in ("id", "city_code", "kind", "title", "source", "url", "year", "format", "sha256",
                                     "size", "added_at", "period", "plan_type")}
            rec.update(removed_at=at, why=why.strip(), by=by)
            conn.execute(f"INSERT INTO removed_documents ({', '.join(rec)}) VALUES ({','.join('?' * len(rec))})",
                         list(rec.values()))
            conn.execute("DELETE FROM news_items WHERE document_id=?", (r["id"],))
            conn.execute("DELETE FROM documents WHERE id=?", (r["id"],))   # pages, hits, parses … cascade
            store.journal({"type": "document_removed", "city_code": r["city_code"], "kind": r["kind"],
                           "sha256": r["sha256"], "id": r["id"], "why": why.strip(), "by": by, "at": at})
            out.append(rec)
    return out


def removed_documents(store: Store, city: str | None = None) -> list[dict]:
    sql, args = "SELECT * FROM removed_documents", []
    if city:
        sql += " WHERE city_code=?"
        args.append(resolve_city(city).code)
    names = {c.code: c.name for c in load_registry()}
    return [{**dict(r), "city": names.get(r["city_code"], r["city_code"])}
            for r in store.conn.execute(sql + " ORDER BY removed_at, id", args)]


def heading_title(head: str | None, parsed_title: str | None) -> str:
    """The title a document gives itself: the heading on its cover or first page (the edition rules' reading of
    the first lines), else its own metadata title (HTML <title>, PDF title) when it says something, else ''."""
    from .editions.normal_form import normalise, title_block

    head = re.sub(r"(?m)^\s*#{1,6}\s+", "", head or "")      # Markdown headings (legal texts are published as .md)
    title, _ = title_block(normalise(head))
    if title:
        return title
    t = (parsed_title or "").strip()
    if t and not _GENERIC.match(t) and any("\u4e00" <= ch <= "\u9fff" for ch in t):
        return t
    return _first_heading(head)


def _first_heading(head: str) -> str:
    """A first short line that reads as a title (a work report, a notice): no sentence end, not a date."""
    for line in head.split("\n")[:5]:
        line = line.strip()
        if 6 <= len(line) <= 60 and not re.search(r"[。；;：:，,]$|^[—\-（(]", line) and not is_date(line) and \
                any("\u4e00" <= ch <= "\u9fff" for ch in line):
            return line
    return ""
