"""Counting one large page: time per MB must not grow with the page (issue 12).

    python benchmarks/count_large_page.py [--sizes 1 4 16 64] [--mode token]

Each size is a one-page TXT plan of that many MB (UTF-8), made by repeating the real 2026 provincial
work reports of ../shared/realdata (so its term density is that of real government text). It is
ingested into a fresh data home, parsed, and counted with `textmine.count.count_corpus`, after a first
count (of a page of a few characters) that loads jieba's dictionary, as every later count in a process
finds it loaded; that count's own time is the fixed set-up of each count. Before the fix (pages rebuilt with the text
last, contexts sliced in Python) 1, 4, 16, 64 MB took 1.7, 2.35, 14.1 and 257 s.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.ingest import ingest  # noqa: E402
from textmine.count import count_corpus  # noqa: E402
from textmine.editions import refresh_editions  # noqa: E402
from textmine.parse import parse_corpus  # noqa: E402
from textmine.store import Store  # noqa: E402

SHARED = ROOT.parent / "shared" / "realdata" / "gwr_provincial_2026"
TITLE = "某市国民经济和社会发展第十四个五年规划纲要\n"


def base_text() -> str:
    csv.field_size_limit(1 << 30)
    texts = []
    for f in sorted(SHARED.glob("2026_*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            texts += [r["full_text"] for r in csv.DictReader(fh)]
    if not texts:
        raise SystemExit(f"no texts in {SHARED}: this benchmark needs ../shared beside the clone")
    return "\n".join(texts)


def text_of(base: str, mb: float) -> str:
    want = int(mb * 1e6)
    reps = want // len(base.encode("utf-8")) + 1
    text = base * reps
    return text[: int(len(text) * want / len(text.encode("utf-8")))]


def measure(text: str, mode: str) -> tuple[float, float, int]:
    """(parse seconds, count seconds, hits) of one one-page document in a fresh data home."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "plan.txt"
        path.write_text(TITLE + text, encoding="utf-8")
        with Store(Path(d) / "home") as store:
            ingest(store, [path], city="丽水", kind="plan")
            t0 = time.perf_counter()
            rep = parse_corpus(store, memory_mb=0, then=refresh_editions)
            t1 = time.perf_counter()
            if rep.failed:
                raise SystemExit(f"parse failed: {rep.failed}")
            counted = count_corpus(store, mode)
            t2 = time.perf_counter()
    return t1 - t0, t2 - t1, counted.hits


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16, 64], help="page sizes, MB")
    ap.add_argument("--mode", default="token", choices=("token", "substring"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is shown (a noisy machine)")
    args = ap.parse_args(argv)
    base = base_text()
    _, cold, _ = measure("生态产品价值实现。", args.mode)    # loads jieba's dictionary (once per process)
    _, setup, _ = measure("生态产品价值实现。", args.mode)
    print(f"count of a page of a few characters: {cold:.2f} s in a new process, then {setup:.2f} s (set-up; "
          f"{args.mode} mode)")
    print("| page | parse | count | hits | count per MB |")
    print("|---|---|---|---|---|")
    rates = []
    for mb in args.sizes:
        text = text_of(base, mb)
        parse_s, count_s, hits = min((measure(text, args.mode) for _ in range(args.repeat)), key=lambda m: m[1])
        rates.append(count_s / mb)
        print(f"| {mb:g} MB | {parse_s:.2f} s | {count_s:.2f} s | {hits:,} | {count_s / mb:.3f} s |")
    print(f"count per MB at the largest page / at the smallest: {rates[-1] / rates[0]:.2f} (linear: ≈ 1 or below, "
          f"the fixed set-up weighing most on the smallest; quadratic: ≈ {args.sizes[-1] / args.sizes[0]:g})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
