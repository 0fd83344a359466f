"""The evidence rules as data (lexicons/evidence): the shipped files are clean and cover every yes/no leaf;
a broken file is reported as file:line; the sentence judge on the hard cases the rules are written for."""
from __future__ import annotations

import shutil

import pytest

from textmine.evidence.judge import Issuer, document_hits, issuer_of, judge
from textmine.evidence.places import Gazetteer
from textmine.evidence.rules import RulesError, check_rules, load_rules, rules_dir, yesno_leaves
from textmine.evidence.sentences import list_tail, sentence_spans

NANPING, SANMING = "350700", "350400"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def gaz(rules):
    return Gazetteer(rules.common.places)


def test_shipped_rules_cover_every_yes_no_leaf(rules):
    leaves = yesno_leaves()
    assert len(leaves) == 20
    assert set(rules.leaves) | set(rules.common.not_searched) == set(leaves)
    assert set(rules.common.not_searched) == {"G03"}
    assert all(r.queries and r.patterns for r in rules.leaves.values())
    assert rules.version.startswith("2026.2+")


def _copy(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(rules_dir(), d)
    return d


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_broken_rule_files_are_reported_with_file_and_line(tmp_path, cli):
    d = _copy(tmp_path)
    _edit(d / "G12.toml", 'acts = ["印发"', 'actz = ["x"]\nacts = ["印发"')
    _edit(d / "G17.toml", 'objects = ["GEP核算", ', 'objects = ["…核算", ')
    _edit(d / "M16.toml", 'queries = [', 'exclusions = ["drafts", "future"]\nqueries = [')
    _edit(d / "C01.toml", "confidence = 0.9", "confidence = 1.5")
    _edit(d / "M10.toml", 'leaf = "M10"', 'leaf = "M11"')
    (d / "M18.toml").write_text('leaf = "M18"\nversion = "x"\nqueries = ["a" "b"]\n', "utf-8")
    _, problems = check_rules(d)
    text = "\n".join(problems)
    g12 = (d / "G12.toml").read_text("utf-8").splitlines()
    line = next(i for i, l in enumerate(g12, 1) if l.startswith("actz"))
    assert f"G12.toml:{line}: unknown key 'actz' in [[pattern]]" in text
    assert "G17.toml:" in text and "must start with at least two characters of text" in text
    m16 = (d / "M16.toml").read_text("utf-8").splitlines()
    line = next(i for i, l in enumerate(m16, 1) if l.startswith("exclusions"))
    assert f"M16.toml:{line}: unknown exclusion 'drafts'" in text
    assert f"M16.toml:{line}: 'future' is a stance rule of common.toml" in text
    assert "C01.toml:" in text and "confidence must be in (0, 1], got 1.5" in text
    assert "M10.toml:" in text and "leaf M11 生态旅游收入 must equal the file name" in text
    assert "M18.toml:3: not valid TOML" in text
    assert "no rule file for yes/no leaf M18" not in text
    r = cli("evidence", "rules", "--rules", d)
    assert r.exit_code == 3 and "problem(s) in the evidence rules" in r.output
    with pytest.raises(RulesError):
        load_rules(d)
    r = cli("evidence", "rules")
    assert r.exit_code == 0 and "no problems" in r.output


def test_broken_stance_rules_genres_and_pattern_sources_are_reported(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "common.toml", 'stance = "negated"', 'stance = "undone"')
    _edit(d / "genres.toml", 'name = "bulletin"', 'name = "bulletin"\nsectons = true')
    _edit(d / "C02.toml", 'genres = ["regulation"]', 'genres = ["regulations"]')
    _edit(d / "M05.toml", 'acts = ["{n}个"]', 'acts = ["{act}个"]')
    text = (d / "M13.toml").read_text("utf-8")
    (d / "M13.toml").write_text(text.replace('\nsource = ["notices/重庆市', '\nnote = ["notices/重庆市', 1), "utf-8")
    (d / "G01.toml").write_text((d / "G01.toml").read_text("utf-8") + '\n[[exclusion]]\nname = "x"\npatterns = ["某"]\n', "utf-8")
    _, problems = check_rules(d)
    text = "\n".join(problems)
    assert "common.toml:" in text and "stance 'undone' must be one of done, planned" in text
    assert "genres.toml:" in text and "unknown key 'sectons' in [[genre]]" in text
    assert "C02.toml:" in text and "genre 'regulations' is not in genres.toml" in text
    assert "M05.toml:" in text and "uses {act}; allowed in a act: {n}, {amount}, {digits}" in text
    assert "M13.toml:" in text and "source is required" in text
    assert "G01.toml:" in text and "source is required: the sentence(s) the rule was written from" in text
    (d / "genres.toml").unlink()
    _, problems = check_rules(d)
    assert any("genres.toml: missing" in p for p in problems)


def test_a_missing_leaf_file_must_be_listed_as_not_searched(tmp_path):
    d = _copy(tmp_path)
    (d / "M04.toml").unlink()
    _, problems = check_rules(d)
    assert any("no rule file for yes/no leaf M04" in p for p in problems)


def test_sentences_and_lists():
    text = "关于印发《方案》的通知\n经研究，确定以下城市为试点：\n南平市\n三明市\n各地要抓紧落实。下一段"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans[:3] == ["关于印发《方案》的通知", "经研究，确定以下城市为试点：", "南平市"]
    end = text.index("：") + 1
    assert list_tail(text, end).split() == ["南平市", "三明市"]      # the list lines, not the paragraph after
    one_line = "确定以下城市为试点：南平市、三明市。各地要抓紧落实。"
    assert list_tail(one_line, one_line.index("：") + 1) == "南平市、三明市"
    assert list_tail(text, 3) == ""


CASES = [
    # (leaf, city, head, sentence, tail, accepted, exclusion or basis)
    ("G13", NANPING, "", "国家发展改革委将南平市纳入国家生态产品价值实现机制试点", "", True, "named"),
    ("G12", NANPING, "", "我市已印发《南平市生态产品价值实现机制实施方案》，下一步将研究制定配套政策", "", True, "own_city"),
    ("G12", NANPING, "", "我市将研究制定并印发《生态产品价值实现机制实施方案》", "", False, "future"),
    ("G12", SANMING, "", "南平市印发《南平市生态产品价值实现机制实施方案》", "", False, "other_city"),
    ("C01", NANPING, "南平市生态环境局", "与三明市签订沙溪流域横向生态保护补偿协议", "", True, "issuer"),
    ("G01", NANPING, "", "武夷山市成立生态产品价值实现工作领导小组", "", False, "county"),
    ("M03", NANPING, "", "武夷山市获批全国绿色食品原料标准化生产基地", "", True, "county"),
    ("G12", NANPING, "", "福建省人民政府办公厅印发《福建省生态产品价值实现机制实施方案》", "", False, "province"),
    ("G12", NANPING, "", "南平市尚未出台生态产品价值实现机制实施方案", "", False, "negation"),
    ("G17", NANPING, "", "国家发展改革委发布生态产品总值核算规范", "", False, "national"),
    ("M10", NANPING, "文化和旅游部关于公布国家生态旅游示范区名单的通知", "决定命名以下单位为国家生态旅游示范区：",
     "南平市武夷山市五夫镇\n龙岩市长汀县", True, "named"),
    ("M10", SANMING, "文化和旅游部关于公布国家生态旅游示范区名单的通知", "决定命名以下单位为国家生态旅游示范区：",
     "南平市武夷山市五夫镇\n龙岩市长汀县", False, "national"),
    ("G20", NANPING, "", "南平市部分区域纳入武夷山国家公园候选区", "", False, "park_candidate"),
    ("G13", NANPING, "", "南平市入选省级生态产品价值实现机制试点城市", "", False, "not_national_pilot"),
    ("G12", NANPING, "南平市人民政府", "关于印发生态产品价值实现机制实施方案的通知", "", True, "issuer"),
    ("G12", NANPING, "", "关于印发生态产品价值实现机制实施方案的通知", "", True, "unknown"),
    ("G12", NANPING, "", "2019年成立的市生态产品价值实现机制实施方案编制组予以撤销", "", False, None),
    ("M16", NANPING, "", "长治久安的林权交易中心揭牌成立", "", True, "unknown"),
]


@pytest.mark.parametrize("leaf,city,head,sentence,tail,accepted,why", CASES)
def test_judge(rules, gaz, leaf, city, head, sentence, tail, accepted, why):
    rule = rules.leaves[leaf]
    issuer = issuer_of(gaz, head, city) if head else Issuer("unknown")
    head_hits = document_hits(rule, head)
    v = judge(rule, sentence, city, gaz, issuer, head_hits, "policy", rules.common.confidence, tail)
    if why is None:       # no adoption sentence at all (the act is not one of the leaf's)
        assert v is None or not v.accepted
        return
    assert v is not None and v.accepted == accepted, (v.exclusion, v.label)
    assert (v.basis if accepted else v.exclusion) == why
    if not accepted:
        assert v.fired and v.label
    else:
        assert 0 < v.confidence <= 1
