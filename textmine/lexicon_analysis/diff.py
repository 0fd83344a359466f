"""`lexicon diff`: for a lexicon change, which cities' counts change, by how much, and how ranks move.

It WRITES: the counts under the working lexicons are brought up to date in the store first (incremental
`count_corpus`, as `textmine count` would); hence the name `recount_and_diff`.
the counts under the other lexicons are derived from them by matching again, in memory, only the plan
pages that contain a variant whose mapping differs between the two (every other page counts the same).
"""
from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import TextmineError
from ..registry import load_registry
from ..lexicon import COUNT_CATEGORIES, lexicon_dir, lexicon_path, load_lexicons
from ..names import category_list
from ..lexicon.format import LexiconError, parse_lexicon, read_lexicon_file
from ..count import COUNT_BACKEND, DEFAULT_MODE, PageMatcher, count_corpus, planning_indicators, segmenter
from ..count.scope import counted_texts
from ..count.state import state_from_lexicons


def lexicons_against(against: str | None, directory=None) -> tuple[dict, str]:
    """The lexicons to compare with: a folder, a single lexicon file, or a git revision (default HEAD)."""
    against = against or "HEAD"
    current = load_lexicons(directory)
    p = Path(against)
    if p.is_dir():
        return load_lexicons(p), f"folder {p}"
    if p.is_file():
        lex, problems = read_lexicon_file(p)
        errors = [x for x in problems if x.severity == "error"]
        if errors:
            raise LexiconError("; ".join(map(str, errors)))
        if lex.category not in COUNT_CATEGORIES:
            raise LexiconError(f"{p}: category {lex.category!r} is not counted; give one of "
                               f"{category_list(COUNT_CATEGORIES, directory)}")
        return {**current, lex.category: lex}, f"file {p}"
    folder = lexicon_dir(directory).resolve()
    try:
        top = subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise TextmineError(f"{against!r} is neither a file, a folder nor a git revision ({folder} is not in a git "
                            "work tree)") from None
    out = {}
    for cat in COUNT_CATEGORIES:
        rel = lexicon_path(cat, folder).relative_to(Path(top).resolve()).as_posix()
        res = subprocess.run(["git", "-C", top, "show", f"{against}:{rel}"], capture_output=True)
        if res.returncode != 0:
            raise TextmineError(f"cannot read {rel} at git revision {against!r}: "
                                f"{res.stderr.decode(errors='replace').strip()}")
        lex, problems = parse_lexicon(res.stdout.decode("utf-8"), Path(f"{against}:{rel}"), cat)
        errors = [x for x in problems if x.severity == "error"]
        if errors:
            raise LexiconError("; ".join(map(str, errors)))
        out[cat] = lex
    return out, f"git {against}"


def _ranks(df: pd.DataFrame) -> pd.DataFrame:
    return df.rank(ascending=False, method="min")


def recount_and_diff(store, against: str | None = None, mode: str | None = None, directory=None,
                     backend: str | None = None, period: str | None = None) -> tuple[list[dict], dict]:
    """Rows (city, category, old, new, change, old_rank, new_rank, rank_move) for every city whose count or
    rank changes when going from the `against` lexicons to the working ones, and a summary dict. Counts are
    those of the one outline counted per city in `period` (the model's by default)."""

    mode = mode or DEFAULT_MODE
    new_state = state_from_lexicons(load_lexicons(directory))
    old_lex, label = lexicons_against(against, directory)
    old_state = state_from_lexicons(old_lex)
    changed = {s for s in set(old_state.mapping) | set(new_state.mapping)
               if old_state.mapping.get(s) != new_state.mapping.get(s)} | \
        {c for _, c in old_state.exclusion_pairs() ^ new_state.exclusion_pairs()}
    backend = backend or COUNT_BACKEND
    count_corpus(store, mode, state=new_state, backend=backend)
    ind = planning_indicators(store, mode, period)
    counted_ids = [int(i) for i in ind.loc[ind["has_plan"], "document_id"]]
    new = ind.loc[ind["has_plan"], list(COUNT_CATEGORIES)]
    delta: dict[str, Counter] = {}
    if changed:
        seg = segmenter(old_state.mapping, backend) if mode == "token" else None
        old_matcher = PageMatcher(old_state.mapping, mode, seg, old_state.exclusions)
        for doc_id, page, text, city in counted_texts(store, document_ids=counted_ids):
            if not any(s in text for s in changed):
                continue
            d = delta.setdefault(city, Counter())
            for h in old_matcher.hits(text):
                d[h.category] -= 1
            for (cat, n) in store.conn.execute("SELECT category, COUNT(*) FROM hits WHERE document_id=? AND page=? "
                                               "AND mode=? GROUP BY category", (doc_id, page, mode)):
                d[cat] += n
    old = new.copy()
    for city, d in delta.items():
        for cat, n in d.items():
            if city in old.index:
                old.loc[city, cat] -= n
    r_old, r_new = _ranks(old), _ranks(new)
    reg = load_registry()
    out = []
    for city in new.index:
        for cat in COUNT_CATEGORIES:
            o, n = old.loc[city, cat], new.loc[city, cat]
            ro, rn = int(r_old.loc[city, cat]), int(r_new.loc[city, cat])
            if o != n or ro != rn:
                out.append({"city": reg.by_code(city).name, "code": city, "category": cat, "old": int(o), "new": int(n),
                            "change": int(n - o), "old_rank": ro, "new_rank": rn, "rank_move": ro - rn})
    out.sort(key=lambda r: (-abs(r["change"]), -abs(r["rank_move"]), r["code"], r["category"]))
    added = sorted(set(new_state.mapping) - set(old_state.mapping))
    removed = sorted(set(old_state.mapping) - set(new_state.mapping))
    moved = sorted(s for s in changed if s in old_state.mapping and s in new_state.mapping
                   and old_state.mapping[s] != new_state.mapping[s])
    summary = {"against": label, "mode": mode, "period": str(ind["period"].iloc[0]), "added": added, "removed": removed, "relabelled": moved,
               "excluded": sorted(c for _, c in new_state.exclusion_pairs() - old_state.exclusion_pairs()),
               "no_longer_excluded": sorted(c for _, c in old_state.exclusion_pairs() - new_state.exclusion_pairs()),
               "cities_changed": len({r["code"] for r in out if r["change"]}), "cities_with_plan": len(new)}
    return out, summary
