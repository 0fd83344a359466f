"""Careful reading of the passages written for the tests (benchmarks/data/facts_passages.toml): every figure that
must be accepted is, nothing else is, and every wrong kind is refused with its reason — a county's or the
province's figure, a growth rate, a budget plan, 市本级 and parks, another budget, several years, part of a year,
another year, units that cannot be read, approximate numbers, a province's or a county's whole document."""
from __future__ import annotations

from decimal import Decimal

import pytest

from facts_helpers import by_document, ingest_passages, passages
from textmine.facts import load_rules, propose_facts


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    from textmine.store import Store

    home = tmp_path_factory.mktemp("facts-home")
    store = Store(home)
    docs = ingest_passages(store, tmp_path_factory.mktemp("passages"))
    report = propose_facts(store)
    yield docs, by_document(report), report
    store.close()


def _doc(read, pid):
    docs, found, _ = read
    doc_id = next(i for i, d in docs.items() if d["id"] == pid)
    return docs[doc_id], found.get(doc_id, {"accepted": [], "refused": []})


@pytest.mark.parametrize("pid", [d["id"] for d in passages()])
def test_exactly_the_expected_figures_are_accepted(read, pid):
    rules = load_rules()
    docs, found, report = read
    doc_id = _id(read, pid)
    want = {(e["figure"], e["year"], Decimal(e["value"]) * rules.quantities[rules.figures[e["figure"]].quantity]
             .forms[e["unit"]]) for e in docs[doc_id]["expect"]}
    accepted = {(c.figure, c.year, c.base) for _, c in report.candidates if c.accepted and c.document.id == doc_id}
    assert accepted == want, (pid, found.get(doc_id))


def _id(read, pid):
    docs, _, _ = read
    return next(i for i, d in docs.items() if d["id"] == pid)


@pytest.mark.parametrize("pid", [d["id"] for d in passages() if d["refuse"]])
def test_every_wrong_kind_is_refused_with_its_reason(read, pid):
    doc, got = _doc(read, pid)
    for r in doc["refuse"]:
        hits = [x for x in got["refused"] if x[0] == r["figure"] and x[1] == r["reason"]
                and ("stated" not in r or x[2] == r["stated"])]
        assert hits, f"{pid}: {r} not among {got['refused']}"


def test_units_are_converted_exactly(read):
    """万元 → 亿元 and 万千瓦时 → 亿千瓦时 with exact decimals, and the leaf in its own unit."""
    _, _, report = read
    p = {(x.leaf, x.city.name): x for x in report.proposals if x.year == 2025}
    assert p[("E27", "丽水市")].value == Decimal("186.4")
    assert p[("M08", "丽水市")].value == Decimal("95.62")          # 956200万千瓦时
    assert str(p[("M01", "丽水市")].value) == "187.36"
    c03 = p[("C03", "丽水市")]
    # the budget report (kind budget) states the revenue; it wins over the communiqué's 2100000万元
    assert c03.inputs[0].document.kind == "budget" and c03.inputs[0].value == Decimal("203.57")
    assert c03.value == (Decimal("203.57e8") / Decimal("252.8e4")).quantize(Decimal("0.0001"))
    assert c03.conflicts and "2100000万元" in c03.conflicts[0]      # the communiqué differs beyond the tolerance


def test_the_data_year_is_read_from_the_title_not_the_publication_year(read):
    docs, _, report = read
    years = {c.document.id: (c.document.year, c.document.year_from) for _, c in report.candidates}
    for doc_id, d in docs.items():
        if doc_id in years and d["id"] in ("communique", "final_accounts_old_year", "water_bulletin"):
            assert years[doc_id][0] == d["expect"][0]["year"] != d["year"], d["id"]
            assert years[doc_id][1] == "head"


def test_an_estimate_is_proposed_and_said_to_be_one(read):
    _, _, report = read
    g09 = next(p for p in report.proposals if p.leaf == "G09" and p.city.name == "丽水市")
    assert any("预计" in c.note for c in g09.inputs) and "预计" in g09.note


def test_a_figure_of_an_unknown_data_year_is_refused(store, tmp_path):
    docs = [{"id": "no_year", "city": "丽水市", "kind": "communique", "year": None, "title": "统计公报",
             "text": "全年农林牧渔业总产值187.36亿元。"}]
    from textmine.ingest import ingest

    path = tmp_path / "no_year.txt"
    path.write_text(docs[0]["text"], "utf-8")
    ingest(store, [path], city="丽水", kind="communique", parse=True)
    report = propose_facts(store, ["丽水"])
    assert [c.reason for _, c in report.candidates] == ["year_unknown"]
    assert report.proposals == []
