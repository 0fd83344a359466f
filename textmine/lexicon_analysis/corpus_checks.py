"""What the corpus says about the lexicons (the part of `lexicon check` that reads the store): terms
that collide in the plan texts, and how many occurrences each excluded context holds."""
from __future__ import annotations

from collections import defaultdict

from ..count.matchers import build_automaton
from ..count.scope import counted_texts
from ..lexicon import plan_categories
from ..lexicon.check import check_lexicons
from ..lexicon.format import Lexicon, Problem


def check_with_corpus(store, directory=None, max_collisions: int = 20) -> list[Problem]:
    """`textmine.lexicon.check.check_lexicons` and, from the counted texts of the store, colliding terms and
    the occurrences of each excluded context (info)."""
    problems, lexicons, seen = check_lexicons(directory)
    problems += _collisions(store, seen, max_collisions)
    problems += _exclusion_effects(store, {c: lx for c, lx in lexicons.items() if c in plan_categories(directory)})
    return problems


def _exclusion_effects(store, lexicons: dict[str, Lexicon]) -> list[Problem]:
    """How many occurrences each excluded context holds in the counted texts (substring occurrences of the
    context: what the exclusion removes in either mode); a context found nowhere is said so."""
    where = {x.context: (lex, e, x) for lex in lexicons.values() for e in lex.entries for x in e.exclusions}
    if not where:
        return []
    auto = build_automaton(where)
    n: dict[str, int] = defaultdict(int)
    for _, _, text, _ in counted_texts(store, ("plan", "policy")):
        for _, c in auto.iter(text):
            n[c] += 1
    return [Problem(lex.path, x.line, f"exclusion {x.context!r} of {e.term!r}: {n[c]} occurrence(s) in the counted "
                                      "texts of the store" + ("" if n[c] else " (none: it excludes nothing here)"), "info")
            for c, (lex, e, x) in where.items()]


def _collisions(store, seen: dict, limit: int) -> list[Problem]:
    """Adjacent variants that overlap in the plan texts (the end of one is the start of another)."""
    if not seen:
        return []
    auto = build_automaton(seen)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _, _, text, _ in counted_texts(store):
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
