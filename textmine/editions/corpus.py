"""Editions in the store: classify documents (period, plan type) and fingerprint their text.

`refresh_editions(store)` brings every document up to date: a document whose classification was made
with other rules, or before its text was parsed, is classified again (what was given by hand or by the
crawl source is kept), and every parsed document gets the fingerprint of its body text. It is cheap
when nothing changed and is called by ingest, parse, count and the listings.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..parse import PARSER_VERSION
from ..resources import data_path
from ..store import pages as store_pages
from ..store import Store
from ..store import documents as store_documents
from ..store import editions as store_editions
from .classifier import classify
from .fingerprints import Fingerprint, fingerprint
from ..edition_rules import EditionRules, check_plan_type, load_rules
from .titles import heading_title
from ..errors import TextmineError

GIVEN = ("given", "source")


@dataclass
class RefreshReport:
    classified: int = 0
    fingerprinted: int = 0


def _head(store: Store, doc_id: int, chars: int) -> str | None:
    out, n = [], 0
    for (text,) in store_editions.head_pages(store.conn, doc_id):
        out.append(text)
        n += len(text)
        if n >= chars:
            break
    return "\n".join(out)[:chars] if out else None


_PLACES = ("cities.csv", "counties.csv", "provinces.csv")


def _places_key() -> str:
    """The registry files the owner check reads: a change there classifies every document again."""
    parts = []
    for name in _PLACES:
        path = data_path("corpora", name)
        try:
            st = path.stat()
            parts.append(f"{st.st_size}.{int(st.st_mtime)}")
        except OSError:
            parts.append("-")
    return ",".join(parts)


def refresh_editions(store: Store, rules: EditionRules | None = None) -> RefreshReport:
    rules = rules or load_rules()
    rep = RefreshReport()
    if store.readonly:      # a read-only data home is read as it stands
        return rep
    rows = store_editions.classification_inputs(store.conn)
    key = _places_key()
    todo_class = [r for r in rows if r["edition_key"] != f"{rules.key}|{key}|{_parsed(r) or 'title'}"]
    todo_fp = [r for r in rows if _parsed(r) and r["fp_at"] != r["parsed_at"]]
    if not todo_class and not todo_fp:
        return rep
    with store.transaction() as conn:
        for r in todo_class:
            parsed = _parsed(r)
            given_p = r["period"] if r["period_source"] in GIVEN else None
            given_t = r["plan_type"] if r["type_source"] == "given" else None
            head = _head(store, r["id"], rules.head_chars) if parsed else None
            title = r["title"]
            if r["title_source"] in ("file", "heading"):
                # the rules read a title given by hand, else the file name (weak) with the document's own title and
                # cover: the heading shown as the title is what they read from the cover, not a title given
                title = _stem(r["source"])
                if parsed and r["kind"] == "plan":    # the title an outline gives itself, once read, is shown
                    # (plans only: the evidence and facts stages read the heads of their documents themselves, and
                    # their measured figures rest on the titles given: lexicons/precision/evidence/report.md)
                    own = heading_title(head, r["parsed_title"])
                    if own and own != r["title"]:
                        store_editions.set_heading_title(conn, r["id"], own)
            ed = classify(title, head, rules,
                          city_code=r["city_code"], doc_title=r["parsed_title"],
                          file_title=r["title_source"] in ("file", "heading") or _is_file_name(r),
                          period=given_p, plan_type=given_t,
                          period_source=r["period_source"] if given_p else "given", year=r["year"])
            note = ed.note
            if parsed and r["parsed_title"] is None and not _has_cjk(r["title"] or "") \
                    and r["parser_version"] != PARSER_VERSION:
                note = "; ".join(filter(None, [note, f"parsed by parser {r['parser_version']}, which did not keep the "
                                                     "document's own title: `textmine parse` reads it"]))
            store_editions.set_classification(
                conn, r["id"], period=ed.period, plan_type=ed.plan_type, period_source=ed.period_source,
                type_source=ed.type_source, note=note, key=f"{rules.key}|{key}|{parsed or 'title'}",
                doc_type=ed.doc_type or None, owner=ed.owner, owner_name=ed.owner_name or None,
                confidence=ed.confidence, doubts="; ".join(ed.doubts) or None)
            rep.classified += 1
        for r in todo_fp:
            text = "\n".join(t for _, _, t, _ in store_pages.counted_texts(store.conn, ("plan",), [r["id"]]))
            fp = fingerprint(text)
            store_editions.save_fingerprint(conn, r["id"], r["parsed_at"], len(text), fp.shingles, fp.to_bytes())
            rep.fingerprinted += 1
    return rep


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _stem(source: str | None) -> str:
    name = (source or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _is_file_name(row) -> bool:
    """The title is the file's name (what ingest gives without --title): weaker than a real title."""
    title, source = row["title"] or "", row["source"] or ""
    stem = source.replace("\\", "/").rsplit("/", 1)[-1]
    return not _has_cjk(title) or title == stem or title == stem.rsplit(".", 1)[0]


def _parsed(row) -> str | None:
    return row["parsed_at"] if row["status"] in ("ok", "warning") else None


def set_edition(store: Store, document_ids: list[int], *, period: str | None = None, plan_type: str | None = None,
                rules: EditionRules | None = None) -> int:
    """Set period and/or plan type by hand (kept over any detection); returns the documents changed."""
    rules = rules or load_rules()
    period = rules.check_period(period)
    plan_type = check_plan_type(plan_type)
    if period is None and plan_type is None:
        return 0

    ids = [int(i) for i in document_ids]
    known = store_editions.existing_ids(store.conn, ids)
    missing = sorted(set(ids) - known)
    if missing:
        raise TextmineError(f"no document with id {', '.join(map(str, missing))}; see `textmine documents`")
    with store.transaction() as conn:
        for i in ids:
            d = store_documents.document(conn, i)
            store.journal({"type": "edition", "city_code": d["city_code"], "kind": d["kind"], "sha256": d["sha256"],
                           **({"period": period} if period else {}), **({"plan_type": plan_type} if plan_type else {})})
            if period is not None:
                store_editions.set_given_period(conn, i, period)
            if plan_type is not None:
                store_editions.set_given_plan_type(conn, i, plan_type)
    refresh_editions(store, rules)
    return len(ids)


def stored_fingerprints(store: Store, ids: list[int]) -> dict[int, tuple[Fingerprint, int]]:
    """document id → (fingerprint, body characters), for the parsed documents among `ids`."""
    if not ids:
        return {}
    rows = store_editions.fingerprints(store.conn, ids)
    return {r[0]: (Fingerprint.from_bytes(r[1], r[2]), r[3]) for r in rows}
