"""`textmine facts` on ten real documents of ../shared/realdata (every format: UTF-8 and GB18030 HTML, DOCX, .doc,
a text PDF printed from a web page, a scanned PDF, plain text): the figures accepted are exactly those of the
labelled set (benchmarks/data/facts_labels.csv) for these documents, each equal to its label; a county's and a
province's report filed under a city give nothing; the scan is listed as not read, with why."""
from __future__ import annotations

import importlib.util
from collections import Counter
import pytest

from facts_helpers import ROOT
from textmine.facts import load_rules, propose_facts
from textmine.store import Store

FILES = ["stats/统计公报_2025_苏州市.html", "stats/预算执行_2025_苏州市.html", "stats/预算执行_2025_承德市.docx",
         "stats/预算执行_2025_常德市.html", "stats/预算执行_2023_长沙市.doc", "stats/统计公报_2025_张家界市_扫描件.pdf",
         "stats/决算_2024_合肥市_网页打印.pdf", "stats/统计公报_2025_岳阳市.html",
         "notices/楚雄市_预算报告_2026.html", "notices/福建省_决算报告_2025.txt"]


def _benchmark():
    spec = importlib.util.spec_from_file_location("facts_quality", ROOT / "benchmarks" / "facts_quality.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from conftest import SHARED

    if not (SHARED / "realdata" / "stats" / "index.csv").is_file():
        pytest.skip("../shared/realdata is absent; real-data tests need it beside the clone")
    fq = _benchmark()
    docs = [d for part in ("tuning", "heldout") for d in fq.corpus(part) if d["file"] in FILES]
    assert sorted(d["file"] for d in docs) == sorted(FILES)
    store = Store(tmp_path_factory.mktemp("facts-real"))
    files = fq.build(store, docs)
    rules = load_rules()
    report = propose_facts(store, rules=rules)
    yield fq, rules, report, files
    store.close()


def _file(files, c) -> str:
    return files[c.document.id].split("/", 1)[1]


def test_the_accepted_figures_are_exactly_the_labelled_ones(real):
    fq, rules, report, files = real
    labels = [x for x in fq.read_labels() if x["file"] in FILES]
    accepted = [c for _, c in report.candidates if c.accepted]
    wrong = []
    for c in accepted:
        labs = [x for x in labels if x["file"] == files[c.document.id] and x["figure"] == c.figure
                and int(x["year"]) == c.year]
        factor = rules.quantities[rules.figures[c.figure].quantity].forms[c.unit]
        if not any(fq.same(c.base, c.value, factor, x, rules) for x in labs):
            wrong.append((files[c.document.id], c.figure, c.year, c.stated, c.text[:80]))
    assert wrong == []
    assert {(files[c.document.id], c.figure, c.year) for c in accepted} == \
        {(x["file"], x["figure"], int(x["year"])) for x in labels}
    assert len(labels) == 25


def test_table_cells_of_word_and_html_reports(real):
    _, _, report, files = real
    cells = {(_file(files, c), c.figure, c.stated) for _, c in report.candidates if c.accepted and c.source == "table"}
    assert ("预算执行_2025_承德市.docx", "science_spending", "22081万元") in cells
    assert ("预算执行_2025_常德市.html", "environment_spending", "10.97亿元") in cells
    g09 = {(p.city.name, p.year): p for p in report.proposals if p.leaf == "G09"}
    # a table cell and a sentence of one report feed one leaf, each with its own unit
    assert g09[("承德市", 2025)].formula == "科学技术 22081万元 ÷ 一般公共预算支出 515.6亿元 × 100 = 0.4283%"


def test_a_county_and_a_province_report_filed_under_a_city_give_nothing(real):
    _, _, report, files = real
    reasons = {f: Counter() for f in ("楚雄市_预算报告_2026.html", "福建省_决算报告_2025.txt")}
    for _, c in report.candidates:
        f = _file(files, c)
        if f in reasons:
            assert not c.accepted, (f, c.figure, c.stated)
            reasons[f][c.reason] += 1
    assert reasons["楚雄市_预算报告_2026.html"].most_common(1)[0][0] == "doc_county"
    assert reasons["福建省_决算报告_2025.txt"].most_common(1)[0][0] == "doc_province"
    assert not [p for p in report.proposals if p.city.name in ("楚雄彝族自治州", "福州市")]


def test_own_level_and_district_figures_of_real_budget_reports_are_refused(real):
    _, _, report, files = real
    refused = Counter((_file(files, c), c.reason) for _, c in report.candidates if not c.accepted)
    assert refused[("预算执行_2025_苏州市.html", "own_level")] >= 1 and refused[("预算执行_2025_苏州市.html", "sub_area")] >= 1
    assert refused[("预算执行_2025_承德市.docx", "plan")] >= 1
    assert refused[("决算_2024_合肥市_网页打印.pdf", "own_level")] >= 1


def test_a_scan_is_listed_as_not_read_with_why(real):
    _, _, report, _ = real
    unread = {u["city"]: u["why"] for u in report.unread}
    assert "needs OCR" in unread["张家界市"]
