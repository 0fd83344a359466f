"""How good is `textmine facts`: precision and coverage of the figures and leaves it proposes, on real documents.

Labelled set: benchmarks/data/facts_labels.csv — per real document of ../shared/realdata (stats/ = the documents
the rules were developed on, "tuning"; notices/ = documents never run through textmine facts before they were
labelled, "held-out"), every figure the document states for the whole city, the full data year, as an outcome,
read by a person (the sentence or table cell is in the file). Each part is ingested into its own store (city, kind
and year from the folder's index.csv; the year given is the file's, which for notices/ is the publication
year) and `propose_facts` runs over it.

- Figures: every distinct accepted statement (document, figure, year, value). Right when a label of that document,
  figure and year has the same value to the precision stated (174.8亿元 for 1748028万元 is right). Coverage: the
  labels found. A statement that is wrong and whose proposal shows no conflict is "wrong, not flagged".
- Leaves: every proposal (city, leaf, year). Its truth is computed from the labels exactly as the tool computes
  from what it reads (the figure from the best kind of document, ratios of figures): right within 0.01 % (ratios)
  or the stated precision (a leaf that is one figure).

Written: the passages of benchmarks/data/facts_passages.toml (hard cases written for the tests), scored the same
way against their `expect` lists.

    python benchmarks/facts_quality.py [--part tuning|heldout|written|all] [--csv OUT] [--verbose]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.facts import load_rules, propose_facts  # noqa: E402
from textmine.ingest import ingest  # noqa: E402
from textmine.registry import resolve_city  # noqa: E402
from textmine.store import Store  # noqa: E402

SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared")) / "realdata"
LABELS = ROOT / "benchmarks" / "data" / "facts_labels.csv"
PASSAGES = ROOT / "benchmarks" / "data" / "facts_passages.toml"
CAPITALS = {"福建省": "福州市", "浙江省": "杭州市"}
KIND = {"communique": "communique", "budget": "budget", "final_accounts": "final_accounts",
        "统计公报": "communique", "预算执行报告": "budget", "预算报告": "budget", "决算报告": "final_accounts"}


def read_labels() -> list[dict]:
    with open(LABELS, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def corpus(part: str) -> list[dict]:
    """The documents of a part: {file, city, kind, year} from the folder's index.csv. notices/ files that are
    byte copies of stats/ ones are left out (they are tuning documents); a province's report is filed under its
    capital, as a crawl of the capital's portal finds it."""
    folder = "stats" if part == "tuning" else "notices"
    tuning = {_sha(p) for p in (SHARED / "stats").iterdir() if p.suffix not in (".csv", ".md")}
    out = []
    with open(SHARED / folder / "index.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            kind = KIND.get(r.get("kind") or r.get("doctype") or "")
            if not kind or (part == "heldout" and _sha(SHARED / folder / r["file"]) in tuning):
                continue
            city = r["city"] or CAPITALS.get(r.get("province", ""), "")
            out.append({"file": f"{folder}/{r['file']}", "city": city, "kind": kind, "year": int(r["year"])})
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(store: Store, docs: list[dict]) -> dict[int, str]:
    """Ingest and parse; {document id: file}."""
    ids = {}
    for d in docs:
        rep = ingest(store, [SHARED / d["file"]], city=d["city"], kind=d["kind"], year=d["year"],
                     title=d.get("title"), parse=True)
        for doc_id, _ in rep.added + rep.duplicates:
            ids[doc_id] = d["file"]
    return ids


def _precision(value: Decimal) -> Decimal:
    exp = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(min(exp, 0)) / 2


def same(stated_base: Decimal, stated: Decimal, factor: Decimal, lab: dict, rules) -> bool:
    """Equal to the precision either is written with (half a unit of the last digit of the coarser one:
    174.8亿元 is 1748028万元, 2616.81亿元 is 26,168,107万元)."""
    q = rules.figures[lab["figure"]].quantity
    lab_factor = rules.quantities[q].forms[lab["unit"]]
    tol = max(_precision(stated) * factor, _precision(Decimal(lab["value"])) * lab_factor)
    return abs(stated_base - label_base(rules, lab)) <= tol + Decimal("1e-9")


def label_base(rules, lab: dict) -> Decimal:
    q = rules.figures[lab["figure"]].quantity
    return Decimal(lab["value"]) * rules.quantities[q].forms[lab["unit"]]


def written(folder: Path) -> tuple[list[dict], list[dict]]:
    """The passages written for the tests as documents (.txt files) and labels (their `expect` lists)."""
    import tomllib

    with open(PASSAGES, "rb") as fh:
        docs = tomllib.load(fh)["doc"]
    out, labels = [], []
    for d in docs:
        path = folder / f"{d['id']}.txt"
        path.write_text(d["text"].strip() + "\n", "utf-8")
        out.append({"file": str(path), "city": d["city"], "kind": d["kind"], "year": d["year"], "title": d["title"]})
        labels += [{"file": str(path), "figure": e["figure"], "year": str(e["year"]), "value": e["value"],
                    "unit": e["unit"], "how": "written", "part": "written", "evidence": d["id"]} for e in d["expect"]]
    return out, labels


def evaluate(part: str, rules, home: Path) -> dict:
    if part == "written":
        (home / "passages").mkdir(parents=True)
        docs, labels = written(home / "passages")
    else:
        docs, labels = corpus(part), [x for x in read_labels() if x["part"] == part]
    store = Store(home / "home")
    t0 = time.perf_counter()
    files = build(store, docs)
    t1 = time.perf_counter()
    report = propose_facts(store, rules=rules)
    t2 = time.perf_counter()
    by_doc = defaultdict(list)
    for lab in labels:
        by_doc[(lab["file"], lab["figure"], int(lab["year"]))].append(lab)
    fig_rows, seen, found = [], set(), set()
    conflicted = {(p.city.code, c.figure, c.year) for p in report.proposals for c in p.inputs if p.conflicts}
    for city, c in report.candidates:
        if not c.accepted:
            continue
        file = files.get(c.document.id)
        key = (file, c.figure, c.year, c.base)
        if key in seen:
            continue
        seen.add(key)
        labs = by_doc.get((file, c.figure, c.year), [])
        factor = rules.quantities[rules.figures[c.figure].quantity].forms[c.unit]
        ok = any(same(c.base, c.value, factor, lab, rules) for lab in labs)
        if ok:
            found.add((file, c.figure, c.year))
        fig_rows.append({"part": part, "file": file, "figure": c.figure, "year": c.year, "stated": c.stated,
                         "right": ok, "flagged": (city.code, c.figure, c.year) in conflicted,
                         "label": "; ".join(f"{x['value']}{x['unit']}" for x in labs), "text": c.text[:120]})
    truth = leaf_truth(rules, labels, docs)
    leaf_rows = []
    for p in report.proposals:
        t = truth.get((p.city.code, p.leaf, p.year))
        ok = t is not None and abs(p.value - t) <= max(abs(t) * Decimal("0.0001"), Decimal("0.00011"))
        leaf_rows.append({"part": part, "city": p.city.name, "leaf": p.leaf, "year": p.year, "value": p.value,
                          "truth": t, "right": ok, "flagged": bool(p.conflicts), "formula": p.formula})
    return {"part": part, "figures": fig_rows, "labels": labels, "found": found, "leaves": leaf_rows,
            "truth": truth, "docs": len(files), "ingest_s": t1 - t0, "propose_s": t2 - t1,
            "refused": sum(not c.accepted for _, c in report.candidates)}


def leaf_truth(rules, labels: list[dict], docs: list[dict]) -> dict:
    """(city code, leaf, year) -> value from the labels, choosing each figure's document kind as the tool does."""
    kind_of = {d["file"]: d["kind"] for d in docs}
    city_of = {d["file"]: resolve_city(d["city"]).code for d in docs}
    best: dict[tuple, tuple] = {}
    for lab in labels:
        fig = rules.figures[lab["figure"]]
        rank = fig.kinds.index(kind_of[lab["file"]]) if kind_of[lab["file"]] in fig.kinds else 99
        key = (city_of[lab["file"]], lab["figure"], int(lab["year"]))
        value = label_base(rules, lab)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, value)
    out = {}
    for (city, _, year) in {(c, None, y) for c, _, y in best}:
        figs = {f: v for (c, f, y), (_, v) in best.items() if c == city and y == year}
        for leaf in rules.leaves.values():
            if not all(k in figs for k in leaf.inputs):
                continue
            if leaf.figure:
                out[(city, leaf.code, year)] = figs[leaf.figure] / rules.unit_factor(leaf.unit)
            else:
                num = sum((-figs[k[1:]] if k.startswith("-") else figs[k]) for k in leaf.numerator)
                ratio = num / figs[leaf.denominator]
                out[(city, leaf.code, year)] = ratio * 100 if leaf.unit == "%" else ratio / rules.unit_factor(leaf.unit)
    return out


def summarise(res: dict, rules) -> list[str]:
    lines = [f"## {res['part']}: {res['docs']} documents, {len(res['labels'])} labelled figures; ingest+parse "
             f"{res['ingest_s']:.0f} s, propose {res['propose_s']:.1f} s; {res['refused']} statements refused"]
    figs, leaves = res["figures"], res["leaves"]
    lines.append("figure | proposed | right | precision | labelled | found | coverage | wrong, not flagged")
    for key in list(rules.figures) + ["all"]:
        rows = [r for r in figs if key in ("all", r["figure"])]
        labs = [x for x in res["labels"] if key in ("all", x["figure"])]
        fnd = [f for f in res["found"] if key in ("all", f[1])]
        if not rows and not labs:
            continue
        right = sum(r["right"] for r in rows)
        lines.append(f"{key} | {len(rows)} | {right} | {_pct(right, len(rows))} | {len(labs)} | {len(fnd)} | "
                     f"{_pct(len(fnd), len(labs))} | {sum(not r['right'] and not r['flagged'] for r in rows)}")
    lines.append("")
    lines.append("leaf | proposed | right | precision | true values | found | coverage | wrong, not flagged")
    for code in list(rules.leaves) + ["all"]:
        rows = [r for r in leaves if code in ("all", r["leaf"])]
        truth = [k for k in res["truth"] if code in ("all", k[1])]
        got = {(r["city"], r["leaf"], r["year"]) for r in rows}
        hit = sum(1 for r in rows if r["truth"] is not None)
        if not rows and not truth:
            continue
        right = sum(r["right"] for r in rows)
        lines.append(f"{code} | {len(rows)} | {right} | {_pct(right, len(rows))} | {len(truth)} | {hit} | "
                     f"{_pct(hit, len(truth))} | {sum(not r['right'] and not r['flagged'] for r in rows)}")
        del got
    missed = [x for x in res["labels"] if (x["file"], x["figure"], int(x["year"])) not in res["found"]]
    if missed and res.get("verbose"):
        lines.append("")
        lines.append("labelled, not found:")
        for x in missed:
            lines.append(f"  {x['file']} {x['figure']} {x['year']} {x['value']}{x['unit']} ({x['how']}): {x['evidence'][:90]}")
    wrong = [r for r in figs if not r["right"]] + [r for r in leaves if not r["right"]]
    if wrong:
        lines.append("")
        lines.append("wrong:")
        for r in wrong:
            lines.append("  " + ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("part", "right")))
    return lines


def _pct(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "–"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["tuning", "heldout", "written", "all"], default="all")
    ap.add_argument("--csv", help="write every proposed figure and leaf with its verdict to this CSV")
    ap.add_argument("--verbose", action="store_true", help="also list the labelled figures that were not found")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (the real documents live in ../shared/realdata)")
        return 0
    rules = load_rules()
    parts = ["tuning", "heldout", "written"] if args.part == "all" else [args.part]
    rows = []
    for part in parts:
        with tempfile.TemporaryDirectory() as tmp:
            res = evaluate(part, rules, Path(tmp))
        res["verbose"] = args.verbose
        print("\n".join(summarise(res, rules)))
        print()
        rows += res["figures"] + res["leaves"]
    if args.csv:
        keys = sorted({k for r in rows for k in r})
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, keys)
            w.writeheader()
            w.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
