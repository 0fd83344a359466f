"""The yes/no evidence on the real documents of ../shared/realdata: the labelled sentences are well formed
and each is a sentence of its document, the committed report (lexicons/precision/evidence/report.md) is
what the labels and the rules give, and a city's answer combines its documents and says what was read."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evidence_labels import REPORT, check_labels, document_sentences, read_labels  # noqa: E402


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip(f"../shared is absent ({SHARED}); the real documents are measured only beside it")
    from evidence_realdata import blind_documents, build_evidence_home

    base = tmp_path_factory.mktemp("evidence_real")
    main = build_evidence_home(base / "main", SHARED / "realdata")
    blind = build_evidence_home(base / "blind", SHARED / "realdata", documents=blind_documents(SHARED / "realdata"))
    yield base, main, blind
    main.close()
    blind.close()


def test_the_labels_are_well_formed():
    if not (SHARED / "realdata" / "notices" / "index.csv").is_file():
        pytest.skip(f"../shared is absent ({SHARED}); the labels are checked against the index of its real documents")
    rows = read_labels()
    assert check_labels(rows) == []
    sentences = {(r["file"], r["sentence"]) for r in rows}
    assert len(sentences) >= 200 and len(rows) >= 600
    assert {r["set"] for r in rows} == {"dev", "heldout", "blind"}
    assert {r["genre"] for r in rows} >= {"regulation", "work_report", "budget", "bulletin", "outline"}
    assert {r["stance"] for r in rows} == {"done", "planned", "obligation", "other"}
    # the held-out cities are none of the dev cities
    assert not {r["city"] for r in rows if r["set"] == "dev"} & {r["city"] for r in rows if r["set"] == "heldout"}


def test_every_label_is_a_sentence_of_its_document(homes):
    from evidence_realdata import blind_documents, realdata_documents, stored_name

    _, main, blind = homes
    found = document_sentences(main)
    for name, got in document_sentences(blind).items():
        found[name] |= got
    names = {d["file"]: stored_name(d) for d in realdata_documents(SHARED / "realdata") + blind_documents(SHARED / "realdata")}
    missing = [(r["file"], r["sentence"][:40]) for r in read_labels()
               if r["sentence"] not in found.get(names[r["file"]], set())]
    assert missing == []


def test_the_committed_report_is_recomputed_from_the_labels(homes):
    from evidence_real import real_report

    base, main, blind = homes
    made = real_report(base)
    assert REPORT.read_text("utf-8") == made, "report.md is out of date: python benchmarks/evidence_real.py --update"
    table = made.split("| set | cities")[1].split("\n\n")[0]
    rows = {line.split("|")[1].strip(): line.split("|") for line in table.splitlines()[2:]}
    assert float(rows["dev"][8]) >= 0.95 and float(rows["heldout"][8]) >= 0.95    # precision of the yes proposals
    assert rows["blind"][6].strip() == "0"                                         # no false yes in the blind set


def test_a_city_answer_combines_its_documents_and_says_what_was_read(homes):
    from textmine.evidence import propose_evidence
    from textmine.evidence.output import proposal_rows

    _, main, _ = homes
    rep = propose_evidence(main, ["成都", "杭州"], ["C01", "M13"])
    by = {(p.city.name, p.leaf): p for p in rep.proposals}
    chengdu = by[("成都市", "C01")]                     # three 决算/budget reports state it
    assert chengdu.value == 1 and "3 documents agree" in chengdu.basis
    assert {f.document.genre.name for f in chengdu.accepted} <= {"final_accounts", "budget"}
    hangzhou = by[("杭州市", "C01")]                    # only the regulation's duty: a 0 that says what was read
    assert hangzhou.value == 0 and hangzhou.evidence.verdict.stance == "obligation"
    assert "no sentence states it as done or in force for 杭州市" in hangzhou.basis
    assert "地方性法规" in hangzhou.basis and "2016" in hangzhou.basis and "政府工作报告" in hangzhou.basis
    row = next(r for r in proposal_rows(rep) if r["city"] == "杭州市" and r["leaf"] == "C01")
    assert row["searched"].count("; ") + 1 == len(hangzhou.read) >= 5
    assert "杭州市_条例_2016 (地方性法规" in row["searched"]          # the .md regulation, read as text
    assert row["stance"] == "obligation"
