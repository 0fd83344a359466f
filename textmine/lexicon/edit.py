"""`lexicon add` / `lexicon remove`: edit a lexicon file atomically, refusing anything that would break it."""
from __future__ import annotations

from pathlib import Path

from . import lexicon_path, load_lexicon, plan_categories
from .format import KEEPABLE, LexiconError, atomic_write_text, is_quoted, parse_lexicon
from .labels import category_label


def _write_checked(path: Path, text: str, category: str) -> None:
    """Write the new file text only if it loads without errors (nothing is written otherwise)."""
    _, problems = parse_lexicon(text, path)     # the header names the category (news-broad.txt says news)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconError("; ".join(str(p) for p in errors) + "; nothing was written")
    atomic_write_text(path, text)


def _all_variants(directory) -> dict[str, str]:
    out = {}
    for cat in plan_categories(directory):
        for v in load_lexicon(cat, directory).surfaces:
            out[v] = cat
    return out


def add_terms(category: str, terms: list[str], directory=None, rationale: str = "",
              allow_single: bool = False) -> list[str]:
    """Append terms (each "term" or "term | variant …") to the category; returns the lines written.
    Nothing is written if any term is empty, unkeepable, a single character (unless `allow_single`, which
    needs a rationale: it is written as the reason of the `allow:` line), or already in a lexicon."""
    if allow_single and not rationale.strip():
        raise LexiconError("a one-character term needs its reason: give the rationale; nothing was written")
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    known = _all_variants(directory) if category in plan_categories(directory) else dict.fromkeys(lex.surfaces, category)
    lines, new = [], set()
    for t in terms:
        variants = [v.strip() for v in t.split("|")]
        if not all(variants):
            raise LexiconError(f"empty term in {t!r}; give a term, or variants separated by ' | '")
        for v in (x[1:-1] if is_quoted(x) else x for x in variants):
            if not KEEPABLE.match(v):
                raise LexiconError(f"{v!r} contains a space or punctuation: the segmenter splits there")
            if v in known:
                raise LexiconError(f"{v!r} is already in the {category_label(known[v], directory)} lexicon; "
                                   "nothing was added")
            if v in new:
                raise LexiconError(f"{v!r} is given twice")
            new.add(v)
        lines.append(" | ".join(variants) + (f"   # {rationale}" if rationale else ""))
        if allow_single and any(len(v) == 1 for v in variants):
            lines.append(f"    allow: single character   # {rationale}")
    text = path.read_text("utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    _write_checked(path, text + "".join(l + "\n" for l in lines), category)
    return lines


def remove_terms(category: str, terms: list[str], directory=None) -> list[str]:
    """Remove variants (a line whose variants are all removed goes); returns what was removed.
    An unknown term is an error and nothing is written."""
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    missing = [t for t in terms if t not in lex.surfaces]
    if missing:
        raise LexiconError(f"not in the {category_label(category, directory)} lexicon ({path}): {', '.join(missing)}; "
                           "nothing was removed")
    drop = set(terms)
    by_line = {e.line: e for e in lex.entries}
    dropped_options: set[int] = set()
    out_lines = []
    for lineno, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        e = by_line.get(lineno)
        if lineno in dropped_options:
            continue  # an except:/allow: line of a term removed whole
        if e is None or not (drop & set(e.variants)):
            out_lines.append(raw)
            continue
        keep = [v for v in e.variants if v not in drop]
        if keep:
            out_lines.append(" | ".join(keep) + (f"   # {e.rationale}" if e.rationale else ""))
        else:
            dropped_options.update(e.option_lines)
    _write_checked(path, "\n".join(out_lines) + "\n", category)
    return sorted(drop)


def exclude_context(category: str, term: str, contexts: list[str], reason: str, directory=None) -> str:
    """Add an `except:` line under the term (canonical or a variant) of the category: its hits inside
    these contexts stop counting. Refused, with nothing written, without a reason or when a context does
    not contain the term. Returns the line written."""
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    entry = next((e for e in lex.entries if term in e.variants), None)
    if entry is None:
        raise LexiconError(f"{term!r} is not in the {category_label(category, directory)} lexicon ({path}); "
                           "nothing was written")
    if not reason.strip():
        raise LexiconError("give the reason for the exclusion (it is written in the file); nothing was written")
    lines = path.read_text("utf-8").splitlines()
    last = max((entry.line,) + entry.option_lines)
    new = f"    except: {' | '.join(c.strip() for c in contexts)}   # {reason.strip()}"
    lines.insert(last, new)
    _write_checked(path, "\n".join(lines) + "\n", category)
    return new


def unexclude_context(category: str, term: str, contexts: list[str], directory=None) -> list[str]:
    """Remove contexts from the term's `except:` lines (a line left without contexts goes). A context the
    term does not exclude is an error and nothing is written. Returns the contexts removed."""
    path = lexicon_path(category, directory)
    lex = load_lexicon(category, directory)
    entry = next((e for e in lex.entries if term in e.variants), None)
    if entry is None:
        raise LexiconError(f"{term!r} is not in the {category_label(category, directory)} lexicon ({path}); "
                           "nothing was written")
    have = {x.context: x.line for x in entry.exclusions}
    missing = [c for c in contexts if c not in have]
    if missing:
        raise LexiconError(f"{term!r} does not exclude {', '.join(missing)} ({path}); nothing was written")
    lines = path.read_text("utf-8").splitlines()
    drop = set(contexts)
    for lineno in sorted({have[c] for c in contexts}, reverse=True):
        raw = lines[lineno - 1]
        body, sep, reason = raw.partition("   # ")
        indent, _, value = body.partition("except:")
        keep = [c.strip() for c in value.split("|") if c.strip() not in drop]
        if keep:
            lines[lineno - 1] = f"{indent}except: {' | '.join(keep)}{sep}{reason}"
        else:
            del lines[lineno - 1]
    _write_checked(path, "\n".join(lines) + "\n", category)
    return list(contexts)
