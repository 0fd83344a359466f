"""Issue 26 item 3: one text module (sentence ends, simplified characters) and one date reader. The sentence
splitters of evidence, facts and news build on textmine.text, so they cut a text at the same marks; a dateline
in any form textmine.dates reads is not taken for a document's title."""
from __future__ import annotations

import pytest

from textmine import text
from textmine.count.news import sentence_at
from textmine.dates import is_date
from textmine.documents import _first_heading
from textmine.evidence.sentences import _END as EVIDENCE_END
from textmine.facts.layout import _SENTENCE as FACTS_END

SAMPLE = "建立生态产品价值实现机制。开展GEP核算！是否推进？（试行）；推行“两山银行”。” 完善补偿;继续深化! 结束?"


def test_every_sentence_end_mark_ends_a_sentence_and_keeps_its_closer():
    for mark in text.FULL_STOPS + text.CLAUSE_ENDS:
        for closer in ("", *text.CLOSERS):
            s = f"前一句{mark}{closer}后一句"
            m = text.SENTENCE_END.search(s)
            assert m and m.group() == mark + closer, (mark, closer)
    assert not text.SENTENCE_END.search("没有句末，只有逗号：和冒号")


def test_evidence_and_facts_cut_a_text_at_the_same_places():
    assert [m.span() for m in EVIDENCE_END.finditer(SAMPLE)] == [m.span() for m in FACTS_END.finditer(SAMPLE)]
    assert len(list(FACTS_END.finditer(SAMPLE))) == 8          # 。！？；。” ; ! ?


def test_a_news_hit_gets_the_sentence_around_it():
    hit = SAMPLE.index("GEP")
    assert sentence_at(SAMPLE, hit) == "开展GEP核算！"


def test_traditional_names_are_read_as_simplified():
    assert text.to_simplified("麗水市製定規劃") == "丽水市制定规划"
    assert text.nfkc("１２３４．５％") == "1234.5%"


@pytest.mark.parametrize("line, dated", [
    ("2023年5月1日", True), ("二〇二三年五月一日", True), ("2023-05-01", True), ("  2023 年 5 月 1 日 ", True),
    ("二零二三年十二月三十一日", True), ("2023年5月1日发布", False), ("关于2023年5月1日起施行的通知", False)])
def test_a_dateline_is_a_date_in_every_form_and_not_a_title(line, dated):
    assert is_date(line) is dated
    assert (_first_heading(line + "\n丽水市人民政府关于生态产品价值实现的通知") == "丽水市人民政府关于生态产品价值实现的通知") is dated
