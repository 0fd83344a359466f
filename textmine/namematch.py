"""The matching engine of names: what a user types, read against names given to it.

    match(names, "市场")                 the Names it may mean (one exact match, else starts, else parts)
    resolve_in("category", names, q)    the one key it names, else an UnknownName error with the closest names
    period_entries(periods)             the names of plan periods: 十五五, 十五五规划, 第十五个五年规划, 2026-2030, 15五

It reads no data file: the lexicon builds the names of its categories (textmine.lexicon.categories), the edition
rules those of periods, plan types and document types (textmine.edition_rules), and the names table
(textmine.nametable) collects every group's from the files that define them. Low in the layers, so that each of
them can match its own names without importing the others.

What a user types is matched, in order, as: the key (any case); a Chinese name or form (after NFKC, traditional →
simplified, quotes and spaces dropped); the start of exactly one Chinese name (市场 → 市场配置相关词汇); a part of
exactly one (禀赋 → 生态资源禀赋). A form several names share is refused listing them; an unknown one with the
closest names, each as `key（中文名）`, in the user's language (textmine.i18n).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .errors import TextmineError
from .i18n import _, language
from .text import to_simplified

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


def period_entries(periods, src: str = "corpora/editions.toml") -> tuple[Name, ...]:
    """The names of plan periods (textmine.edition_rules.Period): 十五五, 十五五规划, 第十五个五年规划, 2026-2030, 15五."""
    out = []
    for p in periods:
        n = _CN_NUMBER.get(p.number)
        forms = [f"{p.name}规划", f"第{p.number}个五年规划", f"第{p.number}个五年", f"{p.years[0]}-{p.years[1]}",
                 f"{p.years[0]}–{p.years[1]}", f"{p.years[0]}—{p.years[1]}"] + ([f"{n}五"] if n else [])
        out.append(Name("period", p.name, p.name, tuple(forms), src))
    return tuple(out)


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


def resolve_in(group: str, names, query: str) -> str:
    """The key `query` names among `names` (the entries of `group`, a key of GROUPS): a key, a Chinese name or
    form, or a short form that only one name starts with or contains. An unknown or ambiguous name is an
    UnknownName error with the closest names."""
    names = list(names)
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
    what = GROUPS[group][1] if language() == "zh" else GROUPS[group][0]
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
