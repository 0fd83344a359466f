"""`lexicon check`: problems that make counts wrong or surprising, each with file, line and how it is counted."""
from __future__ import annotations

from ..names import category_label
from . import CATEGORIES, COUNT_CATEGORIES, lexicon_path
from .format import Lexicon, LexiconError, Problem, read_lexicon_file


def check_lexicons(directory=None) -> tuple[list[Problem], dict[str, Lexicon], dict]:
    """(problems, lexicons read, variant → (category, lexicon, line)) of the lexicon files: format errors,
    duplicates, a variant in two categories, terms the segmenter cannot keep together, one-character terms
    not allowed explicitly (errors: the same ones every command refuses to count with); excluded contexts
    and nested terms (info, with how each case is counted). What the corpus says about them (collisions,
    what each exclusion removes) is `textmine.lexicon_analysis.check_with_corpus`."""
    problems: list[Problem] = []
    lexicons: dict[str, Lexicon] = {}
    for cat in CATEGORIES:
        path = lexicon_path(cat, directory)
        if not path.exists():
            problems.append(Problem(path, 0, f"lexicon file for category {cat!r} is missing"))
            continue
        try:
            lex, ps = read_lexicon_file(path, cat)
        except LexiconError as exc:  # an undecodable file: reported, the others still checked
            problems.append(Problem(path, 0, str(exc)))
            continue
        problems += ps
        lexicons[cat] = lex
    seen: dict[str, tuple[str, Lexicon, int]] = {}
    for cat, lex in lexicons.items():
        within: dict[str, int] = {}
        for e in lex.entries:
            for x in e.exclusions:
                problems.append(Problem(lex.path, x.line, f"{e.term!r} not counted in {x.context!r} ({x.reason})",
                                        "info"))
            for v in e.variants:
                within.setdefault(v, e.line)
                if cat not in COUNT_CATEGORIES:
                    continue
                if v in seen and seen[v][0] != cat:
                    other = seen[v]
                    problems.append(Problem(lex.path, e.line, f"{v!r} is in two categories: "
                                            f"{category_label(cat, directory)} and {category_label(other[0], directory)} "
                                            f"({other[1].path.name}:{other[2]}); keep it in one"))
                seen.setdefault(v, (cat, lex, e.line))
    problems += _nested(seen)
    return problems, lexicons, seen


def _nested(seen: dict) -> list[Problem]:
    out = []
    variants = sorted(seen, key=len)
    for i, short in enumerate(variants):
        for long in variants[i + 1:]:
            if short in long and short != long:
                cat_s, lex_l, line_l = seen[short][0], seen[long][1], seen[long][2]
                same = "" if cat_s == seen[long][0] else f" (category {category_label(cat_s, lex_l.path.parent)})"
                out.append(Problem(lex_l.path, line_l, f"nested: {short!r}{same} inside {long!r}; where {long!r} "
                                   f"occurs it is counted once as {long!r} in both modes, not also as {short!r}",
                                   "info"))
    return out


