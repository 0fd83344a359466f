"""The news query terms (the ``news`` lexicon, lexicons/news.txt) and matching them.

Read through the lexicon stage (``textmine.lexicon``): one line per term, variants
separated by `` | ``. The first variant of each line is what the portal's site search is
asked; every variant counts as a match in a title or body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..lexicon import LexiconError, load_lexicon
from ..lexicon.format import read_lexicon_file

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")


@dataclass(frozen=True)
class QueryTerm:
    term: str
    variants: tuple[str, ...]     # the term first


@dataclass(frozen=True)
class Queries:
    terms: tuple[QueryTerm, ...]
    version: str
    source: str

    @property
    def search_terms(self) -> list[str]:
        return [t.term for t in self.terms]

    def match(self, text: str) -> str | None:
        """The first variant found in the text (white space ignored), or None."""
        flat = _SPACE.sub("", text or "")
        for t in self.terms:
            for v in t.variants:
                if _SPACE.sub("", v) in flat:
                    return v
        return None


def load_queries(path: str | Path | None = None) -> Queries:
    """The news queries: the project's ``news`` lexicon, or a lexicon file at ``path``."""
    if path is None:
        lex = load_lexicon("news")
    else:
        lex, problems = read_lexicon_file(Path(path), "news")
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise LexiconError("; ".join(str(p) for p in errors))
    if not lex.entries:
        raise LexiconError(f"{lex.path}: the news lexicon has no terms")
    terms = tuple(QueryTerm(e.term, tuple(e.variants)) for e in lex.entries)
    return Queries(terms, lex.version_label, str(lex.path))
