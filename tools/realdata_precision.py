"""The committed precision and recall reports of the shipped lexicons, made from the committed labels.

    python tools/realdata_precision.py [HOME]           # rewrite lexicons/precision/{outlines,provincial,summary}.md
    python tools/realdata_precision.py [HOME] --check   # compare only (exit 1 on a difference); a test does this

HOME is the data home of the measured texts (built by `tools/realdata_home.py` when missing; default a temporary
folder). What the label files are and how they were drawn: lexicons/precision/README.md.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "lexicons" / "precision"
#: The shipped figure: the last measured draw of each corpus (full `audit precision` reports).
MEASURED = {"outlines.md": "outlines_seed4177.csv", "provincial.md": "provincial_seed4177.csv"}
#: Every labelled draw, in the order the summary lists them: (file, corpus, round).
DRAWS = [("tuning_seed101.csv", "tuning texts", "tuning (per term)"),
         ("outlines_seed2031.csv", "十五五 outlines", "round 1"),
         ("provincial_seed2031.csv", "provincial reports", "round 1"),
         ("outlines_seed4177.csv", "十五五 outlines", "round 2"),
         ("provincial_seed4177.csv", "provincial reports", "round 2")]
CATEGORY_ORDER = ("theme", "resource", "policy", "market")
#: Phrases issue 31 counted as occurrences covered by a hit / all occurrences, by corpus and category.
PHRASES = {"plan": [("绿电", "market"), ("绿证", "market"), ("碳排放权", "market"), ("气候投融资", "market"),
                    ("转型金融", "market"), ("地下水", "resource"), ("永久基本农田", "policy"), ("林下经济", "market")],
           "policy": [("“两山”", "theme"), ("林下经济", "market"), ("水土流失", "resource"), ("防沙治沙", "policy"),
                      ("十年禁渔", "policy"), ("地下水", "resource"), ("黑土地", "resource"), ("三北", "policy")]}


def read_rows(name: str) -> list[dict]:
    with open(FOLDER / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _wilson(c: int, n: int) -> str:
    from textmine.count.precision import wilson

    lo, hi = wilson(c, n)
    return f"{lo:.3f}–{hi:.3f}"


def draw_table() -> list[str]:
    """Per draw and category: labelled hits, correct, c/n, Wilson interval; for round 2, the hits not labelled in
    round 1 (never seen while editing the lexicons) apart."""
    seen = {r["hit_id"] for f, _, rnd in DRAWS if rnd == "round 1" for r in read_rows(f)}
    out = ["| corpus | draw | lexicon | seed | category | drawn from | labelled | correct | precision | 95 % interval "
           "| not seen in round 1: correct / labelled |", "|---|---|---|---|---|---:|---:|---:|---:|---|---|"]
    for f, corpus, rnd in DRAWS:
        rows = read_rows(f)
        for cat in CATEGORY_ORDER:
            xs = [r for r in rows if r["category"] == cat]
            if not xs:
                continue
            c, n = sum(r["label"] == "1" for r in xs), len(xs)
            versions = sorted({r["lexicon_version"] for r in xs})
            fresh = [r for r in xs if r["hit_id"] not in seen]
            new = (f"{sum(r['label'] == '1' for r in fresh)} / {len(fresh)}" if rnd == "round 2" else "–")
            population = sorted({r["stratum_hits"] for r in xs}) if rnd != "tuning (per term)" else ["per term"]
            out.append(f"| {corpus} | {rnd} ({f}) | {', '.join(versions)} | {xs[0]['seed']} | {cat} | "
                       f"{', '.join(population)} | {n} | {c} | {c / n:.3f} | {_wilson(c, n)} | {new} |")
    return out


def recall_rows() -> list[dict]:
    return read_rows("recall.csv")


def recall_table() -> list[str]:
    """Recall on the committed sentences (recall.csv): random screened sentences judged to express a category,
    and the phrases issue 31 named."""
    rows = [r for r in recall_rows() if r["set"] == "random"]
    out = ["| category | sentences expressing it | matched in both modes | recall | 95 % interval |",
           "|---|---:|---:|---:|---|"]
    for cat in CATEGORY_ORDER:
        xs = [r for r in rows if r["category"] == cat]
        c = sum(r["expect"] == "1" for r in xs)
        out.append(f"| {cat} | {len(xs)} | {c} | {c / len(xs):.3f} | {_wilson(c, len(xs))} |")
    return out


def phrase_coverage(store) -> list[str]:
    """Occurrences of each phrase of issue 31 in the measured texts covered by a hit of its category (token and
    substring mode) / all its occurrences."""
    from textmine.count import PageMatcher, current_state, segmenter

    state = current_state()
    matchers = {m: PageMatcher(state.mapping, m, segmenter(state.mapping) if m == "token" else None,
                               state.exclusions, state.quoted) for m in ("token", "substring")}
    out = ["| corpus | phrase | category | occurrences | covered (token) | covered (substring) |",
           "|---|---|---|---:|---:|---:|"]
    for kind, corpus in (("plan", "十五五 outlines"), ("policy", "provincial reports")):
        texts = [t for (t,) in store.conn.execute(
            "SELECT p.text FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.kind = ? AND p.role = 'body' "
            "ORDER BY p.document_id, p.page", (kind,))]
        hits = {m: [mt.hits(t) for t in texts] for m, mt in matchers.items()}
        for phrase, cat in PHRASES[kind]:
            n, covered = 0, Counter()
            for i, t in enumerate(texts):
                for occ in (m.start() for m in re.finditer(re.escape(phrase), t)):
                    n += 1
                    for mode in matchers:
                        covered[mode] += any(h.category == cat and h.offset < occ + len(phrase)
                                             and occ < h.offset + h.length for h in hits[mode][i])
            out.append(f"| {corpus} | {phrase} | {cat} | {n} | {covered['token']} | {covered['substring']} |")
    return out


def summary(store) -> str:
    from textmine.lexicon import load_lexicons

    versions = ", ".join(f"{c} {lex.version_label}" for c, lex in load_lexicons().items())
    return "\n".join([
        "# Precision and recall of the shipped lexicons (summary)", "",
        f"Lexicons counted now: {versions}. Made by `python tools/realdata_precision.py` from the label files of "
        "this folder (README.md: how each was drawn and labelled; docs/lexicon.md: the labelling standard). A draw "
        "is uniform over each category's hits (150 per category, every hit where a category has fewer), so its "
        "precision is correct / labelled with Wilson's 95 % interval; the full reports of the last draws, with every "
        "term, are outlines.md and provincial.md.", "",
        "## Precision by draw", "", *draw_table(), "",
        "Round 1 measured lexicons 2026.3, edited on the tuning texts only. Its false hits led to the edits of "
        "2026.4, measured by round 2 (a new seed). Hits drawn in both rounds keep their round-1 label; the last "
        "column counts round-2 hits never seen while editing. 2026.5 then excluded two patterns issue 31 had named "
        "(imported clean-power bases; 绿色食品 in plain product lists): the same seed draws the same hits less the "
        "excluded ones plus the next ones by rank (4 hits, labelled), so round 2 is a draw uniform over the hits of "
        "the lexicons shipped.", "",
        "## Recall on committed sentences (recall.csv)", "",
        "Sentences drawn at random (seed 3131) from the measured texts among those holding an ecological keyword, "
        "read and marked with every category they express under the labelling standard; a sentence counts as found "
        "when a hit of that category is in it in both modes.", "",
        *recall_table(), "",
        "## The phrases issue 31 named, in the whole measured texts", "",
        "Occurrences covered by a hit of the category / all occurrences. Not covered by design: 绿电 brought in from "
        "other regions or as a consumption share, 防沙治沙 in an honorary title, the 三北精神 and, a known miss, "
        "“三北”六期.", "",
        *phrase_coverage(store), ""])


def precision_reports(store) -> dict[str, str]:
    from textmine.count.precision import precision_from_files, report_markdown

    out = {}
    for name, f in MEASURED.items():
        rep = precision_from_files(store, [FOLDER / f])
        out[name] = report_markdown(rep, [f])
    out["summary.md"] = summary(store)
    return out


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tools"))
    from realdata_home import build_realdata_home

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home", nargs="?")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="textmine-realdata-") as tmp:
        store = build_realdata_home(args.home or tmp)
        made = precision_reports(store)
        store.close()
    differ = [n for n, text in made.items() if not (FOLDER / n).is_file() or (FOLDER / n).read_text("utf-8") != text]
    if args.check:
        print(f"{len(made)} reports, {len(differ)} differ: {', '.join(differ) or '-'}")
        return 1 if differ else 0
    for n, text in made.items():
        (FOLDER / n).write_text(text, "utf-8")
    print(f"wrote {', '.join(made)} in {FOLDER.relative_to(ROOT)} ({len(differ)} changed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
