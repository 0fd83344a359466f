"""Lexicons: the term lists in `lexicons/<category>.txt` (format in `format.py`).

    load_lexicon("theme")          -> Lexicon (raises LexiconError naming file and line)
    load_lexicons()                -> {category: Lexicon} for every category counted in plans
    plan_categories()              -> ("theme", "resource", …): the lexicon files with `# use: plan` (categories.py)
    check_lexicons(), add_terms(), remove_terms() — see the submodules; the analyses against the corpus
    (diff, collisions, suggest, expand) are textmine.lexicon_analysis.

The lexicon folder is the `lexicon_dir` argument, else `TEXTMINE_LEXICONS`, else `lexicons/` of the data root
(resources.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from .categories import Category, categories, category, category_keys, lexicon_dir, plan_categories
from .format import Entry, Lexicon, LexiconError, Problem, read_lexicon_file


def check_category(key: str, allowed: tuple[str, ...] | None = None, directory=None) -> str:
    """`key` if it is one of `allowed` (default: the plan categories of the lexicon folder); else a
    LexiconError listing them with their Chinese names."""
    allowed = plan_categories(directory) if allowed is None else allowed
    if key in allowed:
        return key
    return category(key, directory, allowed).key


def lexicon_path(key: str, directory: str | os.PathLike | None = None) -> Path:
    return category(key, directory).path


def load_lexicon(key: str, directory: str | os.PathLike | None = None) -> Lexicon:
    """Load and validate one lexicon; a malformed file raises LexiconError (file:line: what is wrong)."""
    info = category(key, directory)
    lex, problems = read_lexicon_file(info.path, info.declared)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconError("; ".join(str(p) for p in errors))
    lex.category = key
    return lex


def load_lexicons(directory: str | os.PathLike | None = None,
                  keys: tuple[str, ...] | None = None) -> dict[str, Lexicon]:
    """The lexicons of `keys` (default: every plan category of the folder), in report order."""
    return {c: load_lexicon(c, directory) for c in (plan_categories(directory) if keys is None else keys)}


__all__ = ["Category", "categories", "category", "category_keys", "check_category", "Entry", "Lexicon",
           "LexiconError", "Problem", "lexicon_dir", "lexicon_path", "load_lexicon", "load_lexicons",
           "plan_categories"]
