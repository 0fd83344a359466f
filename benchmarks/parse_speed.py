"""Benchmark the parse stage against pdftotext (and pdfplumber as the reference) in one run.

    python benchmarks/parse_speed.py [--docs 6] [--pages 100] [--big 1000] [--repeat 5]
                                     [--pdfs 'GLOB' [--limit N]] [--one-core]

Builds plan-style Chinese PDFs (tests/data/parse/pdfgen.py, embedded WenQuanYi font when
installed) plus the Debian Edu manual from ../shared when present (or takes --pdfs instead),
then, --repeat times in turn (the machine may be shared: compare the ratios, read the medians),
measures pages/s of
- `textmine parse` (parse_corpus into a fresh store each time: isolated workers, header/footer
  removal, line joins, SQLite writes included) on one worker and on all cores,
- bare PDFium: ``pdf[i].get_textpage().get_text_range()`` for every page, in this process, no
  layout work at all: the floor for anything built on PDFium,
- `pdftotext` (poppler) on the same files, one process after another (one core),
then prints the medians and ratios, pdfplumber's extract_text on the first file (reference
backend), the text agreement of pdfium and pdfplumber, and the peak RSS of a worker parsing a
--big page PDF. With --one-core everything (this process, the parse workers, pdftotext) is
pinned to one CPU.
"""
from __future__ import annotations

import argparse
import difflib
import glob
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.ingest import ingest  # noqa: E402
from textmine.editions import refresh_editions  # noqa: E402
from textmine.parse import extract, normalise, parse_corpus  # noqa: E402
from textmine.store import Store  # noqa: E402

_spec = importlib.util.spec_from_file_location("pdfgen", ROOT / "tests" / "data" / "parse" / "pdfgen.py")
pdfgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfgen)


def pdftotext_rate(files: list[Path]) -> tuple[float, int]:
    pages = 0
    t0 = time.perf_counter()
    for f in files:
        out = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(f), "-"], capture_output=True, check=True).stdout
        pages += out.count(b"\f")
    return time.perf_counter() - t0, pages


def pdfium_rate(files: list[Path]) -> tuple[float, int]:
    """Bare PDFium text extraction: open, text page, get_text_range, close; nothing else."""
    import pypdfium2 as pdfium

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
            pages += 1
        pdf.close()
    return time.perf_counter() - t0, pages


def parse_rate(files: list[Path], workers: int) -> tuple[float, int, float]:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        ingest(store, files, city="南平", kind="plan")
        rep = parse_corpus(store, workers=workers, then=refresh_editions)
        store.close()
        if rep.failed:
            raise SystemExit(f"parse failed: {rep.failed}")
        return rep.seconds, rep.pages, rep.peak_rss_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--big", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="measurements of each kind, taken in turn; medians shown")
    ap.add_argument("--pdfs", help="measure these PDFs (a glob) instead of the generated plans + Debian manual")
    ap.add_argument("--limit", type=int, default=0, help="with --pdfs: the first N files only")
    ap.add_argument("--one-core", action="store_true", help="pin this process, the workers and pdftotext to CPU 0")
    args = ap.parse_args()
    if args.one_core:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # before the fork server starts
    cores = len(os.sched_getaffinity(0))
    tmp = Path(tempfile.mkdtemp(prefix="parse-bench-"))
    if args.pdfs:
        files = [Path(f) for f in sorted(glob.glob(args.pdfs))][: args.limit or None]
        what = f"{len(files)} PDFs from {args.pdfs}"
    else:
        files = []
        for i in range(args.docs):
            f = tmp / f"plan{i}.pdf"
            pdfgen.build_plan_pdf(f, pages=args.pages, seed=i, specials=False)
            files.append(f)
        manual = ROOT.parent / "shared" / "realdata" / "pdf" / "debian-edu-bookworm-manual.pdf"
        if manual.is_file():
            files.append(manual)
        what = (f"font {pdfgen.FONT}; {len(files)} PDFs ({args.docs} x {args.pages}-page plans"
                + (" + Debian manual" if manual.is_file() else "") + ")")
    if not files:
        raise SystemExit("no PDFs to measure")
    print(f"machine: {os.cpu_count()} cores ({cores} used), Python {sys.version.split()[0]}; "
          f"{what}; {args.repeat} rounds; load average {os.getloadavg()[0]:.1f}")

    parse_rate(files[:1], 1)  # start the fork server, warm the file cache
    kinds = {"textmine parse, 1 worker": lambda: parse_rate(files, 1)[:2],
             f"textmine parse, {cores} workers": lambda: parse_rate(files, cores)[:2],
             "bare pdfium get_text_range": lambda: pdfium_rate(files),
             "pdftotext (one core)": lambda: pdftotext_rate(files)}
    rates: dict[str, list[float]] = {k: [] for k in kinds}
    pages: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, run in kinds.items():
            seconds, n = run()
            rates[name].append(n / seconds)
            pages[name] = n
    med = {k: statistics.median(v) for k, v in rates.items()}
    for name in kinds:
        print(f"{name:<28}: {pages[name]} pages, median {med[name]:7.0f} pages/s  "
              f"(runs: {', '.join(f'{r:.0f}' for r in rates[name])})")
    ref = med["pdftotext (one core)"]
    print("ratio to pdftotext: " + "; ".join(f"{k.split(',')[-1].strip()} {v / ref:.2f}" for k, v in med.items()
                                              if not k.startswith("pdftotext")))
    print(f"textmine (1 worker) / bare pdfium = {med['textmine parse, 1 worker'] / med['bare pdfium get_text_range']:.2f}")
    if args.pdfs:
        return

    import pdfplumber

    ref = files[0]
    t0 = time.perf_counter()
    with pdfplumber.open(ref) as pdf:
        plumber_pages = []
        for page in pdf.pages:
            plumber_pages.append(page.extract_text() or "")
            page.close()
    tp = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = extract(ref)
    to = time.perf_counter() - t0
    a = re.sub(r"\s", "", normalise("\n".join(plumber_pages)))
    b = re.sub(r"\s", "", ours.text)
    sm = difflib.SequenceMatcher(None, a[:20000], b[:20000], autojunk=False)
    print(f"pdfplumber on {ref.name}: {len(plumber_pages)} pages in {tp:.2f} s = {len(plumber_pages) / tp:.0f} pages/s; "
          f"extract() {len(ours.pages) / to:.0f} pages/s ({tp / to:.0f}x faster)")
    print(f"pdfium text vs pdfplumber text (first 20k chars, whitespace removed, pdfplumber keeps the "
          f"header/footer we remove): ratio {sm.ratio():.4f}")

    big = tmp / "big.pdf"
    pdfgen.build_plan_pdf(big, pages=args.big, seed=99, specials=False)
    sb, pb, rss = parse_rate([big], 1)
    print(f"{pb}-page PDF in one worker: {sb:.2f} s, peak worker RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
