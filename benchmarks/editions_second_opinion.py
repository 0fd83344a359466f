"""Would a learned classifier find mistakes the rules make? (issue 23, Deliver 5: keep it only if it does.)

A character n-gram model (scikit-learn: TF-IDF of 1–3-grams of the normalised title and the first 300
characters of the text, logistic regression) is trained on the labelled set of benchmarks/editions_quality.py
and asked, for each document held back (5-fold, stratified, fixed seed), what it is: the city's outline, a draft
of it, or neither ("role") and, separately, its document type (文种). Where it disagrees with the rules, the
label says who is right. A second opinion is worth keeping if it flags real mistakes of the rules at a bearable
number of false alarms.

    python benchmarks/editions_second_opinion.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import editions_quality as eq  # noqa: E402

HEAD = 300


def collect_rows() -> list[dict]:
    rows: list[dict] = []

    def grab(store, items):
        from textmine.editions import load_rules, normalise

        rules = load_rules()
        for it in items:
            d = store.conn.execute("SELECT d.title, d.plan_type, d.doc_type, d.owner, p.title AS pt FROM documents d "
                                   "LEFT JOIN parses p ON p.document_id = d.id WHERE d.id=?", (it.doc_id,)).fetchone()
            pages = [t for (t,) in store.conn.execute("SELECT text FROM pages WHERE document_id=? ORDER BY page LIMIT 2",
                                                      (it.doc_id,))]
            text = normalise(" ".join(filter(None, [d["title"], d["pt"], " ".join(pages)[:HEAD]])))
            t = it.truth
            t_type = rules.doc_type(t["type"]) if t["type"] else None
            rows.append({"name": it.name, "text": text,
                         "role": eq._role(t_type.plan_type if t_type else "other", t["owner"], t.get("draft", False)),
                         "rules_role": eq._role(d["plan_type"] or "other", d["owner"] or "unknown"),
                         "type": t["type"] or "none", "rules_type": d["doc_type"] or "none"})

    eq.run(eq.SHARED, collect=grab)
    return rows


def cross_validate(rows: list[dict], target: str, folds: int = 5, seed: int = 23) -> dict:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline

    y = np.array([r[target] for r in rows])
    X = np.array([r["text"] for r in rows], dtype=object)
    # classes too rare to stratify go to every training fold (they are still predicted for, never tested on)
    labels, counts = np.unique(y, return_counts=True)
    testable = np.isin(y, labels[counts >= folds])
    pred = np.array([""] * len(y), dtype=object)
    skf = StratifiedKFold(folds, shuffle=True, random_state=seed)
    idx = np.flatnonzero(testable)
    for train, test in skf.split(idx, y[idx]):
        tr = np.concatenate([idx[train], np.flatnonzero(~testable)])
        model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                              LogisticRegression(max_iter=2000, C=10))
        model.fit(X[tr], y[tr])
        pred[idx[test]] = model.predict(X[idx[test]])
    rules = np.array([r[f"rules_{target}"] for r in rows])
    held = idx
    disagree = [i for i in held if pred[i] != rules[i]]
    found = [i for i in disagree if pred[i] == y[i]]          # the rules wrong, the model right: a real catch
    return {"target": target, "held_back": len(held), "model_right": int((pred[held] == y[held]).sum()),
            "rules_right": int((rules[held] == y[held]).sum()), "disagreements": len(disagree),
            "real_errors_found": len(found), "false_alarms": len(disagree) - len(found),
            "found": [rows[i]["name"] for i in found]}


def main() -> int:
    rows = collect_rows()
    print(f"labelled documents: {len(rows)}")
    for target in ("role", "type"):
        r = cross_validate(rows, target)
        print(f"{target}: held back {r['held_back']}; the model right on {r['model_right']}, the rules on "
              f"{r['rules_right']}; {r['disagreements']} disagreement(s): {r['real_errors_found']} real error(s) of "
              f"the rules found, {r['false_alarms']} false alarm(s)" + (f" ({', '.join(r['found'])})" if r["found"] else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
