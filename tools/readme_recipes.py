"""The outputs shown in README.md and README.zh-CN.md, made by running the commands (so they cannot drift
from the program).

    python tools/readme_recipes.py            # run every recipe once and rewrite its block in both READMEs
    python tools/readme_recipes.py --check    # run them and report blocks that differ (exit 1); a test does this

A block is generated when the line before its ```text fence is `<!-- recipe: NAME -->`. Both READMEs hold a
block for every recipe, and a block shows the same output in both: the English README and its Chinese
translation explain the same run. The recipes run in order in one empty folder (a fresh data home, as a new
user's), each `$ command` through the real CLI in-process, and show its output as configured below: some
lines only, long lines cut, with "…" where something is left out. Timings and file sizes differ from run to
run; --check compares with them masked. The folder's path is shown as a relative one, the clone's as <clone>.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READMES = (ROOT / "README.md", ROOT / "README.zh-CN.md")
MARK = re.compile(r"^<!-- recipe: ([\w-]+) -->$")
VOLATILE = [(re.compile(r" *\b\d+\.\d+s\b"), " #.#s"), (re.compile(r"\b\d+(\.\d+)? MB\b"), "# MB"),
            (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"), "DATE")]


@dataclass
class Step:
    cmd: str                              # as shown; a trailing "# comment" is shown, not run
    lines: tuple[int, int] | None = None  # keep lines[a:b] of the output ("…" marks what is left out)
    grep: str | None = None               # keep only lines matching this regex (and the first line)
    cut: int | None = None                # cut lines longer than this, with "…"
    show: bool = True                     # False: run it, show the command only


@dataclass
class Recipe:
    name: str
    steps: list[Step] = field(default_factory=list)
    make: object = None          # or a function making the whole block (a recipe with its own set-up)


RECIPES = [
    # the data root line is left out: here it names the recipes' own lexicon copy (TEXTMINE_LEXICONS)
    Recipe("first-run", [Step("textmine run --sample", grep=r"^(?!data root: )"),
                         Step("textmine run --sample", grep=r"nothing changed")]),
    Recipe("refresh-15", [
        Step("textmine documents list --city 湖州 --format csv", cut=140),
        Step("textmine count --compare 十四五 十五五 --format csv", grep=r"^(city|丽水市|湖州市),", cut=130),
        Step("textmine run --sample --period 十五五 --no-report", grep=r"^\s+(count|score)\b", cut=150),
        Step("textmine explain 湖州", grep=r"^\s+G0[2-8] ", cut=120),
        Step("textmine compare run:1 latest --format csv", lines=(0, 2), cut=120),
    ]),
    Recipe("audit", [Step("textmine audit 丽水 --category market --format csv", lines=(0, 3), cut=300)]),
    Recipe("lexicon", [
        Step('textmine lexicon add theme 美丽乡村 --why "乡村生态建设的主题表述"'),
        Step("textmine lexicon diff --against lexicons-before --format csv"),
        Step("textmine lexicon remove theme 美丽乡村", show=False),
    ]),
    Recipe("workbook", [
        Step("textmine template --out my.xlsx"),
        Step("textmine validate my.xlsx", lines=(-1, None)),
        Step("textmine sample-data --out filled.xlsx"),
        Step("textmine run --data filled.xlsx --no-report", grep=r"^\s+score\b|^check ", cut=150),
    ]),
    Recipe("check", [
        Step("textmine check --data filled.xlsx", grep=r"^(check |red: |note: )", cut=150),
        Step("textmine run --data filled.xlsx --no-report --workbook-overrides", grep=r"^\s+score\b|^check ", cut=150),
    ]),
    Recipe("compare", [Step("textmine compare published latest --format csv", cut=150)]),
    Recipe("evidence", make=lambda: _evidence_docs().recipe()),
    Recipe("facts", make=lambda: _tool("facts_docs").recipe()),
    Recipe("validate-lexicon", [
        Step("textmine audit sample --category market --period 十四五 --per-category 40 --seed 1 "
             "--out market-sample.csv"),
        Step("textmine audit precision corpora/sample/labels/market_seed1.csv"),
        Step('textmine lexicon exclude market 森林碳汇 森林碳汇增量 --why "the growth of a sink as an appraisal '
             'target, not carbon-sink trading"'),
        Step("textmine lexicon diff --against lexicons-before --format csv"),
        Step("textmine audit precision corpora/sample/labels/market_seed1.csv", cut=160),
        Step("textmine lexicon exclude market 森林碳汇 森林碳汇增量 --remove", show=False),
    ]),
    Recipe("refresh-review", make=lambda: _refresh_review()),
]

# Look-alikes a 2026 refresh downloads beside the outlines (written for the recipe, not official documents):
# a news page claiming the full text of 丽水's outline, and 湖州's party-committee 建议.
LOOK_ALIKES = {
    "downloads/丽水/《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布.txt": (
        "《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布\n来源：丽水日报\n"
        "日前，《丽水市国民经济和社会发展第十五个五年规划纲要》全文发布。记者梳理发现，纲要共分十二篇四十章，围绕山区"
        "共同富裕、生态产品价值实现等方面提出重点任务，市民可在市政府门户网站查阅全文。\n"
        "市发改委有关负责人表示，下一步将制定重点任务分工方案，逐项明确责任单位和完成时限。\n"),
    "downloads/湖州/中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划的建议.txt": (
        "中共湖州市委关于制定湖州市国民经济和社会发展第十五个五年规划的建议\n"
        "（2025年12月18日中国共产党湖州市第九届委员会第十次全体会议通过）\n"
        "中国共产党湖州市第九届委员会第十次全体会议，深入学习贯彻党的二十届四中全会精神，就制定湖州市国民经济和社会发展"
        "“十五五”规划提出如下建议。\n"),
}
REFRESH_STEPS = [
    Step("textmine init cemi-2026 --model cemi-2026", lines=(0, 1), cut=62),
    Step("cd cemi-2026"),
    Step("textmine run --sample --no-report", grep=r"^\s+(count|score)\b|^model:", cut=150),
    Step("textmine ingest ../downloads/丽水 --city 丽水 --kind plan", lines=(0, 1), cut=120),
    Step("textmine ingest ../downloads/湖州 --city 湖州 --kind plan", lines=(0, 1), cut=120),
    Step("textmine documents review --format csv", cut=200),
    Step("textmine run --sample --no-report --strict", grep=r"^error", cut=200),
    Step('textmine documents accept 丽水 --period 十五五 --note "市政府门户网站正式文本"', cut=140),
    Step("textmine run --sample --no-report --strict", grep=r"^\s+score\b", cut=120),
]


def _refresh_review() -> str:
    """The 十五五 refresh in a workspace of its own (cemi-2026), with the review step: look-alikes that a
    portal offers beside the outlines, the queue, `--strict` refusing, a decision kept in the workspace."""
    here = Path.cwd()
    lexicons = os.environ.pop("TEXTMINE_LEXICONS", None)      # the workspace's own lexicons, not the demo's
    text: list[str] = []
    try:
        for rel, content in LOOK_ALIKES.items():
            (here / rel).parent.mkdir(parents=True, exist_ok=True)
            (here / rel).write_text(content, encoding="utf-8")
        for step in REFRESH_STEPS:
            if step.cmd.startswith("cd "):
                os.chdir(step.cmd[3:])
                text.append(f"$ {step.cmd}")
                continue
            text.append(f"$ {step.cmd}")
            text.extend(_shape(_run(step.cmd, here), step, here))
    finally:
        os.chdir(here)
        if lexicons is not None:
            os.environ["TEXTMINE_LEXICONS"] = lexicons
    return "\n".join(text)


def _evidence_docs():
    """tools/evidence_docs.py: the evidence recipe runs on the policy sample in a folder of its own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("evidence_docs", ROOT / "tools" / "evidence_docs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _tool(name: str):
    """tools/<name>.py as a module (a recipe with its own set-up)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _demo_setup(demo: Path) -> None:
    """The folder the recipes run in: the lexicons the recipes edit (TEXTMINE_LEXICONS), and a copy of
    them as they were (for `lexicon diff --against`); the repository's own files are never touched."""
    shutil.copytree(ROOT / "lexicons", demo / "lexicons")
    shutil.copytree(ROOT / "lexicons", demo / "lexicons-before")


def _run(cmd: str, demo: Path) -> str:
    import shlex

    from click.testing import CliRunner

    from textmine.cli import main

    args = shlex.split(cmd.split("  #")[0])
    assert args[0] == "textmine", cmd
    args = [str(ROOT / a) if a.startswith("corpora/") else a for a in args[1:]]
    res = CliRunner().invoke(main, args, catch_exceptions=False)
    return res.output


def _shape(out: str, step: Step, demo: Path) -> list[str]:
    out = out.replace(str(demo) + "/", "").replace(str(ROOT) + "/", "").replace(str(ROOT), "<clone>")
    lines = out.rstrip("\n").splitlines()
    if step.grep:
        keep = [lines[0]] + [l for l in lines[1:] if re.search(step.grep, l)] if lines else []
        lines = keep + (["…"] if len(keep) < len(lines) else [])
    if step.lines:
        a, b = step.lines
        picked = lines[a:b]
        lines = (["…"] if (a or 0) not in (0, -len(lines)) and picked else []) + picked + \
            (["…"] if b is not None and b < len(lines) else [])
    if step.cut:
        lines = [l if len(l) <= step.cut else l[:step.cut] + "…" for l in lines]
    return lines


def run_recipes(names: list[str] | None = None) -> dict[str, str]:
    """{recipe name: the text of its block}, all recipes run in order in one fresh folder."""
    out: dict[str, str] = {}
    old_cwd = Path.cwd()
    saved = {k: os.environ.get(k) for k in ("TEXTMINE_HOME", "TEXTMINE_LEXICONS", "COLUMNS", "TEXTMINE_LANG")}
    with tempfile.TemporaryDirectory(prefix="textmine-demo-") as tmp:
        demo = Path(tmp).resolve()
        _demo_setup(demo)
        os.chdir(demo)
        os.environ.pop("TEXTMINE_HOME", None)
        os.environ["TEXTMINE_LEXICONS"] = str(demo / "lexicons")
        os.environ["COLUMNS"] = "100"
        os.environ["TEXTMINE_LANG"] = "en"       # the READMEs show the English output (the keys in CSV are the same)
        try:
            for recipe in RECIPES:
                if recipe.make is not None:
                    out[recipe.name] = recipe.make()
                    continue
                text: list[str] = []
                for step in recipe.steps:
                    result = _run(step.cmd, demo)
                    if step.show:
                        text.append(f"$ {step.cmd}")
                        text.extend(_shape(result, step, demo))
                out[recipe.name] = "\n".join(text)
        finally:
            os.chdir(old_cwd)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return {k: v for k, v in out.items() if names is None or k in names}


def readme_blocks(text: str) -> dict[str, tuple[int, int]]:
    """{recipe name: (first line, end line)} of the block content after each marker."""
    lines = text.splitlines()
    found = {}
    for i, line in enumerate(lines):
        m = MARK.match(line.strip())
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            end = next(j for j in range(i + 2, len(lines)) if lines[j].startswith("```"))
            found[m.group(1)] = (i + 2, end)
    return found


def masked(text: str) -> str:
    for rx, sub in VOLATILE:
        text = rx.sub(sub, text)
    return text


def problems(name: str, text: str) -> list[str]:
    """What keeps a README from being generated: a recipe without a block, a block of no recipe."""
    blocks = readme_blocks(text)
    known = {r.name for r in RECIPES}
    out = [f"{name} has no block for recipe {r.name!r}" for r in RECIPES if r.name not in blocks]
    out += [f"{name} marks an unknown recipe {b!r}" for b in blocks if b not in known]
    return out


def regenerate(name: str, text: str, made: dict[str, str]) -> tuple[str, list[str], str]:
    """(the README with every block replaced by its recipe's output, the blocks that differed, their diff)."""
    lines = text.splitlines()
    differ, diff = [], []
    for recipe, (a, b) in sorted(readme_blocks(text).items(), key=lambda kv: -kv[1][0]):
        old = "\n".join(lines[a:b])
        if masked(old) != masked(made[recipe]):
            differ.append(recipe)
            diff.append("".join(difflib.unified_diff(old.splitlines(True), made[recipe].splitlines(True),
                                                     f"{name} [{recipe}]", "generated")))
        lines[a:b] = made[recipe].splitlines()
    return "\n".join(lines) + "\n", sorted(differ), "".join(diff)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare, do not write; exit 1 on a difference")
    args = ap.parse_args(argv)
    texts = {path: path.read_text("utf-8") for path in READMES}
    wrong = [msg for path, text in texts.items() for msg in problems(path.name, text)]
    if wrong:
        print("\n".join(wrong), file=sys.stderr)
        return 1
    made = run_recipes()                  # once, for both READMEs
    failed = False
    for path, text in texts.items():
        new, differ, diff = regenerate(path.name, text, made)
        if diff:
            print(diff, file=sys.stderr)
        n = len(readme_blocks(text))
        if args.check:
            print(f"{path.name}: {n} recipe blocks, {len(differ)} differ: {', '.join(differ) or '-'}")
            failed |= bool(differ)
        else:
            path.write_text(new, "utf-8")
            print(f"{path.name}: {n} recipe blocks written ({len(differ)} changed)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
