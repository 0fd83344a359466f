"""The names table (issue 27): every key a command takes is accepted by its Chinese name and its short forms,
an ambiguous or unknown name is refused with the names it may mean, and the documented table is the program's."""
from __future__ import annotations

import shutil

import pytest

from count_helpers import ROOT, add_plan, load_tool
from textmine.nametable import TYPED, UnknownName, entries, header, match, resolve, suggestions, unit, zh

#: every entry of every group a command takes, by group
ENTRIES = [(g, n) for g in TYPED for n in entries(g)]


def test_the_table_has_every_group_a_command_takes():
    counts = {g: len(entries(g)) for g in TYPED}
    assert counts["category"] >= 4 and counts["domain"] == 4 and counts["index"] == 5 and counts["leaf"] == 76
    assert counts["kind"] == 7 and counts["plan_type"] == 5 and counts["period"] >= 5 and counts["mode"] == 2
    assert len(ENTRIES) > 250


@pytest.mark.parametrize("group,name", ENTRIES, ids=lambda v: v.key if hasattr(v, "key") else v)
def test_each_entry_is_read_by_its_key_its_chinese_name_and_each_of_its_forms(group, name):
    assert resolve(group, name.key) == name.key
    assert resolve(group, name.key.upper()) == name.key                      # keys in any case
    same = [n for n in entries(group) if name.zh in (n.zh, *n.forms)]
    if len(same) == 1:                                                      # (a doc type and a plan type share 规划纲要
        assert resolve(group, name.zh) == name.key                          #  only across groups)
        assert resolve(group, f"“{name.zh}”") == name.key
    for form in name.forms:
        if len([n for n in entries(group) if form in (n.zh, *n.forms)]) == 1:
            assert resolve(group, form) == name.key, form


def test_a_chinese_name_two_entries_share_is_refused_naming_both():
    """Only the indicator tree has such names (C3 and C3.1 are both 节能环保支出 in table 3 of the report): the
    name is refused with both codes; every other group names each entry once."""
    for group in TYPED:
        seen: dict[str, set[str]] = {}
        for n in entries(group):
            for form in dict.fromkeys((n.zh, *n.forms)):
                seen.setdefault(form, set()).add(n.key)
        shared = {f: keys for f, keys in seen.items() if len(keys) > 1}
        if group not in ("node", "index"):
            assert not shared, (group, shared)
        for form, keys in shared.items():
            with pytest.raises(UnknownName) as exc:
                resolve(group, form)
            assert {n.key for n in exc.value.suggestions} >= keys


@pytest.mark.parametrize("group,text,key", [
    ("category", "市场配置", "market"), ("category", "主题", "theme"), ("category", "市场", "market"),
    ("category", "G08", "market"), ("category", "資源", "resource"), ("category", "生态资产管理主题词", "theme"),
    ("domain", "政府管理", "governance"), ("domain", "禀赋", "endowment"), ("domain", "市场", "market"),
    ("domain", "补偿", "compensation"), ("domain", "生态资源禀赋", "endowment"), ("index", "综合", "cemi"),
    ("node", "规划引领", "G2"), ("node", "生态资源", "G2.2"), ("leaf", "耕地总面积", "E01"),
    ("leaf", "是否开展GEP核算", "G17"), ("period", "2026-2030", "十五五"), ("period", "14五", "十四五"),
    ("period", "第十四个五年规划", "十四五"), ("period", "“十五五”", "十五五"), ("kind", "统计公报", "communique"),
    ("kind", "决算", "final_accounts"), ("plan_type", "草案", "draft"), ("plan_type", "专项规划", "sectoral"),
    ("mode", "分词", "token"), ("mode", "子串", "substring"),
])
def test_short_forms_and_written_forms(group, text, key):
    assert resolve(group, text) == key


def test_an_ambiguous_short_form_is_refused_with_every_name_it_may_mean():
    with pytest.raises(UnknownName) as exc:
        resolve("domain", "生态")
    assert "endowment（生态资源禀赋）" in str(exc.value) and "compensation（生态保护补偿）" in str(exc.value)
    assert {n.key for n in exc.value.suggestions} == {"endowment", "compensation"}
    assert len(match(list(entries("leaf")), "面积")) > 5
    assert match(list(entries("category")), "市") == []                   # one character is no short form


def test_an_unknown_name_gets_the_closest_names_best_first_in_both_forms():
    with pytest.raises(UnknownName) as exc:
        resolve("category", "市常配置")
    assert "did you mean market（市场配置相关词汇）" in str(exc.value)
    assert [n.key for n in suggestions(list(entries("domain")), "政付管理")][0] == "governance"
    assert [n.key for n in suggestions(list(entries("category")), "thme")][0] == "theme"
    with pytest.raises(UnknownName, match=r"unknown lexicon category 'ecology'; choose one of theme（"):
        resolve("category", "ecology")


def test_the_did_you_mean_is_in_the_users_language(monkeypatch):
    monkeypatch.setenv("TEXTMINE_LANG", "zh")
    with pytest.raises(UnknownName, match=r"未知的词表类别“市常配置”；您是否要找 market（市场配置相关词汇）？"):
        resolve("category", "市常配置")
    with pytest.raises(UnknownName, match=r"“生态”对应不止一个领域"):
        resolve("domain", "生态")


def test_cities_in_traditional_characters_and_suggestions_by_similarity():
    from textmine.errors import UnknownCityError
    from textmine.registry import resolve_city

    assert resolve_city("麗水").code == "331100" and resolve_city("齊齊哈爾").code == "230200"
    with pytest.raises(UnknownCityError) as exc:
        resolve_city("丽税")
    assert exc.value.candidates[0] == "丽水市"           # not 衡水市, the first in code order of equal matches


def test_headers_status_words_and_units_come_from_the_table():
    assert header("body_chars") == "正文字数" and header("rank_cemi") == "综合指数排名"
    assert header("share_market") == "市场化价值实现占比" and header("composite_score") == "综合指数得分"
    assert header("theme_density") == "主题词汇每万字" and header("E01") == "耕地总面积"
    assert zh("status", "counted") == "计入" and zh("review", "not needed") == "无需复核"
    assert unit("share_top50") == "share" and unit("前 50 名占比") == "share" and unit("Spearman p") == "p"
    assert unit("rank_governance") == "rank" and header("no_such_column") == "no_such_column"


def test_a_bad_names_file_is_an_error_naming_its_line(tmp_path, monkeypatch):
    from textmine.errors import TextmineError

    root = tmp_path / "root"
    for folder in ("lexicons", "corpora", "scoring"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("sample"))
    names = root / "corpora" / "names.csv"
    names.write_text(names.read_text("utf-8") + "column,body_chars,字数,,\ncolumn,pages,页数,,furlongs\n", "utf-8")
    monkeypatch.setenv("TEXTMINE_ROOT", str(root))
    with pytest.raises(TextmineError, match=r"names.csv:\d+: column 'body_chars' is already named on line \d+"):
        entries("column")
    names.write_text(names.read_text("utf-8").replace("column,body_chars,字数,,\n", ""), "utf-8")
    with pytest.raises(TextmineError, match=r"names.csv:\d+: unit 'furlongs' is not one of share, percent"):
        entries("column")


def test_the_names_command_lists_and_reads_names(cli):
    r = cli("names", "domain", "--format", "csv")
    assert r.exit_code == 0 and "domain,governance,政府管理水平" in r.output
    r = cli("names", "领域", "禀赋", "--format", "csv")
    assert r.exit_code == 0 and r.output.count("\n") == 2 and "endowment" in r.output
    r = cli("names", "category", "市场", "--format", "csv")
    assert "category,market,市场配置相关词汇,市场配置 | G08" in r.output
    r = cli("names", "colour")
    assert r.exit_code == 2 and "category（词表类别）" in r.output


def test_acceptance_commands_take_chinese_names(cli, store, tmp_path, monkeypatch):
    """`lexicon add 市场配置 …`, `audit 丽水 --category 主题`, `audit sample --category 市场配置`, a domain and
    a leaf by Chinese name, a kind, a plan type and a period by theirs."""
    from count_helpers import copy_lexicons

    add_plan(store, "331100", ["丽水市国民经济和社会发展第十四个五年规划纲要 推进生态产品价值实现，建设两山银行，发展碳汇交易。"])
    store.close()
    r = cli("count", "--format", "csv")
    assert r.exit_code == 0, r.output
    r = cli("audit", "丽水", "--category", "主题", "--format", "csv")
    assert r.exit_code == 0 and "theme,生态产品价值实现" in r.output
    r = cli("audit", "麗水", "--category", "市场配置", "--format", "csv")
    assert r.exit_code == 0 and "market,碳汇交易" in r.output
    r = cli("audit", "sample", "--category", "市场配置", "--per-category", "5", "--seed", "1")
    assert r.exit_code == 0 and "market" in r.output and "theme" not in r.output.split("\n", 1)[1]
    r = cli("documents", "list", "--kind", "规划", "--period", "2021-2025", "--format", "csv")
    assert r.exit_code == 0 and ",plan," in r.output and ",十四五," in r.output
    r = cli("documents", "set", "1", "--plan-type", "草案")
    assert r.exit_code == 0 and "draft" in r.output
    d = copy_lexicons(tmp_path, monkeypatch)
    r = cli("lexicon", "add", "市场配置", "林业碳票")
    assert r.exit_code == 0 and "added to market: 林业碳票" in r.output
    assert "林业碳票" in (d / "market.txt").read_text("utf-8")
    r = cli("lexicon", "add", "市常配置", "林业碳票")
    assert r.exit_code == 2 and "did you mean market（市场配置相关词汇）" in r.output


def test_explain_takes_a_domain_and_evidence_a_leaf_by_chinese_name(cli):
    from textmine.cli.params import NameChoice

    assert NameChoice("leaf").convert("是否开展GEP核算", None, None) == "G17"
    assert NameChoice("node").convert("政府管理", None, None) == "governance"
    r = cli("explain", "--help")
    assert "--node" in r.output
    r = cli("evidence", "--leaf", "耕地总面", "--format", "csv")      # resolved (E01), then refused as not yes/no
    assert "Invalid value for '--leaf'" not in r.output


def _tool():
    return load_tool("names_docs")


def test_the_documented_table_is_the_programs(monkeypatch):
    monkeypatch.delenv("TEXTMINE_ROOT", raising=False)
    assert _tool().main(["--check"]) == 0, "docs/names.md drifted: run `python tools/names_docs.py`"
    for path in _tool().GUIDES:
        text = path.read_text("utf-8")
        assert "`market` | 市场配置相关词汇 | 市场配置 · G08" in text and "`十五五` | 十五五" in text
