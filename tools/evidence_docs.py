"""Regenerate (or --check) the evidence outputs shown in README.md and docs/evidence.md by running them.

    python tools/evidence_docs.py            # rewrite the blocks between the markers
    python tools/evidence_docs.py --check    # exit 1 when a block differs from what the code prints now

`recipe()` makes README.md's evidence recipe on the policy sample (corpora/sample/policy), run with the
`textmine` command in a scratch folder; tools/readme_recipes.py writes and checks that block with the
others. docs/evidence.md, <!-- evidence-crawl:start/end -->:
`crawl policy` against the test portal of tests/portal (needs ../shared; no faults injected, so the
figures are the same on every run). The benchmark block of docs/evidence.md is written by
`python benchmarks/evidence_quality.py --update docs/evidence.md` (timings differ run to run).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

INGEST_LOOP = ("tail -n +2 corpora/sample/policy/manifest.csv | while IFS=, read -r file city kind year title url rest; do\n"
               '  textmine ingest "corpora/sample/policy/$file" --city "$city" --kind "$kind" --year "$year" '
               '--title "$title" --url "$url"\n'
               "done | grep -c '^added'")


def run(cmd: str, cwd: Path, env: dict, shown: str | None = None, keep=None) -> str:
    """`$ cmd` and its output (stdout and stderr, as a terminal shows them)."""
    # the textmine of this Python (its venv's bin first), not whichever an outer PATH finds first
    env = {**env, "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])}
    out = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    lines = (out.stdout + out.stderr).rstrip("\n").splitlines()
    if keep:
        lines = keep(lines)
    prompt = "$ " + (shown or cmd).replace("\n", "\n> ")
    return "\n".join([prompt, *lines])


def recipe() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "corpora" / "sample" / "policy", work / "corpora" / "sample" / "policy")
        env = {**os.environ, "TEXTMINE_HOME": str(work / "textmine-data"), "COLUMNS": "100", "TERM": "dumb",
               "TEXTMINE_LANG": "en"}   # the docs show the English output
        parts = [run(INGEST_LOOP, work, env),
                 run("textmine parse >/dev/null", work, env),
                 run("textmine evidence --city 福州 --city 南平 --leaf G12 --leaf M10", work, env),
                 run("textmine evidence --city 湖州 --sentences --format csv", work, env),
                 run("textmine evidence --city 抚州 --leaf G01 --format json", work, env),
                 run("textmine evidence --format xlsx --out review.xlsx", work, env)]
        # a reviewer accepts 南平 G12 and 宜昌 C01 in review.xlsx; the workbook leaves 南平's G12 empty and says 0
        # for 宜昌's C01
        _accept(work / "review.xlsx", {("南平市", "G12"), ("宜昌市", "C01")})
        _workbook(work / "my.xlsx", empty=[("南平市", "G12")], values={("宜昌市", "C01"): 0})
        parts.append("$ # review.xlsx: 是 in the accept column of 南平市 G12 and 宜昌市 C01. my.xlsx (the indicator\n"
                     "$ # workbook) leaves 南平市's G12 empty and has 0 for 宜昌市's C01.")
        parts.append(run("textmine score --data my.xlsx --evidence review.xlsx --runs 100", work, env,
                         shown="textmine score --data my.xlsx --evidence review.xlsx",
                         keep=lambda ls: [l for l in ls if "evidence" in l or l.startswith(("score run", "warning"))]))
        parts.append(run("textmine explain 南平", work, env,
                         keep=lambda ls: ls[next(i for i, l in enumerate(ls) if l.startswith("evidence behind")):]))
        text = "\n".join(parts)
    return text


def _cut(line: str, n: int) -> str:
    """A long CSV line cut for the page (the full line is what the command prints)."""
    return line if len(line) <= n else line[:n] + "…"


def _accept(path: Path, rows: set) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["review"]
    col = {c.value: i for i, c in enumerate(ws[1])}
    for row in ws.iter_rows(min_row=2):
        if (row[col["city"]].value, row[col["leaf"]].value) in rows:
            row[col["accept"]].value = "是"
    wb.save(path)


def _workbook(path: Path, empty: list, values: dict) -> None:
    from textmine.registry import resolve_city
    from textmine.scoring import load_model
    from textmine.scoring.synthetic import synthetic_values
    from textmine.scoring.workbook import write_workbook

    model = load_model()
    v = synthetic_values(model)
    for city, leaf in empty:
        v.at[resolve_city(city).code, leaf] = float("nan")
    for (city, leaf), x in values.items():
        v.at[resolve_city(city).code, leaf] = x
    write_workbook(path, model, v, {"synthetic": "yes"})


def crawl_example() -> str:
    from portal import Portal
    from portal.policy import write_policy_sources

    shared = Path(os.environ.get("TEXTMINE_SHARED", ROOT.parent / "shared"))
    with tempfile.TemporaryDirectory() as tmp, Portal(shared, fault_rate=0.0) as portal:
        work = Path(tmp)
        write_policy_sources(portal, work)
        env = {**os.environ, "TEXTMINE_HOME": str(work / "home"), "COLUMNS": "100", "TERM": "dumb",
               "TEXTMINE_LANG": "en"}   # the docs show the English output
        text = "\n".join([
            run("textmine crawl policy --sources policy_sources.toml --delay 0 --workers 1", work, env,
                keep=lambda ls: [l for l in ls if not l.startswith("crawl policy")]),
            run("textmine parse >/dev/null", work, env),
            run("textmine evidence --city 南平 --city 宜昌 --format csv", work, env,
                keep=lambda ls: [_cut(l.replace(str(portal.port), "PORT"), 170) for i, l in enumerate(ls)
                                 if i == 0 or ",accepted," in l or ",rejected," in l])])
        return text.replace(str(portal.port), "PORT")


BLOCKS = [(ROOT / "docs" / "evidence.md", "evidence-crawl", crawl_example)]   # README's: tools/readme_recipes.py


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    stale = 0
    for path, name, make in BLOCKS:
        doc = path.read_text("utf-8")
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        pattern = re.compile(re.escape(start) + r"\n```text\n(.*?)\n```\n" + re.escape(end), re.S)
        m = pattern.search(doc)
        if m is None:
            raise SystemExit(f"{path}: no {start} … {end} block with a ```text fence")
        now = make()
        if args.check:
            if m.group(1) != now:
                stale += 1
                print(f"{path}: block {name} differs from what the code prints now", file=sys.stderr)
        else:
            path.write_text(doc[:m.start(1)] + now + doc[m.end(1):], "utf-8")
            print(f"updated {path} ({name})", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
