"""The data home: one SQLite database with a versioned schema, and raw files by SHA-256.

Layout of a data home (``--home`` or ``TEXTMINE_HOME``, default ``./textmine-data``)::

    textmine.sqlite3        documents, pages, hits, counts, failures, runs
    raw/ab/abcdef…          raw bytes, named by their SHA-256

Migrations are the numbered files in ``textmine/migrations``; they run on open,
inside a transaction each, and PRAGMA user_version records how many ran. A
database written by a newer textmine (user_version above what we know) is refused.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterator

from . import formats
from .atomic import TMP_PREFIX, atomic_path, remove_leftovers
from .errors import CorruptStoreError, EnvironmentProblem, SchemaTooNewError, TextmineError
from .resources import default_home

DB_NAME = "textmine.sqlite3"
JOURNAL_NAME = "journal.jsonl"
_DOCUMENT_FIELDS = ("city_code", "kind", "title", "source", "url", "year", "format", "sha256", "size", "added_at",
                    "fetched_at", "origin")


def is_corruption(exc: BaseException) -> bool:
    """A damaged or foreign database file (not a passing condition such as a lock or a full disk)."""
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("not a database" in msg or "malformed" in msg)


NEWS_ITEM_FIELDS = ("city_code", "url", "title", "published", "query", "source", "sha256", "found_at")


def news_item_record(row) -> dict:
    """The journal record of a news item (its article document named by content hash, not by id)."""
    return {"type": "news_item", **{k: row[k] for k in NEWS_ITEM_FIELDS}, "document_sha256": row["document_sha256"]}


def _document_record(row) -> dict:
    """The journal record of a document: what is needed to add it again (and the edition given by hand)."""
    rec = {"type": "document", **{k: row[k] for k in _DOCUMENT_FIELDS}}
    if row["period_source"] in ("given", "source"):
        rec["period"], rec["period_source"] = row["period"], row["period_source"]
    if row["type_source"] == "given":
        rec["plan_type"] = row["plan_type"]
    return rec
_LEFTOVERS_CHECKED: set[Path] = set()   # data homes this process has cleared of killed writers' temporary files


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    out = []
    for entry in resources.files("textmine.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text("utf-8")))
    out.sort()
    versions = [v for v, _, _ in out]
    if versions != list(range(1, len(out) + 1)):
        raise RuntimeError(f"migration files are not numbered 1..N without gaps: {versions}")
    return out


def resolve_home(home: str | os.PathLike | None = None) -> Path:
    """`home`, else TEXTMINE_HOME, else textmine-data/ of the workspace in use, else ./textmine-data."""
    return Path(home or os.environ.get("TEXTMINE_HOME") or default_home()).expanduser().resolve()


def sha256_file(path: Path, chunk: int = 1 << 20) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


class Store:
    """An open data home. Use as a context manager or call close().

    ``readonly=True`` opens an existing data home without writing anything (for reading commands on a
    read-only disk or folder): no migration, no journal, and any transaction is refused.
    """

    def __init__(self, home: str | os.PathLike | None = None, *, readonly: bool = False):
        self.home = resolve_home(home)
        self.readonly = readonly
        self.db_path = self.home / DB_NAME
        self._journal_pending: list[dict] = []
        if readonly:
            self._open_readonly()
            return
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            (self.home / "raw").mkdir(exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(f"data home {self.home} cannot be created: {exc.strerror or exc}") from exc
        if not os.access(self.home, os.W_OK | os.X_OK):
            raise EnvironmentProblem(f"data home {self.home} is not writable; choose another data home")
        self._remove_leftovers()
        try:
            self.conn = sqlite3.connect(self.db_path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise EnvironmentProblem(f"cannot open database {self.db_path}: {exc}") from exc
        try:
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            self._ensure_journal()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if is_corruption(exc):
                raise CorruptStoreError(self.db_path, exc) from None
            raise

    def _remove_leftovers(self) -> None:
        """Remove the temporary files of writers killed mid-write (journal, raw files); once per process.

        Safe beside a live writer: `remove_leftovers` keeps every temporary file a process still holds."""
        if self.home in _LEFTOVERS_CHECKED:
            return
        _LEFTOVERS_CHECKED.add(self.home)
        pattern = f"{TMP_PREFIX}*"
        remove_leftovers([*self.home.glob(pattern), *(self.home / "raw").glob(f"*/{pattern}")])

    def _open_readonly(self) -> None:
        if not self.db_path.is_file():
            raise TextmineError(f"no data home at {self.home} (no {DB_NAME}); choose one with `home` or TEXTMINE_HOME")
        wal = self.db_path.with_name(DB_NAME + "-wal")
        # no write-ahead log to read: open the file as immutable (nothing is created beside it); with one, the
        # log must be read too, which SQLite does in mode=ro when it can create the -shm file
        uri = f"{self.db_path.as_uri()}?" + ("mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1")
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            version = self.schema_version
        except sqlite3.OperationalError:
            # a WAL database in a folder we cannot write to: read it as it stands on disk
            self.conn = sqlite3.connect(f"{self.db_path.as_uri()}?immutable=1", uri=True, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            try:
                version = self.schema_version
            except sqlite3.DatabaseError as exc:
                raise CorruptStoreError(self.db_path, exc) from None
        except sqlite3.DatabaseError as exc:
            if is_corruption(exc):
                raise CorruptStoreError(self.db_path, exc) from None
            raise
        known = len(migrations())
        if version > known:
            raise SchemaTooNewError(f"database {self.db_path} has schema version {version}, but this textmine knows only "
                                    f"up to {known}: it was written by a newer textmine. Upgrade textmine.")
        if version < known:
            raise EnvironmentProblem(f"database {self.db_path} was written by an older textmine (schema {version} < {known}) "
                                "and must be migrated once, which needs write access to the data home")

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        known = migrations()
        current = self.schema_version
        if current > len(known):
            raise SchemaTooNewError(
                f"database {self.db_path} has schema version {current}, but this textmine knows only "
                f"up to {len(known)}: it was written by a newer textmine. Upgrade textmine, or use another data home."
            )
        if current == len(known):
            return
        # Foreign keys off while migrating (a migration may rebuild a referenced table, the way SQLite
        # documents for changing a constraint); checked before each migration commits.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            for version, name, sql in known[current:]:
                with self.transaction():
                    for statement in _split_sql(sql):
                        self.conn.execute(statement)
                    broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration {name} leaves {len(broken)} broken foreign key(s): "
                                           f"{[tuple(r) for r in broken[:5]]}")
                    self.conn.execute(f"PRAGMA user_version = {version}")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception. Nestable (savepoints). Journal
        records (`journal`) made inside are written after the outermost COMMIT, and dropped on ROLLBACK."""
        if self.readonly:
            raise EnvironmentProblem(f"the data home {self.home} is opened read-only: this command must write to it")
        if self.conn.in_transaction:
            name = f"sp{id(object())}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:   # SQLite may have rolled back itself (SQLITE_FULL, …)
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:       # SQLite may have rolled back itself (SQLITE_FULL, …)
                self.conn.execute("ROLLBACK")
            self._journal_pending.clear()
            raise
        self.conn.execute("COMMIT")
        self._flush_journal()

    # -- journal -----------------------------------------------------------
    # journal.jsonl: one line per document, edition set by hand, document part, news item and news
    # crawl recorded, appended after its transaction commits. With the content-addressed raw files it is
    # what `textmine recover` rebuilds a damaged database from.
    @property
    def journal_path(self) -> Path:
        return self.home / JOURNAL_NAME

    def journal(self, record: dict) -> None:
        """Record what was added (written once the current transaction commits)."""
        self._journal_pending.append(record)
        if not self.conn.in_transaction:
            self._flush_journal()

    def _flush_journal(self) -> None:
        if not self._journal_pending:
            return
        lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in self._journal_pending)
        self._journal_pending.clear()
        with open(self.journal_path, "a", encoding="utf-8") as fh:
            fh.write(lines)
            fh.flush()
            os.fsync(fh.fileno())

    def _ensure_journal(self) -> None:
        """A data home made before the journal gets one written from its database, once."""
        if self.journal_path.exists():
            return
        records = [_document_record(r) for r in self.conn.execute("SELECT * FROM documents ORDER BY id")]
        records += [{"type": "document_part", "document": [r["city_code"], r["kind"], r["doc_sha256"]],
                     **{k: r[k] for k in self.PART_FIELDS}} for r in self.conn.execute(
            "SELECT p.*, d.city_code, d.kind, d.sha256 AS doc_sha256 FROM document_parts p "
            "JOIN documents d ON d.id = p.document_id ORDER BY p.document_id, p.part")]
        records += [news_item_record(r) for r in self.conn.execute(
            "SELECT n.*, d.sha256 AS document_sha256 FROM news_items n LEFT JOIN documents d ON d.id = n.document_id")]
        records += [{"type": "news_crawl", **dict(r)} for r in self.conn.execute("SELECT * FROM news_crawls ORDER BY id")]
        if not records:           # a new data home: the journal starts with its first document
            return
        with atomic_path(self.journal_path, fsync=True) as tmp:
            tmp.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) + "\n"
                                   for r in records), "utf-8")

    # -- raw files ---------------------------------------------------------
    def raw_path(self, sha256: str) -> Path:
        return self.home / "raw" / sha256[:2] / sha256

    def has_raw(self, sha256: str) -> bool:
        return self.raw_path(sha256).is_file()

    def put_raw_bytes(self, data: bytes) -> tuple[str, bool]:
        """Store bytes by hash (temp file + fsync + rename). Returns (sha256, created)."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.raw_path(sha)
        if target.is_file():
            return sha, False
        self._atomic_write(target, lambda fh: fh.write(data))
        return sha, True

    def put_raw_file(self, path: Path) -> tuple[str, int, bool]:
        """Copy a local file into the raw store. Returns (sha256, size, created)."""
        sha, size = sha256_file(path)
        target = self.raw_path(sha)
        if target.is_file():
            return sha, size, False

        def copy(fh):
            with open(path, "rb") as src:
                while block := src.read(1 << 20):
                    fh.write(block)

        self._atomic_write(target, copy)
        return sha, size, True

    def _atomic_write(self, target: Path, write) -> None:
        """``write(fh)`` into a temporary file, fsynced, then renamed to ``target``."""
        with atomic_path(target, fsync=True) as tmp:
            with open(tmp, "wb") as fh:
                write(fh)

    def read_raw(self, sha256: str) -> bytes:
        return self.raw_path(sha256).read_bytes()

    # -- documents ---------------------------------------------------------
    def find_document(self, city_code: str, kind: str, sha256: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT * FROM documents WHERE city_code=? AND kind=? AND sha256=?", (city_code, kind, sha256)
        ).fetchone()

    def add_document(self, *, city_code: str, kind: str, source: str, format: str, sha256: str, size: int,
                     title: str | None = None, url: str | None = None, year: int | None = None,
                     fetched_at: str | None = None, origin: str = "ingest", period: str | None = None,
                     period_source: str = "given", plan_type: str | None = None,
                     title_source: str | None = None) -> tuple[int, bool]:
        """Record a document; returns (id, created). An identical one (city, kind, hash) is kept as is.

        `period`/`plan_type`, when known (given by hand, or the period of a crawl source entry), are kept
        over what `textmine.editions` detects; otherwise they are detected from title and text."""
        _known_format(format)
        existing = self.find_document(city_code, kind, sha256)
        if existing is not None:
            return existing["id"], False
        # a new id above every id used, removed documents' included: an id names one document for good
        new_id = self.conn.execute("SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM documents UNION ALL "
                                   "SELECT MAX(id) FROM removed_documents)").fetchone()[0]
        stem = Path(source.replace("\\", "/")).stem
        cur = self.conn.execute(
            "INSERT INTO documents (id, city_code, kind, title, source, url, year, format, sha256, size, added_at,"
            " fetched_at, origin, period, period_source, plan_type, type_source, title_source)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((new_id or 0) + 1, city_code, kind, title, source, url, year, format, sha256, size, utcnow(), fetched_at,
             origin, period, period_source if period else None, plan_type, "given" if plan_type else None,
             title_source or ("file" if not title or title == stem else "given")),
        )
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (cur.lastrowid,)).fetchone()
        self.journal(_document_record(row))
        return cur.lastrowid, True

    PART_FIELDS = ("part", "title", "source", "url", "format", "sha256", "size", "fetched_at")

    def add_document_parts(self, document_id: int, parts: list[dict]) -> None:
        """The files a document is made of, in reading order (an outline in several attachments, a
        paginated article): each part's title, source, final URL, format, bytes and fetch time."""
        for p in parts:
            _known_format(p.get("format"))
        doc = self.conn.execute("SELECT city_code, kind, sha256 FROM documents WHERE id=?", (document_id,)).fetchone()
        self.conn.executemany(
            f"INSERT INTO document_parts (document_id, {', '.join(self.PART_FIELDS)}) VALUES (?,?,?,?,?,?,?,?,?)",
            [(document_id, *(p.get(k) for k in self.PART_FIELDS)) for p in parts])
        for p in parts:
            self.journal({"type": "document_part", "document": [doc["city_code"], doc["kind"], doc["sha256"]],
                          **{k: p.get(k) for k in self.PART_FIELDS}})

    def documents(self, city_code: str | None = None, kind: str | None = None) -> list[sqlite3.Row]:
        sql, args = "SELECT * FROM documents WHERE 1=1", []
        if city_code:
            sql += " AND city_code=?"
            args.append(city_code)
        if kind:
            sql += " AND kind=?"
            args.append(kind)
        return self.conn.execute(sql + " ORDER BY id", args).fetchall()

    # -- failures and runs -------------------------------------------------
    def record_failure(self, stage: str, reason: str, *, city_code: str | None = None,
                       document_id: int | None = None, source: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO failures (stage, city_code, document_id, source, reason, at) VALUES (?,?,?,?,?,?)",
            (stage, city_code, document_id, source, reason, utcnow()),
        )
        return cur.lastrowid

    def resolve_failures(self, stage: str, *, document_id: int | None = None, source: str | None = None) -> None:
        """Mark earlier failures of the same thing as resolved (it has since succeeded)."""
        if document_id is not None:
            self.conn.execute("UPDATE failures SET resolved=1 WHERE stage=? AND document_id=?", (stage, document_id))
        if source is not None:
            self.conn.execute("UPDATE failures SET resolved=1 WHERE stage=? AND source=?", (stage, source))

    def open_failures(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM failures WHERE resolved=0 ORDER BY id").fetchall()

    def start_run(self, stage: str, params: dict | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs (stage, started_at, params) VALUES (?,?,?)",
            (stage, utcnow(), json.dumps(params or {}, ensure_ascii=False, default=str)),
        )
        return cur.lastrowid

    def finish_run(self, run_id: int, status: str = "ok", summary: dict | None = None) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at=?, status=?, summary=? WHERE id=?",
            (utcnow(), status, json.dumps(summary or {}, ensure_ascii=False, default=str), run_id),
        )


def _known_format(name) -> None:
    """The formats a document may have are textmine.formats' (migration 0017 left the column unchecked)."""
    if formats.get(name) is None:
        raise TextmineError(f"unknown document format {name!r}; one of {', '.join(formats.names())} (textmine.formats)")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about triggers and strings)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    rest = "\n".join(l for l in buf.splitlines() if not l.strip().startswith("--")).strip()
    if rest:
        statements.append(rest)
    return statements
