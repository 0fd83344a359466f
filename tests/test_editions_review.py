"""The review of outline choices (issue 23): a 建议 beside the outline, a county's outline, conflicts, drafts;
the queue (`documents review`), decisions kept in the workspace (`documents accept`), the warning every command
prints and `--strict`."""
from __future__ import annotations

import csv

import pytest

from textmine.editions import (accept_choice, load_decisions, missing_summary, outline_state, require_reviewed,
                               review_warning)
from textmine.editions.select import COPY, NOT_CITY, NOT_OUTLINE
from textmine.errors import TextmineError
from textmine.ingest import ingest
from textmine.parse import parse_corpus
from textmine.store import Store
from textmine.workspace import init_workspace

from count_helpers import ROOT

SAMPLE = ROOT / "corpora" / "sample" / "text"
HZ, QZ, LS = "330500", "330800", "331100"


def _paras(name: str, a: int = 0, b: int | None = None) -> list[str]:
    lines = [l.strip() for l in (SAMPLE / name).read_text("utf-8").splitlines()]
    return [l for l in lines if l and not l.startswith("#") and ":" not in l[:8]][a:b]


def _write(folder, name: str, head: str, body: list[str]):
    path = folder / name
    path.write_text(head.strip() + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A workspace as the data root (review decisions are written there), and a fresh data home."""
    ws = tmp_path / "ws"
    init_workspace(ws)
    monkeypatch.setenv("TEXTMINE_ROOT", str(ws))
    monkeypatch.setenv("TEXTMINE_HOME", str(tmp_path / "home"))
    return ws


@pytest.fixture
def docs(tmp_path):
    d = tmp_path / "files"
    d.mkdir()
    body15 = _paras("湖州市-十五五.md")
    return {
        "outline": _write(d, "湖州市国民经济和社会发展第十五个五年规划纲要.txt",
                          "湖州市国民经济和社会发展\n第十五个五年规划和二〇三五年远景目标纲要\n湖州市人民政府\n二〇二六年二月", body15),
        # the 建议 whose body overlaps the outline's: it must not be counted, nor make the outline its "copy"
        "proposal": _write(d, "中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划的建议.txt",
                           "中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划的建议\n（2025年12月18日通过）",
                           body15[:60] + _paras("湖州市.md", 0, 80)),
        "county": _write(d, "柯城区十五五规划纲要.txt", "衢州市柯城区国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要\n"
                         "柯城区人民政府", _paras("丽水市-十五五.md")),
        "ls_outline": _write(d, "art_1229218389.txt", "丽水市国民经济和社会发展\n第十五个五年规划纲要\n丽水市人民政府",
                             _paras("丽水市-十五五.md")),
        "ls_news": _write(d, "《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布.txt",
                          "《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布\n来源：丽水日报",
                          ["日前，《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布。记者梳理发现，纲要共分十二篇四十章，"
                           "围绕山区共同富裕、生态产品价值实现等方面提出重点任务，市民可在市政府门户网站查阅全文。",
                           "市发改委有关负责人表示，下一步将制定重点任务分工方案，逐项明确责任单位和完成时限。"]),
        "ls_draft": _write(d, "丽水市十五五规划纲要（征求意见稿）.txt",
                           "丽水市国民经济和社会发展第十五个五年规划纲要\n（征求意见稿）", _paras("丽水市-十五五.md", 0, 100)),
    }


def _store(home, docs, which: dict[str, str]) -> Store:
    store = Store(home)
    for key, city in which.items():
        ingest(store, [docs[key]], city=city, kind="plan")
    parse_corpus(store, workers=1)
    return store


def test_a_proposal_beside_the_outline_is_not_counted_and_the_outline_is_no_copy(workspace, docs, tmp_path):
    store = _store(tmp_path / "h1", docs, {"outline": "湖州", "proposal": "湖州"})
    try:
        sel = outline_state(store, "十五五")
        # the title is the heading read from the document (issue 32), in its normal form (二〇三五 → 2035)
        ids = {r["title"]: r["id"] for r in store.documents()}
        outline = ids["湖州市国民经济和社会发展第十五个五年规划和2035年远景目标纲要"]
        assert sel.counted[HZ].document_id == outline
        proposal = next(d for d in sel.decisions if d.document_id != outline)
        assert proposal.status == NOT_OUTLINE and proposal.doc_type == "proposal" and "建议" in proposal.reason
        assert sel.cities[HZ].review == "not needed" and review_warning(sel) is None
    finally:
        store.close()
    alone = _store(tmp_path / "h2", docs, {"proposal": "湖州"})        # only the 建议: nothing counted, and said
    try:
        sel = outline_state(alone, "十五五")
        assert HZ not in sel.counted and sel.cities[HZ].review == "needed"
        assert sel.cities[HZ].why_none.startswith("only a 建议")
        assert "339 without an outline: 338 no plan document of 十五五, 1 only a 建议 found" == missing_summary(sel)
    finally:
        alone.close()


def test_a_county_outline_is_not_the_citys(workspace, docs, tmp_path):
    store = _store(tmp_path / "h", docs, {"county": "衢州"})
    try:
        sel = outline_state(store, "十五五")
        d = sel.decisions[0]
        assert d.status == NOT_CITY and "柯城区" in d.reason and QZ not in sel.counted
        assert sel.cities[QZ].review == "needed" and "柯城区" in sel.cities[QZ].why_none
    finally:
        store.close()


def test_review_accept_and_strict_through_the_cli(workspace, docs, cli, tmp_path):
    for key in ("ls_outline", "ls_news"):
        assert cli("ingest", docs[key], "--city", "丽水", "--kind", "plan").exit_code == 0
    queue = cli("documents", "review", "--period", "十五五", "--format", "csv")
    rows = list(csv.DictReader(queue.output.splitlines()))
    assert [(r["city"], r["review"]) for r in rows] == [("丽水市", "needed")]
    assert "2 different outline texts" in rows[0]["why"] and "conflict" in rows[0]["candidates"]
    counted = int(rows[0]["counted"].lstrip("#"))
    out = cli("count", "--period", "十五五")
    assert out.exit_code == 0 and "1 outline choice(s) for 十五五 need review" in out.output
    strict = cli("count", "--period", "十五五", "--strict")
    assert strict.exit_code == 3 and "strict:" in strict.output and "丽水市" in strict.output
    ok = cli("documents", "accept", "丽水", "--period", "十五五", "--note", "正式文本")
    assert ok.exit_code == 0 and "recorded in" in ok.output
    decisions = load_decisions(workspace / "corpora" / "editions-decisions.csv")
    d = decisions[(LS, "十五五")]
    assert d.decision == "count" and len(d.seen) == 2 and d.note == "正式文本"
    assert cli("documents", "review", "--period", "十五五", "--format", "csv").output.count("\n") == 1  # header only
    assert cli("count", "--period", "十五五", "--strict").exit_code == 0
    # a new candidate puts the city back in the queue, naming it
    assert cli("ingest", docs["ls_draft"], "--city", "丽水", "--kind", "plan").exit_code == 0
    again = cli("documents", "review", "--period", "十五五", "--format", "csv").output
    assert "new since the review" in again
    # a colleague's data home: the same decision, by content hash, picks the same document
    other = tmp_path / "colleague"
    for key in ("ls_news", "ls_outline"):             # added in the other order: other ids
        assert cli("--home", other, "ingest", docs[key], "--city", "丽水", "--kind", "plan").exit_code == 0
    with Store(other) as s:
        sel = outline_state(s, "十五五")
        assert s.conn.execute("SELECT sha256 FROM documents WHERE id=?", (sel.counted[LS].document_id,)
                              ).fetchone()[0] == d.sha256
        assert sel.cities[LS].review == "reviewed"
        assert sel.counted[LS].document_id != counted       # another id, the same document


def test_choosing_another_document_or_none(workspace, docs, tmp_path):
    store = _store(tmp_path / "h", docs, {"ls_outline": "丽水", "ls_news": "丽水", "proposal": "湖州"})
    try:
        sel = outline_state(store, "十五五")
        news = next(d.document_id for d in sel.decisions if "全文发布" in d.title)
        accept_choice(store, "丽水", "十五五", document_id=news, note="test", by="tester")
        sel = outline_state(store, "十五五")
        assert sel.counted[LS].document_id == news and sel.counted[LS].reason.startswith("chosen in review (tester")
        assert {d.status for d in sel.decisions if d.city_code == LS and d.document_id != news} == {"not chosen in review"}
        accept_choice(store, "湖州", "十五五", none=True)
        sel = outline_state(store, "十五五")
        assert HZ not in sel.counted and sel.cities[HZ].review == "reviewed"
        assert "the review found no outline" in sel.cities[HZ].why_none
        require_reviewed(sel)
        with pytest.raises(TextmineError, match="not a plan document of 丽水市"):
            accept_choice(store, "丽水", "十五五", document_id=next(d.document_id for d in sel.decisions
                                                                   if d.city_code == HZ))
        with pytest.raises(TextmineError, match="nothing is counted for 湖州市"):
            accept_choice(store, "湖州", "十五五")
    finally:
        store.close()


def test_a_draft_alone_is_counted_and_queued_a_draft_beside_the_final_is_superseded(workspace, docs, tmp_path):
    store = _store(tmp_path / "h", docs, {"ls_draft": "丽水"})
    try:
        sel = outline_state(store, "十五五")
        assert sel.counted[LS].draft and "only a draft" in sel.cities[LS].review_reasons[0]
    finally:
        store.close()
    store = _store(tmp_path / "h2", docs, {"ls_draft": "丽水", "ls_outline": "丽水"})
    try:
        sel = outline_state(store, "十五五")
        assert not sel.counted[LS].draft and sel.cities[LS].review == "not needed"
        assert {d.status for d in sel.decisions} == {"counted", "superseded draft"}
        assert COPY not in {d.status for d in sel.decisions}
    finally:
        store.close()


def test_a_bad_decisions_file_is_refused_with_its_line(workspace, docs, cli):
    assert cli("ingest", docs["ls_outline"], "--city", "丽水", "--kind", "plan").exit_code == 0
    path = workspace / "corpora" / "editions-decisions.csv"
    path.write_text(path.read_text("utf-8") + "丽水市,331100,十六五,count,abc,,,,,\n", encoding="utf-8")
    res = cli("documents", "review")
    assert res.exit_code == 3 and f"{path}:10:" in res.output and "unknown plan period '十六五'" in res.output
    path.write_text(path.read_text("utf-8").replace("十六五,count,abc", "十五五,keep,abc"), encoding="utf-8")
    assert "decision 'keep' must be count or none" in cli("documents", "review").output


def test_decisions_need_a_workspace_not_the_installed_defaults(monkeypatch, tmp_path, docs):
    from textmine.editions.decisions import ReviewDecision, record_decision
    from textmine.resources import DataRoot

    monkeypatch.setattr("textmine.editions.decisions.data_root", lambda: DataRoot(tmp_path, "package"))
    with pytest.raises(TextmineError, match="kept in a workspace"):
        record_decision(ReviewDecision("丽水市", LS, "十五五", "none"))


def test_score_and_report_say_which_choices_are_unreviewed_and_strict_refuses(workspace, docs, cli, tmp_path):
    from textmine.report.build import build_report
    from textmine.report.editions import editions_section

    for key in ("ls_outline", "ls_news"):
        assert cli("ingest", docs[key], "--city", "丽水", "--kind", "plan").exit_code == 0
    assert cli("count").exit_code == 0
    wb = tmp_path / "wb.csv"
    assert cli("sample-data", "--out", wb, "--no-text").exit_code == 0
    res = cli("score", "--data", wb, "--runs", "20", "--allow-missing", "--period", "十五五")
    assert res.exit_code == 0 and "warning: 1 outline choice(s) for 十五五 need review" in res.output
    assert "1 choice(s) need review" in res.output                 # the planning note says it too
    strict = cli("score", "--data", wb, "--runs", "20", "--allow-missing", "--period", "十五五", "--strict")
    assert strict.exit_code == 3 and "strict: 1 outline choice(s)" in strict.output
    with Store(tmp_path / "home") as s:
        sec = editions_section(s, "十五五")
        assert list(sec.review["name"]) == ["丽水市"] and "2 different outline texts" in sec.review.iloc[0]["why"]
        assert list(sec.counted["review"]) == ["待复核"]
        with pytest.raises(TextmineError, match="strict: 1 outline choice"):
            build_report(s, tmp_path / "report", strict=True)
        assert not (tmp_path / "report" / "cemi_report.html").exists()


def test_a_decision_whose_document_is_gone_puts_the_city_back_in_the_queue(workspace, docs, tmp_path):
    from textmine.editions.decisions import ReviewDecision, record_decision

    record_decision(ReviewDecision("丽水市", LS, "十五五", "count", "ab" * 32, "an older download", frozenset()))
    store = _store(tmp_path / "h", docs, {"ls_outline": "丽水"})
    try:
        choice = outline_state(store, "十五五").cities[LS]
        assert choice.counted_id is not None and choice.review == "needed"      # counted as decided without it
        assert "an older download" in choice.review_reasons[0] and "not in the corpus" in choice.review_reasons[0]
    finally:
        store.close()
