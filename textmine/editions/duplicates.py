"""Near-identical texts anywhere in the store (any city, any kind): what `ingest` warns about and
`status` lists. A copy of one outline is harmless for the counts (one document is counted per city and
period), but the same text under two cities, or as a plan and as a policy document, is almost always a
mistake in the ingest command.

Candidates are found through the sketches' smallest hashes (two texts with Jaccard ≥ 0.9 share their
smallest shingle hash with probability ≥ 0.9, and one of their 16 smallest almost surely), then
measured with `similarity`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..registry import load_registry
from ..store import Store
from ..store import editions as store_editions
from .corpus import stored_fingerprints
from .fingerprints import similarity
from ..edition_rules import EditionRules, load_rules

PROBES = 16


@dataclass(frozen=True)
class NearDuplicate:
    document_id: int
    other_id: int
    jaccard: float
    message: str


def near_duplicates(store: Store, ids: list[int] | None = None, rules: EditionRules | None = None
                    ) -> list[NearDuplicate]:
    """Pairs of parsed documents whose texts have Jaccard ≥ `near_identical` (corpora/editions.toml); with
    `ids`, only pairs that involve one of them (each pair once, the newer document first)."""
    rules = rules or load_rules()
    docs = store_editions.document_labels(store.conn)
    fps = stored_fingerprints(store, list(docs))
    index: dict[int, list[int]] = defaultdict(list)
    for doc_id, (fp, _) in fps.items():
        for h in fp.sketch[:PROBES]:
            index[h].append(doc_id)
    wanted = set(ids) if ids is not None else None
    pairs = set()
    for members in index.values():
        for a in members:
            for b in members:
                if a < b and (wanted is None or a in wanted or b in wanted):
                    pairs.add((a, b))
    reg = load_registry()
    out = []
    for a, b in sorted(pairs):
        sim = similarity(fps[a][0], fps[b][0])
        if sim.jaccard < rules.near_identical:
            continue
        new, old = (b, a) if wanted is None or b in wanted else (a, b)
        out.append(NearDuplicate(new, old, round(sim.jaccard, 3), _message(docs[new], docs[old], sim.jaccard, reg)))
    return out


def _message(new, old, jaccard: float, reg) -> str:
    name = lambda d: reg.by_code(d["city_code"]).name  # noqa: E731
    what = f"#{new['id']} ({name(new)} {new['kind']}) has the same text as #{old['id']} ({name(old)} {old['kind']} " \
           f"“{old['title'] or old['source']}”; Jaccard {jaccard:.2f})"
    if new["city_code"] != old["city_code"]:
        return what + (": two cities cannot share a text — is the city of one of them wrong? (`textmine documents set "
                       "ID --city CITY` corrects it, `textmine documents remove ID --why …` removes one)")
    if new["kind"] != old["kind"]:
        return what + ": one text recorded as two kinds — is the kind of one of them wrong?"
    return what + ": copies of one document are counted once (the most complete), see `textmine documents list`"


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents linked by near-identical texts (each pair above `near_identical`): one warning for all of them,
    not one per pair (30 copies are 435 pairs)."""
    ids: tuple[int, ...]
    jaccard: float                 # the lowest Jaccard of the pairs that link them
    message: str


SHOWN = 6          # documents named in a group's message


def duplicate_groups(store: Store, pairs: list[NearDuplicate]) -> list[DuplicateGroup]:
    """The pairs joined into groups (connected documents), each with one message; a group of two keeps the
    pair's message."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for p in pairs:
        parent[find(p.document_id)] = find(p.other_id)
    members: dict[int, list[NearDuplicate]] = defaultdict(list)
    for p in pairs:
        members[find(p.document_id)].append(p)
    ids_all = sorted({i for p in pairs for i in (p.document_id, p.other_id)})
    docs = store_editions.document_labels(store.conn, ids_all)
    reg = load_registry()
    out = []
    for group in members.values():
        ids = tuple(sorted({i for p in group for i in (p.document_id, p.other_id)}))
        low = min(p.jaccard for p in group)
        if len(ids) == 2:
            out.append(DuplicateGroup(ids, low, group[0].message))
            continue
        cities = sorted({reg.by_code(docs[i]["city_code"]).name for i in ids if i in docs})
        kinds = sorted({docs[i]["kind"] for i in ids if i in docs})
        first = docs.get(ids[0])
        named = ", ".join(f"#{i} ({reg.by_code(docs[i]['city_code']).name} {docs[i]['kind']})" for i in ids[:SHOWN]
                          if i in docs) + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")
        what = (f"{len(ids)} documents have the same text (Jaccard ≥ {low:.2f}): {named}; the text of “"
                f"{(first['title'] or first['source']) if first else ''}”")
        said = []
        if len(cities) > 1:
            said.append(f"{len(cities)} cities ({', '.join(cities[:SHOWN])}{' …' if len(cities) > SHOWN else ''}) "
                        "cannot share a text — is the city of some of them wrong? (`textmine documents set ID --city "
                        "CITY` corrects one, `textmine documents remove ID --why …` removes one)")
        if len(kinds) > 1:
            n = "two" if len(kinds) == 2 else str(len(kinds))
            said.append(f"one text recorded as {n} kinds ({', '.join(kinds)}) — is the kind of some wrong?")
        pairs_alike = len({(docs[i]["city_code"], docs[i]["kind"]) for i in ids if i in docs}) < len(ids)
        if pairs_alike or not said:
            said.append("copies of one document are counted once (the most complete), see `textmine documents list`")
        what += ": " + "; ".join(said)
        out.append(DuplicateGroup(ids, low, what))
    return sorted(out, key=lambda g: g.ids)
