"""The layers of docs/ARCHITECTURE.md hold: `lint-imports` (import-linter, contracts in pyproject.toml) passes,
function-level imports included, and a module imported from a higher layer is refused; no module imports one that
imports it back (grimp's import graph, the one import-linter reads), but for the groups still listed here."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is not installed: `pip install -e '.[test]'` installs import-linter")
    return subprocess.run([exe, "--no-cache", "--config", str(config)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_import_contracts_kept():
    run = _lint(ROOT / "pyproject.toml", ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_the_layers_contract_ignores_no_import():
    """No upward import is let through: a piece two rooms need moves down (docs/ARCHITECTURE.md)."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")
    assert not layers.get("ignore_imports"), layers.get("ignore_imports")
    assert {"textmine.namematch", "textmine.edition_rules"} <= {m.strip() for row in layers["layers"]
                                                                  for m in row.split("|")}


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The contract is not vacuous: the same layers refuse a lower layer importing a higher one inside a
    function (the kind of import that used to hide the cycles)."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "high.py").write_text("from . import low\n")
    (pkg / "low.py").write_text("def f():\n    from . import high\n    return high\n")
    cfg = tmp_path / "setup.cfg"
    cfg.write_text("[importlinter]\nroot_package = pkg\n\n[importlinter:contract:layers]\nname = layers\n"
                   "type = layers\nlayers =\n    pkg.high\n    pkg.low\n")
    run = _lint(cfg, tmp_path)
    assert run.returncode != 0
    assert "pkg.low -> pkg.high" in run.stdout


# Groups of modules that still import each other round (docs/ARCHITECTURE.md, "Where a piece goes"). A cycle
# outside them is refused; remove a group (or its modules) when its cycles are broken.
KNOWN_CYCLES = [
    # inside report: build ⇄ analysis ⇄ claims, compare_groups → build/tiers, ledger ⇄ ledger_*kinds
    {f"textmine.report.{m}" for m in ("analysis", "build", "charts", "claims", "compare_groups", "excel", "group_stats",
                                      "groups", "html", "indicator_tables", "ledger", "ledger_kinds",
                                      "ledger_rank_kinds", "ledger_score_kinds", "level1", "pilots", "tiers",
                                      "variance", "yesno")},
]


def _new_cycles(package: str, known: list[set[str]]) -> list[str]:
    """Each cycle among the modules of `package` (imports at any level: in functions, under TYPE_CHECKING) that lies
    outside the `known` groups, as the chain `a -> b -> a`. A cycle is a module and the modules it imports that
    import it back (grimp: upstream ∩ downstream)."""
    import grimp

    graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
    found, seen = [], set()
    for module in sorted(graph.modules):
        if module in seen:
            continue
        group = {module} | (graph.find_upstream_modules(module) & graph.find_downstream_modules(module))
        seen |= group
        if len(group) > 1 and not any(group <= k for k in known):
            back = min(sorted(graph.find_modules_directly_imported_by(module) & group))
            found.append(" -> ".join((module,) + graph.find_shortest_chain(importer=back, imported=module)))
    return found


def test_no_new_import_cycles():
    new = _new_cycles("textmine", KNOWN_CYCLES)
    assert new == [], ("modules that import each other round (move the shared piece down, or pass the function in "
                       "from the caller above: docs/ARCHITECTURE.md, 'Where a piece goes'):\n" + "\n".join(new))


def test_a_cycle_is_refused(tmp_path, monkeypatch):
    """The check is not vacuous: an import back inside a function, two modules down, is a cycle; a module that
    only imports one of them is not in it; a known group is let through."""
    pkg = tmp_path / "cyclepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("from . import c\n")
    (pkg / "c.py").write_text("def f():\n    from . import a\n    return a\n")
    (pkg / "d.py").write_text("from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _new_cycles("cyclepkg", []) == ["cyclepkg.a -> cyclepkg.b -> cyclepkg.c -> cyclepkg.a"]
    assert _new_cycles("cyclepkg", [{"cyclepkg.a", "cyclepkg.b", "cyclepkg.c"}]) == []
    assert _new_cycles("cyclepkg", [{"cyclepkg.a", "cyclepkg.b"}]) != []      # a group may not grow


# Imports of textmine modules inside functions without a comment saying why (tools/function_imports.py lists them):
# none. Each one left inside a function says why on its line (`# start-up: pandas`, `# cycle inside report: …`).
WITHOUT_REASON = 0


def test_function_level_imports_say_why():
    from count_helpers import load_tool

    tool = load_tool("function_imports")
    found = tool.function_imports(ROOT)
    assert len(found) > 100                    # the walk sees imports inside functions at all
    silent = [f for f in found if not f.reason]
    assert len(silent) <= WITHOUT_REASON, (
        f"{len(silent)} imports inside functions do not say why (at most {WITHOUT_REASON}): move each to the top of "
        "its module or add a comment; `python tools/function_imports.py` lists them")


def test_the_import_walk_reads_comments(tmp_path):
    from count_helpers import load_tool

    pkg = tmp_path / "textmine"
    pkg.mkdir()
    (pkg / "a.py").write_text("def f():\n    from .b import x\n    # start-up: pandas\n    from .c import y\n"
                              "    from .d import z  # cycle\n    import json\n")
    found = load_tool("function_imports").function_imports(tmp_path)
    assert [(f.line, f.reason) for f in found] == [(2, ""), (4, "start-up: pandas"), (5, "cycle")]


def _private_imports(files) -> list[str]:
    """`from package import _name` of another package: a private name, free to change in any release."""
    import ast

    out = []
    for p in files:
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and \
                    node.module.split(".")[0] not in ("textmine", "__future__"):
                out += [f"{p.name}:{node.lineno} from {node.module} import {a.name}" for a in node.names
                        if a.name.startswith("_") and not a.name.startswith("__")]
    return out


def test_no_private_names_of_other_packages():
    """Any release the pins allow may be the one installed: CI's Python had click 8.4 (`make_default_short_help`),
    this machine 8.5 (`_make_default_short_help`); the help imported the private 8.5 name and ten help tests failed
    in CI while passing here. Only public names of other packages are imported."""
    assert _private_imports((ROOT / "textmine").rglob("*.py")) == []


def test_a_private_import_is_found(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from click.utils import _make_default_short_help\nfrom .x import _ok\n", "utf-8")
    assert _private_imports([bad]) == ["bad.py:1 from click.utils import _make_default_short_help"]
