"""corpora/sources/cities.toml is what tools/build_city_sources.py writes from the public portal list in
../shared/realdata/portals, and a rerun keeps a person's edits."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from textmine.crawl import load_sources

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "corpora" / "sources" / "cities.toml"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("build_city_sources", ROOT / "tools" / "build_city_sources.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_shipped_file_is_the_scripts_output(shared, tool):
    text = TARGET.read_text("utf-8")
    rebuilt, _ = tool.build(shared, text)
    assert rebuilt == text, "corpora/sources/cities.toml differs from `python tools/build_city_sources.py`"


def test_every_city_has_a_portal_news_and_a_15th_plan_entry_and_hosts_agree_with_the_list(shared, tool):
    sources = load_sources()
    assert len(sources.cities) == 339
    gov = {r["地区"]: r for _, r in tool._sheet(shared / tool.PORTALS / "website-gov.xlsx", "gov")}
    for cs in sources.cities.values():
        assert cs.news is not None and any(p.period == "十五五" and p.list for p in cs.plans), cs.where
        assert not cs.verified
        row = gov[cs.origin["portal"]["region"]]
        assert urlsplit(cs.portal).hostname == urlsplit(row["生效URL"] or row["门户URL"]).hostname
        assert cs.origin["portal"]["row"] >= 2 and cs.origin["news"]["file"] == "website-news.xlsx"
        if cs.news.name == "column":
            assert cs.news.first_url == cs.origin["news"]["url"].replace("{", "{{").replace("}", "}}")
        else:
            assert cs.news.name == "home_column" and cs.origin["news"]["why"]
        assert (cs.policy is None) == ("why" in cs.origin["policy"])


def test_a_rerun_keeps_hand_edits_and_regenerates_the_rest(shared, tool):
    text = TARGET.read_text("utf-8")
    data = tomllib.loads(text)
    np_entry = next(e for e in data["city"] if e["name"] == "南平市")
    column = np_entry["news"]["first_url"]
    edited = text.replace(
        f'news = {{ platform = "column", first_url = "{column}" }}',
        f'news = {{ platform = "column", first_url = "{column}", item = "ul.list li" }}', 1)
    start = edited.index('name = "南平市"')
    block_end = edited.index("[[city]]", start)
    block = edited[start:block_end]
    hand = (block.replace("verified = false", 'verified = true\nnote = "checked by hand 2026-05-02"')
            .replace('allowed_hosts = ["www.np.gov.cn", "np.gov.cn"',
                     'allowed_hosts = ["www.np.gov.cn", "np.gov.cn", "zwgk.np.gov.cn"')
            .replace('{ period = "十五五", year = 2026, list = ["policy", "news"] }',
                     '{ period = "十五五", year = 2026, article_url = "https://www.np.gov.cn/cms/html/npszf/2026-03-02/1.html" }'))
    assert hand != block
    edited = edited[:start] + hand + edited[block_end:]
    # a generated value changed to what the list does not say, and nothing recorded it as a hand edit:
    # another city's origin-conform entry, deleted, comes back
    rebuilt, kept = tool.build(shared, edited)
    new = {e["name"]: e for e in tomllib.loads(rebuilt)["city"]}
    np_new = new["南平市"]
    assert np_new["verified"] is True and np_new["note"] == "checked by hand 2026-05-02"
    assert np_new["news"] == {"platform": "column", "first_url": column, "item": "ul.list li"}
    assert "zwgk.np.gov.cn" in np_new["allowed_hosts"]
    assert np_new["plans"][0] == {"period": "十五五", "year": 2026,
                                  "article_url": "https://www.np.gov.cn/cms/html/npszf/2026-03-02/1.html"}
    assert np_new["plans"][1]["period"] == "十四五" and np_new["plans"][1]["list"]
    assert kept == {"verified": 1, "note": 1, "plans": 1, "news": 1, "policy": 0, "portal": 0, "hosts": 1}
    # and the rewritten file is stable: writing it again changes nothing
    assert tool.build(shared, rebuilt)[0] == rebuilt


def test_an_entry_written_by_hand_keeps_its_sources_notes_and_pinned_plans(shared, tool):
    old = ('[[city]]\nname = "宜昌市"\ncode = "420500"\nportal = "https://www.yichang.gov.cn"\nverified = true\n'
           'note = "plan pinned by hand"\nnews = { platform = "trs_was5" }\n'
           'plans = [{ period = "十四五", year = 2021, article_url = "https://www.yichang.gov.cn/a.html" },'
           ' { period = "十五五", year = 2026, search = "第十五个五年规划纲要" }]\n')
    rebuilt, kept = tool.build(shared, old)
    yc = next(e for e in tomllib.loads(rebuilt)["city"] if e["name"] == "宜昌市")
    assert yc["verified"] is True and yc["note"] == "plan pinned by hand"
    assert yc["news"] == {"platform": "trs_was5"} and yc["origin"]["news"]["file"] == "website-news.xlsx"
    assert [p.get("article_url") or p.get("list") for p in yc["plans"]] == [
        "https://www.yichang.gov.cn/a.html", ["policy", "news"]]
    assert kept["verified"] == 1 and kept["plans"] == 1 and kept["news"] == 1
    again, kept2 = tool.build(shared, rebuilt)                      # now with origin: still kept
    assert again == rebuilt and kept2["news"] == 1
