"""Run ``extract`` on many files in isolated worker processes, with a time limit and a memory cap per document.

Workers are long-lived processes forked from a small fork server (``multiprocessing``
"forkserver", with the parse modules preloaded). A worker parses one document after another,
so the cost of a fresh process (fork, first-touch page faults, cold allocator and caches:
~15 ms, as much as parsing 25 pages) is paid once per worker, not per document. The isolation
guarantees are those of one process per document:

- **time**: the parent kills a worker whose document passes its wall-clock deadline, and
  ``RLIMIT_CPU`` (soft limit reset before each document to the CPU time used so far plus the
  limit) stops one that spins; the document fails with its reason, a fresh worker takes the
  next one;
- **memory**: before each document the worker sets its address-space limit (``RLIMIT_AS``) to
  its current size plus the cap, so every document gets the whole cap; a worker that ran out
  of memory, met an unexpected error, or grew by more than half the cap is retired after
  replying and replaced;
- **crashes**: a worker that dies (PDFium crash, signal) fails the document it was parsing,
  with the signal in the reason, and is replaced; the batch goes on.

Up to ``workers`` documents are parsed at once (default: all cores). Results come back
through a pipe together with the worker's peak RSS.
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


RETIRE_AFTER = 500          # documents per worker before it is replaced (bounds slow leaks)


def _set_soft_limit(which: int, soft: int) -> None:
    import resource

    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    resource.setrlimit(which, (soft, hard))


def _parse_one(path: str, fmt: str, memory_mb: int, ocr: bool = False,
               parts: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[str, object], bool]:
    """(message for the parent, whether this worker should retire afterwards)."""
    import resource

    from .extract import extract, extract_parts

    try:
        ext = extract_parts(parts, ocr=ocr) if parts else extract(path, fmt, ocr=ocr)
        ext.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return ("ok", ext), False
    except ParseError as exc:
        return ("error", str(exc)), False
    except MemoryError:
        return ("error", f"exceeded the memory cap of {memory_mb} MB"), True
    except RecursionError:
        return ("error", "document structure too deeply nested"), True
    except Exception as exc:  # noqa: BLE001 - any reader bug is this document's failure
        return ("error", f"{type(exc).__name__}: {exc}"), True


def _worker(conn, memory_mb: int, cpu_seconds: int) -> None:
    """Parse the (path, format) jobs sent over ``conn`` one by one until told to stop (None)
    or until this worker should retire (it then says so and exits)."""
    import resource

    start_size = _vm_size()
    done = 0
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            path, fmt, ocr, parts = job
            try:
                if memory_mb:
                    _set_soft_limit(resource.RLIMIT_AS, _vm_size() + memory_mb * 1024 * 1024)
                if cpu_seconds:
                    used = resource.getrusage(resource.RUSAGE_SELF)
                    _set_soft_limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + cpu_seconds)
                msg, retire = _parse_one(path, fmt, memory_mb, ocr, parts)
                if memory_mb:
                    _set_soft_limit(resource.RLIMIT_AS, resource.RLIM_INFINITY)
            except MemoryError:
                msg, retire = ("error", f"exceeded the memory cap of {memory_mb} MB"), True
            done += 1
            if memory_mb and _vm_size() - start_size > memory_mb * 1024 * 1024 // 2:
                retire = True
            retire = retire or done >= RETIRE_AFTER
            conn.send((msg[0], msg[1], retire))
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
            _CTX.set_forkserver_preload(["textmine.parse.extract", "textmine.parse.pdf", "textmine.parse.html",
                                         "textmine.parse.docx", "textmine.parse.word", "textmine.parse.ofd",
                                         "pypdfium2", "bs4", "docx", "olefile", "ofdkit"])
    return _CTX


class _Worker:
    """The parent's handle on one worker process: its pipe, and the job it is parsing."""

    def __init__(self, ctx, memory_mb: int, cpu_seconds: int):
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker, args=(child_conn, memory_mb, cpu_seconds), daemon=True)
        with _without_main_module():
            self.proc.start()
        child_conn.close()
        self.job: Job | None = None
        self.started = 0.0

    def send(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send((job.path, job.format, job.ocr, tuple(job.parts)))

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


def run_isolated(jobs: Iterable[Job], *, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[Outcome]:
    """Yield one Outcome per job (in completion order)."""
    ctx = _context()
    workers = max(1, workers or os.cpu_count() or 1)
    pending = list(jobs)
    pending.reverse()
    cpu_seconds = int(timeout) + 1
    busy: dict = {}      # conn -> _Worker parsing a job
    idle: list[_Worker] = []

    def dispatch() -> None:
        """Give pending jobs to idle workers, starting new ones up to ``workers``."""
        while pending and len(busy) < workers:
            w = idle.pop() if idle else _Worker(ctx, memory_mb, cpu_seconds)
            job = pending.pop()
            try:
                w.send(job)
            except (OSError, ValueError):       # the worker died while idle: use a fresh one
                w.kill()
                w = _Worker(ctx, memory_mb, cpu_seconds)
                w.send(job)
            busy[w.conn] = w

    try:
        dispatch()
        while busy:
            now = time.monotonic()
            next_deadline = min(w.started + timeout for w in busy.values())
            ready = wait(list(busy), timeout=max(0.0, next_deadline - now))
            outcomes = []
            for conn in ready:
                w = busy.pop(conn)
                job, elapsed = w.job, time.monotonic() - w.started
                try:
                    status, payload, retire = conn.recv()
                except (EOFError, OSError):
                    status, payload, retire = "error", w.death_reason(memory_mb), True
                if retire:
                    w.kill()
                else:
                    idle.append(w)
                outcomes.append(Outcome(job, payload if status == "ok" else None,
                                        None if status == "ok" else payload, elapsed))
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if now - w.started >= timeout:
                    del busy[conn]
                    w.kill()
                    outcomes.append(Outcome(w.job, None, f"timed out after {timeout:g} s (time limit per document)",
                                            now - w.started))
            # hand out the next jobs before the caller stores these results: parsing and
            # storing overlap
            dispatch()
            yield from outcomes
        for w in idle:
            w.stop()
        idle.clear()
    finally:
        for w in list(busy.values()) + idle:
            w.kill()


def run_one(path: str, fmt: str, *, ocr: bool = False, **kw) -> Extraction:
    """``extract`` in an isolated worker; raises ParseError with the reason on failure."""
    out = next(run_isolated([Job(None, str(path), fmt, ocr)], workers=1, **kw))
    if out.error:
        raise ParseError(out.error)
    return out.extraction

