"""`textmine sources probe`: the CMS of the real saved portal pages (../shared/realdata/html), and
on the fake portal a [[city]] entry good enough to crawl with."""
from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import pytest

from portal import Portal, expected_news
from portal.config import write_config
from portal.site import Resource
from textmine.crawl import FetchConfig, check_sources, crawl_news, news_counts
from textmine.crawl.cms import detect_cms, load_cms
from textmine.crawl.probe import probe_portal, site_domain

REAL = ["zj_fgw_deqing_investment_article", "shanxi_gov_article", "cmse_gov_press_article",
        "people_cn_article_gb2312"]
CFG = FetchConfig(delay=0.0, timeout=1.0, retries=1, backoff=0.01)


@pytest.fixture
def portal(shared):
    with Portal(shared) as p:
        for name in REAL:
            p.site.resources[f"/real/{name}.html"] = Resource(
                (shared / "realdata" / "html" / f"{name}.html").read_bytes(), "text/html")
        yield p


def test_cms_of_the_real_saved_pages(portal, store):
    reports = {name: probe_portal(store, f"{portal.base}/real/{name}.html", config=CFG) for name in REAL}
    cms = {name: (r.cms.cms.name if r.cms else None) for name, r in reports.items()}
    assert cms == {"zj_fgw_deqing_investment_article": "hanweb", "shanxi_gov_article": "trs",
                   "cmse_gov_press_article": "trs", "people_cn_article_gb2312": None}
    zj, shanxi = reports[REAL[0]], reports[REAL[1]]
    assert {"jcms_files", "jrobotfront/search.do", "hanweb.css"} <= set(zj.cms.evidence)
    assert {"TRS_Editor", "trs_ta_js"} <= set(shanxi.cms.evidence)
    # the 开普云 error-report widget on the 山西 page is a hint, not a recognition
    assert [(d.cms.name, d.score) for d in shanxi.detected if d.cms.name == "kaipuyun"] == [("kaipuyun", 1)]
    # the 浙江 search engine lives on another site: named, never requested
    assert any("search.zj.gov.cn" in n and "not requested" in n for n in zj.notes)
    assert any("sxgovsearch.jsp" in n and "POST" in n for n in shanxi.notes)
    assert {h.host for h in portal.hits()} == {f"127.0.0.1:{portal.port}"}
    # nothing works on saved pages: each try says why, and the entry says no adapter worked
    for r in reports.values():
        assert r.best is None and r.attempts and all(not a.worked for a in r.attempts)
        assert "no search adapter worked" in r.entry() and "# did not:" in r.entry()
    assert "0 with" not in reports[REAL[3]].entry()      # the 人民网 login form is not taken for a search


def test_probed_entry_crawls_like_a_hand_written_one(portal, store, tmp_path):
    np = probe_portal(store, portal.base + "/np/index.html", config=CFG)
    yc = probe_portal(store, portal.base + "/yc/index.html", config=CFG)
    assert np.cms.cms.name == "hanweb" and np.city.name == "南平市" and np.charset == "gbk"
    assert yc.cms.cms.name == "trs" and yc.city.name == "宜昌市"
    assert np.best.platform == "hanweb_jrobot" and np.best.items == 10 and np.best.total == 34
    assert yc.best.platform == "trs_was5"
    assert any(a.platform == "trs_column" and a.error == "HTTP 404" for a in yc.attempts)
    entry_np, entry_yc = np.entry(), yc.entry()
    assert 'news = { platform = "hanweb_jrobot", query_encoding = "gbk" }' in entry_np
    assert "# worked: hanweb_jrobot as shipped: 10 items on the first result page (total 34)" in entry_np
    assert "# did not: trs_column as shipped" in entry_yc
    # the two entries are a valid sources file, and crawling with it counts what the portal holds
    path = tmp_path / "probed.toml"
    path.write_text(entry_np + "\n" + entry_yc, "utf-8")
    tomllib.loads(path.read_text("utf-8"))
    sources, problems = check_sources(path)
    assert problems == [] and len(sources.cities) == 2
    _, lexicon = write_config(portal, tmp_path / "cfg")
    crawl_news(store, sources=path, lexicon=lexicon, since="2021-01-01", until="2023-12-31", config=CFG, workers=1)
    counts = news_counts(store, "2021-01-01", "2023-12-31", query=lexicon)
    assert counts["350700"] == len(expected_news(portal.site, "np", "2021-01-01", "2023-12-31"))
    # 宜昌 by site search finds fewer than its column holds: the fake TRS search matches a query term
    # itself, not the lexicon's other variants (绿水青山转化为金山银山 is not found by 两山转化)
    assert 0 < counts["420500"] <= len(expected_news(portal.site, "yc", "2021-01-01", "2023-12-31"))


def test_cli_probe(portal, cli):
    res = cli("sources", "probe", portal.base + "/np/index.html", "--delay", "0", "--retries", "1", "--timeout", "1")
    assert res.exit_code == 0
    assert "[[city]]" in res.output and 'name = "南平市"' in res.output and "# worked:" in res.output
    res = cli("sources", "probe", portal.base + "/real/zj_fgw_deqing_investment_article.html", "--city", "湖州",
              "--delay", "0", "--retries", "0", "--timeout", "1", "--format", "json")
    assert res.exit_code == 0 and '"city": "湖州市"' in res.output and '"name": "hanweb"' in res.output
    res = cli("sources", "probe", portal.base + "/nowhere.html", "--delay", "0", "--retries", "0", "--timeout", "1")
    assert res.exit_code == 3 and "could not be fetched: HTTP 404" in res.output


def test_markers_and_site_domains():
    systems = load_cms()
    assert detect_cms('<div class="TRS_Editor">', systems)[0].cms.name == "trs"
    assert detect_cms('<script src="/kpy/kaipuyun.cn/exposure/jiucuo.js">', systems)[0].score == 1
    assert detect_cms("<p>nothing</p>", systems) == []
    assert site_domain("search.zj.gov.cn") == "zj.gov.cn" == site_domain("fgw.zj.gov.cn")
    assert site_domain("www.np.gov.cn") == "np.gov.cn" and site_domain("search.people.com.cn") == "people.com.cn"


def test_docs_probe_example_is_what_the_command_prints(portal, cli):
    import datetime as dt
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "crawl.md").read_text("utf-8")
    block = re.search(r"<!-- probe-example.*?-->\n```text\n\$ ([^\n]+)\n(.*?)```", doc, re.S)
    command, shown = block.group(1), block.group(2)
    args = command.replace("http://127.0.0.1:PORT", portal.base).split()[1:]
    res = cli(*args)
    assert res.exit_code == 0
    printed = res.output.replace(str(portal.port), "PORT").replace(dt.date.today().isoformat(), "DATE")
    assert printed == shown


SAVED = {  # a real saved page of ../shared/realdata per CMS family: (family, proposed news platform)
    "html/zj_fgw_deqing_investment_article.html": ("hanweb", "hanweb_jrobot"),
    "stats/统计公报_2025_宝鸡市.html": ("trs", "column"),
    "notices/楚雄市_预算报告_2026.html": ("vsb", "column"),
    "stats/统计公报_2025_郑州市.html": ("jeecms", "column"),
    "stats/统计公报_2025_许昌市.html": ("epoint", "home_column"),       # an article page: no news column linked
    "plans/政府工作报告_2026_广州市.html": ("gkmlpt", "home_column"),
    "stats/预算执行_2025_西安市.html": ("kaipuyun", "kaipuyun_search"),
    "html/people_cn_article_gb2312.html": (None, "home_column"),
}


@pytest.mark.parametrize("name", list(SAVED))
def test_probe_of_a_saved_page_is_offline_and_proposes_a_source(shared, name, monkeypatch):
    import requests

    from textmine.crawl.saved import probe_saved

    monkeypatch.setattr(requests.Session, "get", lambda *a, **k: pytest.fail("a saved page must not be fetched"))
    report = probe_saved(shared / "realdata" / name)
    family, platform = SAVED[name]
    assert (report.cms.cms.name if report.cms else None) == family, [(d.cms.name, d.evidence) for d in report.detected]
    assert report.proposal["platform"] == platform, (report.column, report.adapters)
    entry = tomllib.loads(report.entry())["city"][0]
    assert entry["news"] == report.proposal and entry["verified"] is False


def test_saved_probe_reads_the_generator_meta_and_the_saved_from_address(tmp_path, cli):
    page = tmp_path / "home.html"
    page.write_text('<!-- saved from url=(0026)https://www.example.gov.cn/ -->\n<html><head><meta charset="utf-8">'
                    '<meta name="generator" content="PowerEasy SiteFactory 6.8"><meta name="SiteName" content="南平市人民政府">'
                    '</head><body><a href="/xwzx/npyw/">南平要闻</a><a href="/zwgk/">政务公开</a></body></html>', "utf-8")
    from textmine.crawl.saved import probe_saved

    report = probe_saved(page)
    assert report.cms.cms.name == "powereasy" and report.cms.evidence[0] == "generator PowerEasy SiteFactory 6.8"
    assert report.url == "https://www.example.gov.cn/" and report.city.name == "南平市"
    assert report.proposal == {"platform": "column", "first_url": "https://www.example.gov.cn/xwzx/npyw/"}
    res = cli("sources", "probe", page)
    assert res.exit_code == 0 and 'news = { platform = "column", first_url = "https://www.example.gov.cn/xwzx/npyw/" }' \
        in res.output and "动易 SiteFactory, score 9 (recognised): generator PowerEasy SiteFactory 6.8" in res.output
