"""Build the policy-evidence sample (corpora/sample/policy/docs + manifest.csv) from the notices in
corpora/sample/policy/text/*.md (the plan-outline source format of textmine.sample.plandoc).

    python tools/build_policy_sample.py

The notices and news items were written for the textmine project in the style of Chinese government
documents (each says so in its last line); they are not official documents. They are the acceptance
fixtures of `textmine evidence` (tests/test_evidence_acceptance.py, expected values in labels.csv) and
the README recipe. Deterministic: the same sources and fonts give byte-identical files.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tools"))

from build_sample import write_manifest  # noqa: E402
from textmine.sample.plandoc import load_plan_md  # noqa: E402
from textmine.sample.typeset import typeset_pdf, write_docx, write_html  # noqa: E402

NOTE = "written for the textmine project; not an official document"
# source -> (format, kind, cities whose corpus holds it, year)
SAMPLE = {
    "nanping_g12_notice": ("html", "policy", ["南平市"], 2021),
    "nanping_wuyishan_group": ("txt", "news", ["南平市"], 2022),
    "fujian_ecotourism_list": ("pdf", "policy", ["南平市", "三明市", "福州市"], 2023),
    "sanming_gep_plan": ("txt", "news", ["三明市"], 2024),
    "lishui_compensation_draft": ("html", "policy", ["丽水市"], 2024),
    "lishui_pilot_news": ("txt", "news", ["丽水市"], 2024),
    "fuzhou_jx_group_notice": ("docx", "policy", ["抚州市"], 2019),
    "fuzhou_jx_gep_report": ("txt", "news", ["抚州市"], 2023),
    "huzhou_revocation": ("txt", "policy", ["湖州市"], 2023),
    "huzhou_forest_reply": ("txt", "policy", ["湖州市"], 2024),
    "yichang_qingjiang_compensation": ("txt", "news", ["宜昌市"], 2022),
    "yichang_plan_intent": ("txt", "news", ["宜昌市"], 2024),
    "fuzhou_fj_learning_news": ("txt", "news", ["福州市"], 2024),
}


def build(out: Path) -> list[dict]:
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (fmt, kind, cities, year) in SAMPLE.items():
        doc = load_plan_md(out / "text" / f"{name}.md")
        target = docs / f"{name}.{fmt}"
        if fmt == "pdf":
            typeset_pdf(doc, target, cover=False, toc=False, chars_per_line=30, lines_per_page=26, footer_format="")
        elif fmt == "docx":
            write_docx(doc, target)
        elif fmt == "html":
            write_html(doc, target, encoding="gbk" if name.startswith("nanping") else "utf-8",
                       published=f"{year}-06-01", source=doc.city)
        else:
            target.write_text(doc.title + "\n" + "\n".join(b.text for b in doc.blocks) + "\n", encoding="utf-8")
        for city in cities:
            rows.append({"file": f"docs/{target.name}", "city": city, "kind": kind, "year": year, "title": doc.title,
                         "url": f"https://example.org/textmine-sample/policy/{target.name}", "format": fmt,
                         "note": NOTE})
        print(f"{target.relative_to(out)}  {', '.join(cities)}  {kind}  {target.stat().st_size} bytes")
    write_manifest(out / "manifest.csv", rows)
    return rows


if __name__ == "__main__":
    build(ROOT / "corpora" / "sample" / "policy")
