"""How well the parse-quality review reasons (textmine/editions/quality.py, corpora/editions.toml [quality]) tell a
doubtful counted outline from a sound one, on real documents (../shared/realdata).

Sound: the seven real 十五五 outlines (text copies of 北京, 上海, 广州, 杭州, 南京, 苏州, 深圳), each judged among the
other six. Doubtful, each built from real files and put beside the real outlines of the other cities:
- partly scanned: 杭州's outline, its first 6 pages typeset from its text with a text layer, then 3 image-only pages
  of a real scanned communiqué (张家界);
- placeholder: 合肥's 111-character placeholder work report set as its outline;
- empty: a whitespace-only text set as 嘉兴's outline;
- chapter alone: 苏州's green-transition part (第十三篇) alone, as its outline;
- fragment: the first 3,000 characters of 南京's outline;
- scanned: the real 20-page scanned communiqué of 张家界 set as its outline (no text layer at all).

Prints each case, whether a review reason was raised and which, the accuracy, and the doubtful outlines not flagged
(the number that matters) and sound ones flagged.

    python benchmarks/outline_quality.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))        # the doubtful outlines are the readiness tests' (quality_helpers)


def cases(shared: Path, folder: Path) -> list[dict]:
    """[{name, city, file, sound}]: the documents set as outlines, each judged among the others' real outlines.
    The doubtful ones are built from real files as the readiness tests build them (tests/quality_helpers.py)."""
    from quality_helpers import PLACEHOLDER, REAL_OUTLINES, SCAN, chapter_alone, partly_scanned_outline

    plans = shared / "realdata" / "plans"
    out = [{"name": f"{c} (real)", "city": c, "file": plans / f"十五五纲要_{c}市.txt", "sound": True}
           for c in REAL_OUTLINES]
    out.append({"name": "partly scanned", "city": "杭州", "sound": False,
                "file": partly_scanned_outline(shared, folder / "杭州_部分扫描.pdf")})
    out.append({"name": "placeholder", "city": "合肥", "file": shared / "realdata" / PLACEHOLDER, "sound": False})
    (folder / "blank.txt").write_text("  \n\n \n", "utf-8")
    out.append({"name": "empty", "city": "嘉兴", "file": folder / "blank.txt", "sound": False})
    (folder / "苏州_第十三篇.txt").write_text(chapter_alone(shared), "utf-8")
    out.append({"name": "chapter alone", "city": "苏州", "file": folder / "苏州_第十三篇.txt", "sound": False})
    (folder / "南京_前3000字.txt").write_text((plans / "十五五纲要_南京市.txt").read_text("utf-8")[:3000], "utf-8")
    out.append({"name": "fragment", "city": "南京", "file": folder / "南京_前3000字.txt", "sound": False})
    out.append({"name": "scanned", "city": "张家界", "file": shared / "realdata" / SCAN, "sound": False})
    return out


def judge(case: dict, shared: Path, folder: Path) -> dict:
    """One store: the case's document as its city's outline, the real outlines of the other cities beside it."""
    from textmine.count import count_corpus
    from textmine.editions import outline_state
    from textmine.ingest import ingest
    from textmine.registry import resolve_city
    from textmine.store import Store
    from quality_helpers import REAL_OUTLINES

    home = Path(tempfile.mkdtemp(dir=folder))
    with Store(home) as store:
        for c in REAL_OUTLINES:
            if c != case["city"]:
                ingest(store, [shared / "realdata" / "plans" / f"十五五纲要_{c}市.txt"], city=c, kind="plan",
                       period="十五五", plan_type="outline", parse=True)
        ingest(store, [case["file"]], city=case["city"], kind="plan", period="十五五", plan_type="outline", parse=True)
        count_corpus(store, "token")
        choice = outline_state(store, "十五五").cities.get(resolve_city(case["city"]).code)
    reasons = [r for r in (choice.review_reasons if choice else [])]
    flagged = bool(choice and choice.unreviewed)
    return {**case, "flagged": flagged, "right": flagged != case["sound"], "why": "; ".join(reasons)[:140]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    if not (args.shared / "realdata" / "plans").is_dir():
        print(f"no real documents at {args.shared}/realdata: nothing to measure", file=sys.stderr)
        return 1
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [judge(c, args.shared, folder) for c in cases(args.shared, folder)]
    for r in rows:
        print(f"{'ok   ' if r['right'] else 'WRONG'} {'flagged' if r['flagged'] else 'silent '} {r['name']:<16} "
              f"{r['city']:<4} {r['why']}")
    right = sum(r["right"] for r in rows)
    missed = [r["name"] for r in rows if not r["sound"] and not r["flagged"]]
    false = [r["name"] for r in rows if r["sound"] and r["flagged"]]
    print(f"outlines: {right} of {len(rows)} right ({right / len(rows):.1%}); doubtful ones not flagged: {len(missed)}"
          f"{' (' + ', '.join(missed) + ')' if missed else ''}; sound ones flagged: {len(false)}"
          f"{' (' + ', '.join(false) + ')' if false else ''} ({time.monotonic() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
