"""Build a national-scale benchmark corpus: one plan-outline PDF per registry city (339), about
150 pages each, typeset by textmine.sample.typeset from real Chinese government text in
../shared/realdata (provincial 2026 work reports, full_text column; national work reports
1954-2025, jsonl). Paragraphs are mixed and rotated per city deterministically (seeded by the
city code), so every city gets different text with running headers, page numbers and wrapped,
justified lines.

    python benchmarks/build_national_corpus.py [--out /tmp/textmine-national] [--cities N] [--pages N] [--jobs 2]

Not a test: it writes ~50,000 pages. The documents are benchmark material, not plans.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textmine.registry import load_registry  # noqa: E402
from textmine.sample.plandoc import Block, PlanDoc  # noqa: E402

SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
CHARS_PER_PAGE = 528  # text per page so that a 28 x 22 plan with its cover and contents comes to about --pages
CHAPTERS = ["发展基础和发展环境", "指导思想和主要目标", "坚持创新驱动发展", "构建现代产业体系", "加快数字化发展",
            "全面推进乡村振兴", "推进以人为核心的新型城镇化", "优化区域经济布局", "推进生态文明建设",
            "推动绿色低碳发展", "持续改善环境质量", "全面深化改革", "实行高水平对外开放", "繁荣发展文化事业和文化产业",
            "增进民生福祉", "建设更高水平的平安城市", "加强社会治理", "统筹发展和安全", "加强民主法治建设",
            "强化规划实施保障"]
NUMS = "一二三四五六七八九十"
HEADING_RE = re.compile(r"^[（(]?[一二三四五六七八九十]+[）)、]")
_POOL: list[tuple[str, str]] = []


def cn_number(n: int) -> str:
    if n <= 10:
        return NUMS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMS[tens - 1] if tens > 1 else "") + "十" + (NUMS[ones - 1] if ones else "")


def load_pool(shared: Path) -> list[tuple[str, str]]:
    """(kind, text) units from the real documents: kind "section" for numbered headings, else "para"."""
    texts = []
    for f in sorted((shared / "realdata" / "gwr_provincial_2026").glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            texts += [row.get("full_text") or "" for row in csv.DictReader(fh)]
    for f in sorted((shared / "realdata" / "gwr_national").glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            texts += [json.loads(line).get("content", "") for line in fh if line.strip()]
    pool = []
    for text in texts:
        for line in text.splitlines():
            s = re.sub(r"\s+", "", line)
            if HEADING_RE.match(s) and 6 <= len(s) <= 40:
                pool.append(("section", s))
            elif len(s) >= 30:
                pool.append(("para", s))
    if not pool:
        raise SystemExit(f"no text found under {shared / 'realdata'}; the benchmark needs ../shared beside the clone")
    return pool


def compose(city, pages: int, pool: list[tuple[str, str]]) -> PlanDoc:
    rng = random.Random(int(city.code))
    target = pages * CHARS_PER_PAGE
    n_chapters = len(CHAPTERS)
    per_chapter = target // n_chapters
    pos = rng.randrange(len(pool))
    step = rng.choice([1, 1, 1, 2, 3])  # walk the pool from a city-specific point, sometimes skipping
    blocks: list[Block] = []
    for ci, name in enumerate(CHAPTERS, start=1):
        blocks.append(Block("chapter", f"第{cn_number(ci)}章　{name}"))
        used, sec = 0, 0
        while used < per_chapter:
            kind, text = pool[pos % len(pool)]
            pos += step
            if kind == "section":
                sec += 1
                blocks.append(Block("section", f"第{cn_number(sec)}节　{HEADING_RE.sub('', text)}"))
            else:
                blocks.append(Block("para", text))
                used += len(text)
    title = f"{city.name}国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    return PlanDoc(title, city.name, f"{city.name}人民政府（基准测试语料，非官方文件）", "2021年", blocks)


def _init(shared: str) -> None:
    global _POOL
    _POOL = load_pool(Path(shared))


def _build_one(task) -> tuple[str, str, int, int]:
    from textmine.sample.typeset import typeset_pdf

    city, pages, out = task
    rng = random.Random(int(city.code) * 7)
    path = Path(out) / f"{city.code}_{city.name}_plan.pdf"
    layout = typeset_pdf(compose(city, pages, _POOL), path, chars_per_line=28, lines_per_page=22,
                         footer_format=rng.choice(["- {page} -", "{page} / {pages}", "— {page} —", "第{page}页"]))
    return city.code, city.name, len(layout.pages), path.stat().st_size


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/textmine-national"))
    ap.add_argument("--cities", type=int, default=339, help="first N registry cities (code order)")
    ap.add_argument("--pages", type=int, default=150, help="approximate pages per plan")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    cities = list(load_registry())[: args.cities]
    tasks = [(c, args.pages, str(args.out)) for c in cities]
    t0 = time.perf_counter()
    rows = []
    with Pool(args.jobs, initializer=_init, initargs=(str(args.shared),)) as pool:
        for i, row in enumerate(pool.imap_unordered(_build_one, tasks), start=1):
            rows.append(row)
            if i % 20 == 0 or i == len(tasks):
                print(f"  {i}/{len(tasks)} plans, {time.perf_counter() - t0:.0f} s", flush=True)
    elapsed = time.perf_counter() - t0
    rows.sort()
    with open(args.out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "city", "kind", "year", "pages", "bytes", "note"])
        for code, name, pages, size in rows:
            w.writerow([f"{code}_{name}_plan.pdf", name, "plan", 2021, pages, size, "benchmark corpus from real text; not a plan"])
    pages = sum(r[2] for r in rows)
    mb = sum(r[3] for r in rows) / 1e6
    print(f"built {len(rows)} PDFs, {pages} pages, {mb:.1f} MB in {elapsed:.1f} s "
          f"({pages / elapsed:.0f} pages/s, {args.jobs} processes) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
