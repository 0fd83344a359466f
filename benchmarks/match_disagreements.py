"""Where do token and substring mode disagree on the real texts? Prints counts per term and a fixed
random sample of disagreements with their contexts, for judging by reading.

    python benchmarks/match_disagreements.py [--sample 120] [--seed 4]
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from match_realtext import real_texts  # noqa: E402

from textmine.count import PageMatcher, Segmenter, current_state  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=120)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    st = current_state()
    tok = PageMatcher(st.mapping, "token", Segmenter(st.mapping))
    sub = PageMatcher(st.mapping, "substring")
    seg = tok.segmenter
    texts = real_texts()
    total_chars = sum(len(t) for _, t in texts)
    n_tok = n_sub = 0
    cases = []
    for label, text in texts:
        a = {(h.offset, h.surface) for h in tok.hits(text)}
        b = {(h.offset, h.surface) for h in sub.hits(text)}
        n_tok += len(a)
        n_sub += len(b)
        for kind, only in (("substring only", b - a), ("token only", a - b)):
            for off, s in only:
                blk = text[max(0, off - 12):off + len(s) + 12].replace("\n", " ")
                cases.append((kind, s, label, blk, " ".join(seg.cut(text[max(0, off - 6):off + len(s) + 6]))))
    print(f"{len(texts)} texts, {total_chars:,} characters; hits: token {n_tok:,}, substring {n_sub:,}; "
          f"disagreements {len(cases):,}")
    by = Counter((k, s) for k, s, *_ in cases)
    print("by term:", ", ".join(f"{s} ({k}) {n}" for (k, s), n in by.most_common(25)))
    random.seed(args.seed)
    for k, s, label, ctx, cut in random.sample(cases, min(args.sample, len(cases))):
        print(f"{k:14s} {s:8s} | {ctx} | {cut}")


if __name__ == "__main__":
    main()
