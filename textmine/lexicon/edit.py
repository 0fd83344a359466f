"""`lexicon add` / `lexicon remove`: edit a lexicon file atomically, refusing anything that would break it."""
from __future__ import annotations

from . import COUNT_CATEGORIES, lexicon_path, load_lexicon
from .check import _KEEPABLE
from .format import LexiconError, atomic_write_text


def _all_variants(directory) -> dict[str, str]:
    out = {}
    for cat in COUNT_CATEGORIES:
        for v in load_lexicon(cat, directory).surfaces:
            out[v] = cat
    return out


def add_terms(category: str, terms: list[str], directory=None, rationale: str = "") -> list[str]:
    """Append terms (each "term" or "term | variant …") to the category; returns the lines written.
    Nothing is written if any term is empty, unkeepable, or already in a lexicon."""
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    known = _all_variants(directory) if category in COUNT_CATEGORIES else dict.fromkeys(lex.surfaces, category)
    lines, new = [], set()
    for t in terms:
        variants = [v.strip() for v in t.split("|")]
        if not all(variants):
            raise LexiconError(f"empty term in {t!r}; give a term, or variants separated by ' | '")
        for v in variants:
            if not _KEEPABLE.match(v):
                raise LexiconError(f"{v!r} contains a space or punctuation: the segmenter splits there")
            if v in known:
                raise LexiconError(f"{v!r} is already in the {known[v]} lexicon; nothing was added")
            if v in new:
                raise LexiconError(f"{v!r} is given twice")
            new.add(v)
        lines.append(" | ".join(variants) + (f"   # {rationale}" if rationale else ""))
    text = path.read_text("utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write_text(path, text + "".join(l + "\n" for l in lines))
    load_lexicon(category, directory)  # the result must still load
    return lines


def remove_terms(category: str, terms: list[str], directory=None) -> list[str]:
    """Remove variants (a line whose variants are all removed goes); returns what was removed.
    An unknown term is an error and nothing is written."""
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    missing = [t for t in terms if t not in lex.surfaces]
    if missing:
        raise LexiconError(f"not in the {category} lexicon ({path}): {', '.join(missing)}; nothing was removed")
    drop = set(terms)
    by_line = {e.line: e for e in lex.entries}
    out_lines = []
    for lineno, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        e = by_line.get(lineno)
        if e is None or not (drop & set(e.variants)):
            out_lines.append(raw)
            continue
        keep = [v for v in e.variants if v not in drop]
        if keep:
            out_lines.append(" | ".join(keep) + (f"   # {e.rationale}" if e.rationale else ""))
    atomic_write_text(path, "\n".join(out_lines) + "\n")
    load_lexicon(category, directory)
    return sorted(drop)
