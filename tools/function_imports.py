"""The imports of textmine modules written inside a function, and which of them do not say why.

    python tools/function_imports.py            # every one without a reason comment, file:line, and the count
    python tools/function_imports.py --all      # every one, with its comment

An import belongs at the top of its module (docs/ARCHITECTURE.md). One inside a function stays only where
`textmine --help` would otherwise load a heavy library or many modules it does not need, or where it is one of the
known exceptions of the layers contract, and then a comment on its line (or the line above) says so:
`# start-up: pandas, numpy`. tests/test_architecture.py holds the count of those without a comment, which may only
go down.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class FunctionImport:
    path: str          # relative to the repository
    line: int
    text: str          # the import statement as written
    reason: str        # its comment ('' when none)


def _is_textmine(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "textmine"
    return any(a.name.split(".")[0] == "textmine" for a in node.names)


def _comment(lines: list[str], node: ast.stmt) -> str:
    last = lines[node.end_lineno - 1]
    if "#" in last:
        return last.split("#", 1)[1].strip()
    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
    return above[1:].strip() if above.startswith("#") else ""


def function_imports(root: Path = ROOT) -> list[FunctionImport]:
    """Every import of a textmine module inside a function of textmine/, in file and line order."""
    out = []
    for path in sorted((root / "textmine").rglob("*.py")):
        source = path.read_text("utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, str(path))

        def walk(node: ast.AST, inside: bool) -> None:
            for child in ast.iter_child_nodes(node):
                in_function = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                if inside and isinstance(child, (ast.Import, ast.ImportFrom)) and _is_textmine(child):
                    out.append(FunctionImport(path.relative_to(root).as_posix(), child.lineno,
                                              lines[child.lineno - 1].strip(), _comment(lines, child)))
                walk(child, in_function)

        walk(tree, False)
    return out


def main(argv: list[str]) -> int:
    found = function_imports()
    shown = found if "--all" in argv else [f for f in found if not f.reason]
    for f in shown:
        print(f"{f.path}:{f.line}: {f.text}" + (f"   # {f.reason}" if f.reason else ""))
    print(f"{len(found)} imports of textmine modules inside functions, {sum(not f.reason for f in found)} "
          "without a reason comment")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
