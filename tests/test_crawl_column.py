"""The generic column reader on column pages of four CMS families (TRS, Hanweb, 博达 VSB, JEECMS) built
from real pages of ../shared/realdata (tests/portal/columns.py), offline; then `crawl news` and
`crawl plans` on the fake portal with sources that give only the columns' URLs."""
from __future__ import annotations

import json

import pytest

from portal import Portal
from portal.columns import build_columns, column_pages, columns_sources, expected_column_news
from portal.libraries import DRAFT, OUTLINE_14, OUTLINE_15, REJECTED
from portal.site import _list_page, build_site
from textmine.crawl import FetchConfig, crawl_news, crawl_plans, news_counts
from textmine.crawl.column import find_column, read_column
from textmine.crawl.overview import provenance, status_rows
from textmine.crawl.sources import load_sources

BASE = "http://127.0.0.1:8000"
CFG = FetchConfig(delay=0.0, timeout=2.0, backoff=0.01, retries=2)
SINCE, UNTIL = "2023-08-14", "2024-12-31"     # the columns' first pages reach back to 2023-08-13


@pytest.fixture(scope="module")
def shared_dir():
    """../shared for the module-scoped fixtures (the `shared` fixture is per test)."""
    from conftest import SHARED

    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip(f"../shared is absent ({SHARED}); the column fixtures are built from its real pages")
    return SHARED


@pytest.fixture(scope="module")
def columns(shared_dir):
    shared = shared_dir
    return [(col, column_pages(shared, col)) for col in build_columns(shared)]


@pytest.mark.parametrize("family", ["trs", "hanweb", "vsb", "jeecms"])
def test_every_page_of_a_column_read_exactly(columns, family):
    col, pages = next((c, p) for c, p in columns if c.family == family)
    for k, path in enumerate(col.pages):
        page = read_column(pages[path], "text/html; charset=utf-8", BASE + path)
        assert [(it.title, it.url, it.date) for it in page.items] == [
            (it.title, BASE + it.path, it.date) for it in col.items[k]], (family, k, page.how)
        expected_next = BASE + col.pages[k + 1] if k + 1 < len(col.pages) else None
        assert page.next_url == expected_next, (family, k, page.next_how)


def test_the_hot_news_box_and_the_navigation_are_not_the_list(columns):
    for col, pages in columns:
        page = read_column(pages[col.first], "text/html; charset=utf-8", BASE + col.first)
        assert not any("/hot/" in it.url for it in page.items), col.family
        assert len(page.items) == 15


def test_a_selector_adapters_column_reads_the_same_without_selectors(shared):
    site = build_site(shared)
    yc = [a for a in site.articles if a.city == "yc"]
    page = read_column(_list_page(yc[:10], 0, 4).encode("utf-8"), "text/html", f"{BASE}/yc/xwzx/index.html")
    assert [(it.title, it.url, it.date) for it in page.items] == [(a.title, BASE + a.path, a.date) for a in yc[:10]]
    assert page.next_url == f"{BASE}/yc/xwzx/index_1.html" and page.next_how == "createPageHTML"


def test_a_news_column_is_found_on_the_home_page():
    from portal.libraries import HOME

    hit = find_column(HOME.encode("utf-8"), "text/html", f"{BASE}/cx/", ["{city}要闻", "政务要闻"], ("楚雄州", "楚雄"))
    assert hit == (f"{BASE}/cx/xwzx.htm", "楚雄要闻")
    assert find_column(HOME.encode("utf-8"), "text/html", f"{BASE}/cx/", ["本市要闻"], ("楚雄",)) is None


@pytest.fixture(scope="module")
def crawled(shared_dir, tmp_path_factory):
    """One fake portal with the four columns, crawled for news and plans (shared by the tests below)."""
    from textmine.store import Store

    tmp = tmp_path_factory.mktemp("columns")
    with Portal(shared_dir, columns=True) as portal, Store(tmp / "home") as store:
        src = tmp / "sources.toml"
        src.write_text(columns_sources(portal.site.columns).format(base=portal.base), "utf-8")
        lex = tmp / "news.txt"
        from portal.site import LEXICON

        lex.write_text(LEXICON, "utf-8")
        news = crawl_news(store, sources=src, lexicon=lex, since=SINCE, until=UNTIL, config=CFG, workers=2)
        news.paths = [h.path for h in portal.hits()]
        plans = crawl_plans(store, sources=src, config=CFG, workers=2)
        yield portal, store, src, lex, news, plans


def test_crawl_news_counts_every_column_exactly(crawled):
    portal, store, src, lex, news, _ = crawled
    counts = news_counts(store, since=SINCE, until=UNTIL, query=str(lex))
    by_city = {c.city: c for c in portal.site.columns}
    codes = {"宝鸡市": "610300", "泰州市": "321200", "楚雄彝族自治州": "532300", "郑州市": "410100"}
    for city, code in codes.items():
        assert counts[code] == len(expected_column_news(by_city[city], SINCE, UNTIL)), city
    assert not news.failures
    # each column walked newest first, to its first page older than the window and no further
    for col in portal.site.columns:
        assert [p for p in news.paths if p in col.pages] == col.pages[:2], col.family
    tasks = {r[0]: json.loads(r[1]) for r in store.conn.execute(
        "SELECT t.city_code, t.summary FROM crawl_tasks t JOIN crawl_jobs j ON j.id = t.job_id WHERE j.kind='news'")}
    assert tasks["532300"]["news"]["column"].endswith("/cx/xwzx.htm") and tasks["532300"]["news"]["complete"]


def test_crawl_plans_finds_the_15th_outline_through_the_editions_rules(crawled):
    portal, store, src, lex, _, plans = crawled
    docs = {(d["period"], d["title"]): d for d in store.documents(city_code="610300", kind="plan")}
    by_period = {p: [store.read_raw(d["sha256"]) for (pp, _), d in docs.items() if pp == p] for p in ("十五五", "十四五")}
    assert by_period == {"十五五": [portal.site.outlines["十五五"]], "十四五": [portal.site.outlines["十四五"]]}
    task = json.loads(store.conn.execute(
        "SELECT t.summary FROM crawl_tasks t JOIN crawl_jobs j ON j.id = t.job_id WHERE j.kind='plans' "
        "AND t.city_code='610300'").fetchone()[0])
    cands = {c["title"]: c for c in task["plans"]["十五五"]["candidates"]}
    assert cands[OUTLINE_15]["followed"] and cands[OUTLINE_15]["plan_type"] == "outline"
    for title, kind in REJECTED.items():
        assert not cands[title]["followed"] and cands[title]["plan_type"] == kind, cands[title]
    assert not cands[DRAFT]["followed"] and cands[DRAFT]["plan_type"] == "draft"
    assert OUTLINE_14 in {c["title"] for c in task["plans"]["十四五"]["candidates"] if c["followed"]}
    # 泰州 has nothing titled like an outline: said so, with what was read
    reasons = [r for city, _, r in plans.failures if city == "泰州市"]
    assert reasons == ["no 十五五 outline found (news column: 15 items on 1 page(s))"]


def test_sources_status_says_what_was_found_and_what_not(crawled, cli, monkeypatch):
    portal, store, src, lex, _, _ = crawled
    sources = load_sources(src)
    rows = {r["city"]: r for r in status_rows(store, sources)}
    assert rows["宝鸡市"]["outline_十五五"].startswith("found #") or rows["宝鸡市"]["outline_十五五"].startswith("counted")
    assert rows["泰州市"]["outline_十五五"].startswith("NOT FOUND (news column 15 items/1 pages")
    assert rows["楚雄彝族自治州"]["news_source"] == "home column" and rows["楚雄彝族自治州"]["outline_十五五"] == "no entry"
    assert rows["郑州市"]["news_crawl"].endswith("complete") and rows["郑州市"]["news_items"] > 0
    prov = provenance(store, sources)
    assert prov.news_kinds == {"column": 3, "home column": 1}
    assert prov.outline_search["十五五"] == {"found": 1, "not_found": 1, "not_searched": 0}
    monkeypatch.setenv("TEXTMINE_HOME", str(store.home))
    res = cli("sources", "status", "--sources", src, "--format", "csv", "--not-found")
    assert res.exit_code == 0, res.output
    assert "泰州市,321200,no,column" in res.output and "宝鸡市" not in res.output.split("G02")[0]
    assert "G05–G08 (十四五 outlines)" in res.output and "十五五 outline: counted or found for 1 cities, NOT FOUND for 1" \
        in res.output
