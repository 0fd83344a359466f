"""Lexicon categories are files: every `lexicons/<key>.txt` is one, described by its header.

    # category: theme                      the key (the file's name without .txt)
    # name: 生态资产管理主题词               the Chinese label shown with the key
    # leaf: G05                            the leaf of scoring/indicators.csv it feeds, or `none`
    # use: plan                            plan (counted in plan outlines, the default) or news (a news query)

Counting, audits, `lexicon diff`, `audit sample` and `audit precision` take the plan categories from here,
so a researcher adds a category by adding a file; no list of categories is written in Python. The order is
that of the leaves (G05, G06, …), then categories that feed no leaf, by key. A file is read only up to its
first term line; the full parse (and its validation) is `format.read_lexicon_file`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datacsv import stamp
from ..errors import TextmineError
from ..indicator_files import csv_parents, indicator_names
from ..namematch import Name, UnknownName, resolve_in
from ..resources import data_path
from .format import LexiconError

USES = ("plan", "news")
NO_LEAF = "none"
_HEADER = re.compile(r"^#\s*(category|name|leaf|use)\s*:\s*(.*)$")
_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_LEAF = re.compile(r"^[A-Z][0-9]{2}$")


@dataclass(frozen=True)
class Category:
    key: str          # the file's stem: what commands take (`--category theme`)
    declared: str     # its `# category:` (the key, except for news queries: `news`)
    name: str         # Chinese label (`# name:`)
    leaf: str | None  # indicator code fed (`# leaf:`), None for `none`
    use: str          # plan | news
    path: Path

    @property
    def label(self) -> str:
        return f"{self.key}（{self.name}）" if self.name else self.key


def lexicon_dir(path: str | os.PathLike | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("TEXTMINE_LEXICONS")
    return Path(env) if env else data_path("lexicons")


def _folder(directory: str | os.PathLike | None) -> Path:
    return lexicon_dir(directory)


def categories(directory: str | os.PathLike | None = None) -> tuple[Category, ...]:
    """Every lexicon file of the folder, plan categories first (by leaf, then key), then news queries."""
    folder = _folder(directory)
    try:
        files = sorted(p for p in folder.glob("*.txt") if p.is_file())
    except OSError:
        files = []
    stamps = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        stamps.append((str(p), st.st_mtime_ns, st.st_size))
    return _discover(str(folder), tuple(stamps))


@lru_cache(maxsize=16)
def _discover(folder: str, stamps: tuple) -> tuple[Category, ...]:
    found = [read_header(Path(p)) for p, _, _ in stamps]
    plan = [c for c in found if c.use == "plan"]
    fed: dict[str, Category] = {}
    for c in plan:
        if c.leaf and c.leaf in fed:
            raise LexiconError(f"{c.path}:1: leaf {c.leaf} is fed by two lexicons ({fed[c.leaf].path.name} and "
                               f"{c.path.name}); one leaf counts one category: give one of them another leaf or "
                               f"'# leaf: {NO_LEAF}'")
        if c.leaf:
            fed[c.leaf] = c
    plan.sort(key=lambda c: (c.leaf is None, c.leaf or "", c.key))
    return tuple(plan) + tuple(sorted((c for c in found if c.use == "news"), key=lambda c: c.key))


def read_header(path: Path) -> Category:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return header_category(fh, path)
    except UnicodeDecodeError:
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise LexiconError(f"{path}:{line}: not UTF-8 ({exc.reason}); save the lexicon as UTF-8") from None
        raise


def header_category(lines, path: Path) -> Category:
    """The Category a lexicon's header lines describe (`lines`: the file's lines, read up to the first
    term); `path` names the file (its stem is the key). A header that cannot describe a category is a
    LexiconError naming file and line."""
    head: dict[str, tuple[str, int]] = {}
    for n, line in enumerate(lines, start=1):
        line = line.strip().lstrip("\ufeff")
        if line and not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m.group(1) not in head:
            head[m.group(1)] = (m.group(2).strip(), n)
    key = Path(path).stem
    declared = head.get("category", ("", 0))[0]
    # a news query written before `# use:` existed says `# category: news`
    use, use_line = head.get("use", ("news" if declared == "news" else "plan", 1))
    if use not in USES:
        raise LexiconError(f"{path}:{use_line}: '# use: {use}' is not one of {', '.join(USES)} (plan: counted in "
                           "plan outlines; news: a news query)")
    if not declared:
        raise LexiconError(f"{path}:1: no '# category: {key}' header line: every .txt file in the lexicon folder is "
                           "a lexicon (move other files elsewhere)")
    if use == "plan":
        if not _KEY.match(key):
            raise LexiconError(f"{path}: a category's file name must be a lower-case key (letters, digits, - or _, "
                               f"starting with a letter), e.g. ocean.txt; got {path.name!r}")
        if declared != key:
            raise LexiconError(f"{path}:{head['category'][1]}: header says category {declared!r} but the file is "
                               f"{path.name} (category {key!r})")
    leaf_text, leaf_line = head.get("leaf", ("", 0))
    leaf: str | None = None
    if use == "plan" and not leaf_text:
        raise LexiconError(f"{path}:1: no '# leaf:' header line: name the leaf of scoring/indicators.csv the "
                           f"category feeds (e.g. '# leaf: G05'), or write '# leaf: {NO_LEAF}' for a category that "
                           "is counted and audited but feeds no indicator")
    if leaf_text and leaf_text != NO_LEAF:
        leaf = leaf_text.split()[0]
        if not _LEAF.match(leaf):
            raise LexiconError(f"{path}:{leaf_line}: '# leaf: {leaf_text}' is not a leaf code (a letter and two digits, "
                               f"e.g. G05) nor '{NO_LEAF}'")
    return Category(key, declared, head.get("name", ("", 0))[0], leaf, use, path)


def plan_categories(directory: str | os.PathLike | None = None) -> tuple[str, ...]:
    """The keys of the categories counted in plans, in report order."""
    return tuple(c.key for c in categories(directory) if c.use == "plan")


def category_keys(directory: str | os.PathLike | None = None) -> tuple[str, ...]:
    """Every lexicon file's key (plan categories, then news queries)."""
    return tuple(c.key for c in categories(directory))


def category(key: str, directory: str | os.PathLike | None = None, allowed: tuple[str, ...] | None = None) -> Category:
    """The category `key` names: its key, its Chinese name or a short form only one category has (市场配置, 主题:
    `category_names`, matched by textmine.namematch); `allowed`: only these keys. Else a LexiconError with the
    closest categories."""
    found = [c for c in categories(directory) if allowed is None or c.key in allowed]
    for c in found:
        if c.key == key:
            return c
    if not found:
        raise LexiconError(f"unknown lexicon category {key!r}; the lexicon folder has no lexicons")
    try:
        key = resolve_in("category", category_names(found), key)
    except UnknownName as exc:
        raise LexiconError(str(exc)) from None
    return next(c for c in found if c.key == key)


def category_names(found) -> tuple[Name, ...]:
    """The names a user may type for the categories `found`: the key, the `# name:`, and for a plan category the
    Chinese name of the indicator node its leaf hangs under and the leaf (市场配置, G08: scoring/nodes.csv and
    indicators.csv); the news queries share G02, so they are named by their key and `# name:` only."""
    nodes = indicator_names()
    try:
        parents = csv_parents(*stamp(data_path("scoring", "indicators.csv")))
    except (FileNotFoundError, TextmineError):
        parents = {}
    out = []
    for c in found:
        forms = [f for f in (nodes.get(parents.get(c.leaf or "", "")), c.leaf) if f] if c.use == "plan" else []
        out.append(Name("category", c.key, c.name or c.key, tuple(forms), f"lexicons/{c.path.name}"))
    return tuple(out)


def rank(directory: str | os.PathLike | None = None):
    """A sort key putting categories in report order: the plan categories' order, any other key after, by name."""
    known = {k: i for i, k in enumerate(plan_categories(directory))}
    return lambda k: (known.get(k, len(known)), k)


def order(keys, directory: str | os.PathLike | None = None) -> list[str]:
    """`keys` in report order (`rank`), each once."""
    return sorted(set(keys), key=rank(directory))
