"""Bad input, part 2: dates. One reader (textmine.dates) for every date textmine reads — options, listing
dates, a page's publication date, a notice's signature — so 2023-02-30 is refused everywhere and
二〇二三年五月一日 / 2023年5月1日 are read everywhere."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from textmine.dates import find_dates, first_date, parse_date
from textmine.errors import TextmineError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text,iso", [
    ("2023-05-01", "2023-05-01"), ("2023/5/1", "2023-05-01"), ("2023.5.1", "2023-05-01"),
    ("2023年5月1日", "2023-05-01"), ("2023 年 5 月 1 日", "2023-05-01"), ("２０２３年５月１日", "2023-05-01"),
    ("二〇二三年五月一日", "2023-05-01"), ("二零二三年十二月三十一日", "2023-12-31"), ("二〇二四年二月二十九日", "2024-02-29"),
    ("2023-02-30", None), ("二〇二三年二月二十九日", None), ("2023-13-01", None),
    ("2023年4月31日", None), ("第12023-05-01号", None), ("2023-05/01", None),
])
def test_forms_and_calendar(text, iso):
    assert first_date(text) == iso


def test_parse_date_refuses_what_is_not_one_calendar_date():
    assert parse_date(" 二〇二四年一月一日 ") == "2024-01-01" and parse_date("2024年12月31日") == "2024-12-31"
    with pytest.raises(ValueError, match="2023-02 has 28 days"):
        parse_date("2023-02-30")
    with pytest.raises(ValueError, match="a month is 1–12"):
        parse_date("2023-13-01")
    for bad in ("2024", "2024-01", "2024-01-01 to 2024-12-31", "明年"):
        with pytest.raises(ValueError, match="is not a date; write YYYY-MM-DD"):
            parse_date(bad)


def test_options_take_the_same_forms_and_refuse_the_same(cli):
    res = cli("score", "--data", "none.csv", "--since", "2024-02-30")
    assert res.exit_code == 2 and "'2024-02-30' is not a calendar date: 2024-02 has 29 days" in res.output
    res = cli("crawl", "news", "--since", "二〇二四年十三月一日")
    assert res.exit_code == 2 and "is not a date" in res.output
    from textmine.reference import check_window

    assert check_window("二〇二四年一月一日", "2024年12月31日") == ("2024-01-01", "2024-12-31")
    with pytest.raises(TextmineError, match=r"since: '2023-02-30' is not a calendar date"):
        check_window("2023-02-30", None)


def test_listing_and_page_dates():
    from textmine.crawl.pages import parse_date as listing_date
    from textmine.parse.html import extract_html

    assert listing_date("发布日期：2023-02-30") is None                  # not 2023-02-30 stored as a date
    assert listing_date("发布日期：二〇二三年五月一日") == "2023-05-01"
    page = ("<html><body><div class='article'><h1>关于印发方案的通知</h1><p>发布时间：二〇二三年五月一日</p>"
            "<p>" + "各区县人民政府，市直各单位：现将方案印发给你们，请认真贯彻执行。" * 5 + "</p></div></body></html>")
    assert extract_html(page.encode("utf-8")).date == "2023-05-01"
    bad = page.replace("二〇二三年五月一日", "2023年2月30日")
    assert extract_html(bad.encode("utf-8")).date is None


def test_a_notice_signed_in_chinese_numerals_is_dated(store, tmp_path):
    from textmine.evidence.propose import document_date
    from textmine.ingest import ingest
    from textmine.parse import parse_corpus

    notice = tmp_path / "notice.txt"
    notice.write_text("南平市人民政府关于印发生态产品价值实现机制实施方案的通知\n各县（市、区）人民政府：\n"
                      "现将方案印发给你们，请认真组织实施。\n南平市人民政府\n二〇二一年十二月二十日\n", "utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("南平市人民政府关于林权交易中心的通知\n现予公布。\n南平市人民政府\n2021年2月30日\n", "utf-8")
    ingest(store, [notice], city="南平", kind="policy", year=2021)
    ingest(store, [wrong], city="南平", kind="policy", year=2021)
    parse_corpus(store, workers=1)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY id")]
    assert document_date(store, ids[0], 2021) == "2021-12-20"
    assert document_date(store, ids[1], 2021) == "2021"                  # no calendar date: the year, not 02-30


def test_no_other_module_reads_dates_on_its_own():
    """The three date readers (crawl listings, HTML pages, notices) were copies; only textmine.dates remains (a
    year alone, a year range in a title, is not a date: those regexes may stay where they are)."""
    from textmine.crawl.column import url_date

    assert url_date("http://x.gov.cn/art/2023/2/30/art_1.html") is None
    assert url_date("http://x.gov.cn/col/t20240105_123.html") == "2024-01-05"
    pattern = re.compile(r"fromisoformat|strptime|<= 31\b|\[-/\.年\]|年\(\\d\{1,2\}\)月")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "textmine").rglob("*.py")
                 if p.name != "dates.py" and pattern.search(p.read_text("utf-8"))]
    assert offenders == []
    assert len(find_dates("2023年5月1日至2023年12月31日")) == 2
