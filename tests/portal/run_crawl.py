"""Run a plans crawl then a news crawl of the fake portal (the subprocess the kill tests SIGKILL).

usage: python run_crawl.py HOME SOURCES LEXICON SINCE UNTIL

The waits (per-host delay, back-offs) run on a fake clock: recorded, not slept.
"""
import sys

from fakes import FakeClock    # this script's folder, tests/portal, is first on sys.path

from textmine.crawl import FetchConfig, crawl_news, crawl_plans
from textmine.store import Store

home, sources, lexicon, since, until = sys.argv[1:6]
cfg = FetchConfig(delay=0.002, timeout=0.5, backoff=0.01, retries=8, max_bytes=1 << 20, clock=FakeClock())
with Store(home) as store:
    crawl_plans(store, sources=sources, config=cfg, workers=2)
    crawl_news(store, sources=sources, lexicon=lexicon, since=since, until=until, config=cfg, workers=2)
print("done")
