"""Line numbers for values of a TOML file (tomllib gives none), so rule errors can say file:line."""
from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")


class Locator:
    """Finds the line of a key, or of a string value, inside the n-th table of a name in a TOML text.

    Tables are addressed as (name, index): (None, 0) is the top level before the first header,
    ("pattern", 2) the third ``[[pattern]]``, ("places", 0) the ``[places]`` table.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.blocks: dict[tuple[str | None, int], tuple[int, int]] = {}
        starts: list[tuple[str | None, int, int]] = [(None, 0, 0)]
        seen: dict[str, int] = {}
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m:
                name = m.group(2)
                idx = seen.get(name, 0)
                seen[name] = idx + 1
                starts.append((name, idx, i))
        for j, (name, idx, start) in enumerate(starts):
            end = starts[j + 1][2] if j + 1 < len(starts) else len(self.lines)
            self.blocks[(name, idx)] = (start, end)

    def table(self, name: str | None, index: int = 0) -> int:
        """1-based line of the table header (1 for the top level)."""
        start, _ = self.blocks.get((name, index), (0, 0))
        return start + 1

    def key(self, name: str | None, index: int, key: str) -> int:
        start, end = self.blocks.get((name, index), (0, len(self.lines)))
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start, end):
            if pat.match(self.lines[i]):
                return i + 1
        return start + 1

    def value(self, name: str | None, index: int, key: str, value: str) -> int:
        """Line holding the quoted string ``value`` of ``key`` (arrays may span lines); else the key's line."""
        first = self.key(name, index, key)
        _, end = self.blocks.get((name, index), (0, len(self.lines)))
        quoted = (f'"{value}"', f"'{value}'")
        for i in range(first - 1, end):
            if any(q in self.lines[i] for q in quoted):
                return i + 1
        return first
