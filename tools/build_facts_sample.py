"""Build the facts sample (corpora/sample/facts: a 丽水 statistical communiqué as HTML, a budget report with two
tables as PDF, manifest.csv) from corpora/sample/facts/text/*.md.

    python tools/build_facts_sample.py

The documents were written for the textmine project in the style of a city's 统计公报 and 预算执行情况报告 (each
says so); they are not official documents and their numbers are invented. They are the README recipe of
`textmine facts` and test fixtures (a PDF table read with pdfplumber, with its caption and column headers).
Source format: the first line is the title, "# " and "## " lines are headings, "| a | b |" lines are table rows,
a line opening with 附表 is a table caption, any other line a paragraph. Deterministic: the same sources and
font give byte-identical files (reportlab's invariant mode).
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from build_sample import write_manifest  # noqa: E402

OUT = ROOT / "corpora" / "sample" / "facts"
FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"
NOTE = "written for the textmine project; not an official document (invented numbers)"
# source -> (format, kind, year given at ingest: the publication year, title)
SAMPLE = {
    "lishui_communique_2025": ("html", "communique", 2026, "丽水市2025年国民经济和社会发展统计公报"),
    "lishui_budget_2025": ("pdf", "budget", 2026, "关于丽水市2025年预算执行情况和2026年预算草案的报告"),
}


def blocks(path: Path) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    lines = path.read_text("utf-8").splitlines()
    out.append(("title", lines[0]))
    for line in lines[1:]:
        if line.startswith("|"):
            row = [c.strip() for c in line.strip("|").split("|")]
            if out and out[-1][0] == "table":
                out[-1][1].append(row)
            else:
                out.append(("table", [row]))
        elif line.startswith("## "):
            out.append(("h3", line[3:]))
        elif line.startswith("# "):
            out.append(("h2", line[2:]))
        elif line.strip():
            out.append(("caption" if line.startswith(("附表", "单位")) else "p", line))
    return out


def write_html(name: str, title: str) -> bytes:
    body = []
    for kind, value in blocks(OUT / "text" / f"{name}.md"):
        if kind == "title":
            body.append(f"<h1>{html.escape(value)}</h1>")
        elif kind in ("h2", "h3"):
            body.append(f"<{kind}>{html.escape(value)}</{kind}>")
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in value)
            body.append(f"<table border='1'>{rows}</table>")
        else:
            body.append(f"<p>{html.escape(value)}</p>")
    page = (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body><div class='nav'>首页 &gt; 统计数据 &gt; 统计公报</div><div class='article'>"
            + "\n".join(body) + "</div><div class='footer'>丽水市统计局（示例站点）</div></body></html>")
    return page.encode("utf-8")


def write_pdf(name: str, title: str, path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1
    pdfmetrics.registerFont(TTFont("UMing", FONT, subfontIndex=0))
    style = {k: ParagraphStyle(k, fontName="UMing", fontSize=size, leading=size * 1.6, wordWrap="CJK",
                               alignment=align)
             for k, size, align in (("title", 16, 1), ("h2", 13, 0), ("h3", 12, 0), ("p", 11, 0), ("caption", 11, 1))}
    story = []
    for kind, value in blocks(OUT / "text" / f"{name}.md"):
        if kind == "table":
            t = Table(value, colWidths=[150, 90, 90, 70])
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "UMing", 10), ("GRID", (0, 0), (-1, -1), 0.6,
                                                                             colors.black),
                                   ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
            story += [t, Spacer(1, 14)]
        else:
            story.append(Paragraph(html.escape(value), style.get(kind, style["p"])))
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, author="textmine sample", creator="textmine",
                            subject=NOTE)
    doc.build(story)


def main() -> int:
    rows = []
    for name, (fmt, kind, year, title) in SAMPLE.items():
        target = OUT / f"{name}.{fmt}"
        if fmt == "html":
            target.write_bytes(write_html(name, title))
        else:
            write_pdf(name, title, target)
        rows.append({"file": target.name, "city": "丽水市", "kind": kind, "year": year, "title": title,
                     "url": f"https://example.org/textmine-sample/facts/{target.name}", "format": fmt, "note": NOTE})
        print(f"wrote {target.relative_to(ROOT)}")
    write_manifest(OUT / "manifest.csv", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
