"""Build the bundled sample corpus (corpora/sample/docs + manifest.csv) from the plan outlines in
corpora/sample/text/*.md. Deterministic: the same sources and fonts give byte-identical files.

    python tools/build_sample.py [--out corpora/sample]

The texts were written for the textmine project in the style of 十四五 plan outlines; they are not
official documents and their figures are illustrative.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.sample.plandoc import load_plan_md  # noqa: E402
from textmine.sample.typeset import typeset_pdf, write_docx, write_html  # noqa: E402

NOTE = "written for the textmine project; not an official document"
# source file (corpora/sample/text/<name>.md) -> (output name, format, year, typesetting options): a mix of the
# layouts real plans come in; two cities also have their 十五五 outline (the refresh recipe in README.md)
SAMPLE = {
    "丽水市": ("lishui_plan_14th.pdf", "pdf", 2021, dict(chars_per_line=28, lines_per_page=22, footer_format="- {page} -")),
    "南平市": ("nanping_plan_14th.pdf", "pdf", 2021, dict(chars_per_line=28, lines_per_page=22, footer_format="{page} / {pages}")),
    "湖州市": ("huzhou_plan_14th.pdf", "pdf", 2021, dict(chars_per_line=30, lines_per_page=24, font_size=15, footer_format="— {page} —")),
    "鄂尔多斯市": ("ordos_plan_14th.pdf", "pdf", 2021, dict(chars_per_line=20, lines_per_page=38, columns=2, toc=False,
                                                         footer_format="第{page}页 共{pages}页")),
    "抚州市": ("fuzhou_plan_14th.docx", "docx", 2021, {}),
    "阿坝藏族羌族自治州": ("aba_plan_14th.html", "html", 2021, dict(encoding="gbk", published="2021-03-12")),
    "丽水市-十五五": ("lishui_plan_15th.pdf", "pdf", 2026, dict(chars_per_line=28, lines_per_page=22, footer_format="- {page} -")),
    "湖州市-十五五": ("huzhou_plan_15th.docx", "docx", 2026, {}),
}


def build(out: Path) -> list[dict]:
    text_dir = ROOT / "corpora" / "sample" / "text"
    docs = out / "docs"
    rows = []
    for source, (name, fmt, year, opts) in SAMPLE.items():
        doc = load_plan_md(text_dir / f"{source}.md")
        city = doc.city or source
        target = docs / name
        if fmt == "pdf":
            layout = typeset_pdf(doc, target, **opts)
            detail = f"{len(layout.pages)} pages"
        elif fmt == "docx":
            write_docx(doc, target, **opts)
            detail = "docx"
        else:
            write_html(doc, target, **opts)
            detail = f"html {opts.get('encoding', 'utf-8')}"
        rows.append({"file": f"docs/{name}", "city": city, "kind": "plan", "year": str(year), "title": doc.title,
                     "url": f"https://example.org/textmine-sample/{name}", "format": fmt, "note": NOTE})
        print(f"{target.relative_to(out)}  {city}  {len(doc.body_text())} chars  {detail}  {target.stat().st_size // 1024} KB")
    write_manifest(out / "manifest.csv", rows)
    return rows


def write_manifest(path: Path, rows: list[dict]) -> None:
    """The sample's manifest.csv: one row per document, columns in the rows' order, LF line ends."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "sample")
    args = ap.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
