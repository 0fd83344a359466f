"""Lexicon states: the variant → (term, category) mapping counts are made with, and the contexts excluded
for each variant, stored by content hash."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..lexicon import COUNT_CATEGORIES, Lexicon, LexiconError, load_lexicons
from ..store import Store, utcnow


@dataclass(frozen=True)
class LexiconState:
    mapping: dict[str, tuple[str, str]]   # variant → (canonical term, category)
    versions: dict[str, str]              # category → "version+hash"
    exclusions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # variant → contexts not counted

    @property
    def key(self) -> str:
        h = hashlib.sha256()
        for s in sorted(self.mapping):
            t, c = self.mapping[s]
            h.update(f"{s}\t{t}\t{c}\n".encode("utf-8"))
            if self.exclusions.get(s):
                h.update(("\t" + "\t".join(sorted(self.exclusions[s])) + "\n").encode("utf-8"))
        h.update(json.dumps(self.versions, sort_keys=True).encode())
        return h.hexdigest()[:16]

    def exclusion_pairs(self) -> set[tuple[str, str]]:
        return {(v, c) for v, cs in self.exclusions.items() for c in cs}


def state_from_lexicons(lexicons: dict[str, Lexicon]) -> LexiconState:
    """Build the mapping; a variant listed twice (in one or two categories) is an error naming both places."""
    mapping: dict[str, tuple[str, str]] = {}
    exclusions: dict[str, tuple[str, ...]] = {}
    where: dict[str, str] = {}
    for cat in COUNT_CATEGORIES:
        if cat not in lexicons:
            continue
        lex = lexicons[cat]
        for e in lex.entries:
            for v in e.variants:
                here = f"{lex.path}:{e.line}"
                if v in mapping:
                    raise LexiconError(f"{here}: {v!r} is already listed at {where[v]}; a variant may appear once "
                                       "across all lexicons (see `textmine lexicon check`)")
                mapping[v] = (e.term, cat)
                where[v] = here
            exclusions.update(e.excluded_contexts())
    return LexiconState(mapping, {c: lexicons[c].version_label for c in COUNT_CATEGORIES if c in lexicons},
                        exclusions)


def current_state(lexicon_dir=None) -> LexiconState:
    return state_from_lexicons(load_lexicons(lexicon_dir))


def save_state(store: Store, state: LexiconState) -> str:
    key = state.key
    store.conn.execute(
        "INSERT OR IGNORE INTO lexicon_states (key, versions, surfaces, created_at) VALUES (?,?,?,?)",
        (key, json.dumps(state.versions, ensure_ascii=False),
         # [term, category] or, with excluded contexts, [term, category, [context, …]]
         json.dumps({s: list(v) + ([list(state.exclusions[s])] if state.exclusions.get(s) else [])
                     for s, v in state.mapping.items()}, ensure_ascii=False), utcnow()),
    )
    return key


def load_state(store: Store, key: str) -> LexiconState | None:
    row = store.conn.execute("SELECT versions, surfaces FROM lexicon_states WHERE key=?", (key,)).fetchone()
    if row is None:
        return None
    surfaces = json.loads(row["surfaces"])
    return LexiconState({s: (v[0], v[1]) for s, v in surfaces.items()}, json.loads(row["versions"]),
                        {s: tuple(v[2]) for s, v in surfaces.items() if len(v) > 2})
