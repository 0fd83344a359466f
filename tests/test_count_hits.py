"""Counting: segmenter registration, both modes, stored hits, indicators, incremental = full, audit, CLI."""
from __future__ import annotations

import csv
import io
import json
import math

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.errors import TextmineError
from textmine.lexicon.edit import add_terms, remove_terms
from textmine.count import PageMatcher, Segmenter, count_corpus, current_state, planning_indicators
from textmine.count.audit import audit_hits, compare_cities, render_audit_html, term_table

NP = ["南平市坚持生态优先、绿色发展，推进生态产品价值实现机制试点，发挥生态资源优势，加强生态环境保护。",
      "建立生态银行，推进林权交易和碳汇交易，提高城市排水能力，<治理>河湖。"]
LS = ["丽水市深化生态产品价值实现机制，开展GEP核算，推进生态修复和生态环境保护。"]


@pytest.fixture(scope="module")
def state():
    return current_state()


@pytest.fixture(scope="module")
def segmenter(state):
    return Segmenter(state.mapping)


def test_lexicon_term_wins_over_longer_jieba_word(segmenter):
    assert segmenter.cut("发挥生态资源优势") == ["发挥", "生态资源", "优势"]
    assert segmenter.cut("改善生态环境质量") == ["改善", "生态环境质量"]
    # the bare 生态环境 is no term since lexicons 2026.3 (issue 31): jieba's own words stand
    assert segmenter.cut("加强生态环境保护") == ["加强", "生态", "环境保护"]
    import jieba

    assert jieba.lcut("发挥生态资源优势") != ["发挥", "生态资源", "优势"]  # plain jieba: 生态|资源优势
    assert "原始森林" in segmenter.removed  # a dictionary word that would swallow 森林
    assert segmenter.cut("保护原始森林") == ["保护", "原始", "森林"]


def test_modes_differ_where_a_short_term_is_inside_another_word(state, segmenter):
    text = "提高城市排水能力，开发水能资源"
    tok = PageMatcher(state.mapping, "token", segmenter).hits(text)
    sub = PageMatcher(state.mapping, "substring").hits(text)
    assert [(h.offset, h.surface) for h in sub] == [(5, "水能"), (11, "水能")]
    assert [(h.offset, h.surface) for h in tok] == [(11, "水能")]  # 排水|能力 keeps 水能 out


def test_substring_is_leftmost_longest_and_reports_canonical_term(state):
    hits = PageMatcher(state.mapping, "substring").hits("推进生态产品价值转化和碳汇交易")
    assert [(h.surface, h.term, h.category) for h in hits] == [
        ("生态产品价值转化", "生态产品价值实现", "theme"), ("碳汇交易", "碳汇交易", "market")]


def test_rjieba_backend_segments_these_sentences_like_jieba(state, segmenter):
    fast = Segmenter(state.mapping, "rjieba")
    text = "".join(NP + LS) * 2
    assert fast.cut(text) == segmenter.cut(text)


def test_count_stores_hits_and_indicators_with_nan_for_no_plan(store):
    add_plan(store, "350700", NP, url="http://www.np.gov.cn/plan.html")
    add_plan(store, "331100", LS)
    add_plan(store, "110000", ["北京推进生态文明建设"], kind="news")  # news is not counted
    rep = count_corpus(store, "token")
    assert rep.pages == 3 and rep.matched == 3
    df = planning_indicators(store, "token")
    assert len(df) == 339 and df["has_plan"].sum() == 2
    assert math.isnan(df.loc["110000", "theme"]) and not df.loc["110000", "has_plan"]
    np_row = df.loc["350700"]
    assert (np_row["theme"], np_row["resource"], np_row["policy"], np_row["market"]) == (3, 2, 0, 3)
    assert np_row["resource_distinct"] == 2  # 生态资源, 河湖 (the bare 生态环境 is no term since 2026.3)
    assert np_row["plan_chars"] == len(NP[0]) + len(NP[1])
    assert np_row["market_density"] == pytest.approx(3 * 1e4 / np_row["plan_chars"])
    row = store.conn.execute("SELECT * FROM hits WHERE term='生态银行' AND mode='token'").fetchone()
    text = NP[1]
    assert (row["city_code"], row["page"], text[row["offset"]:row["offset"] + row["length"]]) == \
        ("350700", 2, "生态银行")
    from textmine.lexicon import load_lexicon

    assert row["lexicon_version"] == load_lexicon("market").version_label  # declared version + content hash
    assert planning_indicators(store, "substring")["has_plan"].sum() == 0  # substring not counted yet


def test_empty_corpus_is_a_clear_error(store):
    with pytest.raises(TextmineError, match="no parsed plan pages"):
        count_corpus(store, "token")
    assert store.conn.execute("SELECT COUNT(*) FROM match_pages").fetchone()[0] == 0


def _snapshot(store, mode):
    return sorted(tuple(r) for r in store.conn.execute(
        "SELECT city_code, document_id, page, offset, length, surface, term, category, lexicon_version FROM hits "
        "WHERE mode=?", (mode,)))


@pytest.mark.parametrize("mode", ["token", "substring"])
def test_incremental_recount_equals_full_recount(store, tmp_path, mode):
    d = copy_lexicons(tmp_path)
    add_plan(store, "350700", NP)
    add_plan(store, "331100", LS)
    add_plan(store, "330100", ["杭州推进城市更新和数字经济。", "发展排水能力与海绵城市。"])
    count_corpus(store, mode, lexicon_dir=d)
    edits = [lambda: add_terms("resource", ["排水"], d), lambda: add_terms("theme", ["生态优先发展 | 价值实现"], d),
             lambda: remove_terms("resource", ["生态资源"], d), lambda: remove_terms("market", ["林权交易"], d)]
    for edit in edits:
        edit()
        rep = count_corpus(store, mode, lexicon_dir=d)
        inc = _snapshot(store, mode)
        assert rep.reused >= 1  # pages without a changed term were not matched again
        full = count_corpus(store, mode, lexicon_dir=d, full=True)
        assert full.matched == 5
        assert _snapshot(store, mode) == inc
    hits = {r[6] for r in inc}
    assert "排水" in hits and "生态资源" not in hits and "林权交易" not in hits
    assert "生态优先发展" not in hits  # 价值实现 is always inside the longer 生态产品价值实现 here


def test_relabel_moves_counts_between_categories_without_rematching(store, tmp_path):
    d = copy_lexicons(tmp_path)
    add_plan(store, "350700", NP)
    count_corpus(store, "substring", lexicon_dir=d)
    remove_terms("market", ["生态银行"], d)
    add_terms("theme", ["生态银行"], d)
    rep = count_corpus(store, "substring", lexicon_dir=d)
    assert rep.matched == 0 and rep.reused == 2  # a category move does not change matching: relabel only
    row = store.conn.execute("SELECT category FROM hits WHERE term='生态银行'").fetchone()
    assert row["category"] == "theme"


def test_audit_tables_and_html(store):
    add_plan(store, "350700", NP, url="http://www.np.gov.cn/plan.html")
    add_plan(store, "331100", LS)
    count_corpus(store, "token")
    count_corpus(store, "substring")
    tt = {r["term"]: r for r in term_table(store, "南平")}
    assert (tt["水能"]["token"], tt["水能"]["substring"], tt["水能"]["difference"]) == (0, 1, 1)
    hits = audit_hits(store, "南平", category="market")
    assert [h["term"] for h in hits] == ["生态银行", "林权交易", "碳汇交易"]
    assert hits[0]["left"] == "建立" and hits[0]["right"].startswith("，推进林权交易") and hits[0]["page"] == 2
    assert hits[0]["doc_offset"] == len(NP[0]) + 1 + 2
    cmp = {r["term"]: r for r in compare_cities(store, "南平", "丽水")}
    assert cmp["生态系统生产总值"]["南平市"] == 0 and cmp["生态系统生产总值"]["丽水市"] == 1
    page = render_audit_html(store, "350700")
    assert "<mark>生态银行</mark>" in page and "href='http://www.np.gov.cn/plan.html'" in page
    assert "&lt;治理&gt;" in page and "<治理>" not in page  # text is escaped
    assert "其规划计数为缺失（不是 0）" in render_audit_html(store, "110000")   # Chinese pages
    with pytest.raises(TextmineError, match="no counted 十四五 outline"):
        audit_hits(store, "北京")
    with pytest.raises(TextmineError, match="unknown city"):
        term_table(store, "不存在市")
    with pytest.raises(TextmineError, match="unknown lexicon category 'ecology'; choose one of theme（生态资产管理主题词）"):
        audit_hits(store, "南平", category="ecology")


def test_cli_count_audit_and_diff(store, cli, tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path, monkeypatch)
    add_plan(store, "350700", NP)
    add_plan(store, "331100", LS)
    r = cli("count", "--format", "csv")
    assert r.exit_code == 0
    # these outlines are a few lines long: the count says they are too short to be outlines (on stderr)
    assert "too short to be an outline" in r.output
    rows = list(csv.DictReader(io.StringIO("".join(x for x in r.output.splitlines(True) if not x.startswith("warning:")))))
    assert [x["city"] for x in rows] == ["丽水市", "南平市"]  # code order
    assert {"theme", "resource", "policy", "market", "theme_distinct", "market_density"} <= set(rows[0])
    assert rows[1]["market"] == "3"
    r = cli("count", "--mode", "substring", "--all-cities", "--format", "json")
    data = json.loads("".join(x for x in r.output.splitlines(True) if not x.startswith("warning:")))
    assert len(data) == 339 and sum(x["has_plan"] for x in data) == 2
    assert next(x for x in data if x["code"] == "110000")["theme"] is None
    r = cli("audit", "南平", "--term", "生态银行", "--format", "csv")
    assert r.exit_code == 0 and "生态银行" in r.output and "建立" in r.output
    r = cli("audit", "南平", "--compare", "丽水", "--format", "csv")
    assert r.output.splitlines()[0] == "category,term,南平市,丽水市,difference"
    out = tmp_path / "np.html"
    r = cli("audit", "350700", "--format", "html", "-o", out)
    assert r.exit_code == 0 and "<mark>" in out.read_text("utf-8")
    r = cli("audit", "北京")
    assert r.exit_code == 3 and "no counted 十四五 outline" in r.output
    old = tmp_path / "old"
    old.mkdir()
    for f in d.glob("*.txt"):
        (old / f.name).write_bytes(f.read_bytes())
    cli("lexicon", "add", "resource", "排水")
    r = cli("lexicon", "diff", "--against", old, "--format", "json")
    diff = json.loads(r.output)
    assert diff == [{"period": "十四五", "city": "南平市", "code": "350700", "category": "resource", "old": 2, "new": 3, "change": 1,
                     "old_rank": 1, "new_rank": 1, "rank_move": 0}]


def test_audit_traces_a_hit_to_the_part_its_page_came_from(store):
    """An outline published in two attachments is one document; each hit names its own part's URL."""
    doc = add_plan(store, "350700", NP, url="http://www.np.gov.cn/plan.html")
    with store.transaction():
        for part in (1, 2):
            store.conn.execute("INSERT INTO document_parts (document_id, part, title, source, url, format, sha256, size)"
                               " VALUES (?,?,?,?,?, 'pdf', ?, 1)", (doc, part, f"纲要（{'上下'[part - 1]}）",
                                                                    f"http://www.np.gov.cn/p{part}.pdf",
                                                                    f"http://www.np.gov.cn/files/p{part}.pdf", "x" * 64))
            store.conn.execute("UPDATE pages SET part=? WHERE document_id=? AND page=?", (part, doc, part))
    count_corpus(store, "token")
    hits = audit_hits(store, "南平")
    assert {(h["page"], h["part"], h["url"]) for h in hits} == {
        (1, 1, "http://www.np.gov.cn/files/p1.pdf"), (2, 2, "http://www.np.gov.cn/files/p2.pdf")}
