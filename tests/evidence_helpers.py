"""The policy-evidence sample (corpora/sample/policy): ingest it into a store, read its labels."""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "policy"
CITIES = ["南平市", "三明市", "福州市", "丽水市", "抚州市", "湖州市", "宜昌市"]


def ingest_policy_sample(store) -> None:
    from textmine.ingest import ingest
    from textmine.parse import parse_corpus

    with open(SAMPLE / "manifest.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            ingest(store, [SAMPLE / r["file"]], city=r["city"], kind=r["kind"], title=r["title"],
                   year=int(r["year"]), url=r["url"])
    parse_corpus(store, workers=1)


def labels() -> list[dict]:
    with open(SAMPLE / "labels.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
