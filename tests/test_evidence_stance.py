"""The stance of a sentence and the wrong classes the issue names, on real sentences (quoted from
../shared/realdata, file named) and, for repealed and negated (no real document here says so), sentences
written for the test: obligation only, a planned task, the wrong leaf, another jurisdiction (province,
county), repealed, negated — and what counts as done: an article in force, a count, a funded item."""
from __future__ import annotations

import pytest

from textmine.evidence.genres import Sections, detect_genre, plan_year
from textmine.evidence.judge import Issuer, document_hits, issuer_of, judge
from textmine.places import Gazetteer
from textmine.evidence.rules import load_rules
from textmine.evidence.sentences import sentence_spans, unwrap

HUZHOU, ZHENGZHOU, FUZHOU, HAIKOU, LISHUI, CHUXIONG, TAIZHOU, ZHOUKOU, ZHANJIANG, GUANGZHOU, HANGZHOU = (
    "330500", "410100", "350100", "460100", "331100", "532300", "331000", "411600", "440800", "440100", "330100")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def gaz(rules):
    return Gazetteer(rules.common.places)


def verdict(rules, gaz, leaf, city, sentence, *, genre="other", part="none", issuer=None, head=""):
    rule = rules.leaves[leaf]
    who = issuer or (issuer_of(gaz, head, city) if head else Issuer("X"))
    return judge(rule, sentence, city, gaz, who, document_hits(rule, head), "policy", rules.common.confidence,
                 genre=genre, part=part, heading="三、2024年重点工作安排" if part == "plan" else "")


CASES = [
    # (leaf, city, genre, part, sentence, stance, exclusion or None when accepted, where it comes from)
    # obligation only — the wrong case, and a duty after the act
    ("G15", HUZHOU, "regulation", "none", "第二十三条市、县（区）人民政府应当依法界定本行政区域内自然资源的物权归属，"
     "开展自然资源统一确权登记。", "obligation", "obligation", "notices/湖州市_条例_2016.md"),
    ("C02", TAIZHOU, "regulation", "none", "生态补偿资金通过财政安排筹集，具体筹集方式可以由各县（市、区）人民政府确定。",
     "obligation", "obligation_article", "written for the test (可以 after the act: an article's permission)"),
    ("C01", HANGZHOU, "regulation", "none", "第三十五条市和区、县（市）人民政府应当完善和加大对重点生态功能区的生态补偿"
     "机制，推动地区间建立横向生态补偿制度，落实生态保护补偿资金，确保其用于生态保护补偿。", "obligation", "obligation",
     "notices/杭州市_条例_2016.md"),
    # a planned task: the year's task list, and 探索
    ("M18", ZHENGZHOU, "work_report", "plan", "深化“五水综改”，开展水权交易，提升水资源承载能力。", "planned", "plan_part",
     "notices/郑州市_政府工作报告_2024.txt (重点抓好十个方面工作)"),
    ("M17", GUANGZHOU, "outline", "plan", "创新森林经营模式，探索林业碳汇开发应用，优化林业生态产品供给，做优做强森林康养等"
     "富民林业。", "planned", "future", "notices/广州市_十五五规划纲要_2026.html"),
    ("C02", "340100", "work_report", "review", "推行生态补偿资金统筹整合。", "planned", "future",
     "written for the test (推行: promoted)"),
    # the wrong leaf
    ("M17", FUZHOU, "work_report", "review", "我市入选全国海洋碳汇试点。", "done", "not_forest", "written for the test"),
    ("C02", "510100", "final_accounts", "review", "以“四大结构”优化调整引领城市加快绿色低碳转型，建立岷沱江流域横向生态保护补偿"
     "机制，持续深入打好蓝天、碧水、净土保卫战。", "done", "horizontal", "notices/成都市_决算报告_2023.txt (shortened)"),
    ("C02", "411200", "budget", "review", "全市节能环保支出85989万元，增长45.6%，获得省级生态补偿金奖励740万元。", "other",
     "higher_level", "stats/预算执行_2019_三门峡市.html (shortened)"),
    # another jurisdiction: the province (a provincial report filed under its capital), a county
    ("G17", HAIKOU, "work_report", "review", "发布国内首个流域GEP核算结果。", "other", "province",
     "gwr_provincial_2026/2026_海南省_政府工作报告.csv"),
    ("C02", LISHUI, "regulation", "none", "自治县人民政府应当建立水资源配置工程水源区的市场化、多元化生态补偿机制。", "other",
     "county", "notices/景宁畲族自治县_条例_2021.md"),
    ("C01", CHUXIONG, "budget", "review", "实施横向生态补偿项目3个，惠及沿线乡镇9个，有力促成跨区域生态保护合作，以绿色财政"
     "投入擦亮强州府生态底色。", "other", "county", "notices/楚雄市_预算报告_2026.html (楚雄市 is a county-level city of 楚雄州)"),
    # repealed and negated: written for the test
    ("C02", TAIZHOU, "notice", "none", "市政府2019年印发的《台州市生态保护补偿办法》自2025年1月1日起废止。", "repealed",
     "revocation", "written for the test"),
    ("C01", TAIZHOU, "notice", "none", "我市尚未签订横向生态保护补偿协议。", "negated", "negation", "written for the test"),
    # done / in force
    ("C02", TAIZHOU, "regulation", "none", "第二十一条本市建立“谁受益、谁补偿”的饮用水水源保护生态补偿机制。", "done", None,
     "notices/台州市_条例_2020.md"),
    ("M03", ZHOUKOU, "bulletin", "review", "截至年末，全市有效期内绿色食品228个、地理标志农产品8个、全国名特优新农产品72个，"
     "建成全国绿色食品原料标准化生产基地4个，面积177万亩；", "done", None, "notices/周口市_统计公报_2026.html"),
    ("C02", ZHANJIANG, "budget", "plan", "安排“红树林之城”建设、污水处理、鹤地水库饮用水水源保护区生态保护补偿、鹤地水库"
     "日常运行维修养护、水浮莲打捞及水面保洁等资金1.6亿元，支持深入打好蓝天、碧水、净土保卫战。", "done", None,
     "notices/湛江市_预算报告_2026.html (a funded item in the 2026 budget: firm)"),
]


@pytest.mark.parametrize("leaf,city,genre,part,sentence,stance,why,source", CASES,
                         ids=[f"{c[0]}-{c[5]}-{c[6]}" for c in CASES])
def test_stance_of_real_and_written_sentences(rules, gaz, leaf, city, genre, part, sentence, stance, why, source):
    issuer = {HAIKOU: Issuer("province", "海南省"), LISHUI: Issuer("county_X", "景宁畲族自治县"),
              CHUXIONG: Issuer("county_X", "楚雄市")}.get(city, Issuer("X"))
    v = verdict(rules, gaz, leaf, city, sentence, genre=genre, part=part, issuer=issuer)
    assert v is not None, source
    assert v.stance == stance, (source, v.stance, v.exclusion, v.label)
    if why is None:
        assert v.accepted and v.exclusion is None and 0 < v.confidence <= 1, (source, v.exclusion, v.label)
    else:
        assert not v.accepted and v.exclusion == why, (source, v.exclusion, v.label)
        assert v.label and (v.fired or why == "plan_part")


def test_a_consultation_draft_is_planned_but_a_budget_report_is_no_draft(rules, gaz):
    budget_head = "三明市_预算执行报告_2026\n受市人民政府委托，向大会报告三明市2025年预算执行情况和2026年预算草案，请予审议"
    assert document_hits(rules.leaves["G13"], budget_head) == {}
    v = verdict(rules, gaz, "G13", "350400", "我市入选第二轮国家生态产品价值实现机制试点、全省生活污水处理提质增效重点城市。",
                genre="budget", part="review", head=budget_head)
    assert v.accepted and v.stance == "done"
    draft_head = "关于公开征求《南平市生态保护补偿办法（征求意见稿）》意见的通知"
    v = verdict(rules, gaz, "C02", "350700", "南平市印发生态保护补偿办法。", head=draft_head)
    assert (v.stance, v.exclusion) == ("planned", "draft_document")


def test_articles_that_promote_trading_are_no_candidates(rules, gaz):
    """notices/湖州市_条例_2016.md: the frozen rules of 7f8e024 proposed 湖州 M17 from these two articles."""
    for s in ("第三十五条推行用能权、排污权、水权、碳排放权、林业碳汇交易制度。",
              "第三十六条用能权、排污权、碳排放权、林业碳汇指标交易，应当通过公共资源交易平台进行。"):
        for leaf in ("M13", "M17", "M18"):
            v = verdict(rules, gaz, leaf, HUZHOU, s, genre="regulation")
            assert v is None or not v.accepted, (leaf, s)


def test_a_carbon_exchange_sentence_is_not_the_forest_carbon_sink(rules, gaz):
    """The issue's wrong leaf: a carbon-exchange sentence counted for 森林碳汇 (广州's outline)."""
    s = ("支持广州碳排放权交易中心建设省级生态产品价值实现平台，探索开展碳排放权、绿电绿证、用水权、排污权等绿色要素交易，"
         "丰富绿色要素交易品种，拓宽碳汇市场化交易路径。")
    v = verdict(rules, gaz, "M17", GUANGZHOU, s, genre="outline", part="plan")
    assert v is None or not v.accepted


def test_parts_of_reports_from_headings_and_years(rules):
    g = rules.genres
    work = detect_genre(g, "", "政府工作报告——2024年1月在郑州市第十六届人民代表大会第三次会议上 各位代表：现在，我代表市人民政府，"
                               "向大会报告工作")
    assert work.name == "work_report"
    sec = Sections(work, plan_year("——2024年1月在郑州市第十六届人民代表大会第三次会议上", None), g.periods)
    parts = [sec.feed(line) for line in ["一、2023年工作回顾", "全年完成水权交易。", "二、2024年工作总体要求和主要目标",
                                         "三、2024年重点工作安排", "（一）深化改革", "开展水权交易。"]]
    assert parts == ["review", "review", "plan", "plan", "plan", "plan"]
    budget = detect_genre(g, "关于苏州市2025年预算执行情况与2026年预算草案的报告", "")
    sec = Sections(budget, 2026, g.periods)
    assert [sec.feed(h) for h in ["一、一般公共预算执行情况", "七、2025年财政重点工作", "二、2026年预算草案编制情况",
                                  "二、“十四五”时期工作成效和“十五五”时期总体思路"]] == ["review", "review", "plan", "none"]
    final = detect_genre(g, "成都市_决算报告_2023", "关于成都市2022年财政决算的报告")
    assert final.name == "final_accounts"
    sec = Sections(final, plan_year("关于成都市2022年财政决算的报告", 2023), g.periods)
    assert sec.feed("二、2022年落实预算决议支持经济社会发展情况") == "review"      # the closed year is no plan
    assert sec.feed("四、2022年下半年主要工作措施") == "plan"
    reg = detect_genre(g, "", "# 丽水市饮用水水源保护条例\n2017年9月22日 丽水市第四届人民代表大会常务委员会第四次会议通过")
    assert reg.name == "regulation" and Sections(reg, 2017, g.periods).feed("二、2026年重点工作") == "none"
    assert detect_genre(g, "", "2025年周口市国民经济和社会发展统计公报 周口市统计局").name == "bulletin"
    assert detect_genre(g, "中共合肥市委关于制定合肥市国民经济和社会发展第十五个五年规划的建议", "").name == "proposal"


def test_hard_wrapped_text_is_joined_but_lists_and_headings_are_not():
    wrapped = ("一、2021年预算执行情况\n2021年，我市坚持以习近平新时代中国特色社会主义思想\n为指导，全面落实党的十九大和十九届"
               "历次全会精神。\n投入资金 4 亿元支持打好蓝天、碧水、净土保卫战，率先全省签订长沙、湘\n-2-\n潭、岳阳间湘江流域"
               "市州横向生态保护补偿协议。")
    spans = [unwrap(wrapped)[a:b] for a, b in sentence_spans(unwrap(wrapped))]
    assert spans[0] == "一、2021年预算执行情况"
    assert spans[1].startswith("2021年，我市坚持以") and spans[1].endswith("历次全会精神。")
    assert "率先全省签订长沙、湘潭、岳阳间湘江流域市州横向生态保护补偿协议。" in spans[2]
    listing = "决定命名以下单位为福建省生态旅游示范区：\n南平市延平区茫荡山生态旅游区\n三明市泰宁县大金湖生态旅游区\n各示范区要坚持生态优先。"
    assert unwrap(listing) == listing
    news = "宜昌市与恩施州签订清江流域横向生态保护补偿协议\n为共同保护清江流域生态环境，宜昌市与恩施州签订协议。"
    assert unwrap(news, title="宜昌市与恩施州签订清江流域横向生态保护补偿协议") == news    # the headline stays a line
