"""Lexicon states: the variant → (term, category) mapping counts are made with, and the contexts excluded
for each variant, stored by content hash."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from ..lexicon import Lexicon, LexiconError, load_lexicons, plan_categories
from ..store import Store, utcnow
from ..store import hits as store_hits
from ..lexicon.categories import order
from ..errors import TextmineError


@dataclass(frozen=True)
class LexiconState:
    mapping: dict[str, tuple[str, str]]   # variant → (canonical term, category)
    versions: dict[str, str]              # category → "version+hash"
    exclusions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # variant → contexts not counted
    quoted: frozenset = frozenset()       # variants counted only between quotation marks (“两山”)

    @property
    def key(self) -> str:
        h = hashlib.sha256()
        for s in sorted(self.mapping):
            t, c = self.mapping[s]
            h.update(f"{s}\t{t}\t{c}\n".encode("utf-8"))
            if self.exclusions.get(s):
                h.update(("\t" + "\t".join(sorted(self.exclusions[s])) + "\n").encode("utf-8"))
            if s in self.quoted:
                h.update(b"\tquoted\n")
        h.update(json.dumps(self.versions, sort_keys=True).encode())
        return h.hexdigest()[:16]

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories counted with this state, in report order."""
        return tuple(self.versions)

    def exclusion_pairs(self) -> set[tuple[str, str]]:
        return {(v, c) for v, cs in self.exclusions.items() for c in cs}


def case_forms(variant: str) -> list[str]:
    """A variant written with Latin letters in the other ways a document writes it (EOD: eod, Eod; GEP核算:
    gep核算), besides itself: texts are not consistent in case, and an abbreviation means the same in any."""
    if not any("A" <= ch <= "Z" or "a" <= ch <= "z" for ch in variant):
        return []
    out = []
    for f in (variant.lower(), variant.upper(), variant[:1].upper() + variant[1:].lower()):
        if f != variant and f not in out and len(f) == len(variant):
            out.append(f)
    return out


def with_case_forms(mapping: dict, exclusions: dict, quoted) -> tuple[dict, dict, frozenset]:
    """The mapping, exclusions and quoted variants with each Latin-lettered variant's `case_forms` added (a form
    another variant already is stays that one)."""
    m, ex, q = dict(mapping), dict(exclusions), set(quoted)
    for v, target in mapping.items():
        for f in case_forms(v):
            if f in m:
                continue
            m[f] = target
            fold = str.lower if f == v.lower() else str.upper if f == v.upper() else (lambda x: x)
            if v in exclusions:
                ex[f] = tuple(fold(c) if fold(c).count(f) else c for c in exclusions[v])
            if v in quoted:
                q.add(f)
    return m, ex, frozenset(q)


def state_from_lexicons(lexicons: dict[str, Lexicon]) -> LexiconState:
    """Build the mapping; a variant listed twice (in one or two categories) is an error naming both places.
    Variants with Latin letters also match in the other case (`case_forms`: EOD模式 and eod模式 alike)."""
    mapping: dict[str, tuple[str, str]] = {}
    exclusions: dict[str, tuple[str, ...]] = {}
    quoted: set[str] = set()
    where: dict[str, str] = {}
    for cat, lex in lexicons.items():
        for e in lex.entries:
            for v in e.variants:
                here = f"{lex.path}:{e.line}"
                if v in mapping:
                    raise LexiconError(f"{here}: {v!r} is already listed at {where[v]}; a variant may appear once "
                                       "across all lexicons (see `textmine lexicon check`)")
                mapping[v] = (e.term, cat)
                where[v] = here
            exclusions.update(e.excluded_contexts())
            quoted |= set(e.quoted)
    mapping, exclusions, quoted = with_case_forms(mapping, exclusions, quoted)
    return LexiconState(mapping, {c: lex.version_label for c, lex in lexicons.items()}, exclusions, quoted)


def current_state(lexicon_dir=None) -> LexiconState:
    return state_from_lexicons(load_lexicons(lexicon_dir))


def save_state(store: Store, state: LexiconState) -> str:
    key = state.key
    store_hits.save_lexicon_state(
        store.conn, key, json.dumps(state.versions, ensure_ascii=False),
         # [term, category], with excluded contexts [term, category, [context, …]], quoted-only
         # [term, category, [context, …], "quoted"]
         json.dumps({s: list(v) + ([list(state.exclusions.get(s, ()))] if state.exclusions.get(s) or s in state.quoted
                                   else []) + (["quoted"] if s in state.quoted else [])
                     for s, v in state.mapping.items()}, ensure_ascii=False), utcnow())
    return key


def load_state(store: Store, key: str) -> LexiconState | None:
    row = store_hits.lexicon_state(store.conn, key)
    if row is None:
        return None
    surfaces = json.loads(row["surfaces"])
    return LexiconState({s: (v[0], v[1]) for s, v in surfaces.items()}, json.loads(row["versions"]),
                        {s: tuple(v[2]) for s, v in surfaces.items() if len(v) > 2 and v[2]},
                        frozenset(s for s, v in surfaces.items() if len(v) > 3 and v[3] == "quoted"))


def stored_categories(store: Store, mode: str) -> tuple[str, ...]:
    """The categories the stored hits of `mode` were counted with (the lexicon states of the matched pages),
    in report order; the lexicon folder's plan categories when nothing is matched yet. What a count table
    shows is what was counted, even when the lexicon folder has changed since."""
    keys = store_hits.state_keys(store.conn, mode)
    cats: dict[str, None] = {}
    for k in keys:
        st = load_state(store, k)
        if st is not None:
            cats.update(dict.fromkeys(st.categories))
    if not cats:
        return plan_categories()

    return tuple(order(cats))


def counted_with(store: Store, document_ids, mode: str) -> LexiconState | None:
    """The one lexicon state the body pages of `document_ids` were matched with in `mode` (None when none is
    matched yet). Pages matched with two different states — counts of two lexicon versions side by side —
    are an error naming both: such counts must not be compared (`textmine count` recounts them)."""
    ids = sorted({int(i) for i in document_ids})
    if not ids:
        return None
    keys = store_hits.state_keys(store.conn, mode, ids)
    if len(keys) > 1:
        states = [load_state(store, k) for k in keys]
        raise TextmineError("these documents were counted with different lexicon versions ("
                            + "; ".join(version_text(s.versions) if s else k for k, s in zip(keys, states))
                            + "): their counts are not comparable; run `textmine count` to recount them with one")
    return load_state(store, keys[0]) if keys else None


def version_text(versions: dict[str, str]) -> str:
    """'theme 2026.3+1a2b3c4d, resource …': the lexicon versions a count was made with."""
    return ", ".join(f"{c} {v}" for c, v in versions.items())
