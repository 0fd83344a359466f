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
from .corpus import stored_fingerprints
from .fingerprints import similarity
from .rules import EditionRules, load_rules

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
    docs = {r["id"]: r for r in store.conn.execute("SELECT id, city_code, kind, title, source FROM documents")}
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
        return what + ": two cities cannot share a text — is the city of one of them wrong?"
    if new["kind"] != old["kind"]:
        return what + ": one text recorded as two kinds — is the kind of one of them wrong?"
    return what + ": copies of one document are counted once (the most complete), see `textmine documents list`"
