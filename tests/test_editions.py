"""Plan editions (issue 11): one counted outline per city and period.

The fixture city 湖州 holds its 十三五 and 十四五 outlines, a PDF and an HTML copy of the 十四五 outline,
a 十四五 draft (征求意见稿), a sectoral 十四五 plan and a 十五五 outline. Counting for a period must
equal, term for term, a store that holds only that period's outline — in both counting modes. The
texts are the project's sample outlines (written for the project, not official documents), retitled.
"""
from __future__ import annotations

import dataclasses
import shutil

import pytest

from textmine.editions import classify, fingerprint, load_rules, select_outlines, similarity
from textmine.ingest import ingest
from textmine.count import MODES, count_corpus, planning_indicators
from textmine.count.periods import compare_periods, term_counts
from textmine.parse import parse_corpus
from textmine.sample.plandoc import load_plan_md
from textmine.sample.webpage import write_docx, write_html
from textmine.store import Store

from count_helpers import ROOT

SAMPLE = ROOT / "corpora" / "sample"
HZ = "330500"
T13 = "湖州市国民经济和社会发展第十三个五年规划纲要"
T14 = "湖州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
T15 = "湖州市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要"


def _variant(src: str, title: str, *, keep=None):
    doc = load_plan_md(SAMPLE / "text" / src)
    blocks = [b for i, b in enumerate(doc.blocks) if keep is None or keep(i)]
    return dataclasses.replace(doc, title=title, blocks=blocks)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("editions")
    out = {"14_pdf": d / "huzhou14.pdf", "14_html": d / "huzhou14.html"}
    shutil.copy(SAMPLE / "docs" / "huzhou_plan_14th.pdf", out["14_pdf"])
    write_html(load_plan_md(SAMPLE / "text" / "湖州市.md"), out["14_html"])            # the same text as a web page
    out["14_draft"] = write_docx(_variant("湖州市.md", T14 + "（征求意见稿）", keep=lambda i: i % 4 != 1),
                                 d / "huzhou14_draft.docx")
    out["13"] = write_docx(_variant("丽水市.md", T13), d / "huzhou13.docx")
    out["14_env"] = write_docx(_variant("抚州市.md", "湖州市生态环境保护“十四五”规划", keep=lambda i: i < 120),
                               d / "huzhou_env14.docx")
    out["15"] = write_docx(_variant("南平市.md", T15), d / "huzhou15.docx")
    return out


def _store(home, files, which: dict[str, dict]) -> Store:
    store = Store(home)
    for key, kw in which.items():
        ingest(store, [files[key]], city="湖州", kind="plan", **kw)
    parse_corpus(store, workers=1)
    for mode in MODES:
        count_corpus(store, mode)
    return store


ALL = {"13": {"title": T13}, "14_pdf": {"title": T14}, "14_html": {},   # the HTML copy: title from its text
       "14_draft": {"title": T14 + "（征求意见稿）"}, "14_env": {"title": "湖州市生态环境保护“十四五”规划"},
       "15": {"title": T15}}


@pytest.fixture(scope="module")
def full(files, tmp_path_factory):
    s = _store(tmp_path_factory.mktemp("full"), files, ALL)
    yield s
    s.close()


def test_every_document_is_classified_and_one_outline_counts_per_period(full):
    rows = {r["source"].rsplit("/", 1)[-1]: r for r in full.documents()}
    assert (rows["huzhou13.docx"]["period"], rows["huzhou13.docx"]["plan_type"]) == ("十三五", "outline")
    assert (rows["huzhou14.html"]["period"], rows["huzhou14.html"]["plan_type"]) == ("十四五", "outline")
    assert rows["huzhou14.html"]["period_source"] == "title"   # its title was a file name: the page <title> decided
    assert rows["huzhou14_draft.docx"]["plan_type"] == "draft"
    assert (rows["huzhou_env14.docx"]["period"], rows["huzhou_env14.docx"]["plan_type"]) == ("十四五", "sectoral")
    sel = select_outlines(full, "十四五")
    status = {d.document_id: d.status for d in sel.decisions}
    pdf, html = rows["huzhou14.pdf"]["id"], rows["huzhou14.html"]["id"]
    counted = sel.counted[HZ]
    assert counted.document_id in (pdf, html) and counted.plan_type == "outline" and not counted.draft
    other = html if counted.document_id == pdf else pdf
    assert status[other] == "copy"
    assert [d for d in sel.decisions if d.document_id == other][0].containment > 0.9
    assert status[rows["huzhou14_draft.docx"]["id"]] == "superseded draft"
    assert status[rows["huzhou_env14.docx"]["id"]] == "not an outline"
    assert select_outlines(full, "十三五").counted[HZ].document_id == rows["huzhou13.docx"]["id"]
    assert select_outlines(full, "十五五").counted[HZ].document_id == rows["huzhou15.docx"]["id"]


@pytest.mark.parametrize("period,only", [("十四五", None), ("十五五", "15"), ("十三五", "13")])
def test_count_for_a_period_equals_a_store_holding_only_its_outline(full, files, tmp_path, period, only):
    if only is None:    # the copy that was counted
        doc = select_outlines(full, period).counted[HZ].document_id
        only = next(k for k, f in files.items() if full.conn.execute(
            "SELECT 1 FROM documents WHERE id=? AND source=?", (doc, str(f.resolve()))).fetchone())
    alone = _store(tmp_path / "alone", files, {only: ALL[only]})
    try:
        for mode in MODES:
            a, b = term_counts(full, period, mode), term_counts(alone, period, mode)
            key = ["category", "term"]
            assert len(a) > 40
            assert a.sort_values(key).drop(columns="city_code").reset_index(drop=True).equals(
                b.sort_values(key).drop(columns="city_code").reset_index(drop=True)), mode
            ia, ib = planning_indicators(full, mode, period).loc[HZ], planning_indicators(alone, mode, period).loc[HZ]
            cols = [c for c in ia.index if c not in ("document_id", "document_title")]
            assert ia[cols].equals(ib[cols]), mode
    finally:
        alone.close()


def test_nothing_is_summed_across_documents(full):
    """The count of the period is the counted outline's alone, far below the sum of every plan."""
    ind = planning_indicators(full, "token", "十四五").loc[HZ]
    everything = full.conn.execute("SELECT COUNT(*) FROM hits WHERE city_code=? AND mode='token' AND category="
                                   "'theme'", (HZ,)).fetchone()[0]
    assert 0 < ind["theme"] < everything / 2


def test_a_draft_counts_only_without_a_final_outline_and_says_so(files, tmp_path, cli):
    store = _store(tmp_path / "d", files, {"14_draft": ALL["14_draft"], "13": ALL["13"]})
    try:
        ind = planning_indicators(store, "token", "十四五").loc[HZ]
        assert ind["has_plan"] and ind["draft"] and ind["plan_type"] == "draft"
        assert planning_indicators(store, "token", "十三五").loc[HZ, "draft"] == False  # noqa: E712
    finally:
        store.close()
    res = cli("--home", tmp_path / "d", "count", "--period", "十四五")
    assert res.exit_code == 0 and "DRAFT" in res.output and "(1 of them a DRAFT)" in res.output


def test_two_different_outlines_of_one_period_conflict_and_only_one_counts(files, tmp_path):
    store = _store(tmp_path / "c", files, {"14_pdf": ALL["14_pdf"], "15": {"title": T14}})  # 南平's text titled 十四五
    try:
        sel = select_outlines(store, "十四五")
        assert len(sel.counted) == 1 and len(sel.conflicts) == 1
        assert sel.conflicts[0].containment < 0.3 and "differs" in sel.conflicts[0].reason
    finally:
        store.close()


def test_refresh_view_compares_two_periods(full, cli, tmp_path):
    rows = compare_periods(full, "十四五", "十五五", "token")
    assert {r["category"] for r in rows} == {"theme", "resource", "policy", "market"}
    theme = next(r for r in rows if r["category"] == "theme")
    a = planning_indicators(full, "token", "十四五").loc[HZ]
    b = planning_indicators(full, "token", "十五五").loc[HZ]
    assert (theme["十四五"], theme["十五五"], theme["change"]) == (a["theme"], b["theme"], b["theme"] - a["theme"])
    t14 = set(term_counts(full, "十四五", "token").query("category == 'theme'")["term"])
    t15 = set(term_counts(full, "十五五", "token").query("category == 'theme'")["term"])
    assert set(filter(None, theme["terms_gained"].split("、"))) == t15 - t14
    assert set(filter(None, theme["terms_lost"].split("、"))) == t14 - t15
    res = cli("--home", full.home, "count", "--compare", "十四五", "十五五", "--format", "csv")
    assert res.exit_code == 0 and res.output.startswith("city,code,category,十四五,十五五,change,")


def test_period_is_checked_and_can_be_given(files, tmp_path, cli):
    home = tmp_path / "h"
    bad = cli("--home", home, "ingest", files["14_env"], "--city", "湖州", "--kind", "plan", "--period", "十六五")
    assert bad.exit_code == 3 and "valid periods: 十一五, 十二五, 十三五, 十四五, 十五五" in bad.output
    later = cli("--home", home, "ingest", files["14_env"], "--city", "湖州", "--kind", "plan", "--no-parse")
    assert later.exit_code == 0 and "detected from the text when parsed" in later.output
    assert cli("--home", home, "parse").exit_code == 0
    assert ",十四五,sectoral,sectoral,city 湖州市,high,not an outline," in cli("--home", home, "documents", "list",
                                                                       "--format", "csv").output
    ok = cli("--home", home, "ingest", files["13"], "--city", "湖州", "--kind", "plan")   # parsed at once
    assert ok.exit_code == 0 and "[十三五 outline]" in ok.output
    again = cli("--home", home, "ingest", files["14_env"], "--city", "湖州", "--kind", "plan", "--plan-type", "outline")
    assert "(edition set)" in again.output
    listing = cli("--home", home, "documents", "list", "--format", "csv")
    assert ",十四五,,outline," in listing.output and "type: given" in listing.output


def test_classification_rules():
    r = load_rules()
    assert classify("丽水市“十四五”规划", None, r, city_code="331100").plan_type == "outline"
    assert classify("《湖州市十四五规划纲要》解读", None, r).plan_type == "interpretation"
    head = "目 录\n第一章 “十三五”时期取得的成就\n本规划根据…编制"
    ed = classify("plan_scan.pdf", head, r)
    assert ed.period is None, "a review of the previous period does not name the document"
    text = "前言\n" + "“十三五”时期全市发展取得新成就。" * 3 + "湖州市国民经济和社会发展第十四个五年规划纲要，主要阐明……"
    assert classify("plan.pdf", text, r).period == "十四五"
    assert classify("某文件", None, r, year=2027).period == "十五五"


def test_fingerprints_tell_copies_from_different_texts():
    a = (SAMPLE / "text" / "湖州市.md").read_text("utf-8")
    b = (SAMPLE / "text" / "丽水市.md").read_text("utf-8")
    fa = fingerprint(a)
    assert similarity(fa, fingerprint(a[: len(a) // 3])).containment > 0.95      # a truncated copy
    assert similarity(fa, fingerprint("栏目导航 首页 " + a.replace("\n", " "))).containment > 0.95
    assert similarity(fa, fingerprint(b)).containment < 0.2


def test_report_section_names_documents_and_shows_the_refresh(full):
    from textmine.report.analysis import edition_tables
    from textmine.report.editions import editions_section

    sec = editions_section(full, "十四五")
    assert sec.compare == ("十四五", "十五五")
    assert list(sec.counted["city_code"]) == [HZ] and "copy" in sec.counted.iloc[0]["not_counted"]
    assert len(sec.missing) == 338 and HZ not in set(sec.missing["city_code"])
    a = planning_indicators(full, "token", "十四五").loc[HZ]
    b = planning_indicators(full, "token", "十五五").loc[HZ]
    dens = lambda r: 1e4 * sum(r[c] for c in ("theme", "resource", "policy", "market")) / r["plan_chars"]  # noqa: E731
    assert sec.change[HZ] == pytest.approx(dens(b) - dens(a))
    assert sec.movers.iloc[0]["name"] == "湖州市" and len(sec.gained) > 0
    tables = edition_tables(sec)
    assert [t.key for t in tables] == ["planning_documents", "planning_missing", "refresh_movers", "refresh_terms"]
    from textmine.lexicon import load_lexicon

    # both editions counted with one lexicon version, named in the refresh table
    assert sec.lexicon.startswith(f"theme {load_lexicon('theme').version_label}, resource ")
    assert f"两期用同一词典版本计数：{sec.lexicon}" in tables[2].note


@pytest.mark.slow
def test_run_and_explain_name_the_period_and_the_document(full, cli, tmp_path):
    wb = tmp_path / "wb.csv"
    assert cli("sample-data", "--out", wb, "--no-text").exit_code == 0
    res = cli("--home", full.home, "score", "--data", wb, "--runs", "20", "--allow-missing", "--period", "十五五")
    assert res.exit_code == 0 and "from the 十五五 outlines of 1 of 339 cities" in res.output
    doc15 = select_outlines(full, "十五五").counted[HZ].document_id
    out = cli("--home", full.home, "explain", "湖州").output
    assert f"G05 五年规划中生态资产管理主题词个数: text-mined: 十五五 outline #{doc15} 《{T15}》, token mode" in out
    res = cli("--home", full.home, "score", "--data", wb, "--runs", "20", "--allow-missing")
    assert "from the 十四五 outlines" in res.output


def test_docs_fingerprint_table_is_what_the_benchmark_measures():
    import importlib.util

    spec = importlib.util.spec_from_file_location("fp_bench", ROOT / "benchmarks" / "editions_fingerprint.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    doc = (ROOT / "docs" / "editions.md").read_text("utf-8")
    shown = doc.split("<!-- fingerprint-table -->\n", 1)[1].split("\n\n", 1)[0]
    assert shown == bench.format_table(bench.similarity_table())
