"""What the corpus holds (``textmine status``)."""
from __future__ import annotations

from dataclasses import dataclass

from .registry import load_registry
from .resources import data_root
from .store import Store
from .store import documents as store_documents


@dataclass
class CorpusStatus:
    home: str
    data_root: str              # where lexicons/, corpora/ and scoring/ are read from, and what chose it
    schema_version: int
    per_city: list[dict]        # city, code, kind, documents, bytes
    failures: list[dict]        # stage, city, source, reason, at
    totals: dict
    editions: list[dict]        # per plan period: outlines counted, drafts counted, copies, conflicts, …
    near_duplicates: list[dict]  # pairs of documents with near-identical text (any city, any kind)
    duplicate_groups: list[dict] = None  # the same, joined into groups of documents (one message each)


def corpus_status(store: Store) -> CorpusStatus:
    reg = load_registry()
    rows = store_documents.counts_per_city_kind(store.conn)
    per_city = [{"city": reg.by_code(r["city_code"]).name, "code": r["city_code"], "kind": r["kind"],
                 "documents": r["n"], "bytes": r["bytes"]} for r in rows]
    failures = []
    for f in store.open_failures():
        name = reg.by_code(f["city_code"]).name if f["city_code"] else ""
        failures.append({"stage": f["stage"], "city": name, "document_id": f["document_id"],
                         "source": f["source"] or "", "reason": f["reason"], "at": f["at"]})
    totals = {
        "documents": sum(r["documents"] for r in per_city),
        "cities": len({r["code"] for r in per_city}),
        "bytes": sum(r["bytes"] or 0 for r in per_city),
        "open_failures": len(failures),
    }
    from .editions import near_duplicates  # start-up: 24 more modules than `textmine --help` needs
    from .editions.duplicates import duplicate_groups  # start-up: 24 more modules than `textmine --help` needs

    pairs = near_duplicates(store)
    dups = [{"document": d.document_id, "other": d.other_id, "jaccard": d.jaccard, "message": d.message}
            for d in pairs]
    groups = [{"documents": " ".join(f"#{i}" for i in g.ids), "jaccard": g.jaccard, "message": g.message}
              for g in duplicate_groups(store, pairs)]
    totals["near_identical_pairs"] = len(dups)
    return CorpusStatus(str(store.home), str(data_root()), store.schema_version, per_city, failures, totals,
                        edition_summary(store), dups, groups)


def edition_summary(store: Store) -> list[dict]:
    """Per plan period: how many cities have an outline counted (and how many of those are drafts), and
    how many plan documents are not counted and why. Plan documents without a period come last."""
    from collections import Counter

    # start-up: 28 more modules than `textmine --help` needs
    from .editions import load_rules, refresh_editions, select_outlines

    rules = load_rules()
    refresh_editions(store, rules)
    out = []
    for period in rules.period_names:
        sel = select_outlines(store, period, rules)
        if not sel.decisions:
            continue
        st = Counter(d.status for d in sel.decisions)
        counted = sel.counted
        out.append({"period": period, "cities_counted": len(counted),
                    "drafts_counted": sum(d.draft for d in counted.values()),
                    "copies": st.get("copy", 0), "conflicts": st.get("conflict", 0),
                    "superseded_drafts": st.get("superseded draft", 0), "not_outlines": st.get("not an outline", 0),
                    "not_the_citys": st.get("not the city's", 0), "not_parsed": st.get("not parsed", 0),
                    "to_review": len(sel.unreviewed)})
    none = store_documents.plans_without_period(store.conn)
    if none:
        out.append({"period": "(none)", "cities_counted": 0, "drafts_counted": 0, "copies": 0, "conflicts": 0,
                    "superseded_drafts": 0, "not_outlines": none, "not_the_citys": 0, "not_parsed": 0,
                    "to_review": 0})
    return out
