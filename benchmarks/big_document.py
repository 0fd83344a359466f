"""One big PDF, whole commands timed against each other: `textmine extract` on every core, on one worker,
and `pdftotext`.

    python benchmarks/big_document.py [PDF ...] [--repeat 7]

Default PDFs (built under /tmp when absent): a 1,335-page technical manual with images, drawings, tables and
mixed fonts (tests/data/parse/manualgen.py, seed 1) and a 1,000-page text-only plan
(tests/data/parse/pdfgen.py). Each round runs the three commands one after the other as a user would (a new
process each: start-up, imports and worker start included; their text written to /dev/null); the median
wall time of --repeat rounds is shown, and the median of the per-round ratios (pairing keeps a ratio
meaningful while a shared machine's speed drifts). The text of `extract` on all cores is checked to be
byte-identical to the one-worker text.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "parse"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_pdfs() -> list[Path]:
    manual = Path("/tmp/textmine-manual-1335.pdf")
    if not manual.is_file():
        _load("manualgen").build_manual(manual, pages=1335, seed=1)
    plan = Path("/tmp/textmine-plan-1000.pdf")
    if not plan.is_file():
        _load("pdfgen").build_plan_pdf(plan, pages=1000, seed=99, specials=False)
    return [manual, plan]


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    textmine = shutil.which("textmine") or str(Path(sys.executable).with_name("textmine"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.repeat} rounds; "
          f"load average {os.getloadavg()[0]:.1f}")
    for pdf in args.pdfs or default_pdfs():
        all_cores = [textmine, "extract", str(pdf)]
        one = [textmine, "extract", str(pdf), "--workers", "1"]
        same = subprocess.run(all_cores, capture_output=True).stdout == subprocess.run(one, capture_output=True).stdout
        cmds = {f"textmine extract ({os.cpu_count()} workers)": all_cores, "textmine extract --workers 1": one,
                "pdftotext": ["pdftotext", "-q", str(pdf), "-"]}
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.repeat):
            for name, cmd in cmds.items():
                times[name].append(wall(cmd))
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        n = next((int(x.split()[-1]) for x in pages.splitlines() if x.startswith("Pages:")), 0)
        print(f"{pdf.name}: {n} pages, {pdf.stat().st_size / 1e6:.1f} MB; all-core text identical to one worker's: "
              f"{same}")
        ref = times["pdftotext"]
        for name, ts in times.items():
            ratio = statistics.median(a / b for a, b in zip(ts, ref))
            print(f"  {name:<30} median {statistics.median(ts):6.2f} s  ({n / statistics.median(ts):5.0f} pages/s;"
                  f" {ratio:.2f}x pdftotext's time)  runs: {', '.join(f'{t:.2f}' for t in ts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
