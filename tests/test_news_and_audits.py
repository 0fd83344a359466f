"""Issue 32, cases 6 and 7: news ingested by hand, and audits that could look like answers.

On main `ingest page.html --kind news` was accepted with a message about plan periods, and `audit CITY --category
news` then said "no news crawl for this city": nothing joined the items G02 counts. `audit CITY --term X` for a
term in no lexicon printed empty tables and exited 0, and `audit --mode substring` after `count` (one mode)
printed 0 hits."""
from __future__ import annotations

import csv
import io

from count_helpers import ROOT

NEWS = "notices/三明市_预算执行报告_2026.html"          # a real page that names 生态产品价值实现
OTHER = "plans/新闻_2026_合肥2030年目标_人民网.html"     # a real news article of 2026-01-21


def test_a_news_page_joins_the_items_g02_counts_and_says_what_it_does(cli, shared, store):
    res = cli("ingest", shared / "realdata" / NEWS, "--city", "三明", "--kind", "news", "--date", "2024-05-03")
    assert res.exit_code == 0 and "plan" not in res.output.split("\n")[0]
    assert "news      #1  published 2024-05-03: inside the window 2024-01-01 – 2024-12-31 and matching 生态产品价值实现" \
        in res.output
    assert "G02 of 三明市 is not measured" in res.output and "`textmine crawl news --city 三明市`" in res.output
    late = cli("ingest", shared / "realdata" / OTHER, "--city", "合肥", "--kind", "news")      # dated by the page
    assert "published 2026-01-21: not counted (outside window, the window is 2024-01-01 – 2024-12-31)" in late.output
    audit = cli("audit", "三明", "--category", "news", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(audit.output[audit.output.index("status,"):])))
    assert [(r["status"], r["published"], r["document_id"]) for r in rows] == [("counted", "2024-05-03", "1")]
    head = cli("audit", "三明", "--category", "news").output.splitlines()[0]
    assert "not measured" in head and "textmine crawl news --city 三明市" in head
    # once a news crawl covers the window, the same matcher counts the page for G02
    store.conn.execute("INSERT INTO news_crawls (city_code, since, until, items, lexicon, queries, finished_at) "
                       "VALUES ('350400', '2024-01-01', '2024-12-31', 0, 'news', '[\"*\"]', '2025-01-10T00:00:00')")
    store.conn.commit()
    from textmine.count.news import count_news

    assert count_news(store).counts["350400"] == 1.0


def test_an_unknown_term_is_refused_with_suggestions(cli):
    cli("ingest", ROOT / "corpora" / "sample" / "docs" / "lishui_plan_15th.pdf", "--city", "丽水", "--kind", "plan")
    cli("count", "--period", "十五五")
    res = cli("audit", "丽水", "--period", "十五五", "--term", "生态银杏", "--format", "csv")
    assert res.exit_code == 3 and "'生态银杏' is not a term or variant of any lexicon" in res.output
    assert "did you mean: 生态银行 (market)" in res.output
    assert cli("audit", "丽水", "--period", "十五五", "--term", "两山银行", "--format", "csv").exit_code == 0  # a variant


def test_a_mode_not_counted_yet_is_counted_on_demand(cli, store):
    cli("ingest", ROOT / "corpora" / "sample" / "docs" / "lishui_plan_15th.pdf", "--city", "丽水", "--kind", "plan")
    cli("count", "--period", "十五五")                       # token mode only
    assert store.conn.execute("SELECT COUNT(*) FROM match_pages WHERE mode='substring'").fetchone()[0] == 0
    res = cli("audit", "丽水", "--period", "十五五", "--mode", "substring", "--category", "market", "--format", "csv")
    assert res.exit_code == 0 and "substring mode was not counted yet: counted now" in res.output
    rows = [r for r in csv.DictReader(io.StringIO("".join(x for x in res.output.splitlines(True)
                                                          if not x.startswith("note:"))))]
    assert rows and {r["mode"] for r in rows} == {"substring"}
    from textmine.count.audit import ModeNotCounted, audit_hits

    store.conn.execute("DELETE FROM match_pages WHERE mode='substring'")
    store.conn.commit()
    try:                                             # the library refuses rather than return an empty list
        audit_hits(store, "丽水", mode="substring", period="十五五")
        raise AssertionError("no refusal")
    except ModeNotCounted as exc:
        assert "not counted in substring mode yet" in str(exc)
