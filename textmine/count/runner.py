"""Counting: match every plan and policy page in one mode and store every hit, incrementally.

Plans give the planning indicators (one outline per city and period, `indicators.py`); policy documents
(government work reports, policy texts) are matched too, so their hits can be audited and sampled to
measure the lexicons' precision (`audit.sample`) — they never enter an indicator.

A page is matched again only when its text changed, the segmenter changed, or it contains (as a
substring) a variant or an excluded context that was added or removed since it was last matched. Otherwise its stored hits
stay valid (for `token` mode because jieba's segmentation of a block depends only on dictionary
entries occurring inside that block, see segment.py; for `substring` mode because leftmost-longest
matching changes only where a changed variant occurs; an exclusion only where its context occurs)
and are only relabelled when a variant moved to
another term or category. The result equals a full recount (tested).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..errors import TextmineError
from ..progress import Progress, progress_or_none
from ..store import Store, utcnow
from ..store import hits as store_hits
from ..store import pages as store_pages
from .scope import COUNTED_KINDS, counted_page_count
from .matchers import MODES, VIEW_VERSION, PageMatcher, View, build_automaton
from .segment import COUNT_BACKEND, SEGMENTER_VERSION, TERM_FREQ, segmenter
from .state import LexiconState, current_state, load_state, save_state

DEFAULT_BACKEND = COUNT_BACKEND


@dataclass
class CountReport:
    mode: str
    pages: int = 0
    matched: int = 0        # pages matched (again)
    reused: int = 0         # pages whose stored hits stayed valid
    hits: int = 0           # hits written by this run
    chars: int = 0
    removed_pages: int = 0
    state_key: str = ""
    versions: dict = field(default_factory=dict)


def _segmenter_label(backend: str | None) -> str:
    """What a page's hits depend on besides its text and the lexicons: the view (quotation marks out) and, in
    token mode, the segmenter. A page matched under another label is matched again."""
    view = f"view{VIEW_VERSION}"
    return f"{backend}/{SEGMENTER_VERSION}/{TERM_FREQ}/{view}" if backend else view


def count_corpus(store: Store, mode: str = "token", *, state: LexiconState | None = None, lexicon_dir=None,
                 backend: str = DEFAULT_BACKEND, full: bool = False, progress: Progress | None = None) -> CountReport:
    """Match all plan and policy pages in `mode` with the lexicons (or `state`), storing hits; one transaction.

    `full=True` ignores what is stored and matches every page again. `progress` (textmine.progress) is told
    the characters done, also within a long page (matched in pieces of about 1 MB).
    """
    return count_modes(store, (mode,), state=state, lexicon_dir=lexicon_dir, backend=backend, full=full,
                       progress=progress)[mode]


BATCH = 2000   # pages whose rows are written together (executemany: a statement per page costs more than its work)


def count_modes(store: Store, modes=MODES, *, state: LexiconState | None = None, lexicon_dir=None,
                backend: str = DEFAULT_BACKEND, full: bool = False, progress: Progress | None = None
                ) -> dict[str, CountReport]:
    """``count_corpus`` in each of `modes`, in one pass over the pages (each page read and hashed once, matched
    in each mode that needs it) and one transaction; a report (and a `runs` row) per mode."""
    modes = tuple(dict.fromkeys(modes))
    for mode in modes:
        if mode not in MODES:
            raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    state = state or current_state(lexicon_dir)
    from ..editions import refresh_editions  # start-up: 23 more modules than `textmine --help` needs

    refresh_editions(store)      # periods and plan types, so the indicators can pick each city's outline
    total = counted_page_count(store)
    if total == 0:
        raise TextmineError("the corpus has no parsed plan pages (nor policy pages): add plans with "
                            "`textmine ingest --kind plan` (or crawl them) and run `textmine parse` first")
    labels = {m: _segmenter_label(backend if m == "token" else None) for m in modes}
    reports = {m: CountReport(mode=m, versions=state.versions) for m in modes}
    run_ids = {m: store.start_run("count", {"mode": m, "backend": backend, "full": full, "versions": state.versions})
               for m in modes}
    lazy: dict[str, PageMatcher] = {}

    def matcher(mode: str) -> PageMatcher:
        if mode not in lazy:
            seg = segmenter(state.mapping, backend) if mode == "token" else None
            lazy[mode] = PageMatcher(state.mapping, mode, seg, state.exclusions, state.quoted)
        return lazy[mode]

    old_states: dict[str, LexiconState | None] = {}
    changed_cache: dict[str, object] = {}

    def changed_probe(old_key: str):
        """A function view -> bool: does the page's view (quotation marks out) contain a variant, or an excluded
        context, added or removed since old_key (or a variant that became quoted-only or stopped being)?"""
        if old_key not in changed_cache:
            if old_key not in old_states:
                old_states[old_key] = load_state(store, old_key)
            old = old_states[old_key]
            if old is None:
                changed_cache[old_key] = None
            else:
                diff = (set(old.mapping) ^ set(state.mapping)) | \
                    {c for _, c in old.exclusion_pairs() ^ state.exclusion_pairs()} | (old.quoted ^ state.quoted)
                if not diff:
                    changed_cache[old_key] = lambda text: False
                elif len(diff) <= 8:
                    changed_cache[old_key] = lambda text, d=tuple(diff): any(s in text for s in d)
                else:
                    auto = build_automaton(diff)
                    changed_cache[old_key] = lambda text, a=auto: next(a.iter(text), None) is not None
        return changed_cache[old_key]

    tell = progress_or_none(progress)
    total_chars = store_hits.counted_chars(store.conn)
    what = f"count ({', '.join(modes)})"
    deletes: list[tuple] = []      # (document_id, page, mode) whose hits are replaced
    hit_rows: list[tuple] = []
    page_rows: list[tuple] = []

    def flush() -> None:
        store_hits.replace_matches(conn, deletes, hit_rows, page_rows)
        deletes.clear()
        hit_rows.clear()
        page_rows.clear()

    try:
        with store.transaction() as conn:
            key = save_state(store, state)
            for r in reports.values():
                r.state_key = key
            read = store_pages.counted_pages_for_matching(store.conn, COUNTED_KINDS, modes)
            now = utcnow()
            versions = state.versions
            done = n = 0
            for row in read:
                doc_id, page, text, city = row[:4]
                sha = hashlib.sha1(text.encode("utf-8")).hexdigest()
                for i, mode in enumerate(modes):
                    old_sha, old_key, old_seg = row[4 + 3 * i: 7 + 3 * i]
                    rep = reports[mode]
                    rep.pages += 1
                    rep.chars += len(text)
                    redo = full or old_sha != sha or old_seg != labels[mode] or old_key is None
                    if not redo and old_key != key:
                        probe = changed_probe(old_key)
                        redo = probe is None or probe(View(text).text)
                    if redo:
                        found = matcher(mode).hits(text, on_piece=lambda c, d=done: tell(what, d + c, total_chars))
                        deletes.append((doc_id, page, mode))
                        hit_rows.extend((city, doc_id, page, h.offset, h.length, h.surface, h.term, h.category,
                                         versions[h.category], mode) for h in found)
                        rep.matched += 1
                        rep.hits += len(found)
                    else:
                        rep.reused += 1
                    if redo or old_key != key:
                        page_rows.append((doc_id, page, mode, sha, len(text), key, labels[mode], now))
                done += len(text)
                n += 1
                if n % BATCH == 0:
                    flush()
                tell(what, done, total_chars)
            flush()
            for mode in modes:
                _relabel(store, state, mode)
                reports[mode].removed_pages = _drop_stale(store, mode, reports[mode].pages)
                store.finish_run(run_ids[mode], "ok", reports[mode].__dict__)
    except BaseException:
        for mode in modes:
            store.finish_run(run_ids[mode], "failed", {"mode": mode})
        raise
    return reports


def _relabel(store: Store, state: LexiconState, mode: str) -> None:
    """Bring term, category and lexicon version of kept hits in line with the current mapping."""
    store_hits.relabel_hits(store.conn, [(s, t, c, state.versions[c]) for s, (t, c) in state.mapping.items()], mode)


def _drop_stale(store: Store, mode: str, counted: int) -> int:
    """Forget pages that are no longer counted: gone (document re-parsed with fewer pages, or no
    longer a plan) or no longer body pages (re-parsed and found to be contents or a cover). `counted`: the
    pages just counted, each of which has its match_pages row; a page's hits exist only with that row (both
    written and deleted together), so when the rows are as many as the pages counted nothing is stale."""
    return store_hits.drop_stale(store.conn, mode, counted, COUNTED_KINDS)
