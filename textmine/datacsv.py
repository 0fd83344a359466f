"""CSV files researchers edit (scoring/indicators.csv, nodes.csv, weights.csv, ahp/*.csv …) may open with
`#` comment lines: what the file is and where its guide is. Every reader skips them the same way, and
line numbers in messages stay those of the file.
"""
from __future__ import annotations

import csv
from pathlib import Path


def leading_comments(path: str | Path) -> int:
    """How many lines at the top of the file start with `#` (a byte-order mark before the first is allowed)."""
    n = 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line in fh:
            if not line.lstrip().startswith("#"):
                break
            n += 1
    return n


def read_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """(line number in the file, cells) of every non-empty row after the leading comments."""
    skip = leading_comments(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = fh.readlines()[skip:]
    out = []
    for offset, cells in enumerate(csv.reader(lines)):
        if any(c.strip() for c in cells):
            out.append((skip + offset + 1, cells))
    return out


def read_dicts(path: str | Path) -> list[dict[str, str]]:
    """The rows after the header as dicts (csv.DictReader over the lines after the leading comments)."""
    skip = leading_comments(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh.readlines()[skip:]))
