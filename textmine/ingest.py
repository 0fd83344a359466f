"""Add local files to the corpus (``textmine ingest``).

All files are checked before anything is written; then raw files and document
records are written inside one transaction. If anything fails midway, the
transaction is rolled back and the raw files this call created are removed, so
the store is exactly as before.
"""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import formats
from .errors import TextmineError
from .registry import load_registry, resolve_city
from .store import Store
from .store import documents as store_documents
from .store import news as store_news
from .dates import parse_date

# plan: five-year plan outlines (counted); news, policy: portal items and notices (G02, yes/no evidence);
# communique, budget, final_accounts, water_bulletin: the documents `textmine facts` reads numbers from
# (统计公报, 预算执行情况和预算草案的报告, 决算报告, 水资源公报)
KINDS = ("plan", "news", "policy", "communique", "budget", "final_accounts", "water_bulletin")


@dataclass
class IngestReport:
    added: list[tuple[int, Path]] = field(default_factory=list)       # (document id, path)
    duplicates: list[tuple[int, Path]] = field(default_factory=list)  # already in the corpus
    skipped: list[tuple[Path, str]] = field(default_factory=list)     # inside a folder, not ingestible
    reclassified: list[int] = field(default_factory=list)             # already present; edition set by hand
    retitled: list[int] = field(default_factory=list)                 # already present; title set by hand
    removed_before: list[tuple[int, dict]] = field(default_factory=list)  # added again after `documents remove`
    parse: object | None = None                                        # the ParseReport, when parsed right away
    near_duplicates: list = field(default_factory=list)               # NearDuplicate of the documents added
    news: list[dict] = field(default_factory=list)                    # news documents added: what G02 does with them


def format_of(path: Path) -> str | None:
    """The document format of a file's name (textmine.formats), None when textmine does not read it."""
    return formats.of_path(path)


def _check_file(path: Path) -> str | None:
    """Reason the file cannot be ingested, or None."""
    if format_of(path) is None:
        return f"unsupported file type {path.suffix or '(none)'!r}; accepted: {formats.accepted()}"
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            fh.read(1)
    except PermissionError:
        return "file is not readable (permission denied)"
    except OSError as exc:
        return f"file is not readable: {exc.strerror or exc}"
    if size == 0:
        return "file is empty (0 bytes)"
    return None


def collect_files(paths: list[str | os.PathLike]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders recursively. Errors for named files raise; files inside folders that
    cannot be ingested are returned as skipped with their reason."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    errors: list[str] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if not p.exists():
            errors.append(f"{p}: file not found")
        elif p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts):
                    reason = _check_file(child)
                    (skipped.append((child, reason)) if reason else files.append(child.resolve()))
        else:
            reason = _check_file(p)
            if reason:
                errors.append(f"{p}: {reason}")
            else:
                files.append(p.resolve())
    if errors:
        raise TextmineError("nothing ingested:\n  " + "\n  ".join(errors))
    return list(dict.fromkeys(files)), skipped


def ingest(store: Store, paths: list[str | os.PathLike], *, city: str, kind: str, title: str | None = None,
           year: int | None = None, url: str | None = None, origin: str = "ingest", period: str | None = None,
           plan_type: str | None = None, parse: bool = False, progress=None, date: str | None = None) -> IngestReport:
    """Add files (or folders, walked recursively) to the corpus as documents of one city and kind.

    `period` (十四五 …) and `plan_type` (outline, draft, sectoral, interpretation, other) set the edition
    by hand, also for files already in the corpus (and `title` their title; without one, the title is read from
    the document's heading once parsed, the file name until then); otherwise it is detected from the title now and from
    the text once parsed (`textmine.editions`). With `parse`, the documents added are parsed at once
    (isolated workers, as `textmine parse`) and compared with every document of the store: near-identical
    texts (the same text under another city or kind, a copy) are listed in `near_duplicates`.

    A `news` document joins the news items G02 counts (`news_items`, as a crawled article does): its publication
    date is `date` or the one read from the page, and it counts — with the same lexicon and matcher — when it is
    inside the window and the city's news are measured for it (a news crawl covers the window); `news` says, per
    document, what G02 does with it and why."""
    # start-up: 23 more modules than `textmine --help` needs
    from .editions import check_plan_type, load_rules, refresh_editions, set_edition

    if kind not in KINDS:
        raise TextmineError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if year is not None and not (1949 <= int(year) <= 2100):
        raise TextmineError(f"year {year} is out of range (1949-2100)")
    if date is not None:
        if kind not in ("news", "policy"):
            raise TextmineError(f"a publication date (`date`) is for news and policy documents, not {kind}")

        try:
            date = parse_date(date)
        except ValueError as exc:
            raise TextmineError(f"date: {exc}") from None
    rules = load_rules()
    period, plan_type = rules.check_period(period), check_plan_type(plan_type)
    the_city = resolve_city(city)
    files, skipped = collect_files(paths)
    if not files:
        raise TextmineError("nothing to ingest: " + ("; ".join(f"{p}: {r}" for p, r in skipped) or "no files given"))
    report = IngestReport(skipped=skipped)
    created_raw: list[Path] = []
    try:
        with store.transaction():
            for path in files:
                try:
                    sha, size, created = store.put_raw_file(path)
                except OSError as exc:
                    raise TextmineError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
                if created:
                    created_raw.append(store.raw_path(sha))
                doc_id, new = store.add_document(
                    city_code=the_city.code, kind=kind, source=str(path), format=format_of(path),
                    sha256=sha, size=size, title=title or path.stem, url=url, year=year, origin=origin,
                    period=period, plan_type=plan_type, title_source="given" if title else "file",
                )
                (report.added if new else report.duplicates).append((doc_id, path))
                if new:
                    gone = store_documents.last_removed(store.conn, the_city.code, kind, sha)
                    if gone is not None:
                        report.removed_before.append((doc_id, dict(gone)))
            if report.duplicates and (period or plan_type):
                set_edition(store, [d for d, _ in report.duplicates], period=period, plan_type=plan_type,
                            rules=rules)
                report.reclassified = [d for d, _ in report.duplicates]
            retitle = [d for d, _ in report.duplicates
                       if title and store_documents.document(store.conn, d)["title"] != title]
            if retitle:          # `--title` on a file already there corrects its title (as --period does the edition)
                from .documents import set_document  # start-up: 26 more modules than `textmine --help` needs

                set_document(store, retitle, title=title)
                report.retitled = retitle
    except BaseException:
        for raw in created_raw:
            with contextlib.suppress(FileNotFoundError):
                raw.unlink()
        raise
    refresh_editions(store, rules)
    if parse and report.added:
        from .editions import near_duplicates  # start-up: 24 more modules than `textmine --help` needs
        from .parse import parse_corpus  # start-up: 17 more modules than `textmine --help` needs

        ids = [d for d, _ in report.added]
        report.parse = parse_corpus(store, document_ids=ids, progress=progress, then=refresh_editions)
        report.near_duplicates = near_duplicates(store, ids, rules)
    if kind == "news":
        ids = [d for d, _ in report.added]
        link_ingested_news(store, ids, date=date)
        report.news = news_fate(store, ids)
    return report


def link_ingested_news(store: Store, ids: list[int] | None = None, date: str | None = None) -> int:
    """News documents added by hand (origin ingest) become news items of their city, as crawled articles are:
    url (the one given, else file:<path>), title, publication date (`date`, else read from the page once parsed;
    none: the item is undated and never counts in a window). Documents not parsed yet wait for `textmine parse`."""
    if ids is not None and not ids:
        return 0
    n = 0
    with store.transaction() as conn:
        for r in store_documents.ingested_news_without_item(conn, ids):
            if r["status"] is None:          # not parsed yet: its date and title are not known
                continue
            url = r["url"] or "file:" + r["source"]
            store_news.link_ingested_item(conn, r["city_code"], url, r["title"] or r["source"], date or r["date"],
                                          f"ingest:{r['source']}", r["sha256"], r["id"], r["added_at"])
            n += 1
    return n


def news_fate(store: Store, ids: list[int]) -> list[dict]:
    """Per news document: its item's publication date, the verdict under the model's news lexicon and window
    (counted, outside window, undated, no match), and whether the city's G02 is measured for the window."""
    if not ids:
        return []
    from .count.news import count_news, judge_items  # start-up: 18 more modules than `textmine --help` needs

    counts = count_news(store)
    out = []
    items = {v.document_id: v for v in judge_items(store) if v.document_id in ids}
    for doc_id in ids:
        v = items.get(doc_id)
        if v is None:
            out.append({"id": doc_id, "status": "not parsed", "published": None, "measured": False,
                        "why": "not parsed yet: `textmine parse` reads its date and text"})
            continue
        n = counts.counts.get(v.city_code)
        measured = n == n
        name = load_registry().by_code(v.city_code).name
        if v.status == "counted":
            what = (f"inside the window {counts.window} and matching {v.term} ({v.where}): "
                    + ("G02 counts it" if measured else "G02 counts it once the city's news are measured"))
        else:
            what = f"not counted ({v.status}" + (f", the window is {counts.window}" if v.status == "outside window"
                                                else "; give --date" if v.status == "undated" else "") + ")"
        why = what + ("" if measured else
                      f"; G02 of {name} is not measured for {counts.window}: "
                      + (counts.not_covered.get(v.city_code) or "no news crawl covers the window")
                      + f" — G02 counts a portal's whole news column: `textmine crawl news --city {name}`")
        out.append({"id": doc_id, "city_code": v.city_code, "status": v.status, "published": v.published,
                    "term": v.term, "measured": measured, "window": counts.window, "why": why})
    return out
