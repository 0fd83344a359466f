"""Hits as a population to validate: stable hit ids, the stratified sample a person labels, label files.

What identifies a hit (`hit_id`): the document's content (first 16 hex digits of its SHA-256), the page,
the character offset in the page text and the surface found, written `3f2a9c1b7d40e815:1:10234:市场化`.
All four survive a recount, a lexicon edit elsewhere, a re-ingest of the same bytes and a new data home,
so a label made once is found again. The mode is not part of it: token and substring mode finding the
same surface at the same place find the same occurrence, and its meaning does not depend on the mode.
A hit id changes when the document's bytes or its parse change (the offset moves): such labels are
reported as no longer matching, never silently reused.

Two sampling designs, both ranking hits by SHA-256(seed, hit_id) and taking the first ones — a uniform
random sample without replacement whose members keep their rank when other hits come or go (after a
lexicon edit the same seed draws the earlier hits that still count, plus new ones only where needed, and
their labels are reused):
- `hits` (the default, what a category's precision rests on): up to `per_category` hits drawn uniformly
  from all the hits of each category, so a term is drawn in proportion to its hits and the share of correct
  hits in the sample estimates the category's hit-weighted precision directly;
- `terms`: up to `per_term` hits of every term (rare terms as many as frequent ones): per-term figures and a
  stratified category estimate (precision.py), for finding the weak terms.
Each row records its design: `design`, `seed`, `stratum_hits` (the hits of the category, or of the term, it
was drawn from), `texts` (how many documents the scope held and a key of their SHA-256s) and, per hit,
`lexicon_version`.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import TextmineError
from ..lexicon import check_category
from ..lexicon.categories import rank
from ..registry import load_registry
from ..store import Store
from ..store import documents as store_documents
from ..store import hits as store_hits
from .context import with_context
from .scope import check_mode as _check_mode
from .runner import count_corpus
from ..atomic import write_bytes
from ..datacsv import table_of_text

#: Document kinds whose hits can be sampled: the counted plan outlines of a period, or policy documents.
SCOPES = ("plan", "policy")
DESIGNS = ("hits", "terms")
SAMPLE_COLUMNS = ["hit_id", "category", "term", "surface", "city", "code", "left", "hit", "right", "document_id",
                  "document", "page", "offset", "kind", "period", "mode", "lexicon_version", "term_hits", "design",
                  "seed", "stratum_hits", "texts", "label", "note"]
#: hits drawn per category by default (the hit-uniform design)
PER_CATEGORY = 100


def hit_id(sha256: str, page: int, offset: int, surface: str) -> str:
    return f"{sha256[:16]}:{page}:{offset}:{surface}"


@dataclass(frozen=True)
class Scope:
    """Which hits form the population: `kind` plan = the one outline counted per city in `period`;
    `kind` policy = every policy document. In one mode."""

    kind: str
    period: str | None
    mode: str

    def describe(self) -> str:
        what = f"the {self.period} outlines counted (one per city)" if self.kind == "plan" else "all policy documents"
        return f"{what}, {self.mode} mode"


def make_scope(store: Store, kind: str = "plan", period: str | None = None, mode: str | None = None) -> Scope:
    if kind not in SCOPES:
        raise TextmineError(f"unknown document kind {kind!r} to sample from; choose {' or '.join(SCOPES)}")
    if kind == "plan":
        from .indicators import default_period  # start-up: pandas, numpy, dateutil

        return Scope(kind, default_period(period), _check_mode(mode))
    if period:
        raise TextmineError("a period applies to plan outlines only; policy documents are taken whole")
    return Scope(kind, None, _check_mode(mode))


def scope_documents(store: Store, scope: Scope) -> list[int]:
    if scope.kind == "plan":
        from .indicators import counted_documents  # start-up: pandas, numpy, dateutil

        _, sel = counted_documents(store, scope.period)
        return sorted(d.document_id for d in sel.counted.values())
    return store_documents.document_ids(store.conn, "policy")


def population(store: Store, scope: Scope, category: str | None = None, width: int = 30) -> list[dict]:
    """Every hit of the scope (stored by `count_corpus`), with its hit id, city, document, page and context."""
    if category:
        category = check_category(category)
    docs = scope_documents(store, scope)
    if not docs:
        raise TextmineError(f"no documents in the scope ({scope.describe()}): nothing to sample")
    reg = load_registry()
    out = []
    rows = store_hits.scope_hits(store.conn, docs, scope.mode, category)
    for r, left, _, right in with_context(store, rows, width):
        out.append({"hit_id": hit_id(r["sha256"], r["page"], r["offset"], r["surface"]), "category": r["category"],
                    "term": r["term"], "surface": r["surface"], "city": reg.by_code(r["city_code"]).name,
                    "code": r["city_code"], "left": left, "hit": r["surface"],
                    "right": right, "document_id": r["document_id"],
                    "document": r["title"], "page": r["page"], "offset": r["offset"], "kind": r["kind"],
                    "period": scope.period or "", "mode": scope.mode, "lexicon_version": r["lexicon_version"],
                    "sha256": r["sha256"]})
    return out


def _rank(seed: int, hid: str) -> str:
    return hashlib.sha256(f"{seed}|{hid}".encode("utf-8")).hexdigest()


def texts_key(store: Store, scope: Scope) -> str:
    """'7 documents, key 3fa2c1d0e9b8': how many texts the scope holds and a key of their SHA-256s (the same
    texts give the same key in any data home)."""
    docs = scope_documents(store, scope)
    shas = sorted(store_documents.hashes(store.conn, docs))
    return f"{len(shas)} documents, key {hashlib.sha256(chr(10).join(shas).encode()).hexdigest()[:12]}"


def sample_hits(store: Store, *, kind: str = "plan", period: str | None = None, mode: str | None = None,
                category: str | None = None, terms: list[str] | None = None, per_category: int | None = None,
                per_term: int | None = None, seed: int = 1, width: int = 30,
                labels: dict[str, "Label"] | None = None, lexicon_dir=None) -> tuple[list[dict], dict]:
    """A random sample of the scope's hits with an empty `label` column (filled from `labels` where a hit was
    labelled before): up to `per_category` hits drawn uniformly from each category's hits (design `hits`, the
    default, 100 per category), or, with `per_term`, up to `per_term` per (category, term) (design `terms`).
    `terms` (canonical) limits the population to those terms. Counts are brought up to date first
    (incremental). Returns (rows, summary)."""
    if per_term is not None and per_category is not None:
        raise TextmineError("give per_category (hits drawn uniformly from each category) or per_term (hits drawn "
                            "from each term), not both")
    design = "terms" if per_term is not None else "hits"
    size = per_term if design == "terms" else (PER_CATEGORY if per_category is None else per_category)
    if size < 1:
        raise TextmineError(f"{'per_term' if design == 'terms' else 'per_category'} must be at least 1 (got {size})")
    scope = make_scope(store, kind, period, mode)
    count_corpus(store, scope.mode, lexicon_dir=lexicon_dir)
    pop = population(store, scope, category, width)
    unknown = sorted(set(terms or ()) - {h["term"] for h in pop})
    if unknown:
        raise TextmineError(f"no hits of {', '.join(unknown)} in {scope.describe()} (give canonical terms, as "
                            "`textmine audit` lists them)")
    if terms:
        pop = [h for h in pop if h["term"] in terms]
    term_hits = Counter((h["category"], h["term"]) for h in pop)
    strata: dict[tuple, list[dict]] = {}
    for h in pop:
        key = (h["category"], h["term"]) if design == "terms" else (h["category"],)
        strata.setdefault(key, []).append(h)
    first = rank(lexicon_dir)
    texts = texts_key(store, scope)
    label = design if not terms else f"{design} of {len(set(terms))} term(s)"
    rows, reused = [], 0
    for key, hits in sorted(strata.items(), key=lambda kv: (first(kv[0][0]), kv[0][1:])):
        chosen = sorted(hits, key=lambda h: _rank(seed, h["hit_id"]))[:size]
        # listed in reading order (document, page, offset): the draw is the set, not its order
        for h in sorted(chosen, key=lambda h: (h["document_id"], h["page"], h["offset"])):
            row = {k: h[k] for k in SAMPLE_COLUMNS if k in h}
            row.update(term_hits=term_hits[(h["category"], h["term"])], design=label, seed=seed,
                       stratum_hits=len(hits), texts=texts)
            old = (labels or {}).get(h["hit_id"])
            row["label"] = "" if old is None or old.value is None else old.value
            row["note"] = "" if old is None else old.note
            reused += old is not None and old.value is not None
            rows.append(row)
    summary = {"scope": scope.describe(), "population": len(pop), "texts": texts, "design": design,
               "terms": len({(r["category"], r["term"]) for r in rows}), "sampled": len(rows),
               "categories": len({r["category"] for r in rows}), "labels_reused": reused, "seed": seed,
               "per_term": per_term, "per_category": size if design == "hits" else None}
    return rows, summary


def write_sample(rows: list[dict], path: str | Path) -> Path:
    """The sample as CSV (UTF-8 with BOM, so Excel opens it as Chinese) or XLSX, by the file's extension."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "sample"
        ws.append(SAMPLE_COLUMNS)
        for r in rows:
            ws.append([r.get(c) for c in SAMPLE_COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        write_bytes(path, buf.getvalue())
    elif path.suffix.lower() == ".csv":
        write_bytes(path, ("\ufeff" + rows_to_csv(rows)).encode("utf-8"))
    else:
        raise TextmineError(f"{path}: write the sample as .csv or .xlsx")
    return path


def rows_to_csv(rows: list[dict], columns: list[str] = SAMPLE_COLUMNS) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


@dataclass(frozen=True)
class Label:
    hit_id: str
    value: int | None          # 1 the hit means what the category means, 0 it does not, None not labelled yet
    category: str
    term: str
    lexicon_version: str
    where: str                 # file:row, for messages
    note: str = ""
    context: str = ""          # left + hit + right as the labeller read it
    kind: str = "plan"         # the scope the hit was sampled from
    period: str | None = None
    mode: str = "token"
    design: str = ""           # hits | terms | "… of N term(s)" (labels.DESIGNS); empty in files made before
    seed: str = ""


def read_labels(paths: list[str | Path]) -> dict[str, Label]:
    """Labels by hit id from one or more label files (CSV or XLSX with at least hit_id and label). A label
    other than 1, 0 or empty is an error naming file and row; the same hit labelled differently in two
    places is an error naming both."""
    out: dict[str, Label] = {}
    errors: list[str] = []
    for path in map(Path, paths):
        for n, row in _read_rows(path):
            hid = str(row.get("hit_id") or "").strip()
            if not hid:
                continue
            raw = str(row.get("label") if row.get("label") is not None else "").strip()
            value = {"1": 1, "0": 0, "1.0": 1, "0.0": 0, "": None}.get(raw, "bad")
            where = f"{path}:{n}"
            if value == "bad":
                errors.append(f"{where}: label {raw!r} for {hid}; write 1 (the hit means what the category means), "
                              "0 (it does not) or leave it empty")
                continue
            lab = Label(hid, value, str(row.get("category") or ""), str(row.get("term") or ""),
                        str(row.get("lexicon_version") or ""), where, str(row.get("note") or ""),
                        f"{row.get('left') or ''}【{row.get('hit') or ''}】{row.get('right') or ''}",
                        str(row.get("kind") or "plan"), str(row.get("period") or "") or None,
                        str(row.get("mode") or "token"), str(row.get("design") or ""), str(row.get("seed") or ""))
            old = out.get(hid)
            if old is not None and old.value is not None and value is not None and old.value != value:
                errors.append(f"{where}: {hid} is labelled {value} here but {old.value} at {old.where}")
                continue
            if old is None or old.value is None:
                out[hid] = lab
    if errors:
        raise TextmineError(f"{len(errors)} problem(s) in the label file(s): " + "; ".join(errors[:10])
                            + ("; …" if len(errors) > 10 else ""))
    return out


def _read_rows(path: Path):
    if not path.is_file():
        raise TextmineError(f"label file {path} does not exist")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(it, [])]
        _need(header, path)
        for n, vals in enumerate(it, start=2):
            yield n, dict(zip(header, ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer()
                                                             else str(v)) for v in vals]))
        return
    from ..encoding import decode_bytes  # start-up: 1 more module than `textmine --help` needs

    text, _, _ = decode_bytes(path.read_bytes(), html=False)
    table = table_of_text(path, text.lstrip("\ufeff"))
    _need(table.header, path)
    yield from table.rows


def _need(header: list[str], path: Path) -> None:
    missing = [c for c in ("hit_id", "label") if c not in header]
    if missing:
        raise TextmineError(f"{path}: no column {', '.join(missing)}; a label file is a sample written by "
                            "`textmine audit sample` with its label column filled in (1 or 0)")
