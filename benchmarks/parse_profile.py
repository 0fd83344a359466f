"""Where the time of parsing one PDF goes: PDFium reading against the layout and normalisation passes.

    python benchmarks/parse_profile.py [PDF ...] [--repeat 5]

For each PDF (default: those of benchmarks/big_document.py, a 1,335-page manual with images and drawings and a
1,000-page text-only plan, built under /tmp when absent), in this process, --repeat times, the phases of
``extract_pdf`` timed by the CPU time of this process (no profiler overhead; another job on a shared machine
does not count), the fastest run of each phase shown:

- read: PDFium — load each page and its text page, the page text, two character boxes per line
  (``pdf.read_lines``), and the rest;
- normalise: normalise.py on each page's text (``normalise_line``, called as its lines are read);
- furniture: ``layout.remove_furniture`` (running headers, footers, page numbers);
- roles: ``roles.page_roles``;
- paragraphs: ``layout.assemble`` (line and page joins);

and the share of layout + normalisation (the last four) in the whole.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


PHASES = {"normalise": ("normalise_line", "normalise_lines"), "furniture": ("remove_furniture",),
          "roles": ("page_roles",), "paragraphs": ("assemble",)}


def phases(path: Path) -> tuple[dict[str, float], int]:
    """CPU seconds per phase of one ``extract_pdf(path)``, and its page count. Each phase's functions, as
    pdf.py calls them, are wrapped in a timer; "read" is the rest (this works on older code too, which
    normalised the lines in a pass of their own: normalise_lines)."""
    from textmine.parse import pdf

    spent = {k: 0.0 for k in PHASES}
    saved = {}

    def timer(phase, fn):
        def timed(*a, **kw):
            s = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                spent[phase] += time.process_time() - s
        return timed

    for phase, names in PHASES.items():
        for name in names:
            if hasattr(pdf, name):
                saved[name] = getattr(pdf, name)
                setattr(pdf, name, timer(phase, saved[name]))
    try:
        t0 = time.process_time()
        ext = pdf.extract_pdf(path)
        total = time.process_time() - t0
    finally:
        for name, fn in saved.items():
            setattr(pdf, name, fn)
    return {"read": total - sum(spent.values()), **spent}, len(ext.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from big_document import default_pdfs

    for path in args.pdfs or default_pdfs():
        phases(path)                                    # warm the file cache and imports
        runs = [phases(path) for _ in range(args.repeat)]
        n = runs[0][1]
        med = {k: min(r[k] for r, _ in runs) for k in runs[0][0]}
        total = sum(med.values())
        print(f"{path.name}: {n} pages, {total:.3f} s in process ({n / total:.0f} pages/s), fastest of {args.repeat} runs per phase")
        for k, v in med.items():
            print(f"  {k:<11} {v * 1000:8.1f} ms  {100 * v / total:5.1f} %  ({v / n * 1e6:6.1f} µs/page)")
        lay = total - med["read"]
        print(f"  layout + normalisation: {100 * lay / total:.1f} % of the parse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
