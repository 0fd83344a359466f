"""Text fingerprints (textmine.editions.fingerprint): how similar copies and different outlines measure,
and how fast a fingerprint is made.

    python benchmarks/editions_fingerprint.py            # the similarity table and the speed
    python benchmarks/editions_fingerprint.py --table    # the similarity table only (docs/editions.md shows it)

The pairs are made from the bundled sample outlines (written for the project): the 湖州 outline as
the parser reads its PDF and its HTML rendering, truncated, with 5 % of its characters changed, as a
draft missing a quarter of its paragraphs; every pair of two different cities' outlines; and a city's
十四五 and 十五五 outlines (different periods are never compared for counting, shown for scale).
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.editions import fingerprint, load_rules, similarity  # noqa: E402
from textmine.parse import extract  # noqa: E402
from textmine.sample.plandoc import load_plan_md  # noqa: E402
from textmine.sample.webpage import write_html  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample"


def _body(ext) -> str:
    return "\n".join(t for t, r in zip(ext.pages, ext.page_roles) if r == "body")


def similarity_table() -> list[tuple[str, float, float]]:
    """(pair, Jaccard, containment) rows; deterministic."""
    pdf = _body(extract(SAMPLE / "docs" / "huzhou_plan_14th.pdf"))
    doc = load_plan_md(SAMPLE / "text" / "湖州市.md")
    with tempfile.TemporaryDirectory() as d:
        html = _body(extract(write_html(doc, Path(d) / "hz.html")))
    rng = random.Random(20250)
    chars = list(pdf)
    for i in rng.sample(range(len(chars)), len(chars) // 20):
        chars[i] = "的"
    paras = pdf.splitlines()
    draft = "\n".join(p for i, p in enumerate(paras) if i % 4 != 1)
    rows = []
    fp = fingerprint(pdf)
    for name, other in (("湖州 PDF vs its HTML copy", html), ("湖州 PDF vs its first third", pdf[: len(pdf) // 3]),
                        ("湖州 PDF vs a draft without every 4th paragraph", draft),
                        ("湖州 PDF vs 5 % of its characters changed", "".join(chars))):
        s = similarity(fp, fingerprint(other))
        rows.append((name, s.jaccard, s.containment))
    texts = {p.stem: load_plan_md(p).body_text() for p in sorted((SAMPLE / "text").glob("*.md"))}
    fps = {k: fingerprint(v) for k, v in texts.items()}
    city = lambda stem: stem.split("-")[0]  # noqa: E731 - 丽水市-十五五 is 丽水市's 十五五 outline
    pairs = [similarity(fps[a], fps[b]) for a, b in itertools.combinations(texts, 2) if city(a) != city(b)]
    rows.append((f"two different cities' outlines (max of {len(pairs)} pairs)", max(p.jaccard for p in pairs),
                 max(p.containment for p in pairs)))
    for stem in sorted(k for k in texts if "-" in k):
        s = similarity(fps[city(stem)], fps[stem])
        rows.append((f"{city(stem)[:2]} 十四五 outline vs its {stem.split('-')[1]} outline", s.jaccard, s.containment))
    return rows


def format_table(rows) -> str:
    rules = load_rules()
    out = ["| pair | Jaccard | containment | same outline? (≥ %.2f) |" % rules.copy_containment, "|---|---|---|---|"]
    for name, j, c in rows:
        out.append(f"| {name} | {j:.3f} | {c:.3f} | {'yes' if c >= rules.copy_containment else 'no'} |")
    return "\n".join(out)


def speed() -> str:
    text = "".join(load_plan_md(p).body_text() for p in sorted((SAMPLE / "text").glob("*.md")))  # ~180k chars
    best = min(_timed(text) for _ in range(5))
    return f"fingerprint of {len(text):,} characters: {best * 1000:.1f} ms (best of 5), {len(text) / best / 1e6:.1f} M chars/s"


def _timed(text: str) -> float:
    t = time.perf_counter()
    fingerprint(text)
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", action="store_true", help="print only the (deterministic) similarity table")
    args = ap.parse_args(argv)
    print(format_table(similarity_table()))
    if not args.table:
        print(speed())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
