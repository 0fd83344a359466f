"""How well textmine tells a city's five-year plan outline from everything that looks like one: accuracy per
document and per city × period selection on the labelled set, and how many wrong decisions were not flagged.

Labelled set: benchmarks/data/editions_labelled.toml — every real document of ../shared/realdata/plans (outlines,
建议, work reports, bulletins, budget pages, sectoral plans, shells), ingested under the file name its source gave
it, and titles and first pages written for the set in the style of real covers and portal pages (繁體, wrapped
headings, cover lines, 决议, 说明, 评估, 编制方案, 年度计划, 图说, 摘要, county/province/other-city outlines,
市/自治州/地区/盟). Everything is ingested as a user would (`ingest FILE --city C --kind plan`, a year only where
the set says a user gave one), parsed, classified and selected with no review decision.

A document is right when its role is right (the city's final outline, the city's draft, or neither — whatever
else it is) and, for the city's outlines and drafts, its period. A selection (city × period) is right when the
document counted is one of the labelled ones (any copy) or, labelled none, nothing is counted. A wrong decision
is flagged when it is in the review queue (the city × period needs review) or, for a document, its confidence
is low.

    python benchmarks/editions_quality.py [--no-real] [--details] [--update docs/editions.md]
"""
from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
DATA = ROOT / "benchmarks" / "data" / "editions_labelled.toml"
SAMPLE_TEXT = ROOT / "corpora" / "sample" / "text"
MARK_START, MARK_END = "<!-- editions-benchmark:start -->", "<!-- editions-benchmark:end -->"


@dataclass
class Item:
    name: str                   # the file as ingested (unique in the set)
    city: str
    truth: dict
    path: Path | None = None
    year: int | None = None
    title: str | None = None
    real: bool = False
    note: str = ""
    doc_id: int | None = None


@dataclass
class Result:
    docs: list[dict] = field(default_factory=list)
    selections: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def figures(self) -> dict:
        d, s = self.docs, self.selections
        wrong_d = [r for r in d if not r["right"]]
        wrong_s = [r for r in s if not r["right"]]
        return {"documents": len(d), "real": sum(r["real"] for r in d), "doc_right": len(d) - len(wrong_d),
                "doc_wrong_unflagged": sum(not r["flagged"] for r in wrong_d),
                "type_right": sum(r["type_right"] for r in d),
                "selections": len(s), "sel_right": len(s) - len(wrong_s),
                "sel_wrong_unflagged": sum(not r["flagged"] for r in wrong_s),
                "sel_flagged": sum(r["flagged"] for r in s), "seconds": self.seconds}


def load_set(path: Path = DATA) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _body(spec: str | None) -> list[str]:
    if not spec:
        return []
    name, *rng = spec.split(":")
    lines = [l.strip() for l in (SAMPLE_TEXT / name).read_text("utf-8").splitlines()]
    paras = [l.lstrip("> ") for l in lines if l and not l.startswith("#") and ":" not in l[:8]]
    a, b = (int(rng[0]), int(rng[1])) if rng else (0, len(paras))
    return paras[a:b]


def materialise(labelled: dict, folder: Path, shared: Path | None) -> list[Item]:
    """Write every labelled document as a file named as a user has it; real ones copied from ../shared."""
    items = []
    if shared is not None:
        for r in labelled.get("real", []):
            src = shared / "realdata" / "plans" / r["file"]
            dst = folder / "real" / r["name"]
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            items.append(Item(r["name"], r["city"], r["truth"], dst, real=True, note=r.get("note", "")))
    for r in labelled.get("doc", []):
        dst = folder / "written" / r["name"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        lines = [l for l in r["text"].strip("\n").splitlines()] + _body(r.get("body"))
        if dst.suffix == ".html":
            title = html.escape(r.get("html_title", ""))
            paras = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines)
            dst.write_text(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
                           f"<body><div class=\"article\">\n{paras}\n</div></body></html>\n", encoding="utf-8")
        else:
            dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
        items.append(Item(r["name"], r["city"], r["truth"], dst, r.get("year"), r.get("title"), note=r.get("note", "")))
    return items


def build(store, items: list[Item]) -> None:
    from textmine.ingest import ingest
    from textmine.editions import refresh_editions
    from textmine.parse import parse_corpus

    for it in items:
        rep = ingest(store, [it.path], city=it.city, kind="plan", year=it.year, title=it.title)
        it.doc_id = (rep.added or rep.duplicates)[0][0]
    parse_corpus(store, workers=min(2, os.cpu_count() or 1), then=refresh_editions)


def _role(plan_type: str, owner: str, draft: bool = False) -> str:
    if plan_type in ("outline", "draft") and owner in ("city", "unknown"):
        return "draft" if draft or plan_type == "draft" else "outline"
    return "no"


def evaluate(store, items: list[Item], labelled: dict) -> Result:
    from textmine.editions import load_rules, refresh_editions, select_outlines
    from textmine.registry import resolve_city

    rules = load_rules()
    refresh_editions(store, rules)
    by_id = {it.doc_id: it for it in items}
    rows = {r["id"]: r for r in store.conn.execute("SELECT * FROM documents")}
    sels = {p: select_outlines(store, p, rules, decisions={}) for p in rules.period_names}
    res = Result()
    for it in items:
        r = rows[it.doc_id]
        t = it.truth
        t_type = rules.doc_type(t["type"]) if t["type"] else None
        truth_role = _role(t_type.plan_type if t_type else "other", t["owner"], t.get("draft", False))
        role = _role(r["plan_type"] or "other", r["owner"] or "unknown")
        period_right = truth_role == "no" or (r["period"] or "") == t["period"]
        choice = sels[r["period"]].cities.get(r["city_code"]) if r["period"] in sels else None
        flagged = r["confidence"] == "low" or bool(choice and choice.unreviewed)
        res.docs.append({"name": it.name, "real": it.real, "city": it.city, "truth": _show(t), "got":
                         f"{r['doc_type'] or '-'}{'(draft)' if r['plan_type'] == 'draft' else ''} {r['period'] or '-'} "
                         f"{r['owner']}", "confidence": r["confidence"], "right": role == truth_role and period_right,
                         "type_right": (r["doc_type"] or "") == t["type"] and (r["plan_type"] == "draft") ==
                         bool(t.get("draft")), "flagged": flagged, "doubts": r["edition_doubts"] or "",
                         "note": it.note})
    truth = {(resolve_city(s["city"]).code, s["period"]): s["count"] for s in labelled.get("selection", [])}
    names = {it.doc_id: it.name for it in items}
    pairs = set(truth) | {(c, p) for p, sel in sels.items() for c in sel.cities}
    in_set = {resolve_city(it.city).code for it in items}
    present = {it.name for it in items}
    for code, period in sorted(pairs):
        if code not in in_set:
            continue
        labelled = truth.get((code, period), [])
        want = [w for w in labelled if w in present]
        if labelled and not want:       # its outline is a real document of ../shared, not ingested in this run
            continue
        choice = sels[period].cities.get(code)
        got = names.get(choice.counted_id) if choice and choice.counted_id else None
        right = (got in want) if want else got is None
        res.selections.append({"city": store_city(code), "period": period, "want": " | ".join(want) or "none",
                               "got": got or "none", "right": right,
                               "flagged": bool(choice and choice.unreviewed),
                               "why": "; ".join(choice.review_reasons) if choice else ""})
    return res


def store_city(code: str) -> str:
    from textmine.registry import load_registry

    return load_registry().by_code(code).name


def _show(t: dict) -> str:
    return f"{t['type'] or '-'}{'(draft)' if t.get('draft') else ''} {t['period'] or '-'} {t['owner']}"


def run(shared: Path | None = SHARED, labelled: dict | None = None, collect=None) -> Result:
    """Build a fresh data home from the labelled set and measure (a temporary folder, removed after).
    `collect(store, items)`: called before the data home is removed (what else a script wants from it)."""
    from textmine.store import Store

    labelled = labelled or load_set()
    if shared is not None and not (shared / "realdata" / "plans").is_dir():
        shared = None
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="textmine-editions-") as tmp:
        items = materialise(labelled, Path(tmp) / "files", shared)
        store = Store(Path(tmp) / "home")
        try:
            build(store, items)
            res = evaluate(store, items, labelled)
            if collect is not None:
                collect(store, items)
        finally:
            store.close()
    res.seconds = time.perf_counter() - t0
    return res


def summary(res: Result) -> str:
    f = res.figures()
    return "\n".join([
        f"documents: {f['doc_right']} of {f['documents']} right ({f['doc_right'] / f['documents']:.1%}; "
        f"{f['real']} real, {f['documents'] - f['real']} written); wrong and not flagged: {f['doc_wrong_unflagged']}",
        f"document types (文种): {f['type_right']} of {f['documents']} right ({f['type_right'] / f['documents']:.1%})",
        f"selections (city × period): {f['sel_right']} of {f['selections']} right "
        f"({f['sel_right'] / f['selections']:.1%}); wrong and not flagged: {f['sel_wrong_unflagged']}; "
        f"in the review queue: {f['sel_flagged']}",
        f"({f['seconds']:.1f} s: files written, ingested, parsed, classified, selected)"])


def table(res: Result) -> str:
    """The Markdown table docs/editions.md shows (figures only: they are what this script measures)."""
    f = res.figures()
    return "\n".join([
        "| measure | result |", "|---|---|",
        f"| documents ({f['real']} real, {f['documents'] - f['real']} written) right | "
        f"{f['doc_right']} of {f['documents']} ({f['doc_right'] / f['documents']:.1%}) |",
        f"| … wrong and not flagged | {f['doc_wrong_unflagged']} |",
        f"| document type (文种) right | {f['type_right']} of {f['documents']} ({f['type_right'] / f['documents']:.1%}) |",
        f"| selections (city × period) right | {f['sel_right']} of {f['selections']} "
        f"({f['sel_right'] / f['selections']:.1%}) |",
        f"| … wrong and not flagged | {f['sel_wrong_unflagged']} |",
        f"| selections in the review queue | {f['sel_flagged']} of {f['selections']} |"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-real", action="store_true", help="only the written documents (no ../shared)")
    ap.add_argument("--details", action="store_true", help="list every document and selection")
    ap.add_argument("--update", type=Path, help="write the figures table into this Markdown file between the markers")
    args = ap.parse_args(argv)
    res = run(None if args.no_real else SHARED)
    wrong_d = [r for r in res.docs if not r["right"] or args.details]
    wrong_s = [r for r in res.selections if not r["right"] or args.details]
    for r in wrong_d:
        print(f"{'ok   ' if r['right'] else 'WRONG'} {'flagged' if r['flagged'] else 'silent '} {r['name'][:40]:<40} "
              f"{r['city']}: truth {r['truth']}, got {r['got']} ({r['confidence']}) {r['doubts'][:80]}")
    for r in wrong_s:
        print(f"{'ok   ' if r['right'] else 'WRONG'} {'flagged' if r['flagged'] else 'silent '} {r['city']} {r['period']}: "
              f"want {r['want'][:50]}, got {r['got'][:50]} {r['why'][:80]}")
    print(summary(res))
    if args.update:
        text = args.update.read_text("utf-8")
        a, b = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
        args.update.write_text(text[:a] + "\n" + table(res) + "\n" + text[b:], encoding="utf-8")
        print(f"updated {args.update}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
