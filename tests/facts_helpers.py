"""Shared by the facts tests: the passages written for the tests (benchmarks/data/facts_passages.toml) ingested
into a store, and the figures a report accepted or refused per document."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSAGES = ROOT / "benchmarks" / "data" / "facts_passages.toml"
SAMPLE = ROOT / "corpora" / "sample" / "facts"


def passages() -> list[dict]:
    with open(PASSAGES, "rb") as fh:
        return tomllib.load(fh)["doc"]


def ingest_passages(store, folder: Path, docs: list[dict] | None = None) -> dict[int, dict]:
    """{document id: passage} after ingesting (and parsing) each passage as a .txt."""
    from textmine.ingest import ingest

    out = {}
    for d in docs or passages():
        path = folder / f"{d['id']}.txt"
        path.write_text(d["text"].strip() + "\n", "utf-8")
        rep = ingest(store, [path], city=d["city"], kind=d["kind"], year=d["year"], title=d["title"], parse=True)
        out[rep.added[0][0]] = d
    return out


def ingest_sample(store) -> None:
    """The 丽水 facts sample (corpora/sample/facts): a communiqué (HTML) and a budget report with tables (PDF)."""
    import csv

    from textmine.ingest import ingest

    with open(SAMPLE / "manifest.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ingest(store, [SAMPLE / r["file"]], city=r["city"], kind=r["kind"], year=int(r["year"]), parse=True)


def by_document(report) -> dict[int, dict[str, list]]:
    """{document id: {"accepted": [(figure, year, stated)], "refused": [(figure, reason, stated)]}}."""
    out: dict[int, dict[str, list]] = {}
    for _, c in report.candidates:
        d = out.setdefault(c.document.id, {"accepted": [], "refused": []})
        if c.accepted:
            d["accepted"].append((c.figure, c.year, c.stated.replace(" ", "")))
        else:
            d["refused"].append((c.figure, c.reason, c.stated.replace(" ", "")))
    return out
