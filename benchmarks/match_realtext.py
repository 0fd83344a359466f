"""Shared loader for the match benchmarks: the real texts of ../shared/realdata (work reports, policy docs)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def real_texts() -> list[tuple[str, str]]:
    """(label, text) for the 31 provincial reports, the national reports (jsonl) and the policy documents."""
    csv.field_size_limit(1 << 30)
    out = []
    for f in sorted((SHARED / "gwr_provincial_2026").glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            out += [(f.stem, r["full_text"]) for r in csv.DictReader(fh) if "full_text" in r]
    for f in sorted((SHARED / "gwr_national").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                out.append((d.get("title", f.stem), d.get("content") or ""))
    for f in sorted((SHARED / "policy_docs_txt").glob("*.txt")):
        out.append((f.stem, f.read_text("utf-8", errors="replace")))
    return [(l, t) for l, t in out if t]
