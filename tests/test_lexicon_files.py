"""Lexicon files: format, loader, check, add/remove (atomic, refusing bad input), CLI."""
from __future__ import annotations

import pytest

from count_helpers import copy_lexicons
from textmine.lexicon import LexiconError, category_keys, load_lexicon, plan_categories
from textmine.lexicon.check import check_lexicons
from textmine.lexicon_analysis import check_with_corpus
from textmine.lexicon.edit import add_terms, remove_terms


def test_shipped_lexicons_load_with_headers_and_30_terms():
    assert plan_categories() == ("theme", "resource", "policy", "market")
    for cat in category_keys():
        lex = load_lexicon(cat)
        assert lex.category == cat and lex.version and lex.definition
        if cat in plan_categories():
            assert len(lex.entries) >= 30, cat
    assert "生态产品价值实现" in load_lexicon("news").surfaces


def test_shipped_lexicons_have_no_errors():
    errors = [p for p in check_lexicons()[0] if p.severity == "error"]
    assert errors == []


def test_variants_and_rationale_are_parsed(tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path)
    (d / "theme.txt").write_text("# category: theme\n# leaf: G05\n# version: 9\n# definition: x\n\n"
                                 "甲乙 | 丙丁   # why\n戊己\n", "utf-8")
    lex = load_lexicon("theme", d)
    assert [e.variants for e in lex.entries] == [("甲乙", "丙丁"), ("戊己",)]
    assert lex.entries[0].rationale == "why" and lex.entries[0].line == 6
    assert lex.surfaces == {"甲乙": "甲乙", "丙丁": "甲乙", "戊己": "戊己"}


@pytest.mark.parametrize("body, needle", [
    ("# category: theme\n# leaf: G05\n# definition: x\n甲乙\n", "missing header line '# version"),
    ("# category: theme\n# leaf: G05\n# version: 1\n# definition: x\n甲乙 | | 丙\n", "theme.txt:5: error: empty term"),
    ("# category: market\n# version: 1\n# definition: x\n甲乙\n", "header says category 'market'"),
])
def test_malformed_lexicon_names_file_and_line(tmp_path, body, needle):
    d = copy_lexicons(tmp_path)
    (d / "theme.txt").write_text(body, "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon("theme", d)
    assert needle in str(e.value)


def test_non_utf8_and_unknown_category(tmp_path):
    d = copy_lexicons(tmp_path)
    (d / "theme.txt").write_bytes("# category: theme\n生态".encode("gbk"))
    with pytest.raises(LexiconError, match="theme.txt:2: not UTF-8"):
        load_lexicon("theme", d)
    d = copy_lexicons(tmp_path / "clean")
    with pytest.raises(LexiconError, match="unknown lexicon category 'ecology'"):
        load_lexicon("ecology", d)


def test_check_finds_duplicates_cross_category_punctuation_and_nesting(tmp_path):
    d = copy_lexicons(tmp_path)
    with open(d / "theme.txt", "a", encoding="utf-8") as fh:
        fh.write("生态资产\n碳市场\n生态 资本\n“两 山”\n")
    probs = check_lexicons(d)[0]
    msgs = [str(p) for p in probs if p.severity == "error"]
    assert any("duplicate '生态资产'" in m for m in msgs)
    assert any("'碳市场' is in two categories" in m for m in msgs)
    assert any("'生态 资本' contains ' '" in m for m in msgs)
    assert any("'两 山' contains ' '" in m for m in msgs)   # a quoted variant: its words are checked
    infos = [str(p) for p in probs if p.severity == "info"]
    assert any("nested: '生态资产' inside '生态资产管理'" in m for m in infos)


def test_check_reports_collisions_in_corpus(store):
    from count_helpers import add_plan

    add_plan(store, "350700", ["全面推行生态资源有偿使用制度"])  # 生态资源 | 资源有偿使用 overlap
    coll = [str(p) for p in check_with_corpus(store) if "collision" in str(p)]
    assert len(coll) == 1
    assert "'生态资源' overlaps '资源有偿使用'" in coll[0] and "substring mode counts the leftmost" in coll[0]


def test_add_and_remove_edit_atomically_and_refuse_bad_input(tmp_path):
    d = copy_lexicons(tmp_path)
    before = (d / "market.txt").read_text("utf-8")
    with pytest.raises(LexiconError, match="already in the theme（生态资产管理主题词） lexicon"):
        add_terms("market", ["水权质押", "生态资产"], d)
    with pytest.raises(LexiconError, match="space or punctuation"):
        add_terms("market", ["碳 金融"], d)
    assert (d / "market.txt").read_text("utf-8") == before  # nothing half-written
    assert add_terms("market", ["水权质押 | 水权抵押"], d, "test") == ["水权质押 | 水权抵押   # test"]
    assert load_lexicon("market", d).surfaces["水权抵押"] == "水权质押"
    with pytest.raises(LexiconError, match="not in the market（市场配置相关词汇） lexicon"):
        remove_terms("market", ["水权抵押", "不存在"], d)
    assert "水权抵押" in load_lexicon("market", d).surfaces
    remove_terms("market", ["水权抵押"], d)
    assert load_lexicon("market", d).surfaces.get("水权质押") == "水权质押"
    assert "水权抵押" not in load_lexicon("market", d).surfaces
    remove_terms("market", ["水权质押"], d)
    assert (d / "market.txt").read_text("utf-8") == before


def test_cli_lexicon_check_add_remove(tmp_path, monkeypatch, cli):
    d = copy_lexicons(tmp_path, monkeypatch)
    r = cli("lexicon", "check", "--no-corpus")
    assert r.exit_code == 0 and "0 error(s)" in r.output
    r = cli("lexicon", "add", "policy", "生态环境分区")
    assert r.exit_code == 0 and "added to policy: 生态环境分区" in r.output
    r = cli("lexicon", "add", "policy", "生态环境分区")
    assert r.exit_code == 3 and "already in the policy（政策引导相关词汇） lexicon" in r.output
    with open(d / "resource.txt", "a", encoding="utf-8") as fh:
        fh.write("生态环境分区\n")
    r = cli("lexicon", "check", "--no-corpus")
    assert r.exit_code == 3 and "in two categories" in r.output
    r = cli("lexicon", "remove", "policy", "生态环境分区")
    assert r.exit_code == 0
    r = cli("lexicon", "add", "ecology", "x")
    assert r.exit_code == 2 and "ecology" in r.output
