"""Messages kept in English (a score run's notes, stored with it) are shown in the user's language: the catalogue
template a text fills is found and its Chinese rendered with the same values; clauses joined by '; ' one by one;
a text no template fills stays as it is."""
from __future__ import annotations

import pytest

from textmine.i18n import _, speaking
from textmine.stored_messages import shown_message


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")


def test_a_kept_note_is_shown_in_chinese(zh):
    with speaking("en"):
        kept = _("{n} workbook value(s) fill text-mined leaves of cities the corpus has no value for").format(n=1671)
        nested = _("{n} without an outline ({why})").format(n=333, why=_("no plan document of {period}").format(
            period="十四五"))
    assert kept.startswith("1671 workbook value(s)")
    assert shown_message(kept) == "1671 个工作簿值填补了语料中没有数值的城市的文本挖掘指标"
    assert shown_message(nested) == "333 个城市没有纲要（没有十四五规划文件）"           # the reason inside, too
    assert shown_message(kept + "; " + nested) == shown_message(kept) + "；" + shown_message(nested)


def test_english_and_unknown_texts_are_left_alone(zh, monkeypatch):
    assert shown_message("a sentence no message makes") == "a sentence no message makes"
    assert shown_message("3 apples") == "3 apples"             # '{n} {reason}' is not a template of a whole message
    monkeypatch.setenv("TEXTMINE_LANG", "en")
    text = "1671 workbook value(s) fill text-mined leaves of cities the corpus has no value for"
    assert shown_message(text) == text


def test_the_run_prints_its_notes_in_chinese_and_stores_them_in_english(home, cli, monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    res = cli("run", "--sample", "--no-report")
    assert res.exit_code == 0, res.output
    line = next(x for x in res.output.splitlines() if "评分" in x and "运行 #" in x)
    assert "规划计数（G05, G06, G07, G08）来自 339 个城市中 6 个城市的十四五纲要（token 模式）" in line
    assert "个工作簿值填补了语料中没有数值的城市的文本挖掘指标" in line and "planning counts" not in line
    from textmine.scoring import load_result
    from textmine.store import Store

    with Store(home) as store:           # what is kept with the run stays English (its key and its record)
        notes = load_result(store, 1).params["notes"]
    assert any(n.startswith("planning counts (G05, G06, G07, G08) from the 十四五 outlines of 6 of 339") for n in notes)


def test_explain_shows_the_kept_provenance_in_chinese_and_the_run_key_does_not_change(home, cli, monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    assert cli("run", "--sample", "--no-report").exit_code == 0
    out = cli("explain", "抚州").output
    assert out.startswith("合成数据（SYNTHETIC）—— 不是真实排名 · CEMI 评分运行 1 · 模型 ")
    assert "G05 五年规划中生态资产管理主题词个数：文本挖掘：十四五纲要 #" in out and "，token 模式" in out
    assert "代替文本挖掘计数：没有覆盖 2024-01-01 – 2024-12-31 的新闻抓取" in out
    assert "outline #" not in out and "stands in" not in out
    monkeypatch.setenv("TEXTMINE_LANG", "en")          # the same inputs in English: the same run, reused
    again = cli("run", "--sample", "--no-report")
    assert "unchanged (run #1 has the same inputs)" in again.output
    en = cli("explain", "抚州").output
    assert en.startswith("SYNTHETIC DATA — not a real ranking · CEMI score run 1 · model ")
    assert "G05" in en and ": text-mined: 十四五 outline #" in en
