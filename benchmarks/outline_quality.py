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
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = {"北京": "北京", "上海": "上海", "广州": "广州", "杭州": "杭州", "南京": "南京", "苏州": "苏州", "深圳": "深圳"}


def _typeset(pages: list[str], path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    wqy = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if wqy.is_file():
        from reportlab.pdfbase.ttfonts import TTFont

        font = "WQY"
        pdfmetrics.registerFont(TTFont(font, str(wqy), subfontIndex=0))
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    c = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        c.setFont(font, 11)
        y = 780
        for k in range(0, len(text), 40):
            c.drawString(60, y, text[k:k + 40])
            y -= 16
            if y < 60:
                break
        c.showPage()
    c.save()


def cases(shared: Path, folder: Path) -> list[dict]:
    """[{name, city, file, sound}]: the documents set as outlines, each judged among the others' real outlines."""
    import pypdfium2 as pdfium

    plans = shared / "realdata" / "plans"
    out = [{"name": f"{c} (real)", "city": c, "file": plans / f"十五五纲要_{c}市.txt", "sound": True} for c in REAL]
    hz = (plans / "十五五纲要_杭州市.txt").read_text("utf-8")
    body = re.sub(r"\s+", "", hz[hz.rindex("\n第一章", 0, 5000) + 1:])         # the body, after the contents
    text_pdf = folder / "hz_text.pdf"
    _typeset(["杭州市国民经济和社会发展第十五个五年规划纲要" + body[:1700]] +
             [body[1700 * i:1700 * (i + 1)] for i in range(1, 6)], text_pdf)
    doc = pdfium.PdfDocument(str(text_pdf))
    scan = pdfium.PdfDocument(str(shared / "realdata" / "stats" / "统计公报_2025_张家界市_扫描件.pdf"))
    doc.import_pages(scan, [0, 1, 2])
    doc.save(str(folder / "杭州_部分扫描.pdf"))
    out.append({"name": "partly scanned", "city": "杭州", "file": folder / "杭州_部分扫描.pdf", "sound": False})
    out.append({"name": "placeholder", "city": "合肥", "file": plans / "政府工作报告_2026_合肥市_占位稿.txt",
                "sound": False})
    (folder / "blank.txt").write_text("  \n\n \n", "utf-8")
    out.append({"name": "empty", "city": "嘉兴", "file": folder / "blank.txt", "sound": False})
    sz = (plans / "十五五纲要_苏州市.txt").read_text("utf-8")
    start = sz.rindex("\n第十三篇 全面绿色转型") + 1
    (folder / "苏州_第十三篇.txt").write_text(sz[start:sz.index("\n第十四篇", start)], "utf-8")
    out.append({"name": "chapter alone", "city": "苏州", "file": folder / "苏州_第十三篇.txt", "sound": False})
    (folder / "南京_前3000字.txt").write_text((plans / "十五五纲要_南京市.txt").read_text("utf-8")[:3000], "utf-8")
    out.append({"name": "fragment", "city": "南京", "file": folder / "南京_前3000字.txt", "sound": False})
    out.append({"name": "scanned", "city": "张家界", "file": shared / "realdata" / "stats" / "统计公报_2025_张家界市_扫描件.pdf",
                "sound": False})
    return out


def judge(case: dict, shared: Path, folder: Path) -> dict:
    """One store: the case's document as its city's outline, the real outlines of the other cities beside it."""
    from textmine.count import count_corpus
    from textmine.editions import outline_state
    from textmine.ingest import ingest
    from textmine.registry import resolve_city
    from textmine.store import Store

    home = Path(tempfile.mkdtemp(dir=folder))
    with Store(home) as store:
        for c in REAL:
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
