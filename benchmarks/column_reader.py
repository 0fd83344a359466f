"""The generic column reader on the column pages of four CMS families (tests/portal/columns.py: real pages of
../shared/realdata of each family with a list written in the family's markup) and on 宝鸡's policy library:
items found against the items on each page, dates right, next page right.

usage: python benchmarks/column_reader.py [SHARED_DIR]
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from portal.columns import build_columns, column_pages  # noqa: E402

from textmine.crawl.column import read_column  # noqa: E402

shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
BASE = "http://127.0.0.1:1"
print("family  chrome (real page)                            pages  items  found  right  dates  next pages right")
for col in build_columns(shared):
    pages = column_pages(shared, col)
    n = found = right = dates = nexts = 0
    for k, path in enumerate(col.pages):
        page = read_column(pages[path], "text/html; charset=utf-8", BASE + path)
        want = {BASE + it.path: it for it in col.items[k]}
        n, found = n + len(want), found + len(page.items)
        right += sum(it.url in want and it.title == want[it.url].title for it in page.items)
        dates += sum(it.url in want and it.date == want[it.url].date for it in page.items)
        nexts += page.next_url == (BASE + col.pages[k + 1] if k + 1 < len(col.pages) else None)
    print(f"{col.family:7} {col.chrome:45} {len(col.pages):5} {n:6} {found:6} {right:6} {dates:6}  "
          f"{nexts}/{len(col.pages)}")
