"""How messages name what they are about, with the Chinese name the researchers know it by:

    indicator_label("E01")      'E01 耕地总面积'          a leaf or a node of the indicator tree
    city_label("331100")        '丽水市 (331100)'         a city of the registry
    category_label("theme")     'theme（生态资产管理主题词）' a lexicon category

The names are read from the data files of the data root (scoring/indicators.csv and nodes.csv, the city
registry corpora/cities.csv, each lexicon's `# name:` header), never written in Python, and cached until the
file changes. A code the files do not know, or a file that cannot be read (the very file an error may be
about), leaves the code as it is: naming must never hide the message it is part of.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .datacsv import read_dicts
from .errors import TextmineError
from .resources import data_path

_NAME_HEADER = re.compile(r"^#\s*name\s*:\s*(.+)$")


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_mtime_ns, st.st_size


@lru_cache(maxsize=32)
def _csv_names(path: str, _mtime: int, _size: int) -> dict[str, str]:
    try:
        rows = read_dicts(path)
    except (OSError, UnicodeDecodeError, ValueError, TextmineError):
        return {}
    return {(r.get("code") or "").strip(): (r.get("name_zh") or r.get("name") or "").strip()
            for r in rows if (r.get("code") or "").strip()}


@lru_cache(maxsize=32)
def _lexicon_name(path: str, _mtime: int, _size: int) -> str:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    break
                m = _NAME_HEADER.match(line)
                if m:
                    return m.group(1).strip()
    except (OSError, UnicodeDecodeError):
        pass
    return ""


def _scoring_dir(root: str | os.PathLike | None) -> Path | None:
    if root:
        return Path(root)
    try:
        return data_path("scoring")
    except TextmineError:
        return None


def domain_names(root: str | os.PathLike | None = None) -> dict[str, str]:
    """The domains of the model in `root` (default: scoring/ of the data root): the children of the composite (the
    node of nodes.csv without a parent), code → Chinese name, in the file's order. A missing or broken nodes.csv is
    an error here (the domains cannot be guessed)."""
    rows = read_dicts(_scoring_dir(root) / "nodes.csv")
    top = [(r.get("code") or "").strip() for r in rows if not (r.get("parent") or "").strip()]
    return {(r.get("code") or "").strip(): (r.get("name_zh") or "").strip()
            for r in rows if top and (r.get("parent") or "").strip() == top[0]}


def indicator_names(root: str | os.PathLike | None = None) -> dict[str, str]:
    """code → Chinese name of every node (nodes.csv) and leaf (indicators.csv) of the model in `root`
    (default: scoring/ of the data root)."""
    folder = _scoring_dir(root)
    out: dict[str, str] = {}
    for name in ("nodes.csv", "indicators.csv"):
        stamp = _stamp(folder / name) if folder else None
        if stamp:
            out.update(_csv_names(*stamp))
    return out


def indicator_label(code: str, root: str | os.PathLike | None = None) -> str:
    """'E01 耕地总面积' (a leaf), 'E1 生态资源存量' or 'endowment 生态资源禀赋' (a node); the code alone when
    the model in `root` does not know it."""
    name = indicator_names(root).get(str(code).strip())
    return f"{code} {name}" if name else str(code)


def city_label(city) -> str:
    """'丽水市 (331100)' for a City or a 6-digit code; an unknown code as it is."""
    name, code = getattr(city, "name", None), getattr(city, "code", None)
    if name and code:
        return f"{name} ({code})"
    try:
        from .registry import load_registry

        return f"{load_registry().by_code(str(city)).name} ({city})"
    except (KeyError, TextmineError, OSError):
        return str(city)


def category_label(category: str, directory: str | os.PathLike | None = None) -> str:
    """'theme（生态资产管理主题词）': the category with the `# name:` of its lexicon file (in `directory`, else
    the lexicon folder in use); the category alone when the file has no name."""
    from .lexicon import lexicon_dir

    try:
        folder = lexicon_dir(directory)
    except TextmineError:
        return str(category)
    stamp = _stamp(folder / f"{category}.txt")
    name = _lexicon_name(*stamp) if stamp else ""
    return f"{category}（{name}）" if name else str(category)


def category_list(categories, directory: str | os.PathLike | None = None) -> str:
    """The categories one may choose, each with its Chinese name: 'theme（…）, resource（…）, …'."""
    return ", ".join(category_label(c, directory) for c in categories)


def category_indicator_name(key: str, directory: str | os.PathLike | None = None) -> str:
    """The short Chinese name a report gives a plan category: the name of the indicator node its leaf hangs
    under (G05 → G2.1 主题词汇, scoring/indicators.csv and nodes.csv), else its lexicon's `# name:`, else the key."""
    from .lexicon import LexiconError
    from .lexicon.categories import category

    try:
        info = category(key, directory)
    except (LexiconError, TextmineError):
        return str(key)
    folder = _scoring_dir(None)
    stamp = _stamp(folder / "indicators.csv") if folder and info.leaf else None
    parent = _csv_parents(*stamp).get(info.leaf) if stamp else None
    return (indicator_names().get(parent) if parent else None) or info.name or info.key


def _scoring_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of scoring/<name> of the data root (none when it cannot be read)."""
    folder = _scoring_dir(None)
    stamp = _stamp(folder / name) if folder else None
    return _csv_rows(*stamp) if stamp else ()


@lru_cache(maxsize=8)
def _csv_rows(path: str, _mtime: int, _size: int) -> tuple[dict[str, str], ...]:
    try:
        return tuple(read_dicts(path))
    except (OSError, UnicodeDecodeError, ValueError, TextmineError):
        return ()


@lru_cache(maxsize=8)
def _csv_parents(path: str, _mtime: int, _size: int) -> dict[str, str]:
    try:
        rows = read_dicts(path)
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return {(r.get("code") or "").strip(): (r.get("parent") or "").strip() for r in rows}
