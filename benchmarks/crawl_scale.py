"""A news crawl of many portals at once on the fake hosts of tests/portal/hosts.py (one server, so one host,
per city; a news column of a year of items, the articles behind it, some 503s with Retry-After: 0), and
the time a real crawl of all 339 portals for one year of news would take, from the figures measured.

usage: python benchmarks/crawl_scale.py [--cities 339] [--items 30] [--delay 0.05] [--workers 32]
                                        [--faults 0.05] [--real-items 1000] [--real-delay 1.0]

Prints: wall time; requests served (and 503s); per-host politeness read from the servers' logs (most
requests in flight to one host, the smallest gap between two requests to one host against --delay);
how many hosts were asked at once; the news counts against the hosts' ground truth; the crawl's own cost
per request beyond the delay; the parse time per article; and the projection for --real-items items a
city-year at --real-delay seconds between requests to one host.
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from portal.hosts import PER_PAGE, Hosts  # noqa: E402

from textmine.crawl import FetchConfig, crawl_news, news_counts  # noqa: E402
from textmine.registry import load_registry  # noqa: E402
from textmine.store import Store  # noqa: E402

SINCE, UNTIL = "2024-01-01", "2024-12-31"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cities", type=int, default=339)
    ap.add_argument("--items", type=int, default=30, help="news items a city-year on the fake hosts")
    ap.add_argument("--delay", type=float, default=0.05, help="seconds between two requests to one host")
    ap.add_argument("--workers", type=int, default=32)
    ap.add_argument("--faults", type=float, default=0.05, help="share of answers that are 503 + Retry-After: 0")
    ap.add_argument("--real-items", type=int, default=1000, help="items a city-year on a real portal (projection)")
    ap.add_argument("--real-delay", type=float, default=1.0)
    ap.add_argument("--real-response", type=float, default=0.3, help="a real portal's answer time, seconds")
    a = ap.parse_args()
    cities = list(load_registry())[:a.cities]
    with tempfile.TemporaryDirectory() as tmp, Hosts(len(cities), items=a.items, fault_rate=a.faults) as hosts:
        tmp = Path(tmp)
        src = tmp / "sources.toml"
        src.write_text(hosts.sources([c.name for c in cities]), "utf-8")
        lex = tmp / "news.txt"
        lex.write_text("# category: news\n# version: bench-1\n# definition: benchmark query\n生态产品价值实现\n", "utf-8")
        cfg = FetchConfig(delay=a.delay, timeout=10, backoff=0.0, retries=5)
        import threading

        import requests

        sent: dict[str, list[float]] = {}          # when the crawler sent each request, per host (client side)
        lock, real_get = threading.Lock(), requests.Session.get

        def get(self, url, *args, **kwargs):
            with lock:
                sent.setdefault(url.split("/")[2], []).append(time.monotonic())
            return real_get(self, url, *args, **kwargs)

        requests.Session.get = get
        with Store(tmp / "home") as store:
            t0 = time.perf_counter()
            report = crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=cfg,
                                workers=a.workers)
            wall = time.perf_counter() - t0
            parse_s = report.stats.get("parse_seconds")
            counts = news_counts(store, since=SINCE, until=UNTIL, query=str(lex))
            right = sum(int(counts[c.code]) == hosts.matching(k, SINCE, UNTIL) for k, c in enumerate(cities))
            parsed = store.conn.execute("SELECT count(*) FROM documents WHERE kind = 'news'").fetchone()[0]
        log = hosts.log
        served = len(log)
        faulty = sum(r.status == 503 for r in log)
        per_city = served / len(cities)
        rounds = math.ceil(len(cities) / a.workers)
        ideal = rounds * per_city * a.delay
        print(f"{len(cities)} portals, {a.items} items a year each, delay {a.delay} s, {a.workers} workers, "
              f"{a.faults:.0%} answers 503")
        print(f"crawl + parse: {wall:.1f} s wall ({parse_s or 0:.1f} s of it parsing {parsed} articles); "
              f"{served} requests served ({faulty} 503s retried), {per_city:.1f} a city")
        gaps = [b - x for t in sent.values() for x, b in zip(sorted(t), sorted(t)[1:])]
        print(f"per-host politeness: at most {hosts.max_in_flight_per_host()} request in flight to one host "
              f"(servers' logs); smallest gap between two requests sent to one host {min(gaps):.3f} s "
              f"(delay {a.delay} s; crawler side); up to {hosts.max_hosts_in_flight()} hosts answering at once")
        print(f"news counts equal to the hosts' ground truth for {right} of {len(cities)} cities; "
              f"failures {len(report.failures)}")
        crawl_s = wall - (parse_s or 0)
        rate = served / crawl_s
        print(f"delay-bound time {ideal:.1f} s ({rounds} rounds of {a.workers} cities x {per_city:.0f} requests x "
              f"{a.delay} s); measured crawl {crawl_s:.1f} s: {rate:.0f} requests/s with the hosts in the same "
              f"process on this machine (the crawler's capacity is at least that)")
        per_article = (parse_s or 0) / max(parsed, 1)
        real = _real_pages(ROOT.parent / "shared")
        if real:
            per_article, size = real
            print(f"real government article pages (../shared/realdata stats/, notices/): median {per_article * 1000:.0f} ms "
                  f"to parse, median {size / 1024:.0f} KiB: {339 * a.real_items * size / 2**30:.0f} GiB of raw pages "
                  f"for {a.real_items} items x 339 cities")
        real_requests = 2 + math.ceil(a.real_items / PER_PAGE) + a.real_items
        city_s = real_requests * max(a.real_delay, a.real_response)
        import os

        cores = os.cpu_count() or 1
        parse_h = 339 * a.real_items * per_article / cores / 3600     # parse_corpus runs a worker per core
        for w in (16, 32, 64):
            delay_bound = math.ceil(339 / w) * city_s
            cpu_bound = 339 * real_requests / rate
            total = max(delay_bound, cpu_bound) + parse_h * 3600
            print(f"projection, 339 portals x {a.real_items} items a year, {a.real_delay:g} s between requests to a "
                  f"host, {w} workers: {real_requests} requests a city ({city_s / 60:.0f} min); delay-bound "
                  f"{delay_bound / 3600:.1f} h, CPU-bound {cpu_bound / 3600:.1f} h, + parse {parse_h:.1f} h "
                  f"({per_article * 1000:.1f} ms an article, {cores} cores) = {total / 3600:.1f} h")
        titles_only = 2 + math.ceil(a.real_items / PER_PAGE)
        print(f"titles only (verify = \"title\": no article fetched): {titles_only} requests a city, "
              f"{math.ceil(339 / 32) * titles_only * max(a.real_delay, a.real_response) / 60:.0f} min with 32 workers")


def _real_pages(shared: Path):
    """(median parse seconds, median bytes) of the real article pages of ../shared/realdata, or None."""
    from textmine.parse.html import extract_html

    pages = sorted(p for d in ("stats", "notices") for p in (shared / "realdata" / d).glob("*.htm*"))
    if not pages:
        return None
    times, sizes = [], []
    for p in pages:
        data = p.read_bytes()
        t0 = time.perf_counter()
        extract_html(data)
        times.append(time.perf_counter() - t0)
        sizes.append(len(data))
    return sorted(times)[len(times) // 2], sorted(sizes)[len(sizes) // 2]


if __name__ == "__main__":
    main()
