"""A fast start (issue 13): `textmine --help`, `cities` and `status` import none of the heavy libraries
(pandas, numpy, scipy, geopandas, jieba …); the commands that need them import them when they run.
The time itself is measured by benchmarks/cli_startup.py, not here."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "scipy", "geopandas", "jieba", "matplotlib", "sklearn", "openpyxl", "gensim",
         "pypdfium2", "bs4", "requests")
PROBE = """
import json, sys
from textmine.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def _imported(args: list[str], home) -> list[str]:
    code = PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"TEXTMINE_HOME": str(home), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["cities", "--format", "csv"], ["status"], ["run", "--help"]])
def test_light_commands_import_no_heavy_library(args, tmp_path, cli):
    home = tmp_path / "home"
    plan = tmp_path / "丽水纲要.txt"
    plan.write_text("丽水市国民经济和社会发展第十四个五年规划纲要\n推进生态产品价值实现。", encoding="utf-8")
    assert cli("--home", home, "ingest", plan, "--city", "丽水", "--kind", "plan").exit_code == 0  # a real store
    assert _imported(args, home) == []


def test_a_counting_command_still_gets_what_it_needs(tmp_path, cli):
    home = tmp_path / "home"
    plan = tmp_path / "丽水纲要.txt"
    plan.write_text("丽水市国民经济和社会发展第十四个五年规划纲要\n推进生态产品价值实现。", encoding="utf-8")
    assert cli("--home", home, "ingest", plan, "--city", "丽水", "--kind", "plan").exit_code == 0
    assert {"jieba", "pandas"} <= set(_imported(["count", "--format", "csv"], home))   # loaded when needed
