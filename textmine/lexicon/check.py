"""`lexicon check`: problems that make counts wrong or surprising, each with file, line and how it is counted."""
from __future__ import annotations

from pathlib import Path

from ..datacsv import read_dicts
from ..errors import TextmineError
from ..resources import data_path
from .categories import categories, lexicon_dir
from .format import Lexicon, LexiconError, Problem, read_lexicon_file
from .labels import category_label


def check_lexicons(directory=None) -> tuple[list[Problem], dict[str, Lexicon], dict]:
    """(problems, lexicons read, variant → (category, lexicon, line)) of the lexicon files: format errors,
    duplicates, a variant in two categories, terms the segmenter cannot keep together, one-character terms
    not allowed explicitly (errors: the same ones every command refuses to count with); excluded contexts
    and nested terms (info, with how each case is counted). What the corpus says about them (collisions,
    what each exclusion removes) is `textmine.lexicon_analysis.check_with_corpus`."""
    problems: list[Problem] = []
    lexicons: dict[str, Lexicon] = {}
    try:
        found = categories(directory)
    except LexiconError as exc:   # a header that says nothing usable: nothing else can be checked
        return [Problem(Path(str(directory or "lexicons")), 0, str(exc))], {}, {}
    counted = {c.key for c in found if c.use == "plan"}
    if not counted:
        problems.append(Problem(lexicon_dir(directory), 0, "no lexicon file counted in plans (a .txt file with "
                                                           "'# category:', '# name:' and '# leaf:' header lines)"))
    problems += _leaf_problems(found)
    for info in found:
        try:
            lex, ps = read_lexicon_file(info.path, info.declared)
        except LexiconError as exc:  # an undecodable file: reported, the others still checked
            problems.append(Problem(info.path, 0, str(exc)))
            continue
        problems += ps
        if info.use == "plan" and not lex.name:
            problems.append(Problem(info.path, 1, "no '# name:' header line: give the category's Chinese label "
                                                  "(shown beside its key in every table and message)"))
        lex.category = info.key
        lexicons[info.key] = lex
    seen: dict[str, tuple[str, Lexicon, int]] = {}
    for cat, lex in lexicons.items():
        within: dict[str, int] = {}
        for e in lex.entries:
            for x in e.exclusions:
                problems.append(Problem(lex.path, x.line, f"{e.term!r} not counted in {x.context!r} ({x.reason})",
                                        "info"))
            for v in e.variants:
                within.setdefault(v, e.line)
                if cat not in counted:
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




def _leaf_problems(found) -> list[Problem]:
    """A plan category's `# leaf:` must be a leaf of the scoring model (scoring/indicators.csv) whose
    `text_key` is `plan.<category>`, and every such leaf must have its lexicon: the two files say the same."""
    try:
        path = data_path("scoring") / "indicators.csv"
        rows = {r["code"]: r for r in read_dicts(path) if r.get("code")}
    except (TextmineError, OSError, ValueError, KeyError):
        return []            # no model to check against (a lexicon folder used on its own)
    out = []
    fed = {}
    for c in found:
        if c.use != "plan" or c.leaf is None:
            continue
        fed[c.leaf] = c
        row = rows.get(c.leaf)
        if row is None:
            out.append(Problem(c.path, 1, f"'# leaf: {c.leaf}' is not a leaf of {path} (give a leaf code, or "
                                          "'none' for a category that feeds no indicator)"))
        elif (row.get("text_key") or "") != f"plan.{c.key}":
            out.append(Problem(c.path, 1, f"'# leaf: {c.leaf}' but {path} gives {c.leaf} the text_key "
                                          f"{row.get('text_key') or '(none)'!r}, not 'plan.{c.key}': make the two "
                                          "files agree"))
    for code, row in rows.items():
        key = (row.get("text_key") or "")
        if key.startswith("plan.") and code not in fed:
            out.append(Problem(path, 0, f"leaf {code} counts {key!r} but no lexicon file says '# leaf: {code}' "
                                        f"(expected {key[5:]}.txt)"))
    return out
