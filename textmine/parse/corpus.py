"""``parse_corpus``: parse every document of the store into ``parses`` and ``pages``.

Documents already parsed by this PARSER_VERSION are skipped (failed ones too, unless
``retry_failed``); ``force`` parses everything again. Each document's result is written in
its own transaction (its old pages replaced), so an interrupted run keeps what it finished
and the next run continues. A failure is recorded in ``failures`` (stage "parse") with its
reason, replacing the document's earlier open parse failure; a later success resolves it.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import formats as _formats
from ..errors import TextmineError
from ..progress import Progress, progress_or_none
from ..store import Store, utcnow
from ..store import pages as store_pages
from ..store import parses as store_parses
from .model import PARSER_VERSION, Extraction
from .runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Job, run_isolated
from ..registry import resolve_city


@dataclass
class ParseReport:
    parsed: list[int] = field(default_factory=list)              # document ids parsed ok
    warnings: list[tuple[int, list[str]]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (document id, reason)
    skipped: int = 0                                             # already parsed by this version
    pages: int = 0
    chars: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"parsed": len(self.parsed), "with_warnings": len(self.warnings), "failed": len(self.failed),
                "skipped": self.skipped, "pages": self.pages, "chars": self.chars,
                "seconds": round(self.seconds, 3), "pages_per_second": round(self.pages_per_second, 1),
                "peak_worker_rss_mb": round(self.peak_rss_mb, 1)}


def _needs_ocr(row) -> bool:
    """A PDF parsed without OCR that had scanned pages (or failed for want of OCR)."""
    if row["format"] != "pdf" or (row["parser"] or "").endswith("+tesseract"):
        return False
    warnings = row["warnings"] or ""
    return "without a text layer" in warnings or "needs OCR" in warnings


def _select(store: Store, *, city, kind, document_ids, force, retry_failed, ocr=False) -> tuple[list, int]:
    code = None
    if city:
        code = resolve_city(city).code
    rows = store_parses.parse_candidates(store.conn, city_code=code, kind=kind,
                                         document_ids=[int(i) for i in document_ids] if document_ids else None)
    if document_ids:
        missing = set(int(i) for i in document_ids) - {r["id"] for r in rows}
        if missing:
            raise TextmineError(f"no document with id {', '.join(map(str, sorted(missing)))}; see `textmine status`")
    todo, skipped = [], 0
    for r in rows:
        done = r["parser_version"] == PARSER_VERSION
        if force or not done or (retry_failed and r["status"] == "failed") or (ocr and _needs_ocr(r)):
            todo.append(r)
        else:
            skipped += 1
    return todo, skipped


def store_extraction(store: Store, document_id: int, ext: Extraction) -> None:
    """Replace a document's pages and parse record with this extraction (one transaction)."""
    with store.transaction() as conn:
        parts = ext.parts or [None] * len(ext.pages)
        store_parses.replace_pages(conn, document_id, [
            (i + 1, t, s, r, p)
            for i, (t, s, r, p) in enumerate(zip(ext.pages, ext.char_starts, ext.page_roles, parts))])
        store_parses.record_parse(conn, document_id, ext.parser, PARSER_VERSION, ext.status,
                                  json.dumps(ext.warnings, ensure_ascii=False), len(ext.pages), ext.chars, utcnow(),
                                  ext.title, ext.date)
        store.resolve_failures("parse", document_id=document_id)


def store_failure(store: Store, document_id: int, parser: str, reason: str, *, city_code=None, source=None) -> None:
    with store.transaction() as conn:
        store_parses.replace_pages(conn, document_id, [])
        store_parses.record_failed_parse(conn, document_id, parser, PARSER_VERSION,
                                         json.dumps([reason], ensure_ascii=False), utcnow())
        store.resolve_failures("parse", document_id=document_id)
        store.record_failure("parse", reason, city_code=city_code, document_id=document_id, source=source)


def _backend(fmt: str) -> str:
    """The parser a failure of a `fmt` document is recorded under (textmine.formats)."""
    record = _formats.get(fmt)
    return record.backend if record else fmt


def parse_corpus(store: Store, *, city: str | None = None, kind: str | None = None,
                 document_ids: list[int] | None = None, force: bool = False, retry_failed: bool = False,
                 workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB, progress: Progress | None = None,
                 ocr: bool = False, then: Callable[[Store], object] | None = None) -> ParseReport:
    """Parse the corpus (or the documents selected by city, kind or id) into normalised pages;
    `progress` (textmine.progress) is told the documents done. `then(store)` runs once new text was read: the
    stages above parse pass `textmine.editions.refresh_editions` (the text may say which plan a document is),
    which parse, a lower layer, does not import."""
    if timeout <= 0:
        raise TextmineError(f"timeout must be positive (seconds), got {timeout}")
    if memory_mb < 0:
        raise TextmineError(f"memory cap must be >= 0 MB (0 = no cap), got {memory_mb}")
    if ocr:
        from .ocr import ocr_unavailable  # start-up: 18 more modules than `textmine --help` needs

        reason = ocr_unavailable()
        if reason:
            raise TextmineError(f"OCR (`ocr`): {reason}")
    todo, skipped = _select(store, city=city, kind=kind, document_ids=document_ids, force=force,
                            retry_failed=retry_failed, ocr=ocr)
    report = ParseReport(skipped=skipped)
    run_id = store.start_run("parse", {"city": city, "kind": kind, "force": force, "workers": workers,
                                       "timeout": timeout, "memory_mb": memory_mb, "ocr": ocr, "version": PARSER_VERSION})
    rows = {r["id"]: r for r in todo}
    jobs = []
    for r in todo:
        raw = store.raw_path(r["sha256"])
        parts = tuple((str(store.raw_path(p["sha256"])), p["format"])
                      for p in store_parses.part_files(store.conn, r["id"]))
        missing = [p for p in [str(raw)] + [path for path, _ in parts] if not Path(p).is_file()]
        if missing:
            reason = f"raw file {missing[0]} is missing from the data home"
            store_failure(store, r["id"], _backend(r["format"]), reason, city_code=r["city_code"], source=r["source"])
            report.failed.append((r["id"], reason))
            continue
        jobs.append(Job(r["id"], str(raw), r["format"], ocr, parts))
    started = time.monotonic()
    tell = progress_or_none(progress)
    status = "ok"
    try:
        for out in run_isolated(jobs, workers=workers, timeout=timeout,
                                memory_mb=memory_mb):
            r = rows[out.job.key]
            if out.error is not None:
                store_failure(store, r["id"], _backend(r["format"]), out.error, city_code=r["city_code"],
                              source=r["source"])
                report.failed.append((r["id"], out.error))
            else:
                ext = out.extraction
                store_extraction(store, r["id"], ext)
                report.parsed.append(r["id"])
                report.pages += len(ext.pages)
                report.chars += ext.chars
                report.peak_rss_mb = max(report.peak_rss_mb, ext.peak_rss_mb or 0.0)
                if ext.warnings:
                    report.warnings.append((r["id"], ext.warnings))
            seconds = time.monotonic() - started
            tell(f"parse: {report.pages} pages, {report.pages / seconds:.0f} pages/s" if seconds > 0 else "parse",
                 len(report.parsed) + len(report.failed), len(jobs))
    except BaseException:
        status = "interrupted"
        raise
    finally:
        report.seconds = time.monotonic() - started
        store.finish_run(run_id, status, report.as_dict())
    if report.parsed and then is not None:
        then(store)
    return report


def stored_pages(store: Store, document_id: int) -> list[str]:
    """The stored normalised page texts of a document, in page order."""
    return store_pages.page_texts(store.conn, document_id)
