"""Run ``extract`` on many files in isolated worker processes, with a time limit and a memory cap per document.

Workers are long-lived processes forked from a small fork server (``multiprocessing``
"forkserver", with the PDF reader preloaded). A worker parses one document after another,
so the cost of a fresh process (fork, first-touch page faults, cold allocator and caches:
~15 ms, as much as parsing 25 pages) is paid once per worker, not per document. The isolation
guarantees are those of one process per document:

- **time**: the parent kills a worker whose document passes its wall-clock deadline, and
  ``RLIMIT_CPU`` (soft limit reset before each task to the CPU time used so far plus the
  limit) stops one that spins; the document fails with its reason, a fresh worker takes the
  next one;
- **memory**: before each task the worker sets its address-space limit (``RLIMIT_AS``) to
  its current size plus the cap, so every task gets the whole cap; a worker that ran out
  of memory, met an unexpected error, or grew by more than half the cap is retired after
  replying and replaced;
- **crashes**: a worker that dies (PDFium crash, signal) fails the document it was parsing,
  with the signal in the reason, and is replaced; the batch goes on.

**One big PDF on every core.** A PDF may be read in *pieces*: equal page ranges, each read by
its own worker (each opening the file itself), then one *finish* task, in any worker, joins
them in order and runs the document-level passes (running headers and footers found over the
whole document, page roles, paragraphs rejoined across pages: ``pdf.finish_pdf``), so the
text is the one-worker text exactly. Every piece and the finish task run under the same
limits; the document's wall-clock deadline runs from the start of its first piece, and a
failing piece fails the document (with the error of the earliest failing piece, as one worker
reading the pages in order would report it). A PDF is split when the run has fewer documents
than workers (``textmine extract``, a one-document parse) and is larger than ``SPLIT_ALONE``
bytes, or is larger than ``SPLIT_BYTES`` (a big manual among many plans).

Up to ``workers`` tasks run at once (default: all cores). Results come back through a pipe
together with the worker's peak RSS.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import sys
import time
import types
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from .. import formats as _formats
from .model import Extraction, ParseError

DEFAULT_TIMEOUT = 300.0     # seconds per document
DEFAULT_MEMORY_MB = 1024    # address-space growth allowed per worker


@dataclass
class Job:
    key: object               # the caller's id for the document
    path: str
    format: str
    ocr: bool = False         # read pages without a text layer with tesseract
    parts: tuple[tuple[str, str], ...] = ()   # a document of several files: (path, format) in order
    pieces: int | None = None  # PDF page ranges read by separate workers (None: decided by file size)


@dataclass
class Outcome:
    job: Job
    extraction: Extraction | None
    error: str | None
    seconds: float


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


RETIRE_AFTER = 500          # tasks per worker before it is replaced (bounds slow leaks)
SPLIT_ALONE = 256 * 1024    # with fewer documents than workers, PDFs from this size are read in pieces
SPLIT_BYTES = 16 * 1024 * 1024   # in any run, PDFs from this size are read in pieces


def _set_soft_limit(which: int, soft: int) -> None:
    import resource

    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    resource.setrlimit(which, (soft, hard))


def _run_task(task: tuple, memory_mb: int) -> tuple[tuple[str, object], bool]:
    """(message for the parent, whether this worker should retire afterwards). A task is
    ("doc", path, format, ocr, parts), ("piece", path, piece, pieces) or ("finish", path, ocr,
    [pickled pieces])."""
    try:
        kind = task[0]
        if kind == "piece":
            import pickle

            from .pdf import read_piece  # start-up: 23 more modules than `textmine --help` needs

            _, path, piece, pieces = task
            return ("ok", pickle.dumps(read_piece(path, piece, pieces), protocol=pickle.HIGHEST_PROTOCOL)), False
        if kind == "finish":
            import pickle

            from .pdf import finish_pdf  # start-up: 23 more modules than `textmine --help` needs

            _, path, ocr, pieces = task
            return ("ok", finish_pdf(path, [pickle.loads(p) for p in pieces], ocr=ocr)), False
        from .extract import extract, extract_parts  # start-up: 17 more modules than `textmine --help` needs

        _, path, fmt, ocr, parts = task
        return ("ok", extract_parts(parts, ocr=ocr) if parts else extract(path, fmt, ocr=ocr)), False
    except ParseError as exc:
        return ("error", str(exc)), False
    except MemoryError:
        return ("error", f"exceeded the memory cap of {memory_mb} MB"), True
    except RecursionError:
        return ("error", "document structure too deeply nested"), True
    except Exception as exc:  # noqa: BLE001 - any reader bug is this document's failure
        return ("error", f"{type(exc).__name__}: {exc}"), True


def _worker(conn, memory_mb: int, cpu_seconds: int) -> None:
    """Run the tasks sent over ``conn`` one by one until told to stop (None) or until this worker
    should retire (it then says so and exits). Each reply: (status, payload, retire, peak RSS MB).
    Ctrl-C reaches the whole process group: a worker ignores it, the parent stops and kills its workers."""
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start_size = _vm_size()
    done = 0
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            try:
                if memory_mb:
                    _set_soft_limit(resource.RLIMIT_AS, _vm_size() + memory_mb * 1024 * 1024)
                if cpu_seconds:
                    used = resource.getrusage(resource.RUSAGE_SELF)
                    _set_soft_limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + cpu_seconds)
                msg, retire = _run_task(task, memory_mb)
                if memory_mb:
                    _set_soft_limit(resource.RLIMIT_AS, resource.RLIM_INFINITY)
            except MemoryError:
                msg, retire = ("error", f"exceeded the memory cap of {memory_mb} MB"), True
            done += 1
            if memory_mb and _vm_size() - start_size > memory_mb * 1024 * 1024 // 2:
                retire = True
            retire = retire or done >= RETIRE_AFTER
            conn.send((msg[0], msg[1], retire, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
            if retire:
                return
    finally:
        conn.close()


_CTX = None


@contextlib.contextmanager
def _without_main_module():
    """Start workers without making them re-import ``__main__``: multiprocessing would run the
    parent's main script (the `textmine` entry point and every CLI module with it, or pytest) in
    each worker, costing seconds and ~200 MB per document. Workers need only textmine.parse."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _context():
    global _CTX
    if _CTX is None:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        _CTX = mp.get_context(method)
        if method == "forkserver":
            # the PDF reader only: the others (bs4, lxml, python-docx, ofdkit: ~0.2 s) are imported by
            # a worker when it first meets their format, so `textmine extract big.pdf` starts sooner
            _CTX.set_forkserver_preload(["textmine.parse.extract", "textmine.parse.pdf", "pypdfium2"])
    return _CTX


class _Doc:
    """A document being parsed: whole, or in pieces then a finish task."""

    def __init__(self, job: Job, pieces: int):
        self.job = job
        self.pieces = pieces
        self.read: dict[int, bytes] = {}      # piece -> the pickled piece
        self.errors: dict[int, str] = {}      # piece -> why it failed
        self.started: float | None = None     # when its first task started (the deadline runs from there)
        self.peak = 0.0
        self.done = False

    def deadline(self, timeout: float) -> float:
        return self.started + timeout


class _Worker:
    """The parent's handle on one worker process: its pipe, and the task it is running."""

    def __init__(self, ctx, memory_mb: int, cpu_seconds: int):
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker, args=(child_conn, memory_mb, cpu_seconds), daemon=True)
        with _without_main_module():
            self.proc.start()
        child_conn.close()
        self.doc: _Doc | None = None
        self.kind = ""
        self.piece = 0

    def send(self, doc: _Doc, kind: str, piece: int = 0) -> None:
        self.doc, self.kind, self.piece = doc, kind, piece
        if doc.started is None:
            doc.started = time.monotonic()
        job = doc.job
        if kind == "doc":
            # the format's record, not its name: a format registered in this process is read by the worker too
            self.conn.send(("doc", job.path, _formats.get(job.format) or job.format, job.ocr, tuple(job.parts)))
        elif kind == "piece":
            self.conn.send(("piece", job.path, piece, doc.pieces))
        else:
            self.conn.send(("finish", job.path, job.ocr, [doc.read[k] for k in range(doc.pieces)]))
            doc.read = {}                      # sent: the parent keeps no copy

    def death_reason(self, memory_mb: int) -> str:
        self.proc.join(5)
        code = self.proc.exitcode
        if code is not None and code < 0:
            return (f"parser worker died (signal {-code}); the file may be hostile or need more "
                    f"than the {memory_mb} MB memory cap")
        return f"parser worker exited with code {code} without a result"

    def stop(self) -> None:
        """Ask the worker to exit (it finishes nothing: it is idle), then make sure it did."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.proc.join(1)
        self.kill()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def pieces_for(job: Job, workers: int, alone: bool) -> int:
    """How many pieces a job is read in: ``job.pieces`` when given, else by format and size (see the
    module doc); ``alone``: the run has fewer documents than workers."""
    if job.pieces:
        return max(1, job.pieces)
    if workers < 2 or job.format != "pdf" or job.parts:
        return 1
    try:
        size = os.path.getsize(job.path)
    except OSError:
        return 1
    if size >= SPLIT_BYTES or (alone and size >= SPLIT_ALONE):
        return workers
    return 1


def run_isolated(jobs: Iterable[Job], *, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[Outcome]:
    """Yield one Outcome per job (in completion order)."""
    from collections import deque

    ctx = _context()
    workers = max(1, workers or os.cpu_count() or 1)
    jobs = list(jobs)
    alone = len(jobs) < workers
    tasks: deque = deque()       # (doc, kind, piece) in the order they are handed out
    for job in jobs:
        doc = _Doc(job, pieces_for(job, workers, alone))
        if doc.pieces == 1:
            tasks.append((doc, "doc", 0))
        else:
            tasks.extend((doc, "piece", k) for k in range(doc.pieces))
    cpu_seconds = int(timeout) + 1
    busy: dict = {}      # conn -> _Worker running a task
    idle: list[_Worker] = []

    def dispatch() -> None:
        """Give pending tasks to idle workers, starting new ones up to ``workers``."""
        while tasks and len(busy) < workers:
            doc, kind, piece = tasks.popleft()
            if doc.done:
                continue
            w = idle.pop() if idle else _Worker(ctx, memory_mb, cpu_seconds)
            try:
                w.send(doc, kind, piece)
            except (OSError, ValueError):       # the worker died while idle: use a fresh one
                w.kill()
                w = _Worker(ctx, memory_mb, cpu_seconds)
                w.send(doc, kind, piece)
            busy[w.conn] = w

    def finished(doc: _Doc, ext: Extraction | None, error: str | None) -> Outcome:
        doc.done = True
        if ext is not None:
            ext.peak_rss_mb = doc.peak
        return Outcome(doc.job, ext, error, time.monotonic() - doc.started)

    def received(w: _Worker, status: str, payload, peak: float) -> Outcome | None:
        doc = w.doc
        doc.peak = max(doc.peak, peak)
        if doc.done:
            return None                        # a piece of a document that already failed
        if w.kind != "piece":
            return finished(doc, payload if status == "ok" else None, None if status == "ok" else payload)
        if status == "ok":
            doc.read[w.piece] = payload
        else:
            doc.errors[w.piece] = payload
        if len(doc.read) + len(doc.errors) < doc.pieces:
            return None
        if doc.errors:
            return finished(doc, None, doc.errors[min(doc.errors)])
        tasks.appendleft((doc, "finish", 0))   # the document's pages are all read: join them next
        return None

    try:
        dispatch()
        while busy:
            now = time.monotonic()
            next_deadline = min(w.doc.deadline(timeout) for w in busy.values())
            ready = wait(list(busy), timeout=max(0.0, next_deadline - now))
            outcomes = []
            for conn in ready:
                w = busy.pop(conn)
                try:
                    status, payload, retire, peak = conn.recv()
                except (EOFError, OSError):
                    status, payload, retire, peak = "error", w.death_reason(memory_mb), True, 0.0
                if retire:
                    w.kill()
                else:
                    idle.append(w)
                out = received(w, status, payload, peak)
                if out is not None:
                    outcomes.append(out)
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if now >= w.doc.deadline(timeout):
                    del busy[conn]
                    w.kill()
                    if not w.doc.done:
                        outcomes.append(finished(w.doc, None, f"timed out after {timeout:g} s "
                                                              "(time limit per document)"))
            # hand out the next tasks before the caller stores these results: parsing and
            # storing overlap
            dispatch()
            yield from outcomes
        for w in idle:
            w.stop()
        idle.clear()
    finally:
        for w in list(busy.values()) + idle:
            w.kill()


def run_one(path: str, fmt: str, *, ocr: bool = False, workers: int | None = None, pieces: int | None = None,
            **kw) -> Extraction:
    """``extract`` in isolated workers (a big PDF read in pieces by all of them: the same text as one
    worker gives); raises ParseError with the reason on failure."""
    out = next(run_isolated([Job(None, str(path), fmt, ocr, pieces=pieces)], workers=workers, **kw))
    if out.error:
        raise ParseError(out.error)
    return out.extraction

