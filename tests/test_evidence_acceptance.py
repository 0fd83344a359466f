"""Acceptance of `textmine evidence` on the policy sample (seven cities, notices written for the project):
every proposed value exactly as labelled, with the right sentence and, for a 0, the exclusion that fired;
PDF, DOCX and GBK HTML notices read like the rest; blank where nothing can be searched."""
from __future__ import annotations

import csv
import io
import json

import pytest

from evidence_helpers import CITIES, ingest_policy_sample, labels
from textmine.evidence import propose_evidence
from textmine.evidence.rules import yesno_leaves
from textmine.store import Store


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("policy") / "home"
    with Store(home) as store:
        ingest_policy_sample(store)
    return home


@pytest.fixture(scope="module")
def report(sample_home):
    with Store(sample_home) as store:
        return propose_evidence(store, CITIES)


def test_every_proposal_is_as_labelled(report):
    by_key = {(p.city.name, p.leaf): p for p in report.proposals}
    labelled = {(r["city"], r["leaf"]): r for r in labels()}
    assert len(labelled) >= 15 and len({c for c, _ in labelled}) >= 6
    for key, want in labelled.items():
        p = by_key[key]
        assert p.value == float(want["value"]), (key, p.basis)
        assert want["sentence"] in p.evidence.sentence, (key, p.evidence.sentence)
        if want["exclusion"]:
            assert p.status == "rejected" and p.evidence.verdict.exclusion == want["exclusion"], key
            assert not p.accepted
        else:
            assert p.status == "accepted" and p.evidence.verdict.exclusion is None and 0 < p.confidence < 1
    # every other leaf of these cities: searched (the city has documents), nothing accepted
    searchable = [code for code in yesno_leaves() if code != "G03"]
    for city in CITIES:
        for code in searchable:
            if (city, code) not in labelled:
                p = by_key[(city, code)]
                assert p.value == 0.0 and not p.accepted, (city, code, p.evidence and p.evidence.sentence)
        g03 = by_key[(city, "G03")]
        assert g03.value is None and g03.basis.startswith("not searchable")


def test_the_covered_exclusions_and_formats(report):
    fired = {p.evidence.verdict.exclusion for p in report.proposals if p.status == "rejected"}
    assert fired >= {"future", "draft", "revocation", "negation", "province", "other_city", "county"}
    by_key = {(p.city.name, p.leaf): p for p in report.proposals}
    assert by_key[("南平市", "G12")].evidence.document.title.startswith("南平市人民政府办公室")   # GBK HTML
    assert by_key[("抚州市", "G01")].evidence.document.source.endswith(".docx")
    assert by_key[("南平市", "M10")].evidence.document.source.endswith(".pdf")
    # the list a province's notice introduces is shown with its sentence: it names the city
    assert "南平市延平区" in by_key[("南平市", "M10")].evidence.sentence
    assert report.dates[by_key[("南平市", "M10")].evidence.document.id] == "2023-11-08"
    # a yes backed by several sentences of one document counts the document once
    assert by_key[("抚州市", "G01")].confidence == max(f.verdict.confidence for f in by_key[("抚州市", "G01")].accepted)


def test_blank_where_nothing_is_searchable(sample_home):
    with Store(sample_home) as store:
        rep = propose_evidence(store, ["北京"], ["G12", "M16"])
    assert [p.value for p in rep.proposals] == [None, None]
    assert all("not searchable yet" in p.basis for p in rep.proposals)


def test_evidence_command_formats(sample_home, cli, monkeypatch, tmp_path):
    monkeypatch.setenv("TEXTMINE_HOME", str(sample_home))
    r = cli("evidence", "--city", "丽水", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert len(rows) == 20
    g13 = next(x for x in rows if x["leaf"] == "G13")
    assert g13["value"] == 1 and g13["status"] == "accepted" and g13["date"] and g13["url"].startswith("https://")
    assert g13["rules_version"].startswith("2026.2+")
    r = cli("evidence", "--city", "湖州", "--sentences", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {(x["leaf"], x["status"], x["exclusion"]) for x in rows} == {("G12", "rejected", "revocation"),
                                                                        ("M16", "rejected", "negation")}
    assert all(x["why"] and x["fired"] for x in rows)
    assert {(x["leaf"], x["stance"]) for x in rows} == {("G12", "repealed"), ("M16", "negated")}   # every candidate's stance
    assert all(x["stance_why"] and x["genre"] for x in rows)
    r = cli("evidence", "--city", "湖州", "--leaf", "G12", "--format", "json")
    row = json.loads(r.output)[0]
    assert row["value"] == 0 and row["stance"] == "repealed" and "湖州市人民政府关于废止" in row["searched"]
    assert "no sentence states it as done or in force for 湖州市" in row["basis"] and "document(s) —" in row["basis"]
    out = tmp_path / "e.html"
    r = cli("evidence", "--city", "福州", "--city", "南平", "--format", "html", "--out", out)
    page = out.read_text("utf-8")
    assert "<mark class='o'>生态旅游示范区</mark>" in page and "<mark class='a'>命名</mark>" in page
    assert "rejected: province" in page and "href='https://example.org/textmine-sample/policy/" in page
    assert "stance: <b>other</b>" in page and "stance: <b>done</b>" in page
    r = cli("evidence", "--leaf", "G12")          # table: blank rows left out, and said so
    assert r.exit_code == 0 and "blank rows not shown" in r.output
    r = cli("evidence", "--format", "xlsx")
    assert r.exit_code == 3 and "--out" in r.output
    r = cli("evidence", "--leaf", "X99")        # no such leaf: a usage error (the names table, issue 27)
    assert r.exit_code == 2 and "unknown leaf indicator 'X99'" in r.output
    r = cli("evidence", "--leaf", "耕地总面积")   # a leaf (E01, by its Chinese name) without an evidence rule
    assert r.exit_code == 3 and "no evidence rule for leaf 'E01'" in r.output
