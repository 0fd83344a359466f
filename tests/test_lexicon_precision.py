"""audit sample / audit precision: the statistics against their formulas, stable hit ids and label reuse,
label files that do not fit the store, and the committed precision of the shipped lexicons on the real texts."""
from __future__ import annotations

import csv
import math
import sys
from collections import Counter
from pathlib import Path

import pytest

from count_helpers import add_plan, copy_lexicons
from textmine.errors import TextmineError
from textmine.lexicon.edit import exclude_context
from textmine.count import count_corpus
from textmine.count.labels import Label, make_scope, read_labels, sample_hits, write_sample
from textmine.count.precision import measure_precision, precision_from_files, wilson

ROOT = Path(__file__).resolve().parents[1]
# written for this test (not official text)
PLANS = {
    "331100": ["坚持生态优先，推进生态产品价值核算。保护湿地。", "生态优先，湿地修复，参与碳市场。生态优先。"],
    "350700": ["生态优先、绿色崛起，发展生态产品。湿地公园之外的湿地。", "建设碳市场，推进生态产品交易。生态优先。"],
}


@pytest.fixture
def corpus(store, tmp_path, monkeypatch):
    d = copy_lexicons(tmp_path, monkeypatch)
    for code, pages in PLANS.items():
        add_plan(store, code, pages)
    count_corpus(store, "token", lexicon_dir=d)
    return d


def _z(p, n, z=1.959963984540054):
    """Wilson's score interval written out independently."""
    a = p + z * z / (2 * n)
    b = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (a - b) / (1 + z * z / n), (a + b) / (1 + z * z / n)


def test_one_wrong_term_gives_precision_0_for_it_and_the_category_by_the_formula(store, corpus):
    rows, summary = sample_hits(store, per_term=2, seed=3)
    assert summary["sampled"] == len(rows) and all(r["label"] == "" for r in rows)
    per = Counter(r["term"] for r in rows)
    assert per["生态优先"] == 2 and per["碳市场"] == 2
    labels = {r["hit_id"]: r for r in rows}
    for r in rows:
        r["label"] = 0 if r["term"] == "生态产品" else 1
    labs = {h: Label(h, r["label"], r["category"], r["term"], r["lexicon_version"], "t") for h, r in labels.items()}
    rep = measure_precision(store, labs, make_scope(store))
    terms = {r["term"]: r for r in rep.terms}
    assert terms["生态产品"]["precision"] == 0 and terms["生态优先"]["precision"] == 1
    m = terms["生态产品"]["labelled"]
    lo, hi = _z(0.0, m)
    assert (terms["生态产品"]["low"], terms["生态产品"]["high"]) == (round(max(lo, 0), 4), round(hi, 4))
    theme = next(c for c in rep.categories if c["category"] == "theme")
    N = {t: terms[t]["hits"] for t in terms if terms[t]["category"] == "theme"}
    M = {t: terms[t]["labelled"] for t in N}
    p = sum(N[t] * (0 if t == "生态产品" else 1) for t in N) / sum(N.values())
    n_eff = sum(N.values()) ** 2 / sum(M[t] * (N[t] / M[t]) ** 2 for t in N)
    lo, hi = _z(p, n_eff)
    assert theme["precision"] == round(p, 4) and theme["n_eff"] == round(n_eff, 1)
    assert (theme["low"], theme["high"]) == (round(lo, 4), round(hi, 4))
    assert wilson(3, 4) == pytest.approx(_z(0.75, 4))
    flagged = {f["term"] for f in rep.flagged}
    assert flagged == {"生态产品"}
    city = {(r["code"], r["category"]): r for r in rep.cities}
    nanping = city[("350700", "theme")]  # 生态优先 ×2 (precision 1) and 生态产品 ×1 (precision 0)
    assert (nanping["hits"], nanping["estimated_correct"], nanping["unrated"]) == (3, 2.0, 0)


def test_hit_ids_survive_a_recount_and_a_resample_reuses_labels_after_an_edit(store, corpus, tmp_path):
    rows, _ = sample_hits(store, per_term=3, seed=5)
    ids = {r["hit_id"] for r in rows}
    count_corpus(store, "token", lexicon_dir=corpus, full=True)
    again, _ = sample_hits(store, per_term=3, seed=5)
    assert {r["hit_id"] for r in again} == ids  # same seed, same hits, same ids
    for r in rows:
        r["label"] = 1
    path = write_sample(rows, tmp_path / "labels.csv")
    exclude_context("theme", "生态优先", ["生态优先、绿色崛起"], "a slogan, for the test", corpus)
    after, s = sample_hits(store, per_term=3, seed=5, labels=read_labels([path]))
    kept = {r["hit_id"] for r in after} & ids
    assert s["labels_reused"] == len(kept) > 0 and all(r["label"] == 1 for r in after if r["hit_id"] in kept)
    rep = precision_from_files(store, [path])
    assert any("no longer count" in p and "生态优先 1" in p for p in rep.problems)
    assert any("another lexicon version" in p for p in rep.problems)


def test_label_files_that_do_not_fit_are_reported_or_refused(store, corpus, tmp_path):
    rows, _ = sample_hits(store, per_term=1, seed=1)
    rows[0]["label"] = "yes"
    bad = write_sample(rows, tmp_path / "bad.csv")
    with pytest.raises(TextmineError, match=r"bad.csv:2: label 'yes'"):
        read_labels([bad])
    rows[0]["label"] = 1
    a = write_sample(rows, tmp_path / "a.xlsx")  # XLSX round trip
    rows[0]["label"] = 0
    b = write_sample(rows, tmp_path / "b.csv")
    with pytest.raises(TextmineError, match="labelled 0 here but 1 at"):
        read_labels([a, b])
    for r in rows:
        r["label"] = 1
    rows[1]["label"] = ""
    rows.append({**rows[0], "hit_id": "0123456789abcdef:1:0:湿地"})
    c = write_sample(rows, tmp_path / "c.csv")
    rep = precision_from_files(store, [c])
    assert any("documents not in this store" in p and "0123456789abcdef:1:0:湿地" in p for p in rep.problems)
    assert any("1 row(s) not labelled yet" in p for p in rep.problems)
    (tmp_path / "d.csv").write_text("id,label\n1,1\n", "utf-8")
    with pytest.raises(TextmineError, match="no column hit_id"):
        read_labels([tmp_path / "d.csv"])


def test_cli_sample_label_precision(store, corpus, cli, tmp_path):
    out = tmp_path / "s.csv"
    r = cli("audit", "sample", "--per-term", "2", "--seed", "4", "-o", out)
    hits = store.conn.execute("SELECT COUNT(*), COUNT(DISTINCT term) FROM hits WHERE mode='token'").fetchone()
    assert r.exit_code == 0 and f"hit(s) of {hits[1]} term(s) drawn from {hits[0]} in the 十四五 outlines" in r.output
    rows = list(csv.DictReader(open(out, encoding="utf-8-sig")))
    for row in rows:
        row["label"] = 0 if row["term"] == "湿地" else 1
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = cli("audit", "precision", out)
    assert r.exit_code == 0 and "below 0.8: resource 湿地 0/2" in r.output
    r = cli("audit", "precision", out, "--format", "md")
    assert "- **湿地** (resource): 0/2 = 0.000 (0.000–0.658)" in r.output
    r = cli("audit", "precision", out, "--format", "csv", "--table", "terms")
    terms = {row["term"]: row for row in csv.DictReader(r.output.splitlines())}
    assert terms["湿地"]["precision"] == "0.0" and terms["生态优先"]["precision"] == "1.0"
    r = cli("audit", "sample", "--term", "不存在")
    assert r.exit_code == 3 and "no hits of 不存在" in r.output
    assert cli("audit", "丽水", "--format", "csv").exit_code == 0  # `audit CITY` is still the city audit


def test_the_default_draw_is_uniform_over_each_categorys_hits_and_records_its_design(store, corpus, tmp_path):
    rows, summary = sample_hits(store, per_category=3, seed=7)
    pop = Counter(r[0] for r in store.conn.execute("SELECT category FROM hits WHERE mode='token'"))
    got = Counter(r["category"] for r in rows)
    assert got == {c: min(3, n) for c, n in pop.items()} and summary["design"] == "hits"
    assert all(r["design"] == "hits" and r["seed"] == 7 and r["stratum_hits"] == pop[r["category"]] for r in rows)
    assert len({r["texts"] for r in rows}) == 1 and rows[0]["texts"].startswith("2 documents, key ")
    # within a category the draw ignores terms: the first hits by SHA-256(seed, hit_id), whatever their term
    from textmine.count.labels import _rank, population, make_scope
    theme = sorted((h for h in population(store, make_scope(store), "theme")), key=lambda h: _rank(7, h["hit_id"]))
    assert {r["hit_id"] for r in rows if r["category"] == "theme"} == {h["hit_id"] for h in theme[:3]}
    for r in rows:
        r["label"] = 0 if r["term"] == "湿地" else 1
    path = write_sample(rows, tmp_path / "hits.csv")
    rep = precision_from_files(store, [path])
    cats = {c["category"]: c for c in rep.categories}
    for cat, c in cats.items():
        if c["labelled"]:
            n, k = c["labelled"], c["correct"]
            assert c["method"] == "hit-uniform" and c["precision"] == round(k / n, 4)
            assert (c["low"], c["high"]) == tuple(round(x, 4) for x in _z(k / n, n)) or k in (0, n)
    # after a lexicon edit the labels judge hits of another version: the estimate falls back to the strata
    exclude_context("theme", "生态优先", ["生态优先、绿色崛起"], "a slogan, for the test", corpus)
    assert {c["category"]: c["method"] for c in precision_from_files(store, [path]).categories}["theme"] == "stratified"


# ---- the shipped lexicons on the real texts ----

FOLDER = ROOT / "lexicons" / "precision"
#: the measured draws the shipped figure rests on (tools/realdata_precision.py, MEASURED)
MEASURED = {"outlines.md": "outlines_seed4177.csv", "provincial.md": "provincial_seed4177.csv"}


def _rows(name):
    return list(csv.DictReader(open(FOLDER / name, encoding="utf-8-sig")))


def test_the_committed_labels_are_hit_uniform_draws_of_100_or_more_per_category_with_reasons():
    for name in ["tuning_seed101.csv", "outlines_seed2031.csv", "provincial_seed2031.csv", *MEASURED.values()]:
        rows = _rows(name)
        assert {r["label"] for r in rows} <= {"0", "1"} and all(r["note"] for r in rows if r["label"] == "0"), name
    for name in MEASURED.values():
        rows = _rows(name)
        assert {r["design"] for r in rows} == {"hits"} and {r["seed"] for r in rows} == {"4177"}
        per = Counter(r["category"] for r in rows)
        population = {r["category"]: int(r["stratum_hits"]) for r in rows}
        assert per.keys() == {"theme", "resource", "policy", "market"}
        assert all(n >= 100 or n == population[c] for c, n in per.items()), per        # or every hit there is
        assert len({r["lexicon_version"].split("+")[0] for r in rows}) == 1             # one lexicon version
    assert {r["seed"] for r in _rows("outlines_seed2031.csv")} == {"2031"}             # round 1: another seed


def test_the_committed_precision_reports_are_recomputed_from_the_labels(shared, tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from realdata_home import build_realdata_home
    from realdata_precision import precision_reports

    store = build_realdata_home(tmp_path / "realdata", shared / "realdata")
    try:
        made = precision_reports(store)
    finally:
        store.close()
    for name, text in made.items():
        assert (FOLDER / name).read_text("utf-8") == text, f"{name} is out of date: python tools/realdata_precision.py"
    for name in MEASURED:
        table = made[name].split("## Categories")[1].split("## Terms")[0]
        cats = {}
        for line in table.splitlines():
            cells = [c.strip() for c in line.split("|")]
            if line.startswith("| ") and cells[1] not in ("category", ""):
                cats[cells[1]] = (float(cells[8].split("–")[0]), cells[9])
        assert cats.keys() == {"theme", "resource", "policy", "market"}, name
        assert all(method == "hit-uniform" and low >= 0.9 for low, method in cats.values()), (name, cats)
