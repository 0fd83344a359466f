"""Crawl jobs: resumable state, per-city tasks run over a thread pool, progress and summary.

A job is identified by its kind and a key (hash of cities, window, periods, sources and
lexicon). An unfinished job with the same key is resumed: cities already done are
skipped, and URLs already fetched are read back from the store (``crawl_visits``). Each
city's results are written in one transaction together with its task row, so a kill at
any moment leaves either all of a city's results or none of them.
"""
from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Callable

from ..progress import Progress, progress_or_none
from ..store import Store, utcnow
from ..store import crawl as store_crawl
from ..store import runs as store_runs
from .fetcher import FetchConfig, Fetcher
from .sources import CitySource, host_of


@dataclass
class CityOutcome:
    city_code: str
    city_name: str
    added: int = 0                       # documents (plans) or items (news) new in the store
    found: int = 0                       # documents or items found in total
    failures: list[tuple[str, str]] = field(default_factory=list)   # (url or what, reason)
    notes: list[str] = field(default_factory=list)
    skipped: bool = False                # done in an earlier run of this job
    detail: dict = field(default_factory=dict)   # what was read where (news column, outline candidates): kept


@dataclass
class CrawlReport:
    kind: str
    job_id: int
    resumed: bool
    outcomes: list[CityOutcome] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def failures(self) -> list[tuple[str, str, str]]:
        return [(o.city_name, src, reason) for o in self.outcomes for src, reason in o.failures]

    def summary(self) -> dict:
        return {"job": self.job_id, "resumed": self.resumed, "cities": len(self.outcomes),
                "cities_skipped": sum(o.skipped for o in self.outcomes),
                "found": sum(o.found for o in self.outcomes), "added": sum(o.added for o in self.outcomes),
                "failures": len(self.failures), **self.stats}


def job_key(kind: str, params: dict) -> str:
    return hashlib.sha256(json.dumps([kind, params], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]


def open_job(store: Store, kind: str, params: dict) -> tuple[int, bool]:
    """(job id, resumed): the unfinished job with the same key, or a new one."""
    key = job_key(kind, params)
    with store.transaction():
        row = store_crawl.open_job(store.conn, kind, key)
        if row is not None:
            return row["id"], True
        return store_crawl.add_job(store.conn, kind, key, json.dumps(params, ensure_ascii=False), utcnow()), False


def finish_job(store: Store, job_id: int, summary: dict) -> None:
    with store.transaction():
        store_crawl.finish_job(store.conn, job_id, utcnow(), json.dumps(summary, ensure_ascii=False))


def done_cities(store: Store, job_id: int) -> set[str]:
    return store_crawl.done_cities(store.conn, job_id)


def commit_city(store: Store, job_id: int, outcome: CityOutcome, write: Callable[[], None]) -> None:
    """Write a city's results, its failures and its task row in one transaction."""
    with store.transaction():
        write()
        for source, reason in outcome.failures:
            # the same open failure is kept once, however often it recurs
            if not store_runs.has_open_crawl_failure(store.conn, outcome.city_code, source, reason):
                store.record_failure("crawl", reason, city_code=outcome.city_code, source=source)
        status = "failed" if outcome.failures and not outcome.found else "done"
        store_crawl.record_task(store.conn, job_id, outcome.city_code, status,
                                json.dumps({"found": outcome.found, "added": outcome.added,
                                            "failures": len(outcome.failures), **outcome.detail}, ensure_ascii=False),
                                utcnow())


def interleave_hosts(cities: list[CitySource]) -> list[CitySource]:
    """Cities reordered so that consecutive ones are on different hosts where possible (round-robin over
    hosts, each host's cities in their order): the workers then start on as many hosts as there are,
    instead of queueing behind one host's per-host limit."""
    by_host: dict[str, list[CitySource]] = {}
    for cs in cities:
        by_host.setdefault(host_of(cs.portal), []).append(cs)
    queues = list(by_host.values())
    out: list[CitySource] = []
    while queues:
        out += [q.pop(0) for q in queues]
        queues = [q for q in queues if q]
    return out


def _said(o: CityOutcome) -> str:
    """One city's result in a few words (the progress line of a city)."""
    news = o.detail.get("news") or {}
    what = f"{o.found} found" + (f" on {news['pages']} page(s)" if news.get("pages") else "")
    if news and not news.get("complete", True):
        what += ", INCOMPLETE"
    missing = [p for p, info in (o.detail.get("plans") or {}).items() if not info.get("documents")
               and info.get("listed") is not None]
    if missing:
        what += ", no " + "/".join(missing) + " outline"
    return what + (f", {len(o.failures)} failure(s)" if o.failures else "")


def run_job(store: Store, kind: str, params: dict, cities: list[CitySource],
            work: Callable[[Store, Fetcher, int, CitySource], CityOutcome], *, config: FetchConfig | None = None,
            workers: int = 4, progress: Progress | None = None) -> CrawlReport:
    """Run ``work`` for every city not yet done in this job; resume an interrupted job. `progress`
    (textmine.progress) is told the cities done."""
    job_id, resumed = open_job(store, kind, params)
    run_id = store.start_run("crawl", {"kind": kind, **params, "job": job_id})
    fetcher = Fetcher(config, job_id=job_id)
    report = CrawlReport(kind, job_id, resumed)
    done = done_cities(store, job_id)
    todo = interleave_hosts([c for c in cities if c.city.code not in done])
    report.outcomes += [CityOutcome(c.city.code, c.city.name, skipped=True) for c in cities if c.city.code in done]
    def one(cs: CitySource) -> CityOutcome:
        if threading.current_thread() is threading.main_thread():
            return work(store, fetcher, job_id, cs)
        with Store(store.home) as own:   # SQLite connections belong to one thread
            return work(own, fetcher, job_id, cs)

    tell = progress_or_none(progress)
    done_n = len(cities) - len(todo)
    tell(f"crawl {kind}", done_n, len(cities))
    status = "failed"
    try:
        if workers <= 1 or len(todo) <= 1:
            for cs in todo:
                report.outcomes.append(one(cs))
                done_n += 1
                tell(f"crawl {kind}: {cs.city.name} {_said(report.outcomes[-1])}", done_n, len(cities))
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(one, cs): cs for cs in todo}
                try:
                    for fut in as_completed(futures):
                        report.outcomes.append(fut.result())
                        done_n += 1
                        tell(f"crawl {kind}: {futures[fut].city.name} {_said(report.outcomes[-1])}", done_n,
                             len(cities))
                except BaseException:
                    for f in futures:        # a stop (Ctrl-C): cities not started are not started
                        f.cancel()
                    raise
        status = "ok"
    finally:
        report.stats = dict(fetcher.stats.counts)
        store.finish_run(run_id, status, report.summary())
    finish_job(store, job_id, report.summary())
    order = {c.city.code: i for i, c in enumerate(cities)}
    report.outcomes.sort(key=lambda o: order.get(o.city_code, 0))
    return report
