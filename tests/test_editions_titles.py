"""Which document is a city's outline (issue 23): normalised titles, document types read from the end of the
title, the owner check, and confidence — one test per form the issue lists."""
from __future__ import annotations

import pytest

from textmine.editions import classify, load_rules, normalise, read_title, title_block
from textmine.errors import TextmineError

HZ, QZ, HANGZHOU, YANBIAN = "330500", "330800", "330100", "222400"
T15 = "湖州市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize("raw,want", [
    ("２０２６年（草案）", "2026年(草案)"),                                    # full-width digits and brackets
    ("國民經濟和社會發展第十五個五年規劃和二〇三五年遠景目標綱要", "国民经济和社会发展第十五个五年规划和2035年远景目标纲要"),
    ("中共湖州市委關於製定", "中共湖州市委关于制定"),                            # OpenCC's phrase table: 製定 → 制定
    ("二〇二六—二〇三〇年", "2026-2030年"), ("二○二六年至二零三零年", "2026-2030年"),
    ("2026年—2030年", "2026-2030年"), ("2026～2030", "2026-2030年"),
    ("“十五五”规划", "十五五规划"), ("「十五五」規劃", "十五五规划"), ("纲　要", "纲要"),
    ("杭州市人民政府<br>关于印发", "杭州市人民政府关于印发"),                    # a tag left in a page <title>
])
def test_normalise_reads_every_form_the_same(raw, want):
    assert normalise(raw) == want


def test_wrapped_cover_headings_are_joined_and_stop_at_the_issuer():
    head = normalise("延边朝鲜族自治州国民经济和社\n会发展第十五个五年规划和二〇三五\n年远景目标纲要\n"
                     "延边朝鲜族自治州人民政府\n二〇二六年二月\n目录")
    assert title_block(head) == ("延边朝鲜族自治州国民经济和社会发展第十五个五年规划和2035年远景目标纲要",
                                 "延边朝鲜族自治州人民政府")
    # a title broken after a word that could end one goes on when the next line completes it
    assert title_block(normalise("湖州市国民经济和社会发展第十四个五年规划纲要\n实施中期评估报告\n湖州市发展和改革委员会"))[0] \
        == "湖州市国民经济和社会发展第十四个五年规划纲要实施中期评估报告"
    # site navigation under a page's heading is not part of it
    assert title_block(normalise("深圳市国民经济和社会发展第十五个五年规划纲要\n搜索\n数字报"))[0] == \
        "深圳市国民经济和社会发展第十五个五年规划纲要"
    assert title_block(normalise("各位代表：\n现在，我代表市人民政府向大会报告工作。"))[0] == ""


@pytest.mark.parametrize("title,doc_type,plan_type", [
    (T15, "outline", "outline"),
    ("中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划和二〇三五年远景目标的建议", "proposal", "other"),
    ("湖州市人民代表大会关于湖州市国民经济和社会发展第十五个五年规划纲要的决议", "resolution", "other"),
    ("关于湖州市国民经济和社会发展第十五个五年规划纲要（草案）的说明", "explanation", "other"),
    ("湖州市国民经济和社会发展第十四个五年规划纲要实施情况中期评估报告", "evaluation", "other"),
    ("湖州市“十五五”规划纲要编制工作方案", "work_plan", "other"),
    ("湖州市2026年国民经济和社会发展计划（草案）", "annual_plan", "other"),
    ("《湖州市国民经济和社会发展第十五个五年规划纲要》图说", "interpretation", "interpretation"),
    ("一图读懂《湖州市国民经济和社会发展第十五个五年规划纲要》", "interpretation", "interpretation"),
    ("湖州市生态文明建设规划纲要（2021—2035年）", "sectoral", "sectoral"),
    ("湖州市国民经济和社会发展第十五个五年规划纲要（征求意见稿）", "outline", "draft"),
    ("关于公开征求《湖州市国民经济和社会发展第十五个五年规划纲要（征求意见稿）》意见的公告", "outline", "draft"),
    ("湖州市人民政府关于印发湖州市国民经济和社会发展第十五个五年规划纲要的通知", "outline", "outline"),
    ("湖州市国民经济和社会发展第十五个五年规划纲要的通知 - 湖州市人民政府门户网站", "outline", "outline"),
    ("湖州市“十五五”规划", "outline", "outline"),
    ("杭州纲要", "outline", "outline"),                     # a 纲要 named after its place alone
    ("湖州市规划", "sectoral", "sectoral"),
    ("湖州市生态环境保护“十五五”规划", "sectoral", "sectoral"),
    ("2025年湖州市国民经济和社会发展统计公报", "statistical_bulletin", "other"),
    ("十个关键词，读懂政府工作报告", "interpretation", "interpretation"),
    ("湖州市国民经济和社会发展第十五个五年规划纲要（摘要）", "summary", "other"),
])
def test_the_title_names_its_document_type_last(rules, title, doc_type, plan_type):
    r = read_title(normalise(title), rules, HZ)
    assert (r.doc_type.name, r.plan_type) == (doc_type, plan_type)


@pytest.mark.parametrize("title,city,level,name", [
    (T15, HZ, "city", "湖州市"),
    ("柯城区国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要", QZ, "county", "柯城区"),
    ("衢州市柯城区国民经济和社会发展第十五个五年规划纲要", QZ, "county", "柯城区"),
    ("浙江省国民经济和社会发展第十五个五年规划纲要", HANGZHOU, "province", "浙江省"),
    ("金华市国民经济和社会发展第十五个五年规划纲要", "331100", "other_city", "金华市"),
    ("中华人民共和国国民经济和社会发展第十五个五年规划纲要", "110000", "national", "中华人民共和国"),
    ("北京市国民经济和社会发展第十五个五年规划纲要", "110000", "city", "北京市"),   # a 直辖市 is the city
    ("延边州国民经济和社会发展第十五个五年规划纲要", YANBIAN, "city", "延边州"),      # 自治州 by its short name
    ("湘西自治州国民经济和社会发展第十五个五年规划纲要", "433100", "city", "湘西"),
    ("和田地区国民经济和社会发展第十五个五年规划纲要", "653200", "city", "和田地区"),
    ("锡林郭勒盟国民经济和社会发展第十五个五年规划纲要", "152500", "city", "锡林郭勒盟"),
    ("楚雄市国民经济和社会发展第十五个五年规划纲要", "532300", "county", "楚雄市"),    # not 楚雄州
    ("广州市人民政府关于印发广州市国民经济和社会发展第十五个五年规划纲要的通知", "440100", "city", "广州市"),
])
def test_the_owner_is_the_place_named_before_the_document(rules, title, city, level, name):
    owner = read_title(normalise(title), rules, city).owner
    assert (owner.level, owner.name) == (level, name)


def test_a_traditional_title_is_the_outline(rules):
    ed = classify("珠海市國民經濟和社會發展第十五個五年規劃和二〇三五年遠景目標綱要", None, rules, city_code="440400")
    assert (ed.period, ed.plan_type, ed.doc_type, ed.owner, ed.confidence) == ("十五五", "outline", "outline", "city",
                                                                                "high")


def test_a_cover_line_only_outline_is_the_period_the_cover_gives(rules):
    """The cover gives （二〇二六—二〇三〇年）, the text reviews the 十四五 plan first: the cover decides."""
    text = ("宜昌市国民经济和社会发展\n五年规划纲要\n（二〇二六—二〇三〇年）\n宜昌市人民政府\n二〇二六年二月\n序言\n"
            "“十四五”时期，全市基本实现“十四五”规划目标，经济总量迈上新台阶。")
    for year in (None, 2026):
        ed = classify("宜昌纲要", text, rules, city_code="420500", file_title=True, year=year)
        assert (ed.period, ed.period_source, ed.plan_type, ed.confidence) == ("十五五", "heading", "outline", "high")
    # with only the year and a text naming the 十四五 plan, the year wins — and the doubt is said
    ed = classify("a.pdf", "序言\n“十四五”时期，全市基本实现“十四五”规划目标。", rules, city_code="420500", year=2026)
    assert ed.period == "十五五" and ed.confidence == "low" and "names the 十四五 plan" in ed.doubts[0]


def test_a_wrapped_pdf_heading_is_read_from_the_cover(rules, tmp_path):
    """The national benchmark's covers wrap long prefecture names mid-word (延边朝鲜族自治州国民经济和社 / 会发展);
    with a file-name title the cover decides, and it must read 国民经济和社会发展 across the break."""
    pytest.importorskip("reportlab")
    from textmine.parse import extract
    from textmine.sample.plandoc import Block, PlanDoc
    from textmine.sample.typeset import typeset_pdf

    title = "延边朝鲜族自治州国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    doc = PlanDoc(title, "延边朝鲜族自治州", "延边朝鲜族自治州人民政府（示例）", "2021年",
                  [Block("chapter", "第一章　发展基础"), Block("para", "延边州坚持生态优先、绿色发展。" * 20)])
    path = tmp_path / "222400_延边朝鲜族自治州_plan.pdf"
    typeset_pdf(doc, path, chars_per_line=28, lines_per_page=22)
    text = "\n".join(extract(path).pages[:2])
    assert not any("国民经济和社会发展" in line for line in text.splitlines()[:3])   # the cover did wrap mid-word
    ed = classify("222400_延边朝鲜族自治州_plan", text, rules, city_code=YANBIAN, file_title=True)
    assert (ed.period, ed.plan_type, ed.type_source, ed.owner) == ("十四五", "outline", "heading", "city")


def test_disagreeing_sources_lower_the_confidence(rules):
    ed = classify("湖州市国民经济和社会发展第十五个五年规划纲要", "中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划的建议\n"
                  "（2025年12月18日通过）", rules, city_code=HZ)
    assert ed.plan_type == "outline" and ed.confidence == "low" and "the heading says 建议" in ed.doubts[0]
    assert classify("P020260302", "序言\n《湖州市国民经济和社会发展第十五个五年规划纲要》根据…编制。", rules,
                    city_code=HZ, file_title=True).confidence == "low"     # only the text says what it is
    assert classify("十五五纲要", None, rules, city_code=HZ, file_title=True).confidence == "medium"


def test_bad_rules_are_refused_with_the_file_named(tmp_path):
    from textmine.edition_rules import read_rules
    from textmine.resources import data_path

    good = data_path("corpora", "editions.toml").read_text("utf-8")
    for edit, message in [
        (good.replace('name = "proposal"\n', 'name = "outline"\n'), "not used by another"),
        (good.replace("plan_type = \"other\"\nwords = [\"建议\"]", "plan_type = \"draft\"\nwords = [\"建议\"]"),
         "a draft is any of them"),
        (good.replace("'审查意见'", "'审查(意见'"), "not a valid regular expression"),
        (good + '\n[[plan_type]]\nname = "outline"\nany = ["纲要"]\n', "no longer read"),
    ]:
        path = tmp_path / "editions.toml"
        path.write_text(edit, encoding="utf-8")
        with pytest.raises(TextmineError, match=message) as err:
            read_rules(path)
        assert str(path) in str(err.value)
