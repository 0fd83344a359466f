"""How good is `textmine evidence` on real documents: precision and recall of the "yes" proposals per leaf,
the wrong proposals that carry no review flag, the stance of every labelled candidate, and the character
n-gram stance model against the rules.

The documents are those of ../shared/realdata (tools/evidence_realdata.py: notices, budget and 决算
reports, bulletins, city and provincial work reports; and the blind set of plans/), the labels
lexicons/precision/evidence/labels.csv (README.md beside it says how they were made).

    python benchmarks/evidence_real.py [--home DIR] [--update]

--update rewrites lexicons/precision/evidence/report.md and the evidence-real section of docs/evidence.md;
without it the report is printed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from evidence_labels import REPORT, genre_reading, measure, read_labels, report_markdown, stance_model  # noqa: E402
from evidence_realdata import blind_documents, build_evidence_home  # noqa: E402

DOC = ROOT / "docs" / "evidence.md"
MARK_START, MARK_END = "<!-- evidence-real:start -->", "<!-- evidence-real:end -->"


def real_report(home: Path) -> str:
    """The report, computed from the labels on the documents ingested into ``home`` (built when missing)."""
    from textmine.evidence.rules import load_rules, yesno_leaves

    main = build_evidence_home(home / "main")
    blind = build_evidence_home(home / "blind", documents=blind_documents())
    try:
        rows = read_labels()
        figures = measure(main, blind, rows)
        model = stance_model(rows, figures)
        genres = genre_reading(main)
    finally:
        main.close()
        blind.close()
    return report_markdown(figures, model, load_rules().version, [c for c in yesno_leaves() if c != "G03"], genres)


def summary(report: str) -> str:
    """The first table of the report (what docs/evidence.md shows)."""
    lines = report.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("| set | cities"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return "\n".join(lines[start:end])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, help="data home for the real documents (default: a temporary folder)")
    ap.add_argument("--update", action="store_true", help="write report.md and the section of docs/evidence.md")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = real_report(args.home or Path(tmp))
    took = time.perf_counter() - t0
    if not args.update:
        print(report)
        print(f"(measured in {took:.1f} s)")
        return 0
    REPORT.write_text(report, "utf-8")
    text = DOC.read_text("utf-8")
    a, b = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
    DOC.write_text(text[:a] + "\n" + summary(report) + "\n" + text[b:], "utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)} and the section of {DOC.relative_to(ROOT)} ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
