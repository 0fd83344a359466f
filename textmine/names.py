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

from .datacsv import file_stamp, read_dicts
from .errors import TextmineError
from .indicator_files import csv_parents, indicator_names, scoring_dir
from .lexicon import LexiconError
from .lexicon.categories import category
from .lexicon.labels import category_label, category_list  # noqa: F401 (re-exported: names name everything)
from .registry import city_label  # noqa: F401 (re-exported)


def domain_names(root: str | os.PathLike | None = None) -> dict[str, str]:
    """The domains of the model in `root` (default: scoring/ of the data root): the children of the composite (the
    node of nodes.csv without a parent), code → Chinese name, in the file's order. A missing or broken nodes.csv is
    an error here (the domains cannot be guessed)."""
    rows = read_dicts(scoring_dir(root) / "nodes.csv")
    top = [(r.get("code") or "").strip() for r in rows if not (r.get("parent") or "").strip()]
    return {(r.get("code") or "").strip(): (r.get("name_zh") or "").strip()
            for r in rows if top and (r.get("parent") or "").strip() == top[0]}


def indicator_label(code: str, root: str | os.PathLike | None = None) -> str:
    """'E01 耕地总面积' (a leaf), 'E1 生态资源存量' or 'endowment 生态资源禀赋' (a node); the code alone when
    the model in `root` does not know it."""
    name = indicator_names(root).get(str(code).strip())
    return f"{code} {name}" if name else str(code)


def category_indicator_name(key: str, directory: str | os.PathLike | None = None) -> str:
    """The short Chinese name a report gives a plan category: the name of the indicator node its leaf hangs
    under (G05 → G2.1 主题词汇, scoring/indicators.csv and nodes.csv), else its lexicon's `# name:`, else the key."""
    try:
        info = category(key, directory)
    except (LexiconError, TextmineError):
        return str(key)
    folder = scoring_dir(None)
    stamp = file_stamp(folder / "indicators.csv") if folder and info.leaf else None
    parent = csv_parents(*stamp).get(info.leaf) if stamp else None
    return (indicator_names().get(parent) if parent else None) or info.name or info.key
