"""The committed precision reports of the shipped lexicons, made from the committed labels on the real texts.

    python tools/realdata_precision.py [HOME]           # rewrite lexicons/precision/*.md
    python tools/realdata_precision.py [HOME] --check   # compare only (exit 1 on a difference); a test does this

HOME is the data home of the real texts (built by tools/realdata_home.py when missing; default a temporary
folder). The labelled files and how they were drawn are described in lexicons/precision/README.md.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "lexicons" / "precision"
#: report file → the label files it is measured from
REPORTS = {
    "realdata_precision.md": ["realdata_seed17.csv", "realdata_seed17_more.csv", "realdata_seed29_market.csv",
                              "realdata_seed29_policy.csv"],
    "realdata_validation.md": ["realdata_seed29_market.csv", "realdata_seed29_policy.csv"],
}


def precision_reports(store) -> dict[str, str]:
    from textmine.count.precision import precision_from_files, report_markdown

    out = {}
    for name, files in REPORTS.items():
        rep = precision_from_files(store, [FOLDER / f for f in files])
        out[name] = report_markdown(rep, files)
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
