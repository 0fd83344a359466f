"""News as the report defines it (issue 11): the phrase 生态产品价值实现, items of the reference window
only (cemi-2025: 2024), undated items listed but never counted, and only from crawls that covered the
window and searched the lexicon's queries. Items are matched by the plan matcher on the title and the
parsed article. The news texts are written for the test."""
from __future__ import annotations

import json
import math

from count_helpers import add_plan
from textmine.count.audit import news_audit
from textmine.count.news import count_news, judge_items, load_news_query, news_counts

NP, LS, HZ = "350700", "331100", "330500"
ITEMS = [  # (url, title, published, body)
    ("/a/2023.html", "南平市推进生态产品价值实现机制试点", "2023-05-01", None),
    ("/a/2024-title.html", "南平召开生态产品价值实现工作推进会", "2024-03-02", None),
    ("/a/2024-body.html", "南平市召开全市生态文明建设大会", "2024-07-15",
     "会议要求，加快完善生态产品价值实现路径。会议还部署了河湖管理工作。"),
    ("/a/2024-none.html", "南平市加强河湖管理", "2024-09-01", None),
    ("/a/2024-broad.html", "南平探索两山转化新路径", "2024-10-01", None),
    ("/a/2025.html", "生态产品价值实现：南平经验", "2025-02-01", None),
    ("/a/undated.html", "南平市生态产品价值实现机制实施方案解读", None, None),
]


def _crawl(store, city, since, until, queries):
    store.conn.execute("INSERT INTO news_crawls (city_code, since, until, items, lexicon, queries, finished_at) "
                       "VALUES (?,?,?,0,'test',?,'2025-06-01T00:00:00+00:00')",
                       (city, since, until, json.dumps(queries, ensure_ascii=False)))


def _items(store, city):
    for url, title, date, body in ITEMS:
        doc = add_plan(store, city, [body], title=title, kind="news") if body else None
        store.conn.execute("INSERT INTO news_items (city_code, url, title, published, query, source, document_id,"
                           " found_at) VALUES (?,?,?,?,?,?,?,'2025-06-01')",
                           (city, "http://gov.example" + url, title, date, "生态产品价值实现", "search", doc))


def setup(store):
    _items(store, NP)
    _crawl(store, NP, "2023-01-01", "2025-12-31", ["生态产品价值实现"])
    _items(store, LS)
    _crawl(store, LS, "2024-03-01", "2024-12-31", ["生态产品价值实现"])          # misses Jan–Feb 2024
    _items(store, HZ)
    _crawl(store, HZ, "2023-01-01", "2025-12-31", ["两山转化"])                  # never searched the phrase


def test_only_items_of_the_reference_year_count(store):
    setup(store)
    res = count_news(store)                           # the model's lexicon and window (2024)
    assert (res.since, res.until) == ("2024-01-01", "2024-12-31") and res.query.name == "news"
    assert res.counts[NP] == 2
    assert res.undated == {NP: 1, LS: 1, HZ: 1}
    assert math.isnan(res.counts[LS]) and "crawl started at 2024-03-01" in res.not_covered[LS]
    assert math.isnan(res.counts[HZ]) and "did not search 生态产品价值实现" in res.not_covered[HZ]
    assert math.isnan(res.counts["110000"])           # never crawled: missing, not 0
    verdicts = {v.url.rsplit("/", 1)[1]: v for v in judge_items(store, city=NP, since="2024-01-01",
                                                                until="2024-12-31")}
    assert {k: v.status for k, v in verdicts.items()} == {
        "2023.html": "outside window", "2024-title.html": "counted", "2024-body.html": "counted",
        "2024-none.html": "no match", "2024-broad.html": "no match", "2025.html": "outside window",
        "undated.html": "undated"}
    body = verdicts["2024-body.html"]
    assert (body.where, body.page, body.sentence) == ("body", 1, "会议要求，加快完善生态产品价值实现路径。")


def test_the_audit_lists_exactly_the_counted_items(store, cli):
    setup(store)
    rows = news_audit(store, "南平")
    counted = [r for r in rows if r["status"] == "counted"]
    assert [r["url"].rsplit("/", 1)[1] for r in counted] == ["2024-body.html", "2024-title.html"]
    assert all(r["published"].startswith("2024") and r["sentence"] for r in counted)
    assert [r["status"] for r in rows if r["status"] != "counted"] == ["undated"]
    out = cli("audit", "南平", "--category", "news", "--format", "csv").output
    assert out.count("counted,2024") == 2 and "生态产品价值实现路径" in out and "undated" in out


def test_the_broad_lexicon_is_a_named_alternative(store):
    setup(store)
    _crawl(store, NP, "2023-01-01", "2025-12-31", [t for t in load_news_query("broad").search_terms])
    broad = news_counts(store, "2024-01-01", "2024-12-31", query="broad")
    assert broad[NP] == 3                               # + 两山转化
    assert broad.attrs["lexicon"].startswith("broad ") and "2024-01-01 – 2024-12-31" in broad.attrs["measure"]
    assert load_news_query().search_terms == ["生态产品价值实现"]


def test_scoring_reads_the_window_and_says_what_it_measured(store):
    from textmine.scoring import load_model
    from textmine.scoring.inputs import text_mined_values

    setup(store)
    model = load_model()
    values, notes, sources = text_mined_values(store, model)
    g02 = [leaf for leaf, key in model.text_leaves().items() if key == "news.count"][0]
    assert values.loc[NP, g02] == 2 and math.isnan(values.loc[LS, g02])
    assert sources.news["since"] == "2024-01-01" and sources.news["lexicon"].startswith("news 2026.2+")
    assert any("published 2024-01-01 – 2024-12-31" in n for n in notes)
    values, _, _ = text_mined_values(store, model, since="2023-01-01", until="2025-05-31")
    assert values.loc[NP, g02] == 4
    # a window the crawl (finished 2025-06-01) cannot have covered is not measured
    values, _, sources = text_mined_values(store, model, since="2023-01-01", until="2025-12-31")
    assert math.isnan(values.loc[NP, g02]) and "window ended 2025-06-01" in sources.news["not_covered"][NP]
