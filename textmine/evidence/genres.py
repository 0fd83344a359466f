"""Genres of documents (``lexicons/evidence/genres.toml``) and the parts of a document a sentence is in.

A genre says how a document states facts: a regulation's article is in force as written, a bulletin
counts what exists, a work report first reviews the past year and then lists the coming year's tasks,
a budget report reports last year's execution and then the coming year's draft budget, an outline
plans. ``detect_genre`` reads the title, then the first characters of the text, against each genre's
``title`` and ``head`` patterns (first genre that matches, title before head).

``Sections`` follows the headings of a document (一、 （一） 1. 第X章, or a short line ending with ：) and
tells for each line whether it is in a review part (what was done) or a plan part (what is to be done);
a short line of its own without punctuation that holds a review or plan word is a heading too. A heading
with one of the genre's ``review`` words is review, with one of its ``plan`` words plan (with both: its
years decide, else not known); where the genre reads ``years``, a heading naming only years before the document's
plan year (the year of the meeting or of the draft budget: the latest year its head names) is review,
one naming that year or later is plan. Headings without any sign keep the part they are in. Every line before the first
heading has the genre's ``start``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .textpattern import check_text_pattern, text_regex
from .tomlpos import Locator

GENRES_FILE = "genres.toml"
GENRE_KEYS = {"name", "label", "title", "head", "start", "review", "plan", "years", "source"}
TOP_KEYS = {"version", "definition", "head_chars", "genre", "periods"}
PARTS = ("review", "plan", "none")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_HEADING_LINE = re.compile(r"^\s*(?:#+\s*|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、．.](?!\d)|"
                           r"第[一二三四五六七八九十百零\d]+[章节篇部分])")
MAX_HEADING = 60
_SENTENCE_MARK = re.compile(r"[，,。；;！？!?]")


@dataclass(frozen=True)
class Genre:
    name: str
    label: str
    title_re: re.Pattern | None
    head_re: re.Pattern | None
    start: str                       # the part before the first heading: review | plan | none
    review_re: re.Pattern | None
    plan_re: re.Pattern | None
    source: tuple[str, ...]
    where: str
    years: bool = True               # headings' years tell review from plan (not in a 决算 report)


@dataclass
class Genres:
    genres: list[Genre]
    head_chars: int
    periods: dict[str, tuple[int, int]]     # 十四五 -> (2021, 2025)
    path: Path | None = None

    def by_name(self, name: str) -> Genre:
        return next(g for g in self.genres if g.name == name)


OTHER = Genre("other", "其他", None, None, "none", None, None, (), "", False)


def _compile(values, where: str, what: str, problems: list[str]) -> re.Pattern | None:
    if values is None:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problems.append(f"{where}: {what} must be a list of non-empty strings")
        return None
    for v in values:
        check_text_pattern(v.strip(), where, what, problems)
    return re.compile("|".join(text_regex(v.strip(), 12) for v in values)) if values else None


def load_genres(path: Path, data: dict, loc: Locator, problems: list[str]) -> Genres:
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"{path}:{loc.key(None, 0, key)}: unknown key {key!r}; known: {sorted(TOP_KEYS)}")
    head_chars = data.get("head_chars", 600)
    if not isinstance(head_chars, int) or isinstance(head_chars, bool) or not 50 <= head_chars <= 5000:
        problems.append(f"{path}:{loc.key(None, 0, 'head_chars')}: head_chars must be a whole number 50-5000")
        head_chars = 600
    periods = {}
    for name, span in (data.get("periods") or {}).items():
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(y, int) for y in span)):
            problems.append(f"{path}:{loc.key('periods', 0, name)}: a period is [first year, last year]")
            continue
        periods[name] = (span[0], span[1])
    out: list[Genre] = []
    for i, raw in enumerate(data.get("genre") or []):
        where = f"{path}:{loc.table('genre', i)}"
        for key in sorted(set(raw) - GENRE_KEYS):
            problems.append(f"{path}:{loc.key('genre', i, key)}: unknown key {key!r} in [[genre]]; known: "
                            f"{sorted(GENRE_KEYS)}")
        name = raw.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z_]*", name or ""):
            problems.append(f"{where}: name must be a lower-case identifier such as work_report")
            continue
        if name in {g.name for g in out} or name == OTHER.name:
            problems.append(f"{where}: genre {name!r} is defined twice (or is the built-in 'other')")
            continue
        start = raw.get("start", "none")
        if start not in PARTS:
            problems.append(f"{path}:{loc.key('genre', i, 'start')}: start must be one of {PARTS}")
            start = "none"
        if not raw.get("title") and not raw.get("head"):
            problems.append(f"{where}: a genre needs title or head patterns (how it is recognised)")
        if not raw.get("source"):
            problems.append(f"{where}: source (the documents the patterns were read from) is required")
        years = raw.get("years", True)
        if not isinstance(years, bool):
            problems.append(f"{path}:{loc.key('genre', i, 'years')}: years must be true or false")
            years = True
        out.append(Genre(name, str(raw.get("label") or name),
                         _compile(raw.get("title"), f"{path}:{loc.key('genre', i, 'title')}", "title", problems),
                         _compile(raw.get("head"), f"{path}:{loc.key('genre', i, 'head')}", "head", problems),
                         start,
                         _compile(raw.get("review"), f"{path}:{loc.key('genre', i, 'review')}", "review", problems),
                         _compile(raw.get("plan"), f"{path}:{loc.key('genre', i, 'plan')}", "plan", problems),
                         tuple(raw.get("source") or ()), where, years))
    if not out:
        problems.append(f"{path}: no [[genre]]")
    return Genres(out, head_chars, periods, path)


def detect_genre(genres: Genres, title: str, head: str) -> Genre:
    """The first genre whose title patterns match the title, else whose head patterns match the head."""
    flat_title = "".join((title or "").split())
    for g in genres.genres:
        if g.title_re is not None and g.title_re.search(flat_title):
            return g
    flat = "".join((head or "").split())
    for g in genres.genres:
        if g.head_re is not None and g.head_re.search(flat):
            return g
    return OTHER


def plan_year(head: str, fallback: int | None) -> int | None:
    """The latest year the document's head names (its meeting, its draft budget), else ``fallback``."""
    years = [int(y) for y in _YEAR.findall(head or "")]
    return max(years) if years else fallback


class Sections:
    """Walks a document's lines in order; ``part(line)`` is review, plan or none for each line."""

    def __init__(self, genre: Genre, year: int | None, periods: dict[str, tuple[int, int]]):
        self.genre, self.year, self.periods = genre, year, periods
        self.current = genre.start
        self.heading = ""

    def _years(self, line: str) -> list[tuple[int, int]]:
        spans = [(int(y), int(y)) for y in _YEAR.findall(line)]
        spans += [span for name, span in self.periods.items() if name in line]
        return spans

    def classify(self, line: str) -> str | None:
        """The part a heading line opens, or None when it says nothing about it."""
        g = self.genre
        review = bool(g.review_re and g.review_re.search(line))
        plan = bool(g.plan_re and g.plan_re.search(line))
        years = self._years(line) if self.year and g.years else []
        if review and plan:              # 2025年财政重点工作和“十四五”工作回顾: the years decide, if any
            if years and all(last < self.year for _, last in years):
                return "review"
            if years and all(first >= self.year for first, _ in years):
                return "plan"
            return "none"
        if review:
            return "review"
        if years and all(last < self.year for _, last in years):
            return "review"
        if plan or (years and any(first >= self.year for first, _ in years)):
            return "plan"
        return None

    @property
    def active(self) -> bool:
        """False for a genre without parts (a regulation, a bulletin): every line is in ``start``."""
        return self.genre.review_re is not None or self.genre.plan_re is not None

    def feed(self, line: str) -> str:
        """The part ``line`` is in (a heading line opens its part)."""
        if not self.active or len(line) > MAX_HEADING + 8:
            return self.current          # no parts, or too long a line to be a heading
        s = line.strip()
        marked = len(s) <= MAX_HEADING and _HEADING_LINE.match(s) or (len(s) <= 40 and s[-1:] in ("：", ":"))
        bare = len(s) <= 30 and not _SENTENCE_MARK.search(s)      # 2020年和“十三五”工作回顾 on a line of its own
        if s and (marked or bare):
            part = self.classify(s)
            if part is not None and (marked or part != "none"):
                self.current, self.heading = part, s
        return self.current
