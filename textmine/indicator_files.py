"""The Chinese names and parents of the model's indicators, read from scoring/nodes.csv and indicators.csv of the
data root and cached until a file changes. A file that cannot be read gives no names (naming must never hide the
message it is part of). Low in the layers: the lexicon names its plan categories by the indicator they feed
(textmine.lexicon.categories), and textmine.names and textmine.nametable name indicators with it."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .datacsv import file_stamp, read_dicts
from .errors import TextmineError
from .resources import data_path


@lru_cache(maxsize=32)
def _csv_names(path: str, _mtime: int, _size: int) -> dict[str, str]:
    try:
        rows = read_dicts(path)
    except (OSError, UnicodeDecodeError, ValueError, TextmineError):
        return {}
    return {(r.get("code") or "").strip(): (r.get("name_zh") or r.get("name") or "").strip()
            for r in rows if (r.get("code") or "").strip()}


def scoring_dir(root: str | os.PathLike | None) -> Path | None:
    if root:
        return Path(root)
    try:
        return data_path("scoring")
    except TextmineError:
        return None


def indicator_names(root: str | os.PathLike | None = None) -> dict[str, str]:
    """code → Chinese name of every node (nodes.csv) and leaf (indicators.csv) of the model in `root`
    (default: scoring/ of the data root)."""
    folder = scoring_dir(root)
    out: dict[str, str] = {}
    for name in ("nodes.csv", "indicators.csv"):
        stamp = file_stamp(folder / name) if folder else None
        if stamp:
            out.update(_csv_names(*stamp))
    return out


def scoring_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of scoring/<name> of the data root (none when it cannot be read)."""
    folder = scoring_dir(None)
    stamp = file_stamp(folder / name) if folder else None
    return _csv_rows(*stamp) if stamp else ()


@lru_cache(maxsize=8)
def _csv_rows(path: str, _mtime: int, _size: int) -> tuple[dict[str, str], ...]:
    try:
        return tuple(read_dicts(path))
    except (OSError, UnicodeDecodeError, ValueError, TextmineError):
        return ()


@lru_cache(maxsize=8)
def csv_parents(path: str, _mtime: int, _size: int) -> dict[str, str]:
    """code → parent of the rows of a scoring CSV file (`path` with its stamp: the cache's key)."""
    try:
        rows = read_dicts(path)
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return {(r.get("code") or "").strip(): (r.get("parent") or "").strip() for r in rows}
