"""`lexicon diff`: for a lexicon change, which cities' counts change, by how much, and how ranks move, in
every plan period with counted outlines (十四五 and 十五五 alike: one lexicon counts both editions).

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
from ..lexicon import lexicon_dir, load_lexicons, plan_categories
from ..lexicon.categories import header_category, order, rank, read_header
from ..names import category_list
from ..lexicon.format import LexiconError, parse_lexicon, read_lexicon_file
from ..count import COUNT_BACKEND, DEFAULT_MODE, PageMatcher, count_corpus, planning_indicators, segmenter
from ..count.scope import counted_texts
from ..count.state import state_from_lexicons
from ..store import hits as store_hits
from ..editions import load_rules
from ..count.indicators import counted_documents


def lexicons_against(against: str | None, directory=None) -> tuple[dict, str]:
    """The lexicons to compare with: a folder, a single lexicon file (the other categories as they are now),
    or a git revision (default HEAD). Their categories are those of their files: a category added since has
    no lexicon there (all its hits are new), one removed since is compared with nothing."""
    against = against or "HEAD"
    p = Path(against)
    if p.is_dir():
        return load_lexicons(p), f"folder {p}"
    if p.is_file():
        info = read_header(p)
        if info.use != "plan":
            raise LexiconError(f"{p}: '# use: {info.use}': not counted in plans, so it changes no count; give a "
                               f"lexicon of one of {category_list(plan_categories(directory), directory)}")
        lex = _checked(read_lexicon_file(p, info.declared))
        lex.category = info.key
        return {**load_lexicons(directory), info.key: lex}, f"file {p}"
    folder = lexicon_dir(directory).resolve()
    try:
        top = Path(subprocess.run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True,
                                  text=True, check=True).stdout.strip()).resolve()
    except (OSError, subprocess.CalledProcessError):
        raise TextmineError(f"{against!r} is neither a file, a folder nor a git revision ({folder} is not in a git "
                            "work tree)") from None
    rel_dir = folder.relative_to(top).as_posix()
    listing = subprocess.run(["git", "-C", str(top), "ls-tree", "--name-only", f"{against}:{rel_dir}"],
                             capture_output=True)
    if listing.returncode != 0:
        raise TextmineError(f"cannot read {rel_dir}/ at git revision {against!r}: "
                            f"{listing.stderr.decode(errors='replace').strip()}")
    out = {}
    for name in sorted(listing.stdout.decode("utf-8").split("\n")):
        if not name.endswith(".txt"):
            continue
        rel = f"{rel_dir}/{name}"
        res = subprocess.run(["git", "-C", str(top), "show", f"{against}:{rel}"], capture_output=True)
        if res.returncode != 0:
            raise TextmineError(f"cannot read {rel} at git revision {against!r}: "
                                f"{res.stderr.decode(errors='replace').strip()}")
        text, where = res.stdout.decode("utf-8"), Path(f"{against}:{rel}")
        info = header_category(text.splitlines(), Path(name))
        if info.use == "plan":
            lex = _checked(parse_lexicon(text, where, info.declared))
            lex.category = info.key
            out[info.key] = lex
    return dict(sorted(out.items(), key=lambda kv: rank(directory)(kv[0]))), f"git {against}"


def _checked(parsed):
    lex, problems = parsed
    errors = [x for x in problems if x.severity == "error"]
    if errors:
        raise LexiconError("; ".join(map(str, errors)))
    return lex


def _ranks(df: pd.DataFrame) -> pd.DataFrame:
    return df.rank(ascending=False, method="min")


def diff_periods(store, mode: str) -> list[str]:
    """The plan periods with at least one counted outline (oldest first): the editions a lexicon change is
    shown on."""
    return [p for p in load_rules().period_names if counted_documents(store, p)[1].counted]


def recount_and_diff(store, against: str | None = None, mode: str | None = None, directory=None,
                     backend: str | None = None, period: str | list[str] | None = None) -> tuple[list[dict], dict]:
    """Rows (period, city, code, category, old, new, change, old_rank, new_rank, rank_move) for every city
    and plan period whose count or rank changes when going from the `against` lexicons to the working ones,
    and a summary dict. Counts are those of the one outline counted per city and period; every period with a
    counted outline is shown (a refresh compares the 十五五 counts with the 十四五 ones, both under one
    lexicon: a lexicon change moves both), or only `period` (one or a list)."""

    mode = mode or DEFAULT_MODE
    new_state = state_from_lexicons(load_lexicons(directory))
    old_lex, label = lexicons_against(against, directory)
    old_state = state_from_lexicons(old_lex)
    changed = {s for s in set(old_state.mapping) | set(new_state.mapping)
               if old_state.mapping.get(s) != new_state.mapping.get(s)} | \
        {c for _, c in old_state.exclusion_pairs() ^ new_state.exclusion_pairs()} | \
        (old_state.quoted ^ new_state.quoted)
    backend = backend or COUNT_BACKEND
    count_corpus(store, mode, state=new_state, backend=backend)
    periods = [period] if isinstance(period, str) else list(period or []) or diff_periods(store, mode)
    if not periods:
        periods = [None]                       # the model's period: planning_indicators says which
    cats = order(set(new_state.categories) | set(old_state.categories), directory)
    seg = segmenter(old_state.mapping, backend) if changed and mode == "token" else None
    old_matcher = PageMatcher(old_state.mapping, mode, seg, old_state.exclusions, old_state.quoted) if changed else None
    reg = load_registry()
    out, shown, with_plan = [], [], 0
    for per in periods:
        ind = planning_indicators(store, mode, per)
        shown.append(str(ind["period"].iloc[0]))
        counted_ids = [int(i) for i in ind.loc[ind["has_plan"], "document_id"]]
        new = ind.loc[ind["has_plan"]].reindex(columns=cats).fillna(0)
        with_plan += len(new)
        delta: dict[str, Counter] = {}
        for doc_id, page, text, city in (counted_texts(store, document_ids=counted_ids) if changed else ()):
            if not old_matcher.touches(text, changed):
                continue
            d = delta.setdefault(city, Counter())
            for h in old_matcher.hits(text):
                d[h.category] -= 1
            for (cat, n) in store_hits.page_category_counts(store.conn, doc_id, page, mode):
                d[cat] += n
        old = new.copy()
        for city, d in delta.items():
            for cat, n in d.items():
                if city in old.index and cat in old.columns:
                    old.loc[city, cat] -= n
        r_old, r_new = _ranks(old), _ranks(new)
        for city in new.index:
            for cat in cats:
                o, n = old.loc[city, cat], new.loc[city, cat]
                ro, rn = int(r_old.loc[city, cat]), int(r_new.loc[city, cat])
                if o != n or ro != rn:
                    out.append({"period": shown[-1], "city": reg.by_code(city).name, "code": city, "category": cat,
                                "old": int(o), "new": int(n), "change": int(n - o), "old_rank": ro, "new_rank": rn,
                                "rank_move": ro - rn})
    out.sort(key=lambda r: (shown.index(r["period"]), -abs(r["change"]), -abs(r["rank_move"]), r["code"],
                            r["category"]))
    added = sorted(set(new_state.mapping) - set(old_state.mapping))
    removed = sorted(set(old_state.mapping) - set(new_state.mapping))
    moved = sorted(s for s in changed if s in old_state.mapping and s in new_state.mapping
                   and old_state.mapping[s] != new_state.mapping[s])
    summary = {"against": label, "mode": mode, "period": ", ".join(shown), "periods": shown, "added": added,
               "removed": removed, "relabelled": moved,
               "excluded": sorted(c for _, c in new_state.exclusion_pairs() - old_state.exclusion_pairs()),
               "no_longer_excluded": sorted(c for _, c in old_state.exclusion_pairs() - new_state.exclusion_pairs()),
               "quoted_only": sorted(new_state.quoted - old_state.quoted),
               "cities_changed": len({(r["period"], r["code"]) for r in out if r["change"]}),
               "cities_with_plan": with_plan,
               "old_versions": dict(old_state.versions), "new_versions": dict(new_state.versions)}
    return out, summary
