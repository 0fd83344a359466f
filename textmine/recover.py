"""`textmine recover`: rebuild a damaged database from the raw files and their journal.

Raw files are content-addressed (raw/ab/abcdef…) and every document, edition set by hand, document
part, document corrected or removed by hand, news item and news crawl is also appended to journal.jsonl after its transaction commits.
Recovery moves the damaged database aside (textmine.sqlite3.damaged-<time>), makes a new one and
replays the journal; what the later stages derived (pages, hits, scores, reports) is made again by
`textmine run` (or parse, count, score). Nothing is deleted.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .errors import TextmineError
from .store import DB_NAME, JOURNAL_NAME, Store, database_is_sound, is_corruption, resolve_home
from .store import news as store_news


@dataclass
class RecoveryReport:
    moved_to: Path | None
    documents: int = 0
    parts: int = 0
    editions: int = 0
    news_items: int = 0
    news_crawls: int = 0
    edits: int = 0                 # documents set (city, title) or removed by hand, made again
    missing_raw: list[str] = field(default_factory=list)      # documents whose bytes are gone
    bad_lines: list[int] = field(default_factory=list)        # journal lines that could not be read


def recover_store(home=None, *, force: bool = False) -> RecoveryReport:
    """Rebuild the database of the data home from raw/ and journal.jsonl."""
    home = resolve_home(home)
    db, journal = home / DB_NAME, home / JOURNAL_NAME
    if not journal.is_file():
        raise TextmineError(f"no journal {journal}: nothing to rebuild the database from (the raw files in "
                            f"{home / 'raw'} are named by their hash only; ingest them again by hand)")
    moved = None
    if db.exists():
        problem = database_is_sound(db)
        if problem is None and not force:
            raise TextmineError(f"the database {db} is sound (integrity check ok): nothing to recover "
                                "(`force` rebuilds it anyway, keeping the present file beside it)")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        moved = db.with_name(f"{DB_NAME}.damaged-{stamp}")
        db.rename(moved)
        for suffix in ("-wal", "-shm"):
            side = db.with_name(DB_NAME + suffix)
            if side.exists():
                side.rename(moved.with_name(moved.name + suffix))
    report = RecoveryReport(moved)
    records = []
    for n, line in enumerate(journal.read_text("utf-8").splitlines(), start=1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            report.bad_lines.append(n)      # a line cut short by a crash: what it recorded is not replayed
    kept = journal.read_bytes()
    journal.rename(journal.with_name(JOURNAL_NAME + ".replaying"))
    try:
        with Store(home) as store, store.transaction():
            _replay(store, records, report)
    except BaseException:
        journal.with_name(JOURNAL_NAME + ".replaying").rename(journal)
        raise
    # the new journal holds what was replayed; the old one is kept beside it
    journal.with_name(JOURNAL_NAME + ".replaying").rename(journal.with_name(f"{JOURNAL_NAME}.before-recover"))
    if not journal.exists():
        journal.write_bytes(kept)
    return report


def _doc_id(store: Store, key) -> int | None:
    city, kind, sha = key
    row = store.find_document(city, kind, sha)
    return row["id"] if row else None


def _replay(store: Store, records: list[dict], report: RecoveryReport) -> None:
    for r in records:
        kind = r.get("type")
        if kind == "document":
            if not store.has_raw(r["sha256"]):
                report.missing_raw.append(f"{r['city_code']} {r['kind']} {r.get('title') or r['source']}")
                continue
            fields = {k: r.get(k) for k in ("city_code", "kind", "source", "format", "sha256", "size", "title",
                                            "url", "year", "fetched_at", "origin")}
            _, new = store.add_document(**fields, period=r.get("period"),
                                        period_source=r.get("period_source") or "given", plan_type=r.get("plan_type"))
            report.documents += new
        elif kind == "edition":
            doc = _doc_id(store, (r["city_code"], r["kind"], r["sha256"]))
            if doc is not None:
                from .editions import set_edition  # start-up: 23 more modules than `textmine --help` needs

                set_edition(store, [doc], period=r.get("period"), plan_type=r.get("plan_type"))
                report.editions += 1
        elif kind == "document_part":
            doc = _doc_id(store, r["document"])
            if doc is not None:
                store.add_document_parts(doc, [r])
                report.parts += 1
        elif kind == "news_item":
            doc = _doc_id(store, (r["city_code"], "news", r["document_sha256"])) if r.get("document_sha256") else None
            store_news.upsert_item(store.conn, r["city_code"], r["url"], r["title"], r.get("published"), r.get("query"),
                                   r["source"], r.get("sha256"), doc, r["found_at"])
            store.journal(r)
            report.news_items += 1
        elif kind == "document_set":          # `textmine documents set --city/--title`
            doc = _doc_id(store, (r["city_code"], r["kind"], r["sha256"]))
            if doc is not None:
                from .documents import set_document  # start-up: 26 more modules than `textmine --help` needs

                set_document(store, [doc], city=r.get("new_city_code"), title=r.get("title"))
                report.edits += 1
        elif kind == "document_removed":      # `textmine documents remove` (the raw file stays)
            doc = _doc_id(store, (r["city_code"], r["kind"], r["sha256"]))
            if doc is not None:
                from .documents import remove_documents  # start-up: 26 more modules than `textmine --help` needs

                remove_documents(store, [doc], r.get("why") or "removed", r.get("by"))
                report.edits += 1
        elif kind == "news_crawl":
            store_news.add_crawl(store.conn, {c: r.get(c) for c in store_news.NEWS_CRAWL_FIELDS})
            store.journal(r)
            report.news_crawls += 1


__all__ = ["RecoveryReport", "database_is_sound", "is_corruption", "recover_store"]
