"""The facts recipe of README.md and README.zh-CN.md, made by running it (tools/readme_recipes.py writes and checks
that block with the others).

`recipe()` runs the `textmine` command in a scratch folder on the 丽水 facts sample (corpora/sample/facts: a
communiqué as HTML and a budget report as a PDF with two ruled tables, written for the project with invented
numbers): ingest with the manifest, `textmine facts` as CSV, the figures behind G09 (accepted or refused and why), the review sheet, a reviewer's
acceptance, `score --facts` with a workbook that leaves two cells empty, and `explain`.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

INGEST_LOOP = ("tail -n +2 corpora/sample/facts/manifest.csv | while IFS=, read -r file city kind year title url rest; do\n"
               '  textmine ingest "corpora/sample/facts/$file" --city "$city" --kind "$kind" --year "$year" '
               '--title "$title" --url "$url"\n'
               "done")


def _cut(n: int):
    return lambda ls: [line if len(line) <= n else line[:n] + "…" for line in ls]


def recipe() -> str:
    import os
    import shutil

    from evidence_docs import _accept, _workbook, run

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "corpora" / "sample" / "facts", work / "corpora" / "sample" / "facts")
        env = {**os.environ, "TEXTMINE_HOME": str(work / "textmine-data"), "COLUMNS": "100", "TERM": "dumb",
               "TEXTMINE_LANG": "en"}   # the docs show the English output
        parts = [run(INGEST_LOOP, work, env, keep=lambda ls: [line.replace(f"{work}/", "") for line in ls]),
                 run("textmine facts --city 丽水 --format csv", work, env, keep=_cut(150)),
                 run("textmine facts --city 丽水 --leaf G09 --figures", work, env),
                 run("textmine facts --format xlsx --out facts_review.xlsx", work, env)]
        _accept(work / "facts_review.xlsx", {("丽水市", "M01"), ("丽水市", "G09"), ("丽水市", "M11")})
        _workbook(work / "my.xlsx", empty=[("丽水市", "M01"), ("丽水市", "G09")], values={})
        parts.append("$ # facts_review.xlsx: 是 in the accept column of 丽水市 M01, G09 and M11. my.xlsx (the indicator\n"
                     "$ # workbook) leaves 丽水市's M01 and G09 empty and has its own value for M11.")
        parts.append(run("textmine score --data my.xlsx --facts facts_review.xlsx --runs 100", work, env,
                         shown="textmine score --data my.xlsx --facts facts_review.xlsx",
                         keep=lambda ls: [line for line in ls if "document" in line or "M11" in line
                                          or line.startswith("score run")]))
        parts.append(run("textmine explain 丽水", work, env,
                         keep=lambda ls: ls[next(i for i, line in enumerate(ls)
                                                 if line.startswith("values from documents")):]))
        return "\n".join(parts)


if __name__ == "__main__":
    print(recipe())
