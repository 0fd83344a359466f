"""normalise(): the shared text rules, idempotent."""
import pytest

from textmine.parse import normalise, page_of_offset

SAMPLES = [
    "ＧＥＰ核算２０２５年，生态　产品\u200b价值",
    "生 态 产 品 价 值 实 现",
    "“绿水青山”‘就是’〝金山银山〞",
    "2021–2025年——十四五−规划",
    "a\r\nb\rc\f\n\n\n d  e\t f ",
    "⽣态 兀 Ｅｃｏ",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


def test_full_width_ascii_to_half_width_keeping_chinese_punctuation():
    assert normalise("ＧＥＰ核算２０２５年（试行），完成！") == "GEP核算2025年（试行），完成！"


def test_zero_width_and_ideographic_space_removed():
    assert normalise("生态\u200b产品\u3000价值\ufeff实现\u00ad") == "生态产品价值实现"


def test_no_space_between_cjk_characters_but_latin_spacing_kept():
    assert normalise("生 态 产 品 ， 价 值") == "生态产品，价值"
    assert normalise("Debian  Edu 是 一个 Linux 发行版") == "Debian Edu 是一个 Linux 发行版"


def test_quotes_and_dashes_consistent():
    assert normalise("〝金山银山〞„x‟") == "“金山银山”“x“"
    assert normalise("2021–2025 ― 十四五 ⸺ x") == "2021-2025 —十四五—— x"  # — counts as CJK punctuation


def test_kangxi_radicals_and_compatibility_ideographs_unified():
    assert normalise("⽣态") == "生态"      # U+2F63 KANGXI RADICAL LIFE
    assert normalise("\uf900") == "豈"


def test_lines_and_paragraphs():
    assert normalise(" a \r\n\r\n b \f c ") == "a\nb\nc"


def test_page_of_offset():
    starts = [0, 10, 25]
    assert [page_of_offset(starts, o) for o in (0, 9, 10, 24, 25, 99)] == [1, 1, 2, 2, 3, 3]
