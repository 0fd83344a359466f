"""政府关注 (G02): which news items count, matched by the same normaliser and matcher as plan pages.

The crawler (`textmine crawl news`) stores every candidate item the portal showed for a query, with its
title, date and, when it fetched the article, the article as a parsed `news` document. Whether an item
counts is decided here, never at crawl time:

- the query is a news lexicon (lexicons/news.txt, the report's phrase 生态产品价值实现; or another one
  named with `--news-lexicon`, e.g. `broad` = lexicons/news-broad.txt);
- an item counts when its normalised title, or a body page of its article, holds a term of the lexicon
  (`PageMatcher`, token mode by default, exactly as for plans);
- only items published inside the reference window count; undated items never count in a window and are
  listed as such;
- a city has a count only when a completed news crawl covered the whole window and searched every query
  of the lexicon (or listed a news column); otherwise its value is missing, never 0.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import TextmineError
from ..i18n import _
from ..lexicon import Lexicon, LexiconError, lexicon_dir
from ..lexicon.format import read_lexicon_file
from ..parse.normalise import normalise
from ..registry import load_registry, resolve_city
from ..store import Store
from ..store import news as store_news
from ..text import CLAUSE_ENDS, FULL_STOPS
from .scope import check_mode as _check_mode
from .matchers import PageMatcher, TermHit
from .scope import counted_texts
from .segment import segmenter
from .state import case_forms
from ..reference import check_window, reference

LISTING = "*"            # news_crawls.queries of a column listing: every item of the column was seen
MODEL = "model"          # a window bound given as MODEL is the model's reference window (scoring/model.toml)
_SENTENCE_END = FULL_STOPS + CLAUSE_ENDS + "\n"      # textmine.text, or a line break


@dataclass(frozen=True)
class NewsQuery:
    """A news lexicon: its name, the terms searched on the portals and the variants that match."""

    name: str
    lexicon: Lexicon

    @property
    def label(self) -> str:
        """What a news count says it measured: the lexicon's name and version (with content hash)."""
        return f"{self.name} {self.lexicon.version_label}"

    @property
    def search_terms(self) -> list[str]:
        return [e.term for e in self.lexicon.entries]

    @property
    def mapping(self) -> dict[str, tuple[str, str]]:
        """variant → (term, "news"), Latin-lettered variants in their other cases too (as for plans)."""
        base = {v: (e.term, "news") for e in self.lexicon.entries for v in e.variants}
        return base | {f: t for v, t in base.items() for f in case_forms(v) if f not in base}


def available_news_lexicons(directory=None) -> list[str]:
    d = lexicon_dir(directory)
    names = ["news"] if (d / "news.txt").is_file() else []
    return names + sorted(p.stem[5:] for p in d.glob("news-*.txt"))


def load_news_query(which: str | Path | None = None, directory=None) -> NewsQuery:
    """A news lexicon by name (`news`, or `broad` for lexicons/news-broad.txt) or by file path; the default
    is the model's (scoring/model.toml [news] lexicon)."""
    if isinstance(which, NewsQuery):
        return which
    if which is None:
        which = reference().news_lexicon
    p = Path(str(which))
    if p.suffix == ".txt" and p.is_file():
        path, name = p, p.stem
    else:
        name = str(which)
        d = lexicon_dir(directory)
        path = d / ("news.txt" if name == "news" else f"news-{name}.txt")
        if not path.is_file():
            raise TextmineError(f"unknown news lexicon {name!r}: no {path}; available: "
                                f"{', '.join(available_news_lexicons(directory)) or 'none'} (or give a file path)")
    lex, problems = read_lexicon_file(path, "news")
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        raise LexiconError("; ".join(map(str, errors)))
    return NewsQuery(name, lex)


@lru_cache(maxsize=8)
def _matcher(mapping_items: tuple, mode: str, exclusion_items: tuple = (), quoted: tuple = ()) -> PageMatcher:
    mapping = dict(mapping_items)
    return PageMatcher(mapping, mode, segmenter(mapping) if mode == "token" else None, dict(exclusion_items), quoted)


class NewsMatcher:
    """The plan matcher (`PageMatcher`) over a news lexicon, on normalised text."""

    def __init__(self, query: NewsQuery, mode: str | None = None):
        self.query = query
        self.mode = _check_mode(mode)
        self._built: PageMatcher | None = None

    @property
    def _pm(self) -> PageMatcher:
        # built at the first text (a token-mode segmenter takes a second; a corpus without news needs none);
        # a news lexicon's except: lines apply as they do for plans
        if self._built is None:
            q = self.query
            self._built = _matcher(tuple(sorted(q.mapping.items())), self.mode,
                                   tuple(sorted(q.lexicon.exclusions.items())), tuple(sorted(q.lexicon.quoted)))
        return self._built

    def hits(self, text: str, normalised: bool = False) -> tuple[str, list[TermHit]]:
        """(the normalised text, its hits): offsets refer to the normalised text."""
        text = text if normalised else normalise(text or "")
        return text, self._pm.hits(text)

    def first(self, text: str) -> str | None:
        """The first variant found in the (raw) text, or None: the crawler's test of a title."""
        hits = self.hits(text)[1]
        return hits[0].surface if hits else None


def sentence_at(text: str, offset: int, limit: int = 160) -> str:
    """The sentence of `text` holding `offset` (at most `limit` characters around it)."""
    start = max((text.rfind(c, 0, offset) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, offset) for c in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    start, end = max(start, offset - limit // 2), min(end, offset + limit // 2)
    return text[start:end].strip()


@dataclass
class ItemVerdict:
    city_code: str
    url: str
    title: str
    published: str | None
    status: str                   # counted | undated | outside window | no match | body not parsed
    where: str = ""               # title | body
    term: str = ""
    sentence: str = ""
    page: int | None = None
    document_id: int | None = None
    query: str | None = None


@dataclass
class NewsCounts:
    """What a news count measured, with the count of every city (NaN when not measured)."""

    query: NewsQuery
    mode: str
    since: str | None
    until: str | None
    counts: dict[str, float] = field(default_factory=dict)
    undated: dict[str, int] = field(default_factory=dict)        # per city, items without a date (not counted)
    not_covered: dict[str, str] = field(default_factory=dict)    # crawled cities without a covering crawl: why
    unparsed: dict[str, int] = field(default_factory=dict)       # items whose article is not parsed yet

    @property
    def window(self) -> str:
        return f"{self.since or '…'} – {self.until or '…'}"

    def describe(self) -> str:
        return (_("news items matching {query} ({mode} mode), published {window}").format(
            query=self.query.label, mode=self.mode, window=self.window)
            + ("; " + _("{n} undated item(s) not counted").format(n=sum(self.undated.values())) if self.undated
               else ""))


def _covering(store: Store, query: NewsQuery, since: str | None, until: str | None) -> tuple[set, dict]:
    """Cities with a completed crawl covering [since, until] and every query of the lexicon; and, for the
    other crawled cities, why their crawls do not cover it."""
    ok, why = set(), {}
    wanted = set(query.search_terms)
    for r in store_news.crawls(store.conn):
        searched = set(json.loads(r["queries"])) if r["queries"] else None
        end = min(x for x in (r["until"], r["finished_at"][:10]) if x)
        problems = []
        if since and r["since"] and r["since"] > since:
            problems.append(f"crawl started at {r['since']}")
        if until and end < until:
            problems.append(f"crawl window ended {end}")
        if searched is not None and LISTING not in searched and not wanted <= searched:
            problems.append(f"crawl did not search {', '.join(sorted(wanted - searched))}")
        if problems:
            why.setdefault(r["city_code"], "; ".join(problems))
        else:
            ok.add(r["city_code"])
    return ok, {c: w for c, w in why.items() if c not in ok}


def resolve_window(since=MODEL, until=MODEL) -> tuple[str | None, str | None]:
    """(since, until) as dates; MODEL stands for the model's reference window, None for an open end."""
    if since == MODEL or until == MODEL:
        ref = reference()
        since = ref.since if since == MODEL else since
        until = ref.until if until == MODEL else until
    return check_window(since, until)


def judge_items(store: Store, query: NewsQuery | str | None = None, since=MODEL, until=MODEL, *, city=None,
                mode: str | None = None) -> list[ItemVerdict]:
    """Every stored candidate item (of one city, or all), with whether it counts and the evidence. The
    lexicon and window default to the model's; None for `since`/`until` leaves that end open."""
    query = load_news_query(query)
    since, until = resolve_window(since, until)
    matcher = NewsMatcher(query, mode)
    out = []
    for r in store_news.items_with_parse(store.conn, resolve_city(city).code if city else None):
        v = ItemVerdict(r["city_code"], r["url"], r["title"], r["published"], "", document_id=r["document_id"],
                        query=r["query"])
        out.append(v)
        if r["published"] is None and (since or until):
            v.status = "undated"
        elif (since and r["published"] < since) or (until and r["published"] > until):
            v.status = "outside window"
        if v.status:
            continue
        title, hits = matcher.hits(r["title"])
        if hits:
            v.status, v.where, v.term, v.sentence = "counted", "title", hits[0].term, title
            continue
        if r["document_id"] is not None and r["parse_status"] in ("ok", "warning"):
            for _doc, page, text, _extra in counted_texts(store, document_ids=[r["document_id"]]):
                hits = matcher.hits(text, normalised=True)[1]
                if hits:
                    v.status, v.where, v.term, v.page = "counted", "body", hits[0].term, page
                    v.sentence = sentence_at(text, hits[0].offset)
                    break
        if not v.status:
            v.status = "body not parsed" if r["document_id"] is not None and r["parse_status"] is None else "no match"
    return out


def count_news(store: Store, query: NewsQuery | str | None = None, since=MODEL, until=MODEL,
               mode: str | None = None) -> NewsCounts:
    """Distinct counted items per city in [since, until] under the news lexicon `query` (both default to
    the model's: lexicons/news.txt, 2024-01-01 – 2024-12-31 for cemi-2025)."""
    query = load_news_query(query)
    since, until = resolve_window(since, until)
    res = NewsCounts(query, _check_mode(mode), since, until)
    covered, res.not_covered = _covering(store, query, since, until)
    per_city: dict[str, int] = {}
    for v in judge_items(store, query, since, until, mode=mode):
        if v.status == "counted":
            per_city[v.city_code] = per_city.get(v.city_code, 0) + 1
        elif v.status == "undated":
            res.undated[v.city_code] = res.undated.get(v.city_code, 0) + 1
        elif v.status == "body not parsed":
            res.unparsed[v.city_code] = res.unparsed.get(v.city_code, 0) + 1
    res.counts = {c.code: (float(per_city.get(c.code, 0)) if c.code in covered else math.nan)
                  for c in load_registry()}
    return res


def news_counts(store: Store, since=MODEL, until=MODEL, query: NewsQuery | str | None = None,
                mode: str | None = None):
    """pandas.Series indexed by city_code (all 339): distinct counted news items in [since, until]; NaN for
    cities without a covering crawl. `.attrs["measure"]` says what was measured."""
    import numpy as np
    import pandas as pd

    res = count_news(store, query, since, until, mode)
    s = pd.Series(np.array(list(res.counts.values()), dtype=float),
                  index=pd.Index(list(res.counts), name="city_code"), name="news.count")
    s.attrs.update({"measure": res.describe(), "lexicon": res.query.label, "since": res.since, "until": res.until,
                    "undated": dict(res.undated), "not_covered": dict(res.not_covered)})
    return s

