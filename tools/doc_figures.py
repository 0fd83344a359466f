"""The figures README.md, README.zh-CN.md and docs/ state in their prose, computed by the program, so that none
can drift from what the program prints (the recipe blocks are tools/readme_recipes.py's).

    python tools/doc_figures.py            # compute every figure and rewrite it where the documents mark it
    python tools/doc_figures.py --check    # report every marked figure that differs, and every figure the
                                           # documents state without a mark or a source (exit 1); a test does this

A figure is marked in the Markdown as `<!--fig:NAME-->VALUE<!--/fig-->` (the comments are not shown). NAME is a
key of FIGURES below: a function of the program's data files, of the bundled sample run (`textmine run --sample`
in an empty folder, as the recipes), or of the published 2025 ranks. A figure a document states that textmine
computes on the published edition (a Moran's I, a ledger count) says so in its sentence: the source report does
not state it.

Unmarked figures: `unmarked()` lists each number in the prose of the checked documents that looks measured (a
decimal, or a count of 100 or more) and neither carries a mark nor stands on a line that names where it was
measured (a `benchmarks/` script, a `docs/…md` page, `tests/…`), nor is one of the constants in CONSTANTS (years,
code numbers, settings the text explains). The check fails on any.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / "docs" / "zh").glob("*.md"))]
#: the documents whose every measured-looking number must be marked or sourced (the ones a new user reads first)
STRICT = [ROOT / "README.md", ROOT / "README.zh-CN.md"]
MARK = re.compile(r"<!--fig:([\w.-]+)-->(.*?)<!--/fig-->", re.S)


# -- the sample run (as a new user's, in an empty folder) -------------------------------------------------------

@lru_cache(maxsize=1)
def sample() -> dict:
    """`textmine run --sample` (no report) in an empty data home; the figures the docs take from it, computed as
    the report computes them (its Moran's I: 999 permutations, its seed)."""
    from textmine import pipeline
    from textmine.count import indicator_rows
    from textmine.report.build import load_inputs
    from textmine.store import Store

    here = Path(tempfile.mkdtemp(prefix="textmine-figures-"))
    try:
        with Store(here / "home") as store:
            rep = pipeline.run_pipeline(store, sample=True, report=False)
            run_id = store.conn.execute("SELECT MAX(id) FROM score_runs").fetchone()[0]
            rows = {r["city"]: r for r in indicator_rows(store, "token", period="十四五")}
            scores = load_inputs(store, run_id).scores
        count = next(s for s in rep.stages if s.stage == "count")
        hits = int(re.search(r"(\d+) hit\(s\) written", count.summary).group(1))
        return {"moran": _moran(scores["cemi"]).I, "rows": rows, "hits_written": hits}
    finally:
        shutil.rmtree(here, ignore_errors=True)


@lru_cache(maxsize=1)
def _weights():
    from textmine.report.spatial import contiguity_weights

    return contiguity_weights()


def _moran(values):
    from textmine.report.analysis import PERMUTATIONS, SEED
    from textmine.report.spatial import global_moran

    return global_moran(values, _weights(), PERMUTATIONS, SEED)


@lru_cache(maxsize=1)
def published() -> dict:
    """The published 2025 ranks as `textmine report --published` and `textmine findings` read them."""
    from textmine.report.analysis import PERMUTATIONS, SEED
    from textmine.report.claims import check_findings
    from textmine.report.published import published_inputs
    from textmine.report.spatial import local_moran

    scores = published_inputs(None).scores
    moran = {n: _moran(scores[n]) for n in ("cemi", "endowment", "governance", "compensation", "market")}
    lisa = local_moran(scores["cemi"], _weights(), PERMUTATIONS, SEED)["cluster"].value_counts()
    _frame, counts = check_findings(None)
    return {"moran": moran, "lisa": lisa, "ledger": counts["published"]}


# -- the figures ---------------------------------------------------------------------------------------------

def _model():
    from textmine.scoring import load_model

    return load_model()


def _minus(v: float, digits: int) -> str:
    return f"{v:.{digits}f}".replace("-", "−")


def _domain_leaves(domain: str) -> str:
    return str(int((_model().leaves["domain"] == domain).sum()))


def _weight(domain: str) -> str:
    from textmine.report.build import model_domain_weights

    return f"{model_domain_weights()[domain] * 100:.1f}"


def _statements() -> str:
    from textmine.report.claims import load_ledger

    return str(len(load_ledger(None)))


FIGURES = {
    # the data files
    "cities": lambda: str(len(__import__("textmine.registry", fromlist=["x"]).load_registry())),
    "leaves": lambda: str(len(_model().leaves)),
    "leaves-endowment": lambda: _domain_leaves("endowment"),
    "leaves-governance": lambda: _domain_leaves("governance"),
    "leaves-compensation": lambda: _domain_leaves("compensation"),
    "leaves-market": lambda: _domain_leaves("market"),
    "yesno-leaves": lambda: str(int((_model().leaves["type"] == "yesno").sum())),
    "weight-endowment": lambda: _weight("endowment"),
    "weight-governance": lambda: _weight("governance"),
    "weight-compensation": lambda: _weight("compensation"),
    "weight-market": lambda: _weight("market"),
    "statements": _statements,
    # the sample run
    "sample-lishui-market": lambda: str(sample()["rows"]["丽水市"]["market"]),
    "sample-hits": lambda: f"{sample()['hits_written']:,}",
    "sample-moran": lambda: _minus(sample()["moran"], 4),
    # computed by textmine on the published 2025 ranks (the source report states none of them)
    "published-ledger-ok": lambda: str(published()["ledger"]["✓"]),
    "published-ledger-not": lambda: str(published()["ledger"]["✗"]),
    "published-ledger-na": lambda: str(published()["ledger"]["—"]),
    **{f"published-moran-{n}": (lambda n=n: f"{published()['moran'][n].I:.3f}")
       for n in ("cemi", "endowment", "governance", "compensation", "market")},
    "published-moran-p": lambda: f"{max(m.p_sim for m in published()['moran'].values()):.3f}",
    **{f"published-lisa-{k}": (lambda k=k: str(int(published()["lisa"].get(k, 0)))) for k in ("HH", "LL", "HL", "LH")},
}

#: numbers that are not measurements: the text explains them (a year, a setting, a code, a count of the method)
CONSTANTS = re.compile(r"^(?:1[89]\d\d|20[0-4]\d|127\.0\.0\.1|33190|[1-9]\d{5}|0\.0?5|0\.1|0\.7|0\.9|0\.95|999|1,?000|"
                       r"100|2\.0|3\.11|20250101|2026\.\d+)$")
NUMBER = re.compile(r"(?<![\w.#/-])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{3,})(?![\w.%/-]*[A-Za-z_])")
SOURCED = re.compile(r"benchmarks/|docs/|tests/|README|\(measured|测得|见 docs|<!--fig")


def figures_in(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in MARK.finditer(text)]


def rewrite(text: str, values: dict[str, str]) -> str:
    return MARK.sub(lambda m: f"<!--fig:{m.group(1)}-->{values[m.group(1)]}<!--/fig-->", text)


def unmarked(text: str) -> list[tuple[int, str, str]]:
    """(line, number, line text) of each measured-looking number of the prose neither marked nor sourced. A number
    is sourced when its paragraph (or the table it is in, or the paragraph just before that table) names where
    it was measured."""
    out = []
    lines = text.splitlines()
    blocks: list[list[int]] = []         # paragraphs and tables, as lists of line indexes
    in_code = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
            blocks.append([])
            continue
        if in_code or not line.strip() or line.startswith("#"):
            blocks.append([])
            continue
        if not blocks or not blocks[-1]:
            blocks.append([])
        blocks[-1].append(i)
    blocks = [b for b in blocks if b]
    for k, block in enumerate(blocks):
        said = " ".join(lines[i] for i in block)
        if lines[block[0]].startswith("|") and k > 0:        # a table: sourced by the paragraph above it
            said += " ".join(lines[i] for i in blocks[k - 1])
        if SOURCED.search(said):
            continue
        for i in block:
            prose = re.sub(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|<!--.*?-->", " ", lines[i])
            for m in NUMBER.finditer(prose):
                if not CONSTANTS.match(m.group(1)):
                    out.append((i + 1, m.group(1), lines[i].strip()[:120]))
    return out


def compute(names) -> dict[str, str]:
    """Each figure of `names`, computed on the repository's own data files (the caller's settings kept)."""
    unknown = sorted(set(names) - set(FIGURES))
    if unknown:
        raise SystemExit(f"no figure named {', '.join(unknown)} (tools/doc_figures.py FIGURES)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from names_docs import program_defaults      # the same settings the names table's docs are made with

    with program_defaults("tools/doc_figures.py", unset=("TEXTMINE_HOME",)):
        return {n: FIGURES[n]() for n in sorted(set(names))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    texts = {p: p.read_text("utf-8") for p in DOCS}
    values = compute({n for t in texts.values() for n, _ in figures_in(t)})
    bad = 0
    for path, text in texts.items():
        rel = path.relative_to(ROOT)
        for name, shown in figures_in(text):
            if shown != values[name]:
                bad += 1
                print(f"{rel}: figure {name} says {shown!r}, the program {values[name]!r}")
        if not args.check:
            new = rewrite(text, values)
            if new != text:
                path.write_text(new, "utf-8")
                print(f"rewrote the figures of {rel}")
    for path in STRICT:
        for line, number, where in unmarked(texts[path]):
            bad += 1
            print(f"{path.relative_to(ROOT)}:{line}: {number} is neither marked (<!--fig:NAME-->) nor sourced: {where}")
    return 1 if bad and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
