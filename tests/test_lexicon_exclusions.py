"""Excluded contexts (`except:` lines): exactly the excluded hits go, in both modes, incrementally; shown in
`lexicon check`, the audit and `lexicon diff`; edited with `lexicon exclude`, removed with their term."""
from __future__ import annotations

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.lexicon import load_lexicon
from textmine.lexicon_analysis import check_with_corpus
from textmine.lexicon.edit import exclude_context, remove_terms
from textmine.count import count_corpus
from textmine.count.audit import term_table

# written for this test: 市场化 four times, twice inside the generic reform phrase 要素市场化配置
PAGES = {
    "331100": ["深化要素市场化配置改革，推进生态产品市场化交易。", "完善生态补偿，探索市场化多元化补偿。"],
    "350700": ["推进要素市场化配置，建设生态银行。", "发展森林康养。"],
    "330100": ["杭州推进城市更新。"],
}


def _hits(store, mode):
    return {(r[0], r[1], r[2], r[3]) for r in store.conn.execute(
        "SELECT document_id, page, offset, surface FROM hits WHERE mode=?", (mode,))}


def _text(store, doc, page):
    return store.conn.execute("SELECT text FROM pages WHERE document_id=? AND page=?", (doc, page)).fetchone()[0]


@pytest.mark.parametrize("mode", ["token", "substring"])
def test_an_exclusion_removes_exactly_the_excluded_hits_incrementally(store, tmp_path, mode):
    d = copy_lexicons(tmp_path)
    (d / "market.txt").write_text((d / "market.txt").read_text("utf-8") + "市场化   # test term\n", "utf-8")
    for code, pages in PAGES.items():
        add_plan(store, code, pages)
    count_corpus(store, mode, lexicon_dir=d)
    before = _hits(store, mode)
    inside = {h for h in before if h[3] == "市场化" and _text(store, h[0], h[1])[h[2] - 2:h[2] + 5] == "要素市场化配置"}
    assert len(inside) == 2 and sum(h[3] == "市场化" for h in before) == 4
    exclude_context("market", "市场化", ["要素市场化配置"], "generic factor-market reform", d)
    rep = count_corpus(store, mode, lexicon_dir=d)
    assert rep.matched == 2 and rep.reused == 3  # only the pages holding the context were matched again
    assert _hits(store, mode) == before - inside
    full = count_corpus(store, mode, lexicon_dir=d, full=True)
    assert full.matched == 5 and _hits(store, mode) == before - inside
    remove_terms("market", ["市场化"], d)  # the term goes with its except: line
    assert "except: 要素市场化配置" not in (d / "market.txt").read_text("utf-8")
    count_corpus(store, mode, lexicon_dir=d)
    assert {h for h in _hits(store, mode) if h[3] == "市场化"} == set()


def test_exclusions_are_shown_by_check_audit_and_diff(store, tmp_path, monkeypatch, cli):
    d = copy_lexicons(tmp_path, monkeypatch)
    (d / "market.txt").write_text((d / "market.txt").read_text("utf-8") + "市场化   # test term\n", "utf-8")
    for code, pages in PAGES.items():
        add_plan(store, code, pages)
    cli("count")
    r = cli("lexicon", "exclude", "market", "市场化", "要素市场化配置", "--why", "generic factor-market reform")
    assert r.exit_code == 0 and "except: 要素市场化配置   # generic factor-market reform" in r.output
    assert load_lexicon("market", d).exclusions["市场化"] == ("要素市场化配置",)
    r = cli("lexicon", "exclude", "market", "市场化", "电价改革", "--why", "x")
    assert r.exit_code == 3 and "contains no variant of '市场化'" in r.output and "nothing was written" in r.output
    notes = [str(p) for p in check_with_corpus(store, d)]
    assert any("'市场化' not counted in '要素市场化配置' (generic factor-market reform)" in n for n in notes)
    assert any("exclusion '要素市场化配置' of '市场化': 2 occurrence(s)" in n for n in notes)
    r = cli("lexicon", "diff", "--against", tmp_path / "lexicons-none")  # a missing folder is not a revision
    assert r.exit_code == 3
    old = tmp_path / "before"
    (old).mkdir()
    for f in d.glob("*.txt"):
        text = f.read_text("utf-8")
        (old / f.name).write_text(text.replace("    except: 要素市场化配置   # generic factor-market reform\n", ""), "utf-8")
    r = cli("lexicon", "diff", "--against", old, "--format", "table")
    assert "contexts excluded ['要素市场化配置']" in r.output
    rows = {(x["category"], x["term"]): x for x in term_table(store, "丽水")}
    assert rows[("market", "市场化")]["token"] == 2 and rows[("market", "市场化")]["excluded"] == 1
    r = cli("lexicon", "exclude", "market", "市场化", "要素市场化配置", "--remove")
    assert r.exit_code == 0 and "except: 要素市场化配置" not in (d / "market.txt").read_text("utf-8")
    r = cli("lexicon", "exclude", "market", "市场化", "要素市场化配置", "--remove")
    assert r.exit_code == 3 and "does not exclude 要素市场化配置" in r.output
    exclude_context("market", "市场化", ["要素市场化配置"], "generic factor-market reform", d)
    rows = {(x["category"], x["term"]): x for x in term_table(store, "南平")}
    assert rows[("market", "市场化")] == {"category": "market", "term": "市场化", "token": 0, "substring": 0,
                                          "difference": 0, "excluded": 1}


def test_a_news_lexicon_applies_its_exclusions_like_the_plan_lexicons(tmp_path):
    from textmine.count.news import NewsMatcher, load_news_query

    f = tmp_path / "news-test.txt"
    f.write_text("# category: news\n# version: 1\n# definition: test\n生态产品价值实现\n"
                 "    except: 生态产品价值实现机制试点评估   # written for this test\n", "utf-8")
    m = NewsMatcher(load_news_query(f))
    assert m.first("丽水推进生态产品价值实现") == "生态产品价值实现"
    assert m.first("专家开展生态产品价值实现机制试点评估") is None
