"""The outputs README.md and README.zh-CN.md show are what the program prints (tools/readme_recipes.py
generates them, one run for both)."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from count_helpers import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location("readme_recipes", ROOT / "tools" / "readme_recipes.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def made():
    """Every recipe's output, run once (as `python tools/readme_recipes.py` does)."""
    return _tool().run_recipes()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["README.md", "README.zh-CN.md"])
def test_readme_recipe_blocks_are_what_the_commands_print(name, made):
    tool = _tool()
    text = (ROOT / name).read_text("utf-8")
    assert tool.problems(name, text) == []                 # a block for every recipe, no block of no recipe
    _, differ, diff = tool.regenerate(name, text, made)
    assert differ == [], f"{name} drifted from the program (run `python tools/readme_recipes.py`):\n{diff}"


def test_a_drifted_block_in_either_readme_is_found(made):
    tool = _tool()
    for name in ("README.md", "README.zh-CN.md"):
        text = (ROOT / name).read_text("utf-8")
        a, _ = tool.readme_blocks(text)["lexicon"]
        lines = text.splitlines()
        lines[a + 1] = lines[a + 1].replace("added to theme", "added to market")
        _, differ, diff = tool.regenerate(name, "\n".join(lines), made)
        assert differ == ["lexicon"] and f"{name} [lexicon]" in diff
        removed = text.replace("<!-- recipe: compare -->", "")
        assert tool.problems(name, removed) == [f"{name} has no block for recipe 'compare'"]


def test_both_readmes_show_the_same_outputs():
    tool = _tool()
    en, zh = ((ROOT / n).read_text("utf-8") for n in ("README.md", "README.zh-CN.md"))
    blocks = {}
    for text in (en, zh):
        lines = text.splitlines()
        blocks[text is en] = {k: tool.masked("\n".join(lines[a:b]))
                              for k, (a, b) in tool.readme_blocks(text).items()}
    assert blocks[True] == blocks[False] and len(blocks[True]) == len(tool.RECIPES)


def test_volatile_figures_are_masked_and_nothing_else():
    tool = _tool()
    assert tool.masked("parse  done     0.3s  written (3.1 MB)") == tool.masked("parse  done    12.9s  written (2.9 MB)")
    assert tool.masked("run #1 stored") != tool.masked("run #2 stored")


def test_docs_evidence_crawl_block_is_what_the_commands_print(shared):
    """docs/evidence.md's crawl example (tools/evidence_docs.py) runs against the test portal of ../shared."""
    spec = importlib.util.spec_from_file_location("evidence_docs", ROOT / "tools" / "evidence_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0, "docs/evidence.md drifted (run `python tools/evidence_docs.py`)"
