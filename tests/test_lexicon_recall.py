"""Recall of the shipped lexicons on committed sentences of the real texts (lexicons/precision/recall.csv): random
sentences of the measured texts judged to express a category, and the forms issue 31 found unmatched. Every row says
whether the lexicons find it (`expect`); a lexicon edit that changes one is seen here, in both modes, and the figures
of lexicons/precision/summary.md are rewritten by tools/realdata_precision.py."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from textmine.count import PageMatcher, Segmenter, current_state

RECALL = Path(__file__).resolve().parents[1] / "lexicons" / "precision" / "recall.csv"


@pytest.fixture(scope="module")
def matchers():
    st = current_state()
    seg = Segmenter(st.mapping)
    return {m: PageMatcher(st.mapping, m, seg if m == "token" else None, st.exclusions, st.quoted)
            for m in ("token", "substring")}


def rows():
    with open(RECALL, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def found(matcher, row) -> bool:
    """A hit of the row's category (any category for `none`: a phrase no lexicon counts) in the sentence, over the
    phrase when the row names one."""
    hits = [h for h in matcher.hits(row["sentence"]) if row["category"] in ("none", h.category)]
    if not row["phrase"]:
        return bool(hits)
    at = row["sentence"].index(row["phrase"])
    return any(h.offset < at + len(row["phrase"]) and at < h.offset + h.length for h in hits)


def test_every_committed_sentence_is_found_or_missed_as_recorded_in_both_modes(matchers):
    wrong = [(m, r["category"], r["sentence"][:30]) for r in rows() for m, mt in matchers.items()
             if found(mt, r) != (r["expect"] == "1")]
    assert wrong == []


def test_the_recall_sets_are_what_the_report_states():
    rs = rows()
    assert all(r["note"] for r in rs if r["expect"] == "0")          # every miss and decision says why
    random = Counter((r["category"], r["expect"]) for r in rs if r["set"] == "random")
    assert {c: (random[(c, "1")], random[(c, "1")] + random[(c, "0")]) for c in ("theme", "resource", "policy", "market")} \
        == {"theme": (10, 13), "resource": (27, 29), "policy": (6, 12), "market": (9, 12)}
    issue = {r["phrase"] for r in rs if r["set"] == "issue" and r["expect"] == "1"}
    assert issue == {"绿电", "绿证", "碳排放权", "气候投融资", "转型金融", "地下水", "永久基本农田", "林下经济", "“两山”",
                     "水土流失", "防沙治沙", "十年禁渔", "黑土地", "三北"}
    assert {r["phrase"] for r in rs if r["category"] == "none"} == {"碳足迹", "ESG", "岸线", "海洋"}
