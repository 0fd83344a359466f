"""The outputs README.md shows are what the program prints (tools/readme_recipes.py generates them)."""
from __future__ import annotations

import importlib.util
import sys

from count_helpers import ROOT


def _tool():
    spec = importlib.util.spec_from_file_location("readme_recipes", ROOT / "tools" / "readme_recipes.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_readme_recipe_blocks_are_what_the_commands_print(capsys):
    tool = _tool()
    code = tool.main(["--check"])
    out, err = capsys.readouterr()
    assert code == 0, f"README.md drifted from the program (run `python tools/readme_recipes.py`):\n{err}"
    assert ", 0 differ" in out


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
