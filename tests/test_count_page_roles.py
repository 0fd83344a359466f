"""Only body pages are counted: a table of contents repeats the chapter titles (and their terms), a
cover the title. Their pages stay stored with their role; hits, page counts and the characters the
densities divide by leave them out, also when a document is re-parsed and a page changes role."""
from __future__ import annotations

import hashlib

from count_helpers import mark_parsed
from textmine.count import count_corpus, planning_indicators
from textmine.count.scope import counted_page_count as plan_page_count

COVER = "丽水市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n丽水市人民政府"
TOC = "目录\n第一章 深化生态产品价值实现机制改革 1\n第二章 培育生态产品交易市场 8"
BODY = ["第一章 深化生态产品价值实现机制改革\n推进生态产品价值实现，建立生态产品交易中心。",
        "第二章 培育生态产品交易市场\n推进排污权交易和林权交易，发展绿色金融。"]


def _add(store, pages: list[tuple[str, str]]) -> int:
    sha = hashlib.sha256("\f".join(t for t, _ in pages).encode()).hexdigest()
    with store.transaction():
        doc_id, _ = store.add_document(city_code="331100", kind="plan", source="/plans/lishui.pdf", format="pdf",
                                       sha256=sha, size=1, title="丽水市“十四五”规划纲要")
        start = 0
        for n, (text, role) in enumerate(pages, start=1):
            store.conn.execute("INSERT INTO pages (document_id, page, text, char_start, role) VALUES (?,?,?,?,?)",
                               (doc_id, n, text, start, role))
            start += len(text) + 1
        mark_parsed(store, doc_id, len(pages), start)
    return doc_id


def test_toc_and_cover_pages_are_not_counted(store):
    doc = _add(store, [(COVER, "cover"), (TOC, "toc"), (BODY[0], "body"), (BODY[1], "body")])
    assert plan_page_count(store) == 2
    rep = count_corpus(store, "token")
    assert rep.pages == 2 and rep.chars == len(BODY[0]) + len(BODY[1])
    pages_hit = {r[0] for r in store.conn.execute("SELECT DISTINCT page FROM hits WHERE document_id=?", (doc,))}
    assert pages_hit == {3, 4}
    # in the body heading of chapter 2 and in 生态产品交易中心; not in the contents entry
    assert store.conn.execute("SELECT COUNT(*) FROM hits WHERE term='生态产品交易'").fetchone()[0] == 2
    row = planning_indicators(store, "token").loc["331100"]
    assert row["plan_chars"] == len(BODY[0]) + len(BODY[1])
    assert row["market_density"] == row["market"] * 1e4 / row["plan_chars"]


def test_a_page_that_becomes_toc_on_reparse_loses_its_hits(store):
    doc = _add(store, [(TOC, "body"), (BODY[0], "body")])
    count_corpus(store, "token")
    before = store.conn.execute("SELECT COUNT(*) FROM hits WHERE page=1").fetchone()[0]
    assert before > 0
    with store.transaction():                  # what a re-parse with role detection stores
        store.conn.execute("UPDATE pages SET role='toc' WHERE document_id=? AND page=1", (doc,))
    rep = count_corpus(store, "token")
    assert rep.pages == 1 and rep.removed_pages == 1
    assert store.conn.execute("SELECT COUNT(*) FROM hits WHERE page=1").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM match_pages WHERE page=1").fetchone()[0] == 0
    assert planning_indicators(store, "token").loc["331100", "plan_chars"] == len(BODY[0])


def test_lexicon_diff_ignores_contents_pages(store, tmp_path):
    """A term in both the contents and the body changes the count by its body hits only."""
    import shutil

    from textmine.lexicon_analysis import recount_and_diff
    from textmine.resources import data_path

    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    shutil.copytree(data_path("lexicons"), old_dir)
    shutil.copytree(data_path("lexicons"), new_dir)
    assert "机制改革" not in (old_dir / "policy.txt").read_text("utf-8")
    with open(new_dir / "policy.txt", "a", encoding="utf-8") as fh:
        fh.write("\n机制改革\n")
    _add(store, [(COVER, "cover"), (TOC, "toc"), (BODY[0], "body"), (BODY[1], "body")])
    count_corpus(store, "token", lexicon_dir=old_dir)
    before = planning_indicators(store, "token").loc["331100", "policy"]
    rows, summary = recount_and_diff(store, against=str(old_dir), mode="token", directory=new_dir)
    assert summary["added"] == ["机制改革"]
    row = next(r for r in rows if r["code"] == "331100" and r["category"] == "policy")
    assert row["old"] == before and row["change"] == 1      # the body heading only, not the 目录 entry
    assert [r["category"] for r in rows if r["change"]] == ["policy"]   # no other category moves
