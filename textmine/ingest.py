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

from .errors import TextmineError
from .registry import resolve_city
from .store import Store

# plan: five-year plan outlines (counted); news, policy: portal items and notices (G02, yes/no evidence);
# communique, budget, final_accounts, water_bulletin: the documents `textmine facts` reads numbers from
# (统计公报, 预算执行情况和预算草案的报告, 决算报告, 水资源公报)
KINDS = ("plan", "news", "policy", "communique", "budget", "final_accounts", "water_bulletin")
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
           ".docx": "docx", ".txt": "txt", ".doc": "doc", ".wps": "wps", ".ofd": "ofd",
           ".md": "txt", ".markdown": "txt"}   # Markdown is plain text (legal texts are published as .md)


@dataclass
class IngestReport:
    added: list[tuple[int, Path]] = field(default_factory=list)       # (document id, path)
    duplicates: list[tuple[int, Path]] = field(default_factory=list)  # already in the corpus
    skipped: list[tuple[Path, str]] = field(default_factory=list)     # inside a folder, not ingestible
    reclassified: list[int] = field(default_factory=list)             # already present; edition set by hand
    parse: object | None = None                                        # the ParseReport, when parsed right away
    near_duplicates: list = field(default_factory=list)               # NearDuplicate of the documents added


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def _check_file(path: Path) -> str | None:
    """Reason the file cannot be ingested, or None."""
    if format_of(path) is None:
        return f"unsupported file type {path.suffix or '(none)'!r}; accepted: {', '.join(sorted(FORMATS))}"
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
           plan_type: str | None = None, parse: bool = False, progress=None) -> IngestReport:
    """Add files (or folders, walked recursively) to the corpus as documents of one city and kind.

    `period` (十四五 …) and `plan_type` (outline, draft, sectoral, interpretation, other) set the edition
    by hand, also for files already in the corpus; otherwise it is detected from the title now and from
    the text once parsed (`textmine.editions`). With `parse`, the documents added are parsed at once
    (isolated workers, as `textmine parse`) and compared with every document of the store: near-identical
    texts (the same text under another city or kind, a copy) are listed in `near_duplicates`."""
    from .editions import check_plan_type, load_rules, refresh_editions, set_edition

    if kind not in KINDS:
        raise TextmineError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if year is not None and not (1949 <= int(year) <= 2100):
        raise TextmineError(f"year {year} is out of range (1949-2100)")
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
                    period=period, plan_type=plan_type,
                )
                (report.added if new else report.duplicates).append((doc_id, path))
            if report.duplicates and (period or plan_type):
                set_edition(store, [d for d, _ in report.duplicates], period=period, plan_type=plan_type,
                            rules=rules)
                report.reclassified = [d for d, _ in report.duplicates]
    except BaseException:
        for raw in created_raw:
            with contextlib.suppress(FileNotFoundError):
                raw.unlink()
        raise
    refresh_editions(store, rules)
    if parse and report.added:
        from .editions import near_duplicates
        from .parse import parse_corpus

        ids = [d for d, _ in report.added]
        report.parse = parse_corpus(store, document_ids=ids, progress=progress)
        report.near_duplicates = near_duplicates(store, ids, rules)
    return report
