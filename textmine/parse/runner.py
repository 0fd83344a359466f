"""Run ``extract`` on many files, each in its own worker process with a time limit and a memory cap.

A worker is forked from a small fork server (``multiprocessing`` "forkserver", with the parse
modules preloaded) per document, so a hostile file that hangs, eats memory or crashes PDFium
costs one failed document, never the run: the parent kills a worker past its deadline, the
worker's address space is capped with ``RLIMIT_AS`` (its own size at start plus the cap) and
its CPU time with ``RLIMIT_CPU``. Up to ``workers`` documents are parsed at once (default:
all cores). Results come back through a pipe together with the worker's peak RSS.
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
from typing import Callable, Iterable, Iterator

from .model import Extraction, ParseError

DEFAULT_TIMEOUT = 300.0     # seconds per document
DEFAULT_MEMORY_MB = 1024    # address-space growth allowed per worker


@dataclass
class Job:
    key: object               # the caller's id for the document
    path: str
    format: str


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


def _child(conn, path: str, fmt: str, memory_mb: int, cpu_seconds: int) -> None:
    import resource

    try:
        if memory_mb:
            cap = _vm_size() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        from .extract import extract

        try:
            ext = extract(path, fmt)
            ext.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            msg = ("ok", ext)
        except ParseError as exc:
            msg = ("error", str(exc))
        except MemoryError:
            msg = ("error", f"exceeded the memory cap of {memory_mb} MB")
        except RecursionError:
            msg = ("error", "document structure too deeply nested")
        except Exception as exc:  # noqa: BLE001 - any reader bug is this document's failure
            msg = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(msg)
    except MemoryError:
        conn.send(("error", f"exceeded the memory cap of {memory_mb} MB"))
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
                                         "textmine.parse.docx", "pypdfium2", "bs4", "docx"])
    return _CTX


def run_isolated(jobs: Iterable[Job], *, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[Outcome]:
    """Yield one Outcome per job (in completion order)."""
    ctx = _context()
    workers = max(1, workers or os.cpu_count() or 1)
    pending = list(jobs)
    pending.reverse()
    running: dict = {}   # conn -> (process, job, started)
    try:
        while pending or running:
            while pending and len(running) < workers:
                job = pending.pop()
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(send, job.path, job.format, memory_mb,
                                                        int(timeout) + 1), daemon=True)
                with _without_main_module():
                    proc.start()
                send.close()
                running[recv] = (proc, job, time.monotonic())
            now = time.monotonic()
            next_deadline = min(started + timeout for _, _, started in running.values())
            ready = wait(list(running), timeout=max(0.0, next_deadline - now))
            for conn in ready:
                proc, job, started = running.pop(conn)
                try:
                    status, payload = conn.recv()
                except (EOFError, OSError):
                    proc.join(5)
                    code = proc.exitcode
                    reason = (f"parser worker died (signal {-code}); the file may be hostile or need more "
                              f"than the {memory_mb} MB memory cap" if code and code < 0
                              else f"parser worker exited with code {code} without a result")
                    status, payload = "error", reason
                conn.close()
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                elapsed = time.monotonic() - started
                if status == "ok":
                    yield Outcome(job, payload, None, elapsed)
                else:
                    yield Outcome(job, None, payload, elapsed)
            now = time.monotonic()
            for conn, (proc, job, started) in list(running.items()):
                if now - started >= timeout and conn not in ready:
                    proc.kill()
                    proc.join()
                    conn.close()
                    del running[conn]
                    yield Outcome(job, None, f"timed out after {timeout:g} s (time limit per document)", now - started)
    finally:
        for conn, (proc, _, _) in running.items():
            proc.kill()
            proc.join()
            conn.close()


def run_one(path: str, fmt: str, **kw) -> Extraction:
    """``extract`` in an isolated worker; raises ParseError with the reason on failure."""
    out = next(run_isolated([Job(None, str(path), fmt)], workers=1, **kw))
    if out.error:
        raise ParseError(out.error)
    return out.extraction


ProgressCallback = Callable[[Outcome], None]
