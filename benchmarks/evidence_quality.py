"""How good is `textmine evidence`: precision and recall of the proposed values on a labelled set, and the
time to scan 339 cities × 20 yes/no leaves over a national-size corpus.

Labelled set (all written for the textmine project unless said otherwise; none is an official document):
- the policy sample, corpora/sample/policy (13 documents, 7 cities; labels.csv);
- benchmarks/data/evidence_notices.toml (37 notices and news items, 37 cities; labelled in the file);
- the five real policy texts of ../shared/realdata/policy_docs_txt (北大法宝 copies of 包头, 北京, 阿坝 and
  安徽 documents) as negatives: every leaf of their cities is labelled 0.
Every (city, leaf) of these cities is scored: 1 labelled where a document proves it, else 0. A true
positive must also show a sentence holding the labelled words.

National-size corpus: per city --docs documents (default 60, about 4,000 characters each, 1,500 a page)
built from the real texts in ../shared/realdata (provincial and national government work reports, the
policy texts) with the labelled notices planted in every city (names changed to the city's), written
straight into a store (pages as the parse stage leaves them). The scan time is `propose_evidence` for
all 339 cities and 20 leaves; the review sheet time is `write_review` for its 6,780 rows.

    python benchmarks/evidence_quality.py [--docs 60] [--no-scale] [--update docs/evidence.md]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.evidence import propose_evidence  # noqa: E402
from textmine.evidence.review import write_review  # noqa: E402
from textmine.evidence.rules import load_rules, yesno_leaves  # noqa: E402
from textmine.ingest import ingest  # noqa: E402
from textmine.editions import refresh_editions  # noqa: E402
from textmine.parse import PARSER_VERSION, parse_corpus  # noqa: E402
from textmine.registry import load_registry, resolve_city  # noqa: E402
from textmine.store import Store, utcnow  # noqa: E402

SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
SAMPLE = ROOT / "corpora" / "sample" / "policy"
NOTICES = ROOT / "benchmarks" / "data" / "evidence_notices.toml"
REAL_NEGATIVES = {"aba_": "阿坝藏族羌族自治州", "baotou_": "包头市", "beijing_": "北京市", "anhui_": "合肥市"}
MARK_START, MARK_END = "<!-- evidence-benchmark:start -->", "<!-- evidence-benchmark:end -->"


def notices() -> list[dict]:
    with open(NOTICES, "rb") as fh:
        return tomllib.load(fh)["doc"]


def labelled_store(store: Store, work: Path) -> dict[tuple[str, str], str | None]:
    """Ingest the labelled set; {(city_code, leaf): expected words for a 1, or None for a 0}."""
    positives: dict[tuple[str, str], str] = {}
    cities: set[str] = set()
    with open(SAMPLE / "manifest.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            ingest(store, [SAMPLE / r["file"]], city=r["city"], kind=r["kind"], title=r["title"], year=int(r["year"]))
            cities.add(resolve_city(r["city"]).code)
    with open(SAMPLE / "labels.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["value"] == "1":
                positives[(resolve_city(r["city"]).code, r["leaf"])] = r["sentence"]
    for i, d in enumerate(notices()):
        path = work / f"notice_{i:03d}.txt"
        path.write_text(d["title"] + "\n" + d["text"] + "\n", "utf-8")
        code = resolve_city(d["city"]).code
        ingest(store, [path], city=code, kind=d["kind"], title=d["title"])
        cities.add(code)
        for leaf, words in (d.get("yes") or {}).items():
            positives[(code, leaf)] = words
    real = 0
    if (SHARED / "realdata" / "policy_docs_txt").is_dir():
        for f in sorted((SHARED / "realdata" / "policy_docs_txt").glob("*.txt")):
            city = next(c for prefix, c in REAL_NEGATIVES.items() if f.name.startswith(prefix))
            ingest(store, [f], city=city, kind="policy", title=f.stem)
            cities.add(resolve_city(city).code)
            real += 1
    parse_corpus(store, workers=2, then=refresh_editions)
    leaves = [c for c in yesno_leaves() if c != "G03"]
    labels = {(c, leaf): positives.get((c, leaf)) for c in sorted(cities) for leaf in leaves}
    labels["_real_negative_documents"] = real
    return labels


def quality(store: Store, labels: dict) -> dict:
    real = labels.pop("_real_negative_documents")
    cities = sorted({c for c, _ in labels})
    report = propose_evidence(store, cities, sorted({leaf for _, leaf in labels}))
    got = {(p.city.code, p.leaf): p for p in report.proposals}
    tp = fp = fn = tn = wrong_sentence = 0
    errors = []
    for key, words in labels.items():
        p = got[key]
        yes = p.value == 1.0
        if words is not None and yes:
            tp += 1
            if words not in p.evidence.sentence:
                wrong_sentence += 1
                title = " (the document's title)" if p.evidence.sentence == p.evidence.document.title else ""
                errors.append(f"right value, other sentence{title}: {p.city.name} {p.leaf}: "
                              f"「{p.evidence.sentence[:60]}」")
        elif words is not None:
            fn += 1
            why = f"rejected: {p.evidence.verdict.exclusion}" if p.evidence else "no candidate sentence"
            errors.append(f"missed (FN): {p.city.name} {p.leaf} — {why}")
        elif yes:
            fp += 1
            errors.append(f"false yes (FP): {p.city.name} {p.leaf}: 「{p.evidence.sentence[:60]}」")
        else:
            tn += 1
    rejected = {}
    for p in report.proposals:
        for f in p.rejected:
            rejected[f.verdict.exclusion] = rejected.get(f.verdict.exclusion, 0) + 1
    return {"cities": len(cities), "pairs": len(labels), "positives": tp + fn, "documents":
            store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0], "real_negative_documents": real,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None, "yes_with_other_sentence": wrong_sentence,
            "rejections": dict(sorted(rejected.items(), key=lambda kv: -kv[1])), "errors": errors,
            "rules": report.rules_version}


def _pool() -> list[str]:
    """Paragraphs of real government text."""
    texts = []
    for f in sorted((SHARED / "realdata" / "gwr_provincial_2026").glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            texts += [row.get("full_text") or "" for row in csv.DictReader(fh)]
    for f in sorted((SHARED / "realdata" / "gwr_national").glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            texts += [json.loads(line).get("content", "") for line in fh if line.strip()]
    for f in sorted((SHARED / "realdata" / "policy_docs_txt").glob("*.txt")):
        texts.append(f.read_text("utf-8"))
    paras = [p.strip() for t in texts for p in re.split(r"[\r\n]+", t) if len(p.strip()) >= 20]
    return paras


def national_store(store: Store, docs_per_city: int, seed: int = 20250) -> dict:
    """339 cities × docs_per_city documents of real text with the labelled notices planted."""
    started = time.perf_counter()
    paras = _pool()
    planted = notices()
    reg = load_registry()
    rng = random.Random(seed)
    chars = docs = 0
    now = utcnow()
    with store.transaction() as conn:
        for city in reg:
            for n in range(docs_per_city):
                if n < len(planted) and n % 12 == 0:     # five of every sixty: a notice, renamed to this city
                    d = planted[(n // 12 + int(city.code)) % len(planted)]
                    src = resolve_city(d["city"])
                    text = d["title"] + "\n" + d["text"]
                    for old, new in ((src.name, city.name), *((a, city.name) for a in src.aliases)):
                        text = text.replace(old, new)
                    title = text.split("\n", 1)[0]
                else:
                    parts, size = [], 0
                    while size < 4000:
                        p = paras[rng.randrange(len(paras))]
                        parts.append(p)
                        size += len(p)
                    text = "\n".join(parts)
                    title = parts[0][:40]
                sha = hashlib.sha256(f"{city.code}/{n}/{text}".encode()).hexdigest()
                cur = conn.execute("INSERT INTO documents (city_code, kind, title, source, format, sha256, size, "
                                   "added_at, origin) VALUES (?,?,?,?,?,?,?,?,?)",
                                   (city.code, "policy" if n % 2 else "news", title, f"bench/{city.code}/{n}.txt",
                                    "txt", sha, len(text.encode()), now, "ingest"))
                doc = cur.lastrowid
                pages = [text[i:i + 1500] for i in range(0, len(text), 1500)] or [""]
                starts = [i for i in range(0, len(text), 1500)] or [0]
                conn.executemany("INSERT INTO pages (document_id, page, text, char_start, role) VALUES (?,?,?,?,?)",
                                 [(doc, i + 1, t, s + i, "body") for i, (t, s) in enumerate(zip(pages, starts))])
                conn.execute("INSERT INTO parses (document_id, parser, parser_version, status, pages, chars, parsed_at)"
                             " VALUES (?,?,?,?,?,?,?)", (doc, "txt", PARSER_VERSION, "ok", len(pages), len(text), now))
                chars += len(text)
                docs += 1
    return {"documents": docs, "chars": chars, "build_seconds": time.perf_counter() - started}


def scale(store: Store, work: Path) -> dict:
    load_rules()   # warm: rule files and registry read once, as in a real session
    t = time.perf_counter()
    report = propose_evidence(store)
    scan = time.perf_counter() - t
    t = time.perf_counter()
    write_review(report, work / "review.xlsx")
    sheet = time.perf_counter() - t
    s = report.summary()
    return {"scan_seconds": scan, "review_seconds": sheet, "proposals": s["proposals"], "yes": s["yes"],
            "no": s["no"], "blank": s["blank"], "scanned_chars": s["chars"]}


def markdown(q: dict, n: dict | None, sc: dict | None) -> str:
    lines = [f"Labelled set: {q['documents']} documents ({q['real_negative_documents']} real policy texts as negatives, "
             f"the rest written for the project), {q['cities']} cities, {q['pairs']} (city, leaf) pairs, "
             f"{q['positives']} labelled 1; rules {q['rules']}.", "",
             "| measure | value |", "|---|---|",
             f"| precision of the proposed 1s | **{q['precision']:.3f}** ({q['tp']} of {q['tp'] + q['fp']}) |",
             f"| recall of the labelled 1s | **{q['recall']:.3f}** ({q['tp']} of {q['tp'] + q['fn']}) |",
             f"| true 0s | {q['tn']} of {q['tn'] + q['fp']} |",
             f"| 1s shown with another sentence than the labelled one | {q['yes_with_other_sentence']} |",
             "", "Rejected candidate sentences by exclusion: "
             + ", ".join(f"{k} {v}" for k, v in q["rejections"].items()) + ".", "",
             "Every wrong value, with why, and every 1 shown with another sentence than the labelled one:", ""]
    lines += [f"- {e}" for e in q["errors"]] or ["- none"]
    if n and sc:
        lines += ["", f"National-size corpus: {n['documents']:,} documents of 339 cities, {n['chars'] / 1e6:.1f} M "
                  f"characters (built in {n['build_seconds']:.0f} s).", "",
                  "| step (339 cities × 20 leaves) | measured |", "|---|---|",
                  f"| scan and propose (`propose_evidence`) | **{sc['scan_seconds']:.1f} s**, "
                  f"{sc['scanned_chars'] / 1e6 / sc['scan_seconds']:.1f} M characters/s |",
                  f"| review sheet, {sc['proposals']:,} rows (`write_review`) | {sc['review_seconds']:.1f} s |",
                  f"| proposals | {sc['yes']:,} yes, {sc['no']:,} no, {sc['blank']:,} blank |"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="documents per city in the national-size corpus")
    ap.add_argument("--no-scale", action="store_true", help="only the labelled set")
    ap.add_argument("--update", type=Path, help=f"replace the text between {MARK_START} and {MARK_END} in this file")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with Store(work / "labelled") as store:
            q = quality(store, labelled_store(store, work))
        n = sc = None
        if not args.no_scale:
            with Store(work / "national") as store:
                n = national_store(store, args.docs)
                sc = scale(store, work)
    text = markdown(q, n, sc)
    print(text)
    if args.update:
        doc = args.update.read_text("utf-8")
        a, b = doc.index(MARK_START) + len(MARK_START), doc.index(MARK_END)
        args.update.write_text(doc[:a] + "\n" + text + "\n" + doc[b:], "utf-8")
        print(f"updated {args.update}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
