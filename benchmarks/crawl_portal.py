"""Crawl the fake portal (tests/portal) with injected faults and print measured figures.

usage: python benchmarks/crawl_portal.py [FAULT_RATE] [SHARED_DIR]
"""
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from portal import Portal, expected_news  # noqa: E402
from portal.config import write_config  # noqa: E402

from textmine.crawl import FetchConfig, crawl_news, crawl_plans, news_counts  # noqa: E402
from textmine.store import Store  # noqa: E402

rate = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
shared = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared"
cfg = FetchConfig(delay=0.0, timeout=0.4, backoff=0.01, retries=6, max_bytes=1 << 20)
with Portal(shared, fault_rate=rate, seed=7) as p, tempfile.TemporaryDirectory() as tmp:
    src, lex = write_config(p, Path(tmp) / "cfg")
    with Store(Path(tmp) / "home") as store:
        for label in ("first crawl", "rerun (nothing changed)"):
            p.clear_log()
            t0 = time.perf_counter()
            plans = crawl_plans(store, sources=src, config=cfg, workers=2)
            news = crawl_news(store, sources=src, lexicon=lex, since="2021-01-01", until="2023-12-31",
                              config=cfg, workers=2)
            dt = time.perf_counter() - t0
            hits = p.hits()
            faulty = sum(1 for h in hits if h.fault)
            s1, s2 = plans.summary(), news.summary()
            print(f"{label}: {dt:.2f} s, {len(hits)} requests served ({faulty} faulty = {faulty / len(hits):.0%}), "
                  f"{sum(h.complete for h in hits)} complete 200s, {sum(h.status == 304 for h in hits)} 304s; "
                  f"plans found {s1['found']} (failures {s1['failures']}), news items {s2['found']}, "
                  f"retries {s1.get('retries', 0) + s2.get('retries', 0)}")
        c = news_counts(store, "2021-01-01", "2023-12-31", query=str(lex))   # the portal's own queries
        print("news counts:", {k: int(v) for k, v in c.dropna().items()},
              "expected:", {"350700": len(expected_news(p.site, "np", "2021-01-01", "2023-12-31")),
                            "420500": len(expected_news(p.site, "yc", "2021-01-01", "2023-12-31"))})
