"""A crawl of many portals at once (tests/portal/hosts.py: one server, one host, per city): hosts run in
parallel, never more than one request in flight to one host, a stopped crawl resumes where it stopped, and
the counts equal the portals' ground truth. Read from the order of events (requests counted in flight), not
from timings; the timing at scale is benchmarks/crawl_scale.py's."""
from __future__ import annotations

import pytest

from portal.fakes import FakeClock
from portal.hosts import Hosts
from textmine.crawl import FetchConfig, crawl_news, news_counts
from textmine.registry import load_registry

SINCE, UNTIL = "2024-01-01", "2024-12-31"
CFG = FetchConfig(delay=0.0, timeout=2.0, backoff=0.0, retries=3, clock=FakeClock())   # nothing slept


def test_many_portals_in_parallel_politely_and_resumed_after_a_stop(store, tmp_path):
    cities = [c for c in load_registry()][:8]
    lex = tmp_path / "news.txt"
    lex.write_text("# category: news\n# version: scale-1\n# definition: the scale test query\n生态产品价值实现\n", "utf-8")
    with Hosts(len(cities), items=20, latency=0.004, meet=2) as hosts:
        src = tmp_path / "sources.toml"
        src.write_text(hosts.sources([c.name for c in cities]), "utf-8")

        class Stop(Exception):
            pass

        def stop_after_three(what, done=0, total=None):
            if done >= 3 and ": " in what:
                raise Stop()

        with pytest.raises(Stop):
            crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=CFG, workers=4,
                       progress=stop_after_three)
        first = len(hosts.log)
        done_first = store.conn.execute("SELECT count(*) FROM crawl_tasks WHERE status = 'done'").fetchone()[0]
        assert done_first >= 3
        report = crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=CFG, workers=4)
        assert report.resumed and sum(o.skipped for o in report.outcomes) == done_first
        # the cities done before the stop were not asked again
        done_codes = {o.city_code for o in report.outcomes if o.skipped}
        done_hosts = {k for k, c in enumerate(cities) if c.code in done_codes}
        assert not [r for r in hosts.log[first:] if r.host in done_hosts]
        counts = news_counts(store, since=SINCE, until=UNTIL, query=str(lex))
        assert {c.code: int(counts[c.code]) for c in cities} == {c.code: hosts.matching(k, SINCE, UNTIL)
                                                                  for k, c in enumerate(cities)}
        assert hosts.max_in_flight_per_host() == 1           # the per-host limit
        assert hosts.max_hosts_in_flight() >= 2               # several hosts at once
