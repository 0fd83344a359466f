"""The names table: every key a command takes or shows, its Chinese name, and the names a user may type instead.

    resolve("category", "市场配置")     'market'        a lexicon category by key, Chinese name or short form
    resolve("domain", "政府管理")       'governance'
    resolve("leaf", "耕地总面积")       'E01'
    resolve("period", "2026-2030")     '十五五'
    zh("status", "counted")           '计入'           what tables, the report and Excel show for a key
    header("body_chars")              '正文字数'

Each name is read from the file that defines it, never copied: lexicon categories from their `# name:` headers
(and the indicator node of the leaf they feed: market → 市场配置), domains, nodes and leaves from
scoring/nodes.csv and indicators.csv, plan periods, plan types and document types from corpora/editions.toml,
provenance kinds from textmine/provenance_kinds.py, and the rest (document kinds, counting modes, status words,
column headers and their units) from corpora/names.csv. `table()` gives them all at once (`textmine names`,
docs/names.md).

What a user types is matched by textmine.namematch (the engine, low in the layers, with which the lexicon and the
edition rules match their own names; `Name`, `match`, `unknown` … are re-exported here), in order, as: the key (any
case); a Chinese name or form (after NFKC, traditional → simplified, quotes and spaces dropped); the start of
exactly one Chinese name (市场 → 市场配置相关词汇); a part of exactly one (禀赋 → 生态资源禀赋). A form several
names share is refused listing them; an unknown one with the closest names, each as `key（中文名）`, in the
user's language (textmine.i18n).
"""
from __future__ import annotations

import fnmatch
import os
from functools import lru_cache

from .datacsv import read_table, stamp
from .edition_rules import load_rules
from .errors import TextmineError
from .i18n import language
from .indicator_files import scoring_rows
from .lexicon import LexiconError
from .lexicon.categories import categories, category_names
from .namematch import (GROUPS, Name, UnknownName, match, normal, resolve_in,  # noqa: F401 (re-exported)
                        suggestions, unknown)
from .names import category_indicator_name
from .resources import data_path

FILE = ("corpora", "names.csv")
COLUMNS = ("group", "key", "zh", "forms", "unit")
UNITS = ("share", "percent", "score", "rank", "count", "amount", "ratio", "p", "weight", "")

#: the groups a command option or argument takes (the others are only shown)
TYPED = ("category", "index", "domain", "node", "leaf", "kind", "plan_type", "doc_type", "period", "mode")
_FROM_FILE = ("kind", "mode", "status", "review", "confidence", "owner", "group_kind", "stage", "column", "format")


# -- reading the sources --------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _file_rows(path: str, _mtime: int, _size: int) -> tuple[Name, ...]:
    table = read_table(path, COLUMNS)
    out, seen = [], {}
    for line, row in table.rows:
        group, key = row["group"].strip(), row["key"].strip()
        if group not in _FROM_FILE:
            raise TextmineError(f"{path}:{line}: group {group!r} is not one of {', '.join(_FROM_FILE)} (the other "
                                "names are read from the files that define them: see the file's header)")
        if not key or not row["zh"].strip():
            raise TextmineError(f"{path}:{line}: a name needs a key and its Chinese name (zh)")
        unit = row["unit"].strip()
        if unit not in UNITS:
            raise TextmineError(f"{path}:{line}: unit {unit!r} is not one of {', '.join(u for u in UNITS if u)} "
                                "(or empty)")
        if (group, key) in seen:
            raise TextmineError(f"{path}:{line}: {group} {key!r} is already named on line {seen[group, key]}")
        seen[group, key] = line
        forms = tuple(f.strip() for f in row["forms"].split("|") if f.strip())
        out.append(Name(group, key, row["zh"].strip(), forms, f"{FILE[0]}/{FILE[1]}", unit))
    return tuple(out)


def _from_file(group: str) -> tuple[Name, ...]:
    try:
        rows = _file_rows(*stamp(data_path(*FILE)))
    except FileNotFoundError:
        return ()
    return tuple(n for n in rows if n.group == group)


def _categories(directory) -> tuple[Name, ...]:
    try:
        found = categories(directory)
    except (LexiconError, TextmineError):
        return ()
    return category_names(found)


def _nodes(which: str) -> tuple[Name, ...]:
    out = []
    for file in ("nodes.csv", "indicators.csv"):
        if which == "leaf" and file == "nodes.csv" or which in ("index", "domain") and file == "indicators.csv":
            continue
        for r in scoring_rows(file):
            code, parent = (r.get("code") or "").strip(), (r.get("parent") or "").strip()
            if not code:
                continue
            if which == "domain" and parent != "cemi" or which == "index" and not (parent == "cemi" or code == "cemi"):
                continue
            zh = (r.get("name_zh") or "").strip()
            forms = ("综合指数",) if code == "cemi" else ()
            out.append(Name(which, code, zh or code, forms, f"scoring/{file}"))
    return tuple(out)


def _editions(group: str) -> tuple[Name, ...]:
    try:
        rules = load_rules()
    except TextmineError:
        return ()
    return rules.names(group)


def _origins() -> tuple[Name, ...]:
    from .provenance_kinds import KINDS  # start-up: read only when the origin names are asked for

    return tuple(Name("origin", k.key, k.zh, (), "textmine/provenance_kinds.py") for k in KINDS.values())


def entries(group: str, directory: str | os.PathLike | None = None) -> tuple[Name, ...]:
    """Every name of `group` (a key of GROUPS), in the order of its file; `directory`: the lexicon folder, for
    categories (default: the data root's lexicons/)."""
    if group not in GROUPS:
        raise KeyError(group)
    if group == "category":
        return _categories(directory)
    if group in ("index", "domain", "node", "leaf"):
        return _nodes(group)
    if group in ("period", "plan_type", "doc_type"):
        return _editions(group)
    if group == "origin":
        return _origins()
    return _from_file(group)


def table(directory: str | os.PathLike | None = None, groups=None) -> list[Name]:
    """The whole table: every group's names, in GROUPS order (`groups`: only these)."""
    return [n for g in GROUPS if groups is None or g in groups for n in entries(g, directory)]


# -- reading what a user types (the engine: textmine.namematch) ----------------------------------------

def resolve(group: str, query: str, choices=None, directory: str | os.PathLike | None = None) -> str:
    """The key `query` names in `group`: a key, a Chinese name or form, or a short form that only one name starts
    with or contains. `choices`: only these keys may be named (a command taking plan categories only). An unknown
    or ambiguous name is an UnknownName error with the closest names."""
    return resolve_in(group, [n for n in entries(group, directory) if choices is None or n.key in choices], query)


# -- what outputs show ----------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _index(group: str, _key) -> dict[str, Name]:
    return {n.key: n for n in entries(group)}


def _stamp_of(group: str):
    """What invalidates the cached index of a group: the stamps of the files it is read from."""
    files = {"column": [FILE], "format": [FILE], "kind": [FILE], "mode": [FILE], "status": [FILE], "review": [FILE],
             "confidence": [FILE], "owner": [FILE], "group_kind": [FILE], "stage": [FILE],
             "domain": [("scoring", "nodes.csv")], "index": [("scoring", "nodes.csv")],
             "node": [("scoring", "nodes.csv"), ("scoring", "indicators.csv")], "leaf": [("scoring", "indicators.csv")],
             "period": [("corpora", "editions.toml")], "plan_type": [("corpora", "editions.toml")],
             "doc_type": [("corpora", "editions.toml")]}.get(group, [])
    out = []
    for parts in files:
        try:
            out.append(stamp(data_path(*parts)))
        except (FileNotFoundError, TextmineError):
            out.append(None)
    return tuple(out)


def lookup(group: str, key) -> Name | None:
    if key is None:
        return None
    try:
        return _index(group, _stamp_of(group)).get(str(key))
    except (TextmineError, OSError):
        return None


def zh(group: str, key) -> str:
    """The Chinese name of `key` in `group` ('counted' → '计入'); the key itself when the table has none."""
    n = lookup(group, key)
    return n.zh if n else ("" if key is None else str(key))


_CATEGORY_SUFFIXES = {"": "词频", "_density": "每万字", "_distinct": "不同词条数"}
_INDEX_PREFIXES = {"mean_rank_": "平均排名", "rank_": "排名", "mean_": "均值", "share_": "占比"}
_NODE_SUFFIXES = {"_score": "得分", "_rank": "排名"}


def header(column: str) -> str:
    """The Chinese header of an output column: the names table's, else the Chinese name of the index, node or
    leaf it is the key of, else that of a lexicon category (theme → 主题词汇词频, theme_density → 主题词汇每万字),
    else the column as it is."""
    for group in ("column", "index", "node"):
        n = lookup(group, column)
        if n:
            return n.zh
    for prefix, word in _INDEX_PREFIXES.items():        # rank_cemi → 综合指数排名, share_market → 市场化价值实现占比
        base = column[len(prefix):] if column.startswith(prefix) else None
        if base and (lookup("index", base) or base == "composite"):
            return header(base) + word
    for suffix, word in _NODE_SUFFIXES.items():         # composite_score → 综合指数得分, G2.1_rank → 主题词汇排名
        base = column[: -len(suffix)] if column.endswith(suffix) else None
        if base and (lookup("index", base) or lookup("node", base) or base == "composite"):
            return header(base) + word
    for suffix, word in _CATEGORY_SUFFIXES.items():
        key = column[: len(column) - len(suffix)] if suffix and column.endswith(suffix) else column
        if key != column or not suffix:
            name = category_header(key)
            if name:
                return name + word
    return str(column)


#: columns whose values are keys of a group: shown by their Chinese names in tables, Excel and HTML
VALUE_GROUPS = {"status": "status", "review": "review", "confidence": "confidence", "kind": "kind",
                "plan_type": "plan_type", "doc_type": "doc_type", "mode": "mode", "origin": "origin",
                "group_kind": "group_kind", "severity": "status", "stage": "stage"}


def value_zh(column: str, value):
    """A cell as a Chinese table shows it: a status word or other key of `column`'s group by its Chinese name
    ('counted' → 计入), an index key in an `index` column by its name (composite → 综合指数), a category key in
    a `category` column by the name of the indicator it feeds; anything else as it is."""
    if not isinstance(value, str) or not value:
        return value
    group = VALUE_GROUPS.get(str(column))
    if group:
        return zh(group, value)
    if column == "index":
        return header(value)
    if column == "category":
        return category_header(value) or value
    return value


def value_namer():
    """`value_zh` with a memory, for one rendering of many cells (a table, a sheet, a page): each distinct
    (column, value) is looked up once — a lookup finds the data root and stats the files its group is read from."""
    memo: dict[tuple[str, str], object] = {}

    def name(column, value):
        if not isinstance(value, str) or not value:
            return value
        key = (str(column), value)
        if key not in memo:
            memo[key] = value_zh(str(column), value)
        return memo[key]
    return name


def category_headers(keys) -> dict[str, str]:
    """Chinese headers of the count columns of plan categories (theme, theme_density, theme_distinct): a table
    whose `market` column is the category, not the domain."""
    out = {}
    for k in keys:
        name = category_header(k)
        if name:
            out.update({k + suffix: name + word for suffix, word in _CATEGORY_SUFFIXES.items()})
    return out


def category_header(key: str) -> str:
    """The short Chinese name of a plan category as tables show it (the indicator it feeds: 主题词汇), '' for a
    key that is no category."""
    try:
        if key not in {c.key for c in categories()}:
            return ""
    except (LexiconError, TextmineError):
        return ""
    return category_indicator_name(key)


def unit(column: str) -> str:
    """How a number in `column` (its key or its Chinese header) is formatted: the names table's unit of the
    column, else that of the first `format` pattern it matches, else '' (decided by the values)."""
    n = lookup("column", column)
    if n and n.unit:
        return n.unit
    if lookup("index", column):
        return "score"
    try:
        patterns = entries("format")
    except TextmineError:
        return ""
    for p in patterns:
        if fnmatch.fnmatchcase(str(column), p.key):
            return p.unit
    return ""


def shown(group: str, key) -> str:
    """`key` as a message in the user's language names it: its Chinese name in Chinese, the key in English."""
    return zh(group, key) if language() == "zh" else ("" if key is None else str(key))
