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
from .matchers import MODES, PageMatcher, build_automaton
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


def _segmenter_label(backend: str) -> str:
    return f"{backend}/{SEGMENTER_VERSION}/{TERM_FREQ}"


#: Only the body of a plan or policy document is matched: a table of contents repeats the chapter titles
#: (and their terms), a cover the title. Their pages stay stored, with their role, for reading. News
#: documents are matched with the news lexicons, at count time (news.py).
COUNTED = "d.kind IN ('plan', 'policy') AND p.role = 'body'"


def plan_page_count(store: Store) -> int:
    """Pages that are matched (body pages of plans and policy documents; not contents or cover pages)."""
    return store.conn.execute(
        f"SELECT COUNT(*) FROM pages p JOIN documents d ON d.id = p.document_id WHERE {COUNTED}"
    ).fetchone()[0]


def count_corpus(store: Store, mode: str = "token", *, state: LexiconState | None = None, lexicon_dir=None,
                 backend: str = DEFAULT_BACKEND, full: bool = False, progress: Progress | None = None) -> CountReport:
    """Match all plan and policy pages in `mode` with the lexicons (or `state`), storing hits; one transaction.

    `full=True` ignores what is stored and matches every page again. `progress` (textmine.progress) is told
    the characters done, also within a long page (matched in pieces of about 1 MB).
    """
    if mode not in MODES:
        raise TextmineError(f"unknown mode {mode!r}; choose {' or '.join(MODES)}")
    state = state or current_state(lexicon_dir)
    from ..editions import refresh_editions

    refresh_editions(store)      # periods and plan types, so the indicators can pick each city's outline
    total = plan_page_count(store)
    if total == 0:
        raise TextmineError("the corpus has no parsed plan pages (nor policy pages): add plans with "
                            "`textmine ingest --kind plan` (or crawl them) and run `textmine parse` first")
    seg_label = _segmenter_label(backend) if mode == "token" else ""
    report = CountReport(mode=mode, versions=state.versions)
    run_id = store.start_run("count", {"mode": mode, "backend": backend, "full": full, "versions": state.versions})
    lazy: dict[str, object] = {}

    def matcher() -> PageMatcher:
        if "m" not in lazy:
            seg = segmenter(state.mapping, backend) if mode == "token" else None
            lazy["m"] = PageMatcher(state.mapping, mode, seg, state.exclusions)
        return lazy["m"]

    old_states: dict[str, LexiconState | None] = {}
    changed_cache: dict[str, object] = {}

    def changed_probe(old_key: str):
        """A function text -> bool: does the text contain a variant, or an excluded context, added or removed
        since old_key?"""
        if old_key not in changed_cache:
            if old_key not in old_states:
                old_states[old_key] = load_state(store, old_key)
            old = old_states[old_key]
            if old is None:
                changed_cache[old_key] = None
            else:
                diff = (set(old.mapping) ^ set(state.mapping)) | \
                    {c for _, c in old.exclusion_pairs() ^ state.exclusion_pairs()}
                if not diff:
                    changed_cache[old_key] = lambda text: False
                elif len(diff) <= 8:
                    changed_cache[old_key] = lambda text, d=tuple(diff): any(s in text for s in d)
                else:
                    auto = build_automaton(diff)
                    changed_cache[old_key] = lambda text, a=auto: next(a.iter(text), None) is not None
        return changed_cache[old_key]

    tell = progress_or_none(progress)
    total_chars = store.conn.execute(
        "SELECT SUM(ps.chars) FROM parses ps JOIN documents d ON d.id = ps.document_id "
        "WHERE d.kind IN ('plan', 'policy')").fetchone()[0] or 0
    what = f"count ({mode})"
    try:
        with store.transaction() as conn:
            key = save_state(store, state)
            report.state_key = key
            read = store.conn.cursor()
            read.execute(
                "SELECT p.document_id, p.page, p.text, d.city_code, mp.text_sha, mp.state_key, mp.segmenter "
                "FROM pages p JOIN documents d ON d.id = p.document_id "
                "LEFT JOIN match_pages mp ON mp.document_id = p.document_id AND mp.page = p.page AND mp.mode = ? "
                f"WHERE {COUNTED} ORDER BY p.document_id, p.page", (mode,))
            now = utcnow()
            for doc_id, page, text, city, old_sha, old_key, old_seg in read:
                done = report.chars
                sha = hashlib.sha1(text.encode("utf-8")).hexdigest()
                report.pages += 1
                report.chars += len(text)
                redo = full or old_sha != sha or old_seg != seg_label or old_key is None
                if not redo and old_key != key:
                    probe = changed_probe(old_key)
                    redo = probe is None or probe(text)
                if redo:
                    found = matcher().hits(text, on_piece=lambda n, d=done: tell(what, d + n, total_chars))
                    conn.execute("DELETE FROM hits WHERE document_id=? AND page=? AND mode=?", (doc_id, page, mode))
                    conn.executemany(
                        "INSERT INTO hits (city_code, document_id, page, offset, length, surface, term, category,"
                        " lexicon_version, mode) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        [(city, doc_id, page, h.offset, len(h.surface), h.surface, h.term, h.category,
                          state.versions[h.category], mode) for h in found])
                    report.matched += 1
                    report.hits += len(found)
                else:
                    report.reused += 1
                if redo or old_key != key:
                    conn.execute(
                        "INSERT OR REPLACE INTO match_pages (document_id, page, mode, text_sha, chars, state_key,"
                        " segmenter, matched_at) VALUES (?,?,?,?,?,?,?,?)",
                        (doc_id, page, mode, sha, len(text), key, seg_label, now))
                tell(what, report.chars, total_chars)
            _relabel(store, state, mode)
            report.removed_pages = _drop_stale(store, mode)
            store.finish_run(run_id, "ok", report.__dict__)
    except BaseException:
        store.finish_run(run_id, "failed", {"mode": mode})
        raise
    return report


def _relabel(store: Store, state: LexiconState, mode: str) -> None:
    """Bring term, category and lexicon version of kept hits in line with the current mapping."""
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS cur_map (surface TEXT PRIMARY KEY, term TEXT, category TEXT,"
                 " version TEXT)")
    conn.execute("DELETE FROM cur_map")
    conn.executemany("INSERT INTO cur_map VALUES (?,?,?,?)",
                     [(s, t, c, state.versions[c]) for s, (t, c) in state.mapping.items()])
    conn.execute(
        "UPDATE hits SET term = m.term, category = m.category, lexicon_version = m.version FROM cur_map m "
        "WHERE hits.surface = m.surface AND hits.mode = ? AND (hits.term <> m.term OR hits.category <> m.category"
        " OR hits.lexicon_version <> m.version)", (mode,))
    conn.execute("DELETE FROM cur_map")


def _drop_stale(store: Store, mode: str) -> int:
    """Forget pages that are no longer counted: gone (document re-parsed with fewer pages, or no
    longer a plan) or no longer body pages (re-parsed and found to be contents or a cover)."""
    conn = store.conn
    gone = f"NOT EXISTS (SELECT 1 FROM pages p JOIN documents d ON d.id = p.document_id WHERE {COUNTED} " \
           "AND p.document_id = {t}.document_id AND p.page = {t}.page)"
    conn.execute(f"DELETE FROM hits WHERE mode=? AND {gone.format(t='hits')}", (mode,))
    cur = conn.execute(f"DELETE FROM match_pages WHERE mode=? AND {gone.format(t='match_pages')}", (mode,))
    return cur.rowcount
