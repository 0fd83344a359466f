"""Article bodies: the parse stage's extractor (textmine.parse.html, used by the crawler for pages without a
body selector) against trafilatura, on the real pages of ../shared/realdata. Three 十五五 outline pages have a
text copy (their .txt, which stops mid-sentence: precision is a lower bound); the recall and precision are of
the copy's 5-character shingles. For the other government article pages, the two extractors' texts are
compared with each other (agreement) and their lengths and dates printed.

usage: python benchmarks/article_bodies.py [SHARED_DIR]      (trafilatura: pip install -e '.[bench]')
"""
import re
import sys
import time
from pathlib import Path

from textmine.encoding import decode_bytes
from textmine.parse.html import extract_html

ROOT = Path(__file__).resolve().parents[1]
shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
R = shared / "realdata"
try:
    import trafilatura
except ImportError:
    raise SystemExit("trafilatura is not installed: pip install -e '.[bench]'")


def shingles(t: str) -> set:
    t = re.sub(r"\s+", "", t)
    return {t[i:i + 5] for i in range(len(t) - 4)}


def both(path: Path):
    data = path.read_bytes()
    text, _, _ = decode_bytes(data, None, html=True)
    t0 = time.perf_counter()
    tr = trafilatura.bare_extraction(text, favor_recall=True, include_tables=True, with_metadata=True)
    t1 = time.perf_counter()
    ours = extract_html(data)
    t2 = time.perf_counter()
    return (tr.text if tr else "", tr.date if tr else None, t1 - t0), (ours.pages[0], ours.date, t2 - t1)


print("outline page (reference: its .txt copy)   extractor     recall  precision  seconds")
for city in ("广州市", "杭州市", "上海市"):
    ref = shingles((R / "plans" / f"十五五纲要_{city}.txt").read_text("utf-8"))
    for name, (text, _, secs) in zip(("trafilatura", "parse.html"), both(R / "plans" / f"十五五纲要_{city}.html")):
        s = shingles(text)
        print(f"十五五纲要_{city}.html{'':18} {name:12} {len(ref & s) / len(ref):7.3f} {len(ref & s) / max(len(s), 1):10.3f}"
              f" {secs:8.2f}")
pages = sorted(p for d in ("html", "stats", "notices") for p in (R / d).glob("*.htm*"))
agree, same_date, n = [], 0, 0
for p in pages:
    (tt, td, _), (ot, od, _) = both(p)
    a, b = shingles(tt), shingles(ot)
    if not a or not b:
        continue
    n += 1
    agree.append(len(a & b) / len(a | b))
    same_date += td == od
agree.sort()
print(f"{n} other government pages: Jaccard agreement of the two texts median {agree[len(agree) // 2]:.2f}, "
      f"lowest {agree[0]:.2f}; the same date on {same_date} of {n}")
