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

What a user types is matched, in order, as: the key (any case); a Chinese name or form (after NFKC, traditional →
simplified, quotes and spaces dropped); the start of exactly one Chinese name (市场 → 市场配置相关词汇); a part of
exactly one (禀赋 → 生态资源禀赋). A form several names share is refused listing them; an unknown one with the
closest names, each as `key（中文名）`, in the user's language (textmine.i18n).
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datacsv import read_table, stamp
from .errors import TextmineError
from .i18n import _, language
from .lexicon import LexiconError
from .lexicon.categories import categories
from .names import _csv_parents, _scoring_rows, category_indicator_name, indicator_names
from .resources import data_path
from .text import to_simplified

FILE = ("corpora", "names.csv")
COLUMNS = ("group", "key", "zh", "forms", "unit")
UNITS = ("share", "percent", "score", "rank", "count", "amount", "ratio", "p", "weight", "")

#: group → (what it is, in English; in Chinese). The first ones are what commands take; the others are shown.
GROUPS: dict[str, tuple[str, str]] = {
    "category": ("lexicon category", "词表类别"),
    "index": ("index (the composite or a domain)", "指数（综合指数或领域）"),
    "domain": ("domain", "领域"),
    "node": ("indicator (a node or a leaf of the indicator tree)", "指标（指标树的节点或叶指标）"),
    "leaf": ("leaf indicator", "叶指标"),
    "kind": ("document kind", "文件种类"),
    "plan_type": ("plan type", "规划类型"),
    "doc_type": ("document type", "文种"),
    "period": ("plan period", "规划期"),
    "mode": ("counting mode", "计数模式"),
    "status": ("status", "状态"),
    "review": ("review state", "复核状态"),
    "confidence": ("confidence", "可信度"),
    "owner": ("issuer", "发文主体"),
    "group_kind": ("kind of group", "分组类型"),
    "stage": ("stage of `textmine run`", "运行阶段"),
    "origin": ("provenance kind of a cell", "数据来源种类"),
    "column": ("output column", "输出列"),
    "format": ("unit of columns matching a pattern", "按列名模式的单位"),
}
#: the groups a command option or argument takes (the others are only shown)
TYPED = ("category", "index", "domain", "node", "leaf", "kind", "plan_type", "doc_type", "period", "mode")
_FROM_FILE = ("kind", "mode", "status", "review", "confidence", "owner", "group_kind", "stage", "column", "format")
_QUOTES = "“”\"'‘’「」『』《》〈〉"
_CJK = re.compile(r"[\u3400-\u9fff]")
_CN_NUMBER = {"十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15, "十六": 16, "十七": 17, "十八": 18, "十九": 19}


@dataclass(frozen=True)
class Name:
    group: str
    key: str                      # what programs use (CSV/JSON, the store)
    zh: str                       # the Chinese name shown
    forms: tuple[str, ...] = ()   # more names a user may type
    source: str = ""              # the file that defines it
    unit: str = ""                # columns: how Excel formats their numbers

    @property
    def label(self) -> str:
        """'market（市场配置相关词汇）': the key with its Chinese name (the key alone when they are the same)."""
        return f"{self.key}（{self.zh}）" if self.zh and self.zh != self.key else self.key


class UnknownName(TextmineError):
    """A name no entry of its group has, or several share; `suggestions` are the closest entries."""

    exit_code = 3

    def __init__(self, message: str, suggestions: list[Name]):
        super().__init__(message)
        self.suggestions = suggestions


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


def _csv_rows(name: str) -> list[dict[str, str]]:
    return _scoring_rows(name)


def _categories(directory) -> tuple[Name, ...]:
    try:
        found = categories(directory)
    except (LexiconError, TextmineError):
        return ()
    nodes = indicator_names()
    try:
        parents = _csv_parents(*stamp(data_path("scoring", "indicators.csv")))
    except (FileNotFoundError, TextmineError):
        parents = {}
    out = []
    for c in found:
        # a plan category is also named by the indicator it feeds (市场配置, G08); the news queries share G02
        forms = [f for f in (nodes.get(parents.get(c.leaf or "", "")), c.leaf) if f] if c.use == "plan" else []
        out.append(Name("category", c.key, c.name or c.key, tuple(forms), f"lexicons/{c.path.name}"))
    return tuple(out)


def _nodes(which: str) -> tuple[Name, ...]:
    out = []
    for file in ("nodes.csv", "indicators.csv"):
        if which == "leaf" and file == "nodes.csv" or which in ("index", "domain") and file == "indicators.csv":
            continue
        for r in _csv_rows(file):
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
    from .editions.rules import load_rules  # upward: a known exception (docs/ARCHITECTURE.md)

    try:
        rules = load_rules()
    except TextmineError:
        return ()
    src = "corpora/editions.toml"
    if group == "period":
        return period_entries(rules.periods)
    items = rules.plan_types if group == "plan_type" else rules.doc_types
    return tuple(Name(group, t.name, t.label, tuple(x for x in re.split(r"[/／]", t.label) if x and x != t.label), src)
                 for t in items)


def period_entries(periods, src: str = "corpora/editions.toml") -> tuple[Name, ...]:
    """The names of plan periods (textmine.editions.rules.Period): 十五五, 十五五规划, 第十五个五年规划, 2026-2030, 15五."""
    out = []
    for p in periods:
        n = _CN_NUMBER.get(p.number)
        forms = [f"{p.name}规划", f"第{p.number}个五年规划", f"第{p.number}个五年", f"{p.years[0]}-{p.years[1]}",
                 f"{p.years[0]}–{p.years[1]}", f"{p.years[0]}—{p.years[1]}"] + ([f"{n}五"] if n else [])
        out.append(Name("period", p.name, p.name, tuple(forms), src))
    return tuple(out)


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


# -- reading what a user types --------------------------------------------------------------------------

def normal(text: str) -> str:
    """The form names are compared in: NFKC, quotes and spaces dropped, ASCII lower-cased."""
    s = unicodedata.normalize("NFKC", str(text)).strip().strip(_QUOTES)
    s = re.sub(r"\s+", "", s)
    return s.lower() if s.isascii() else s


def _simplified(text: str) -> str:
    if text.isascii():
        return text
    return to_simplified(text)


def _forms(n: Name) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normal(f) for f in (n.zh, *n.forms) if f))


def resolve(group: str, query: str, choices=None, directory: str | os.PathLike | None = None) -> str:
    """The key `query` names in `group`: a key, a Chinese name or form, or a short form that only one name starts
    with or contains. `choices`: only these keys may be named (a command taking plan categories only). An unknown
    or ambiguous name is an UnknownName error with the closest names."""
    names = [n for n in entries(group, directory) if choices is None or n.key in choices]
    found = match(names, query)
    if len(found) == 1:
        return found[0].key
    raise unknown(group, query, names, found)


def match(names: list[Name], query: str) -> list[Name]:
    """The names `query` may mean: one exact match, else every name it is the start of, else every name it is
    part of (an empty list: none)."""
    q = normal(query)
    if not q:
        return []
    for text in dict.fromkeys((q, normal(_simplified(q)))):
        exact = [n for n in names if n.key.lower() == text.lower() or text in _forms(n)]
        if exact:
            return exact
    q = normal(_simplified(q))
    if len(q) < 2 or not _CJK.search(q):
        return []
    for test in (str.startswith, str.__contains__):
        hits = [n for n in names if any(test(f, q) for f in _forms(n))]
        if hits:
            return hits
    return []


def suggestions(names: list[Name], query: str, n: int = 5) -> list[Name]:
    """The names closest to `query`, best first: by similarity (difflib) to the key or to any Chinese form
    (traditional written as simplified), then by Chinese characters in common, ties in the table's order. A
    name shares at least half of its text with the query, or a Chinese character and a third of its text."""
    q = normal(_simplified(normal(query)))
    scored = []
    for i, name in enumerate(names):
        texts = (name.key.lower(), *_forms(name))
        best = max(difflib.SequenceMatcher(None, q, f).ratio() for f in texts)
        shared = max(len(set(_CJK.findall(q)) & set(_CJK.findall(f))) for f in texts)
        if best >= 0.5 or shared and best >= 0.3:
            scored.append((best, shared, -i, name))
    scored.sort(key=lambda s: s[:3], reverse=True)
    return [s[3] for s in scored[:n]]


def unknown(group: str, query: str, names: list[Name], found: list[Name]) -> UnknownName:
    what = GROUPS[group][1] if _zh() else GROUPS[group][0]
    if found:
        shown = "; ".join(n.label for n in found[:12])
        return UnknownName(_("{query!r} names more than one {what}: {names}; give more of the name, or the key")
                           .format(query=query, what=what, names=shown), found)
    close = suggestions(names, query)
    shown = " / ".join(n.label for n in close)
    if len(names) <= 12:
        every = ", ".join(n.label for n in names)
        message = (_("unknown {what} {query!r}; did you mean {names}? (all: {every})") if close else
                   _("unknown {what} {query!r}; choose one of {every}"))
    else:                                   # 76 leaves are too many to list: say where they are listed
        every = _("`textmine names {group}` lists all {n}").format(group=group, n=len(names))
        message = (_("unknown {what} {query!r}; did you mean {names}? ({every})") if close else
                   _("unknown {what} {query!r}; {every}"))
    return UnknownName(message.format(what=what, query=query, names=shown, every=every), close)


def _zh() -> bool:
    return language() == "zh"


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


def source_path(name: Name) -> Path:
    return data_path(*name.source.split("/")) if not name.source.startswith("textmine/") else Path(name.source)


def shown(group: str, key) -> str:
    """`key` as a message in the user's language names it: its Chinese name in Chinese, the key in English."""
    return zh(group, key) if language() == "zh" else ("" if key is None else str(key))
