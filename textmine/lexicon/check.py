"""`lexicon check`: problems that make counts wrong or surprising, each with file, line and how it is counted."""
from __future__ import annotations

from collections import defaultdict

from . import CATEGORIES, COUNT_CATEGORIES, lexicon_path
from .format import Lexicon, Problem, read_lexicon_file


def check_lexicons(directory=None, store=None, max_collisions: int = 20) -> list[Problem]:
    """All problems of the lexicon files: format errors, duplicates, a variant in two categories, terms the
    segmenter cannot keep together, one-character terms not allowed explicitly (errors: the same ones
    every command refuses to count with); excluded contexts, nested terms and, with a store, terms that
    collide in the plan texts and how many hits each exclusion removes (info, with how each case is
    counted)."""
    problems: list[Problem] = []
    lexicons: dict[str, Lexicon] = {}
    for cat in CATEGORIES:
        path = lexicon_path(cat, directory)
        if not path.exists():
            problems.append(Problem(path, 0, f"lexicon file for category {cat!r} is missing"))
            continue
        try:
            lex, ps = read_lexicon_file(path, cat)
        except Exception as exc:  # undecodable file: reported, the others still checked
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
                    problems.append(Problem(lex.path, e.line, f"{v!r} is in two categories: {cat} and {other[0]} "
                                            f"({other[1].path.name}:{other[2]}); keep it in one"))
                seen.setdefault(v, (cat, lex, e.line))
    problems += _nested(seen)
    if store is not None:
        problems += _collisions(store, seen, max_collisions)
        problems += _exclusion_effects(store, {c: lx for c, lx in lexicons.items() if c in COUNT_CATEGORIES})
    return problems


def _exclusion_effects(store, lexicons: dict[str, Lexicon]) -> list[Problem]:
    """How many occurrences each excluded context holds in the counted texts (substring occurrences of the
    context: what the exclusion removes in either mode); a context found nowhere is said so."""
    from ..count.matchers import build_automaton
    from ..count.runner import COUNTED

    where = {x.context: (lex, e, x) for lex in lexicons.values() for e in lex.entries for x in e.exclusions}
    if not where:
        return []
    auto = build_automaton(where)
    n: dict[str, int] = defaultdict(int)
    for (text,) in store.conn.execute(f"SELECT p.text FROM pages p JOIN documents d ON d.id=p.document_id WHERE {COUNTED}"):
        for _, c in auto.iter(text):
            n[c] += 1
    return [Problem(lex.path, x.line, f"exclusion {x.context!r} of {e.term!r}: {n[c]} occurrence(s) in the counted "
                                      "texts of the store" + ("" if n[c] else " (none: it excludes nothing here)"), "info")
            for c, (lex, e, x) in where.items()]


def _nested(seen: dict) -> list[Problem]:
    out = []
    variants = sorted(seen, key=len)
    for i, short in enumerate(variants):
        for long in variants[i + 1:]:
            if short in long and short != long:
                cat_s, lex_l, line_l = seen[short][0], seen[long][1], seen[long][2]
                same = "" if cat_s == seen[long][0] else f" (category {cat_s})"
                out.append(Problem(lex_l.path, line_l, f"nested: {short!r}{same} inside {long!r}; where {long!r} "
                                   f"occurs it is counted once as {long!r} in both modes, not also as {short!r}",
                                   "info"))
    return out


def _collisions(store, seen: dict, limit: int) -> list[Problem]:
    """Adjacent variants that overlap in the plan texts (the end of one is the start of another)."""
    from ..count.matchers import build_automaton

    if not seen:
        return []
    auto = build_automaton(seen)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    rows = store.conn.execute("SELECT p.text FROM pages p JOIN documents d ON d.id=p.document_id WHERE d.kind='plan' AND p.role='body'")
    for (text,) in rows:
        spans = sorted(((end - len(v) + 1, end + 1, v) for end, v in auto.iter(text)))
        for (s1, e1, v1), (s2, e2, v2) in zip(spans, spans[1:]):
            if s1 < s2 < e1 < e2:
                ex = pairs[(v1, v2)]
                if len(ex) < 1:
                    ex.append(text[max(0, s1 - 8):e2 + 8].replace("\n", " "))
    out = []
    for (v1, v2), ex in sorted(pairs.items(), key=lambda kv: kv[0])[:limit]:
        _, lex, line = seen[v2]
        out.append(Problem(lex.path, line, f"collision in the corpus: {v1!r} overlaps {v2!r} as in “{ex[0]}”; "
                           f"substring mode counts the leftmost ({v1!r}) and skips {v2!r}; token mode counts "
                           f"whichever the segmenter keeps whole", "info"))
    if len(pairs) > limit:
        out.append(Problem(lex.path, 0, f"… {len(pairs) - limit} more colliding pairs", "info"))
    return out
