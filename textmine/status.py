"""What the corpus holds (``textmine status``)."""
from __future__ import annotations

from dataclasses import dataclass

from .registry import load_registry
from .store import Store


@dataclass
class CorpusStatus:
    home: str
    schema_version: int
    per_city: list[dict]        # city, code, kind, documents, bytes
    failures: list[dict]        # stage, city, source, reason, at
    totals: dict


def corpus_status(store: Store) -> CorpusStatus:
    reg = load_registry()
    rows = store.conn.execute(
        "SELECT city_code, kind, COUNT(*) AS n, SUM(size) AS bytes FROM documents GROUP BY city_code, kind "
        "ORDER BY city_code, kind"
    ).fetchall()
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
    return CorpusStatus(str(store.home), store.schema_version, per_city, failures, totals)
