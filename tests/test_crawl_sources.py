"""Sources files: the shipped ones validate; bad entries are reported with file, entry and key."""
from __future__ import annotations

import csv

import pytest

from textmine.crawl import SourcesError, check_sources, load_sources
from textmine.crawl.sources import host_allowed
from textmine.errors import TextmineError

GOOD_CITY = """
[[city]]
name = "南平市"
portal = "https://www.np.gov.cn"
news = { platform = "trs_was5" }
plans = [{ period = "十四五", search = "第十四个五年规划" }]
"""


def write(tmp_path, text):
    p = tmp_path / "cities.toml"
    p.write_text(text, "utf-8")
    return p


def test_shipped_sources_cover_all_339_cities_and_are_unverified(shared):
    sources = load_sources()
    with open(shared / "reference" / "cemi2025_appendix1.csv", encoding="utf-8-sig") as fh:
        ranked = [r["city"] for r in csv.DictReader(fh)]
    names = {cs.city.name for cs in sources.cities.values()}
    assert len(ranked) == 339 and set(ranked) == names
    assert all(not cs.verified for cs in sources.cities.values())
    for cs in sources.cities.values():
        assert cs.news is not None and cs.plans, cs.where
        assert host_allowed(cs.news.page_url(cs.portal, 1, "x"), cs.allowed_hosts), cs.where


def test_a_good_entry_loads_with_platform_defaults(tmp_path):
    sources = load_sources(write(tmp_path, GOOD_CITY))
    cs = sources.cities["350700"]
    assert cs.allowed_hosts == ("www.np.gov.cn",)
    assert cs.news.name == "trs_was5" and cs.news.kind == "search"
    assert cs.plans[0].year == 2021 and cs.plans[0].pattern.search("南平市第十四个五年规划纲要")
    assert sources.select(["南平"]) == [cs]
    with pytest.raises(TextmineError, match="no entry"):
        sources.select(["宜昌"])


@pytest.mark.parametrize("text, message", [
    (GOOD_CITY.replace('portal = "https://www.np.gov.cn"', 'portal = "https://www.np.gov.cn"\ncolour = 1'),
     r"#1 \(南平市\): unknown key\(s\) \['colour'\]"),
    (GOOD_CITY.replace("trs_was5", "no_such_cms"), "news.platform 'no_such_cms' is not defined"),
    (GOOD_CITY.replace("南平市", "南平县"), "unknown city"),
    (GOOD_CITY.replace('search = "第十四个五年规划"', 'article_url = "https://evil.example.com/a.html"'),
     "not in allowed_hosts"),
    (GOOD_CITY.replace('platform = "trs_was5"', 'platform = "trs_was5", item = "div[[["'), "not a valid CSS selector"),
    (GOOD_CITY.replace('platform = "trs_was5"', 'platform = "trs_was5", url = "{portal}/s?q={kw}"'),
     r"unknown placeholder\(s\) \['kw'\]"),
    (GOOD_CITY.replace("十四五", "十六五"), "period '十六五' must be one of"),
    (GOOD_CITY + GOOD_CITY, "already has an entry"),
    (GOOD_CITY.replace('search = "第十四个五年规划"', 'note = "x"'), "give article_url, attachment_url, search .* or list"),
])
def test_bad_entries_are_named(tmp_path, text, message):
    _, problems = check_sources(write(tmp_path, text))
    assert any(__import__("re").search(message, p) for p in problems), problems
    with pytest.raises(SourcesError):
        load_sources(write(tmp_path, text))


def test_toml_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(TextmineError, match=r"cities.toml:3: not valid TOML: .*line 3"):
        load_sources(write(tmp_path, '[[city]]\nname = "南平市"\nportal = \n'))


def test_sources_check_command(cli, tmp_path):
    ok = cli("sources", "check", "--sources", write(tmp_path, GOOD_CITY), "--format", "csv")
    assert ok.exit_code == 0 and "350700" in ok.output and ",no," in ok.output
    bad = cli("sources", "check", "--sources", write(tmp_path, GOOD_CITY.replace("trs_was5", "nope")))
    assert bad.exit_code == 3 and "news.platform 'nope' is not defined" in bad.output


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_an_empty_sources_file_fails_the_check(cli, store, tmp_path, text):
    path = write(tmp_path, text)
    res = cli("sources", "check", "--sources", path)
    assert res.exit_code == 3
    assert f"{path}: no [[city]] entry, so there is nothing to crawl; a sources file lists one [[city]] table " \
           f"per city" in res.output.replace("\n  ", " ")
    with pytest.raises(SourcesError, match="no \\[\\[city\\]\\] entry"):
        load_sources(path)
    assert store.conn.execute("SELECT count(*) FROM crawl_jobs").fetchone()[0] == 0
