"""The labelled set of benchmarks/editions_quality.py (issue 23): every real document of ../shared/realdata/plans
and the written titles and first pages beside them, ingested as a user would, classified and selected. The
acceptance: at least 99 % of the city × period selections right and no wrong selection without a review flag."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from count_helpers import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("editions_quality", ROOT / "benchmarks" / "editions_quality.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod            # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def measured():
    from conftest import SHARED

    bench = _bench()
    has_real = (SHARED / "realdata" / "plans" / "index.csv").is_file()
    return bench, bench.run(SHARED if has_real else None), has_real


def test_the_labelled_set_meets_the_acceptance(measured):
    bench, res, has_real = measured
    f = res.figures()
    if has_real:
        assert f["documents"] >= 80 and f["real"] == 44
    assert f["sel_right"] / f["selections"] >= 0.99, [r for r in res.selections if not r["right"]]
    assert f["sel_wrong_unflagged"] == 0 and f["doc_wrong_unflagged"] == 0
    assert f["doc_right"] / f["documents"] >= 0.95
    assert "selections (city × period)" in bench.summary(res)


def test_every_real_look_alike_stays_out_and_every_real_outline_counts(measured, shared):
    _, res, has_real = measured
    docs = {r["name"]: r for r in res.docs if r["real"]}
    assert len(docs) == 44
    for name in ("hf-15th-suggestion.html", "十五五规划纲要-全文.txt", "honghe_2025_budget_report.html",
                 "hotan_2025_statistical_bulletin.docx", "xiangxi_2025_statistical_bulletin.pdf",
                 "chuxiong_2025_budget_report.html", "2026-beijing.html", "十四五.txt"):
        assert docs[name]["right"], docs[name]
    sel = {(r["city"], r["period"]): r for r in res.selections}
    for city in ("北京市", "广州市", "杭州市", "南京市", "上海市", "苏州市", "深圳市"):
        assert sel[(city, "十五五")]["right"] and sel[(city, "十五五")]["got"] != "none"
    for city in ("合肥市", "长春市"):          # only the party committee's 建议: no outline, and the queue says so
        assert sel[(city, "十五五")]["got"] == "none" and sel[(city, "十五五")]["flagged"]


def test_every_prefecture_type_and_form_is_in_the_set():
    bench = _bench()
    labelled = bench.load_set()
    from textmine.registry import resolve_city

    types = {resolve_city(d["city"]).type for d in labelled["doc"]}
    assert {"地级市", "自治州", "地区", "盟"} <= types
    titles = " ".join(d["text"] + d.get("html_title", "") for d in labelled["doc"])
    for form in ("國民經濟", "决议", "说明", "中期评估", "编制工作方案", "国民经济和社会发展计划", "图说", "一图读懂",
                 "摘要", "生态文明建设规划纲要", "征求意见稿", "（２０２６—２０３０年）", "（二〇二六—二〇三〇年）", "区国民经济",
                 "浙江省国民经济", "会发展第十五个五年规划和二〇三五\n年"):
        assert form in titles, form


def test_the_docs_show_what_the_benchmark_measures(measured):
    bench, res, has_real = measured
    if not has_real:
        pytest.skip("the docs' figures include the real documents of ../shared")
    doc = (ROOT / "docs" / "editions.md").read_text("utf-8")
    shown = doc.split(bench.MARK_START, 1)[1].split(bench.MARK_END, 1)[0].strip()
    assert shown == bench.table(res), "run `python benchmarks/editions_quality.py --update docs/editions.md`"
