"""Benchmark the parse stage against pdftotext (and pdfplumber as the reference) in one run.

    python benchmarks/parse_speed.py [--docs 6] [--pages 100] [--big 1000]

Builds plan-style Chinese PDFs (tests/data/parse/pdfgen.py, embedded WenQuanYi font when
installed) plus the Debian Edu manual from ../shared when present, then prints pages/s of
- `textmine parse` (parse_corpus: isolated workers, header/footer removal, line joins,
  SQLite writes included) on one worker and on all cores,
- `pdftotext` (poppler) on the same files, one process after another (one core),
- pdfplumber's extract_text on the first file (reference backend),
the ratio, the text agreement of pdfium and pdfplumber, and the peak RSS of a worker
parsing a --big page PDF.
"""
from __future__ import annotations

import argparse
import difflib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.ingest import ingest  # noqa: E402
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


def parse_rate(files: list[Path], workers: int) -> tuple[float, int, float]:
    with tempfile.TemporaryDirectory() as home:
        store = Store(home)
        ingest(store, files, city="南平", kind="plan")
        rep = parse_corpus(store, workers=workers)
        store.close()
        return rep.seconds, rep.pages, rep.peak_rss_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--big", type=int, default=1000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="parse-bench-"))
    files = []
    for i in range(args.docs):
        f = tmp / f"plan{i}.pdf"
        pdfgen.build_plan_pdf(f, pages=args.pages, seed=i, specials=False)
        files.append(f)
    manual = ROOT.parent / "shared" / "realdata" / "pdf" / "debian-edu-bookworm-manual.pdf"
    if manual.is_file():
        files.append(manual)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; font {pdfgen.FONT}; "
          f"{len(files)} PDFs ({args.docs} x {args.pages}-page plans" + (" + Debian manual" if manual.is_file() else "") + ")")

    parse_corpus_warm = parse_rate(files[:1], 1)  # start the fork server, warm caches  # noqa: F841
    s1, p1, _ = parse_rate(files, 1)
    s2, p2, _ = parse_rate(files, os.cpu_count() or 1)
    st, pt = pdftotext_rate(files)
    print(f"textmine parse, 1 worker : {p1} pages in {s1:.2f} s = {p1 / s1:7.0f} pages/s")
    print(f"textmine parse, {os.cpu_count()} workers: {p2} pages in {s2:.2f} s = {p2 / s2:7.0f} pages/s")
    print(f"pdftotext (one core)     : {pt} pages in {st:.2f} s = {pt / st:7.0f} pages/s")
    print(f"ratio textmine(1 worker)/pdftotext = {(p1 / s1) / (pt / st):.2f}; "
          f"textmine({os.cpu_count()} workers)/pdftotext = {(p2 / s2) / (pt / st):.2f}")

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
