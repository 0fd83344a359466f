"""Benchmark: MB/s of token and substring counting, and the recount after a one-term lexicon edit.

    python benchmarks/match_speed.py [--mb 100]

First the agreement of the token-mode segmenters (jieba's cut, the reference; the route pass that
counting uses; rjieba, optional) on the real texts of ../shared/realdata (benchmarks/backend_agreement.py).
Then builds a throw-away store whose plan pages are those texts repeated (each copy made distinct) up to --mb megabytes of UTF-8, times `count_corpus`
(full) per mode and backend, both modes in one pass (`count_modes`, what `textmine run` does), and the
incremental recount after adding one term.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backend_agreement import agreement, print_agreement  # noqa: E402
from match_realtext import real_texts  # noqa: E402

from textmine.lexicon.edit import add_terms  # noqa: E402
from textmine.count import COUNT_BACKEND, count_corpus, count_modes  # noqa: E402
from textmine.registry import load_registry  # noqa: E402
from textmine.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--page-chars", type=int, default=3000)
    args = ap.parse_args()
    texts = [t for _, t in real_texts()]
    print_agreement(agreement(texts), "the real texts of ../shared/realdata")
    work = Path(tempfile.mkdtemp(prefix="tm-bench-"))
    lex = work / "lexicons"
    shutil.copytree(Path(__file__).resolve().parents[1] / "lexicons", lex)
    store = Store(work / "home")
    codes = [c.code for c in load_registry()]
    target, size, n = args.mb * 1e6, 0, 0
    with store.transaction():
        while size < target:
            text = texts[n % len(texts)] + f"\n（副本 {n}）"
            doc, _ = store.add_document(city_code=codes[n % len(codes)], kind="plan", source=f"bench/{n}",
                                        format="txt", sha256=f"{n:064x}", size=len(text))
            start = 0
            for p, k in enumerate(range(0, len(text), args.page_chars), start=1):
                page = text[k:k + args.page_chars]
                store.conn.execute("INSERT INTO pages (document_id, page, text, char_start) VALUES (?,?,?,?)",
                                   (doc, p, page, start))
                start += len(page) + 1
            size += len(text.encode("utf-8"))
            n += 1
    mb = size / 1e6
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; corpus {mb:.1f} MB UTF-8 in {n} documents")
    for mode, backend in (("substring", ""), ("token", "jieba"), ("token", "rjieba")):
        t = time.perf_counter()
        rep = count_corpus(store, mode, lexicon_dir=lex, backend=backend or COUNT_BACKEND, full=True)
        dt = time.perf_counter() - t
        label = f"{mode} {backend}" + (" (default)" if backend == COUNT_BACKEND else "")
        print(f"{label:24s}: {dt:6.2f} s  {mb / dt:6.1f} MB/s  ({rep.hits:,} hits, {rep.pages:,} pages"
              + ("; building the segmenter included)" if mode == "token" else ")"))
    t = time.perf_counter()
    both = count_modes(store, ("token", "substring"), lexicon_dir=lex, full=True)
    dt = time.perf_counter() - t
    print(f"{'both modes, one pass':24s}: {dt:6.2f} s  {mb / dt:6.1f} MB/s  ({both['token'].hits:,} token and "
          f"{both['substring'].hits:,} substring hits)")
    add_terms("resource", ["排水"], lex)
    for mode in ("token", "substring"):
        t = time.perf_counter()
        rep = count_corpus(store, mode, lexicon_dir=lex)
        dt = time.perf_counter() - t
        print(f"recount after adding one term ({mode}): {dt:.2f} s, {rep.matched:,} pages matched again, "
              f"{rep.reused:,} reused")
    store.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
