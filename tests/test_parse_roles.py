"""Page roles from the text lines of a page: contents (目录) and cover pages, by generic rules."""
from textmine.parse.roles import is_cover, is_toc, page_roles

TOC = ["目录", "第一篇 开启高质量绿色发展新征程 1", "第一章 发展基础和发展环境 1", "第二章 指导思想、基本原则和主要目标 4",
       "第三章 优化国土空间开发保护格局 7", "第二篇 深化生态产品价值实现机制改革 9"]
TOC_MORE = ["第二十五章 扩大开放合作 48", "第九篇 增进人民福祉 51", "第二十六章 办好人民满意的教育和健康事业 51"]
DOTS = ["Contents", "1 Debian Edu 12 别名 Bookworm 的手册 1", "2.1 部分历史及为何使用两个名称 . . . . . . . . 1",
        "3 结构 2", "3.1 网络 . . . . . . . . . . . 2"]
COVER = ["丽水市国民经济和社会发展", "第十四个五年规划和", "二〇三五年远景目标纲要", "丽水市人民政府", "2021年2月"]
BODY = ["“十三五”时期是丽水发展史上极不平凡的五年。全市地区生产总值由2015年的1102亿元增加到2020年的1540亿元。",
        "生态环境质量持续领跑。全市森林覆盖率稳定在81.7%。"]


def test_contents_page_with_heading_and_numbered_entries():
    assert is_toc(TOC) and is_toc(DOTS)
    assert is_toc(["第一章 发展基础 1", "第二章 指导思想 4", "第三章 空间格局 7", "第四章 价值核算 9", "第五章 交易市场 11"])


def test_contents_continued_on_the_next_page_without_a_heading():
    assert not is_toc(TOC_MORE)                      # three entries alone are not enough evidence
    assert is_toc(TOC_MORE, after_toc=True)
    assert page_roles([COVER, TOC, TOC_MORE, BODY]) == ["cover", "toc", "toc", "body"]


def test_tables_and_body_text_are_not_contents():
    table = ["森林覆盖率 81", "地区生产总值 1540", "一般公共预算收入 138", "城镇化率 62", "优良天数 98"]
    assert not is_toc(table)                         # numbers do not ascend like page references
    assert not is_toc(BODY) and not is_toc([])
    years = ["到 2025", "比 2020", "增长 7", "达到 81"]
    assert not is_toc(years)


def test_cover_is_a_leading_page_of_little_text_without_sentences():
    assert is_cover(COVER) and not is_cover(BODY) and not is_cover([])
    assert page_roles([COVER, BODY, BODY]) == ["cover", "body", "body"]
    assert page_roles([BODY, COVER, BODY]) == ["body", "body", "body"]   # only before the text starts
    assert page_roles([COVER, BODY]) == ["body", "body"]                 # too short a document to have one
    assert page_roles([[], COVER, TOC, BODY]) == ["body", "cover", "toc", "body"]
