"""Lexicons: the term lists in `lexicons/<category>.txt` (format in `format.py`).

    load_lexicon("theme")          -> Lexicon (raises LexiconError naming file and line)
    load_lexicons()                -> {category: Lexicon} for the four counting categories
    check_lexicons(), add_terms(), remove_terms() — see the submodules; the analyses against the corpus
    (diff, collisions, suggest, expand) are textmine.lexicon_analysis.

The lexicon folder is the `lexicon_dir` argument, else `TEXTMINE_LEXICONS`, else `lexicons/` of the data root
(resources.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..names import category_list
from ..resources import data_path
from .format import Entry, Lexicon, LexiconError, Problem, read_lexicon_file

#: Categories counted in plans (report Table 2, 规划引领), in report order.
COUNT_CATEGORIES = ("theme", "resource", "policy", "market")
#: All lexicon files; `news` is the crawler's query list, not counted in plans.
CATEGORIES = COUNT_CATEGORIES + ("news",)


def lexicon_dir(path: str | os.PathLike | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get("TEXTMINE_LEXICONS")
    return Path(env) if env else data_path("lexicons")


def check_category(category: str, allowed: tuple[str, ...] = COUNT_CATEGORIES, directory=None) -> str:
    """`category` if it is one of `allowed`; else a LexiconError listing them with their Chinese names."""
    if category not in allowed:
        raise LexiconError(f"unknown lexicon category {category!r}; choose one of {category_list(allowed, directory)}")
    return category


def lexicon_path(category: str, directory: str | os.PathLike | None = None) -> Path:
    check_category(category, CATEGORIES, directory)
    return lexicon_dir(directory) / f"{category}.txt"


def load_lexicon(category: str, directory: str | os.PathLike | None = None) -> Lexicon:
    """Load and validate one lexicon; a malformed file raises LexiconError (file:line: what is wrong)."""
    lex, problems = read_lexicon_file(lexicon_path(category, directory), category)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconError("; ".join(str(p) for p in errors))
    return lex


def load_lexicons(directory: str | os.PathLike | None = None,
                  categories: tuple[str, ...] = COUNT_CATEGORIES) -> dict[str, Lexicon]:
    return {c: load_lexicon(c, directory) for c in categories}


__all__ = ["CATEGORIES", "COUNT_CATEGORIES", "check_category", "Entry", "Lexicon", "LexiconError", "Problem", "lexicon_dir",
           "lexicon_path", "load_lexicon", "load_lexicons"]
